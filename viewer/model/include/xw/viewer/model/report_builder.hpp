#pragma once
// The leaders' report as a ReportDocument, from the results of one or more scenarios of a study
// (study::StudyResults): title page, city summary, indicator scorecard against the plan's targets
// and date, one shortfall map per stage, the towns short of seats, demand against seats per stage
// to the horizon, the 学位预警 maps of chosen years, the most overcrowded schools, the housing
// projects failing the 配套幼儿园 rule and, with two or more scenarios, their difference. Every
// figure is the engine's; the builder only picks, orders and formats them.
#include <xw/core/model/plan.hpp>
#include <xw/study/study.hpp>
#include <xw/viewer/report/report_document.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::viewer {

/// Monte Carlo draws of the report's 学位预警: the study's default (study::kDefaultWarningDraws),
/// as many as `xuewei project` runs.
inline constexpr int kReportDraws = study::kDefaultWarningDraws;

/// One scenario of the report.
struct ReportScenario {
    std::string name;
    std::string file; ///< the scenario file or dataset folder (source line)
    const study::StudyResults* results = nullptr; ///< must outlive buildReport
    const core::Plan* plan = nullptr;             ///< Study::scenario().plan (comparison)
    const core::CityData* base = nullptr;         ///< Study::city() (comparison)
};

struct ReportOptions {
    Paper paper = Paper::A4;
    /// Stages of the maps and charts; empty: every stage some school of the base year serves.
    std::vector<core::Stage> stages;
    /// Years of the 学位预警 maps; empty: five years after the base year (when projected) and the
    /// last year.
    std::vector<int> warningYears;
    /// Stages of the 学位预警 maps; empty: kindergarten, primary and junior among `stages`.
    std::vector<core::Stage> warningStages;
    int overcrowded = 20; ///< rows of the most-overcrowded table
};

/// The config of a report's run of `study`: projected years (`years`, else the scenario's
/// horizon, else the population year to study::kDefaultHorizonYear), the Monte Carlo with `draws`
/// draws, no allocation (the report shows none; the run takes a fraction of the time).
[[nodiscard]] study::StudyConfig reportStudyConfig(const study::Study& study,
                                                   std::optional<std::pair<int, int>> years,
                                                   int draws = kReportDraws);

/// The report of `scenarios` (the first is the main one; the rest are compared with it).
/// \throws std::invalid_argument when there is no scenario, a warning year is not projected, or
/// the scenarios do not share their dataset and years; study::StudyError from the comparison.
[[nodiscard]] ReportDocument buildReport(const std::vector<ReportScenario>& scenarios,
                                         const ReportOptions& options = {});

} // namespace xw::viewer
