#pragma once
// What every subcommand shares: exit codes, the default dataset, option parsers with bilingual
// messages, progress lines, and the one place where a failure becomes a message and an exit code.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/common/progress.hpp>
#include <xw/core/model/stage.hpp>
#include <xw/core/projection/projection.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::study {
class Study;
}

namespace xw::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCancelled = 130;
/// A failure of the program itself (EX_SOFTWARE of sysexits.h), not of the input: a bug to report.
inline constexpr int kExitInternal = 70;

/// A subcommand: its CLI11 app and what runs it (returns the exit code).
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Command addRunCommand(CLI::App& app);
Command addProjectCommand(CLI::App& app);
Command addCheckCommand(CLI::App& app);
Command addBackTestCommand(CLI::App& app);
Command addScenarioCommand(CLI::App& app);
Command addCompareCommand(CLI::App& app);
Command addExportCommand(CLI::App& app);
Command addMapCommand(CLI::App& app);
Command addReportCommand(CLI::App& app);
Command addOptimiseCommand(CLI::App& app);
Command addZonesCommand(CLI::App& app);

/// The embedded dataset's folder: $XUEWEI_DATA, else the source tree's data/yangjiang, else
/// ../share/xuewei/data/yangjiang beside the executable.
[[nodiscard]] std::filesystem::path defaultDataDir();

/// A usage error (exit 2) with a bilingual message.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// "2020-2035" (or one year "2030"). \throws UsageError.
[[nodiscard]] std::pair<int, int> parseYears(const std::string& text);
/// Stage codes or names. \throws UsageError naming the unknown one.
[[nodiscard]] std::vector<core::Stage> parseStages(const std::vector<std::string>& names);
/// low / medium / high (or 低 / 中 / 高). \throws UsageError.
[[nodiscard]] core::FertilityVariant parseFertility(const std::string& text);
/// "P,U" (0 ≤ P ≤ 1, U > 0). \throws UsageError.
[[nodiscard]] std::pair<double, double> parseThreshold(const std::string& text,
                                                       const std::string& option);

/// A CLI11 validator with a bilingual message for a number in [low, high].
[[nodiscard]] CLI::Validator rangeCheck(double low, double high);

/// Runs `body`, turning every failure into its message on stderr and an exit code: StudyError,
/// gis::GisError, scenarios::ScenarioError → 1 (with every diagnostic listed); UsageError → 2;
/// core::Cancelled → 130; anything else → 1 as an internal error.
int guarded(const std::function<int()>& body);

/// Prints diagnostics (the first `shown`, grouped, then a count and where the rest are).
void printDiagnostics(std::ostream& os, const std::vector<core::Diagnostic>& ds, std::size_t shown,
                      const std::string& restIn);

/// Progress lines on stderr: one per step with its time ("[projection] 预测 … 0.1 s").
class ProgressPrinter {
public:
    explicit ProgressPrinter(bool quiet = false) : m_quiet(quiet) {}
    ~ProgressPrinter();
    ProgressPrinter(const ProgressPrinter&) = delete;
    ProgressPrinter& operator=(const ProgressPrinter&) = delete;

    /// A Progress that reports here: a step of another name starts a new line.
    [[nodiscard]] core::Progress progress();
    /// A Progress whose reports stay on the current step's line, whatever step they name: once
    /// the step has run for a second, its percentage in tenths (" 30%").
    [[nodiscard]] core::Progress progressInStep();
    /// Starts a step of the command itself (loading, writing, …).
    void step(const std::string& label);
    /// Ends the current step and prints its time.
    void finish();

private:
    void report(std::string_view step, std::int64_t done, std::int64_t total);
    /// Prints " N0%" when `done` of `total` reaches a new tenth.
    void printTenths(std::int64_t done, std::int64_t total);

    bool m_quiet = false;
    std::string m_current; ///< the step key being timed
    std::chrono::steady_clock::time_point m_start;
    int m_lastTenth = -1;
};

/// \throws UsageError when both --data and --scenario are given (a scenario names its dataset).
void requireDataOrScenario(const std::string& data, const std::string& scenario);

/// What --scenario and --data name: the scenario files, else the dataset `data`, else the
/// embedded dataset. \throws UsageError when both are given (requireDataOrScenario).
[[nodiscard]] std::vector<std::filesystem::path>
studySources(const std::string& data, const std::vector<std::string>& scenarios);

/// Opens the study of each source in turn (a scenario file or a dataset folder), one progress
/// line each. \throws study::StudyError from Study::open.
[[nodiscard]] std::vector<study::Study>
openStudies(const std::vector<std::filesystem::path>& sources, ProgressPrinter& progress);

/// Opens the study of `scenario`, else of the dataset `data`, else the embedded dataset, on one
/// progress line. \throws UsageError when both are given; study::StudyError from Study::open.
[[nodiscard]] study::Study openStudy(const std::string& data, const std::string& scenario,
                                     ProgressPrinter& progress);

/// \throws UsageError when `year` lies outside the study's base year .. horizon.
void requireYearInStudy(const study::Study& study, int year);

} // namespace xw::cli
