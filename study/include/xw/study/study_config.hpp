#pragma once
// How a study is run: one plain config struct whose defaults are the project's defaults, defined
// here once (the CLI, the viewer, the benchmarks and the tests all start from these).
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/model/norms.hpp>
#include <xw/core/projection/projection.hpp>
#include <xw/gis/demand_grid.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::study {

/// Demand-grid spacing, metres: gis::kDefaultCellMeters (250 m; its reason is there).
inline constexpr double kDefaultGridMeters = gis::kDefaultCellMeters;
/// Monte Carlo draws of the 学位预警 where a command shows it without being told how many
/// (`xuewei project`, the report): about 0.3 s for Yangjiang to 2035 (docs/performance.md,
/// "Projection"). StudyConfig itself runs none unless asked.
inline constexpr int kDefaultWarningDraws = 1000;
/// Random seed of the Monte Carlo when none is given: the same seed gives the same warnings.
inline constexpr std::uint64_t kDefaultRandomSeed = 1;
/// Worker threads when none are given (the machines have 2 cores); results do not depend on it.
inline constexpr int kDefaultThreads = 2;
/// Last projected year when a projection is asked for without years (core's definition).
inline constexpr int kDefaultHorizonYear = core::kDefaultHorizonYear;

struct StudyConfig {
    /// Years to project and to compute every result for (first = the population's year).
    /// nullopt: the scenario's horizon when it has one (base year..horizon), else the base year
    /// only.
    std::optional<std::pair<int, int>> years;
    /// Force base year only, even when the scenario names a horizon.
    bool baseYearOnly = false;
    /// Allocation of children to schools; nullopt = no allocation.
    std::optional<core::AllocationMode> allocation = core::AllocationMode::Optimal;
    /// Allocate every projected year as well as the base year (else the base year only).
    bool allocateEveryYear = true;
    double gridMeters = kDefaultGridMeters; ///< demand grid spacing, metres, > 0
    /// Road network for distances: FILE or FILE:LAYER (any OGR line source, .osm, .osm.pbf);
    /// empty = straight lines.
    std::string roads;
    /// Monte Carlo draws for the 学位预警; 0 = none.
    int monteCarloDraws = 0;
    std::uint64_t randomSeed = kDefaultRandomSeed;
    /// Worker threads for the Monte Carlo and the solvers (≥ 1); results do not depend on it.
    int threads = kDefaultThreads;
    /// Warnings compare calibrated demand (expected enrolment) instead of resident demand.
    bool warnOnExpectedEnrolment = false;
    /// Also warn per school catchment (from the base-year optimal allocation).
    bool catchmentWarnings = false;
    /// Thresholds of the 学位预警; nullopt = the norms' (Norms::warnings).
    std::optional<core::WarningThresholds> warningThresholds;
    /// Build the catchment polygons of the base-year allocation (for maps and the GeoPackage).
    bool catchmentShapes = true;
    /// Keep each projected year's allocation problems (points with that year's children,
    /// schools, distances) in YearResult::allocationProblems, for the optimiser; off by default
    /// because they are as large as the grid.
    bool keepYearProblems = false;
};

} // namespace xw::study
