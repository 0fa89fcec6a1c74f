#include <xw/core/balance/seats.hpp>
#include <xw/core/model/plan.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace xw::core {
namespace {

/// One dated intervention, in the order cityInYear applies them.
struct Step {
    int year = 0;
    int kind = 0; ///< 0 new school, 1 class change, 2 conversion, 3 closure, 4 policy
    std::size_t index = 0;
};

std::vector<Step> datedSteps(const Plan& plan) {
    std::vector<Step> steps;
    for (std::size_t i = 0; i < plan.newSchools.size(); ++i)
        steps.push_back({plan.newSchools[i].year, 0, i});
    for (std::size_t i = 0; i < plan.classChanges.size(); ++i)
        steps.push_back({plan.classChanges[i].year, 1, i});
    for (std::size_t i = 0; i < plan.conversions.size(); ++i)
        steps.push_back({plan.conversions[i].year, 2, i});
    for (std::size_t i = 0; i < plan.closures.size(); ++i)
        steps.push_back({plan.closures[i].year, 3, i});
    for (std::size_t i = 0; i < plan.policies.size(); ++i)
        steps.push_back({plan.policies[i].year, 4, i});
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
        return a.year != b.year ? a.year < b.year : a.kind < b.kind;
    });
    return steps;
}

School* findSchool(std::vector<School>& schools, const std::string& id) {
    for (School& s : schools)
        if (s.id == id)
            return &s;
    return nullptr;
}

StageProvision& provisionOf(School& school, Stage stage, const Norms& norms) {
    if (StageProvision* p = school.stage(stage))
        return *p;
    StageProvision p;
    p.stage = stage;
    for (int g = 1; g <= norms[stage].grades; ++g)
        p.grades.push_back(GradeRecord{g, 0, 0, 0});
    // Keep stages in schooling order.
    const auto at = std::find_if(school.stages.begin(), school.stages.end(),
                                 [&](const StageProvision& q) { return q.stage > stage; });
    return *school.stages.insert(at, std::move(p));
}

GradeRecord& gradeOf(StageProvision& p, int grade) {
    for (GradeRecord& g : p.grades)
        if (g.grade == grade)
            return g;
    GradeRecord g{grade, 0, 0, 0};
    const auto at = std::find_if(p.grades.begin(), p.grades.end(),
                                 [&](const GradeRecord& r) { return r.grade > grade; });
    return *p.grades.insert(at, g);
}

void applyClassChange(CityData& c, const ClassChange& change) {
    School* school = findSchool(c.schools, change.schoolId);
    if (school == nullptr)
        return;
    StageProvision& p = provisionOf(*school, change.stage, c.norms);
    for (std::size_t g = 0; g < change.gradeDeltas.size(); ++g) {
        GradeRecord& r = gradeOf(p, static_cast<int>(g) + 1);
        r.classes = std::max(0, r.classes + change.gradeDeltas[g]);
        // Reported large-class counts describe the classes as they were.
        r.reportedLargeClasses.reset();
        r.reportedHugeClasses.reset();
    }
}

void applyConversion(CityData& c, const Conversion& v) {
    School* s = findSchool(c.schools, v.schoolId);
    if (s == nullptr)
        return;
    if (v.ownership)
        s->ownership = *v.ownership;
    if (v.puhui)
        s->flags.puhui = *v.puhui;
    if (v.standardised)
        s->flags.standardised = *v.standardised;
    if (v.provincialStandard)
        s->flags.provincialStandard = *v.provincialStandard;
    if (v.quality)
        s->flags.quality = *v.quality;
    if (v.provincialKey)
        s->flags.provincialKey = *v.provincialKey;
}

void applyClosure(CityData& c, const Closure& closure) {
    const auto it = std::find_if(c.schools.begin(), c.schools.end(),
                                 [&](const School& s) { return s.id == closure.schoolId; });
    if (it == c.schools.end())
        return;
    School closed = std::move(*it);
    c.schools.erase(it);
    School* to = closure.pupilsTo.empty() ? nullptr : findSchool(c.schools, closure.pupilsTo);
    if (to == nullptr)
        return;
    for (const StageProvision& p : closed.stages) {
        StageProvision& q = provisionOf(*to, p.stage, c.norms);
        for (const GradeRecord& g : p.grades) {
            GradeRecord& r = gradeOf(q, g.grade);
            r.students += g.students;
            r.migrantStudents += g.migrantStudents;
            if (closure.merge)
                r.classes += g.classes;
            r.reportedLargeClasses.reset();
            r.reportedHugeClasses.reset();
        }
        q.disabledStudents += p.disabledStudents;
    }
    if (closure.merge) {
        to->staff.teachers += closed.staff.teachers;
        to->staff.collegePlus += closed.staff.collegePlus;
        to->staff.bachelorPlus += closed.staff.bachelorPlus;
        to->staff.postgraduate += closed.staff.postgraduate;
        to->staff.dualQualified += closed.staff.dualQualified;
    }
}

