#include "detail/text.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace xw::gis::detail {

std::optional<double> parseDouble(std::string_view s) {
    double value = 0.0;
    const char* end = s.data() + s.size();
    const auto result = std::from_chars(s.data(), end, value);
    if (result.ec != std::errc() || result.ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<bool> parseBool(std::string_view s, bool urbanWords) {
    const std::string v = lowerAscii(s);
    if (v == "是" || v == "true" || v == "yes" || v == "1" || v == "y") {
        return true;
    }
    if (v == "否" || v == "false" || v == "no" || v == "0" || v == "n") {
        return false;
    }
    if (urbanWords) {
        if (v == "城镇" || v == "urban" || v == "城市" || v == "街道") {
            return true;
        }
        if (v == "乡村" || v == "rural" || v == "农村") {
            return false;
        }
    }
    return std::nullopt;
}

std::string inQuotes(std::string_view s) {
    // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "\"" + std::string(s) + "\"".
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    out += s;
    out += '"';
    return out;
}

} // namespace xw::gis::detail
