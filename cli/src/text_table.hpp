#pragma once
// Plain-text tables for the terminal, aligned by display width (CJK characters take two columns).
#include <string>
#include <string_view>
#include <vector>

namespace xw::cli {

/// Columns shown on a terminal by a UTF-8 string: 2 for East Asian wide characters, else 1.
[[nodiscard]] int displayWidth(std::string_view utf8);

class TextTable {
public:
    /// `rightAligned[i]` aligns column i to the right (numbers).
    TextTable(std::vector<std::string> header, std::vector<bool> rightAligned);
    void addRow(std::vector<std::string> cells);
    void addRule(); ///< a horizontal line between row groups
    [[nodiscard]] std::string render() const;

private:
    std::vector<std::string> m_header;
    std::vector<bool> m_right;
    std::vector<std::vector<std::string>> m_rows; ///< an empty row is a rule
};

} // namespace xw::cli
