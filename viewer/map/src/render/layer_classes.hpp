#pragma once
// Internal to the map renderer: the class of every feature (or grid cell) of a layer, counted
// once per render for both the painting and the legend. Not installed.
#include <xw/viewer/map/map_description.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace xw::viewer::render {

/// The classes of one layer's features.
struct LayerClasses {
    std::vector<std::optional<std::size_t>> ofFeature; ///< per feature or grid cell
    std::vector<std::size_t> counts;                   ///< per class
    std::size_t noData = 0;
};

/// Classifies every feature (or grid cell) of `layer` by its style's classification; empty when
/// the layer has none.
[[nodiscard]] LayerClasses classify(const MapLayer& layer);

/// The fill of feature (or cell) `i`: its class's colour, the no-data colour, or the layer's fill
/// when the layer is not classified.
[[nodiscard]] Rgba colourOf(const MapLayer& layer, const LayerClasses& lc, std::size_t i);

} // namespace xw::viewer::render
