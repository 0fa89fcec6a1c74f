#include <xw/viewer/report/line_chart.hpp>

#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/map/fonts.hpp>

#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace xw::viewer {

namespace {

QString qs(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QColor qcolor(Rgba c) {
    return {c.r, c.g, c.b, c.a};
}

/// Tick label: thousands separated; decimals only when the step needs them.
std::string tickText(double v, double step) {
    const int decimals = step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
    return formatNumber(v, decimals);
}

} // namespace

std::vector<double> niceTicks(double minValue, double maxValue, int count) {
    const double lo = std::min(0.0, minValue);
    if (!(maxValue > lo) || count < 1)
        return {0.0, 1.0};
    const double raw = (maxValue - lo) / count;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    double step = p;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) {
            step = m * p;
            break;
        }
    std::vector<double> ticks;
    const double start = std::floor(lo / step) * step;
    for (int i = 0;; ++i) {
        const double t = start + i * step;
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
        if (t >= maxValue - step * 1e-9)
            break;
    }
    return ticks;
}

void drawLineChart(QPainter& p, const QRectF& area, const LineChart& chart) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    const double pt = p.device()->logicalDpiY() / 72.0;
    const TextTarget target = textTargetOf(p);
    const QFont titleFont = textFont(target, 9.5, true);
    const QFont font = textFont(target, 7.5);
    const QFontMetricsF tm(titleFont, p.device());
    const QFontMetricsF fm(font, p.device());

    double y = area.top();
    if (!chart.title.empty()) {
        p.setFont(titleFont);
        p.setPen(QColor(20, 20, 20));
        p.drawText(QPointF(area.left(), y + tm.ascent()), qs(chart.title));
        y += tm.height() + 2 * pt;
    }
    // Legend: one row of swatches, wrapping.
    p.setFont(font);
    double lx = area.left();
    for (const auto& s : chart.series) {
        const double w = 18 * pt + fm.horizontalAdvance(qs(s.label)) + 10 * pt;
        if (lx + w > area.right() && lx > area.left()) {
            lx = area.left();
            y += fm.height() + 2 * pt;
        }
        QPen pen(qcolor(s.colour), 1.6 * pt);
        if (s.dashed)
            pen.setDashPattern({4.0, 2.5});
        p.setPen(pen);
        p.drawLine(QPointF(lx, y + fm.height() / 2), QPointF(lx + 14 * pt, y + fm.height() / 2));
        p.setPen(QColor(30, 30, 30));
        p.drawText(QPointF(lx + 18 * pt, y + fm.ascent()), qs(s.label));
        lx += w;
    }
    y += fm.height() + 6 * pt;

    double xMin = 0, xMax = 0, yMax = 0, yMin = 0;
    bool any = false;
    for (const auto& s : chart.series)
        for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]))
                continue;
            if (!any) {
                xMin = xMax = s.x[i];
                yMin = yMax = s.y[i];
                any = true;
            }
            xMin = std::min(xMin, s.x[i]);
            xMax = std::max(xMax, s.x[i]);
            yMin = std::min(yMin, s.y[i]);
            yMax = std::max(yMax, s.y[i]);
        }
    const std::vector<double> yTicks = niceTicks(yMin, yMax, 5);
    const double yLo = yTicks.front(), yHi = yTicks.back();
    const double step = yTicks.size() > 1 ? yTicks[1] - yTicks[0] : 1.0;
    double labelW = 0.0;
    for (double t : yTicks)
        labelW = std::max(labelW, fm.horizontalAdvance(qs(tickText(t, step))));
    const double axisLabelH = (chart.yLabel.empty() ? 0.0 : fm.height()) + fm.height() / 2 + 2 * pt;
    const QRectF plot(area.left() + labelW + 6 * pt, y + axisLabelH,
                      area.width() - labelW - 10 * pt,
                      area.bottom() - y - axisLabelH - 2 * fm.height() - 6 * pt);
    if (plot.width() <= 0 || plot.height() <= 0) {
        p.restore();
        return;
    }
    if (xMax <= xMin)
        xMax = xMin + 1;
    auto toDev = [&](double vx, double vy) {
        return QPointF(plot.left() + (vx - xMin) / (xMax - xMin) * plot.width(),
                       plot.bottom() - (vy - yLo) / (yHi - yLo) * plot.height());
    };
    if (!chart.yLabel.empty()) {
        p.setPen(QColor(70, 70, 70));
        p.drawText(QPointF(area.left(), y + fm.ascent()), qs(chart.yLabel));
    }
    // Grid lines and y tick labels.
    for (double t : yTicks) {
        const QPointF a = toDev(xMin, t);
        p.setPen(QPen(QColor(225, 225, 225), 0.5 * pt));
        p.drawLine(a, QPointF(plot.right(), a.y()));
        p.setPen(QColor(60, 60, 60));
        const QString s = qs(tickText(t, step));
        p.drawText(QPointF(plot.left() - 4 * pt - fm.horizontalAdvance(s),
                           a.y() + fm.ascent() / 2 - 1 * pt),
                   s);
    }
    // x ticks: whole numbers (years), thinned to fit.
    const int span = static_cast<int>(std::lround(xMax - xMin));
    const double oneW = fm.horizontalAdvance(QStringLiteral("0000")) + 6 * pt;
    int every = 1;
    const auto labelsWidth = [&] {
        const int labels = span / every; // whole labels
        return labels * oneW;
    };
    while (labelsWidth() > plot.width() && every < span)
        every = every < 2 ? 2 : (every < 5 ? 5 : every * 2);
    for (int k = 0; k <= span; k += every) {
        const double vx = xMin + k;
        const QPointF a = toDev(vx, yLo);
        p.setPen(QPen(QColor(60, 60, 60), 0.5 * pt));
        p.drawLine(a, a + QPointF(0, 3 * pt));
        const QString s = QString::number(static_cast<long long>(std::lround(vx)));
        p.drawText(QPointF(a.x() - fm.horizontalAdvance(s) / 2, a.y() + 3 * pt + fm.ascent()), s);
    }
    if (!chart.xLabel.empty()) {
        const QString s = qs(chart.xLabel);
        p.setPen(QColor(70, 70, 70));
        p.drawText(QPointF(plot.center().x() - fm.horizontalAdvance(s) / 2,
                           plot.bottom() + 4 * pt + fm.height() + fm.ascent()),
                   s);
    }
    p.setPen(QPen(QColor(60, 60, 60), 0.7 * pt));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    // Series.
    for (const auto& s : chart.series) {
        QPainterPath path;
        bool started = false;
        QPen pen(qcolor(s.colour), 1.6 * pt);
        pen.setJoinStyle(Qt::RoundJoin);
        if (s.dashed)
            pen.setDashPattern({4.0, 2.5});
        for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]))
                continue;
            const QPointF d = toDev(s.x[i], s.y[i]);
            if (!started) {
                path.moveTo(d);
                started = true;
            } else {
                path.lineTo(d);
            }
        }
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setPen(Qt::NoPen);
        p.setBrush(qcolor(s.colour));
        for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
            if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
                p.drawEllipse(toDev(s.x[i], s.y[i]), 1.4 * pt, 1.4 * pt);
    }
    p.restore();
}

} // namespace xw::viewer
