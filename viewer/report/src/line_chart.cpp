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

namespace {

/// Draws the title at the top of `area`; returns the y below it (the top when there is none).
double drawTitle(QPainter& p, const QRectF& area, const std::string& title, TextTarget target,
                 double pt) {
    double y = area.top();
    if (!title.empty()) {
        const QFont titleFont = textFont(target, 9.5, true);
        const QFontMetricsF tm(titleFont, p.device());
        p.setFont(titleFont);
        p.setPen(QColor(20, 20, 20));
        p.drawText(QPointF(area.left(), y + tm.ascent()), qs(title));
        y += tm.height() + 2 * pt;
    }
    return y;
}

/// The pen of a series' line: solid or dashed, in its colour.
QPen seriesPen(const ChartSeries& s, double pt) {
    QPen pen(qcolor(s.colour), 1.6 * pt);
    if (s.dashed)
        pen.setDashPattern({4.0, 2.5});
    return pen;
}

/// Legend from `y` down: one row of swatches, wrapping. Returns the y below it.
double drawLegend(QPainter& p, const QRectF& area, double y, const std::vector<ChartSeries>& series,
                  const QFontMetricsF& fm, double pt) {
    double lx = area.left();
    for (const auto& s : series) {
        const double w = 18 * pt + fm.horizontalAdvance(qs(s.label)) + 10 * pt;
        if (lx + w > area.right() && lx > area.left()) {
            lx = area.left();
            y += fm.height() + 2 * pt;
        }
        p.setPen(seriesPen(s, pt));
        p.drawLine(QPointF(lx, y + fm.height() / 2), QPointF(lx + 14 * pt, y + fm.height() / 2));
        p.setPen(QColor(30, 30, 30));
        p.drawText(QPointF(lx + 18 * pt, y + fm.ascent()), qs(s.label));
        lx += w;
    }
    return y + fm.height() + 6 * pt;
}

/// Calls f(x, y) for each point of `s` whose coordinates are both finite, in order.
template <class F> void forEachFinitePoint(const ChartSeries& s, F&& f) {
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
        if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
            f(s.x[i], s.y[i]);
}

/// The bounds of the finite points of every series; all 0 when there is none.
struct DataRange {
    double xMin = 0;
    double xMax = 0;
    double yMin = 0;
    double yMax = 0;
};

DataRange dataRange(const std::vector<ChartSeries>& series) {
    DataRange r;
    bool any = false;
    for (const auto& s : series)
        forEachFinitePoint(s, [&](double x, double y) {
            if (!any) {
                r.xMin = r.xMax = x;
                r.yMin = r.yMax = y;
                any = true;
            }
            r.xMin = std::min(r.xMin, x);
            r.xMax = std::max(r.xMax, x);
            r.yMin = std::min(r.yMin, y);
            r.yMax = std::max(r.yMax, y);
        });
    return r;
}

/// The plot rectangle (device units) and the data bounds it shows.
struct PlotFrame {
    QRectF rect;
    double xMin = 0;
    double xMax = 1; ///< > xMin
    double yLo = 0;
    double yHi = 1; ///< > yLo

