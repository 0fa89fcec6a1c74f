#include <xw/scenarios/norms_file.hpp>

#include "detail/norms_node.hpp"
#include "detail/yaml_util.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace xw::scenarios {
namespace {

[[noreturn]] void fail(const std::string& origin, const YAML::Node& at, const std::string& key,
                       const std::string& message) {
    const core::Diagnostic d = detail::diagnosticAt(origin, at, key, message);
    throw ScenarioError(core::toString(d), {d});
}

template <typename T>
T scalar(const YAML::Node& n, const std::string& origin, const std::string& key) {
    if (!n.IsScalar())
        fail(origin, n, key, "应为单个数值 / expected a single value");
    try {
        T v = n.as<T>();
        if constexpr (std::is_floating_point_v<T>)
            if (!std::isfinite(v))
                fail(origin, n, key, "不是有限数 / not a finite number: \"" + n.Scalar() + "\"");
        return v;
    } catch (const YAML::Exception&) {
        fail(origin, n, key,
             "不是有效数值: \"" + n.Scalar() + "\" / not a valid number: \"" + n.Scalar() + "\"");
    }
}

/// The text of a mapping key. YAML allows any node as a key (`{a: 1}: 2`, `[x]: 2`, `~: 2`);
/// yaml-cpp throws its own exception when such a key is read as text, so it is refused here with
/// the file position like any other mistake.
std::string keyText(const YAML::Node& key, const std::string& origin, const std::string& where) {
    if (!key.IsScalar())
        fail(origin, key, where,
             "键应为文字，不能是键值表、列表或空值 / a key must be a word, not a mapping, a list "
             "or null");
    return key.Scalar();
}

/// Applies `node` (a mapping) through a table of key → setter; an unknown key names the nearest.
using Setter = std::function<void(const YAML::Node&, const std::string& key)>;
void applyMap(const YAML::Node& node, const std::string& origin, const std::string& prefix,
              const std::map<std::string, Setter>& setters) {
    if (!node.IsMap())
        fail(origin, node, prefix.empty() ? "(top)" : prefix, "应为键值表 / expected a mapping");
    std::vector<std::string> known;
    known.reserve(setters.size());
    for (const auto& [k, s] : setters)
        known.push_back(k);
    for (const auto& kv : node) {
        const std::string k = keyText(kv.first, origin, prefix.empty() ? "(top)" : prefix);
        const std::string key = prefix.empty() ? k : prefix + "." + k;
        const auto it = setters.find(k);
        if (it == setters.end())
            fail(origin, kv.first, key, detail::unknownKeyMessage(k, known));
        it->second(kv.second, key);
    }
}

template <typename T> Setter set(T& target, const std::string& origin) {
    return [&target, origin](const YAML::Node& v, const std::string& key) {
        target = scalar<T>(v, origin, key);
    };
}

void applyStage(const YAML::Node& node, core::StageNorms& sn, const std::string& origin,
                const std::string& prefix) {
    applyMap(node, origin, prefix,
             {{"entry_age", set(sn.entryAge, origin)},
              {"grades", set(sn.grades, origin)},
              {"age_min", set(sn.rateAgeMin, origin)},
              {"age_max", set(sn.rateAgeMax, origin)},
              {"class_size",
               [&](const YAML::Node& v, const std::string& key) {
                   sn.standardClassSize.clear();
                   if (v.IsScalar())
                       sn.standardClassSize.push_back(scalar<int>(v, origin, key));
                   else if (v.IsSequence())
                       for (const auto& e : v)
                           sn.standardClassSize.push_back(scalar<int>(e, origin, key));
                   else
                       fail(origin, v, key,
                            "应为整数或整数列表 / expected an integer or a list of integers");
               }},
              {"target_rate", set(sn.targetRate, origin)},
              {"radius_urban_m", set(sn.radiusUrbanMeters, origin)},
              {"radius_rural_m", set(sn.radiusRuralMeters, origin)},
              {"students_per_staff", set(sn.studentsPerStaff, origin)},
              {"land_per_student_m2", set(sn.landPerStudentM2, origin)},
              {"land_per_student_central_m2", set(sn.landPerStudentCentralM2, origin)},
              {"floor_per_student_m2", set(sn.floorPerStudentM2, origin)},
              {"max_classes_per_school", set(sn.maxClassesPerSchool, origin)},
              {"catchment",
               [&](const YAML::Node& v, const std::string& key) {
                   const auto text = scalar<std::string>(v, origin, key);
                   if (text == "town" || text == "乡镇")
                       sn.catchment = core::CatchmentLevel::Town;
                   else if (text == "district" || text == "区县" || text == "县域")
                       sn.catchment = core::CatchmentLevel::District;
                   else
                       fail(origin, v, key,
                            "应为 town 或 district: \"" + text +
                                "\" / expected town or district: \"" + text + "\"");
               }},
              {"travel_profile",
               [&](const YAML::Node& v, const std::string& key) {
                   const auto text = scalar<std::string>(v, origin, key);
                   if (!core::parseTravelProfile(text, sn.travelProfile))
                       fail(origin, v, key,
                            "应为 walk、cycle 或 bus: \"" + text +
                                "\" / expected walk, cycle or bus: \"" + text + "\"");
               }},
              {"travel_speed_kmh", set(sn.travelSpeedKmh, origin)},
              {"living_circle_minutes", set(sn.livingCircleMinutes, origin)}});
}

void applyTargets(const YAML::Node& node, core::IndicatorTargets& t, const std::string& origin,
                  const std::string& prefix) {
    applyMap(node, origin, prefix,
             {{"kindergarten_gross_enrolment", set(t.kindergartenGrossEnrolment, origin)},
              {"kindergarten_public_puhui", set(t.kindergartenPublicPuhui, origin)},
              {"kindergarten_provincial", set(t.kindergartenProvincial, origin)},
              {"large_class_share", set(t.largeClassShare, origin)},
              {"huge_class_share", set(t.hugeClassShare, origin)},
              {"standardised_public", set(t.standardisedPublic, origin)},
              {"standardised_private", set(t.standardisedPrivate, origin)},
              {"quality_senior", set(t.qualitySenior, origin)},
              {"high_school_gross", set(t.highSchoolGross, origin)},
              {"vocational_share_min", set(t.vocationalShareMin, origin)},
              {"vocational_share_max", set(t.vocationalShareMax, origin)},
              {"provincial_key_vocational", set(t.provincialKeyVocational, origin)},
              {"disabled_enrolment", set(t.disabledEnrolment, origin)},
              {"disabled_prevalence", set(t.disabledPrevalence, origin)},
              {"migrant_public", set(t.migrantPublic, origin)},
              {"kindergarten_teachers_college", set(t.kindergartenTeachersCollege, origin)},
              {"primary_teachers_bachelor", set(t.primaryTeachersBachelor, origin)},
              {"junior_teachers_bachelor", set(t.juniorTeachersBachelor, origin)},
              {"senior_teachers_postgrad", set(t.seniorTeachersPostgrad, origin)},
              {"vocational_dual_qualified", set(t.vocationalDualQualified, origin)},
              {"deadline_year", set(t.deadlineYear, origin)}});
}

void applyBalance(const YAML::Node& node, core::BalanceOptions& b, const std::string& origin,
                  const std::string& prefix) {
    applyMap(node, origin, prefix,
             {{"standard",
               [&](const YAML::Node& v, const std::string& key) {
                   const auto text = scalar<std::string>(v, origin, key);
                   if (text == "basic" || text == "基本均衡")
                       b.standard = core::BalanceStandard::Basic;
                   else if (text == "quality" || text == "优质均衡")
                       b.standard = core::BalanceStandard::Quality;
                   else
                       fail(origin, v, key,
                            "应为 basic 或 quality / expected basic or quality: \"" + text + "\"");
               }},
              {"min_students_quality", set(b.minStudentsQuality, origin)},
              {"primary_to_junior", set(b.primaryToJunior, origin)},
              {"basic_primary", set(b.basicPrimary, origin)},
              {"basic_junior", set(b.basicJunior, origin)},
              {"quality_primary", set(b.qualityPrimary, origin)},
              {"quality_junior", set(b.qualityJunior, origin)}});
}

void applyWarnings(const YAML::Node& node, core::WarningThresholds& w, const std::string& origin,
                   const std::string& prefix) {
    applyMap(node, origin, prefix,
             {{"red_probability", set(w.redProbability, origin)},
              {"red_utilisation", set(w.redUtilisation, origin)},
              {"yellow_probability", set(w.yellowProbability, origin)},
              {"yellow_utilisation", set(w.yellowUtilisation, origin)}});
}

/// The node that sets `key` (a core::validate field such as stages.primary.target_rate) below
/// `node`, or the nearest enclosing one the file has: `node` itself when the file does not set
/// the value (it comes from the base norms). Stage keys match by stage, so stages.kindergarten
/// finds a block written 幼儿园. Where a key is repeated, the last one (the one applied) counts.
YAML::Node nodeOfKey(const YAML::Node& node, const std::string& key, bool stageLevel = false) {
    if (key.empty() || !node.IsMap())
        return node;
    const std::size_t dot = key.find('.');
    const std::string head = key.substr(0, dot);
    const std::string rest = dot == std::string::npos ? "" : key.substr(dot + 1);
    std::optional<YAML::Node> child;
    for (const auto& kv : node) {
        const std::string& k = kv.first.Scalar();
        const auto stage = stageLevel ? core::parseStage(k) : std::nullopt;
        if (k == head || (stage && stage == core::parseStage(head)))
            child.emplace(kv.second); // not operator=, which would rebind the tree's node
    }
    return child ? nodeOfKey(*child, rest, head == "stages") : node;
}

/// Refuses norms that core::validate rejects, one diagnostic per bad value: the file, the key
/// (validate's field) and, where the file sets the value, its line and column.
void refuseInvalid(const YAML::Node& root, const std::string& origin, const core::Norms& n) {
    std::vector<core::Diagnostic> problems;
    for (const core::Diagnostic& p : core::validate(n))
        problems.push_back(detail::diagnosticAt(origin, nodeOfKey(root, p.field), p.field,
                                                "规范取值无效 / invalid norms: " + p.message));
    if (problems.empty())
        return;
    if (problems.size() == 1)
        throw ScenarioError(core::toString(problems.front()), problems);
    const std::string count = std::to_string(problems.size());
    std::string message =
        origin + ": " + count + " 处规范取值无效 / " + count + " invalid norms values:";
    for (const core::Diagnostic& d : problems)
        message += "\n  " + core::toString(d);
    throw ScenarioError(message, std::move(problems));
}

} // namespace

