#include <xw/viewer/map/map_renderer.hpp>

#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/map/fonts.hpp>

#include <QFontMetricsF>
#include <QPainterPath>
#include <QPdfWriter>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <system_error>

namespace xw::viewer {

namespace {

constexpr double kPi = 3.14159265358979323846;

QColor qcolor(Rgba c, double opacity = 1.0) {
    return QColor(c.r, c.g, c.b,
                  static_cast<int>(std::lround(c.a * std::clamp(opacity, 0.0, 1.0))));
}

QString qs(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const AttributeValue* attribute(const MapFeature& f, const std::string& key) {
    if (key.empty())
        return nullptr;
    const auto it = f.attributes.find(key);
    return it == f.attributes.end() ? nullptr : &it->second;
}

std::optional<double> number(const MapFeature& f, const std::string& key) {
    const AttributeValue* v = attribute(f, key);
    if (v == nullptr)
        return std::nullopt;
    if (const double* d = std::get_if<double>(v); d != nullptr && std::isfinite(*d))
        return *d;
    return std::nullopt;
}

std::string text(const AttributeValue* v) {
    if (v == nullptr)
        return {};
    if (const auto* s = std::get_if<std::string>(v))
        return *s;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", std::get<double>(*v));
    return buf;
}

// ---- symbols -------------------------------------------------------------------------------

/// The outline of a shape of diameter 1 centred on the origin (y down).
QPainterPath unitShape(SymbolShape shape) {
    QPainterPath path;
    auto regular = [&](int corners, double rotation, double radius) {
        QPolygonF poly;
        for (int i = 0; i < corners; ++i) {
            const double a = rotation + 2.0 * kPi * i / corners;
            poly << QPointF(radius * std::cos(a), radius * std::sin(a));
        }
        path.addPolygon(poly);
        path.closeSubpath();
    };
    switch (shape) {
    case SymbolShape::Circle:
        path.addEllipse(QPointF(0, 0), 0.5, 0.5);
        break;
    case SymbolShape::Square:
        path.addRect(QRectF(-0.44, -0.44, 0.88, 0.88));
        break;
    case SymbolShape::Triangle:
        regular(3, -kPi / 2, 0.6);
        break;
    case SymbolShape::Diamond:
        regular(4, -kPi / 2, 0.6);
        break;
    case SymbolShape::Hexagon:
        regular(6, 0.0, 0.54);
        break;
    case SymbolShape::Star: {
        QPolygonF poly;
        for (int i = 0; i < 10; ++i) {
            const double r = i % 2 == 0 ? 0.62 : 0.26;
            const double a = -kPi / 2 + kPi * i / 5;
            poly << QPointF(r * std::cos(a), r * std::sin(a));
        }
        path.addPolygon(poly);
        path.closeSubpath();
        break;
    }
    case SymbolShape::House: {
        QPolygonF poly;
        poly << QPointF(-0.45, 0.45) << QPointF(-0.45, -0.08) << QPointF(0.0, -0.5)
             << QPointF(0.45, -0.08) << QPointF(0.45, 0.45);
        path.addPolygon(poly);
        path.closeSubpath();
        break;
    }
    }
    return path;
}

void drawSymbol(QPainter& p, SymbolShape shape, QPointF at, double diameter, const QBrush& fill,
                const QPen& pen) {
    p.setBrush(fill);
    p.setPen(pen);
    if (shape == SymbolShape::Circle) {
        p.drawEllipse(at, diameter / 2, diameter / 2);
        return;
    }
    static const std::array<QPainterPath, 7> shapes = {
        unitShape(SymbolShape::Circle),   unitShape(SymbolShape::Square),
        unitShape(SymbolShape::Triangle), unitShape(SymbolShape::Diamond),
        unitShape(SymbolShape::Hexagon),  unitShape(SymbolShape::Star),
        unitShape(SymbolShape::House)};
    QTransform t;
    t.translate(at.x(), at.y());
    t.scale(diameter, diameter);
    p.drawPath(t.map(shapes[static_cast<std::size_t>(shape)]));
}

SymbolShape shapeOf(const SymbolStyle& s, const MapFeature& f) {
    if (s.shapeAttribute.empty())
        return s.shape;
    const std::string key = text(attribute(f, s.shapeAttribute));
    for (const auto& c : s.shapes)
        if (c.category == key)
            return c.shape;
    return s.shape;
}

double sizeForValuePt(const SymbolStyle& s, double v) {
    if (s.sizeValueAtMax <= 0.0)
        return s.sizeMinPt;
    return std::clamp(s.sizeMaxPt * std::sqrt(std::max(0.0, v) / s.sizeValueAtMax), s.sizeMinPt,
                      s.sizeMaxPt);
}

bool marked(const SymbolStyle& s, const MapFeature& f) {
    if (s.markAttribute.empty())
        return false;
    const auto v = number(f, s.markAttribute);
    return v && *v > 0.0;
}

// ---- classification of every feature ------------------------------------------------------

struct LayerClasses {
    std::vector<std::optional<std::size_t>> ofFeature; ///< per feature or grid cell
    std::vector<std::size_t> counts;                   ///< per class
    std::size_t noData = 0;
};

LayerClasses classify(const MapLayer& layer) {
    LayerClasses out;
    if (!layer.style.classes)
        return out;
    const Classification& c = *layer.style.classes;
    out.counts.assign(c.classes.size(), 0);
    auto tally = [&](std::optional<std::size_t> k) {
        if (k)
            ++out.counts[*k];
        else
            ++out.noData;
        out.ofFeature.push_back(k);
    };
    if (layer.kind == LayerKind::Grid) {
        out.ofFeature.reserve(layer.grid.values.size());
        for (double v : layer.grid.values)
            tally(classOf(c, v));
    } else {
        out.ofFeature.reserve(layer.features.size());
        for (const auto& f : layer.features)
            tally(classOf(c, attribute(f, c.attribute)));
    }
    return out;
}

Rgba colourOf(const MapLayer& layer, const LayerClasses& lc, std::size_t i) {
    if (!layer.style.classes)
        return layer.style.fill;
    const auto& k = lc.ofFeature[i];
    return k ? layer.style.classes->classes[*k].colour : layer.style.classes->noData;
}

// ---- legend ----------------------------------------------------------------------------------

enum class SwatchKind { Fill, Line, Symbol, Ring };

struct LegendLine {
    SwatchKind kind = SwatchKind::Fill;
    std::string label;
    Rgba colour;
    Stroke stroke;
    SymbolShape shape = SymbolShape::Circle;
    double symbolPt = 7.0;
    std::size_t count = 0;
};

struct LegendBlock {
    std::string layerId;
    std::string heading;
    std::vector<LegendLine> lines;
    std::string footnote;
};

std::vector<LegendBlock> legendBlocks(const MapDescription& map,
                                      const std::vector<LayerClasses>& classes) {
    std::vector<LegendBlock> blocks;
    for (std::size_t li = map.layers.size(); li-- > 0;) { // top layer first
        const MapLayer& layer = map.layers[li];
        if (!layer.inLegend)
            continue;
        const LayerClasses& lc = classes[li];
        LegendBlock b;
        b.layerId = layer.id;
        const bool hasClasses = layer.style.classes.has_value();
        b.heading = hasClasses && !layer.style.classes->title.empty() ? layer.style.classes->title
                                                                      : layer.title;
        const SwatchKind kind = layer.kind == LayerKind::Lines    ? SwatchKind::Line
                                : layer.kind == LayerKind::Points ? SwatchKind::Symbol
                                                                  : SwatchKind::Fill;
        const std::size_t n =
            layer.kind == LayerKind::Grid ? layer.grid.values.size() : layer.features.size();
        if (n == 0)
            continue;
        // Colour and size swatches of a point layer take its symbol's shape when all its
        // features share one.
        SymbolShape pointShape = layer.style.symbol.shape;
        if (layer.kind == LayerKind::Points && !layer.features.empty()) {
            pointShape = shapeOf(layer.style.symbol, layer.features.front());
            for (const auto& f : layer.features)
                if (shapeOf(layer.style.symbol, f) != pointShape) {
                    pointShape = SymbolShape::Circle;
                    break;
                }
        }
        if (hasClasses) {
            const auto& c = *layer.style.classes;
            for (std::size_t k = 0; k < c.classes.size(); ++k) {
                if (lc.counts[k] == 0)
                    continue; // the legend lists the classes shown, no more
                LegendLine line;
                line.kind = kind;
                line.label = c.classes[k].label;
                line.colour = c.classes[k].colour;
                line.stroke = layer.style.stroke;
                line.shape = pointShape;
                line.count = lc.counts[k];
                b.lines.push_back(line);
            }
            if (lc.noData > 0) {
                LegendLine line;
                line.kind = kind;
                line.label = c.noDataLabel;
                line.colour = c.noData;
                line.stroke = layer.style.stroke;
                line.shape = pointShape;
                line.count = lc.noData;
                b.lines.push_back(line);
            }
            b.footnote = c.method;
        } else {
            LegendLine line;
            line.kind = kind;
            line.label = layer.title;
            line.colour = layer.style.fill;
            line.stroke = layer.style.stroke;
            line.shape = pointShape;
            line.count = n;
            b.lines.push_back(line);
            b.heading.clear();
        }
        if (layer.kind == LayerKind::Points) {
            const SymbolStyle& s = layer.style.symbol;
            if (!s.shapeAttribute.empty()) {
                std::vector<std::size_t> shapeCounts(s.shapes.size(), 0);
                for (const auto& f : layer.features) {
                    const std::string key = text(attribute(f, s.shapeAttribute));
                    for (std::size_t k = 0; k < s.shapes.size(); ++k)
                        if (s.shapes[k].category == key)
                            ++shapeCounts[k];
                }
                for (std::size_t k = 0; k < s.shapes.size(); ++k) {
                    if (shapeCounts[k] == 0)
                        continue;
                    LegendLine line;
                    line.kind = SwatchKind::Symbol;
                    line.shape = s.shapes[k].shape;
                    line.label = s.shapes[k].label;
                    line.colour = {0, 0, 0, 0};
                    line.stroke = layer.style.stroke;
                    line.count = shapeCounts[k];
                    b.lines.push_back(line);
                }
            }
            if (!s.sizeAttribute.empty()) {
                for (double v : s.sizeLegendValues) {
                    LegendLine line;
                    line.kind = SwatchKind::Symbol;
                    line.shape = pointShape;
                    line.symbolPt = sizeForValuePt(s, v);
                    line.label =
                        formatNumber(v) +
                        (s.sizeLegendUnit.empty() ? std::string() : " " + s.sizeLegendUnit);
                    line.colour = {0, 0, 0, 0};
                    line.stroke = layer.style.stroke;
                    b.lines.push_back(line);
                }
            }
            if (!s.markAttribute.empty()) {
                std::size_t m = 0;
                for (const auto& f : layer.features)
                    m += marked(s, f) ? 1 : 0;
                if (m > 0) {
                    LegendLine line;
                    line.kind = SwatchKind::Ring;
                    line.label = s.markLabel;
                    line.colour = s.markColour;
                    line.count = m;
                    b.lines.push_back(line);
                }
            }
        }
        if (!b.lines.empty())
            blocks.push_back(std::move(b));
    }
    return blocks;
}

// ---- the painting context ------------------------------------------------------------------

struct Fonts {
    QFont title, subtitle, heading, entry, footnote, note, furniture;
};

class Painter {
public:
    Painter(QPainter& p, const MapDescription& map) : m_p(p), m_map(map) {
        const QPaintDevice* dev = p.device();
        m_pt = dev != nullptr ? dev->logicalDpiY() / 72.0 : 96.0 / 72.0;
        m_target = textTargetOf(p);
        m_fonts.title = textFont(m_target, 15.0, true);
        m_fonts.subtitle = textFont(m_target, 9.5);
        m_fonts.heading = textFont(m_target, 8.5, true);
        m_fonts.entry = textFont(m_target, 7.5);
        m_fonts.footnote = textFont(m_target, 6.5);
        m_fonts.note = textFont(m_target, 7.0);
        m_fonts.furniture = textFont(m_target, 7.5, true);
    }

    MapRenderResult run(const QRectF& target);

private:
    [[nodiscard]] double pt(double v) const { return v * m_pt; }
    [[nodiscard]] QFontMetricsF metrics(const QFont& f) const {
        return QFontMetricsF(f, m_p.device());
    }

    QSizeF legendBlockSize(const LegendBlock& b) const;
    void drawLegend(const std::vector<LegendBlock>& blocks, const QRectF& area, bool columns);
    void drawLayers();
    void drawLabels();
    void drawFurniture();
    void drawHalo(const QPointF& baseline, const QString& s, const QFont& font);

    QPainter& m_p;
    const MapDescription& m_map;
    double m_pt = 1.0;
    TextTarget m_target = TextTarget::Raster;
    Fonts m_fonts;
    std::vector<LayerClasses> m_classes;
    QTransform m_w2d;
    QRectF m_frame;
    std::vector<Box> m_obstacles;
    MapRenderResult m_result;
};

QSizeF Painter::legendBlockSize(const LegendBlock& b) const {
    const QFontMetricsF hm = metrics(m_fonts.heading);
    const QFontMetricsF em = metrics(m_fonts.entry);
    const QFontMetricsF fm = metrics(m_fonts.footnote);
    double w = 0.0, h = 0.0;
    if (!b.heading.empty()) {
        w = hm.horizontalAdvance(qs(b.heading));
        h += hm.height() + pt(2);
    }
    for (const auto& line : b.lines) {
        const double swatch = std::max(pt(14), pt(line.symbolPt) + pt(4));
        w = std::max(w, swatch + pt(4) + em.horizontalAdvance(qs(line.label)));
        h += std::max(em.height(), pt(line.symbolPt) + pt(1)) + pt(1.5);
    }
    if (!b.footnote.empty()) {
        w = std::max(w, fm.horizontalAdvance(qs(b.footnote)));
        h += fm.height() + pt(1);
    }
    return {w, h + pt(6)};
}

void Painter::drawLegend(const std::vector<LegendBlock>& blocks, const QRectF& area, bool columns) {
    const QFontMetricsF hm = metrics(m_fonts.heading);
    const QFontMetricsF em = metrics(m_fonts.entry);
    const QFontMetricsF fm = metrics(m_fonts.footnote);
    double x = area.left(), y = area.top();
    double columnWidth = 0.0;
    for (const auto& b : blocks) {
        const QSizeF size = legendBlockSize(b);
        if (y + size.height() > area.bottom() && y > area.top()) {
            // Next column (bottom legends flow left to right; a tall right legend too).
            x += columnWidth + pt(10);
            y = area.top();
            columnWidth = 0.0;
        }
        (void)columns;
        columnWidth = std::max(columnWidth, size.width());
        if (!b.heading.empty()) {
            m_p.setFont(m_fonts.heading);
            m_p.setPen(QColor(30, 30, 30));
            m_p.drawText(QPointF(x, y + hm.ascent()), qs(b.heading));
            y += hm.height() + pt(2);
        }
        for (const auto& line : b.lines) {
            const double rowH = std::max(em.height(), pt(line.symbolPt) + pt(1));
            const double swatchW = std::max(pt(14), pt(line.symbolPt) + pt(4));
            const QRectF cell(x, y, swatchW, rowH);
            QRectF swatch;
            switch (line.kind) {
            case SwatchKind::Fill: {
                swatch = QRectF(x, y + (rowH - pt(8)) / 2, pt(14), pt(8));
                m_p.setBrush(qcolor(line.colour));
                m_p.setPen(line.stroke.widthPt > 0
                               ? QPen(qcolor(line.stroke.colour), pt(line.stroke.widthPt))
                               : QPen(Qt::NoPen));
                m_p.drawRect(swatch);
                break;
            }
            case SwatchKind::Line: {
                swatch = QRectF(x, y + rowH / 2 - pt(2), pt(14), pt(4));
                QPen pen(qcolor(line.colour.a > 0 ? line.colour : line.stroke.colour),
                         pt(std::max(line.stroke.widthPt, 0.8)));
                if (line.stroke.dashed)
                    pen.setStyle(Qt::DashLine);
                m_p.setPen(pen);
                m_p.drawLine(QPointF(x, y + rowH / 2), QPointF(x + pt(14), y + rowH / 2));
                break;
            }
            case SwatchKind::Symbol: {
                const double d = pt(line.symbolPt);
                swatch = QRectF(cell.center().x() - d / 2, cell.center().y() - d / 2, d, d);
                const QBrush brush =
                    line.colour.a > 0 ? QBrush(qcolor(line.colour)) : QBrush(QColor(200, 200, 200));
                drawSymbol(m_p, line.shape, cell.center(), d, brush,
                           QPen(qcolor(line.stroke.colour), pt(0.5)));
                break;
            }
            case SwatchKind::Ring: {
                const double d = pt(9);
                swatch = QRectF(cell.center().x() - d / 2, cell.center().y() - d / 2, d, d);
                m_p.setBrush(Qt::NoBrush);
                m_p.setPen(QPen(qcolor(line.colour), pt(1.3)));
                m_p.drawEllipse(cell.center(), d / 2, d / 2);
                break;
            }
            }
            m_p.setFont(m_fonts.entry);
            m_p.setPen(QColor(30, 30, 30));
            m_p.drawText(QPointF(x + swatchW + pt(4), y + (rowH - em.height()) / 2 + em.ascent()),
                         qs(line.label));
            m_result.legend.push_back(
                {b.layerId, line.label,
                 line.kind == SwatchKind::Fill || line.kind == SwatchKind::Line
                     ? line.colour
                     : (line.kind == SwatchKind::Symbol && line.colour.a > 0 ? line.colour
                                                                             : Rgba{0, 0, 0, 0}),
                 swatch, line.count});
            y += rowH + pt(1.5);
        }
        if (!b.footnote.empty()) {
            m_p.setFont(m_fonts.footnote);
            m_p.setPen(QColor(90, 90, 90));
            m_p.drawText(QPointF(x, y + fm.ascent()), qs(b.footnote));
            y += fm.height() + pt(1);
        }
        y += pt(6);
    }
}

QPolygonF devicePolygon(const QTransform& t, const std::vector<core::PointM>& ring) {
    QPolygonF poly;
    poly.reserve(static_cast<qsizetype>(ring.size()));
    for (const auto& p : ring)
        poly << t.map(QPointF(p.x, p.y));
    return poly;
}

void Painter::drawLayers() {
    for (std::size_t li = 0; li < m_map.layers.size(); ++li) {
        const MapLayer& layer = m_map.layers[li];
        const LayerClasses& lc = m_classes[li];
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
        switch (layer.kind) {
        case LayerKind::Polygons: {
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
                m_p.setBrush(fill.a > 0 ? QBrush(qcolor(fill, st.fillOpacity))
                                        : QBrush(Qt::NoBrush));
                m_p.setPen(outline);
                m_p.drawPath(path);
            }
            break;
        }
        case LayerKind::Lines: {
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
                const Rgba c{static_cast<std::uint8_t>(key >> 24),
                             static_cast<std::uint8_t>((key >> 16) & 0xff),
                             static_cast<std::uint8_t>((key >> 8) & 0xff),
                             static_cast<std::uint8_t>(key & 0xff)};
                QPen pen(qcolor(c, st.fillOpacity), pt(std::max(st.stroke.widthPt, 0.1)));
                pen.setCapStyle(Qt::RoundCap);
                pen.setJoinStyle(Qt::RoundJoin);
                if (st.stroke.dashed)
                    pen.setDashPattern({4.0, 3.0});
                m_p.setPen(pen);
                m_p.drawPath(path);
            }
            break;
        }
        case LayerKind::Points: {
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
                           fill.a > 0 ? QBrush(qcolor(fill, st.fillOpacity)) : QBrush(Qt::NoBrush),
                           pen);
                if (marked(s, f)) {
                    m_p.setBrush(Qt::NoBrush);
                    m_p.setPen(ring);
                    m_p.drawEllipse(at, d / 2 + pt(1.6), d / 2 + pt(1.6));
                }
            }
            break;
        }
        case LayerKind::Grid: {
            const GridCells& g = layer.grid;
            if (g.centres.empty() || !(g.cellMeters > 0.0))
                break;
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
                break; // a lattice this sparse is not a grid; the model must not send it
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
            break;
        }
        }
    }
}

