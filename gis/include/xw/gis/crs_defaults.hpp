#pragma once
// The one default CRS of the project.

namespace xw::gis {

/// Working CRS of a dataset whose manifest names none, and the default target CRS of exports:
/// CGCS2000 / 3-degree Gauss-Krüger CM 111°E (EPSG:4546), the zone of the embedded Yangjiang data
/// (GB/T 18314 and the national 2000 coordinate system's 3-degree zoning). Eastings without the
/// zone prefix.
inline constexpr const char* kDefaultWorkingCrs = "EPSG:4546";

} // namespace xw::gis
