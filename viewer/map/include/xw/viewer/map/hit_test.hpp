#pragma once
// What lies under a point of a rendered map: the hover tooltip and the click of the viewer, and
// tests, ask the map description and the renderer's transform (no widget involved).
#include <xw/viewer/map/map_renderer.hpp>

#include <QPointF>

#include <optional>
#include <string>
#include <vector>

namespace xw::viewer {

struct FeatureHit {
    std::size_t layer = 0;   ///< index into MapDescription::layers
    std::size_t feature = 0; ///< index into that layer's features
    std::string layerId;
    std::string featureId;
};

/// The top-most feature at `device` (device units of the render that gave `render`): first a
/// point symbol within its radius plus `tolerancePt` (layers from the top down; among one
/// layer's symbols the nearest centre), then a polygon containing the point (from the top down).
/// Lines and grid cells are not hit. Only layers whose id is in `layerIds` are searched, or every
/// layer when it is empty; points outside the map frame hit nothing.
[[nodiscard]] std::optional<FeatureHit> featureAt(const MapDescription& map,
                                                  const MapRenderResult& render, QPointF device,
                                                  double tolerancePt = 2.0,
                                                  const std::vector<std::string>& layerIds = {});

/// `device` in the working CRS of the render (metres).
[[nodiscard]] core::PointM deviceToWorld(const MapRenderResult& render, QPointF device);

} // namespace xw::viewer