void Painter::drawHalo(const QPointF& baseline, const QString& s, const QFont& font) {
    if (m_target == TextTarget::Raster) {
        // Images: the text drawn in white at eight offsets of 1 pt. Glyphs come from Qt's glyph
        // cache, so this costs a few microseconds a label; stroking the text's outline (below)
        // cost three quarters of a full Yangjiang redraw (docs/performance.md).
        m_p.save();
        m_p.setFont(font);
        m_p.setPen(QColor(255, 255, 255, 230));
        const double r = pt(1.0);
        for (const QPointF d : {QPointF(-r, 0), QPointF(r, 0), QPointF(0, -r), QPointF(0, r),
                                QPointF(-0.7 * r, -0.7 * r), QPointF(0.7 * r, -0.7 * r),
                                QPointF(-0.7 * r, 0.7 * r), QPointF(0.7 * r, 0.7 * r)})
            m_p.drawText(baseline + d, s);
        m_p.restore();
        return;
    }
    // PDF: a stroked outline of the text (a shape, not text, so the PDF keeps one copy of each
    // label's text, which stays selectable and searchable); the text is drawn over it.
    // QPainterPath::addText sizes the font for the default screen resolution, not the
    // painter's device: scale it so the outline matches the text drawn on this device.
    QFont pathFont = font;
    const double deviceH = metrics(font).height();
    const double screenH = QFontMetricsF(font).height();
    if (screenH > 0)
        pathFont.setPointSizeF(font.pointSizeF() * deviceH / screenH);
    QPainterPath path;
    path.addText(baseline, pathFont, s);
    QPen halo(QColor(255, 255, 255, 220), pt(2.0));
    halo.setJoinStyle(Qt::RoundJoin);
    m_p.strokePath(path, halo);
}

