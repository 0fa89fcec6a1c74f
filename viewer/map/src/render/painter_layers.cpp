#include "render/painter.hpp"

#include "render/attributes.hpp"
#include "render/symbols.hpp"

#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <utility>

namespace xw::viewer::render {
namespace {

QPolygonF devicePolygon(const QTransform& t, const std::vector<core::PointM>& ring) {
    QPolygonF poly;
    poly.reserve(static_cast<qsizetype>(ring.size()));
    for (const auto& p : ring)
        poly << t.map(QPointF(p.x, p.y));
    return poly;
}

} // namespace

void Painter::drawLayers() {
    for (std::size_t li = 0; li < m_map.layers.size(); ++li) {
        const MapLayer& layer = m_map.layers[li];
        const LayerClasses& lc = m_classes[li];
        switch (layer.kind) {
        case LayerKind::Polygons:
            drawPolygons(layer, lc);
            break;
        case LayerKind::Lines:
            drawLines(layer, lc);
            break;
        case LayerKind::Points:
            drawPoints(layer, lc);
            break;
        case LayerKind::Grid:
            drawGrid(layer, lc);
            break;
        }
    }
}

void Painter::drawPolygons(const MapLayer& layer, const LayerClasses& lc) {
    const LayerStyle& st = layer.style;
    const QPen outline = st.stroke.widthPt > 0
                             ? [&] {
                                   QPen pen(qcolor(st.stroke.colour), pt(st.stroke.widthPt));
                                   pen.setJoinStyle(Qt::RoundJoin);
                                   if (st.stroke.dashed)
                                       pen.setDashPattern({4.0, 3.0});
                                   return pen;
                               }()
                             : QPen(Qt::NoPen);
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const MapFeature& f = layer.features[i];
        QPainterPath path;
        path.setFillRule(Qt::OddEvenFill);
        for (const auto& part : f.polygons)
            for (const auto& ring : part.rings) {
                path.addPolygon(devicePolygon(m_w2d, ring));
                path.closeSubpath();
            }
        const Rgba fill = colourOf(layer, lc, i);
        m_p.setBrush(fill.a > 0 ? QBrush(qcolor(fill, st.fillOpacity)) : QBrush(Qt::NoBrush));
        m_p.setPen(outline);
        m_p.drawPath(path);
    }
}

void Painter::drawLines(const MapLayer& layer, const LayerClasses& lc) {
    const LayerStyle& st = layer.style;
    // One path per colour: thousands of road segments in a few draw calls.
    std::map<std::uint32_t, QPainterPath> byColour;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const Rgba c = st.classes ? colourOf(layer, lc, i) : st.stroke.colour;
        const std::uint32_t key = (std::uint32_t{c.r} << 24) | (std::uint32_t{c.g} << 16) |
                                  (std::uint32_t{c.b} << 8) | c.a;
        QPainterPath& path = byColour[key];
        for (const auto& line : layer.features[i].lines) {
            if (line.size() < 2)
                continue;
            path.addPolygon(devicePolygon(m_w2d, line));
        }
    }
    m_p.setBrush(Qt::NoBrush);
    for (const auto& [key, path] : byColour) {
        const Rgba c{
            static_cast<std::uint8_t>(key >> 24), static_cast<std::uint8_t>((key >> 16) & 0xff),
            static_cast<std::uint8_t>((key >> 8) & 0xff), static_cast<std::uint8_t>(key & 0xff)};
        QPen pen(qcolor(c, st.fillOpacity), pt(std::max(st.stroke.widthPt, 0.1)));
        pen.setCapStyle(Qt::RoundCap);
        pen.setJoinStyle(Qt::RoundJoin);
        if (st.stroke.dashed)
            pen.setDashPattern({4.0, 3.0});
        m_p.setPen(pen);
        m_p.drawPath(path);
    }
}

void Painter::drawPoints(const MapLayer& layer, const LayerClasses& lc) {
    const LayerStyle& st = layer.style;
    const SymbolStyle& s = st.symbol;
    std::vector<std::size_t> order(layer.features.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<double> size(layer.features.size());
    for (std::size_t i = 0; i < size.size(); ++i)
        size[i] = symbolDiameterPt(s, layer.features[i]);
    // Large symbols first so that small ones stay visible on top.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return size[a] > size[b]; });
    const QPen pen(qcolor(s.outline), pt(std::max(st.stroke.widthPt, 0.3)));
    const QPen ring(qcolor(s.markColour), pt(1.3));
    for (std::size_t i : order) {
        const MapFeature& f = layer.features[i];
        const QPointF at = m_w2d.map(QPointF(f.point.x, f.point.y));
        const Rgba fill = st.classes ? colourOf(layer, lc, i) : st.fill;
        const double d = pt(size[i]);
        drawSymbol(m_p, shapeOf(s, f), at, d,
                   fill.a > 0 ? QBrush(qcolor(fill, st.fillOpacity)) : QBrush(Qt::NoBrush), pen);
        if (marked(s, f)) {
            m_p.setBrush(Qt::NoBrush);
            m_p.setPen(ring);
            m_p.drawEllipse(at, d / 2 + pt(1.6), d / 2 + pt(1.6));
        }
    }
}

void Painter::drawGrid(const MapLayer& layer, const LayerClasses& lc) {
    const LayerStyle& st = layer.style;
    const GridCells& g = layer.grid;
    if (g.centres.empty() || !(g.cellMeters > 0.0))
        return;
    // Lattice indices of the cells; one image pixel per cell.
    long minI = 0, maxI = 0, minJ = 0, maxJ = 0;
    std::vector<std::pair<long, long>> ij(g.centres.size());
    for (std::size_t k = 0; k < g.centres.size(); ++k) {
        const long i = std::lround(std::floor(g.centres[k].x / g.cellMeters));
        const long j = std::lround(std::floor(g.centres[k].y / g.cellMeters));
        ij[k] = {i, j};
        if (k == 0) {
            minI = maxI = i;
            minJ = maxJ = j;
        } else {
            minI = std::min(minI, i);
            maxI = std::max(maxI, i);
            minJ = std::min(minJ, j);
            maxJ = std::max(maxJ, j);
        }
    }
    const long cols = maxI - minI + 1, rows = maxJ - minJ + 1;
    if (cols * rows > 64L * 1024 * 1024)
        return; // a lattice this sparse is not a grid; the model must not send it
    QImage img(static_cast<int>(cols), static_cast<int>(rows), QImage::Format_ARGB32);
    img.fill(Qt::transparent);
    const std::size_t count = std::min(g.centres.size(), g.values.size());
    for (std::size_t k = 0; k < count; ++k) {
        const Rgba c = colourOf(layer, lc, k);
        if (c.a == 0)
            continue;
        const int x = static_cast<int>(ij[k].first - minI);
        const int y = static_cast<int>(maxJ - ij[k].second);
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        line[x] = qRgba(c.r, c.g, c.b, c.a);
    }
    const QRectF world(
        static_cast<double>(minI) * g.cellMeters, static_cast<double>(minJ) * g.cellMeters,
        static_cast<double>(cols) * g.cellMeters, static_cast<double>(rows) * g.cellMeters);
    const QRectF dev = m_w2d.mapRect(world);
    m_p.save();
    m_p.setOpacity(st.fillOpacity);
    m_p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    m_p.drawImage(dev, img);
    m_p.restore();
}

} // namespace xw::viewer::render
