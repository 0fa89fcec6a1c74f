#pragma once
// Loading a dataset for a command: the gis loader, then the dataset's norm overrides. Failures are
// printed here, once, in the CLI's format.
#include <xw/gis/dataset.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace xw::cli {

struct Loaded {
    gis::DatasetLoad data;
    int errors = 0;   ///< records skipped
    int warnings = 0; ///< records repaired
};

/// Loads `dir` and applies its norms file; prints the error and returns nullopt when unusable.
[[nodiscard]] std::optional<Loaded> load(const std::filesystem::path& dir);

/// Two lines: what the dataset holds, and the validation counts.
[[nodiscard]] std::string summaryLine(const Loaded& l);

/// Creates the output folder (and its parents) if missing.
/// \throws gis::GisError naming the folder and the system's reason.
void createOutputFolder(const std::filesystem::path& dir);

/// Writes every problem of the load as a CSV table (atomically).
void writeValidation(const std::filesystem::path& out, const Loaded& l);

} // namespace xw::cli