void Painter::drawLabels() {
    struct Source {
        std::size_t layer;
        std::size_t feature;
        QString text;
        QFont font;
        double ascent;
    };
    std::vector<Source> sources;
    std::vector<LabelCandidate> candidates;
    for (std::size_t li = 0; li < m_map.layers.size(); ++li) {
        const MapLayer& layer = m_map.layers[li];
        if (layer.kind == LayerKind::Grid)
            continue;
        const QFont font = textFont(m_target, layer.style.labelSizePt, layer.style.labelBold);
        const QFontMetricsF fm = metrics(font);
        for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
            const MapFeature& f = layer.features[fi];
            if (f.label.empty())
                continue;
            const QString s = qs(f.label);
            const double w = fm.horizontalAdvance(s);
            const double h = fm.height();
            LabelCandidate c;
            c.priority = f.labelPriority;
            if (layer.kind == LayerKind::Points) {
                const QPointF at = m_w2d.map(QPointF(f.point.x, f.point.y));
                const double r = pt(symbolDiameterPt(layer.style.symbol, f)) / 2 + pt(2);
                c.positions = {
                    {at.x() + r, at.y() - h / 2, w, h},             // right
                    {at.x() - r - w, at.y() - h / 2, w, h},         // left
                    {at.x() - w / 2, at.y() - r - h, w, h},         // above
                    {at.x() - w / 2, at.y() + r, w, h},             // below
                    {at.x() + r * 0.7, at.y() - r * 0.7 - h, w, h}, // upper right
                    {at.x() + r * 0.7, at.y() + r * 0.7, w, h},     // lower right
                };
                // The labelled symbol itself is not to be covered by other labels.
                m_obstacles.push_back(
                    {at.x() - r + pt(2), at.y() - r + pt(2), 2 * r - pt(4), 2 * r - pt(4)});
            } else {
                core::PointM anchor;
                if (f.labelAnchor) {
                    anchor = *f.labelAnchor;
                } else {
                    Extent e;
                    MapDescription one;
                    one.layers.push_back({});
                    one.layers.back().kind = layer.kind;
                    one.layers.back().features.push_back(f);
                    e = layersExtent(one);
                    anchor = {(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2};
                }
                const QPointF at = m_w2d.map(QPointF(anchor.x, anchor.y));
                c.positions = {{at.x() - w / 2, at.y() - h / 2, w, h},
                               {at.x() - w / 2, at.y() - h * 1.3, w, h},
                               {at.x() - w / 2, at.y() + h * 0.3, w, h}};
            }
            candidates.push_back(std::move(c));
            sources.push_back({li, fi, s, font, fm.ascent()});
        }
    }
    const Box bounds{m_frame.x(), m_frame.y(), m_frame.width(), m_frame.height()};
    const auto placed = placeLabels(candidates, m_obstacles, bounds, pt(1.0));
    m_result.labelsDropped = candidates.size() - placed.size();
    for (const auto& pl : placed) {
        const Source& src = sources[pl.candidate];
        const MapLayer& layer = m_map.layers[src.layer];
        const QPointF baseline(pl.box.x, pl.box.y + src.ascent);
        drawHalo(baseline, src.text, src.font);
        m_p.setFont(src.font);
        m_p.setPen(qcolor(layer.style.labelColour));
        m_p.drawText(baseline, src.text);
        m_result.labels.push_back(
            {layer.id, layer.features[src.feature].id, layer.features[src.feature].label, pl.box});
    }
}

