#pragma once
// The back-test of the projection as a study: project a dataset of an earlier year to the years of
// one or more later datasets and compare with the enrolment observed in them (docs/projection.md,
// "Back-test").
#include <xw/core/common/progress.hpp>
#include <xw/core/common/table.hpp>
#include <xw/core/projection/backtest.hpp>
#include <xw/scenarios/scenario.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace xw::study {

struct BackTestResults {
    std::string earlierName; ///< dataset names, for reports
    int earlierYear = 0;
    std::vector<std::pair<std::string, int>> later; ///< (dataset name, base year)
    std::set<int> years;                            ///< observed years
    int firstYear = 0;                              ///< the projection's first year
    core::BackTestResult byGrade;                   ///< per town (district), stage and grade
    core::BackTestResult byTown;                    ///< per town (district) and stage
    /// Summaries per level ("grade", "town") and year ("2020", or "all" with several years).
    std::vector<std::pair<std::string, core::BackTestResult>> summaries;
    std::map<std::string, std::string> unitNames; ///< town and district code → name
    std::vector<core::Diagnostic> diagnostics;    ///< load problems of every dataset, warnings
};

/// \throws StudyError when a dataset cannot be loaded, a later dataset's base year is not after
/// the earlier one's or repeats another's, the cities differ, or the projection fails.
[[nodiscard]] BackTestResults backTest(const std::filesystem::path& earlier,
                                       const std::vector<std::filesystem::path>& later,
                                       const scenarios::Assumptions& assumptions,
                                       const core::Progress& progress = {});

/// backtest (every row) and backtest_summary tables.
[[nodiscard]] std::vector<core::Table> backTestTables(const BackTestResults& r);

} // namespace xw::study