void applyPolicy(CityData& c, const PolicyChange& p) {
    for (const auto& [stage, sizes] : p.classSizes)
        if (!sizes.empty())
            c.norms[stage].standardClassSize = sizes;
    if (p.largeClassMin)
        c.norms.largeClassMin = *p.largeClassMin;
    if (p.hugeClassMin)
        c.norms.hugeClassMin = *p.hugeClassMin;
    if (p.migrantPublicShare)
        c.norms.indicatorTargets.migrantPublic = *p.migrantPublicShare;
}

School kindergartenSchool(const HousingProject& h, const Norms& norms) {
    School s;
    s.id = housingKindergartenId(h);
    s.name = h.name + "配套幼儿园";
    s.ownership = h.kindergarten.publicOrPuhui ? Ownership::Public : Ownership::Private;
    s.location = h.location;
    s.townCode = h.townCode;
    StageProvision p;
    p.stage = Stage::Kindergarten;
    const StageNorms& kg = norms[Stage::Kindergarten];
    const std::vector<int> perGrade = spreadOverGrades(h.kindergarten.classes, kg.grades);
    for (std::size_t g = 0; g < perGrade.size(); ++g)
        p.grades.push_back(GradeRecord{static_cast<int>(g) + 1, perGrade[g], 0, 0});
    s.stages.push_back(std::move(p));
    return s;
}

Diagnostic problem(const char* layer, std::size_t index, const std::string& id,
                   const std::string& field, std::string message, int year = 0) {
    Diagnostic d;
    d.severity = Severity::Error;
    d.layer = layer;
    d.featureId = "#" + std::to_string(index + 1) + (id.empty() ? "" : " " + id);
    d.field = field;
    d.message = std::move(message);
    d.year = year;
    return d;
}

} // namespace

std::string housingKindergartenId(const HousingProject& project) {
    return "配套园-" + project.id;
}

CityData withPlannedHousing(const CityData& city, const Plan& plan) {
    CityData c = city;
    for (const HousingProject& h : plan.housing) {
        const auto it = std::find_if(c.housing.begin(), c.housing.end(),
                                     [&](const HousingProject& x) { return x.id == h.id; });
        if (it != c.housing.end())
            *it = h;
        else
            c.housing.push_back(h);
    }
    return c;
}

CityData cityInYear(const CityData& city, const Plan& plan, int year) {
    CityData c = withPlannedHousing(city, plan);
    for (const Step& step : datedSteps(plan)) {
        if (step.year > year)
            break;
        switch (step.kind) {
        case 0: {
            const NewSchool& n = plan.newSchools[step.index];
            if (findSchool(c.schools, n.school.id) == nullptr)
                c.schools.push_back(n.school);
            break;
        }
        case 1:
            applyClassChange(c, plan.classChanges[step.index]);
            break;
        case 2:
            applyConversion(c, plan.conversions[step.index]);
            break;
        case 3:
            applyClosure(c, plan.closures[step.index]);
            break;
        default:
            applyPolicy(c, plan.policies[step.index]);
            break;
        }
    }
    for (HousingProject& h : c.housing) {
        const PlannedKindergarten& kg = h.kindergarten;
        if (kg.classes <= 0 || !kg.deliveryYear || !kg.schoolId.empty() ||
            *kg.deliveryYear <= city.baseYear || *kg.deliveryYear > year)
            continue;
        School s = kindergartenSchool(h, c.norms);
        if (findSchool(c.schools, s.id) != nullptr)
            continue;
        h.kindergarten.schoolId = s.id;
        c.schools.push_back(std::move(s));
    }
    return c;
}

