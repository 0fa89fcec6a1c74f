#include "export/text_encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <mutex>

namespace xw::gis::detail {
namespace {

/// Length of the UTF-8 sequence that starts with `lead`, 0 if `lead` cannot start one.
std::size_t sequenceLength(unsigned char lead) {
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

} // namespace

bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t n = sequenceLength(lead);
        if (n == 0 || i + n > text.size())
            return false;
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
                return false;
        }
        if (n >= 3) {
            const auto second = static_cast<unsigned char>(text[i + 1]);
            // Overlong three- and four-byte forms, UTF-16 surrogates, code points past U+10FFFF.
            if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
                (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
                return false;
        }
        i += n;
    }
    return true;
}

std::vector<std::string> utf8Characters(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t n = sequenceLength(static_cast<unsigned char>(text[i]));
        if (n == 0 || i + n > text.size())
            n = 1; // not UTF-8: callers validate first; never loop forever
        out.emplace_back(text.substr(i, n));
        i += n;
    }
    return out;
}

std::optional<std::string> toGbk(std::string_view text, std::string* bad) {
    // iconv descriptors are not thread-safe: one per call (cheap next to the file writes).
    iconv_t cd = iconv_open("CP936", "UTF-8");
    // POSIX iconv_open reports failure as (iconv_t)-1: the cast is the interface.
    if (cd == reinterpret_cast<iconv_t>(-1)) // NOLINT(performance-no-int-to-ptr)
        return std::nullopt;
    std::string out(text.size() * 2 + 4, '\0');
    char* in = const_cast<char*>(text.data());
    std::size_t inLeft = text.size();
    char* dst = out.data();
    std::size_t outLeft = out.size();
    std::optional<std::string> result;
    if (iconv(cd, &in, &inLeft, &dst, &outLeft) != static_cast<std::size_t>(-1)) {
        out.resize(out.size() - outLeft);
        result = std::move(out);
    } else if (bad != nullptr) {
        const auto at = static_cast<std::size_t>(in - text.data());
        const auto chars = utf8Characters(text.substr(at));
        *bad = chars.empty() ? std::string() : chars.front();
    }
    iconv_close(cd);
    return result;
}

} // namespace xw::gis::detail
