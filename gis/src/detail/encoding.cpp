#include "detail/encoding.hpp"

#include <xw/core/detail/text.hpp>

#include <cerrno>
#include <cstdio>
#include <iconv.h>
#include <vector>

namespace xw::gis::detail {
namespace {

/// The code point at `s[i]` and its length; {-1, 1} for an invalid sequence.
std::pair<long, std::size_t> decodeAt(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        return {b0, 1};
    }
    std::size_t n = 0;
    long cp = 0;
    long min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4;
        cp = b0 & 0x07;
        min = 0x10000;
    } else {
        return {-1, 1};
    }
    if (i + n > s.size()) {
        return {-1, 1};
    }
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) {
            return {-1, 1};
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return {-1, 1};
    }
    return {cp, n};
}

/// An iconv conversion descriptor, closed on scope exit.
class Iconv {
public:
    Iconv(const char* to, const char* from) : m_cd(iconv_open(to, from)) {}
    ~Iconv() {
        if (ok()) {
            iconv_close(m_cd);
        }
    }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;
    [[nodiscard]] bool ok() const {
        // POSIX iconv_open reports failure as (iconv_t)-1: the cast is the interface.
        return m_cd != reinterpret_cast<iconv_t>(-1); // NOLINT(performance-no-int-to-ptr)
    }
    [[nodiscard]] iconv_t get() const { return m_cd; }

private:
    iconv_t m_cd;
};

} // namespace

bool isUtf8(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        const auto [cp, n] = decodeAt(bytes, i);
        if (cp < 0) {
            return false;
        }
        i += n;
    }
    return true;
}

std::optional<std::string> bomEncoding(std::string_view b) {
    const auto at = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
    if (b.size() >= 4 && at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) {
        return "UTF-32LE";
    }
    if (b.size() >= 4 && at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) {
        return "UTF-32BE";
    }
    if (b.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
        return "UTF-8";
    }
    if (b.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE) {
        return "UTF-16LE";
    }
    if (b.size() >= 2 && at(0) == 0xFE && at(1) == 0xFF) {
        return "UTF-16BE";
    }
    return std::nullopt;
}

std::size_t bomLength(std::string_view bytes) {
    const auto bom = bomEncoding(bytes);
    if (!bom) {
        return 0;
    }
    return *bom == "UTF-8" ? 3 : (bom->rfind("UTF-32", 0) == 0 ? 4 : 2);
}

bool isUtf8Name(std::string_view encoding) {
    const std::string e = core::detail::lowerAscii(core::detail::trimAscii(encoding));
    return e == "utf-8" || e == "utf8";
}

Utf8Text toUtf8(std::string_view bytes, const std::string& encoding) {
    Utf8Text out;
    const auto bom = bomEncoding(bytes);
    if (isUtf8Name(encoding)) {
        if (bom == std::optional<std::string>("UTF-8")) {
            bytes.remove_prefix(3);
        }
        for (std::size_t i = 0; i < bytes.size();) {
            const auto [cp, n] = decodeAt(bytes, i);
            if (cp < 0) {
                out.badOffset = i;
                out.error = "第 " + std::to_string(i) + " 字节不是有效的 UTF-8 / byte " +
                            std::to_string(i) + " is not valid UTF-8";
                return out;
            }
            i += n;
        }
        out.text = std::string(bytes);
        return out;
    }
    Iconv cd("UTF-8", encoding.c_str());
    if (!cd.ok()) {
        out.error = "未知的字符编码 / unknown encoding: \"" + encoding +
                    "\" (例如 e.g. GBK, GB18030, "
                    "UTF-16, UTF-8)";
        return out;
    }
    // Skip a byte-order mark of the same family (iconv keeps a UTF-16LE/BE BOM as U+FEFF).
    if (bom && *bom != "UTF-8") {
        bytes.remove_prefix(bomLength(bytes));
    }
    std::vector<char> buffer(bytes.size() * 4 + 16);
    char* in = const_cast<char*>(bytes.data());
    std::size_t inLeft = bytes.size();
    char* outPtr = buffer.data();
    std::size_t outLeft = buffer.size();
    while (inLeft > 0) {
        if (iconv(cd.get(), &in, &inLeft, &outPtr, &outLeft) == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) {
                const auto used = static_cast<std::size_t>(outPtr - buffer.data());
                buffer.resize(buffer.size() * 2);
                outPtr = buffer.data() + used;
                outLeft = buffer.size() - used;
                continue;
            }
            out.badOffset = bytes.size() - inLeft;
            out.error = "第 " + std::to_string(out.badOffset) + " 字节不是有效的 " + encoding +
                        " 编码 / byte " + std::to_string(out.badOffset) + " is not valid " +
                        encoding;
            return out;
        }
    }
    out.text.assign(buffer.data(), static_cast<std::size_t>(outPtr - buffer.data()));
    // A UTF-8 BOM that survived the conversion (e.g. "UTF-16" decoding its own BOM) is dropped.
    if (out.text.rfind("\xEF\xBB\xBF", 0) == 0) {
        out.text.erase(0, 3);
    }
    return out;
}

