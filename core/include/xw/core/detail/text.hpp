#pragma once
// ASCII text helpers shared by the parsers of every layer (core's stage and category names, the
// gis tables and manifest, the road classes). Bytes ≥ 0x80 (UTF-8 sequences) are never changed,
// so Chinese text passes through untouched.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xw::core::detail {

/// True for the six ASCII white-space characters: space, \t, \n, \v, \f, \r.
[[nodiscard]] constexpr bool isAsciiSpace(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/// `s` without leading and trailing ASCII white space. A view into `s`.
[[nodiscard]] constexpr std::string_view trimAscii(std::string_view s) noexcept {
    while (!s.empty() && isAsciiSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isAsciiSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

/// A copy of `s` with the ASCII letters A–Z lowered; every other byte unchanged (locale-free).
[[nodiscard]] inline std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// Edit distance between two UTF-8 strings in code points, a swap of neighbours counting as one
/// edit (optimal string alignment): "tabels" → "tables" is 1. An invalid byte counts as one code
/// point.
[[nodiscard]] std::size_t editDistance(std::string_view a, std::string_view b);

/// The candidate nearest to `word` by editDistance (the first of equals), or "" when none is close
/// enough to be a likely typo: distance ≤ max(1, a third of the longer word in code points).
[[nodiscard]] std::string nearestWord(std::string_view word,
                                      const std::vector<std::string>& candidates);

} // namespace xw::core::detail