std::vector<Diagnostic> validatePlan(const CityData& city, const Plan& plan, int horizonYear) {
    std::vector<Diagnostic> out;
    const int first = city.baseYear;
    const RegionIndex regions(city.regions);
    const auto yearOk = [&](int y) { return y >= first && y <= horizonYear; };
    const auto yearMessage = [&](int y) {
        return "年份 " + std::to_string(y) + " 不在 " + std::to_string(first) + "–" +
               std::to_string(horizonYear) + " 之间 / the year " + std::to_string(y) +
               " is outside the base year and the horizon, " + std::to_string(first) + "–" +
               std::to_string(horizonYear);
    };
    const auto unknownSchool = [](const std::string& id) {
        return "数据集和方案中都没有学校 \"" + id + "\" / no school \"" + id +
               "\" in the dataset or the plan";
    };

    // Schools known to the plan: the dataset's, then the new ones (with their opening years).
    std::map<std::string, int> opens; // id → year it exists from
    for (const School& s : city.schools)
        opens.emplace(s.id, first);
    for (std::size_t i = 0; i < plan.newSchools.size(); ++i) {
        const NewSchool& n = plan.newSchools[i];
        const char* layer = "new_schools";
        if (!yearOk(n.year))
            out.push_back(problem(layer, i, n.school.id, "year", yearMessage(n.year), n.year));
        if (n.school.id.empty())
            out.push_back(
                problem(layer, i, "", "id", "新建学校没有编号 / the new school has no id"));
        else if (!opens.emplace(n.school.id, n.year).second)
            out.push_back(problem(layer, i, n.school.id, "id",
                                  "学校编号 \"" + n.school.id + "\" 已被使用 / the school id \"" +
                                      n.school.id + "\" is already taken"));
        if (n.school.stages.empty())
            out.push_back(problem(layer, i, n.school.id, "stages",
                                  "新建学校没有学段 / the new school serves no stage"));
        for (const StageProvision& p : n.school.stages)
            if (p.classes() <= 0)
                out.push_back(problem(layer, i, n.school.id, std::string(stageCode(p.stage)),
                                      "新建学校的" + std::string(stageNameZh(p.stage)) +
                                          "没有班级 / the new school has no " +
                                          std::string(stageCode(p.stage)) + " classes"));
        if (!n.school.townCode.empty() && !regions.townIndex(n.school.townCode))
            out.push_back(problem(layer, i, n.school.id, "town",
                                  "未知乡镇代码 \"" + n.school.townCode +
                                      "\" / unknown town code \"" + n.school.townCode + "\""));
    }
    // Closures: one per school, and the year from which a school is gone.
    std::map<std::string, int> closes;
    for (std::size_t i = 0; i < plan.closures.size(); ++i) {
        const Closure& c = plan.closures[i];
        const char* layer = "closures";
        if (!yearOk(c.year))
            out.push_back(problem(layer, i, c.schoolId, "year", yearMessage(c.year), c.year));
        const auto it = opens.find(c.schoolId);
        if (it == opens.end())
            out.push_back(problem(layer, i, c.schoolId, "school", unknownSchool(c.schoolId)));
        else if (c.year < it->second)
            out.push_back(problem(layer, i, c.schoolId, "year",
                                  "学校在 " + std::to_string(it->second) +
                                      " 年才开办 / the school " + "opens only in " +
                                      std::to_string(it->second),
                                  c.year));
        if (!closes.emplace(c.schoolId, c.year).second)
            out.push_back(problem(layer, i, c.schoolId, "school",
                                  "同一学校被撤并两次 / the school is closed twice"));
    }
    for (std::size_t i = 0; i < plan.closures.size(); ++i) {
        const Closure& c = plan.closures[i];
        if (c.pupilsTo.empty())
            continue;
        if (c.pupilsTo == c.schoolId) {
            out.push_back(problem("closures", i, c.schoolId, "pupils_to",
                                  "学生不能转入被撤并的学校本身 / the pupils cannot go to the "
                                  "closed school itself"));
            continue;
        }
        const auto it = opens.find(c.pupilsTo);
        if (it == opens.end()) {
            out.push_back(
                problem("closures", i, c.schoolId, "pupils_to", unknownSchool(c.pupilsTo)));
            continue;
        }
        const auto cl = closes.find(c.pupilsTo);
        if (it->second > c.year || (cl != closes.end() && cl->second <= c.year))
            out.push_back(problem("closures", i, c.schoolId, "pupils_to",
                                  "接收学校 \"" + c.pupilsTo + "\" 在 " + std::to_string(c.year) +
                                      " 年不开办 / the receiving school \"" + c.pupilsTo +
                                      "\" is not open in " + std::to_string(c.year),
                                  c.year));
    }
    // A change to a school must fall while it exists.
    const auto checkOpen = [&](const char* layer, std::size_t i, const std::string& id, int y) {
        const auto it = opens.find(id);
        if (it == opens.end()) {
            out.push_back(problem(layer, i, id, "school", unknownSchool(id)));
            return;
        }
        if (y < it->second)
            out.push_back(problem(layer, i, id, "year",
                                  "学校在 " + std::to_string(it->second) +
                                      " 年才开办 / the school " + "opens only in " +
                                      std::to_string(it->second),
                                  y));
        const auto cl = closes.find(id);
        if (cl != closes.end() && y >= cl->second)
            out.push_back(problem(layer, i, id, "year",
                                  "学校已于 " + std::to_string(cl->second) +
                                      " 年撤并 / the school " + "is closed from " +
                                      std::to_string(cl->second),
                                  y));
    };
    // Class changes: running totals per school × stage × grade may not fall below 0.
    std::map<std::tuple<std::string, int, int>, int> classes;
    for (const School& s : city.schools)
        for (const StageProvision& p : s.stages)
            for (const GradeRecord& g : p.grades)
                classes[{s.id, stageIndex(p.stage), g.grade}] += g.classes;
    for (const NewSchool& n : plan.newSchools)
        for (const StageProvision& p : n.school.stages)
            for (const GradeRecord& g : p.grades)
                classes[{n.school.id, stageIndex(p.stage), g.grade}] += g.classes;
    std::vector<std::size_t> order(plan.classChanges.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return plan.classChanges[a].year < plan.classChanges[b].year;
    });
    for (const std::size_t i : order) {
        const ClassChange& c = plan.classChanges[i];
        const char* layer = "class_changes";
        if (!yearOk(c.year))
            out.push_back(problem(layer, i, c.schoolId, "year", yearMessage(c.year), c.year));
        checkOpen(layer, i, c.schoolId, c.year);
        if (static_cast<int>(c.gradeDeltas.size()) > city.norms[c.stage].grades)
            out.push_back(problem(layer, i, c.schoolId, "classes",
                                  "年级数多于学段的 " + std::to_string(city.norms[c.stage].grades) +
                                      " 个年级 / more grades than the stage's " +
                                      std::to_string(city.norms[c.stage].grades)));
        for (std::size_t g = 0; g < c.gradeDeltas.size(); ++g) {
            int& n = classes[{c.schoolId, stageIndex(c.stage), static_cast<int>(g) + 1}];
            n += c.gradeDeltas[g];
            if (n < 0) {
                out.push_back(problem(layer, i, c.schoolId, "classes",
                                      std::to_string(g + 1) + " 年级减班后班数为负 / grade " +
                                          std::to_string(g + 1) +
                                          " would have fewer than 0 classes after the reduction",
                                      c.year));
                n = 0;
            }
        }
    }
    for (std::size_t i = 0; i < plan.conversions.size(); ++i) {
        const Conversion& v = plan.conversions[i];
        if (!yearOk(v.year))
            out.push_back(
                problem("conversions", i, v.schoolId, "year", yearMessage(v.year), v.year));
        checkOpen("conversions", i, v.schoolId, v.year);
    }
    for (std::size_t i = 0; i < plan.zoneRedraws.size(); ++i) {
        const ZoneRedraw& z = plan.zoneRedraws[i];
        if (!yearOk(z.year))
            out.push_back(problem("zones", i, "", "year", yearMessage(z.year), z.year));
        if (z.schoolTowns.empty() && z.polygons.empty())
            out.push_back(problem("zones", i, "", "schools",
                                  "学区调整没有内容 / the zone redraw lists no zone"));
        for (const auto& [id, town] : z.schoolTowns) {
            if (!opens.count(id))
                out.push_back(problem("zones", i, id, "school", unknownSchool(id)));
            if (!regions.townIndex(town))
                out.push_back(
                    problem("zones", i, id, "town",
                            "未知乡镇代码 \"" + town + "\" / unknown town code \"" + town + "\""));
        }
        for (const auto& [id, wkb] : z.polygons)
            if (!opens.count(id))
                out.push_back(problem("zones", i, id, "school", unknownSchool(id)));
        for (std::size_t k = 0; k < i; ++k)
            if (plan.zoneRedraws[k].year == z.year)
                out.push_back(problem("zones", i, "", "year",
                                      "同一年有两次学区调整 / two zone redraws in the same year " +
                                          std::to_string(z.year),
                                      z.year));
    }
    for (std::size_t i = 0; i < plan.housing.size(); ++i) {
        const HousingProject& h = plan.housing[i];
        if (h.completionYear < 1949 || h.completionYear > 2100)
            out.push_back(problem("housing", i, h.id, "completion_year",
                                  "竣工年份 " + std::to_string(h.completionYear) +
                                      " 不在 1949–2100 之间 / the completion year is outside "
                                      "1949–2100"));
        if (h.kindergarten.deliveryYear &&
            (*h.kindergarten.deliveryYear < 1949 || *h.kindergarten.deliveryYear > 2100))
            out.push_back(problem("housing", i, h.id, "kg_year",
                                  "配套园交付年份不在 1949–2100 之间 / the kindergarten delivery "
                                  "year is outside 1949–2100"));
        if (h.dwellings < 0 || h.kindergarten.classes < 0)
            out.push_back(problem("housing", i, h.id, "dwellings",
                                  "套数或班数为负 / negative dwellings or classes"));
        if (!h.townCode.empty() && !regions.townIndex(h.townCode))
            out.push_back(problem("housing", i, h.id, "town",
                                  "未知乡镇代码 \"" + h.townCode + "\" / unknown town code \"" +
                                      h.townCode + "\""));
        for (std::size_t k = 0; k < i; ++k)
            if (plan.housing[k].id == h.id)
                out.push_back(problem("housing", i, h.id, "id",
                                      "同一小区在方案中出现两次 / the same housing project is "
                                      "listed twice"));
    }
    for (std::size_t i = 0; i < plan.policies.size(); ++i) {
        const PolicyChange& p = plan.policies[i];
        if (!yearOk(p.year))
            out.push_back(problem("policies", i, "", "year", yearMessage(p.year), p.year));
        for (const auto& [stage, sizes] : p.classSizes)
            for (const int size : sizes)
                if (size < 1 || size > 200)
                    out.push_back(problem("policies", i, "", std::string(stageCode(stage)),
                                          "标准班额应在 1–200 之间 / the class size must lie in "
                                          "1–200: " +
                                              std::to_string(size)));
        if (p.migrantPublicShare && !(*p.migrantPublicShare >= 0.0 && *p.migrantPublicShare <= 1.0))
            out.push_back(problem("policies", i, "", "migrant_public_share",
                                  "比例应在 0–1 之间 / the share must lie in 0–1"));
        const int large = p.largeClassMin.value_or(city.norms.largeClassMin);
        const int huge = p.hugeClassMin.value_or(city.norms.hugeClassMin);
        if ((p.largeClassMin || p.hugeClassMin) && (large < 1 || huge < large))
            out.push_back(problem("policies", i, "", "large_class_min",
                                  "大班额下限应 ≥ 1 且不高于超大班额下限 / the large-class minimum "
                                  "must be ≥ 1 and not above the huge-class minimum"));
        for (std::size_t k = 0; k < i; ++k) {
            const PolicyChange& q = plan.policies[k];
            if (q.year != p.year)
                continue;
            bool clash =
                (p.largeClassMin && q.largeClassMin && *p.largeClassMin != *q.largeClassMin) ||
                (p.hugeClassMin && q.hugeClassMin && *p.hugeClassMin != *q.hugeClassMin) ||
                (p.migrantPublicShare && q.migrantPublicShare &&
                 *p.migrantPublicShare != *q.migrantPublicShare);
            for (const auto& [stage, sizes] : p.classSizes)
                for (const auto& [stage2, sizes2] : q.classSizes)
                    clash = clash || (stage == stage2 && sizes != sizes2);
            if (clash)
                out.push_back(problem("policies", i, "", "year",
                                      "与同年第 " + std::to_string(k + 1) +
                                          " 项政策矛盾 / contradicts policy #" +
                                          std::to_string(k + 1) + " of the same year",
                                      p.year));
        }
    }
    return out;
}

} // namespace xw::core
