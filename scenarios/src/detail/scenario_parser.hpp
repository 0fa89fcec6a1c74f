#pragma once
// Internal to the scenarios layer: the walker of a scenario file's YAML tree. Every problem is
// collected with file, line, column and key; nothing is thrown until parseScenario has seen the
// whole file. Not installed.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/model/stage.hpp>
#include <xw/scenarios/scenario.hpp>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace xw::scenarios::detail {

/// Collects problems while walking the YAML tree; nothing is thrown until the end.
class Parser {
public:
    /// `origin` names the file in the diagnostics; relative paths resolve against `folder`.
    Parser(std::string origin, std::filesystem::path folder)
        : m_origin(std::move(origin)), m_folder(std::move(folder)) {}

    /// Records a problem at `at` (its line and column when it has a mark) on `key`.
    void error(const YAML::Node& at, const std::string& key, const std::string& message);
    /// Records a problem found by another reader of this file (it names its own place).
    void add(core::Diagnostic problem) { m_problems.push_back(std::move(problem)); }
    [[nodiscard]] const std::vector<core::Diagnostic>& problems() const { return m_problems; }
    [[nodiscard]] const std::string& origin() const { return m_origin; }
    [[nodiscard]] const std::filesystem::path& folder() const { return m_folder; }

    /// Checks that `node` is a mapping whose keys are among `known`; reports the others.
    bool keys(const YAML::Node& node, const std::string& where,
              const std::vector<std::string>& known);

    /// The scalar `map[key]` as T; nothing (and a problem) when it is not one, missing and
    /// `required`, or a number that is not finite.
    template <typename T>
    std::optional<T> scalar(const YAML::Node& map, const std::string& key, const std::string& where,
                            bool required);

    /// An optional true/false; 是/否 are read as well.
    std::optional<bool> flag(const YAML::Node& map, const std::string& key,
                             const std::string& where);

    /// A year in 1949–2100.
    std::optional<int> year(const YAML::Node& map, const std::string& key, const std::string& where,
                            bool required);

    /// A stage code (or its Chinese name).
    std::optional<core::Stage> stage(const YAML::Node& n, const std::string& where);

    /// Classes as a count, a list per grade, or exactly one of classes / classes_per_grade /
    /// grades; positive and at most 10,000 in all.
    std::optional<ClassSpec> classes(const YAML::Node& n, const std::string& where);

    /// `map.location` as lon/lat (checked for range and a likely swap) or working-CRS x/y.
    std::optional<Location> location(const YAML::Node& map, const std::string& where,
                                     bool required);

    /// The node itself as a scalar T.
    template <typename T> std::optional<T> scalarOf(const YAML::Node& n, const std::string& where);

    /// `text` as a path; relative ones against the scenario file's folder.
    [[nodiscard]] std::filesystem::path path(const std::string& text) const;

private:
    std::string m_origin;
    std::filesystem::path m_folder;
    std::vector<core::Diagnostic> m_problems;
};

template <typename T>
std::optional<T> Parser::scalar(const YAML::Node& map, const std::string& key,
                                const std::string& where, bool required) {
    const YAML::Node n = map[key];
    const std::string path = where.empty() ? key : where + "." + key;
    if (!n.IsDefined() || n.IsNull()) {
        if (required)
            error(map, path, "缺少必填项 / required key missing");
        return std::nullopt;
    }
    if (!n.IsScalar()) {
        error(n, path, "应为单个值 / expected a single value");
        return std::nullopt;
    }
    try {
        T v = n.as<T>();
        if constexpr (std::is_floating_point_v<T>)
            if (!std::isfinite(v)) {
                error(n, path, "不是有限数 / not a finite number: \"" + n.Scalar() + "\"");
                return std::nullopt;
            }
        return v;
    } catch (const YAML::Exception&) {
        error(n, path,
              std::string(std::is_same_v<T, std::string> ? "不是文字 / not text"
                          : std::is_same_v<T, bool>
                              ? "应为 true/false (是/否) / expected true or false"
                              : "不是有效数值 / not a valid number") +
                  ": \"" + n.Scalar() + "\"");
        return std::nullopt;
    }
}

template <typename T>
std::optional<T> Parser::scalarOf(const YAML::Node& n, const std::string& where) {
    if (!n.IsScalar()) {
        error(n, where, "应为单个值 / expected a single value");
        return std::nullopt;
    }
    try {
        return n.as<T>();
    } catch (const YAML::Exception&) {
        error(n, where, "不是有效数值 / not a valid number: \"" + n.Scalar() + "\"");
        return std::nullopt;
    }
}

/// Reads item `index` (0-based) of the file's `interventions` list into the scenario's plan and
/// its side tables (locations, class specs, zone files), with the item's source mark
/// (intervention_parse.cpp).
void parseIntervention(Parser& p, const YAML::Node& item, std::size_t index, Scenario& sc);

} // namespace xw::scenarios::detail
