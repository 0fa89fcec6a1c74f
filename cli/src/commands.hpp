#pragma once
// The subcommands of `xuewei`. Each returns the process exit code: 0 ok, 1 bad input.
#include <xw/core/model/stage.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;

struct RunOptions {
    std::optional<std::filesystem::path> dataDir; ///< default: the embedded Yangjiang dataset
    std::filesystem::path outDir = "out";
    std::vector<core::Stage> stages; ///< stages to print; empty = all
    bool quiet = false;              ///< print only the headline table
    /// Also project these years (first = the population year) and report each one.
    std::optional<std::pair<int, int>> years;
    std::string allocate = "optimal"; ///< --allocate zones|nearest|optimal|none
    double gridMeters = 250.0;        ///< --grid-m: demand grid spacing (allocation_report.hpp)
    std::string roads;                ///< --roads FILE[:LAYER]: road distances (roads.hpp)
};

int runCommand(const RunOptions& options);
int checkCommand(const std::filesystem::path& dataDir);

/// The embedded dataset's folder: $XUEWEI_DATA, else the source tree's data/yangjiang, else
/// ../share/xuewei/data/yangjiang beside the executable.
std::filesystem::path defaultDataDir();

} // namespace xw::cli
