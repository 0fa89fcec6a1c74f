// Parsing the cells of one record with range checks; every problem is reported with the
// record's id and column.
#include "detail/source/source_reader.hpp"

#include <xw/gis/error.hpp>

#include "detail/checks/file_checks.hpp"
#include "detail/encoding.hpp"
#include "detail/text.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace xw::gis::detail {
namespace {

std::string formatNumber(double v) {
    char buffer[64];
    if (v == std::floor(v) && std::abs(v) < 1e15) {
        std::snprintf(buffer, sizeof buffer, "%.0f", v);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.6g", v);
    }
    return buffer;
}

/// "not a number", or "not a finite number" for infinities and NaN in any spelling.
std::string notANumber(const std::string& text) {
    const std::string l = lowerAscii(text);
    const bool nonFinite = l.find("inf") != std::string::npos ||
                           l.find("nan") != std::string::npos ||
                           (std::strtod(text.c_str(), nullptr) != 0.0 &&
                            !std::isfinite(std::strtod(text.c_str(), nullptr)));
    return (nonFinite ? "不是有限的数字 / not a finite number: " : "不是数字 / not a number: ") +
           inQuotes(text);
}

} // namespace

// ----------------------------------------------------------------------------------------------
// Record

std::optional<std::string> Record::text(const std::string& field) {
    m_badText = false;
    if (!m_reader.has(field)) {
        return std::nullopt;
    }
    auto v = m_reader.text(m_feature, field);
    if (v && !isUtf8(*v)) {
        const auto guess = guessEncoding(*v);
        error(field, "文本不是 UTF-8 编码" +
                         (guess ? "（看起来是 " + *guess + "）" : std::string()) +
                         "，请另存为 UTF-8 或在清单中写 encoding / text is not UTF-8" +
                         (guess ? " (it looks like " + *guess + ")" : std::string()) +
                         ": save the file as UTF-8 or give encoding in the manifest");
        m_badText = true;
        return std::nullopt;
    }
    return v;
}

std::optional<std::string> Record::given(const std::string& field, bool isRequired) {
    auto v = text(field);
    if (!v && isRequired && !m_badText) {
        error(field, "缺少值 / missing value");
    }
    return v;
}

std::string Record::required(const std::string& field) {
    return given(field, true).value_or("");
}

std::optional<double> Record::nonNegative(const std::string& field, bool isRequired,
                                          std::string& written) {
    const auto v = given(field, isRequired);
    if (!v) {
        return std::nullopt;
    }
    const auto d = parseDouble(*v);
    if (!d) {
        error(field, notANumber(*v));
        return std::nullopt;
    }
    if (*d < 0.0) {
        error(field, "不能为负数 / must not be negative: " + inQuotes(*v));
        return std::nullopt;
    }
    written = *v;
    return d;
}

std::optional<double> Record::number(const std::string& field, bool isRequired, double max) {
    std::string written;
    const auto d = nonNegative(field, isRequired, written);
    if (!d) {
        return std::nullopt;
    }
    if (*d > max) {
        error(field, "超出合理范围 / out of range: " + inQuotes(written) + " (允许 allowed 0–" +
                         formatNumber(max) + ")");
        return std::nullopt;
    }
    return d;
}

std::optional<std::int64_t> Record::integer(const std::string& field, bool isRequired,
                                            std::int64_t max) {
    std::string written;
    const auto d = nonNegative(field, isRequired, written);
    if (!d) {
        return std::nullopt;
    }
    if (*d > static_cast<double>(max)) {
        error(field, "超出合理范围 / out of range: " + inQuotes(written) + " (允许 allowed 0–" +
                         std::to_string(max) + ")");
        return std::nullopt;
    }
    if (*d != std::floor(*d)) {
        error(field, "不是整数 / not a whole number: " + inQuotes(written));
        return std::nullopt;
    }
    return static_cast<std::int64_t>(*d);
}

std::optional<int> Record::count(const std::string& field, bool isRequired, int max) {
    const auto v = integer(field, isRequired, max);
    if (!v) {
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

std::optional<int> Record::year(const std::string& field, bool isRequired) {
    const auto v = given(field, isRequired);
    if (!v) {
        return std::nullopt;
    }
    const auto d = parseDouble(*v);
    if (!d || *d != std::floor(*d)) {
        error(field, "不是年份 / not a year: " + inQuotes(*v));
        return std::nullopt;
    }
    if (*d < kFirstYear || *d > kLastYear) {
        error(field, "年份超出范围 / year out of range: " + inQuotes(*v) + " (允许 allowed " +
                         std::to_string(kFirstYear) + "–" + std::to_string(kLastYear) + ")");
        return std::nullopt;
    }
    return static_cast<int>(*d);
}

std::optional<bool> Record::boolean(const std::string& field, bool urbanWords) {
    const auto v = text(field);
    if (!v) {
        return std::nullopt;
    }
    const auto b = parseBool(*v, urbanWords);
    if (!b) {
        error(field, "不是是/否值 / not a yes/no value: " + inQuotes(*v));
    }
    return b;
}

void Record::errorColumn(const std::string& column, const std::string& message) {
    report(Severity::Error, column, message);
    m_ok = false;
}

void Record::error(const std::string& field, const std::string& message) {
    report(Severity::Error, field.empty() ? std::string() : m_reader.column(field), message);
    m_ok = false;
}

void Record::warning(const std::string& field, const std::string& message) {
    report(Severity::Warning, field.empty() ? std::string() : m_reader.column(field), message);
}

void Record::report(Severity s, const std::string& column, const std::string& message) {
    m_out.push_back({s, m_reader.spec().sourceLabel, m_reader.spec().key, m_id, column, message});
}

// ----------------------------------------------------------------------------------------------

std::string rowId(std::size_t row) {
    return "row " + std::to_string(row);
}

} // namespace xw::gis::detail
