#pragma once
// Internal to the map renderer: reading a feature's attributes and turning plain colours and
// strings into Qt's. Not installed.
#include <xw/viewer/map/map_description.hpp>

#include <QColor>
#include <QString>

#include <optional>
#include <string>

namespace xw::viewer::render {

/// `c` as a QColor with its alpha scaled by `opacity` (clamped to 0–1).
[[nodiscard]] QColor qcolor(Rgba c, double opacity = 1.0);

/// A UTF-8 string as a QString.
[[nodiscard]] QString qs(const std::string& s);

/// The feature's attribute `key`; nullptr when the key is empty or the feature has none.
[[nodiscard]] const AttributeValue* attribute(const MapFeature& f, const std::string& key);

/// The attribute `key` when it is a finite number, else nothing.
[[nodiscard]] std::optional<double> number(const MapFeature& f, const std::string& key);

/// An attribute as text (numbers as printf's %g); "" for nullptr.
[[nodiscard]] std::string text(const AttributeValue* v);

} // namespace xw::viewer::render
