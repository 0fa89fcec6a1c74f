#include <xw/viewer/model/plan_edits.hpp>

#include <algorithm>
#include <stdexcept>

namespace xw::viewer {

namespace {

bool schoolIdTaken(const core::CityData& city, const core::Plan& plan, const std::string& id) {
    return std::any_of(city.schools.begin(), city.schools.end(),
                       [&](const core::School& s) { return s.id == id; }) ||
           std::any_of(plan.newSchools.begin(), plan.newSchools.end(),
                       [&](const core::NewSchool& n) { return n.school.id == id; });
}

bool housingIdTaken(const core::CityData& city, const core::Plan& plan, const std::string& id) {
    return std::any_of(city.housing.begin(), city.housing.end(),
                       [&](const core::HousingProject& h) { return h.id == id; }) ||
           std::any_of(plan.housing.begin(), plan.housing.end(),
                       [&](const core::HousingProject& h) { return h.id == id; });
}

} // namespace

std::string newSchoolId(const core::CityData& city, const core::Plan& plan) {
    for (int n = 1;; ++n) {
        std::string id = "新校-" + std::to_string(n);
        if (!schoolIdTaken(city, plan, id))
            return id;
    }
}

std::string newHousingId(const core::CityData& city, const core::Plan& plan) {
    for (int n = 1;; ++n) {
        std::string id = "新小区-" + std::to_string(n);
        if (!housingIdTaken(city, plan, id))
            return id;
    }
}

int defaultClassesPerGrade(core::Stage stage) {
    switch (stage) {
    case core::Stage::Kindergarten:
        return 3;
    case core::Stage::Primary:
        return 4;
    case core::Stage::Junior:
        return 8;
    case core::Stage::Senior:
        return 10;
    case core::Stage::Vocational:
        return 8;
    case core::Stage::Special:
        return 1;
    }
    return 1;
}

core::NewSchool makeNewSchool(std::string id, std::string name, core::Stage stage, int grades,
                              int classesPerGrade, int year, core::PointM location) {
    core::NewSchool n;
    n.year = year;
    n.school.id = std::move(id);
    n.school.name = std::move(name);
    n.school.ownership = core::Ownership::Public;
    n.school.location = location;
    core::StageProvision p;
    p.stage = stage;
    for (int g = 1; g <= grades; ++g) {
        core::GradeRecord r;
        r.grade = g;
        r.classes = std::max(0, classesPerGrade);
        p.grades.push_back(r);
    }
    n.school.stages = {p};
    return n;
}

core::HousingProject newHousingProject(std::string id, std::string name, int completionYear) {
    core::HousingProject h;
    h.id = std::move(id);
    h.name = std::move(name);
    h.dwellings = 3000;
    h.completionYear = completionYear;
    h.kindergarten.classes = 6;
    h.kindergarten.deliveryYear = completionYear;
    h.kindergarten.publicOrPuhui = true;
    return h;
}

std::vector<int> classesPerGrade(const core::CityData& city, const std::string& schoolId,
                                 core::Stage stage) {
    std::vector<int> classes(static_cast<std::size_t>(std::max(0, city.norms[stage].grades)), 0);
    for (const core::School& s : city.schools)
        if (s.id == schoolId)
            if (const core::StageProvision* p = s.stage(stage))
                for (const core::GradeRecord& g : p->grades)
                    if (g.grade >= 1 && g.grade <= static_cast<int>(classes.size()))
                        classes[static_cast<std::size_t>(g.grade - 1)] = g.classes;
    return classes;
}

core::Plan withNewSchool(core::Plan plan, core::NewSchool school) {
    plan.newSchools.push_back(std::move(school));
    return plan;
}

bool isPlannedSchool(const core::Plan& plan, const std::string& schoolId) {
    return std::any_of(plan.newSchools.begin(), plan.newSchools.end(),
                       [&](const core::NewSchool& n) { return n.school.id == schoolId; });
}

core::Plan withSchoolMoved(core::Plan plan, const std::string& schoolId, core::PointM location) {
    for (core::NewSchool& n : plan.newSchools)
        if (n.school.id == schoolId) {
            n.school.location = location;
            n.school.townCode.clear();
            return plan;
        }
    throw std::invalid_argument("只能移动方案中新建的学校 / only the plan's new schools can be "
                                "moved: " +
                                schoolId);
}

core::Plan withClasses(core::Plan plan, const std::string& schoolId, core::Stage stage,
                       const std::vector<int>& classesPerGrade, const std::vector<int>& current,
                       int year) {
    if (std::any_of(classesPerGrade.begin(), classesPerGrade.end(), [](int c) { return c < 0; }))
        throw std::invalid_argument("班数不能为负 / class counts cannot be negative");
    for (core::NewSchool& n : plan.newSchools)
        if (n.school.id == schoolId) {
            core::StageProvision* p = n.school.stage(stage);
            if (p == nullptr) {
                n.school.stages.push_back({stage, {}, 0});
                std::sort(n.school.stages.begin(), n.school.stages.end(),
                          [](const auto& a, const auto& b) { return a.stage < b.stage; });
                p = n.school.stage(stage);
            }
            p->grades.clear();
            for (std::size_t g = 0; g < classesPerGrade.size(); ++g) {
                core::GradeRecord r;
                r.grade = static_cast<int>(g) + 1;
                r.classes = classesPerGrade[g];
                p->grades.push_back(r);
            }
            return plan;
        }
    std::vector<int> delta(classesPerGrade.size(), 0);
    for (std::size_t g = 0; g < classesPerGrade.size(); ++g)
        delta[g] = classesPerGrade[g] - (g < current.size() ? current[g] : 0);
    auto same = std::find_if(
        plan.classChanges.begin(), plan.classChanges.end(), [&](const core::ClassChange& c) {
            return c.schoolId == schoolId && c.stage == stage && c.year == year;
        });
    if (same != plan.classChanges.end()) {
        same->gradeDeltas.resize(std::max(same->gradeDeltas.size(), delta.size()), 0);
        for (std::size_t g = 0; g < delta.size(); ++g)
            same->gradeDeltas[g] += delta[g];
        if (std::all_of(same->gradeDeltas.begin(), same->gradeDeltas.end(),
                        [](int d) { return d == 0; }))
            plan.classChanges.erase(same);
        return plan;
    }
    if (std::all_of(delta.begin(), delta.end(), [](int d) { return d == 0; }))
        return plan;
    plan.classChanges.push_back({year, schoolId, stage, delta});
    return plan;
}

core::Plan withSchoolClosed(core::Plan plan, const std::string& schoolId, int year) {
    if (isPlannedSchool(plan, schoolId)) {
        std::erase_if(plan.newSchools,
                      [&](const core::NewSchool& n) { return n.school.id == schoolId; });
        std::erase_if(plan.classChanges,
                      [&](const core::ClassChange& c) { return c.schoolId == schoolId; });
        std::erase_if(plan.closures, [&](const core::Closure& c) {
            return c.schoolId == schoolId || c.pupilsTo == schoolId;
        });
        std::erase_if(plan.conversions,
                      [&](const core::Conversion& c) { return c.schoolId == schoolId; });
        return plan;
    }
    if (isClosed(plan, schoolId))
        return plan;
    core::Closure c;
    c.year = year;
    c.schoolId = schoolId;
    plan.closures.push_back(c);
    return plan;
}

core::Plan withSchoolReopened(core::Plan plan, const std::string& schoolId) {
    std::erase_if(plan.closures, [&](const core::Closure& c) { return c.schoolId == schoolId; });
    return plan;
}

bool isClosed(const core::Plan& plan, const std::string& schoolId) {
    return std::any_of(plan.closures.begin(), plan.closures.end(),
                       [&](const core::Closure& c) { return c.schoolId == schoolId; });
}

core::Plan withHousing(core::Plan plan, core::HousingProject project) {
    for (core::HousingProject& h : plan.housing)
        if (h.id == project.id) {
            h = std::move(project);
            return plan;
        }
    plan.housing.push_back(std::move(project));
    return plan;
}

core::Plan withHousingMoved(core::Plan plan, const std::string& id, core::PointM location,
                            const std::optional<core::HousingProject>& fromDataset) {
    for (core::HousingProject& h : plan.housing)
        if (h.id == id) {
            h.location = location;
            h.townCode.clear();
            return plan;
        }
    if (!fromDataset)
        throw std::invalid_argument("没有这个新建小区 / no such housing project: " + id);
    core::HousingProject h = *fromDataset;
    h.location = location;
    h.townCode.clear();
    h.kindergarten.schoolId.clear();
    plan.housing.push_back(std::move(h));
    return plan;
}

} // namespace xw::viewer
