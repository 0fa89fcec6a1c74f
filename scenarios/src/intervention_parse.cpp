// The interventions of a scenario file: one reader per kind, each adding to the plan and
// marking where in the file the intervention stands.
#include "detail/scenario_parser.hpp"

#include "detail/yaml_util.hpp"

#include <system_error>

namespace xw::scenarios::detail {
namespace {
namespace fs = std::filesystem;

const std::vector<std::string> kKinds{"new_school", "expand", "reduce",  "close", "merge",
                                      "convert",    "zones",  "housing", "policy"};

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

} // namespace

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

} // namespace xw::scenarios::detail
