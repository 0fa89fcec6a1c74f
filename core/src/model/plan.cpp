// The plan applied: the city as it stands in a year (cityInYear) and its planned housing. The
// checks of a plan against its city are in plan_validation.cpp.
#include <xw/core/balance/seats.hpp>
#include <xw/core/model/plan.hpp>

#include <algorithm>

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

} // namespace xw::core
