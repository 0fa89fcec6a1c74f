// Dataset loader: the layers and tables a manifest names, read into core types. The manifest,
// the cell parsing, the source reader and the geometry checks live in detail/. See
// docs/dataset-format.md.
#include <xw/gis/dataset.hpp>

#include "detail/area_checks.hpp"
#include "detail/geos_util.hpp"
#include "detail/manifest.hpp"
#include "detail/ogr_util.hpp"
#include "detail/source_reader.hpp"
#include "detail/text.hpp"
#include "detail/working_crs.hpp"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;
using detail::CheckedPolygon;
using detail::checkPolygon;
using detail::FieldDef;
using detail::forEachFeature;
using detail::GeometryKind;
using detail::GeomPtr;
using detail::GeosContext;
using detail::inQuotes;
using detail::kDefaultWorkingCrs;
using detail::kManifestName;
using detail::Manifest;
using detail::readManifest;
using detail::Record;
using detail::requireFeatures;
using detail::rowId;
using detail::SourceReader;
using detail::SourceSpec;
using detail::TownIndex;
using detail::workingSrs;

// ----------------------------------------------------------------------------------------------
// The layers

struct Loader {
    const fs::path& folder;
    Manifest manifest;
    detail::SrsPtr working;
    GeosContext geos;
    DatasetLoad out;
    std::vector<GeomPtr> townGeometries;

    SourceReader open(const std::string& key, const std::vector<FieldDef>& fields,
                      GeometryKind kind) {
        const bool required = key == "districts" || key == "towns" || key == "schools";
        return SourceReader(manifest.sources.at(key), fields, kind, working.get(), out.problems,
                            required);
    }

