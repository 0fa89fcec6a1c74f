#pragma once
// UTF-8 checks and conversion to GBK (code page 936) for the exports. Not public.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xw::gis::detail {

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
[[nodiscard]] bool isValidUtf8(std::string_view text);

/// `text` (valid UTF-8) split into its characters, each as its UTF-8 bytes.
[[nodiscard]] std::vector<std::string> utf8Characters(std::string_view text);

/// `text` (valid UTF-8) in GBK (CP936, via iconv), or nullopt when a character has no GBK
/// code; then `bad` (if given) receives the first such character.
[[nodiscard]] std::optional<std::string> toGbk(std::string_view text, std::string* bad = nullptr);

} // namespace xw::gis::detail