/// A round length near `target` metres: 1, 2 or 5 × 10ⁿ.
double roundLength(double target) {
    const double p = std::pow(10.0, std::floor(std::log10(target)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= target)
            return m * p;
    return p;
}

MapRenderResult Painter::run(const QRectF& target) {
    m_p.setRenderHint(QPainter::Antialiasing, true);
    m_p.setRenderHint(QPainter::TextAntialiasing, true);
    if (!installedCjkFamily(m_target))
        m_result.problems.emplace_back(
            "未找到中文字体，中文可能显示为方框；请安装 fonts-noto-cjk 与 fonts-wqy-microhei / no "
            "CJK font found, Chinese may show as boxes; install fonts-noto-cjk and "
            "fonts-wqy-microhei");

    m_classes.reserve(m_map.layers.size());
    for (const auto& layer : m_map.layers)
        m_classes.push_back(classify(layer));
    const auto blocks = m_map.legend == LegendPlacement::None ? std::vector<LegendBlock>{}
                                                              : legendBlocks(m_map, m_classes);

    // ---- layout
    const double margin = pt(8);
    QRectF inner = target.adjusted(margin, margin, -margin, -margin);
    m_p.fillRect(target, qcolor(m_map.background));
    double y = inner.top();
    if (!m_map.title.empty()) {
        const QFontMetricsF tm = metrics(m_fonts.title);
        m_p.setFont(m_fonts.title);
        m_p.setPen(QColor(20, 20, 20));
        m_p.drawText(QPointF(inner.left(), y + tm.ascent()), qs(m_map.title));
        y += tm.height();
        if (!m_map.subtitle.empty()) {
            const QFontMetricsF sm = metrics(m_fonts.subtitle);
            m_p.setFont(m_fonts.subtitle);
            m_p.setPen(QColor(70, 70, 70));
            m_p.drawText(QPointF(inner.left(), y + sm.ascent()), qs(m_map.subtitle));
            y += sm.height();
        }
        y += pt(4);
    }
    // Notes at the bottom: one line, or two when it does not fit.
    std::vector<std::string> notes;
    for (const std::string* s : {&m_map.note, &m_map.crsNote, &m_map.sourceNote})
        if (!s->empty())
            notes.push_back(*s);
    if (m_map.basemap && !m_map.basemap->attribution.empty())
        notes.push_back(m_map.basemap->attribution);
    QString notesText;
    for (const auto& n : notes)
        notesText += (notesText.isEmpty() ? QString() : QStringLiteral("    ")) + qs(n);
    const QFontMetricsF nm = metrics(m_fonts.note);
    QRectF notesRect;
    if (!notesText.isEmpty()) {
        const QRectF need = nm.boundingRect(QRectF(0, 0, inner.width(), 1e6),
                                            Qt::TextWordWrap | Qt::AlignLeft, notesText);
        notesRect =
            QRectF(inner.left(), inner.bottom() - need.height(), inner.width(), need.height());
        m_p.setFont(m_fonts.note);
        m_p.setPen(QColor(80, 80, 80));
        m_p.drawText(notesRect, Qt::TextWordWrap | Qt::AlignLeft, notesText);
    }
    QRectF body(inner.left(), y, inner.width(),
                (notesRect.isNull() ? inner.bottom() : notesRect.top() - pt(4)) - y);

    // Legend panel: right for wide targets, bottom for tall ones.
    double legendW = 0.0, legendH = 0.0;
    for (const auto& b : blocks) {
        const QSizeF s = legendBlockSize(b);
        legendW = std::max(legendW, s.width());
        legendH += s.height();
    }
    bool right =
        m_map.legend == LegendPlacement::Right ||
        (m_map.legend == LegendPlacement::Auto && target.width() >= 1.15 * target.height());
    QRectF legendArea;
    if (!blocks.empty()) {
        if (right) {
            const int columns = std::max(1, static_cast<int>(std::ceil(legendH / body.height())));
            const double w =
                std::min(body.width() * 0.4, columns * legendW + (columns - 1) * pt(10));
            legendArea = QRectF(body.right() - w, body.top(), w, body.height());
            body.setRight(legendArea.left() - pt(10));
        } else {
            const double columnW = legendW + pt(10);
            const int perRow = std::max(1, static_cast<int>(body.width() / columnW));
            // Blocks flow down columns; height = tallest column when spread evenly.
            double h = 0.0;
            {
                std::vector<double> heights;
                for (const auto& b : blocks)
                    heights.push_back(legendBlockSize(b).height());
                const double total = std::accumulate(heights.begin(), heights.end(), 0.0);
                const double target_h = total / perRow;
                double col = 0.0;
                for (double hb : heights) {
                    if (col > 0 && col + hb > target_h * 1.15) {
                        h = std::max(h, col);
                        col = 0.0;
                    }
                    col += hb;
                }
                h = std::max(h, col);
            }
            h = std::min(h, body.height() * 0.45);
            legendArea = QRectF(body.left(), body.bottom() - h, body.width(), h);
            body.setBottom(legendArea.top() - pt(6));
        }
    }
    m_frame = body;
    if (!(m_frame.width() > 0 && m_frame.height() > 0))
        throw std::invalid_argument("地图区域为空 / the map frame is empty: target too small");

    // ---- world → device
    Extent ext = m_map.extent.valid() ? m_map.extent : layersExtent(m_map).grown(0.03);
    if (!ext.valid())
        throw std::invalid_argument("地图范围为空 / the map extent is empty and no layer has "
                                    "geometry");
    const double scale = std::min(m_frame.width() / ext.width(), m_frame.height() / ext.height());
    const double cx = (ext.minX + ext.maxX) / 2, cy = (ext.minY + ext.maxY) / 2;
    m_w2d = QTransform(scale, 0, 0, -scale, m_frame.center().x() - scale * cx,
                       m_frame.center().y() + scale * cy);
    m_result.worldToDevice = m_w2d;
    m_result.mapFrame = m_frame;
    m_result.metresPerDeviceUnit = 1.0 / scale;
    m_result.deviceUnitsPerPt = m_pt;

    // ---- map
    m_p.save();
    m_p.setClipRect(m_frame);
    m_p.fillRect(m_frame, qcolor(m_map.mapBackground));
    if (m_map.basemap && m_map.basemap->width > 0 && m_map.basemap->height > 0 &&
        m_map.basemap->rgba.size() == static_cast<std::size_t>(m_map.basemap->width) *
                                          static_cast<std::size_t>(m_map.basemap->height) * 4) {
        const RasterBasemap& b = *m_map.basemap;
        const QImage img(b.rgba.data(), b.width, b.height, b.width * 4, QImage::Format_RGBA8888);
        const QRectF world(b.extent.minX, b.extent.minY, b.extent.width(), b.extent.height());
        m_p.save();
        m_p.setOpacity(b.opacity);
        m_p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        m_p.drawImage(m_w2d.mapRect(world), img);
        m_p.restore();
    }
    drawLayers();

    // Furniture boxes are obstacles for labels.
    const double arrowH = pt(26), arrowW = pt(14);
    const QRectF arrowBox(m_frame.right() - pt(8) - arrowW, m_frame.top() + pt(8), arrowW, arrowH);
    if (m_map.northArrow)
        m_obstacles.push_back({arrowBox.x(), arrowBox.y(), arrowBox.width(), arrowBox.height()});
    const QFontMetricsF fm = metrics(m_fonts.furniture);
    const double barTargetM = m_frame.width() / scale / 5.0;
    const double barM = roundLength(barTargetM);
    const double barW = barM * scale;
    const QRectF barBox(m_frame.left() + pt(8), m_frame.bottom() - pt(8) - pt(6) - fm.height(),
                        barW + fm.horizontalAdvance(QStringLiteral("00 km")), pt(6) + fm.height());
    if (m_map.scaleBar)
        m_obstacles.push_back({barBox.x(), barBox.y(), barBox.width(), barBox.height()});
    drawLabels();

    // North arrow: grid north, the CRS's +y axis.
    if (m_map.northArrow) {
        QPolygonF left, rightHalf;
        const double mx = arrowBox.center().x(), top = arrowBox.top() + fm.height();
        const double bottom = arrowBox.bottom();
        left << QPointF(mx, top) << QPointF(arrowBox.left(), bottom) << QPointF(mx, bottom - pt(5));
        rightHalf << QPointF(mx, top) << QPointF(arrowBox.right(), bottom)
                  << QPointF(mx, bottom - pt(5));
        m_p.setPen(QPen(QColor(30, 30, 30), pt(0.6)));
        m_p.setBrush(QColor(30, 30, 30));
        m_p.drawPolygon(left);
        m_p.setBrush(Qt::white);
        m_p.drawPolygon(rightHalf);
        m_p.setFont(m_fonts.furniture);
        m_p.setPen(QColor(30, 30, 30));
        const QString n = QStringLiteral("N");
        m_p.drawText(QPointF(mx - fm.horizontalAdvance(n) / 2, arrowBox.top() + fm.ascent()), n);
    }
    // Scale bar: four alternating segments of a round length.
    if (m_map.scaleBar && barW > 0) {
        m_result.scaleBarMetres = barM;
        const double x0 = barBox.left(), yb = barBox.bottom() - pt(6);
        for (int i = 0; i < 4; ++i) {
            m_p.setPen(QPen(QColor(30, 30, 30), pt(0.5)));
            m_p.setBrush(i % 2 == 0 ? QColor(30, 30, 30) : QColor(255, 255, 255));
            m_p.drawRect(QRectF(x0 + barW * i / 4, yb, barW / 4, pt(4)));
        }
        const QString unit = barM >= 1000 ? QStringLiteral(" km") : QStringLiteral(" m");
        const double shown = barM >= 1000 ? barM / 1000 : barM;
        const QString end = QString::fromStdString(formatNumber(shown, shown < 1 ? 1 : 0)) + unit;
        m_p.setFont(m_fonts.furniture);
        m_p.setPen(QColor(30, 30, 30));
        drawHalo(QPointF(x0 - fm.horizontalAdvance(QStringLiteral("0")) / 2, yb - pt(2)),
                 QStringLiteral("0"), m_fonts.furniture);
        m_p.drawText(QPointF(x0 - fm.horizontalAdvance(QStringLiteral("0")) / 2, yb - pt(2)),
                     QStringLiteral("0"));
        const QPointF endAt(x0 + barW - fm.horizontalAdvance(QString::number(shown)) / 2,
                            yb - pt(2));
        drawHalo(endAt, end, m_fonts.furniture);
        m_p.drawText(endAt, end);
    }
    m_p.restore(); // clip

    m_p.setPen(QPen(QColor(60, 60, 60), pt(0.7)));
    m_p.setBrush(Qt::NoBrush);
    m_p.drawRect(m_frame);
    if (!blocks.empty())
        drawLegend(blocks, legendArea, !right);
    return std::move(m_result);
}

} // namespace