    void loadDistricts() {
        SourceReader reader =
            open("districts", {{"code", true}, {"name", true}}, GeometryKind::Polygon);
        std::set<std::string> seen;
        std::size_t kept = 0;
        const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            const auto code = r.text("code");
            if (code) {
                r.setId(*code);
            }
            core::District d{r.required("code"), r.required("name")};
            if (r.ok() && !seen.insert(d.code).second) {
                r.error("code", "重复的代码，已跳过 / duplicate code, skipped");
            }
            std::string why, field;
            OGRGeometryUniquePtr g = r.ok() ? reader.geometry(f, why, field) : nullptr;
            if (r.ok() && !g) {
                r.errorColumn(field, why);
            }
            if (!r.ok()) {
                return;
            }
            CheckedPolygon poly = checkPolygon(geos, *g, r);
            if (!poly.geometry) {
                return;
            }
            out.districtShapes.push_back({d.code, detail::toWkb(geos, *poly.geometry)});
            out.city.regions.districts.push_back(std::move(d));
            ++kept;
        });
        requireFeatures(reader, rows, kept);
    }

    void loadTowns() {
        SourceReader reader = open("towns",
                                   {{"code", true},
                                    {"name", true},
                                    {"district", true},
                                    {"urban", false},
                                    {"residents", false}},
                                   GeometryKind::Polygon);
        std::set<std::string> seen;
        std::size_t kept = 0;
        const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto code = r.text("code")) {
                r.setId(*code);
            }
            core::Town t;
            t.code = r.required("code");
            t.name = r.required("name");
            t.districtCode = r.required("district");
            t.urban = r.boolean("urban", true).value_or(false);
            const auto residents = r.number("residents", false);
            if (r.ok() && !seen.insert(t.code).second) {
                r.error("code", "重复的代码，已跳过 / duplicate code, skipped");
            }
            if (r.ok() && !out.city.regions.districtIndex(t.districtCode)) {
                r.error("district",
                        "未知的区县代码 / unknown district code: " + inQuotes(t.districtCode));
            }
            std::string why, field;
            OGRGeometryUniquePtr g = r.ok() ? reader.geometry(f, why, field) : nullptr;
            if (r.ok() && !g) {
                r.errorColumn(field, why);
            }
            if (!r.ok()) {
                return;
            }
            CheckedPolygon poly = checkPolygon(geos, *g, r);
            if (!poly.geometry) {
                return;
            }
            t.areaKm2 = poly.areaKm2;
            if (residents) {
                out.city.population.totalResidents[t.code] = *residents;
            }
            out.townShapes.push_back({t.code, detail::toWkb(geos, *poly.geometry)});
            townGeometries.push_back(std::move(poly.geometry));
            out.city.regions.towns.push_back(std::move(t));
            ++kept;
        });
        requireFeatures(reader, rows, kept);
    }

    /// The location of a point feature and its town, or nullopt after reporting why not.
    std::optional<std::pair<core::PointM, std::string>>
    placePoint(const SourceReader& reader, OGRFeature& f, Record& r, const TownIndex& towns) {
        std::string why, field;
        OGRGeometryUniquePtr g = reader.geometry(f, why, field);
        if (!g) {
            r.report(Severity::Error, field, why);
            return std::nullopt;
        }
        if (wkbFlatten(g->getGeometryType()) != wkbPoint) {
            r.report(Severity::Error, field,
                     std::string("不是点 / not a point: ") + g->getGeometryName());
            return std::nullopt;
        }
        const auto* p = g->toPoint();
        const auto town = towns.locate(p->getX(), p->getY());
        if (!town) {
            r.report(Severity::Error, field,
                     "位置不在任何乡镇内，已跳过 / location outside every town, skipped");
            return std::nullopt;
        }
        return std::make_pair(core::PointM{p->getX(), p->getY()},
                              out.city.regions.towns[*town].code);
    }

    void loadSchools(const TownIndex& towns) {
        SourceReader reader = open("schools",
                                   {{"id", true},
                                    {"name", true},
                                    {"ownership", true},
                                    {"puhui", false},
                                    {"provincial_standard", false},
                                    {"standardised", false},
                                    {"quality", false},
                                    {"provincial_key", false},
                                    {"teaching_point", false},
                                    {"land_m2", false},
                                    {"floor_m2", false},
                                    {"teachers", false},
                                    {"teachers_college", false},
                                    {"teachers_bachelor", false},
                                    {"teachers_postgrad", false},
                                    {"teachers_dual", false}},
                                   GeometryKind::Point);
        std::set<std::string> seen;
        std::size_t kept = 0;
        const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto id = r.text("id")) {
                r.setId(*id);
            }
            core::School s;
            s.id = r.required("id");
            s.name = r.required("name");
            const std::string ownership = r.required("ownership");
            if (const auto o = core::parseOwnership(ownership)) {
                s.ownership = *o;
            } else if (!ownership.empty()) {
                r.error("ownership", "未知的办学性质 / unknown ownership: " + inQuotes(ownership) +
                                         " (公办/民办, public/private)");
            }
            s.flags.puhui = r.boolean("puhui").value_or(false);
            s.flags.provincialStandard = r.boolean("provincial_standard").value_or(false);
            s.flags.standardised = r.boolean("standardised").value_or(false);
            s.flags.quality = r.boolean("quality").value_or(false);
            s.flags.provincialKey = r.boolean("provincial_key").value_or(false);
            s.flags.teachingPoint = r.boolean("teaching_point").value_or(false);
            s.landM2 = r.number("land_m2", false).value_or(0.0);
            s.floorM2 = r.number("floor_m2", false).value_or(0.0);
            s.staff.teachers = r.integer("teachers", false).value_or(0);
            s.staff.collegePlus = r.integer("teachers_college", false).value_or(0);
            s.staff.bachelorPlus = r.integer("teachers_bachelor", false).value_or(0);
            s.staff.postgraduate = r.integer("teachers_postgrad", false).value_or(0);
            s.staff.dualQualified = r.integer("teachers_dual", false).value_or(0);
            if (r.ok() && seen.count(s.id) != 0) {
                r.error("id", "重复的标识，已跳过 / duplicate id, skipped");
            }
            if (!r.ok()) {
                return;
            }
            const auto place = placePoint(reader, f, r, towns);
            if (!place) {
                return;
            }
            seen.insert(s.id);
            s.location = place->first;
            s.townCode = place->second;
            out.city.schools.push_back(std::move(s));
            ++kept;
        });
        requireFeatures(reader, rows, kept);
    }

    void loadHousing(const TownIndex& towns) {
        if (manifest.sources.count("housing") == 0) {
            return;
        }
        SourceReader reader = open("housing",
                                   {{"id", true},
                                    {"name", true},
                                    {"dwellings", true},
                                    {"completion_year", true},
                                    {"kg_classes", false},
                                    {"kg_year", false},
                                    {"kg_public", false}},
                                   GeometryKind::Point);
        std::set<std::string> seen;
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto id = r.text("id")) {
                r.setId(*id);
            }
            core::HousingProject h;
            h.id = r.required("id");
            h.name = r.required("name");
            h.dwellings = r.integer("dwellings", true).value_or(0);
            h.completionYear = r.integer("completion_year", true).value_or(0);
            h.kindergarten.classes = r.integer("kg_classes", false).value_or(0);
            h.kindergarten.deliveryYear = r.integer("kg_year", false);
            h.kindergarten.publicOrPuhui = r.boolean("kg_public").value_or(false);
            if (r.ok() && seen.count(h.id) != 0) {
                r.error("id", "重复的标识，已跳过 / duplicate id, skipped");
            }
            if (!r.ok()) {
                return;
            }
            const auto place = placePoint(reader, f, r, towns);
            if (!place) {
                return;
            }
            seen.insert(h.id);
            h.location = place->first;
            h.townCode = place->second;
            out.city.housing.push_back(std::move(h));
        });
    }

    /// Optional attendance zones: polygons with the id of their school.
    void loadZones() {
        if (manifest.sources.count("zones") == 0) {
            return;
        }
        SourceReader reader = open("zones", {{"school", true}}, GeometryKind::Polygon);
        std::set<std::string> schoolIds;
        for (const auto& s : out.city.schools) {
            schoolIds.insert(s.id);
        }
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            const std::string school = r.required("school");
            if (r.ok() && schoolIds.count(school) == 0) {
                r.error("school", "未知的学校标识 / unknown school id: " + inQuotes(school));
            }
            std::string why, field;
            OGRGeometryUniquePtr g = r.ok() ? reader.geometry(f, why, field) : nullptr;
            if (r.ok() && !g) {
                r.errorColumn(field, why);
            }
            if (!r.ok()) {
                return;
            }
            CheckedPolygon poly = checkPolygon(geos, *g, r);
            if (poly.geometry) {
                out.zones.push_back({school, detail::toWkb(geos, *poly.geometry)});
            }
        });
    }

    /// Optional school → town table: the towns each school's zone covers.
    void loadSchoolTowns() {
        if (manifest.sources.count("school_towns") == 0) {
            return;
        }
        SourceReader reader =
            open("school_towns", {{"school", true}, {"town", true}}, GeometryKind::None);
        std::set<std::string> schoolIds;
        for (const auto& s : out.city.schools) {
            schoolIds.insert(s.id);
        }
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            const std::string school = r.required("school");
            const std::string town = r.required("town");
            if (r.ok() && schoolIds.count(school) == 0) {
                r.error("school", "未知的学校标识 / unknown school id: " + inQuotes(school));
            }
            if (r.ok() && !out.city.regions.townIndex(town)) {
                r.error("town", "未知的乡镇代码 / unknown town code: " + inQuotes(town));
            }
            if (r.ok()) {
                out.schoolTowns.emplace_back(school, town);
            }
        });
    }

    /// Optional population raster: only located here; buildDemandGrid reads it.
    void locatePopulationRaster() {
        const auto it = manifest.sources.find("population_raster");
        if (it == manifest.sources.end()) {
            return;
        }
        const SourceSpec& spec = it->second;
        std::error_code ec;
        if (spec.path.string().rfind("/vsi", 0) != 0 && !fs::exists(spec.path, ec)) {
            throw GisError(spec.sourceLabel, spec.key,
                           "文件不存在 / file not found: " + spec.sourceLabel + " (" +
                               spec.path.string() + ")");
        }
        out.populationRaster = RasterSource{fs::absolute(spec.path), spec.sourceLabel, spec.crs};
    }

    /// Grade numbers may be given within the stage (1..n) or, for junior and senior, in the
    /// national numbering (7–9, 10–12); returns the 1-based grade within the stage.
    static std::optional<int> gradeWithinStage(core::Stage stage, int grade) {
        const int grades = core::Norms::defaults()[stage].grades;
        if (grade >= 1 && grade <= grades) {
            return grade;
        }
        const int offset =
            stage == core::Stage::Junior ? 6 : (stage == core::Stage::Senior ? 9 : 0);
        if (offset > 0 && grade > offset && grade <= offset + grades) {
            return grade - offset;
        }
        return std::nullopt;
    }

    void loadGrades() {
        if (manifest.sources.count("school_grades") == 0) {
            return;
        }
        SourceReader reader = open("school_grades",
                                   {{"school", true},
                                    {"stage", true},
                                    {"grade", true},
                                    {"classes", true},
                                    {"students", true},
                                    {"migrant", false},
                                    {"disabled", false},
                                    {"large_classes", false},
                                    {"huge_classes", false}},
                                   GeometryKind::None);
        std::map<std::string, std::size_t> schoolIndex;
        for (std::size_t i = 0; i < out.city.schools.size(); ++i) {
            schoolIndex[out.city.schools[i].id] = i;
        }
        struct StageData {
            std::map<int, core::GradeRecord> grades;
            int disabled = 0;
        };
        std::map<std::pair<std::size_t, core::Stage>, StageData> data;
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto school = r.text("school")) {
                r.setId(rowId(row) + " (" + *school + ")");
            }
            const std::string school = r.required("school");
            const std::string stageText = r.required("stage");
            const auto grade = r.integer("grade", true);
            const auto classes = r.integer("classes", true);
            const auto students = r.integer("students", true);
            const auto migrant = r.integer("migrant", false);
            const auto disabled = r.integer("disabled", false);
            const auto large = r.integer("large_classes", false);
            const auto huge = r.integer("huge_classes", false);
            const auto stage = core::parseStage(stageText);
            if (!stageText.empty() && !stage) {
                r.error("stage", "未知的学段 / unknown stage: " + inQuotes(stageText));
            }
            const auto it = schoolIndex.find(school);
            if (!school.empty() && it == schoolIndex.end()) {
                r.error("school",
                        "未知的学校（或该学校已被跳过） / unknown school (or one that was "
                        "skipped): " +
                            inQuotes(school));
            }
            std::optional<int> g;
            if (stage && grade) {
                g = gradeWithinStage(*stage, *grade);
                if (!g) {
                    r.error("grade", "年级超出学段范围 / grade out of range for the stage: " +
                                         std::to_string(*grade));
                }
            }
            if (r.ok() && migrant && *migrant > *students) {
                r.error("migrant", "随迁子女多于在校生 / more migrant pupils than students");
            }
            if (!r.ok()) {
                return;
            }
            StageData& sd = data[{it->second, *stage}];
            if (sd.grades.count(*g) != 0) {
                r.error("grade", "重复的学校×学段×年级，已跳过 / duplicate school × stage × grade, "
                                 "skipped");
                return;
            }
            core::GradeRecord record{*g, *classes, *students, migrant.value_or(0)};
            record.reportedLargeClasses = large;
            record.reportedHugeClasses = huge;
            sd.grades[*g] = record;
            sd.disabled += disabled.value_or(0);
        });
        // std::map order: school index, then stage in schooling order, then grade.
        for (auto& [key, sd] : data) {
            core::StageProvision p;
            p.stage = key.second;
            for (auto& [grade, record] : sd.grades) {
                p.grades.push_back(record);
            }
            p.disabledStudents = sd.disabled;
            out.city.schools[key.first].stages.push_back(std::move(p));
        }
    }

    void loadPopulation() {
        out.city.population.year = manifest.baseYear;
        if (manifest.sources.count("population") == 0) {
            return;
        }
        SourceReader reader = open(
            "population", {{"town", true}, {"age", true}, {"category", true}, {"persons", true}},
            GeometryKind::None);
        constexpr int kMaxAge = 120;
        std::map<std::string, core::TownPopulation> byTown;
        std::set<std::tuple<std::string, int, int>> seen;
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto town = r.text("town")) {
                r.setId(rowId(row) + " (" + *town + ")");
            }
            const std::string town = r.required("town");
            const auto age = r.integer("age", true);
            const std::string categoryText = r.required("category");
            const auto persons = r.number("persons", true);
            const auto category = core::parseCategory(categoryText);
            if (!categoryText.empty() && !category) {
                r.error("category", "未知的人口类别 / unknown category: " + inQuotes(categoryText) +
                                        " (户籍/随迁, registered/migrant)");
            }
            if (!town.empty() && !out.city.regions.townIndex(town)) {
                r.error("town", "未知的乡镇代码 / unknown town code: " + inQuotes(town));
            }
            if (age && *age > kMaxAge) {
                r.error("age", "年龄超出范围 / age out of range: " + std::to_string(*age));
            }
            if (!r.ok()) {
                return;
            }
            const int c = static_cast<int>(*category);
            if (!seen.insert({town, *age, c}).second) {
                r.error("age", "重复的乡镇×年龄×类别，已跳过 / duplicate town × age × category, "
                               "skipped");
                return;
            }
            core::TownPopulation& tp = byTown[town];
            tp.townCode = town;
            if (static_cast<int>(tp.persons.size()) <= *age) {
                tp.persons.resize(static_cast<std::size_t>(*age) + 1, {0.0, 0.0});
            }
            tp.persons[static_cast<std::size_t>(*age)][static_cast<std::size_t>(c)] = *persons;
        });
        for (const auto& t : out.city.regions.towns) {
            if (auto it = byTown.find(t.code); it != byTown.end()) {
                out.city.population.towns.push_back(std::move(it->second));
            }
        }
    }

    void loadBirths() {
        if (manifest.sources.count("births") == 0) {
            return;
        }
        SourceReader reader =
            open("births", {{"area", true}, {"year", true}, {"births", true}}, GeometryKind::None);
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto area = r.text("area")) {
                r.setId(rowId(row) + " (" + *area + ")");
            }
            const std::string area = r.required("area");
            const auto year = r.integer("year", true);
            const auto births = r.number("births", true);
            if (!area.empty() && area != manifest.cityCode &&
                !out.city.regions.districtIndex(area)) {
                r.error("area",
                        "未知的市或区县代码 / unknown city or district code: " + inQuotes(area));
            }
            if (!r.ok()) {
                return;
            }
            auto it = std::find_if(out.city.births.begin(), out.city.births.end(),
                                   [&](const core::BirthsSeries& s) { return s.areaCode == area; });
            if (it == out.city.births.end()) {
                out.city.births.push_back(core::BirthsSeries{area, {}});
                it = std::prev(out.city.births.end());
            }
            if (!it->byYear.emplace(*year, *births).second) {
                r.error("year", "重复的地区×年份，已跳过 / duplicate area × year, skipped");
            }
        });
    }

    void checkGroupings() {
        for (auto& g : manifest.groupings) {
            std::vector<std::string> kept;
            for (const auto& code : g.townCodes) {
                if (out.city.regions.townIndex(code)) {
                    kept.push_back(code);
                } else {
                    out.problems.push_back(
                        {Severity::Error, kManifestName, "groupings", g.name, "towns",
                         "未知的乡镇代码，已忽略 / unknown town code, ignored: " + inQuotes(code)});
                }
            }
            g.townCodes = std::move(kept);
        }
        out.city.regions.groupings = manifest.groupings;
    }

    void run(const LoadOptions& options) {
        out.workingCrs = options.workingCrs.value_or(
            manifest.workingCrs.value_or(std::string(kDefaultWorkingCrs)));
        working = workingSrs(out.workingCrs);
        out.city.name = manifest.name;
        out.city.baseYear = manifest.baseYear;
        out.city.regions.cityCode = manifest.cityCode;
        out.city.regions.cityName = manifest.cityName;
        if (manifest.norms) {
            const fs::path norms = fs::path(*manifest.norms).is_absolute()
                                       ? fs::path(*manifest.norms)
                                       : folder / *manifest.norms;
            std::error_code ec;
            if (!fs::is_regular_file(norms, ec)) {
                throw GisError(*manifest.norms, "norms",
                               "文件不存在 / file not found: " + *manifest.norms + " (" +
                                   norms.string() + ")");
            }
            out.normsFile = fs::absolute(norms);
        }
        loadDistricts();
        loadTowns();
        checkGroupings();
        const TownIndex towns(geos, std::move(townGeometries));
        loadSchools(towns);
        loadHousing(towns);
        loadGrades();
        loadPopulation();
        loadBirths();
        loadZones();
        loadSchoolTowns();
        locatePopulationRaster();
    }
};

} // namespace

