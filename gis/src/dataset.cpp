// Dataset loader: the layers and tables a manifest names, read into core types. The manifest,
// the cell parsing, the source reader and the geometry checks live in detail/. See
// docs/dataset-format.md.
#include <xw/gis/dataset.hpp>

#include "detail/area_checks.hpp"
#include "detail/demand_layers.hpp"
#include "detail/file_checks.hpp"
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
#include <cstdio>
#include <map>
#include <set>
#include <system_error>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;
using detail::CheckedPolygon;
using detail::checkPolygon;
using detail::forEachFeature;
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
// Limits of the values a dataset may hold: far above any real city, low enough that no sum over a
// city can overflow or reach infinity (docs/dataset-format.md, "Ranges").

constexpr int kMaxClassesPerGrade = 1000;
constexpr int kMaxStudentsPerGrade = 100000;
constexpr int kMaxTeachers = 100000;
constexpr int kMaxDwellings = 1000000;
constexpr int kMaxKindergartenClasses = 1000;
constexpr int kMaxAge = 120;
constexpr double kMaxAreaM2 = 1.0e8;    // 100 km² of site or floor
constexpr double kMaxResidents = 1.0e8; // per town
constexpr double kMaxPersons = 1.0e7;   // per town × age × category
constexpr double kMaxBirths = 1.0e8;    // per area and year
constexpr std::int64_t kMaxCityClasses = 10000000;
constexpr std::int64_t kMaxCityStudents = 100000000;
/// Overlaps of towns smaller than this are summed into one note instead of one warning each.
constexpr double kSliverKm2 = 1e-4; // 100 m²

std::string percent(double part, double whole) {
    if (!(whole > 0.0)) {
        return "?";
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f %%", 100.0 * part / whole);
    return buffer;
}

std::string km2(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, v >= 0.01 ? "%.2f km²" : "%.6f km²", v);
    return buffer;
}

/// "S001" or "S001 (东校区)", for messages.
std::string schoolLabel(const std::string& id, const std::string& campus) {
    return campus.empty() ? id : id + " (" + campus + ")";
}

// ----------------------------------------------------------------------------------------------
// The layers

struct Loader {
    const fs::path& folder;
    Manifest manifest;
    detail::SrsPtr working;
    GeosContext geos;
    DatasetLoad out;
    std::vector<GeomPtr> townGeometries;
    /// School ids given on several rows without distinct campuses: rows of other tables that
    /// name them cannot be attributed (id → the schools rows that hold it).
    std::map<std::string, std::vector<std::size_t>> ambiguousIds;
    /// Loaded schools by id: the index of each campus.
    std::map<std::string, std::vector<std::size_t>> campusesOf;

    [[nodiscard]] bool has(const std::string& key) const {
        return manifest.sources.count(key) != 0;
    }

    SourceReader open(const std::string& key) {
        const detail::SourceSchema& schema = *detail::findSchema(key);
        // Tables the model cannot do without once named: an empty one would make every seat or
        // every child 0 without a word.
        const bool mustHaveRows =
            schema.required || key == "school_grades" || key == "population" || key == "births";
        const SourceSpec& spec = manifest.sources.at(key);
        SourceReader reader(spec, schema.fields, schema.geometry, working.get(), out.problems,
                            mustHaveRows);
        if (!mustHaveRows && reader.rowCount() == 0) {
            out.problems.push_back({Severity::Warning, spec.sourceLabel, key, "", "",
                                    "清单中列出但没有任何数据行 / named in the manifest but has no "
                                    "rows"});
        }
        return reader;
    }

    /// The polygon of a feature, checked; a null geometry after reporting why.
    CheckedPolygon readPolygon(const SourceReader& reader, OGRFeature& f, Record& r) {
        if (!r.ok()) {
            return {detail::own(geos, nullptr), 0.0};
        }
        detail::GeometryRead g = reader.geometry(f);
        if (!g.geometry) {
            r.errorColumn(g.field, g.why);
            return {detail::own(geos, nullptr), 0.0};
        }
        return checkPolygon(geos, *g.geometry, r);
    }

