#pragma once
// `xuewei run --allocate`: demand points, the allocation of every stage, its report and outputs.
#include "report.hpp"

#include <xw/core/allocation/allocation.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>
#include <xw/gis/writer.hpp>

#include <array>
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
    /// --roads FILE[:LAYER]: allocate by road-network distance (cli/src/roads.hpp); empty →
    /// straight lines.
    std::string roads;
};

/// Town demand of one year for runAllocation's years: per stage (stageIndex), per town index.
struct YearDemand {
    int year = 0;
    std::array<std::vector<double>, core::kStageCount> townDemand;
};

/// The allocation of every stage that has schools, for the base year (and, when asked, for
/// every year of a projection).
struct AllocationRun {
    gis::DemandGrid grid;
    std::vector<core::AllocationProblem> problems; ///< one per stage allocated
    std::vector<core::AllocationResult> results;   ///< same order
    std::vector<std::string> notes;                ///< for people (weighting, fallbacks)
    std::string roadNetwork; ///< the --roads file the distances followed; empty: straight lines
    /// With years: per year in ascending order, the results of every stage (same order as
    /// `results`) without pieces, accessibility and solver state (per school and area only).
    std::vector<int> years;
    std::vector<std::vector<core::AllocationResult>> byYear;

    [[nodiscard]] gis::AllocationLayers layers() const;
};

/// Builds the grid, splits each town's base-year demand (balance.towns) over it and allocates
/// every stage with schools, printing progress to `progress`. Returns nullopt after printing an
/// error (zones mode without zones in the dataset, a bad grid, a raster that cannot be read).
/// With `years`, each year's town demand is split over the same grid and allocated with the same
/// mode, in ascending order; a year equal to balance.year reuses the base-year result. All years
/// of a stage share one point list (the grid points with children in any year, see
/// core::withDemand), so in optimal mode every year warm-starts from the year before it; the
/// base-year result is then computed on that list too (the extra points carry no children).
[[nodiscard]] std::optional<AllocationRun> runAllocation(const gis::DatasetLoad& data,
                                                         const core::SeatBalance& balance,
                                                         const AllocationOptions& options,
                                                         std::ostream& progress,
                                                         const std::vector<YearDemand>& years = {});

/// Per stage: the city and each district (demand, assigned, unplaced, beyond radius, shortfall,
/// surplus, mean distance, accessibility).
/// `stages` limits the stages printed; empty prints every stage allocated.
[[nodiscard]] std::string renderAllocation(const core::CityData& city, const AllocationRun& run,
                                           const std::vector<core::Stage>& stages = {});

/// allocation_areas.csv (city, district, town × stage) and allocation_schools.csv (school × stage).
[[nodiscard]] CsvTable allocationAreaTable(const core::CityData& city, const AllocationRun& run);
[[nodiscard]] CsvTable allocationSchoolTable(const core::CityData& city, const AllocationRun& run);
/// The same tables for a list of results (e.g. one year of AllocationRun::byYear).
[[nodiscard]] CsvTable allocationAreaTable(const core::CityData& city,
                                           const std::vector<core::AllocationResult>& results);
[[nodiscard]] CsvTable allocationSchoolTable(const core::CityData& city,
                                             const std::vector<core::AllocationResult>& results);

} // namespace xw::cli
