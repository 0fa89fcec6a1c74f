// Scenario files: parsing with every problem collected (file, line, column, key, why), checks
// against the dataset, and canonical writing.
#include <xw/core/balance/seats.hpp>
#include <xw/scenarios/norms_file.hpp>
#include <xw/scenarios/scenario.hpp>

#include "detail/norms_node.hpp"
#include "detail/yaml_util.hpp"

#include <yaml-cpp/yaml.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <unistd.h>

namespace xw::scenarios {
namespace fs = std::filesystem;

std::vector<int> ClassSpec::perGradeFor(int gradeCount) const {
    std::vector<int> out;
    if (!grades.empty())
        out = grades;
    else if (perGrade != 0)
        out.assign(static_cast<std::size_t>(std::max(gradeCount, 0)), perGrade);
    else
        out = core::spreadOverGrades(total, std::max(gradeCount, 1));
    for (int& v : out)
        v *= sign;
    return out;
}

namespace {

const std::vector<std::string> kTopKeys{"xuewei_scenario", "name",         "description",
                                        "dataset",         "horizon",      "assumptions",
                                        "norms",           "interventions"};
const std::vector<std::string> kKinds{"new_school", "expand", "reduce",  "close", "merge",
                                      "convert",    "zones",  "housing", "policy"};

/// Collects problems while walking the YAML tree; nothing is thrown until the end.
class Parser {
public:
    Parser(std::string origin, fs::path folder)
        : m_origin(std::move(origin)), m_folder(std::move(folder)) {}

    void error(const YAML::Node& at, const std::string& key, const std::string& message) {
        core::Diagnostic d;
        d.file = m_origin;
        d.field = key;
        d.message = message;
        if (at.IsDefined() && at.Mark().line >= 0) {
            d.line = at.Mark().line + 1;
            d.column = at.Mark().column + 1;
        }
        m_problems.push_back(std::move(d));
    }
    [[nodiscard]] const std::vector<core::Diagnostic>& problems() const { return m_problems; }
    [[nodiscard]] const std::string& origin() const { return m_origin; }
    [[nodiscard]] const fs::path& folder() const { return m_folder; }

    /// Checks that `node` is a mapping whose keys are among `known`; reports the others.
    bool keys(const YAML::Node& node, const std::string& where,
              const std::vector<std::string>& known) {
        if (!node.IsMap()) {
            error(node, where, "应为键值表 / expected a mapping");
            return false;
        }
        for (const auto& kv : node) {
            const std::string k = kv.first.Scalar();
            if (std::find(known.begin(), known.end(), k) == known.end())
                error(kv.first, where.empty() ? k : where + "." + k,
                      detail::unknownKeyMessage(k, known));
        }
        return true;
    }

