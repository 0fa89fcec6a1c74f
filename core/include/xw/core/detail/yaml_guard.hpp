#pragma once
// Guards for YAML read by any layer (the dataset manifest in gis, norms and scenario files in
// scenarios): internal, not a public API. A YAML library recurses once per nesting level while it
// parses, so a 100,000-deep document overflows the stack before the library can complain; and
// aliases (`*a`) share nodes, so nine lines can stand for 10⁹ nodes ("billion laughs") that any
// full walk would expand. checkYamlNesting runs on the text before the parser sees it;
// checkYamlAliases runs on the parsed tree and never expands an alias twice. No YAML library is
// used here: the tree walk is a template over the reader's node type (yaml-cpp's YAML::Node).
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace xw::core::detail {

/// A problem found by a YAML guard: the 1-based line (0 when not one line's) and the reason,
/// Chinese first, then English.
struct YamlGuardProblem {
    int line = 0;
    std::string message;
};

/// Nesting deeper than this is refused by default: dataset and norms files need four levels.
inline constexpr int kYamlMaxDepth = 64;
/// A document whose aliases expand to more nodes than this is refused by default.
inline constexpr std::size_t kYamlMaxExpandedNodes = 100000;

/// Scans YAML text for nesting deeper than `maxDepth` (block indentation, compact "- " entries
/// and flow brackets together), outside quotes, comments and block scalars. A conservative
/// estimate: it never reports a document whose real depth is within the limit as too deep by more
/// than the compact entries of one line. Linear in the text; no recursion.
[[nodiscard]] std::optional<YamlGuardProblem> checkYamlNesting(std::string_view text,
                                                               int maxDepth = kYamlMaxDepth);

/// Counts the nodes of a parsed YAML tree as if every alias were a copy of its anchor, and
/// reports when the count exceeds `maxNodes` or an alias refers to a node that contains it.
/// `Node` is yaml-cpp's YAML::Node (IsMap, IsSequence, iteration, Mark().pos/.line). Shared nodes
/// are recognised by the position of their definition, so each is walked once; the recursion is
/// as deep as the tree, which checkYamlNesting has bounded.
template <class Node>
[[nodiscard]] std::optional<YamlGuardProblem>
checkYamlAliases(const Node& root, std::size_t maxNodes = kYamlMaxExpandedNodes) {
    constexpr auto kInProgress = static_cast<std::size_t>(-1);
    std::map<int, std::size_t> sizeAt; // definition position → expanded size
    std::optional<YamlGuardProblem> problem;
    const auto walk = [&](const auto& self, const Node& n) -> std::size_t {
        if (problem)
            return 0;
        if (!n.IsMap() && !n.IsSequence())
            return 1;
        const int pos = n.Mark().pos;
        if (const auto it = sizeAt.find(pos); it != sizeAt.end()) {
            if (it->second == kInProgress) {
                problem = YamlGuardProblem{n.Mark().line + 1,
                                           "别名引用了包含它自身的节点 / an alias refers to a "
                                           "node that contains it"};
                return 0;
            }
            return it->second;
        }
        sizeAt[pos] = kInProgress;
        std::size_t size = 1;
        for (auto it = n.begin(); it != n.end(); ++it) {
            const std::size_t part =
                n.IsMap() ? self(self, it->first) + self(self, it->second) : self(self, *it);
            size = size + part > maxNodes ? maxNodes + 1 : size + part;
        }
        sizeAt[pos] = size;
        return size;
    };
    const std::size_t total = walk(walk, root);
    if (!problem && total > maxNodes)
        problem = YamlGuardProblem{
            0, "别名展开后超过 " + std::to_string(maxNodes) +
                   " 个节点（别名炸弹？） / the aliases (*name) expand to more than " +
                   std::to_string(maxNodes) + " nodes (an alias bomb?)"};
    return problem;
}

} // namespace xw::core::detail
