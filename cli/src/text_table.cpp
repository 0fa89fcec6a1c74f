#include "text_table.hpp"

#include <algorithm>

namespace xw::cli {
namespace {

char32_t decode(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    char32_t cp = c;
    if (c >= 0xF0) {
        extra = 3;
        cp = c & 0x07U;
    } else if (c >= 0xE0) {
        extra = 2;
        cp = c & 0x0FU;
    } else if (c >= 0xC0) {
        extra = 1;
        cp = c & 0x1FU;
    }
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3FU);
    return cp;
}

bool wide(char32_t cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::string pad(const std::string& s, int width, bool right) {
    const int n = std::max(0, width - displayWidth(s));
    return right ? std::string(static_cast<std::size_t>(n), ' ') + s
                 : s + std::string(static_cast<std::size_t>(n), ' ');
}

} // namespace

int displayWidth(std::string_view utf8) {
    int w = 0;
    for (std::size_t i = 0; i < utf8.size();)
        w += wide(decode(utf8, i)) ? 2 : 1;
    return w;
}

TextTable::TextTable(std::vector<std::string> header, std::vector<bool> rightAligned)
    : m_header(std::move(header)), m_right(std::move(rightAligned)) {
    m_right.resize(m_header.size(), false);
}

void TextTable::addRow(std::vector<std::string> cells) {
    cells.resize(m_header.size());
    m_rows.push_back(std::move(cells));
}

void TextTable::addRule() {
    m_rows.emplace_back();
}

std::string TextTable::render() const {
    std::vector<int> widths(m_header.size(), 0);
    for (std::size_t c = 0; c < m_header.size(); ++c)
        widths[c] = displayWidth(m_header[c]);
    for (const auto& r : m_rows)
        for (std::size_t c = 0; c < r.size(); ++c)
            widths[c] = std::max(widths[c], displayWidth(r[c]));
    int total = 0;
    for (int w : widths)
        total += w + 2;
    const std::string rule(static_cast<std::size_t>(std::max(total - 2, 0)), '-');
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c > 0)
                out += "  ";
            out += pad(cells[c], widths[c], m_right[c]);
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out + "\n";
    };
    std::string out = line(m_header) + rule + "\n";
    for (const auto& r : m_rows)
        out += r.empty() ? rule + "\n" : line(r);
    return out;
}

} // namespace xw::cli
