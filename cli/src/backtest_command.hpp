#pragma once
// `xuewei backtest`: projects a dataset of an earlier year to the years of one or more later
// datasets and reports the error of the projected enrolment against the enrolment observed in
// them (issue 3, docs/projection.md "Back-test").
#include "project_command.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xw::cli {

struct BackTestOptions {
    std::optional<std::filesystem::path> fromDir; ///< default: defaultEarlierDataDir()
    std::vector<std::filesystem::path> toDirs;    ///< default: {defaultDataDir()}
    std::filesystem::path outDir = "out";
    /// Fertility, housing delay, migration and calibration; `years` is not used (the projection
    /// runs from the earlier dataset's population year to the last observed year).
    ProjectionOptions projection;
    int worstTowns = 5; ///< towns listed per stage, largest absolute error first
};

/// The folder "<name>-2016" beside `dir` (e.g. data/yangjiang → data/yangjiang-2016).
[[nodiscard]] std::filesystem::path earlierSnapshotDir(const std::filesystem::path& dir,
                                                       int year = 2016);
/// The embedded dataset's 2016 snapshot: earlierSnapshotDir(defaultDataDir()).
[[nodiscard]] std::filesystem::path defaultEarlierDataDir();

/// Exit codes: 0 done; 1 bad input (a dataset cannot be loaded, a later dataset's base year is
/// not after the earlier one's, different cities, the projection fails, outputs not written).
int backTestCommand(const BackTestOptions& options);

} // namespace xw::cli
