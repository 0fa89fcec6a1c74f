#pragma once
// `xuewei run --roads FILE[:LAYER]`: road-network distances for the allocation
// (gis/road_network.hpp, docs/allocation.md "Road distances").
#include <xw/core/allocation/allocation.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>
#include <xw/gis/road_network.hpp>

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xw::cli {

/// FILE[:LAYER]: the whole text when it names an existing file; else, split at the last ':',
/// the part before it when that is an existing file (the part after is the layer); else the
/// whole text (reported as missing by the reader).
struct RoadSource {
    std::filesystem::path file;
    std::optional<std::string> layer;
};
[[nodiscard]] RoadSource parseRoadSource(const std::string& text);

/// Reads the network into the dataset's working CRS and builds the distances from every school
/// of the city to every grid point, printing progress (and the skipped features) to `progress`.
/// Returns nullptr after printing an error.
[[nodiscard]] std::shared_ptr<const gis::RoadDistances>
buildRoadDistances(const gis::DatasetLoad& data, const gis::DemandGrid& grid,
                   const std::string& roads, std::ostream& progress);

/// The AllocationProblem::distance of a problem built from that grid and city: point i is grid
/// point problem.points[i].gridIndex, facility j is school problem.facilities[j].schoolIndex.
[[nodiscard]] std::function<double(std::size_t, std::size_t)>
roadDistanceFor(std::shared_ptr<const gis::RoadDistances> roads,
                const core::AllocationProblem& problem);

} // namespace xw::cli