    [[nodiscard]] QPointF toDevice(double vx, double vy) const {
        return {rect.left() + (vx - xMin) / (xMax - xMin) * rect.width(),
                rect.bottom() - (vy - yLo) / (yHi - yLo) * rect.height()};
    }
};

/// Grid lines and y tick labels.
void drawYGrid(QPainter& p, const PlotFrame& f, const std::vector<double>& yTicks, double step,
               const QFontMetricsF& fm, double pt) {
    for (double t : yTicks) {
        const QPointF a = f.toDevice(f.xMin, t);
        p.setPen(QPen(QColor(225, 225, 225), 0.5 * pt));
        p.drawLine(a, QPointF(f.rect.right(), a.y()));
        p.setPen(QColor(60, 60, 60));
        const QString s = qs(tickText(t, step));
        p.drawText(QPointF(f.rect.left() - 4 * pt - fm.horizontalAdvance(s),
                           a.y() + fm.ascent() / 2 - 1 * pt),
                   s);
    }
}

/// x ticks: whole numbers (years), thinned to fit; then the x axis label under them.
void drawXAxis(QPainter& p, const PlotFrame& f, const std::string& label, const QFontMetricsF& fm,
               double pt) {
    const int span = static_cast<int>(std::lround(f.xMax - f.xMin));
    const double oneW = fm.horizontalAdvance(QStringLiteral("0000")) + 6 * pt;
    int every = 1;
    const auto labelsWidth = [&] {
        const int labels = span / every; // whole labels
        return labels * oneW;
    };
    while (labelsWidth() > f.rect.width() && every < span)
        every = every < 2 ? 2 : (every < 5 ? 5 : every * 2);
    for (int k = 0; k <= span; k += every) {
        const double vx = f.xMin + k;
        const QPointF a = f.toDevice(vx, f.yLo);
        p.setPen(QPen(QColor(60, 60, 60), 0.5 * pt));
        p.drawLine(a, a + QPointF(0, 3 * pt));
        const QString s = QString::number(static_cast<long long>(std::lround(vx)));
        p.drawText(QPointF(a.x() - fm.horizontalAdvance(s) / 2, a.y() + 3 * pt + fm.ascent()), s);
    }
    if (!label.empty()) {
        const QString s = qs(label);
        p.setPen(QColor(70, 70, 70));
        p.drawText(QPointF(f.rect.center().x() - fm.horizontalAdvance(s) / 2,
                           f.rect.bottom() + 4 * pt + fm.height() + fm.ascent()),
                   s);
    }
}

/// One series: its polyline through the finite points, then a marker on each.
void drawSeries(QPainter& p, const PlotFrame& f, const ChartSeries& s, double pt) {
    QPainterPath path;
    bool started = false;
    QPen pen = seriesPen(s, pt);
    pen.setJoinStyle(Qt::RoundJoin);
    forEachFinitePoint(s, [&](double x, double y) {
        const QPointF d = f.toDevice(x, y);
        if (!started) {
            path.moveTo(d);
            started = true;
        } else {
            path.lineTo(d);
        }
    });
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.setPen(Qt::NoPen);
    p.setBrush(qcolor(s.colour));
    forEachFinitePoint(
        s, [&](double x, double y) { p.drawEllipse(f.toDevice(x, y), 1.4 * pt, 1.4 * pt); });
}

} // namespace

void drawLineChart(QPainter& p, const QRectF& area, const LineChart& chart) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    const double pt = p.device()->logicalDpiY() / 72.0;
    const TextTarget target = textTargetOf(p);
    const QFont font = textFont(target, 7.5);
    const QFontMetricsF fm(font, p.device());

    double y = drawTitle(p, area, chart.title, target, pt);
    p.setFont(font);
    y = drawLegend(p, area, y, chart.series, fm, pt);

    // Layout: the y tick labels' width on the left, the y axis label above, x ticks below.
    const DataRange range = dataRange(chart.series);
    const std::vector<double> yTicks = niceTicks(range.yMin, range.yMax, 5);
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
    PlotFrame frame{plot, range.xMin, range.xMax, yTicks.front(), yTicks.back()};
    if (frame.xMax <= frame.xMin)
        frame.xMax = frame.xMin + 1;

    if (!chart.yLabel.empty()) {
        p.setPen(QColor(70, 70, 70));
        p.drawText(QPointF(area.left(), y + fm.ascent()), qs(chart.yLabel));
    }
    drawYGrid(p, frame, yTicks, step, fm, pt);
    drawXAxis(p, frame, chart.xLabel, fm, pt);
    p.setPen(QPen(QColor(60, 60, 60), 0.7 * pt));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    for (const auto& s : chart.series)
        drawSeries(p, frame, s, pt);
    p.restore();
}

} // namespace xw::viewer
