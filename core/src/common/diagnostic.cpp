#include <xw/core/common/diagnostic.hpp>

#include <algorithm>

namespace xw::core {

const char* severityCode(Severity s) {
    switch (s) {
    case Severity::Info:
        return "info";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "error";
}

std::size_t countOf(const std::vector<Diagnostic>& ds, Severity s) {
    return static_cast<std::size_t>(
        std::count_if(ds.begin(), ds.end(), [s](const Diagnostic& d) { return d.severity == s; }));
}

std::string toString(const Diagnostic& d) {
    std::string out;
    switch (d.severity) {
    case Severity::Info:
        out = "提示 note: ";
        break;
    case Severity::Warning:
        out = "警告 warning: ";
        break;
    case Severity::Error:
        out = "错误 error: ";
        break;
    }
    const bool located = !d.file.empty() || !d.layer.empty() || !d.featureId.empty() ||
                         !d.field.empty() || d.year != 0;
    if (located) {
        std::string where = d.file;
        if (d.line > 0) {
            where += ":" + std::to_string(d.line);
            if (d.column > 0)
                where += ":" + std::to_string(d.column);
        }
        if (!d.layer.empty())
            where += (where.empty() ? "[" : " [") + d.layer + "]";
        if (!d.featureId.empty())
            where += (where.empty() ? "" : " ") + std::string("要素 feature ") + d.featureId;
        if (!d.field.empty())
            where += (d.featureId.empty() ? (where.empty() ? "" : " ") : ", ") +
                     std::string("字段 field ") + d.field;
        if (d.year != 0)
            where += (where.empty() ? "" : ", ") + std::to_string(d.year) + " 年 year";
        out += where + ": ";
    }
    out += d.message;
    return out;
}

} // namespace xw::core
