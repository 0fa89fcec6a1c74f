// libFuzzer target: the cell and text helpers every table goes through (numbers, yes/no values,
// encodings, invisible characters, edit distances, the YAML nesting guard). Pure functions: they
// must return, and their results must be consistent (a decoded text is UTF-8).
#include <xw/core/detail/text.hpp>
#include <xw/core/detail/yaml_guard.hpp>

#include "detail/encoding.hpp"
#include "detail/text.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace xw::gis::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    if (const auto d = parseDouble(s); d && !std::isfinite(*d))
        std::abort();
    (void)parseBool(s, true);
    (void)inQuotes(s);
    const bool utf8 = isUtf8(s);
    (void)bomEncoding(s);
    (void)guessEncoding(s);
    for (const char* encoding : {"GB18030", "UTF-16LE", "UTF-8"}) {
        const Utf8Text t = toUtf8(s, encoding);
        if (t.ok() && !isUtf8(t.text))
            std::abort();
    }
    if (utf8) {
        const std::string shown = showInvisible(s);
        if (!isUtf8(shown))
            std::abort();
        (void)looksLikeLatin1Mojibake(s);
    }
    const std::string_view half = s.substr(0, s.size() / 2);
    const std::size_t d = xw::core::detail::editDistance(half, s.substr(s.size() / 2));
    if (d > s.size())
        std::abort();
    (void)xw::core::detail::nearestWord(half, {"layers", "tables", "schools", "学校标识码"});
    (void)xw::core::detail::checkYamlNesting(s);
    (void)xw::core::detail::lowerAscii(xw::core::detail::trimAscii(s));
    return 0;
}
