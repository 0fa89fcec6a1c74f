#pragma once
// Side-by-side comparison of scenarios: the figures leaders compare (shortfall, 大班额, indicators,
// teachers and land needed, capital cost, distances) per district, stage and year for every
// scenario, with the difference against the first.
#include <xw/core/common/table.hpp>
#include <xw/core/model/plan.hpp>
#include <xw/study/study_results.hpp>

#include <string>
#include <vector>

namespace xw::study {

/// What a plan builds by a year, and what that costs (Norms::capitalCost, [A] defaults).
/// A new school's land and floor area are its own when the scenario gives them, else its seats ×
/// the stage's land (central-city norm in urban towns) and floor area per student; classes added
/// to existing schools need their seats × floor area per student of building. Cost = land ×
/// per-m² land + floor × per-m² floor + classes × fitting-out per class. Reductions and closures
/// save nothing; 配套幼儿园 are built by developers and not counted.
struct PlanCost {
    std::int64_t newSchools = 0;
    std::int64_t classesAdded = 0;
    double landM2 = 0.0;
    double floorM2 = 0.0;
    double costYuan = 0.0;
};

/// The cost of the interventions dated ≤ year, for the whole city (district = "") or the schools
/// of one district (its code).
[[nodiscard]] PlanCost planCost(const core::CityData& base, const core::Plan& plan, int year,
                                const std::string& district = "");

/// One scenario's run for a comparison.
struct ComparedRun {
    std::string name;
    std::string file;
    const StudyResults* results = nullptr; ///< must outlive the call
    const core::Plan* plan = nullptr;
    const core::CityData* base = nullptr; ///< the study's base city (Study::city())
};

/// compare_scenarios (one row per scenario: name, file, what it builds and costs by the last year),
/// compare_areas (per year, city and district, stage: every figure per scenario, suffix _1, _2, …,
/// and the difference with the first, suffix _diff_2, …), compare_indicators (per year, area and
/// indicator: value and pass per scenario). The runs must cover the same years.
/// \throws StudyError when they do not.
[[nodiscard]] std::vector<core::Table> comparisonTables(const std::vector<ComparedRun>& runs);

/// One town's seat shortfall (学位缺口, demand − seats where positive) for one stage and year in
/// two runs, and the second minus the first (negative: the second scenario is short of fewer
/// seats).
struct TownDifference {
    std::string code;
    std::string name;
    double first = 0.0;
    double second = 0.0;
    double difference = 0.0; ///< second − first
};

/// Per town of the first run's city, in region order, for `stage` in `year`: the base year's
/// balance (StudyResults::balance) when `year` is the base year, else the year's YearResult. A
/// town missing from the second run's balance counts as no shortfall there.
/// \throws StudyError when either run lacks the year.
[[nodiscard]] std::vector<TownDifference> townShortfallDifference(const StudyResults& first,
                                                                  const StudyResults& second,
                                                                  core::Stage stage, int year);

/// The last year's difference with the first scenario as map layers: towns (per stage, seat
/// shortfall of each scenario and their difference) and schools (every school of any scenario:
/// per stage seats and, when allocated, children assigned, per scenario and the difference).
[[nodiscard]] std::vector<core::Table> comparisonLayers(const std::vector<ComparedRun>& runs);

} // namespace xw::study
