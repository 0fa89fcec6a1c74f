#pragma once
// The pictures a leader gets from the main job (`xuewei run`): the report PDF and PNG maps,
// written into an output folder beside the tables.
#include <xw/core/common/progress.hpp>
#include <xw/study/study.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace xw::viewer {

/// Writes `folder`/report.pdf (buildReport of a run of `study` with reportStudyConfig over the
/// years of `results`, else the scenario's horizon or 2035) and `folder`/maps/*.png at 1920 ×
/// 1080 from `results` (the run the tables came from): the shortfall of every stage with schools,
/// primary utilisation, the districts' indicators, with the allocation the primary 2SFCA
/// accessibility with catchments, and the last year's primary 学位预警. A QGuiApplication must
/// exist. Returns the files written (relative to `folder`).
/// \throws std::runtime_error naming a file that cannot be written; study::StudyError;
/// core::Cancelled.
std::vector<std::string> writeLeadersOutputs(study::Study& study,
                                             const study::StudyResults& results,
                                             const std::filesystem::path& folder,
                                             const core::Progress& progress = {});

} // namespace xw::viewer
