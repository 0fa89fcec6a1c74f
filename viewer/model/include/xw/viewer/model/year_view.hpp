#pragma once
// Which of a study's results a map, a panel or a report page shows for a year. No computation:
// pointers into StudyResults.
//
// The base year shows the base-year results (StudyResults::balance, indicators, allocation: the
// recorded enrolment, the same figures as balance_areas.csv). Any other year shows its
// YearResult (projected enrolment, balance_by_year.csv). Charts over the years read the
// YearResults of every year, the base year's included, so that a series is one method.
#include <xw/study/study_results.hpp>

#include <optional>
#include <vector>

namespace xw::viewer {

struct YearView {
    int year = 0;
    bool baseYear = true;
    const core::CityData* city = nullptr; ///< the city of that year (school indices)
    const core::SeatBalance* balance = nullptr;
    /// Null when the study has no indicators for the year (a projection without the base year).
    const std::vector<core::AreaIndicators>* indicators = nullptr;
    /// Per stage allocated, in the order of AllocationResults::stages; empty without allocation
    /// (or for a projected year when the study allocated the base year only).
    std::vector<const core::AllocationResult*> allocation;

    /// The allocation of `stage`, or nullptr.
    [[nodiscard]] const core::AllocationResult* allocationOf(core::Stage stage) const;
};

/// The year view of `year` (nullopt: the base year).
/// \throws std::invalid_argument (message Chinese first) when the results have no such year.
[[nodiscard]] YearView yearView(const study::StudyResults& results, std::optional<int> year);

/// The years a study can show: the base year, then every projected year other than it, ascending.
[[nodiscard]] std::vector<int> shownYears(const study::StudyResults& results);

/// The 学位预警 cell of a town (or, for a stage recruited per district, of the district) for a
/// stage and year, or nullptr when the study ran no Monte Carlo or lacks the year. `code` is the
/// town's or district's code.
[[nodiscard]] const core::WarningCell* warningCell(const study::StudyResults& results,
                                                   const std::string& code, core::Stage stage,
                                                   int year);

/// True when the stage's shortfalls are netted per district (StageNorms::catchment): senior,
/// vocational and special schools recruit county-wide.
[[nodiscard]] bool districtStage(const core::CityData& city, core::Stage stage);

} // namespace xw::viewer
