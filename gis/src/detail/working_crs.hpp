#pragma once
// Internal: the working CRS every layer is reprojected to, and how well it suits the data.
#include "detail/ogr_util.hpp"

#include <ogr_core.h>

#include <optional>
#include <string>

namespace xw::gis::detail {

/// The working CRS from its user string.
/// \throws GisError naming dataset.yaml when it is unknown, geographic (degrees), not in metres,
/// or Web Mercator (EPSG:3857 and its aliases: a sphere that stretches lengths by 1 /
/// cos(latitude), 8 % at 22° N), each with the reason.
[[nodiscard]] SrsPtr workingSrs(const std::string& text);

/// The largest relative scale error |k − 1| of the projected CRS `working` over `extent`
/// (working coordinates, metres), sampled on a 5 × 5 grid: at each point, the projected length of
/// a 0.0001° step east and north against its length on the CRS's ellipsoid (radii of curvature N
/// and M). nullopt when the CRS has no geographic base or a point cannot be transformed.
[[nodiscard]] std::optional<double> maxScaleError(const OGRSpatialReference& working,
                                                  const OGREnvelope& extent);

/// The CGCS2000 3-degree Gauss-Krüger zone for a longitude in China (EPSG:4534–4554, central
/// meridians 75°–135° E), e.g. "EPSG:4546" for 111.5° E; "" outside 73.5°–136.5° E.
[[nodiscard]] std::string gaussKrugerZoneFor(double longitude);

/// The longitude (degrees) of the centre of `extent` in `working`, or nullopt.
[[nodiscard]] std::optional<double> centreLongitude(const OGRSpatialReference& working,
                                                    const OGREnvelope& extent);

} // namespace xw::gis::detail