double symbolDiameterPt(const SymbolStyle& s, const MapFeature& f) {
    if (s.sizeAttribute.empty())
        return s.sizePt;
    const auto v = number(f, s.sizeAttribute);
    if (!v || s.sizeValueAtMax <= 0.0)
        return s.sizeMinPt;
    const double d = s.sizeMaxPt * std::sqrt(std::max(0.0, *v) / s.sizeValueAtMax);
    return std::clamp(d, s.sizeMinPt, s.sizeMaxPt);
}

MapRenderResult renderMap(QPainter& painter, const MapDescription& map, const QRectF& target) {
    if (!(target.width() > 0 && target.height() > 0))
        throw std::invalid_argument("目标区域为空 / the target rectangle is empty");
    // The painter's state is restored however the painting ends.
    struct Restore {
        QPainter& p;
        ~Restore() { p.restore(); }
    };
    painter.save();
    const Restore restore{painter};
    Painter p(painter, map);
    return p.run(target);
}

QImage renderMapImage(const MapDescription& map, MapRenderResult* result) {
    if (map.widthPx < 1 || map.heightPx < 1 || map.widthPx > 32768 || map.heightPx > 32768)
        throw std::invalid_argument("图像尺寸无效 / the image size must be 1–32768 pixels a side");
    QImage image(map.widthPx, map.heightPx, QImage::Format_ARGB32_Premultiplied);
    const int dpm = static_cast<int>(std::lround(map.dpi / 0.0254));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    image.fill(Qt::white);
    QPainter painter(&image);
    MapRenderResult r = renderMap(painter, map, QRectF(0, 0, map.widthPx, map.heightPx));
    painter.end();
    if (result != nullptr)
        *result = std::move(r);
    return image;
}

