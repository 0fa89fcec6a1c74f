#include "render/painter.hpp"

#include "render/attributes.hpp"

#include <xw/viewer/map/classify.hpp>

#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace xw::viewer::render {
namespace {

/// A round length near `target` metres: 1, 2 or 5 × 10ⁿ.
double roundLength(double target) {
    const double p = std::pow(10.0, std::floor(std::log10(target)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= target)
            return m * p;
    return p;
}

} // namespace

Painter::Painter(QPainter& p, const MapDescription& map) : m_p(p), m_map(map) {
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
    const double y = drawTitles(inner);
    const QRectF notesRect = drawNotes(inner);
    QRectF body(inner.left(), y, inner.width(),
                (notesRect.isNull() ? inner.bottom() : notesRect.top() - pt(4)) - y);
    // Legend panel: right for wide targets, bottom for tall ones.
    bool right =
        m_map.legend == LegendPlacement::Right ||
        (m_map.legend == LegendPlacement::Auto && target.width() >= 1.15 * target.height());
    const QRectF legendArea = placeLegend(blocks, right, body);
    m_frame = body;
    if (!(m_frame.width() > 0 && m_frame.height() > 0))
        throw std::invalid_argument("地图区域为空 / the map frame is empty: target too small");
    const double scale = fitExtent();

    // ---- map
    m_p.save();
    m_p.setClipRect(m_frame);
    m_p.fillRect(m_frame, qcolor(m_map.mapBackground));
    drawBasemap();
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

    if (m_map.northArrow)
        drawNorthArrow(arrowBox, fm);
    if (m_map.scaleBar && barW > 0)
        drawScaleBar(barBox, barM, barW, fm);
    m_p.restore(); // clip

    m_p.setPen(QPen(QColor(60, 60, 60), pt(0.7)));
    m_p.setBrush(Qt::NoBrush);
    m_p.drawRect(m_frame);
    if (!blocks.empty())
        drawLegend(blocks, legendArea, !right);
    return std::move(m_result);
}

/// The title and subtitle at the top of `inner`; returns the y below them.
double Painter::drawTitles(const QRectF& inner) {
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
    return y;
}

/// The notes at the bottom of `inner`: one line, or two when it does not fit. Returns their
/// rectangle, null when there are none.
QRectF Painter::drawNotes(const QRectF& inner) {
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
    return notesRect;
}

/// The legend's panel, taken from the right or the bottom of `body` (which shrinks); an empty
/// rectangle when there are no blocks.
QRectF Painter::placeLegend(const std::vector<LegendBlock>& blocks, bool right,
                            QRectF& body) const {
    double legendW = 0.0, legendH = 0.0;
    for (const auto& b : blocks) {
        const QSizeF s = legendBlockSize(b);
        legendW = std::max(legendW, s.width());
        legendH += s.height();
    }
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
                heights.reserve(blocks.size());
                for (const auto& b : blocks)
                    heights.push_back(legendBlockSize(b).height());
                const double total = std::accumulate(heights.begin(), heights.end(), 0.0);
                const double targetH = total / perRow;
                double col = 0.0;
                for (double hb : heights) {
                    if (col > 0 && col + hb > targetH * 1.15) {
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
    return legendArea;
}

/// World → device: the extent fitted whole into the frame at equal x and y scale. Returns the
/// scale, device units per metre.
/// \throws std::invalid_argument when the extent is empty and no layer has geometry.
double Painter::fitExtent() {
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
    return scale;
}

/// The raster basemap, when the map has a whole one.
void Painter::drawBasemap() {
    if (m_map.basemap && m_map.basemap->width > 0 && m_map.basemap->height > 0 &&
        m_map.basemap->rgba.size() == static_cast<std::size_t>(m_map.basemap->width) *
                                          static_cast<std::size_t>(m_map.basemap->height) * 4) {
        const RasterBasemap& b = *m_map.basemap;
        const QImage img(b.rgba.data(), b.width, b.height, static_cast<qsizetype>(b.width) * 4,
                         QImage::Format_RGBA8888);
        const QRectF world(b.extent.minX, b.extent.minY, b.extent.width(), b.extent.height());
        m_p.save();
        m_p.setOpacity(b.opacity);
        m_p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        m_p.drawImage(m_w2d.mapRect(world), img);
        m_p.restore();
    }
}

/// North arrow: grid north, the CRS's +y axis.
void Painter::drawNorthArrow(const QRectF& arrowBox, const QFontMetricsF& fm) {
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

/// Scale bar: four alternating segments of a round length `barM` metres, `barW` device units.
void Painter::drawScaleBar(const QRectF& barBox, double barM, double barW,
                           const QFontMetricsF& fm) {
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
    const QPointF endAt(x0 + barW - fm.horizontalAdvance(QString::number(shown)) / 2, yb - pt(2));
    drawHalo(endAt, end, m_fonts.furniture);
    m_p.drawText(endAt, end);
}

} // namespace xw::viewer::render
