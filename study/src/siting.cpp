// The siting optimiser over a study: the problem from the study's results of one stage and year,
// the solve, and the answer as a scenario.
#include <xw/study/siting.hpp>

#include "detail/siting_options.hpp"
#include "detail/year_problem.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

namespace xw::study {

namespace {

const char* objectiveUnitOf(core::SitingModel model) {
    switch (model) {
    case core::SitingModel::PMedian:
        return "child·m";
    case core::SitingModel::MaximalCovering:
        return "children";
    case core::SitingModel::SetCovering:
        return "options";
    case core::SitingModel::PCenter:
        return "m";
    }
    return "";
}

int ceilDiv(std::int64_t a, std::int64_t b) {
    return b <= 0 ? 0 : static_cast<int>((a + b - 1) / b);
}

} // namespace

SitingAnswer optimiseSiting(Study& study, const SitingRequest& request,
                            const core::Progress& progress) {
    if (!(request.candidateSpacingMeters > 0.0) || !std::isfinite(request.candidateSpacingMeters))
        throw StudyError("候选点间距须为正数 / the candidate spacing must be positive");
    // ---- The study's optimal allocation of the year gives the demand points and the schools.
    const StudyResults r = detail::runForYear(study, request.run, request.year, progress);
    progress.throwIfCancelled();
    const core::AllocationProblem* pb = detail::problemOf(r, request.stage, request.year);
    if (pb == nullptr)
        throw StudyError(
            fmt::format("{} 年没有{}学校或适龄儿童, 无从选址 / no {} school or child in "
                        "{}: nothing to site",
                        request.year, core::stageNameZh(request.stage),
                        core::stageNameEn(request.stage), request.year));
    const core::CityData& city = detail::cityOf(r, request.year);
    const detail::StageSizing sizing = detail::stageSizing(city.norms, request.stage);
    const int grades = sizing.grades;
    const int classSize = sizing.classSize;

    progress.report("siting_problem", 0, 1);
    core::SitingProblem problem;
    std::vector<std::size_t> pointOf; // siting demand index → allocation point
    SitingAnswer answer;
    answer.request = request;
    answer.scenarioName = r.scenarioName;
    answer.objectiveUnit = objectiveUnitOf(request.config.model);
    for (std::size_t i = 0; i < pb->points.size(); ++i) {
        const core::AllocationPoint& p = pb->points[i];
        if (p.demand <= 0)
            continue;
        core::SitingDemandPoint point;
        point.location = p.location;
        point.children = p.demand;
        point.serviceRadiusMeters = p.radiusMeters;
        problem.demand.push_back(point);
        pointOf.push_back(i);
        answer.children += p.demand;
    }
    if (problem.demand.empty())
        throw StudyError(fmt::format("{} 年没有{}适龄儿童 / no {} children in {}", request.year,
                                     core::stageNameZh(request.stage),
                                     core::stageNameEn(request.stage), request.year));
    for (const core::AllocationFacility& f : pb->facilities)
        problem.existing.push_back({f.location, f.seats});

    // Candidate sites: the dataset's parcels for the stage, else the busiest point of each block.
    const std::vector<core::SiteParcel>& parcels = study.dataset().sites;
    detail::CandidateSet candidates = detail::candidateSites(
        parcels, problem.demand, request.stage, sizing, request.candidateSpacingMeters);
    problem.candidates = candidates.sites;
    answer.parcelCandidates = candidates.fromParcels;
    answer.notes = candidates.notes;

    // Expansions: only where seats count; one campus per id so that the plan can name it.
    std::vector<int> expansionPerGrade; // per expansion: classes per grade it may add
    if (request.config.seats != core::SeatRule::Ignored) {
        std::map<std::string, int> campuses;
        for (const core::School& s : city.schools)
            if (s.stage(request.stage) != nullptr)
                ++campuses[s.id];
        for (std::size_t j = 0; j < pb->facilities.size(); ++j) {
            const core::AllocationFacility& f = pb->facilities[j];
            const core::School& s = city.schools[f.schoolIndex];
            const int extraPerGrade =
                detail::expansionPerGrade(s, f.classes, request.stage, city.norms);
            if (campuses[s.id] != 1 || extraPerGrade <= 0)
                continue;
            core::FacilityExpansion e;
            e.facility = j;
            e.seatsPerClass = classSize;
            e.extraSeats = static_cast<std::int64_t>(extraPerGrade) * sizing.seatsPerClassRow;
            e.costPerSeatYuan = city.norms.capitalCost.perClassYuan / classSize;
            problem.expansions.push_back(e);
            expansionPerGrade.push_back(extraPerGrade);
        }
    }
    answer.demandPoints = problem.demand.size();
    answer.existingSchools = problem.existing.size();
    answer.candidateSites = problem.candidates.size();
    answer.expansions = problem.expansions.size();

    // Distances: along the roads to every column when the study has a network; with the
    // dataset's OD table, the allocation's to the schools it lists and straight lines to the
    // candidates (the table cannot know them); else straight lines.
    const bool odTable = r.allocation && r.allocation->odTable;
    if (odTable && pb->distance) {
        const std::size_t existing = problem.existing.size();
        std::vector<core::PointM> at;
        for (const core::SitingDemandPoint& d : problem.demand)
            at.push_back(d.location);
        std::vector<core::PointM> sites;
        for (const core::CandidateSite& c : problem.candidates)
            sites.push_back(c.location);
        problem.distance = [pbDistance = pb->distance, pointOf, existing, at = std::move(at),
                            sites = std::move(sites)](std::size_t d, std::size_t column) {
            return column < existing ? pbDistance(pointOf[d], column)
                                     : core::straightLineMeters(at[d], sites[column - existing]);
        };
        answer.distanceBasis = "od_table";
    } else if (!request.run.roads.empty()) {
        progress.report("siting_roads", 0, 1);
        detail::SitingDistances roads = detail::roadSitingDistances(
            problem, request.run, study.dataset().workingCrs,
            city.norms[request.stage].travelProfile, r.allocation ? r.allocation->roads : nullptr,
            progress.cancelFlag());
        problem.distance = std::move(roads.distance);
        answer.distanceBasis = roads.basis;
        answer.notes.insert(answer.notes.end(), roads.notes.begin(), roads.notes.end());
        progress.report("siting_roads", 1, 1);
    }
    progress.report("siting_problem", 1, 1);

    core::SitingConfig sc = request.config;
    if (sc.threads == 0)
        sc.threads = std::max(1, request.run.threads);
    // With seats every move of the search solves a transport problem: the automatic count ran
    // for minutes on 800 points and 50 sites, so a capacitated search stops after
    // kCapacitatedSearchIterations unless the request sets its own.
    if (sc.seats != core::SeatRule::Ignored && sc.searchIterations == 0)
        sc.searchIterations = kCapacitatedSearchIterations;
    try {
        // The scenario as it stands: the same model with nothing to open.
        core::SitingProblem current = problem;
        current.candidates.clear();
        current.expansions.clear();
        core::SitingConfig none = sc;
        none.budgetYuan.reset();
        none.newFacilities = 0;
        progress.report("siting_current", 0, 1);
        answer.currentObjective = core::solveSiting(current, none, progress).objective;
        answer.result = core::solveSiting(problem, sc, progress);
    } catch (const std::invalid_argument& e) {
        throw StudyError(std::string("选址问题无效 / invalid siting problem: ") + e.what());
    }
    const core::SitingResult& res = answer.result;
    answer.objective = res.objective;
    answer.bound = res.bound;
    answer.gap = res.gap;
    answer.provedOptimal = res.provedOptimal;
    answer.childrenUnserved = res.childrenUnserved;
    answer.childrenCovered = res.childrenCovered;

    // ---- The options chosen, sized to the children sent there.
    std::set<std::string> taken;
    for (const core::School& s : study.city().schools)
        taken.insert(s.id);
    for (const core::School& s : city.schools)
        taken.insert(s.id);
    for (const core::NewSchool& n : study.scenario().plan.newSchools)
        taken.insert(n.school.id);
    int serial = 0;
    for (const core::SitingChoice& c : res.chosen) {
        SitedOption o;
        o.expansion = c.expansion;
        // Uncapacitated answers send every child nearest; a site never gets more than its size.
        const std::int64_t used = std::max<std::int64_t>(c.seatsUsed, 1);
        if (c.expansion) {
            const core::FacilityExpansion& e = problem.expansions[c.index];
            const core::AllocationFacility& f = pb->facilities[e.facility];
            const core::School& s = city.schools[f.schoolIndex];
            o.schoolId = s.id;
            o.schoolName = s.name;
            o.location = f.location;
            o.townCode = s.townCode;
            o.classesPerGrade =
                std::min(expansionPerGrade[c.index], ceilDiv(used, sizing.seatsPerClassRow));
        } else {
            std::string id;
            do
                id = fmt::format("OPT-{}-{}-{}", core::stageCode(request.stage), request.year,
                                 ++serial);
            while (taken.count(id) != 0);
            taken.insert(id);
            o.schoolId = id;
            o.location = problem.candidates[c.index].location;
            const std::size_t parcel = candidates.parcel[c.index];
            if (parcel != detail::kNoIndex) {
                const core::SiteParcel& p = parcels[parcel];
                o.siteId = p.id;
                o.siteName = p.name;
                o.townCode = p.townCode;
            } else {
                const core::AllocationPoint& p = pb->points[pointOf[candidates.demand[c.index]]];
                if (p.townIndex < city.regions.towns.size())
                    o.townCode = city.regions.towns[p.townIndex].code;
            }
            if (const auto t = city.regions.townIndex(o.townCode))
                o.townName = city.regions.towns[*t].name;
            o.schoolName = !o.siteName.empty()
                               ? o.siteName
                               : fmt::format("{}新建{}{}", o.townName,
                                             core::stageNameZh(request.stage), serial);
            o.classesPerGrade =
                std::min(candidates.maxPerGrade[c.index], ceilDiv(used, sizing.seatsPerClassRow));
        }
        if (o.townName.empty())
            if (const auto t = city.regions.townIndex(o.townCode))
                o.townName = city.regions.towns[*t].name;
        o.classes = o.classesPerGrade * grades;
        o.seats = static_cast<std::int64_t>(o.classesPerGrade) * sizing.seatsPerClassRow;
        o.children = c.seatsUsed;
        if (c.expansion)
            o.costYuan = city.norms.capitalCost.perClassYuan * o.classes;
        else if (const std::size_t k = candidates.parcel[c.index];
                 k != detail::kNoIndex && parcels[k].costYuan)
            o.costYuan = *parcels[k].costYuan; // the parcel's own cost, whatever the size
        else
            o.costYuan = sizing.seatCostYuan * static_cast<double>(o.seats);
        answer.options.push_back(std::move(o));
    }
    return answer;
}

scenarios::Scenario plannedScenario(const Study& study, const SitingAnswer& answer) {
    scenarios::Scenario sc = study.scenario();
    const core::Stage stage = answer.request.stage;
    const int year = answer.request.year;
    const int grades = std::max(1, study.city().norms[stage].grades);
    sc.name = fmt::format("{}-optimised-{}-{}", sc.name.empty() ? "baseline" : sc.name,
                          core::stageCode(stage), year);
    const std::string note = fmt::format(
        "xuewei optimise: {} {} {} {} ({}), 目标 objective {:.6g} → {:.6g} {}",
        core::stageCode(stage), year, core::sitingModelCode(answer.request.config.model),
        core::seatRuleCode(answer.request.config.seats),
        answer.request.config.budgetYuan
            ? fmt::format("budget {:.0f} yuan", *answer.request.config.budgetYuan)
            : fmt::format("new {}", answer.request.config.newFacilities),
        answer.currentObjective, answer.objective, answer.objectiveUnit);
    sc.description = sc.description.empty() ? note : sc.description + "\n" + note;
    // A dated intervention must lie within the horizon, and running the plan should reach it.
    if (!sc.horizonYear || *sc.horizonYear < year)
        sc.horizonYear = year;
    // The parallel vectors describe the file's interventions; keep them aligned with the plan.
    sc.newSchoolLocations.resize(sc.plan.newSchools.size());
    sc.newSchoolClasses.resize(sc.plan.newSchools.size());
    sc.classChangeSpecs.resize(sc.plan.classChanges.size());
    const bool marked = !sc.marks.empty();
    for (const SitedOption& o : answer.options) {
        scenarios::ClassSpec spec;
        spec.perGrade = o.classesPerGrade;
        if (o.expansion) {
            core::ClassChange c;
            c.year = year;
            c.schoolId = o.schoolId;
            c.stage = stage;
            c.gradeDeltas.assign(static_cast<std::size_t>(grades), o.classesPerGrade);
            if (marked)
                sc.marks.push_back(scenarios::SourceMark{"expand", "class_changes",
                                                         sc.plan.classChanges.size(), 0, 0});
            sc.plan.classChanges.push_back(std::move(c));
            sc.classChangeSpecs.push_back(spec);
            continue;
        }
        core::NewSchool n;
        n.year = year;
        n.school.id = o.schoolId;
        n.school.name = o.schoolName;
        n.school.ownership = core::Ownership::Public;
        n.school.location = o.location;
        n.school.townCode = o.townCode;
        core::StageProvision p;
        p.stage = stage;
        for (int g = 1; g <= grades; ++g) {
            core::GradeRecord record;
            record.grade = g;
            record.classes = o.classesPerGrade;
            p.grades.push_back(record);
        }
        n.school.stages.push_back(std::move(p));
        if (marked)
            sc.marks.push_back(scenarios::SourceMark{"new_school", "new_schools",
                                                     sc.plan.newSchools.size(), 0, 0});
        sc.plan.newSchools.push_back(std::move(n));
        sc.newSchoolLocations.emplace_back(scenarios::Location{o.location.x, o.location.y, false});
        sc.newSchoolClasses.push_back({{stage, spec}});
    }
    return sc;
}

core::Table sitesTable(const SitingAnswer& answer) {
    using core::ColumnType;
    core::Table t;
    t.name = "sites";
    t.titleZh = "优化选址结果";
    t.titleEn = "Optimised sites";
    t.columns = {
        {"kind", "类型", "Kind", ColumnType::Text, "", -1},
        {"school_id", "学校标识", "School id", ColumnType::Text, "", -1},
        {"school_name", "学校名称", "School name", ColumnType::Text, "", -1},
        {"site_id", "地块编号", "Parcel id", ColumnType::Text, "", -1},
        {"town_code", "乡镇代码", "Town code", ColumnType::Text, "", -1},
        {"town_name", "乡镇", "Town", ColumnType::Text, "", -1},
        {"x", "X", "X", ColumnType::Real, "m", 1},
        {"y", "Y", "Y", ColumnType::Real, "m", 1},
        {"year", "年份", "Year", ColumnType::Integer, "", -1},
        {"stage", "学段", "Stage", ColumnType::Text, "", -1},
        {"classes_per_grade", "每年级班数", "Classes per grade", ColumnType::Integer, "classes",
         -1},
        {"classes", "班数", "Classes", ColumnType::Integer, "classes", -1},
        {"seats", "学位", "Seats", ColumnType::Integer, "seats", -1},
        {"children", "分配儿童", "Children sent", ColumnType::Integer, "children", -1},
        {"cost_yuan", "投资估算", "Cost", ColumnType::Real, "yuan", 0},
    };
    for (const SitedOption& o : answer.options)
        t.rows.push_back(
            {std::string(o.expansion ? "expand" : "new_school"), o.schoolId, o.schoolName, o.siteId,
             o.townCode, o.townName, o.location.x, o.location.y, std::int64_t{answer.request.year},
             std::string(core::stageCode(answer.request.stage)), std::int64_t{o.classesPerGrade},
             std::int64_t{o.classes}, o.seats, o.children, o.costYuan});
    return t;
}

} // namespace xw::study
