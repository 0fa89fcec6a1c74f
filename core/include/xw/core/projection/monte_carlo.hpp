#pragma once
// Seeded Monte Carlo over births, migration and housing completion, and the 学位预警 level per
// town × stage × year. Same inputs and seed → bit-identical results whatever the thread
// count: every draw has its own generator seeded from (seed, draw index). Errors are returned in
// `errors` as core::Diagnostic, never thrown. Method and defaults: docs/projection.md.
#include <xw/core/balance/seats.hpp>
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/common/progress.hpp>
#include <xw/core/projection/projection.hpp>
#include <xw/core/projection/rng.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::core {

struct UncertaintyAssumptions {
    /// Births in years without data: multiplier exp(W_y), W a random walk whose yearly step is
    /// normal with this standard deviation (log scale) [A].
    double birthsLogSdPerYear = 0.03;
    /// Per draw and town, a shift of the net migration rate (all ages and categories), normal
    /// with this standard deviation, per person per year [A].
    double migrationRateSd = 0.005;
    /// Probability of an extra completion delay of 0, 1, 2, … years per housing project [A].
    std::vector<double> housingDelayProbabilities{0.50, 0.25, 0.15, 0.10};
};

/// A school's catchment for one stage, as shares of its towns' demand (for example from a
/// base-year allocation: children of town t assigned to the school ÷ all children of town t).
/// Its demand in a draw is Σ share × the town's demand in that draw.
struct CatchmentShare {
    std::string schoolId;
    Stage stage = Stage::Primary;
    double seats = 0.0;
    std::vector<std::pair<std::size_t, double>> townShares; ///< (town index, share 0..1)
};

enum class WarningLevel { Green, Yellow, Red };
/// "green", "yellow", "red".
std::string_view warningLevelCode(WarningLevel level);
/// The level for people, Chinese first: "绿色 Green", "黄色 Yellow", "红色 Red" (maps, report,
/// details all show this one label).
std::string_view warningLevelLabel(WarningLevel level);
/// The level of a warningLevelCode; nullopt for any other text.
std::optional<WarningLevel> parseWarningLevel(std::string_view code);

struct MonteCarloConfig {
    ProjectionConfig projection;
    UncertaintyAssumptions uncertainty;
    WarningThresholds thresholds;
    int draws = 1000;
    std::uint64_t seed = 1;
    /// Worker threads (≥ 1); results do not depend on it.
    int threads = 2;
    /// Compare calibrated demand (expected enrolment in the town's schools) rather than raw
    /// resident demand with seats.
    bool calibratedDemand = true;
    /// Seats beyond the base-year schools (classes × standard class size by grade) and the
    /// housing projects' planned kindergartens (from their delivery year).
    std::vector<AddedSeats> addedSeats;
    /// School catchments to judge as well (results in MonteCarloResult::catchmentCells).
    std::vector<CatchmentShare> catchments;
};

/// Uncertain demand of one town, stage and year against its seats.
struct WarningCell {
    int year = 0;
    std::size_t town = 0; ///< index into MonteCarloResult::townCodes
    Stage stage = Stage::Primary;
    double seats = 0.0;
    double deterministic = 0.0; ///< demand of the projection without draws
    double mean = 0.0;
    double p10 = 0.0; ///< quantiles of demand over draws (linear interpolation, type 7)
    double p50 = 0.0;
    double p90 = 0.0;
    double probabilityOverSeats = 0.0; ///< share of draws with demand ≥ seats + ½ child
    std::optional<double> utilisation; ///< p50 ÷ seats; nullopt (n/a) when seats are 0
    WarningLevel level = WarningLevel::Green;
};

struct MonteCarloResult {
    /// Why the draws were not made (not made when not empty): severity Error, layer
    /// "monte_carlo", featureId the town, births area, housing project or school the message
    /// names, field the stage code or norms key, year the year; each empty (0) when the message
    /// names none. The projection's own problems are among them, with this layer.
    std::vector<Diagnostic> errors;
    /// The draws were made; something was skipped or assumed: severity Warning, the other
    /// fields as in `errors`.
    std::vector<Diagnostic> warnings;
    int draws = 0;
    std::uint64_t seed = 0;
    std::vector<std::string> townCodes;
    std::vector<WarningCell> cells; ///< year-major, then town, then stage (all six stages)
    /// The same per district (sums of its towns' demand and seats in every draw), for stages
    /// recruited county-wide; `WarningCell::town` then indexes `districtCodes`.
    std::vector<std::string> districtCodes;
    std::vector<WarningCell> districtCells; ///< year-major, then district, then stage
    /// The same per school catchment of MonteCarloConfig::catchments: year-major, then catchment
    /// (`WarningCell::town` indexes the catchments; `stage` is the catchment's).
    std::vector<WarningCell> catchmentCells;

    [[nodiscard]] bool ok() const { return errors.empty(); }
};

/// The 学位预警 level for a probability of demand above seats and a utilisation.
[[nodiscard]] WarningLevel warningLevel(double probabilityOverSeats, double utilisation,
                                        const WarningThresholds& thresholds);

/// Runs config.draws projections with random births, migration and housing delays and compares
/// each town × stage × year's demand with its seats.
/// Reports ("monte_carlo", draws done, draws) on `progress` from the calling thread and polls its
/// cancel flag after every draw. \throws Cancelled when cancelled.
[[nodiscard]] MonteCarloResult runMonteCarlo(const CityData& city, const MonteCarloConfig& config,
                                             const Progress& progress = {});

} // namespace xw::core
