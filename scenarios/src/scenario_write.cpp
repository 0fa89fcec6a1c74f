// Writing a scenario back as YAML: the canonical form that loadScenario reads back to an equal
// scenario, interventions in file order; and the atomic write of the file.
#include <xw/scenarios/error.hpp>
#include <xw/scenarios/scenario.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <system_error>
#include <unistd.h>

namespace xw::scenarios {
namespace fs = std::filesystem;
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

/// The body of the new school of mark `m`.
void emitNewSchool(YAML::Emitter& e, const Scenario& sc, const SourceMark& m) {
    const core::NewSchool& n = sc.plan.newSchools[m.index];
    e << YAML::Key << "new_school" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "id" << YAML::Value << n.school.id;
    e << YAML::Key << "name" << YAML::Value << n.school.name;
    e << YAML::Key << "year" << YAML::Value << n.year;
    emitLocation(e, m.index < sc.newSchoolLocations.size()
                        ? sc.newSchoolLocations[m.index]
                        : std::optional<Location>(
                              Location{n.school.location.x, n.school.location.y, false}));
    if (!n.school.townCode.empty())
        e << YAML::Key << "town" << YAML::Value << n.school.townCode;
    e << YAML::Key << "ownership" << YAML::Value << ownershipCode(n.school.ownership);
    const core::SchoolFlags& f = n.school.flags;
    e << YAML::Key << "flags" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "puhui"
      << YAML::Value << f.puhui << YAML::Key << "standardised" << YAML::Value << f.standardised
      << YAML::Key << "provincial_standard" << YAML::Value << f.provincialStandard << YAML::Key
      << "quality" << YAML::Value << f.quality << YAML::Key << "provincial_key" << YAML::Value
      << f.provincialKey << YAML::EndMap;
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
}

/// The body of the class change of mark `m` (expand or reduce by its sign).
void emitClassChange(YAML::Emitter& e, const Scenario& sc, const SourceMark& m) {
    const core::ClassChange& c = sc.plan.classChanges[m.index];
    ClassSpec spec;
    if (m.index < sc.classChangeSpecs.size()) {
        spec = sc.classChangeSpecs[m.index];
    } else {
        spec.grades = c.gradeDeltas;
        spec.sign =
            std::any_of(c.gradeDeltas.begin(), c.gradeDeltas.end(), [](int v) { return v < 0; })
                ? -1
                : 1;
        for (int& v : spec.grades)
            v = std::abs(v);
    }
    e << YAML::Key << (spec.sign < 0 ? "reduce" : "expand") << YAML::Value << YAML::BeginMap
      << YAML::Key << "school" << YAML::Value << c.schoolId << YAML::Key << "year" << YAML::Value
      << c.year << YAML::Key << "stage" << YAML::Value << std::string(core::stageCode(c.stage));
    if (!spec.grades.empty())
        e << YAML::Key << "grades" << YAML::Value << YAML::Flow << spec.grades;
    else if (spec.perGrade != 0)
        e << YAML::Key << "classes_per_grade" << YAML::Value << spec.perGrade;
    else
        e << YAML::Key << "classes" << YAML::Value << spec.total;
    e << YAML::EndMap;
}

/// The body of the closure or merger of mark `m`.
void emitClosure(YAML::Emitter& e, const Scenario& sc, const SourceMark& m) {
    const core::Closure& c = sc.plan.closures[m.index];
    e << YAML::Key << (c.merge ? "merge" : "close") << YAML::Value << YAML::BeginMap << YAML::Key
      << "school" << YAML::Value << c.schoolId << YAML::Key << "year" << YAML::Value << c.year;
    if (!c.pupilsTo.empty())
        e << YAML::Key << (c.merge ? "into" : "pupils_to") << YAML::Value << c.pupilsTo;
    e << YAML::EndMap;
}

/// The body of the conversion of mark `m`.
void emitConversion(YAML::Emitter& e, const Scenario& sc, const SourceMark& m) {
    const core::Conversion& v = sc.plan.conversions[m.index];
    e << YAML::Key << "convert" << YAML::Value << YAML::BeginMap << YAML::Key << "school"
      << YAML::Value << v.schoolId << YAML::Key << "year" << YAML::Value << v.year;
    if (v.ownership)
        e << YAML::Key << "ownership" << YAML::Value << ownershipCode(*v.ownership);
    emitFlag(e, "puhui", v.puhui);
    emitFlag(e, "standardised", v.standardised);
    emitFlag(e, "provincial_standard", v.provincialStandard);
    emitFlag(e, "quality", v.quality);
    emitFlag(e, "provincial_key", v.provincialKey);
    e << YAML::EndMap;
}

/// The body of the zone redraw of mark `m`: its file (relative to `folder`) or its school_towns
/// table.
void emitZones(YAML::Emitter& e, const Scenario& sc, const SourceMark& m, const fs::path& folder) {
    const core::ZoneRedraw& z = sc.plan.zoneRedraws[m.index];
    e << YAML::Key << "zones" << YAML::Value << YAML::BeginMap << YAML::Key << "year" << YAML::Value
      << z.year;
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
}

/// The body of the housing project of mark `m`.
void emitHousing(YAML::Emitter& e, const Scenario& sc, const SourceMark& m) {
    const core::HousingProject& h = sc.plan.housing[m.index];
    e << YAML::Key << "housing" << YAML::Value << YAML::BeginMap << YAML::Key << "id" << YAML::Value
      << h.id << YAML::Key << "name" << YAML::Value << h.name;
    emitLocation(e, m.index < sc.housingLocations.size()
                        ? sc.housingLocations[m.index]
                        : std::optional<Location>(Location{h.location.x, h.location.y, false}));
    if (!h.townCode.empty())
        e << YAML::Key << "town" << YAML::Value << h.townCode;
    e << YAML::Key << "dwellings" << YAML::Value << h.dwellings << YAML::Key << "completion_year"
      << YAML::Value << h.completionYear;
    e << YAML::Key << "kindergarten" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "classes" << YAML::Value << h.kindergarten.classes;
    if (h.kindergarten.deliveryYear)
        e << YAML::Key << "year" << YAML::Value << *h.kindergarten.deliveryYear;
    e << YAML::Key << "public" << YAML::Value << h.kindergarten.publicOrPuhui << YAML::EndMap;
    e << YAML::EndMap;
}

/// The body of the policy change of mark `m`.
void emitPolicy(YAML::Emitter& e, const Scenario& sc, const SourceMark& m) {
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
        e << YAML::Key << "migrant_public_share" << YAML::Value << *p.migrantPublicShare;
    e << YAML::EndMap;
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
            if (m.layer == "new_schools")
                emitNewSchool(e, sc, m);
            else if (m.layer == "class_changes")
                emitClassChange(e, sc, m);
            else if (m.layer == "closures")
                emitClosure(e, sc, m);
            else if (m.layer == "conversions")
                emitConversion(e, sc, m);
            else if (m.layer == "zones")
                emitZones(e, sc, m, folder);
            else if (m.layer == "housing")
                emitHousing(e, sc, m);
            else if (m.layer == "policies")
                emitPolicy(e, sc, m);
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

} // namespace xw::scenarios