MapRenderResult writeMap(const MapDescription& map, const std::filesystem::path& file) {
    std::vector<MapRenderResult> r = writeMaps({map}, file);
    return std::move(r.front());
}

std::vector<MapRenderResult> writeMaps(const std::vector<MapDescription>& maps,
                                       const std::filesystem::path& file) {
    if (maps.empty())
        throw std::invalid_argument("没有地图可写 / no map to write: " + file.string());
    const std::string ext = file.extension().string();
    std::filesystem::path tmp = file;
    tmp += ".part";
    auto fail = [&](const std::string& why) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw std::runtime_error("无法写入地图 " + file.string() + "：" + why +
                                 " / cannot write the map " + file.string() + ": " + why);
    };
    // Side by side at the first map's dpi: each map keeps its own pixel size.
    const double dpi = maps.front().dpi;
    int width = 0, height = 0;
    for (const MapDescription& m : maps) {
        width += m.widthPx;
        height = std::max(height, m.heightPx);
    }
    std::vector<MapRenderResult> results;
    const auto paintAll = [&](QPainter& painter, double unitsPerPixel) {
        double x = 0.0;
        for (const MapDescription& m : maps) {
            results.push_back(renderMap(painter, m,
                                        QRectF(x * unitsPerPixel, 0, m.widthPx * unitsPerPixel,
                                               m.heightPx * unitsPerPixel)));
            x += m.widthPx;
        }
    };
    if (ext == ".png" || ext == ".PNG") {
        if (width < 1 || height < 1 || width > 32768 || height > 32768)
            throw std::invalid_argument(
                "图像尺寸无效 / the image size must be 1–32768 pixels a side");
        QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
        const int dpm = static_cast<int>(std::lround(dpi / 0.0254));
        image.setDotsPerMeterX(dpm);
        image.setDotsPerMeterY(dpm);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            paintAll(painter, 1.0);
        }
        if (!image.save(QString::fromStdString(tmp.string()), "PNG"))
            fail("PNG 编码或写入失败 / PNG encoding or writing failed");
    } else if (ext == ".pdf" || ext == ".PDF") {
        QPdfWriter writer(QString::fromStdString(tmp.string()));
        writer.setCreator(QStringLiteral("Xuewei 学位"));
        writer.setTitle(QString::fromStdString(maps.front().title));
        writer.setResolution(300);
        const double wPt = width / dpi * 72.0, hPt = height / dpi * 72.0;
        writer.setPageSize(QPageSize(QSizeF(wPt, hPt), QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer))
            fail("无法打开文件 / cannot open the file");
        paintAll(painter, painter.viewport().width() / static_cast<double>(width));
        if (!painter.end())
            fail("PDF 写入失败 / writing the PDF failed");
    } else {
        throw std::invalid_argument("地图文件须为 .png 或 .pdf / a map file must end in .png or "
                                    ".pdf: " +
                                    file.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec)
        fail(ec.message());
    return results;
}

} // namespace xw::viewer