std::optional<std::string> guessEncoding(std::string_view bytes) {
    const std::string_view head = bytes.substr(0, std::min<std::size_t>(bytes.size(), 4096));
    std::size_t evenZeros = 0;
    std::size_t oddZeros = 0;
    for (std::size_t i = 0; i < head.size(); ++i) {
        if (head[i] == '\0') {
            ((i % 2 == 0) ? evenZeros : oddZeros)++;
        }
    }
    if (head.size() >= 4 && oddZeros * 4 >= head.size()) {
        return "UTF-16LE";
    }
    if (head.size() >= 4 && evenZeros * 4 >= head.size()) {
        return "UTF-16BE";
    }
    // GB18030 is a superset of GBK and GB 2312; a prefix may cut a character in two, so convert
    // whole lines only.
    const std::size_t lastNewline = head.rfind('\n');
    const std::string_view lines =
        head.size() < bytes.size() && lastNewline != std::string_view::npos
            ? head.substr(0, lastNewline + 1)
            : head;
    const Utf8Text asGbk = toUtf8(lines, "GB18030");
    if (!asGbk.ok()) {
        return std::nullopt;
    }
    // Chinese characters (CJK Unified Ideographs) in the result make GBK the likely encoding.
    for (std::size_t i = 0; i < asGbk.text.size();) {
        const auto [cp, n] = decodeAt(asGbk.text, i);
        if (cp >= 0x4E00 && cp <= 0x9FFF) {
            return "GBK";
        }
        i += n;
    }
    return std::nullopt;
}

std::string showInvisible(std::string_view s) {
    std::string out;
    std::size_t leading = 0;
    while (leading < s.size() && s[leading] == ' ') {
        ++leading;
    }
    std::size_t trailing = 0;
    while (trailing < s.size() - leading && s[s.size() - 1 - trailing] == ' ') {
        ++trailing;
    }
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, n] = decodeAt(s, i);
        char hex[32];
        if (cp < 0) {
            std::snprintf(hex, sizeof hex, "<0x%02X>", static_cast<unsigned char>(s[i]));
            out += hex;
        } else if (cp == ' ' && (i < leading || i >= s.size() - trailing)) {
            out += "<SP>";
        } else if (cp == '\t') {
            out += "<TAB>";
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xA0 ||
                   cp == 0xAD || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
                   cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF) {
            std::snprintf(hex, sizeof hex, "<U+%04lX>", cp);
            out += hex;
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    return out;
}

bool looksLikeLatin1Mojibake(std::string_view s) {
    std::size_t nonAscii = 0;
    std::size_t latin1 = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, n] = decodeAt(s, i);
        if (cp >= 0x80) {
            ++nonAscii;
            if (cp <= 0xFF) {
                ++latin1;
            }
        }
        i += n;
    }
    return nonAscii >= 2 && latin1 * 10 >= nonAscii * 8;
}

} // namespace xw::gis::detail
