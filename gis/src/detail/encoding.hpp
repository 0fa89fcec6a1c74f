#pragma once
// Internal: character encodings of text sources (CSV, GeoJSON, the manifest). Every text reaches
// the loaders as UTF-8: a byte-order mark or the manifest's `encoding` says how to convert it, and
// text that is not UTF-8 without either is refused with what it looks like (GBK, UTF-16).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace xw::gis::detail {

/// True when `bytes` are valid UTF-8 (no overlong forms, no surrogates, ≤ U+10FFFF).
[[nodiscard]] bool isUtf8(std::string_view bytes);

/// The encoding a byte-order mark at the start of `bytes` names ("UTF-8", "UTF-16LE",
/// "UTF-16BE", "UTF-32LE", "UTF-32BE"), or nullopt.
[[nodiscard]] std::optional<std::string> bomEncoding(std::string_view bytes);

/// Length in bytes of the byte-order mark at the start of `bytes` (0 when none).
[[nodiscard]] std::size_t bomLength(std::string_view bytes);

/// The result of a conversion to UTF-8.
struct Utf8Text {
    std::string text;          ///< UTF-8, without a byte-order mark
    std::string error;         ///< why it failed (Chinese first, then English); empty on success
    std::size_t badOffset = 0; ///< byte offset of the first byte that could not be converted
    [[nodiscard]] bool ok() const { return error.empty(); }
};

/// Converts `bytes` from `encoding` (any name iconv knows: GBK, GB18030, UTF-16, UTF-16LE, …) to
/// UTF-8, dropping a leading byte-order mark. Fails on an unknown encoding or an invalid byte.
[[nodiscard]] Utf8Text toUtf8(std::string_view bytes, const std::string& encoding);

/// A guess at the encoding of text that is not UTF-8: "UTF-16LE"/"UTF-16BE" when every other
/// byte is 0 in the first line, "GBK" when the bytes decode as GB18030 and hold Chinese, else
/// nullopt.
[[nodiscard]] std::optional<std::string> guessEncoding(std::string_view bytes);

/// True when `encoding` names UTF-8 ("UTF-8", "utf8", …).
[[nodiscard]] bool isUtf8Name(std::string_view encoding);

/// UTF-8 text with every invisible or ambiguous character written out: a byte-order mark as
/// <U+FEFF>, no-break and zero-width spaces as <U+00A0>, <U+200B>, …, tabs as <TAB>, other
/// control characters as <U+00xx>, and leading or trailing spaces as <SP>. Invalid UTF-8 bytes
/// are shown as <0xNN>.
[[nodiscard]] std::string showInvisible(std::string_view utf8);

/// True when `text` looks like GBK read as Latin-1 (mojibake such as "Ñ§Ð£±êÊ¶Âë"): most of its
/// non-ASCII characters lie in U+0080–U+00FF.
[[nodiscard]] bool looksLikeLatin1Mojibake(std::string_view utf8);

} // namespace xw::gis::detail
