#include <xw/core/detail/yaml_guard.hpp>

#include <algorithm>
#include <vector>

namespace xw::core::detail {
namespace {

[[nodiscard]] bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

/// What the scan carries from one line to the next.
struct NestingScan {
    std::vector<int> indents;   // indentation of the open block nodes
    int flowDepth = 0;          // open [ and { (flow collections may span lines)
    bool inDouble = false;      // inside "…" (may span lines)
    bool inSingle = false;      // inside '…' (may span lines)
    int blockScalarParent = -1; // indentation of the line that opened a | or > block scalar

    /// Outside brackets and quotes: indentation and "- " entries mean nesting.
    [[nodiscard]] bool inBlockContext() const { return flowDepth == 0 && !inDouble && !inSingle; }
};

[[nodiscard]] YamlGuardProblem tooDeep(int line, int maxDepth) {
    return YamlGuardProblem{line, "嵌套超过 " + std::to_string(maxDepth) +
                                      " 层 / nested deeper than " + std::to_string(maxDepth) +
                                      " levels (a dataset or norms file needs no more than a few)"};
}

/// The block depth of a line indented by `indent`: closes the open nodes indented deeper, opens
/// one at `indent` when it is new, and adds the compact entries that follow (moving `i` past them).
[[nodiscard]] int blockDepth(std::string_view row, std::size_t& i, int indent,
                             std::vector<int>& indents) {
    while (!indents.empty() && indents.back() > indent)
        indents.pop_back();
    if (indents.empty() || indents.back() < indent)
        indents.push_back(indent);
    int depth = static_cast<int>(indents.size());
    // Compact nested entries on one line: "- - - x" or "? - x".
    while (i < row.size() && (row[i] == '-' || row[i] == '?') &&
           (i + 1 == row.size() || isBlank(row[i + 1]))) {
        ++depth;
        ++i;
        while (i < row.size() && isBlank(row[i]))
            ++i;
    }
    return depth;
}

/// Follows quotes and flow brackets from row[i] to the end of the line or a comment. False as
/// soon as `depth` plus the open brackets exceeds `maxDepth`.
[[nodiscard]] bool scanFlow(std::string_view row, std::size_t i, int depth, int maxDepth,
                            NestingScan& scan) {
    for (; i < row.size(); ++i) {
        const char c = row[i];
        if (scan.inDouble) {
            if (c == '\\')
                ++i; // skip the escaped character
            else if (c == '"')
                scan.inDouble = false;
            continue;
        }
        if (scan.inSingle) {
            if (c == '\'')
                scan.inSingle = false; // '' inside single quotes reopens at once: harmless here
            continue;
        }
        if (c == '#' && (i == 0 || isBlank(row[i - 1])))
            break; // comment
        if (c == '"') {
            scan.inDouble = true;
        } else if (c == '\'') {
            scan.inSingle = true;
        } else if (c == '[' || c == '{') {
            ++scan.flowDepth;
            if (depth + scan.flowDepth > maxDepth)
                return false;
        } else if ((c == ']' || c == '}') && scan.flowDepth > 0) {
            --scan.flowDepth;
        }
    }
    return true;
}

/// "key: |" or "key: >-" opens a block scalar: its lines are text, whatever their indent.
[[nodiscard]] bool opensBlockScalar(std::string_view row) {
    std::string_view s = row;
    if (const auto hash = s.find(" #"); hash != std::string_view::npos)
        s = s.substr(0, hash);
    while (!s.empty() && (isBlank(s.back()) || s.back() == '\r'))
        s.remove_suffix(1);
    while (!s.empty() &&
           (s.back() == '+' || s.back() == '-' || (s.back() >= '0' && s.back() <= '9')))
        s.remove_suffix(1);
    return !s.empty() && (s.back() == '|' || s.back() == '>') &&
           (s.size() == 1 || isBlank(s[s.size() - 2]));
}

} // namespace

std::optional<YamlGuardProblem> checkYamlNesting(std::string_view text, int maxDepth) {
    NestingScan scan;
    int line = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view row = text.substr(start, end - start);
        start = end + 1;
        ++line;
        std::size_t i = 0;
        while (i < row.size() && row[i] == ' ')
            ++i;
        const int indent = static_cast<int>(i);
        const bool blankLine =
            std::all_of(row.begin(), row.end(), [](char c) { return isBlank(c) || c == '\r'; });
        if (scan.blockScalarParent >= 0) {
            if (blankLine || indent > scan.blockScalarParent)
                continue; // text of the block scalar
            scan.blockScalarParent = -1;
        }
        int depth = static_cast<int>(scan.indents.size());
        if (scan.inBlockContext()) {
            if (blankLine || row[i] == '#')
                continue;
            if (row.substr(i, 3) == "---" || row.substr(i, 3) == "...") {
                scan.indents.clear();
                continue;
            }
            depth = blockDepth(row, i, indent, scan.indents);
        }
        if (depth + scan.flowDepth > maxDepth || !scanFlow(row, i, depth, maxDepth, scan))
            return tooDeep(line, maxDepth);
        if (scan.inBlockContext() && opensBlockScalar(row))
            scan.blockScalarParent = indent;
    }
    return std::nullopt;
}

} // namespace xw::core::detail
