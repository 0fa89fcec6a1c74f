#include "render/painter.hpp"

#include "render/attributes.hpp"

#include <QPainterPath>

namespace xw::viewer::render {

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

} // namespace xw::viewer::render
