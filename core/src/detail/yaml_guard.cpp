#include <xw/core/detail/yaml_guard.hpp>

#include <algorithm>
#include <vector>

namespace xw::core::detail {
namespace {

[[nodiscard]] bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

} // namespace

std::optional<YamlGuardProblem> checkYamlNesting(std::string_view text, int maxDepth) {
    std::vector<int> indents;   // indentation of the open block nodes
    int flowDepth = 0;          // open [ and { (flow collections may span lines)
    bool inDouble = false;      // inside "…" (may span lines)
    bool inSingle = false;      // inside '…' (may span lines)
    int blockScalarParent = -1; // indentation of the line that opened a | or > block scalar
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
        if (blockScalarParent >= 0) {
            if (blankLine || indent > blockScalarParent)
                continue; // text of the block scalar
            blockScalarParent = -1;
        }
        int depth = 0;
        if (flowDepth == 0 && !inDouble && !inSingle) {
            if (blankLine || row[i] == '#')
                continue;
            if (row.substr(i, 3) == "---" || row.substr(i, 3) == "...") {
                indents.clear();
                continue;
            }
            while (!indents.empty() && indents.back() > indent)
                indents.pop_back();
            if (indents.empty() || indents.back() < indent)
                indents.push_back(indent);
            depth = static_cast<int>(indents.size());
            // Compact nested entries on one line: "- - - x" or "? - x".
            while (i < row.size() && (row[i] == '-' || row[i] == '?') &&
                   (i + 1 == row.size() || isBlank(row[i + 1]))) {
                ++depth;
                ++i;
                while (i < row.size() && isBlank(row[i]))
                    ++i;
            }
        } else {
            depth = static_cast<int>(indents.size());
        }
        const auto tooDeep = [&](int d) -> std::optional<YamlGuardProblem> {
            if (d <= maxDepth)
                return std::nullopt;
            return YamlGuardProblem{
                line, "嵌套超过 " + std::to_string(maxDepth) + " 层 / nested deeper than " +
                          std::to_string(maxDepth) +
                          " levels (a dataset or norms file needs no more than a few)"};
        };
        if (auto p = tooDeep(depth + flowDepth))
            return p;
        for (; i < row.size(); ++i) {
            const char c = row[i];
            if (inDouble) {
                if (c == '\\')
                    ++i; // skip the escaped character
                else if (c == '"')
                    inDouble = false;
                continue;
            }
            if (inSingle) {
                if (c == '\'')
                    inSingle = false; // '' inside single quotes reopens at once: harmless here
                continue;
            }
            if (c == '#' && (i == 0 || isBlank(row[i - 1])))
                break; // comment
            if (c == '"') {
                inDouble = true;
            } else if (c == '\'') {
                inSingle = true;
            } else if (c == '[' || c == '{') {
                ++flowDepth;
                if (auto p = tooDeep(depth + flowDepth))
                    return p;
            } else if ((c == ']' || c == '}') && flowDepth > 0) {
                --flowDepth;
            }
        }
        // "key: |" or "key: >-" opens a block scalar: its lines are text, whatever their indent.
        if (flowDepth == 0 && !inDouble && !inSingle) {
            std::string_view s = row;
            if (const auto hash = s.find(" #"); hash != std::string_view::npos)
                s = s.substr(0, hash);
            while (!s.empty() && (isBlank(s.back()) || s.back() == '\r'))
                s.remove_suffix(1);
            while (!s.empty() &&
                   (s.back() == '+' || s.back() == '-' || (s.back() >= '0' && s.back() <= '9')))
                s.remove_suffix(1);
            if (!s.empty() && (s.back() == '|' || s.back() == '>') &&
                (s.size() == 1 || isBlank(s[s.size() - 2])))
                blockScalarParent = indent;
        }
    }
    return std::nullopt;
}

} // namespace xw::core::detail
