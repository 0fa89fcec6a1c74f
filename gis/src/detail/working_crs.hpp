#pragma once
// Internal: the working CRS every layer is reprojected to.
#include "detail/ogr_util.hpp"

#include <string>

namespace xw::gis::detail {

/// The working CRS from its user string.
/// \throws GisError naming dataset.yaml when it is unknown or not projected in metres.
[[nodiscard]] SrsPtr workingSrs(const std::string& text);

} // namespace xw::gis::detail
