#pragma once
// `xuewei project`: demand projection by town, stage and year with Monte Carlo uncertainty and
// the 学位预警 level; and the per-year balance that `xuewei run --years` prints.
#include "loading.hpp"

#include <xw/core/allocation/allocation.hpp>
#include <xw/core/projection/monte_carlo.hpp>
#include <xw/core/projection/projection.hpp>
#include <xw/core/balance/seat_balance.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::cli {

struct ProjectionOptions {
    std::optional<std::pair<int, int>> years; ///< first..last; default base year..2035
    core::FertilityVariant fertility = core::FertilityVariant::Medium;
    int housingDelayYears = 0;
    double migrationRatePerYear = 0.0; ///< net, all ages and categories, per person per year
    bool calibrate = true;
};

struct ProjectOptions {
    std::optional<std::filesystem::path> dataDir;
    std::filesystem::path outDir = "out";
    ProjectionOptions projection;
    int draws = 1000;
    std::uint64_t seed = 1;
    int threads = 2;
    bool compareCalibrated = false; ///< warnings on expected enrolment instead of resident demand
    /// Also judge every school's catchment: shares of town demand from the base-year optimal
    /// allocation on a grid of `catchmentGridMeters`.
    bool catchments = false;
    double catchmentGridMeters = 250.0;
    /// --roads FILE[:LAYER] with --catchments: that allocation by road distance (as `xuewei run
    /// --roads`); empty → straight lines.
    std::string catchmentRoads;
    core::WarningThresholds thresholds; ///< defaults documented in docs/projection.md
};

/// Parses "P,U" (probability of demand above seats, utilisation), e.g. "0.5,1.05".
[[nodiscard]] std::optional<std::pair<double, double>> parseThreshold(const std::string& text);

/// School catchments as shares of their towns' demand, from a base-year allocation: for school j
/// and town t, the children of t assigned to j ÷ the base-year demand of t for the stage (from
/// `base`), so that in the base year a catchment's demand is exactly the children assigned.
[[nodiscard]] std::vector<core::CatchmentShare>
catchmentShares(const core::CityData& city, const core::SeatBalance& base,
                const std::vector<core::AllocationProblem>& problems,
                const std::vector<core::AllocationResult>& results);

/// Parses "2020-2035" (or one year "2030"). Returns nullopt for anything else.
[[nodiscard]] std::optional<std::pair<int, int>> parseYears(const std::string& text);
/// low / medium / high (or 低 / 中 / 高).
[[nodiscard]] std::optional<core::FertilityVariant> parseFertility(const std::string& text);

/// Builds the projection configuration for a loaded city; an error message when the years are
/// outside what the data allows.
struct ProjectionSetup {
    core::ProjectionConfig config;
    int firstYear = 0;
    int lastYear = 0;
    std::string error; ///< empty when usable
};
[[nodiscard]] ProjectionSetup makeProjectionConfig(const core::CityData& city,
                                                   const ProjectionOptions& options);

/// Runs the projection and the per-year balance; prints the city table by year. Returns false
/// (after printing why) when the projection cannot be done.
struct YearSeries {
    core::ProjectionResult projection;
    std::vector<core::SeatBalance> balances; ///< one per year first..last
};
[[nodiscard]] std::optional<YearSeries> projectYears(const core::CityData& city,
                                                     const ProjectionSetup& setup);

/// The city by year and stage: demand, seats, Σ local shortfall, units short.
[[nodiscard]] std::string renderYearSeries(const core::CityData& city, const YearSeries& series);
/// All area rows of every year's balance, with a year column.
[[nodiscard]] std::vector<std::string> yearBalanceHeader();
[[nodiscard]] std::vector<std::vector<std::string>> yearBalanceRows(const core::CityData& city,
                                                                    const YearSeries& series);

int projectCommand(const ProjectOptions& options);

} // namespace xw::cli
