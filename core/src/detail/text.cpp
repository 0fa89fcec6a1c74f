#include <xw/core/detail/text.hpp>

#include <algorithm>

namespace xw::core::detail {
namespace {

/// The code points of UTF-8 text (an invalid byte counts as one code point of its own value).
std::vector<char32_t> codePoints(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int n = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 1;
        if (i + static_cast<std::size_t>(n) > s.size()) {
            out.push_back(c);
            ++i;
            continue;
        }
        char32_t cp = n == 1 ? c : (c & (0x7F >> n));
        for (int k = 1; k < n; ++k) {
            cp =
                (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        }
        out.push_back(cp);
        i += static_cast<std::size_t>(n);
    }
    return out;
}

} // namespace

std::size_t editDistance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions and transpositions of two
    // neighbours ("tabels" → "tables" is one edit).
    const std::vector<char32_t> x = codePoints(a);
    const std::vector<char32_t> y = codePoints(b);
    const std::size_t w = y.size() + 1;
    std::vector<std::size_t> d((x.size() + 1) * w);
    for (std::size_t i = 0; i <= x.size(); ++i) {
        d[i * w] = i;
    }
    for (std::size_t j = 0; j <= y.size(); ++j) {
        d[j] = j;
    }
    for (std::size_t i = 1; i <= x.size(); ++i) {
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
            std::size_t v = std::min(
                {d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                v = std::min(v, d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    return d[x.size() * w + y.size()];
}

std::string nearestWord(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t bestDistance = 0;
    for (const auto& c : candidates) {
        const std::size_t d = editDistance(word, c);
        if (best.empty() || d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    const std::size_t longer = std::max(codePoints(word).size(), codePoints(best).size());
    if (best.empty() || bestDistance > std::max<std::size_t>(1, longer / 3)) {
        return {};
    }
    return best;
}

} // namespace xw::core::detail
