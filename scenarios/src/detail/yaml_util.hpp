#pragma once
// Internal helpers for the YAML files of the scenarios layer (norms and scenario files).
#include <xw/scenarios/error.hpp>

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace xw::scenarios::detail {

/// Refuses, before yaml-cpp sees it, text that would make the parser recurse or expand without
/// bound: more than 16 MiB, nesting deeper than 64 levels (flow brackets or block indentation), or
/// any alias (*name). yaml-cpp is recursive, so a 100,000-deep file would overflow the stack, and
/// a few nested aliases (an alias bomb) expand to billions of nodes when walked.
/// \throws ScenarioError naming `origin` and the limit.
void guardYamlText(const std::string& text, const std::string& origin);

/// Parses guarded text. \throws ScenarioError with origin, line and column on a syntax error.
[[nodiscard]] YAML::Node loadYaml(const std::string& text, const std::string& origin);

/// The candidate closest to `key` by edit distance, when it is close enough to be a likely typo
/// (distance ≤ max(2, |key| / 3)); else "".
[[nodiscard]] std::string nearestKey(const std::string& key, const std::vector<std::string>& known);

/// "未知的键 / unknown key \"k\"" plus ", did you mean \"near\"?" when there is a near key.
[[nodiscard]] std::string unknownKeyMessage(const std::string& key,
                                            const std::vector<std::string>& known);

/// "未知学段 \"x\" / unknown stage \"x\"" plus the nearest stage code when close.
[[nodiscard]] std::string unknownStageMessage(const std::string& text);

/// A problem of the file `origin` about `key`, at the node's line and column when it has a mark.
[[nodiscard]] core::Diagnostic diagnosticAt(const std::string& origin, const YAML::Node& at,
                                            const std::string& key, const std::string& message);

/// Reads a whole file. \throws ScenarioError naming the file and the system's reason.
[[nodiscard]] std::string readText(const std::string& file);

} // namespace xw::scenarios::detail
