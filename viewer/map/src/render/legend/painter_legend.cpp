#include "render/painter.hpp"

#include "render/attributes.hpp"
#include "render/symbols.hpp"

#include <algorithm>

namespace xw::viewer::render {

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

} // namespace xw::viewer::render