DatasetLoad loadDataset(const std::filesystem::path& folder, const LoadOptions& options) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    Loader loader{folder, readManifest(folder), nullptr, {}, {}, {}};
    loader.run(options);
    return std::move(loader.out);
}

AreaLoad readAreas(const std::filesystem::path& source, const std::string& codeField,
                   const std::string& nameField, const std::optional<std::string>& crsOverride,
                   const std::string& workingCrs) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const detail::SrsPtr working = workingSrs(workingCrs);
    SourceSpec spec;
    spec.key = "areas";
    spec.sourceLabel = source.filename().string();
    spec.path = source;
    spec.crs = crsOverride;
    spec.fields = {{"code", codeField}, {"name", nameField}};
    AreaLoad out;
    const GeosContext geos;
    SourceReader reader(spec, {{"code", true}, {"name", true}}, GeometryKind::Polygon,
                        working.get(), out.problems, false);
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto code = r.text("code")) {
            r.setId(*code);
        }
        AreaRecord a;
        a.code = r.required("code");
        a.name = r.required("name");
        std::string why, field;
        OGRGeometryUniquePtr g = r.ok() ? reader.geometry(f, why, field) : nullptr;
        if (r.ok() && !g) {
            r.errorColumn(field, why);
        }
        if (!r.ok()) {
            return;
        }
        CheckedPolygon poly = checkPolygon(geos, *g, r);
        if (!poly.geometry) {
            return;
        }
        a.areaKm2 = poly.areaKm2;
        a.wkb = detail::toWkb(geos, *poly.geometry);
        out.areas.push_back(std::move(a));
    });
    return out;
}

} // namespace xw::gis
