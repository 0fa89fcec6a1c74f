#pragma once
// Placing points given by a user (a scenario's new schools and housing) into the dataset: from
// their CRS into the working CRS, and into the town whose outline contains them.
#include <xw/core/model/region.hpp>
#include <xw/gis/dataset.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::gis {

/// Transforms (x, y) pairs — longitude/latitude for geographic CRSs, in the traditional GIS axis
/// order — from `fromCrs` into the projected `workingCrs` (metres).
/// \throws GisError when a CRS is unknown or a point cannot be transformed (named by its index).
[[nodiscard]] std::vector<core::PointM>
toWorkingCrs(const std::vector<std::pair<double, double>>& points, const std::string& fromCrs,
             const std::string& workingCrs);

/// The code of the town whose outline contains each point (the first in region order when
/// outlines overlap), or nullopt when none does.
/// \throws GisError when a town outline cannot be read.
[[nodiscard]] std::vector<std::optional<std::string>>
townsContaining(const DatasetLoad& data, const std::vector<core::PointM>& points);

/// Attendance-zone polygons of a file (any OGR polygon source): one per feature, the school
/// named by `schoolField`, transformed into `workingCrs`.
/// \throws GisError when the file, the layer or the field is missing or a geometry is unusable.
[[nodiscard]] std::vector<ZoneShape> readZonePolygons(const std::filesystem::path& file,
                                                      const std::string& layer,
                                                      const std::string& schoolField,
                                                      const std::string& workingCrs);

} // namespace xw::gis