    void loadDistricts() {
        SourceReader reader = open("districts");
        const std::size_t first = out.problems.size();
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
            CheckedPolygon poly = readPolygon(reader, f, r);
            if (!poly.geometry) {
                return;
            }
            out.districtShapes.push_back({d.code, detail::toWkb(geos, *poly.geometry)});
            out.city.regions.districts.push_back(std::move(d));
            ++kept;
        });
        requireFeatures(reader, rows, kept, out.problems, first);
    }

    void loadTowns() {
        SourceReader reader = open("towns");
        const std::size_t first = out.problems.size();
        std::set<std::string> seen;
        std::vector<core::Town> towns;
        std::vector<GeomPtr> outlines;
        std::vector<std::optional<double>> residents;
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
            const auto people = r.number("residents", false, kMaxResidents);
            if (r.ok() && !seen.insert(t.code).second) {
                r.error("code", "重复的代码，已跳过 / duplicate code, skipped");
            }
            if (r.ok() && !out.city.regions.districtIndex(t.districtCode)) {
                r.error("district",
                        "未知的区县代码 / unknown district code: " + inQuotes(t.districtCode));
            }
            CheckedPolygon poly = readPolygon(reader, f, r);
            if (!poly.geometry) {
                return;
            }
            t.areaKm2 = poly.areaKm2;
            towns.push_back(std::move(t));
            outlines.push_back(std::move(poly.geometry));
            residents.push_back(people);
        });
        requireFeatures(reader, rows, towns.size(), out.problems, first);

        // Overlapping towns: one rule, whatever the order of the file (area_checks.hpp).
        std::vector<std::string> codes;
        std::vector<double> areas;
        for (const auto& t : towns) {
            codes.push_back(t.code);
            areas.push_back(t.areaKm2);
        }
        const auto overlaps = detail::resolveTownOverlaps(geos, outlines, codes, areas);
        std::size_t slivers = 0;
        double sliverKm2 = 0.0;
        for (const auto& o : overlaps) {
            const core::Town& big = towns[o.larger];
            const core::Town& small = towns[o.smaller];
            if (o.areaKm2 < kSliverKm2) {
                ++slivers;
                sliverKm2 += o.areaKm2;
                continue;
            }
            out.problems.push_back(
                {Severity::Warning, reader.spec().sourceLabel, "towns", big.code, "",
                 "与乡镇 " + small.code + " " + small.name + " 重叠 " + km2(o.areaKm2) +
                     "（本镇的 " + percent(o.areaKm2, big.areaKm2) + "，对方的 " +
                     percent(o.areaKm2, small.areaKm2) + "）：重叠部分归面积较小的 " + small.name +
                     "，已从本镇切除 / overlaps town " + small.code + " " + small.name + " by " +
                     km2(o.areaKm2) + " (" + percent(o.areaKm2, big.areaKm2) + " of this town, " +
                     percent(o.areaKm2, small.areaKm2) +
                     " of the other): the overlap belongs to the smaller town, " + small.code +
                     ", and is cut out of this one"});
        }
        if (slivers > 0) {
            out.problems.push_back({Severity::Info, reader.spec().sourceLabel, "towns", "", "",
                                    std::to_string(slivers) + " 处乡镇边界的微小重叠（共 " +
                                        km2(sliverKm2) + "）按同一规则归面积较小的乡镇 / " +
                                        std::to_string(slivers) +
                                        " tiny overlaps between town outlines (" + km2(sliverKm2) +
                                        " in all) go to the smaller town by the same rule"});
        }
        for (std::size_t i = 0; i < towns.size(); ++i) {
            core::Town& t = towns[i];
            const double area = detail::areaKm2Of(geos, *outlines[i]);
            if (!(area > 0.0)) {
                out.problems.push_back(
                    {Severity::Error, reader.spec().sourceLabel, "towns", t.code, "",
                     "整个乡镇都在其他较小的乡镇之内，已跳过 / the whole town lies inside "
                     "smaller towns: skipped"});
                continue;
            }
            t.areaKm2 = area;
            if (residents[i]) {
                out.city.population.totalResidents[t.code] = *residents[i];
            }
            out.townShapes.push_back({t.code, detail::toWkb(geos, *outlines[i])});
            townGeometries.push_back(std::move(outlines[i]));
            out.city.regions.towns.push_back(std::move(t));
        }
        checkWorkingCrsScale();
    }

    /// Warns when the working CRS distorts lengths by more than 0.1 % over the towns' extent.
    void checkWorkingCrsScale() {
        OGREnvelope extent;
        bool any = false;
        for (const auto& g : townGeometries) {
            double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
            if (GEOSGeom_getXMin_r(geos.handle(), g.get(), &x0) == 0 ||
                GEOSGeom_getXMax_r(geos.handle(), g.get(), &x1) == 0 ||
                GEOSGeom_getYMin_r(geos.handle(), g.get(), &y0) == 0 ||
                GEOSGeom_getYMax_r(geos.handle(), g.get(), &y1) == 0) {
                continue;
            }
            if (!any) {
                extent.MinX = x0;
                extent.MaxX = x1;
                extent.MinY = y0;
                extent.MaxY = y1;
                any = true;
            } else {
                extent.Merge(x0, y0);
                extent.Merge(x1, y1);
            }
        }
        if (!any) {
            return;
        }
        constexpr double kMaxScaleError = 0.001;
        const auto error = detail::maxScaleError(*working, extent);
        if (!error || *error <= kMaxScaleError) {
            return;
        }
        char figure[32];
        std::snprintf(figure, sizeof figure, "%.2f %%", *error * 100.0);
        std::string better;
        if (const auto lon = detail::centreLongitude(*working, extent)) {
            better = detail::gaussKrugerZoneFor(*lon);
        }
        out.problems.push_back(
            {Severity::Warning, kManifestName, "", "", "working_crs",
             "工作坐标系 " + out.workingCrs + " 在数据范围内的长度变形最大为 " + figure +
                 "（超过 0.1%），距离、面积和服务半径都会偏差" +
                 (better.empty() ? std::string() : "；请改用 " + better) + " / the working CRS " +
                 out.workingCrs + " distorts lengths by up to " + figure +
                 " over the dataset's extent (more than 0.1 %): distances, areas and service "
                 "radii are off" +
                 (better.empty() ? std::string()
                                 : "; use " + better + " (CGCS2000 3-degree Gauss-Krüger)")});
    }

    /// The location of a point feature and its town, or nullopt after reporting why not.
    std::optional<std::pair<core::PointM, std::string>>
    placePoint(const SourceReader& reader, OGRFeature& f, Record& r, const TownIndex& towns) {
        detail::GeometryRead g = reader.geometry(f);
        if (!g.geometry) {
            r.errorColumn(g.field, g.why);
            return std::nullopt;
        }
        const OGRwkbGeometryType type = wkbFlatten(g.geometry->getGeometryType());
        if (type == wkbMultiPoint) {
            r.errorColumn(g.field,
                          "不是点：多点要素有 " +
                              std::to_string(g.geometry->toMultiPoint()->getNumGeometries()) +
                              " 个点，只能有一个位置 / not a point: a MultiPoint of " +
                              std::to_string(g.geometry->toMultiPoint()->getNumGeometries()) +
                              " points (one location expected)");
            return std::nullopt;
        }
        if (type != wkbPoint) {
            r.errorColumn(g.field,
                          std::string("不是点 / not a point: ") + g.geometry->getGeometryName());
            return std::nullopt;
        }
        const auto* p = g.geometry->toPoint();
        const auto town = towns.locate(p->getX(), p->getY());
        if (!town) {
            std::string why = "位置不在任何乡镇内，已跳过 / location outside every town, skipped";
            if (g.rawPoint) {
                const auto [x, y] = *g.rawPoint;
                const std::string hint = reader.coordinateHint(x, y);
                if (!hint.empty()) {
                    why += "; " + hint;
                } else if (const auto s = reader.swappedInWorking(x, y);
                           s && towns.locate(s->first, s->second)) {
                    why += "; 互换 x 与 y 后落在乡镇内：经度/纬度两列似乎颠倒 / with x and y "
                           "swapped it falls inside a town: the longitude/latitude (经度/纬度) "
                           "columns look swapped";
                }
            }
            r.errorColumn(g.field, why);
            return std::nullopt;
        }
        return std::make_pair(core::PointM{p->getX(), p->getY()},
                              out.city.regions.towns[*town].code);
    }

    void loadSchools(const TownIndex& towns) {
        SourceReader reader = open("schools");
        const std::size_t first = out.problems.size();
        std::map<std::pair<std::string, std::string>, std::size_t> keptAt; // (id, campus) → row
        std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> rowsOfId;
        std::size_t kept = 0;
        const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            core::School s;
            s.id = r.required("id");
            s.campus = r.text("campus").value_or("");
            r.setId(s.id.empty() ? rowId(row) : schoolLabel(s.id, s.campus));
            if (!s.id.empty()) {
                rowsOfId[s.id].emplace_back(row, s.campus);
            }
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
            s.landM2 = r.number("land_m2", false, kMaxAreaM2).value_or(0.0);
            s.floorM2 = r.number("floor_m2", false, kMaxAreaM2).value_or(0.0);
            s.staff.teachers = r.count("teachers", false, kMaxTeachers).value_or(0);
            s.staff.collegePlus = r.count("teachers_college", false, kMaxTeachers).value_or(0);
            s.staff.bachelorPlus = r.count("teachers_bachelor", false, kMaxTeachers).value_or(0);
            s.staff.postgraduate = r.count("teachers_postgrad", false, kMaxTeachers).value_or(0);
            s.staff.dualQualified = r.count("teachers_dual", false, kMaxTeachers).value_or(0);
            if (r.ok() && (s.staff.collegePlus > s.staff.teachers ||
                           s.staff.bachelorPlus > s.staff.collegePlus ||
                           s.staff.postgraduate > s.staff.bachelorPlus ||
                           s.staff.dualQualified > s.staff.teachers)) {
                r.warning("teachers",
                          "教师学历人数不一致（研究生 ≤ 本科+ ≤ 大专+ ≤ 专任教师，双师型 ≤ "
                          "专任教师）/ teacher counts contradict each other "
                          "(postgraduate ≤ bachelor+ ≤ college+ ≤ teachers, dual ≤ "
                          "teachers)");
            }
            if (r.ok()) {
                if (const auto it = keptAt.find({s.id, s.campus}); it != keptAt.end()) {
                    r.error("id", "重复的学校标识（与第 " + std::to_string(it->second) +
                                      " 行相同），第 " + std::to_string(row) +
                                      " 行已跳过 / duplicate id (same as row " +
                                      std::to_string(it->second) + "): row " + std::to_string(row) +
                                      " skipped" +
                                      (s.campus.empty()
                                           ? "; 若为一校多址，请用 campus（校区）列区分各校区 / "
                                             "if this is one school on several sites "
                                             "(一校多址), tell the campuses apart in a campus "
                                             "column"
                                           : std::string()));
                }
            }
            if (!r.ok()) {
                return;
            }
            const auto place = placePoint(reader, f, r, towns);
            if (!place) {
                return;
            }
            keptAt[{s.id, s.campus}] = row;
            s.location = place->first;
            s.townCode = place->second;
            campusesOf[s.id].push_back(out.city.schools.size());
            out.city.schools.push_back(std::move(s));
            ++kept;
        });
        requireFeatures(reader, rows, kept, out.problems, first);
        // An id on several rows without distinct campuses: the grade, zone and school-town rows
        // that name it cannot be told apart.
        for (const auto& [id, list] : rowsOfId) {
            std::set<std::string> campuses;
            for (const auto& [row, campus] : list) {
                if (!campuses.insert(campus).second) {
                    std::vector<std::size_t> rowsHeld;
                    for (const auto& entry : list) {
                        rowsHeld.push_back(entry.first);
                    }
                    ambiguousIds[id] = rowsHeld;
                    break;
                }
            }
        }
    }

    /// The rows of the schools layer that hold an ambiguous id, "1, 5".
    [[nodiscard]] std::string rowsOf(const std::string& id) const {
        std::string rows;
        for (const std::size_t row : ambiguousIds.at(id)) {
            rows += std::string(rows.empty() ? "" : ", ") + std::to_string(row);
        }
        return rows;
    }

    /// The schools a row of another table means by (id, campus): every campus of the id when
    /// `campus` is empty and `everyCampus`, else exactly one. Reports and returns {} when there
    /// is none or it is ambiguous.
    std::vector<std::size_t> schoolsFor(Record& r, const std::string& id,
                                        const std::optional<std::string>& campus,
                                        bool everyCampus) {
        if (ambiguousIds.count(id) != 0) {
            r.error("school",
                    "学校标识 " + inQuotes(id) + " 在学校图层中重复（第 " + rowsOf(id) +
                        " 行），无法判断此行属于哪一所，已跳过；请用 campus（校区）列区分 / "
                        "school id " +
                        inQuotes(id) + " is duplicated in the schools layer (rows " + rowsOf(id) +
                        "): this row cannot be attributed to either, skipped; tell the "
                        "campuses apart in a campus column of both tables");
            return {};
        }
        const auto it = campusesOf.find(id);
        if (it == campusesOf.end()) {
            r.error("school", "未知的学校（或该学校已被跳过） / unknown school (or one that was "
                              "skipped): " +
                                  inQuotes(id));
            return {};
        }
        std::string names;
        for (const std::size_t s : it->second) {
            names += std::string(names.empty() ? "" : ", ") + inQuotes(out.city.schools[s].campus);
        }
        if (campus) {
            for (const std::size_t s : it->second) {
                if (out.city.schools[s].campus == *campus) {
                    return {s};
                }
            }
            r.error("campus", "学校 " + inQuotes(id) + " 没有校区 " + inQuotes(*campus) +
                                  "（现有 " + names + "） / school " + inQuotes(id) +
                                  " has no campus " + inQuotes(*campus) + " (it has " + names +
                                  ")");
            return {};
        }
        if (it->second.size() == 1 || everyCampus) {
            return it->second;
        }
        r.error("campus", "学校 " + inQuotes(id) + " 有多个校区（" + names +
                              "），此行需写明 campus / school " + inQuotes(id) +
                              " has several campuses (" + names + "): this row must name one");
        return {};
    }

    void loadHousing(const TownIndex& towns) {
        if (!has("housing")) {
            return;
        }
        SourceReader reader = open("housing");
        std::map<std::string, std::size_t> seen;
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto id = r.text("id")) {
                r.setId(*id);
            }
            core::HousingProject h;
            h.id = r.required("id");
            h.name = r.required("name");
            h.dwellings = r.count("dwellings", true, kMaxDwellings).value_or(0);
            h.completionYear = r.year("completion_year", true).value_or(0);
            h.kindergarten.classes =
                r.count("kg_classes", false, kMaxKindergartenClasses).value_or(0);
            h.kindergarten.deliveryYear = r.year("kg_year", false);
            h.kindergarten.publicOrPuhui = r.boolean("kg_public").value_or(false);
            if (r.ok()) {
                if (const auto it = seen.find(h.id); it != seen.end()) {
                    r.error("id", "重复的标识（与第 " + std::to_string(it->second) +
                                      " 行相同），已跳过 / duplicate id (same as row " +
                                      std::to_string(it->second) + "), skipped");
                }
            }
            if (!r.ok()) {
                return;
            }
            const auto place = placePoint(reader, f, r, towns);
            if (!place) {
                return;
            }
            seen.emplace(h.id, row);
            h.location = place->first;
            h.townCode = place->second;
            out.city.housing.push_back(std::move(h));
        });
    }

    /// Optional attendance zones: polygons with the id (and campus) of their school.
    void loadZones() {
        if (!has("zones")) {
            return;
        }
        SourceReader reader = open("zones");
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            const std::string school = r.required("school");
            const auto campus = r.text("campus");
            if (r.ok() && schoolsFor(r, school, campus, true).empty()) {
                return;
            }
            CheckedPolygon poly = readPolygon(reader, f, r);
            if (poly.geometry) {
                out.zones.push_back(
                    {school, detail::toWkb(geos, *poly.geometry), campus.value_or("")});
            }
        });
    }

    /// Optional school → town table: the towns each school's zone covers (every campus).
    void loadSchoolTowns() {
        if (!has("school_towns")) {
            return;
        }
        SourceReader reader = open("school_towns");
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            const std::string school = r.required("school");
            const std::string town = r.required("town");
            if (r.ok() && schoolsFor(r, school, std::nullopt, true).empty()) {
                return;
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
        if (const auto why = detail::inputFileProblem(spec.path)) {
            throw GisError(spec.sourceLabel, spec.key,
                           *why + ": " + spec.sourceLabel + " (" + spec.path.string() + ")");
        }
        out.populationRaster = RasterSource{fs::absolute(spec.path), spec.sourceLabel, spec.crs};
    }

    /// Grade numbers may be given within the stage (1..n) or, for junior and senior, in the
    /// national numbering (7–9, 10–12); returns the 1-based grade within the stage.
    static std::optional<int> gradeWithinStage(core::Stage stage, std::int64_t grade) {
        const int grades = core::Norms::defaults()[stage].grades;
        if (grade >= 1 && grade <= grades) {
            return static_cast<int>(grade);
        }
        const int offset =
            stage == core::Stage::Junior ? 6 : (stage == core::Stage::Senior ? 9 : 0);
        if (offset > 0 && grade > offset && grade <= offset + grades) {
            return static_cast<int>(grade) - offset;
        }
        return std::nullopt;
    }

    void loadGrades() {
        if (!has("school_grades")) {
            out.problems.push_back({Severity::Warning, kManifestName, "school_grades", "", "",
                                    "清单中没有 school_grades 表：所有学校都没有班级和学位 / no "
                                    "school_grades table: every school has 0 classes and 0 "
                                    "seats"});
            return;
        }
        SourceReader reader = open("school_grades");
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
            const auto campus = r.text("campus");
            const std::string stageText = r.required("stage");
            const auto grade = r.integer("grade", true, 99);
            const auto classes = r.count("classes", true, kMaxClassesPerGrade);
            const auto students = r.count("students", true, kMaxStudentsPerGrade);
            const auto migrant = r.count("migrant", false, kMaxStudentsPerGrade);
            const auto disabled = r.count("disabled", false, kMaxStudentsPerGrade);
            const auto large = r.count("large_classes", false, kMaxClassesPerGrade);
            const auto huge = r.count("huge_classes", false, kMaxClassesPerGrade);
            const auto stage = core::parseStage(stageText);
            if (!stageText.empty() && !stage) {
                r.error("stage", "未知的学段 / unknown stage: " + inQuotes(stageText));
            }
            std::vector<std::size_t> target;
            if (!school.empty()) {
                target = schoolsFor(r, school, campus, false);
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
            if (r.ok() && disabled && *disabled > *students) {
                r.error("disabled", "残疾学生多于在校生 / more disabled pupils than students");
            }
            if (r.ok() && large && *large > *classes) {
                r.error("large_classes", "大班额班数 " + std::to_string(*large) + " 多于班级数 " +
                                             std::to_string(*classes) + " / " +
                                             std::to_string(*large) +
                                             " large classes reported in a grade of " +
                                             std::to_string(*classes) + " classes");
            }
            if (r.ok() && huge && *huge > *classes) {
                r.error("huge_classes", "超大班额班数 " + std::to_string(*huge) + " 多于班级数 " +
                                            std::to_string(*classes) + " / " +
                                            std::to_string(*huge) +
                                            " huge classes reported in a grade of " +
                                            std::to_string(*classes) + " classes");
            }
            if (r.ok() && huge && large && *huge > *large) {
                r.error("huge_classes",
                        "超大班额（≥66 人）也是大班额（≥56 人），不能多于大班额班数 / huge classes "
                        "(≥ 66 pupils) are also large (≥ 56): there cannot be more of them (" +
                            std::to_string(*huge) + ") than large classes (" +
                            std::to_string(*large) + ")");
            }
            if (!r.ok() || target.empty()) {
                return;
            }
            StageData& sd = data[{target.front(), *stage}];
            if (sd.grades.count(*g) != 0) {
                r.error("grade", "重复的学校×学段×年级，已跳过 / duplicate school × stage × grade, "
                                 "skipped");
                return;
            }
            if (*classes == 0 && *students > 0) {
                r.warning(
                    "classes",
                    std::to_string(*students) +
                        " 名学生所在年级为 0 个班（复式班/教学点？）：计入在校生，但该年级不提供"
                        "学位 / " +
                        std::to_string(*students) +
                        " pupils in a grade with 0 classes (a mixed-grade class, 复式班, at "
                        "a teaching point?): they count as enrolled, but the grade adds no "
                        "seats");
            }
            core::GradeRecord record{*g, *classes, *students, migrant.value_or(0)};
            record.reportedLargeClasses = large;
            record.reportedHugeClasses = huge;
            sd.grades[*g] = record;
            sd.disabled += disabled.value_or(0);
        });
        // std::map order: school index, then stage in schooling order, then grade.
        std::int64_t cityClasses = 0;
        std::int64_t cityStudents = 0;
        for (auto& [key, sd] : data) {
            core::StageProvision p;
            p.stage = key.second;
            for (auto& [grade, record] : sd.grades) {
                cityClasses += record.classes;
                cityStudents += record.students;
                p.grades.push_back(record);
            }
            p.disabledStudents = sd.disabled;
            out.city.schools[key.first].stages.push_back(std::move(p));
        }
        if (cityClasses > kMaxCityClasses || cityStudents > kMaxCityStudents) {
            reader.fail("全市班级或在校生总数超出合理范围 / the city's total classes (" +
                        std::to_string(cityClasses) + ") or students (" +
                        std::to_string(cityStudents) + ") exceed any real city (" +
                        std::to_string(kMaxCityClasses) + ", " + std::to_string(kMaxCityStudents) +
                        ")");
        }
    }

    void loadPopulation() {
        out.city.population.year = manifest.baseYear;
        if (!has("population")) {
            out.problems.push_back({Severity::Warning, kManifestName, "population", "", "",
                                    "清单中没有 population 表：各乡镇的适龄人口和需求都为 0 / no "
                                    "population table: every town's children and demand are 0"});
            return;
        }
        SourceReader reader = open("population");
        std::map<std::string, core::TownPopulation> byTown;
        std::set<std::tuple<std::string, int, int>> seen;
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto town = r.text("town")) {
                r.setId(rowId(row) + " (" + *town + ")");
            }
            const std::string town = r.required("town");
            const auto age = r.count("age", true, kMaxAge);
            const std::string categoryText = r.required("category");
            const auto persons = r.number("persons", true, kMaxPersons);
            const auto category = core::parseCategory(categoryText);
            if (!categoryText.empty() && !category) {
                r.error("category", "未知的人口类别 / unknown category: " + inQuotes(categoryText) +
                                        " (户籍/随迁, registered/migrant)");
            }
            if (!town.empty() && !out.city.regions.townIndex(town)) {
                r.error("town", "未知的乡镇代码 / unknown town code: " + inQuotes(town));
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
        if (!has("births")) {
            return;
        }
        SourceReader reader = open("births");
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto area = r.text("area")) {
                r.setId(rowId(row) + " (" + *area + ")");
            }
            const std::string area = r.required("area");
            const auto year = r.year("year", true);
            const auto births = r.number("births", true, kMaxBirths);
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

    /// Optional demand layers (demand_units, unit_population, built_up, barriers, od_table),
    /// read by detail/demand_layers.cpp from their manifest entries.
    void loadDemandLayers() {
        std::map<std::string, detail::SourceLocation> found;
        for (const char* key : detail::kDemandLayerKeys) {
            const auto it = manifest.sources.find(key);
            if (it == manifest.sources.end()) {
                continue;
            }
            const SourceSpec& s = it->second;
            found[key] = {s.key,      s.sourceLabel, s.path,       s.layer,        s.crs,
                          s.encoding, s.geometry.x,  s.geometry.y, s.geometry.wkt, s.fields};
        }
        detail::loadDemandLayers(found, *working, out);
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
            if (const auto why = detail::inputFileProblem(norms)) {
                throw GisError(*manifest.norms, "norms",
                               *why + ": " + *manifest.norms + " (" + norms.string() + ")");
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
        loadDemandLayers();
    }
};

} // namespace

DatasetLoad loadDataset(const std::filesystem::path& folder, const LoadOptions& options) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    Loader loader{folder, readManifest(folder), nullptr, {}, {}, {}, {}, {}};
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
    SourceReader reader(spec, {{"code", true}, {"name", true}}, detail::GeometryKind::Polygon,
                        working.get(), out.problems, false);
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto code = r.text("code")) {
            r.setId(*code);
        }
        AreaRecord a;
        a.code = r.required("code");
        a.name = r.required("name");
        if (!r.ok()) {
            return;
        }
        detail::GeometryRead g = reader.geometry(f);
        if (!g.geometry) {
            r.errorColumn(g.field, g.why);
            return;
        }
        CheckedPolygon poly = checkPolygon(geos, *g.geometry, r);
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
