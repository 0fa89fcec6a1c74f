#pragma once
// Internal: parsing the text cells of layers and tables (numbers, yes/no values) and quoting them
// in messages. Trimming and lowering are core's (xw/core/detail/text.hpp).
#include <xw/core/detail/text.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace xw::gis::detail {

using core::detail::lowerAscii;
using core::detail::trimAscii;

/// The whole of `s` as a finite double (from_chars: no locale, no leading '+' or spaces), or
/// nullopt.
[[nodiscard]] std::optional<double> parseDouble(std::string_view s);

/// 是/否, true/false, yes/no, 1/0, y/n (ASCII case-insensitive); with `urbanWords` also
/// 城镇/城市/街道/urban (true) and 乡村/农村/rural (false). nullopt for anything else.
[[nodiscard]] std::optional<bool> parseBool(std::string_view s, bool urbanWords);

/// `s` in double quotes, for messages.
[[nodiscard]] std::string inQuotes(std::string_view s);

} // namespace xw::gis::detail
