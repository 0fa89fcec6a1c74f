// The schools layer (points, campuses, ambiguous ids) and the school_grades table. See
// detail/load/dataset_loader.hpp.
#include "detail/load/dataset_loader.hpp"

#include "detail/text.hpp"

#include <set>

namespace xw::gis::detail {

namespace {

/// "S001" or "S001 (东校区)", for messages.
std::string schoolLabel(const std::string& id, const std::string& campus) {
    return campus.empty() ? id : id + " (" + campus + ")";
}

/// The counts of one school_grades row, each range-checked as it was read.
struct GradeCounts {
    std::optional<int> classes;
    std::optional<int> students;
    std::optional<int> migrant;
    std::optional<int> disabled;
    std::optional<int> large;
    std::optional<int> huge;
};

GradeCounts readGradeCounts(Record& r) {
    GradeCounts c;
    c.classes = r.count("classes", true, kMaxClassesPerGrade);
    c.students = r.count("students", true, kMaxStudentsPerGrade);
    c.migrant = r.count("migrant", false, kMaxStudentsPerGrade);
    c.disabled = r.count("disabled", false, kMaxStudentsPerGrade);
    c.large = r.count("large_classes", false, kMaxClassesPerGrade);
    c.huge = r.count("huge_classes", false, kMaxClassesPerGrade);
    return c;
}

/// Reports counts that contradict each other: more migrant or disabled pupils than students,
/// more large or huge classes than classes, more huge classes than large ones. Each check runs
/// only while the row is still ok.
void checkGradeCounts(Record& r, const GradeCounts& c) {
    if (r.ok() && c.migrant && *c.migrant > *c.students) {
        r.error("migrant", "随迁子女多于在校生 / more migrant pupils than students");
    }
    if (r.ok() && c.disabled && *c.disabled > *c.students) {
        r.error("disabled", "残疾学生多于在校生 / more disabled pupils than students");
    }
    if (r.ok() && c.large && *c.large > *c.classes) {
        r.error("large_classes", "大班额班数 " + std::to_string(*c.large) + " 多于班级数 " +
                                     std::to_string(*c.classes) + " / " + std::to_string(*c.large) +
                                     " large classes reported in a grade of " +
                                     std::to_string(*c.classes) + " classes");
    }
    if (r.ok() && c.huge && *c.huge > *c.classes) {
        r.error("huge_classes", "超大班额班数 " + std::to_string(*c.huge) + " 多于班级数 " +
                                    std::to_string(*c.classes) + " / " + std::to_string(*c.huge) +
                                    " huge classes reported in a grade of " +
                                    std::to_string(*c.classes) + " classes");
    }
    if (r.ok() && c.huge && c.large && *c.huge > *c.large) {
        r.error("huge_classes",
                "超大班额也是大班额，不能多于大班额班数 / huge classes are also large "
                "classes: there cannot be more of them (" +
                    std::to_string(*c.huge) + ") than large classes (" + std::to_string(*c.large) +
                    ")");
    }
}

/// The grades read for one school and stage.
struct StageGrades {
    std::map<int, core::GradeRecord> grades;
    int disabled = 0;
};
/// By (school index, stage): std::map order is school, then stage in schooling order.
using GradesBySchool = std::map<std::pair<std::size_t, core::Stage>, StageGrades>;

/// Whole classes and students of the city, to refuse totals no real city has.
struct CityTotals {
    std::int64_t classes = 0;
    std::int64_t students = 0;
};

/// Gives each school its stages, grades in order; returns the city's totals.
CityTotals addStages(const GradesBySchool& data, std::vector<core::School>& schools) {
    CityTotals totals;
    for (const auto& [key, sd] : data) {
        core::StageProvision p;
        p.stage = key.second;
        for (const auto& [grade, record] : sd.grades) {
            totals.classes += record.classes;
            totals.students += record.students;
            p.grades.push_back(record);
        }
        p.disabledStudents = sd.disabled;
        schools[key.first].stages.push_back(std::move(p));
    }
    return totals;
}

} // namespace

std::optional<std::pair<core::PointM, std::string>>
Loader::placePoint(const SourceReader& reader, OGRFeature& f, Record& r, const TownIndex& towns) {
    return placePoint(reader, reader.geometry(f), r, towns);
}

std::optional<std::pair<core::PointM, std::string>> Loader::placePoint(const SourceReader& reader,
                                                                       const GeometryRead& g,
                                                                       Record& r,
                                                                       const TownIndex& towns) {
    if (!g.geometry) {
        r.errorColumn(g.field, g.why);
        return std::nullopt;
    }
    const OGRwkbGeometryType type = wkbFlatten(g.geometry->getGeometryType());
    if (type == wkbMultiPoint) {
        r.errorColumn(g.field, "不是点：多点要素有 " +
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
    return std::make_pair(core::PointM{p->getX(), p->getY()}, out.city.regions.towns[*town].code);
}

void Loader::loadSchools(const TownIndex& towns) {
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
        if (r.ok() &&
            (s.staff.collegePlus > s.staff.teachers || s.staff.bachelorPlus > s.staff.collegePlus ||
             s.staff.postgraduate > s.staff.bachelorPlus ||
             s.staff.dualQualified > s.staff.teachers)) {
            r.warning("teachers", "教师学历人数不一致（研究生 ≤ 本科+ ≤ 大专+ ≤ 专任教师，双师型 ≤ "
                                  "专任教师）/ teacher counts contradict each other "
                                  "(postgraduate ≤ bachelor+ ≤ college+ ≤ teachers, dual ≤ "
                                  "teachers)");
        }
        if (r.ok()) {
            if (const auto it = keptAt.find({s.id, s.campus}); it != keptAt.end()) {
                r.error("id",
                        "重复的学校标识（与第 " + std::to_string(it->second) + " 行相同），第 " +
                            std::to_string(row) + " 行已跳过 / duplicate id (same as row " +
                            std::to_string(it->second) + "): row " + std::to_string(row) +
                            " skipped" +
                            (s.campus.empty() ? "; 若为一校多址，请用 campus（校区）列区分各校区 / "
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

std::string Loader::rowsOf(const std::string& id) const {
    std::string rows;
    for (const std::size_t row : ambiguousIds.at(id)) {
        rows += std::string(rows.empty() ? "" : ", ") + std::to_string(row);
    }
    return rows;
}

std::vector<std::size_t> Loader::schoolsFor(Record& r, const std::string& id,
                                            const std::optional<std::string>& campus,
                                            bool everyCampus) {
    if (ambiguousIds.count(id) != 0) {
        r.error("school", "学校标识 " + inQuotes(id) + " 在学校图层中重复（第 " + rowsOf(id) +
                              " 行），无法判断此行属于哪一所，已跳过；请用 campus（校区）列区分 / "
                              "school id " +
                              inQuotes(id) + " is duplicated in the schools layer (rows " +
                              rowsOf(id) +
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
        r.error("campus", "学校 " + inQuotes(id) + " 没有校区 " + inQuotes(*campus) + "（现有 " +
                              names + "） / school " + inQuotes(id) + " has no campus " +
                              inQuotes(*campus) + " (it has " + names + ")");
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

std::optional<int> Loader::gradeWithinStage(core::Stage stage, std::int64_t grade) {
    const int grades = core::Norms::defaults()[stage].grades;
    if (grade >= 1 && grade <= grades) {
        return static_cast<int>(grade);
    }
    const int offset = stage == core::Stage::Junior ? 6 : (stage == core::Stage::Senior ? 9 : 0);
    if (offset > 0 && grade > offset && grade <= offset + grades) {
        return static_cast<int>(grade) - offset;
    }
    return std::nullopt;
}

void Loader::loadGrades() {
    if (!has("school_grades")) {
        out.problems.push_back({Severity::Warning, kManifestName, "school_grades", "", "",
                                "清单中没有 school_grades 表：所有学校都没有班级和学位 / no "
                                "school_grades table: every school has 0 classes and 0 "
                                "seats"});
        return;
    }
    SourceReader reader = open("school_grades");
    GradesBySchool data;
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto school = r.text("school")) {
            r.setId(rowId(row) + " (" + *school + ")");
        }
        const std::string school = r.required("school");
        const auto campus = r.text("campus");
        const std::string stageText = r.required("stage");
        const auto grade = r.integer("grade", true, 99);
        const GradeCounts counts = readGradeCounts(r);
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
        checkGradeCounts(r, counts);
        if (!r.ok() || target.empty()) {
            return;
        }
        StageGrades& sd = data[{target.front(), *stage}];
        if (sd.grades.count(*g) != 0) {
            r.error("grade", "重复的学校×学段×年级，已跳过 / duplicate school × stage × grade, "
                             "skipped");
            return;
        }
        const int classes = *counts.classes;
        const int students = *counts.students;
        if (classes == 0 && students > 0) {
            r.warning("classes",
                      std::to_string(students) +
                          " 名学生所在年级为 0 个班（复式班/教学点？）：计入在校生，但该年级不提供"
                          "学位 / " +
                          std::to_string(students) +
                          " pupils in a grade with 0 classes (a mixed-grade class, 复式班, at "
                          "a teaching point?): they count as enrolled, but the grade adds no "
                          "seats");
        }
        core::GradeRecord record{*g, classes, students, counts.migrant.value_or(0)};
        record.reportedLargeClasses = counts.large;
        record.reportedHugeClasses = counts.huge;
        sd.grades[*g] = record;
        sd.disabled += counts.disabled.value_or(0);
    });
    const CityTotals city = addStages(data, out.city.schools);
    if (city.classes > kMaxCityClasses || city.students > kMaxCityStudents) {
        reader.fail("全市班级或在校生总数超出合理范围 / the city's total classes (" +
                    std::to_string(city.classes) + ") or students (" +
                    std::to_string(city.students) + ") exceed any real city (" +
                    std::to_string(kMaxCityClasses) + ", " + std::to_string(kMaxCityStudents) +
                    ")");
    }
}

} // namespace xw::gis::detail
