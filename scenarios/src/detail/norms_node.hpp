#pragma once
// Internal: the norms-file keys applied from a YAML node (a norms file's root, or a scenario's
// `norms:` block).
#include <xw/core/model/norms.hpp>

#include <yaml-cpp/yaml.h>

#include <string>

namespace xw::scenarios {

/// \throws ScenarioError (file = origin, with line and column) on the first bad key or value, or
/// on the values core::validate rejects, one diagnostic each.
void applyNormsNode(const YAML::Node& root, const std::string& origin, core::Norms& norms);

} // namespace xw::scenarios