void applyNormsNode(const YAML::Node& root, const std::string& origin, core::Norms& n) {
    if (root.IsNull())
        return;
    applyMap(root, origin, "",
             {{"large_class_min", set(n.largeClassMin, origin)},
              {"huge_class_min", set(n.hugeClassMin, origin)},
              {"persons_per_household", set(n.personsPerHousehold, origin)},
              {"kindergarten_seats_per_1000", set(n.kindergartenSeatsPer1000, origin)},
              {"kindergarten_min_people", set(n.kindergartenMinPeople, origin)},
              {"kindergarten_min_classes", set(n.kindergartenMinClasses, origin)},
              {"indicator_targets",
               [&](const YAML::Node& v, const std::string& key) {
                   applyTargets(v, n.indicatorTargets, origin, key);
               }},
              {"balance", [&](const YAML::Node& v,
                              const std::string& key) { applyBalance(v, n.balance, origin, key); }},
              {"warning_thresholds",
               [&](const YAML::Node& v, const std::string& key) {
                   applyWarnings(v, n.warnings, origin, key);
               }},
              {"capital_cost",
               [&](const YAML::Node& v, const std::string& key) {
                   applyMap(v, origin, key,
                            {{"per_floor_m2_yuan", set(n.capitalCost.perFloorM2Yuan, origin)},
                             {"per_land_m2_yuan", set(n.capitalCost.perLandM2Yuan, origin)},
                             {"per_class_yuan", set(n.capitalCost.perClassYuan, origin)}});
               }},
              {"stages", [&](const YAML::Node& v, const std::string& key) {
                   if (!v.IsMap())
                       fail(origin, v, key, "应为键值表 / expected a mapping of stage codes");
                   for (const auto& st : v) {
                       const std::string code = keyText(st.first, origin, key);
                       const auto stage = core::parseStage(code);
                       if (!stage)
                           fail(origin, st.first, key + "." + code,
                                detail::unknownStageMessage(code));
                       applyStage(st.second, n[*stage], origin, key + "." + code);
                   }
               }}});
    refuseInvalid(root, origin, n);
}

core::Norms parseNorms(const std::string& yamlText, const std::string& origin,
                       const core::Norms& base) {
    const YAML::Node root = detail::loadYaml(yamlText, origin);
    core::Norms n = base;
    applyNormsNode(root, origin, n);
    return n;
}

core::Norms loadNorms(const std::filesystem::path& file, const core::Norms& base) {
    return parseNorms(detail::readText(file.string()), file.string(), base);
}

} // namespace xw::scenarios
