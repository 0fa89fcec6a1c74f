#pragma once
// One problem found in the input or met during a computation: the single diagnostic type of every
// layer (core, gis, scenarios, the study engine). Recoverable problems are collected as
// diagnostics and returned with the result; only failures that stop the whole operation throw.
#include <string>
#include <vector>

namespace xw::core {

enum class Severity {
    Info,    ///< worth saying, nothing was changed (e.g. a default assumed)
    Warning, ///< the record or value was used after a repair or an assumption
    Error,   ///< the record was skipped, or the computation could not be done
};

/// Where a problem lies and why. Every field but `severity` and `message` may be empty.
/// Subjects of input problems are file / layer / feature / field; subjects of computation
/// problems are the area, school, stage and year, written into `layer` (towns, schools, …),
/// `featureId` (the town code or school id), `field` (a stage or a quantity) and `year`.
struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;      ///< source file as named by the user (manifest, scenario, CLI)
    std::string layer;     ///< our layer or table name, e.g. schools; or the computation's subject
    std::string featureId; ///< the record's id or code, or "row N" (1-based data row) in tables
    std::string field;     ///< the user's column or key name; empty when not one field's
    /// Chinese first, then English, separated by " / ": "不是数字 / not a number: \"abc\"".
    std::string message;
    int year = 0;   ///< the year the problem concerns; 0 when not one year's
    int line = 0;   ///< 1-based line in `file` when known (scenario and manifest files); else 0
    int column = 0; ///< 1-based column in `file` when known; else 0
};

/// One line for people, e.g.
/// `错误 error: schools.csv [schools] 要素 feature S0123, 字段 field 经度: 不是数字 / not a number:
/// "abc"`.
[[nodiscard]] std::string toString(const Diagnostic& d);

/// "info", "warning", "error".
[[nodiscard]] const char* severityCode(Severity s);

/// Number of diagnostics of a severity.
[[nodiscard]] std::size_t countOf(const std::vector<Diagnostic>& ds, Severity s);

} // namespace xw::core
