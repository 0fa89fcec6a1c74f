#pragma once
// Per-record problems found while reading a dataset: reported to the caller, not thrown.
#include <string>

namespace xw::gis {

enum class Severity { Warning, Error };

/// One problem with one record. A Warning means the record was used after a repair; an Error means
/// it was skipped.
struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;      ///< source file as named in the manifest, e.g. schools.csv
    std::string layer;     ///< our layer or table name, e.g. schools
    std::string featureId; ///< the record's id or code, or "row N" (1-based data row) in tables
    std::string field;     ///< the user's column name; empty when the problem is not one field's
    std::string message;   ///< Chinese first, then English: "不是数字 / not a number: \"abc\""
};

/// One line for people, e.g.
/// `错误 error: schools.csv [schools] 要素 feature S0123, 字段 field 经度: 不是数字 / not a number:
/// "abc"`.
[[nodiscard]] std::string toString(const Diagnostic& d);

} // namespace xw::gis
