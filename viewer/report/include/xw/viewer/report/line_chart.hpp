#pragma once
// Line charts drawn with QPainter (vector on a PDF, pixels on an image): Qt Charts needs widgets,
// which the CLI and the report must not link.
#include <xw/viewer/report/report_document.hpp>

#include <QPainter>
#include <QRectF>

#include <vector>

namespace xw::viewer {

/// Tick positions from 0 (or below the minimum) to at least `maxValue`: about `count` steps of
/// 1, 2 or 5 × 10ⁿ. Returns {0, 1} when maxValue ≤ 0.
[[nodiscard]] std::vector<double> niceTicks(double minValue, double maxValue, int count = 5);

/// Draws the chart into `area` (device units): title, legend, axes with ticks and labels, one
/// polyline per series with a marker at each point.
void drawLineChart(QPainter& painter, const QRectF& area, const LineChart& chart);

} // namespace xw::viewer