    template <typename T>
    std::optional<T> scalar(const YAML::Node& map, const std::string& key, const std::string& where,
                            bool required) {
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

    std::optional<bool> flag(const YAML::Node& map, const std::string& key,
                             const std::string& where) {
        const YAML::Node n = map[key];
        if (n.IsDefined() && n.IsScalar()) {
            const std::string t = n.Scalar();
            if (t == "是")
                return true;
            if (t == "否")
                return false;
        }
        return scalar<bool>(map, key, where, false);
    }

    std::optional<int> year(const YAML::Node& map, const std::string& key, const std::string& where,
                            bool required) {
        const auto y = scalar<int>(map, key, where, required);
        if (y && (*y < 1949 || *y > 2100)) {
            error(map[key], where + "." + key,
                  "年份 " + std::to_string(*y) + " 不在 1949–2100 之间 / the year " +
                      std::to_string(*y) + " is outside 1949–2100");
            return std::nullopt;
        }
        return y;
    }

    std::optional<core::Stage> stage(const YAML::Node& n, const std::string& where) {
        const std::string text = n.IsScalar() ? n.Scalar() : std::string();
        if (const auto s = core::parseStage(text))
            return s;
        error(n, where, detail::unknownStageMessage(text));
        return std::nullopt;
    }

    std::optional<ClassSpec> classes(const YAML::Node& n, const std::string& where) {
        ClassSpec c;
        if (n.IsScalar()) {
            const auto v = scalarOf<int>(n, where);
            if (!v)
                return std::nullopt;
            c.total = *v;
        } else if (n.IsSequence()) {
            for (const auto& e : n) {
                const auto v = scalarOf<int>(e, where);
                if (!v)
                    return std::nullopt;
                c.grades.push_back(*v);
            }
        } else if (keys(n, where, {"classes", "classes_per_grade", "grades"})) {
            int given = 0;
            if (const auto v = scalar<int>(n, "classes", where, false)) {
                c.total = *v;
                ++given;
            }
            if (const auto v = scalar<int>(n, "classes_per_grade", where, false)) {
                c.perGrade = *v;
                ++given;
            }
            if (n["grades"].IsDefined()) {
                ++given;
                if (!n["grades"].IsSequence())
                    error(n["grades"], where + ".grades", "应为列表 / expected a list");
                else
                    for (const auto& e : n["grades"])
                        if (const auto v = scalarOf<int>(e, where + ".grades"))
                            c.grades.push_back(*v);
            }
            if (given != 1) {
                error(n, where,
                      "classes、classes_per_grade、grades 须恰好给出一项 / give exactly one of "
                      "classes, classes_per_grade, grades");
                return std::nullopt;
            }
        } else {
            return std::nullopt;
        }
        const bool negative =
            c.total < 0 || c.perGrade < 0 ||
            std::any_of(c.grades.begin(), c.grades.end(), [](int v) { return v < 0; });
        const int sum = c.total + c.perGrade + [&] {
            int s = 0;
            for (int v : c.grades)
                s += v;
            return s;
        }();
        if (negative || sum <= 0 || sum > 10000) {
            error(n, where,
                  "班数须为正且不超过 10000 / classes must be positive and at most 10,000");
            return std::nullopt;
        }
        return c;
    }

    std::optional<Location> location(const YAML::Node& map, const std::string& where,
                                     bool required) {
        const YAML::Node n = map["location"];
        const std::string path = where + ".location";
        if (!n.IsDefined()) {
            if (required)
                error(map, path, "缺少位置 / location missing");
            return std::nullopt;
        }
        if (!keys(n, path, {"lon", "lat", "x", "y"}))
            return std::nullopt;
        Location l;
        if (n["lon"].IsDefined() || n["lat"].IsDefined()) {
            const auto lon = scalar<double>(n, "lon", path, true);
            const auto lat = scalar<double>(n, "lat", path, true);
            if (!lon || !lat)
                return std::nullopt;
            if (*lon < -180.0 || *lon > 180.0 || *lat < -90.0 || *lat > 90.0) {
                error(n, path, "经纬度超出范围 / longitude or latitude out of range");
                return std::nullopt;
            }
            if (std::fabs(*lon) < std::fabs(*lat) && std::fabs(*lon) <= 90.0)
                error(n, path,
                      "经度小于纬度，可能写反了 / the longitude is smaller than the latitude: "
                      "swapped?");
            l = {*lon, *lat, true};
        } else {
            const auto x = scalar<double>(n, "x", path, true);
            const auto y = scalar<double>(n, "y", path, true);
            if (!x || !y)
                return std::nullopt;
            l = {*x, *y, false};
        }
        return l;
    }

    template <typename T> std::optional<T> scalarOf(const YAML::Node& n, const std::string& where) {
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

    fs::path path(const std::string& text) const {
        const fs::path p(text);
        return p.is_absolute() ? p : fs::weakly_canonical(m_folder / p);
    }

private:
    std::string m_origin;
    fs::path m_folder;
    std::vector<core::Diagnostic> m_problems;
};

std::optional<core::Ownership> ownershipOf(Parser& p, const YAML::Node& map,
                                           const std::string& where) {
    const auto text = p.scalar<std::string>(map, "ownership", where, false);
    if (!text)
        return std::nullopt;
    const auto o = core::parseOwnership(*text);
    if (!o)
        p.error(map["ownership"], where + ".ownership",
                "应为 public/private (公办/民办) / expected public or private: \"" + *text + "\"");
    return o;
}

void parseAssumptions(Parser& p, const YAML::Node& n, Scenario& sc, std::string& targetsYaml) {
    const std::string w = "assumptions";
    if (!p.keys(n, w,
                {"fertility", "births", "migration_rate", "housing_delay_years",
                 "housing_migrant_share", "enrolment_targets"}))
        return;
    Assumptions& a = sc.assumptions;
    if (const auto f = p.scalar<std::string>(n, "fertility", w, false)) {
        if (*f == "low" || *f == "低")
            a.fertility = core::FertilityVariant::Low;
        else if (*f == "medium" || *f == "中")
            a.fertility = core::FertilityVariant::Medium;
        else if (*f == "high" || *f == "高")
            a.fertility = core::FertilityVariant::High;
        else
            p.error(n["fertility"], w + ".fertility",
                    "应为 low、medium 或 high / expected low, medium or high: \"" + *f + "\"");
    }
    if (const YAML::Node b = n["births"]; b.IsDefined()) {
        if (!b.IsMap())
            p.error(b, w + ".births", "应为 年份: 出生数 / expected year: births");
        else
            for (const auto& kv : b) {
                const auto y = p.scalarOf<int>(kv.first, w + ".births");
                const auto v = p.scalarOf<double>(kv.second, w + ".births");
                if (y && v) {
                    if (*y < 1949 || *y > 2100 || !(*v >= 0.0) || *v > 1e7)
                        p.error(kv.first, w + ".births",
                                "年份须在 1949–2100、出生数在 0–10,000,000 之间 / the year must "
                                "lie in 1949–2100 and births in 0–10,000,000");
                    else
                        a.cityBirths[*y] = *v;
                }
            }
    }
    if (const auto m = p.scalar<double>(n, "migration_rate", w, false)) {
        if (*m < -0.5 || *m > 0.5)
            p.error(n["migration_rate"], w + ".migration_rate",
                    "年净迁移率须在 −0.5–0.5 之间 / the migration rate must lie in −0.5–0.5");
        else
            a.migrationRatePerYear = *m;
    }
    if (const auto d = p.scalar<int>(n, "housing_delay_years", w, false)) {
        if (*d < 0 || *d > 50)
            p.error(n["housing_delay_years"], w + ".housing_delay_years",
                    "推迟年数须在 0–50 之间 / the delay must lie in 0–50 years");
        else
            a.housingDelayYears = *d;
    }
    if (const auto s = p.scalar<double>(n, "housing_migrant_share", w, false)) {
        if (*s < 0.0 || *s > 1.0)
            p.error(n["housing_migrant_share"], w + ".housing_migrant_share",
                    "比例须在 0–1 之间 / the share must lie in 0–1");
        else
            a.housingMigrantShare = *s;
    }
    if (const YAML::Node t = n["enrolment_targets"]; t.IsDefined()) {
        if (!t.IsMap()) {
            p.error(t, w + ".enrolment_targets",
                    "应为 学段: 目标入学率 / expected stage: target rate");
            return;
        }
        YAML::Emitter e;
        e << YAML::BeginMap << YAML::Key << "stages" << YAML::Value << YAML::BeginMap;
        for (const auto& kv : t) {
            const auto stage = p.stage(kv.first, w + ".enrolment_targets");
            const auto rate = p.scalarOf<double>(kv.second, w + ".enrolment_targets");
            if (!stage || !rate)
                continue;
            if (!(*rate >= 0.0 && *rate <= 2.0)) {
                p.error(kv.second, w + ".enrolment_targets",
                        "目标入学率须在 0–2 之间 / the target rate must lie in 0–2");
                continue;
            }
            e << YAML::Key << std::string(core::stageCode(*stage)) << YAML::Value << YAML::BeginMap
              << YAML::Key << "target_rate" << YAML::Value << *rate << YAML::EndMap;
        }
        e << YAML::EndMap << YAML::EndMap;
        targetsYaml = e.c_str();
    }
}

void mark(Scenario& sc, const YAML::Node& at, const std::string& kind, const std::string& layer,
          std::size_t index) {
    sc.marks.push_back({kind, layer, index, at.Mark().line + 1, at.Mark().column + 1});
}

void parseNewSchool(Parser& p, const YAML::Node& n, const std::string& w, Scenario& sc) {
    if (!p.keys(n, w,
                {"id", "name", "year", "location", "town", "ownership", "flags", "stages",
                 "land_m2", "floor_m2", "teachers"}))
        return;
    core::NewSchool ns;
    ns.year = p.year(n, "year", w, true).value_or(0);
    ns.school.id = p.scalar<std::string>(n, "id", w, true).value_or("");
    ns.school.name = p.scalar<std::string>(n, "name", w, false).value_or(ns.school.id);
    ns.school.townCode = p.scalar<std::string>(n, "town", w, false).value_or("");
    ns.school.ownership = ownershipOf(p, n, w).value_or(core::Ownership::Public);
    ns.school.landM2 = p.scalar<double>(n, "land_m2", w, false).value_or(0.0);
    ns.school.floorM2 = p.scalar<double>(n, "floor_m2", w, false).value_or(0.0);
    ns.school.staff.teachers = p.scalar<int>(n, "teachers", w, false).value_or(0);
    if (ns.school.landM2 < 0.0 || ns.school.floorM2 < 0.0 || ns.school.staff.teachers < 0)
        p.error(n, w, "面积和教师数不能为负 / areas and teachers must not be negative");
    if (const YAML::Node f = n["flags"];
        f.IsDefined() &&
        p.keys(f, w + ".flags",
               {"puhui", "provincial_standard", "standardised", "quality", "provincial_key"})) {
        ns.school.flags.puhui = p.flag(f, "puhui", w + ".flags").value_or(false);
        ns.school.flags.provincialStandard =
            p.flag(f, "provincial_standard", w + ".flags").value_or(false);
        ns.school.flags.standardised = p.flag(f, "standardised", w + ".flags").value_or(false);
        ns.school.flags.quality = p.flag(f, "quality", w + ".flags").value_or(false);
        ns.school.flags.provincialKey = p.flag(f, "provincial_key", w + ".flags").value_or(false);
    }
    std::vector<std::pair<core::Stage, ClassSpec>> classes;
    const YAML::Node st = n["stages"];
    if (!st.IsDefined() || !st.IsMap() || st.size() == 0)
        p.error(st.IsDefined() ? st : n, w + ".stages",
                "须列出学段及班数 / list the stages with their classes, e.g. {primary: 36}");
    else
        for (const auto& kv : st) {
            const auto stage = p.stage(kv.first, w + ".stages");
            const auto spec = p.classes(kv.second, w + ".stages." + kv.first.Scalar());
            if (stage && spec)
                classes.emplace_back(*stage, *spec);
        }
    sc.newSchoolLocations.push_back(p.location(n, w, true));
    sc.newSchoolClasses.push_back(std::move(classes));
    sc.plan.newSchools.push_back(std::move(ns));
}

void parseClassChange(Parser& p, const YAML::Node& n, const std::string& w, Scenario& sc,
                      int sign) {
    if (!p.keys(n, w, {"school", "year", "stage", "classes", "classes_per_grade", "grades"}))
        return;
    core::ClassChange c;
    c.year = p.year(n, "year", w, true).value_or(0);
    c.schoolId = p.scalar<std::string>(n, "school", w, true).value_or("");
    if (n["stage"].IsDefined())
        c.stage = p.stage(n["stage"], w + ".stage").value_or(core::Stage::Primary);
    else
        p.error(n, w + ".stage", "缺少必填项 / required key missing");
    YAML::Node spec(YAML::NodeType::Map);
    for (const char* k : {"classes", "classes_per_grade", "grades"})
        if (n[k].IsDefined())
            spec[k] = n[k];
    ClassSpec cs = p.classes(spec, w).value_or(ClassSpec{});
    cs.sign = sign;
    sc.classChangeSpecs.push_back(cs);
    sc.plan.classChanges.push_back(std::move(c));
}

void parseZones(Parser& p, const YAML::Node& n, const std::string& w, Scenario& sc) {
    if (!p.keys(n, w, {"year", "school_towns", "file", "layer", "school_field"}))
        return;
    core::ZoneRedraw z;
    z.year = p.year(n, "year", w, true).value_or(0);
    const bool table = n["school_towns"].IsDefined();
    const bool file = n["file"].IsDefined();
    if (table == file)
        p.error(n, w,
                "school_towns 与 file 须恰好给出一项 / give exactly one of school_towns, file");
    if (table) {
        const YAML::Node t = n["school_towns"];
        if (!t.IsMap())
            p.error(t, w + ".school_towns",
                    "应为 学校编号: [乡镇代码…] / expected school id: [town codes]");
        else
            for (const auto& kv : t) {
                const std::string id = kv.first.Scalar();
                if (kv.second.IsScalar())
                    z.schoolTowns.emplace_back(id, kv.second.Scalar());
                else if (kv.second.IsSequence())
                    for (const auto& town : kv.second)
                        z.schoolTowns.emplace_back(id, town.Scalar());
                else
                    p.error(kv.second, w + ".school_towns." + id,
                            "应为乡镇代码列表 / expected a list of town codes");
            }
    }
    if (file) {
        ZoneFile f;
        f.redraw = sc.plan.zoneRedraws.size();
        f.path = p.path(p.scalar<std::string>(n, "file", w, true).value_or(""));
        f.layer = p.scalar<std::string>(n, "layer", w, false).value_or("");
        f.schoolField = p.scalar<std::string>(n, "school_field", w, false).value_or("school_id");
        std::error_code ec;
        if (!fs::exists(f.path, ec))
            p.error(n["file"], w + ".file", "找不到文件 / file not found: " + f.path.string());
        sc.zoneFiles.push_back(std::move(f));
    }
    sc.plan.zoneRedraws.push_back(std::move(z));
}

void parseHousing(Parser& p, const YAML::Node& n, const std::string& w, Scenario& sc) {
    if (!p.keys(n, w,
                {"id", "name", "location", "town", "dwellings", "completion_year", "kindergarten"}))
        return;
    core::HousingProject h;
    h.id = p.scalar<std::string>(n, "id", w, true).value_or("");
    h.name = p.scalar<std::string>(n, "name", w, false).value_or(h.id);
    h.townCode = p.scalar<std::string>(n, "town", w, false).value_or("");
    h.dwellings = p.scalar<int>(n, "dwellings", w, true).value_or(0);
    if (h.dwellings < 0 || h.dwellings > 1000000)
        p.error(n["dwellings"], w + ".dwellings",
                "套数须在 0–1,000,000 之间 / dwellings must lie in 0–1,000,000");
    h.completionYear = p.year(n, "completion_year", w, true).value_or(0);
    if (const YAML::Node k = n["kindergarten"];
        k.IsDefined() && p.keys(k, w + ".kindergarten", {"classes", "year", "public"})) {
        h.kindergarten.classes = p.scalar<int>(k, "classes", w + ".kindergarten", true).value_or(0);
        if (h.kindergarten.classes < 0 || h.kindergarten.classes > 100)
            p.error(k["classes"], w + ".kindergarten.classes",
                    "班数须在 0–100 之间 / classes must lie in 0–100");
        h.kindergarten.deliveryYear = p.year(k, "year", w + ".kindergarten", false);
        h.kindergarten.publicOrPuhui = p.flag(k, "public", w + ".kindergarten").value_or(false);
    }
    sc.housingLocations.push_back(p.location(n, w, false));
    sc.plan.housing.push_back(std::move(h));
}

void parsePolicy(Parser& p, const YAML::Node& n, const std::string& w, Scenario& sc) {
    if (!p.keys(
            n, w,
            {"year", "class_size", "large_class_min", "huge_class_min", "migrant_public_share"}))
        return;
    core::PolicyChange pc;
    pc.year = p.year(n, "year", w, true).value_or(0);
    if (const YAML::Node cs = n["class_size"]; cs.IsDefined()) {
        if (!cs.IsMap())
            p.error(cs, w + ".class_size", "应为 学段: 班额 / expected stage: class size");
        else
            for (const auto& kv : cs) {
                const auto stage = p.stage(kv.first, w + ".class_size");
                std::vector<int> sizes;
                if (kv.second.IsSequence())
                    for (const auto& e : kv.second) {
                        if (const auto v = p.scalarOf<int>(e, w + ".class_size"))
                            sizes.push_back(*v);
                    }
                else if (const auto v = p.scalarOf<int>(kv.second, w + ".class_size"))
                    sizes.push_back(*v);
                if (stage)
                    pc.classSizes.emplace_back(*stage, sizes);
            }
    }
    pc.largeClassMin = p.scalar<int>(n, "large_class_min", w, false);
    pc.hugeClassMin = p.scalar<int>(n, "huge_class_min", w, false);
    pc.migrantPublicShare = p.scalar<double>(n, "migrant_public_share", w, false);
    sc.plan.policies.push_back(std::move(pc));
}

void parseIntervention(Parser& p, const YAML::Node& item, std::size_t index, Scenario& sc) {
    const std::string where = "interventions[" + std::to_string(index + 1) + "]";
    if (!item.IsMap() || item.size() != 1) {
        p.error(item, where,
                "每项须为一种干预，如 - new_school: {...} / each item must be one intervention, "
                "e.g. - new_school: {...}");
        return;
    }
    const auto kv = *item.begin();
    const std::string kind = kv.first.Scalar();
    const YAML::Node& n = kv.second;
    const std::string w = where + "." + kind;
    const auto at = [&](const std::string& layer, std::size_t i) {
        mark(sc, kv.first, kind, layer, i);
    };
    if (kind == "new_school") {
        at("new_schools", sc.plan.newSchools.size());
        parseNewSchool(p, n, w, sc);
    } else if (kind == "expand" || kind == "reduce") {
        at("class_changes", sc.plan.classChanges.size());
        parseClassChange(p, n, w, sc, kind == "expand" ? 1 : -1);
    } else if (kind == "close" || kind == "merge") {
        at("closures", sc.plan.closures.size());
        const bool merge = kind == "merge";
        if (!p.keys(n, w,
                    merge ? std::vector<std::string>{"school", "into", "year"}
                          : std::vector<std::string>{"school", "pupils_to", "year"}))
            return;
        core::Closure c;
        c.year = p.year(n, "year", w, true).value_or(0);
        c.schoolId = p.scalar<std::string>(n, "school", w, true).value_or("");
        c.pupilsTo = p.scalar<std::string>(n, merge ? "into" : "pupils_to", w, merge).value_or("");
        c.merge = merge;
        sc.plan.closures.push_back(std::move(c));
    } else if (kind == "convert") {
        at("conversions", sc.plan.conversions.size());
        if (!p.keys(n, w,
                    {"school", "year", "ownership", "puhui", "standardised", "provincial_standard",
                     "quality", "provincial_key"}))
            return;
        core::Conversion v;
        v.year = p.year(n, "year", w, true).value_or(0);
        v.schoolId = p.scalar<std::string>(n, "school", w, true).value_or("");
        v.ownership = ownershipOf(p, n, w);
        v.puhui = p.flag(n, "puhui", w);
        v.standardised = p.flag(n, "standardised", w);
        v.provincialStandard = p.flag(n, "provincial_standard", w);
        v.quality = p.flag(n, "quality", w);
        v.provincialKey = p.flag(n, "provincial_key", w);
        if (!v.ownership && !v.puhui && !v.standardised && !v.provincialStandard && !v.quality &&
            !v.provincialKey)
            p.error(n, w, "转制没有给出任何变化 / the conversion changes nothing");
        sc.plan.conversions.push_back(std::move(v));
    } else if (kind == "zones") {
        at("zones", sc.plan.zoneRedraws.size());
        parseZones(p, n, w, sc);
    } else if (kind == "housing") {
        at("housing", sc.plan.housing.size());
        parseHousing(p, n, w, sc);
    } else if (kind == "policy") {
        at("policies", sc.plan.policies.size());
        parsePolicy(p, n, w, sc);
    } else {
        p.error(kv.first, where,
                "未知的干预类型 / unknown intervention; " +
                    detail::unknownKeyMessage(kind, kKinds));
    }
}

} // namespace

Scenario Scenario::baseline(const fs::path& datasetFolder) {
    Scenario s;
    s.name = "baseline";
    s.dataset = datasetFolder;
    return s;
}

Scenario parseScenario(const std::string& yamlText, const fs::path& file) {
    const std::string origin = file.string();
    const YAML::Node root = detail::loadYaml(yamlText, origin);
    Parser p(origin, fs::absolute(file).parent_path());
    Scenario sc;
    sc.file = fs::absolute(file);
    if (root.IsNull()) {
        p.error(root, "(top)", "文件为空 / the file is empty");
    } else if (p.keys(root, "", kTopKeys)) {
        if (const auto v = p.scalar<int>(root, "xuewei_scenario", "", false);
            v && *v != kScenarioFormatVersion)
            p.error(root["xuewei_scenario"], "xuewei_scenario",
                    "本程序只读第 1 版方案文件 / this program reads format version 1 only");
        sc.name = p.scalar<std::string>(root, "name", "", false).value_or(file.stem().string());
        sc.description = p.scalar<std::string>(root, "description", "", false).value_or("");
        if (const auto d = p.scalar<std::string>(root, "dataset", "", true)) {
            sc.dataset = p.path(*d);
            std::error_code ec;
            if (!fs::is_directory(sc.dataset, ec))
                p.error(root["dataset"], "dataset",
                        "找不到数据集目录 / no dataset folder at " + sc.dataset.string());
        }
        sc.horizonYear = p.year(root, "horizon", "", false);
        std::string targetsYaml;
        if (root["assumptions"].IsDefined())
            parseAssumptions(p, root["assumptions"], sc, targetsYaml);
        if (const YAML::Node n = root["norms"]; n.IsDefined() && !n.IsNull()) {
            YAML::Emitter e;
            e << n;
            sc.normsYaml = e.c_str();
            try {
                core::Norms check = core::Norms::defaults();
                applyNormsNode(n, origin, check);
            } catch (const ScenarioError& err) {
                for (const core::Diagnostic& d : err.diagnostics())
                    p.error(n, "norms." + d.field, d.message);
            }
        }
        if (!targetsYaml.empty()) {
            // Enrolment targets are a norms override of each stage's target rate.
            YAML::Node norms =
                sc.normsYaml.empty() ? YAML::Node(YAML::NodeType::Map) : YAML::Load(sc.normsYaml);
            const YAML::Node targets = YAML::Load(targetsYaml);
            for (const auto& st : targets["stages"])
                norms["stages"][st.first.Scalar()]["target_rate"] = st.second["target_rate"];
            YAML::Emitter e;
            e << norms;
            sc.normsYaml = e.c_str();
        }
        if (const YAML::Node list = root["interventions"]; list.IsDefined() && !list.IsNull()) {
            if (!list.IsSequence())
                p.error(list, "interventions", "应为列表 / expected a list");
            else
                for (std::size_t i = 0; i < list.size(); ++i)
                    parseIntervention(p, list[i], i, sc);
        }
    }
    if (!p.problems().empty()) {
        std::string message = origin + ": 方案文件有 " + std::to_string(p.problems().size()) +
                              " 处错误，未应用 / the scenario file has " +
                              std::to_string(p.problems().size()) +
                              " problem(s) and was not applied:";
        for (const core::Diagnostic& d : p.problems())
            message += "\n  " + core::toString(d);
        throw ScenarioError(message, p.problems());
    }
    resolveClasses(sc, core::Norms::defaults());
    return sc;
}

Scenario loadScenario(const fs::path& file) {
    return parseScenario(detail::readText(file.string()), file);
}

void resolveClasses(Scenario& sc, const core::Norms& norms) {
    for (std::size_t i = 0; i < sc.plan.newSchools.size() && i < sc.newSchoolClasses.size(); ++i) {
        core::School& school = sc.plan.newSchools[i].school;
        school.stages.clear();
        for (const auto& [stage, spec] : sc.newSchoolClasses[i]) {
            core::StageProvision p;
            p.stage = stage;
            const std::vector<int> perGrade = spec.perGradeFor(norms[stage].grades);
            for (std::size_t g = 0; g < perGrade.size(); ++g)
                p.grades.push_back(core::GradeRecord{static_cast<int>(g) + 1, perGrade[g], 0, 0});
            school.stages.push_back(std::move(p));
        }
        std::sort(school.stages.begin(), school.stages.end(),
                  [](const core::StageProvision& a, const core::StageProvision& b) {
                      return a.stage < b.stage;
                  });
    }
    for (std::size_t i = 0; i < sc.plan.classChanges.size() && i < sc.classChangeSpecs.size(); ++i)
        sc.plan.classChanges[i].gradeDeltas =
            sc.classChangeSpecs[i].perGradeFor(norms[sc.plan.classChanges[i].stage].grades);
}

std::vector<core::Diagnostic> checkAgainstCity(const Scenario& sc, const core::CityData& city) {
    std::vector<core::Diagnostic> out =
        core::validatePlan(city, sc.plan, sc.horizonYear.value_or(city.baseYear + 50));
    for (core::Diagnostic& d : out) {
        d.file = sc.file.empty() ? std::string() : sc.file.string();
        const auto hash = d.featureId.find('#');
        if (hash == std::string::npos)
            continue;
        const std::size_t index = std::stoul(d.featureId.substr(hash + 1)) - 1;
        for (const SourceMark& m : sc.marks)
            if (m.layer == d.layer && m.index == index) {
                d.line = m.line;
                d.column = m.column;
            }
    }
    return out;
}

namespace {

void emitClasses(YAML::Emitter& e, const ClassSpec& c) {
    if (!c.grades.empty()) {
        e << YAML::Flow << YAML::BeginSeq;
        for (int v : c.grades)
            e << v;
        e << YAML::EndSeq;
    } else if (c.perGrade != 0) {
        e << YAML::Flow << YAML::BeginMap << YAML::Key << "classes_per_grade" << YAML::Value
          << c.perGrade << YAML::EndMap;
    } else {
        e << c.total;
    }
}

void emitLocation(YAML::Emitter& e, const std::optional<Location>& l) {
    if (!l)
        return;
    e << YAML::Key << "location" << YAML::Value << YAML::Flow << YAML::BeginMap;
    if (l->geographic)
        e << YAML::Key << "lon" << YAML::Value << l->a << YAML::Key << "lat" << YAML::Value << l->b;
    else
        e << YAML::Key << "x" << YAML::Value << l->a << YAML::Key << "y" << YAML::Value << l->b;
    e << YAML::EndMap;
}

std::string relativeTo(const fs::path& p, const fs::path& folder) {
    if (folder.empty())
        return p.string();
    std::error_code ec;
    const fs::path r = fs::relative(p, folder, ec);
    return ec || r.empty() ? p.string() : r.string();
}

const char* ownershipCode(core::Ownership o) {
    return o == core::Ownership::Public ? "public" : "private";
}

void emitFlag(YAML::Emitter& e, const char* key, const std::optional<bool>& v) {
    if (v)
        e << YAML::Key << key << YAML::Value << *v;
}

} // namespace

std::string toYaml(const Scenario& sc) {
    const fs::path folder = sc.file.empty() ? fs::path() : sc.file.parent_path();
    YAML::Emitter e;
    e.SetDoublePrecision(17);
    e << YAML::Comment("xuewei 方案文件 / Xuewei scenario file (docs/scenarios.md)");
    e << YAML::BeginMap;
    e << YAML::Key << "xuewei_scenario" << YAML::Value << kScenarioFormatVersion;
    e << YAML::Key << "name" << YAML::Value << sc.name;
    if (!sc.description.empty())
        e << YAML::Key << "description" << YAML::Value << sc.description;
    e << YAML::Key << "dataset" << YAML::Value << relativeTo(sc.dataset, folder);
    if (sc.horizonYear)
        e << YAML::Key << "horizon" << YAML::Value << *sc.horizonYear;
    const Assumptions& a = sc.assumptions;
    e << YAML::Key << "assumptions" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "fertility" << YAML::Value
      << (a.fertility == core::FertilityVariant::Low    ? "low"
          : a.fertility == core::FertilityVariant::High ? "high"
                                                        : "medium");
    if (!a.cityBirths.empty()) {
        e << YAML::Key << "births" << YAML::Value << YAML::BeginMap;
        for (const auto& [y, b] : a.cityBirths)
            e << YAML::Key << y << YAML::Value << b;
        e << YAML::EndMap;
    }
    e << YAML::Key << "migration_rate" << YAML::Value << a.migrationRatePerYear;
    e << YAML::Key << "housing_delay_years" << YAML::Value << a.housingDelayYears;
    if (a.housingMigrantShare)
        e << YAML::Key << "housing_migrant_share" << YAML::Value << *a.housingMigrantShare;
    e << YAML::EndMap;
    if (!sc.normsYaml.empty())
        e << YAML::Key << "norms" << YAML::Value << YAML::Load(sc.normsYaml);

    // Interventions in the order of the marks (file order), else kind by kind.
    std::vector<SourceMark> order = sc.marks;
    if (order.empty()) {
        const auto add = [&](const char* kind, const char* layer, std::size_t n) {
            for (std::size_t i = 0; i < n; ++i)
                order.push_back({kind, layer, i, 0, 0});
        };
        add("new_school", "new_schools", sc.plan.newSchools.size());
        add("expand", "class_changes", sc.plan.classChanges.size());
        add("convert", "conversions", sc.plan.conversions.size());
        add("close", "closures", sc.plan.closures.size());
        add("zones", "zones", sc.plan.zoneRedraws.size());
        add("housing", "housing", sc.plan.housing.size());
        add("policy", "policies", sc.plan.policies.size());
    }
    if (!order.empty()) {
        e << YAML::Key << "interventions" << YAML::Value << YAML::BeginSeq;
        for (const SourceMark& m : order) {
            e << YAML::BeginMap;
            if (m.layer == "new_schools") {
                const core::NewSchool& n = sc.plan.newSchools[m.index];
                e << YAML::Key << "new_school" << YAML::Value << YAML::BeginMap;
                e << YAML::Key << "id" << YAML::Value << n.school.id;
                e << YAML::Key << "name" << YAML::Value << n.school.name;
                e << YAML::Key << "year" << YAML::Value << n.year;
                emitLocation(e, m.index < sc.newSchoolLocations.size()
                                    ? sc.newSchoolLocations[m.index]
                                    : std::optional<Location>(Location{
                                          n.school.location.x, n.school.location.y, false}));
                if (!n.school.townCode.empty())
                    e << YAML::Key << "town" << YAML::Value << n.school.townCode;
                e << YAML::Key << "ownership" << YAML::Value << ownershipCode(n.school.ownership);
                const core::SchoolFlags& f = n.school.flags;
                e << YAML::Key << "flags" << YAML::Value << YAML::Flow << YAML::BeginMap
                  << YAML::Key << "puhui" << YAML::Value << f.puhui << YAML::Key << "standardised"
                  << YAML::Value << f.standardised << YAML::Key << "provincial_standard"
                  << YAML::Value << f.provincialStandard << YAML::Key << "quality" << YAML::Value
                  << f.quality << YAML::Key << "provincial_key" << YAML::Value << f.provincialKey
                  << YAML::EndMap;
                e << YAML::Key << "stages" << YAML::Value << YAML::BeginMap;
                if (m.index < sc.newSchoolClasses.size())
                    for (const auto& [stage, spec] : sc.newSchoolClasses[m.index]) {
                        e << YAML::Key << std::string(core::stageCode(stage)) << YAML::Value;
                        emitClasses(e, spec);
                    }
                else
                    for (const core::StageProvision& p : n.school.stages) {
                        ClassSpec spec;
                        for (const auto& g : p.grades)
                            spec.grades.push_back(g.classes);
                        e << YAML::Key << std::string(core::stageCode(p.stage)) << YAML::Value;
                        emitClasses(e, spec);
                    }
                e << YAML::EndMap;
                if (n.school.landM2 > 0.0)
                    e << YAML::Key << "land_m2" << YAML::Value << n.school.landM2;
                if (n.school.floorM2 > 0.0)
                    e << YAML::Key << "floor_m2" << YAML::Value << n.school.floorM2;
                if (n.school.staff.teachers > 0)
                    e << YAML::Key << "teachers" << YAML::Value << n.school.staff.teachers;
                e << YAML::EndMap;
            } else if (m.layer == "class_changes") {
                const core::ClassChange& c = sc.plan.classChanges[m.index];
                ClassSpec spec;
                if (m.index < sc.classChangeSpecs.size()) {
                    spec = sc.classChangeSpecs[m.index];
                } else {
                    spec.grades = c.gradeDeltas;
                    spec.sign = std::any_of(c.gradeDeltas.begin(), c.gradeDeltas.end(),
                                            [](int v) { return v < 0; })
                                    ? -1
                                    : 1;
                    for (int& v : spec.grades)
                        v = std::abs(v);
                }
                e << YAML::Key << (spec.sign < 0 ? "reduce" : "expand") << YAML::Value
                  << YAML::BeginMap << YAML::Key << "school" << YAML::Value << c.schoolId
                  << YAML::Key << "year" << YAML::Value << c.year << YAML::Key << "stage"
                  << YAML::Value << std::string(core::stageCode(c.stage));
                if (!spec.grades.empty())
                    e << YAML::Key << "grades" << YAML::Value << YAML::Flow << spec.grades;
                else if (spec.perGrade != 0)
                    e << YAML::Key << "classes_per_grade" << YAML::Value << spec.perGrade;
                else
                    e << YAML::Key << "classes" << YAML::Value << spec.total;
                e << YAML::EndMap;
            } else if (m.layer == "closures") {
                const core::Closure& c = sc.plan.closures[m.index];
                e << YAML::Key << (c.merge ? "merge" : "close") << YAML::Value << YAML::BeginMap
                  << YAML::Key << "school" << YAML::Value << c.schoolId << YAML::Key << "year"
                  << YAML::Value << c.year;
                if (!c.pupilsTo.empty())
                    e << YAML::Key << (c.merge ? "into" : "pupils_to") << YAML::Value << c.pupilsTo;
                e << YAML::EndMap;
            } else if (m.layer == "conversions") {
                const core::Conversion& v = sc.plan.conversions[m.index];
                e << YAML::Key << "convert" << YAML::Value << YAML::BeginMap << YAML::Key
                  << "school" << YAML::Value << v.schoolId << YAML::Key << "year" << YAML::Value
                  << v.year;
                if (v.ownership)
                    e << YAML::Key << "ownership" << YAML::Value << ownershipCode(*v.ownership);
                emitFlag(e, "puhui", v.puhui);
                emitFlag(e, "standardised", v.standardised);
                emitFlag(e, "provincial_standard", v.provincialStandard);
                emitFlag(e, "quality", v.quality);
                emitFlag(e, "provincial_key", v.provincialKey);
                e << YAML::EndMap;
            } else if (m.layer == "zones") {
                const core::ZoneRedraw& z = sc.plan.zoneRedraws[m.index];
                e << YAML::Key << "zones" << YAML::Value << YAML::BeginMap << YAML::Key << "year"
                  << YAML::Value << z.year;
                const ZoneFile* file = nullptr;
                for (const ZoneFile& f : sc.zoneFiles)
                    if (f.redraw == m.index)
                        file = &f;
                if (file != nullptr) {
                    e << YAML::Key << "file" << YAML::Value << relativeTo(file->path, folder);
                    if (!file->layer.empty())
                        e << YAML::Key << "layer" << YAML::Value << file->layer;
                    e << YAML::Key << "school_field" << YAML::Value << file->schoolField;
                } else {
                    std::map<std::string, std::vector<std::string>> bySchool;
                    std::vector<std::string> order2;
                    for (const auto& [id, town] : z.schoolTowns) {
                        if (!bySchool.count(id))
                            order2.push_back(id);
                        bySchool[id].push_back(town);
                    }
                    e << YAML::Key << "school_towns" << YAML::Value << YAML::BeginMap;
                    for (const std::string& id : order2)
                        e << YAML::Key << id << YAML::Value << YAML::Flow << bySchool[id];
                    e << YAML::EndMap;
                }
                e << YAML::EndMap;
            } else if (m.layer == "housing") {
                const core::HousingProject& h = sc.plan.housing[m.index];
                e << YAML::Key << "housing" << YAML::Value << YAML::BeginMap << YAML::Key << "id"
                  << YAML::Value << h.id << YAML::Key << "name" << YAML::Value << h.name;
                emitLocation(
                    e, m.index < sc.housingLocations.size()
                           ? sc.housingLocations[m.index]
                           : std::optional<Location>(Location{h.location.x, h.location.y, false}));
                if (!h.townCode.empty())
                    e << YAML::Key << "town" << YAML::Value << h.townCode;
                e << YAML::Key << "dwellings" << YAML::Value << h.dwellings << YAML::Key
                  << "completion_year" << YAML::Value << h.completionYear;
                e << YAML::Key << "kindergarten" << YAML::Value << YAML::Flow << YAML::BeginMap
                  << YAML::Key << "classes" << YAML::Value << h.kindergarten.classes;
                if (h.kindergarten.deliveryYear)
                    e << YAML::Key << "year" << YAML::Value << *h.kindergarten.deliveryYear;
                e << YAML::Key << "public" << YAML::Value << h.kindergarten.publicOrPuhui
                  << YAML::EndMap;
                e << YAML::EndMap;
            } else if (m.layer == "policies") {
                const core::PolicyChange& p = sc.plan.policies[m.index];
                e << YAML::Key << "policy" << YAML::Value << YAML::BeginMap << YAML::Key << "year"
                  << YAML::Value << p.year;
                if (!p.classSizes.empty()) {
                    e << YAML::Key << "class_size" << YAML::Value << YAML::BeginMap;
                    for (const auto& [stage, sizes] : p.classSizes) {
                        e << YAML::Key << std::string(core::stageCode(stage)) << YAML::Value;
                        if (sizes.size() == 1)
                            e << sizes.front();
                        else
                            e << YAML::Flow << sizes;
                    }
                    e << YAML::EndMap;
                }
                if (p.largeClassMin)
                    e << YAML::Key << "large_class_min" << YAML::Value << *p.largeClassMin;
                if (p.hugeClassMin)
                    e << YAML::Key << "huge_class_min" << YAML::Value << *p.hugeClassMin;
                if (p.migrantPublicShare)
                    e << YAML::Key << "migrant_public_share" << YAML::Value
                      << *p.migrantPublicShare;
                e << YAML::EndMap;
            }
            e << YAML::EndMap;
        }
        e << YAML::EndSeq;
    }
    e << YAML::EndMap;
    return std::string(e.c_str()) + "\n";
}

void writeScenario(const fs::path& file, const Scenario& scenario) {
    Scenario copy = scenario;
    copy.file = fs::absolute(file);
    const std::string text = toYaml(copy);
    static std::atomic<unsigned> counter{0};
    const fs::path temp =
        copy.file.parent_path() / ("." + copy.file.filename().string() + ".partial-" +
                                   std::to_string(::getpid()) + "-" + std::to_string(counter++));
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            const int e = errno;
            std::error_code ec;
            fs::remove(temp, ec);
            throw ScenarioError(file.string() +
                                ": 无法写入方案文件 / cannot write the scenario "
                                "file: " +
                                std::strerror(e != 0 ? e : EIO));
        }
    }
    std::error_code ec;
    fs::rename(temp, copy.file, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw ScenarioError(file.string() +
                            ": 无法写入方案文件 / cannot write the scenario "
                            "file: " +
                            ec.message());
    }
}

core::Norms scenarioNorms(const Scenario& sc, const core::Norms& base) {
    if (sc.normsYaml.empty())
        return base;
    return parseNorms(sc.normsYaml, sc.file.string() + " [norms]", base);
}

void applyAssumptions(const Assumptions& a, core::ProjectionConfig& config) {
    config.assumptions.births.variant = a.fertility;
    config.assumptions.births.cityBirthsOverride = a.cityBirths;
    config.assumptions.housing.delayYears = a.housingDelayYears;
    if (a.housingMigrantShare)
        config.assumptions.housing.migrantShare = *a.housingMigrantShare;
    if (a.migrationRatePerYear != 0.0)
        for (auto& v : config.assumptions.migration.netRatePerYearByAge)
            v = {a.migrationRatePerYear};
}

} // namespace xw::scenarios
