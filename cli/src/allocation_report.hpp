#pragma once
// `xuewei run --allocate`: demand points, the allocation of every stage, its report and outputs.
#include "report.hpp"

#include <xw/core/allocation.hpp>
#include <xw/core/seat_balance.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>
#include <xw/gis/writer.hpp>

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace xw::cli {

struct AllocationOptions {
    /// "zones", "nearest", "optimal" or "none" (no allocation).
    std::string mode = "optimal";
    /// Demand grid spacing, metres. 250 m by default rather than 100 m: 127,423 cells instead of
    /// 796,432 for Yangjiang, a 55 MB instead of 92 MB GeoPackage and about half the run time
    /// (docs/allocation.md has the measurements); still half the 500 m primary walking radius.
    double gridMeters = 250.0;
};

/// The allocation of every stage that has schools, for the base year.
struct AllocationRun {
    gis::DemandGrid grid;
    std::vector<core::AllocationProblem> problems; ///< one per stage allocated
    std::vector<core::AllocationResult> results;   ///< same order
    std::vector<std::string> notes;                ///< for people (weighting, fallbacks)

    [[nodiscard]] gis::AllocationLayers layers() const;
};

/// Builds the grid, splits each town's base-year demand (balance.towns) over it and allocates
/// every stage with schools, printing progress to `progress`. Returns nullopt after printing an
/// error (zones mode without zones in the dataset, a bad grid, a raster that cannot be read).
[[nodiscard]] std::optional<AllocationRun> runAllocation(const gis::DatasetLoad& data,
                                                         const core::SeatBalance& balance,
                                                         const AllocationOptions& options,
                                                         std::ostream& progress);

/// Per stage: the city and each district (demand, assigned, unplaced, beyond radius, shortfall,
/// surplus, mean distance, accessibility).
/// `stages` limits the stages printed; empty prints every stage allocated.
[[nodiscard]] std::string renderAllocation(const core::CityData& city, const AllocationRun& run,
                                           const std::vector<core::Stage>& stages = {});

/// allocation_areas.csv (city, district, town × stage) and allocation_schools.csv (school × stage).
[[nodiscard]] CsvTable allocationAreaTable(const core::CityData& city, const AllocationRun& run);
[[nodiscard]] CsvTable allocationSchoolTable(const core::CityData& city, const AllocationRun& run);

} // namespace xw::cli
