#pragma once
// Internal to the map renderer: point symbols — their shapes, sizes and the ring that marks a
// feature. Sizes are typographic points unless a name says device units. Not installed.
#include <xw/viewer/map/map_description.hpp>

#include <QBrush>
#include <QPainter>
#include <QPen>
#include <QPointF>

namespace xw::viewer::render {

/// Paints `shape` of `diameter` device units centred on `at` with the given fill and outline.
void drawSymbol(QPainter& p, SymbolShape shape, QPointF at, double diameter, const QBrush& fill,
                const QPen& pen);

/// The feature's shape: by the style's shape attribute and categories, else the style's shape.
[[nodiscard]] SymbolShape shapeOf(const SymbolStyle& s, const MapFeature& f);

/// The diameter, pt, that the size attribute's value `v` gets (area proportional, clamped to
/// sizeMinPt–sizeMaxPt); sizeMinPt when the style has no value at the maximum.
[[nodiscard]] double sizeForValuePt(const SymbolStyle& s, double v);

/// Whether the feature carries the ring: its mark attribute is a number above 0.
[[nodiscard]] bool marked(const SymbolStyle& s, const MapFeature& f);

} // namespace xw::viewer::render
