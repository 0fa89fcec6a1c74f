#pragma once
// Terminal tables from a study's results. Presentation only: every number shown is in
// StudyResults; nothing here computes a figure the results do not hold.
#include <xw/study/backtest.hpp>
#include <xw/study/study_results.hpp>

#include <string>
#include <vector>

namespace xw::cli {

/// Two lines: what the dataset holds, and the validation counts.
[[nodiscard]] std::string renderSummary(const core::CityData& city, const std::string& scenario,
                                        const std::string& workingCrs,
                                        const std::vector<core::Diagnostic>& diagnostics);
/// The headline: per stage, the city's demand, seats, shortfall and the units short of seats.
[[nodiscard]] std::string renderHeadline(const study::StudyResults& r);
/// One stage by district and town (by district only for stages recruited county-wide, whose
/// per-town shortfalls mean nothing).
[[nodiscard]] std::string renderStageTable(const study::StudyResults& r, core::Stage stage);
[[nodiscard]] std::string renderIndicators(const std::vector<core::AreaIndicators>& areas);
[[nodiscard]] std::string renderCoefficients(const core::CityData& city,
                                             const std::vector<core::BalanceResult>& r);
[[nodiscard]] std::string renderKindergartenChecks(const core::CityData& city,
                                                   const std::vector<core::KindergartenCheck>& c);
[[nodiscard]] std::string renderResources(const std::vector<core::AreaResources>& rows);
/// The base-year allocation of the stages in `stages` (empty: all), by district and city;
/// `verbose` adds the solver's objective and dual-certificate gap.
[[nodiscard]] std::string renderAllocation(const study::StudyResults& r,
                                           const std::vector<core::Stage>& stages, bool verbose);
/// The city by year and stage: demand / seats, and the local shortfall with the units short.
[[nodiscard]] std::string renderYearSeries(const study::StudyResults& r);
/// Per year, for the city: children without a seat per stage (allocation), indicators passed
/// and failed, large-class share, coefficients passed, teachers and land.
[[nodiscard]] std::string renderYearResults(const study::StudyResults& r);
/// The 学位预警: red/yellow units per year and stage, the red units of the last year, and with
/// catchment warnings the schools per year.
[[nodiscard]] std::string renderWarnings(const study::StudyResults& r, bool expectedEnrolment);
[[nodiscard]] std::string renderBackTest(const study::BackTestResults& r, int worstUnits);

/// Whole number text ("1234").
[[nodiscard]] std::string whole(double v);

} // namespace xw::cli
