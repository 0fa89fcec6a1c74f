// Attendance zones over a study: the zoning problem from the study's results of one stage and
// year, the drawing, the zone polygons and the answer as a scenario.
#include <xw/study/zoning.hpp>

#include "detail/year_problem.hpp"

#include <xw/gis/catchments.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

namespace xw::study {

namespace {

using CellKey = std::pair<long long, long long>;

CellKey cellOf(core::PointM p, double cellMeters) {
    return {std::llround(p.x / cellMeters), std::llround(p.y / cellMeters)};
}

} // namespace

ZoningAnswer drawStudyZones(Study& study, const ZoningRequest& request,
                            const core::Progress& progress) {
    const StudyResults r = detail::runForYear(study, request.run, request.year, progress);
    progress.throwIfCancelled();
    const core::AllocationProblem* pb = detail::problemOf(r, request.stage, request.year);
    if (pb == nullptr || pb->facilities.empty())
        throw StudyError(fmt::format("{} 年没有{}学校或适龄儿童, 无从划分学区 / no {} school or "
                                     "child in {}: no zones to draw",
                                     request.year, core::stageNameZh(request.stage),
                                     core::stageNameEn(request.stage), request.year));
    const core::CityData& city = detail::cityOf(r, request.year);
    const double cellMeters = r.allocation ? r.allocation->gridMeters : request.run.gridMeters;

    progress.report("zoning_problem", 0, 1);
    ZoningAnswer answer;
    answer.request = request;
    answer.scenarioName = r.scenarioName;
    answer.workingCrs = r.workingCrs;
    core::ZoningProblem problem;
    std::map<CellKey, std::uint32_t> unitAt;
    for (std::size_t i = 0; i < pb->points.size(); ++i) {
        const core::AllocationPoint& p = pb->points[i];
        problem.units.push_back({p.location, p.demand});
        answer.children += p.demand;
        unitAt.emplace(cellOf(p.location, cellMeters), static_cast<std::uint32_t>(i));
    }
    answer.units = problem.units.size();
    problem.adjacency.resize(problem.units.size());
    for (std::size_t i = 0; i < problem.units.size(); ++i) {
        const auto [cx, cy] = cellOf(problem.units[i].location, cellMeters);
        for (const auto& [dx, dy] : {CellKey{1, 0}, CellKey{0, 1}}) {
            const auto it = unitAt.find({cx + dx, cy + dy});
            if (it != unitAt.end() && it->second != i) {
                problem.adjacency[i].push_back(it->second);
                problem.adjacency[it->second].push_back(static_cast<std::uint32_t>(i));
            }
        }
    }
    std::vector<bool> claimed(problem.units.size(), false);
    for (const core::AllocationFacility& f : pb->facilities) {
        core::ZoningSchool s;
        s.location = f.location;
        s.seats = f.seats;
        if (const auto it = unitAt.find(cellOf(f.location, cellMeters));
            it != unitAt.end() && !claimed[it->second]) {
            s.unit = it->second;
            claimed[it->second] = true;
        }
        problem.schools.push_back(s);
    }
    if (pb->distance)
        problem.distance = pb->distance; // indices match: units = points, schools = facilities
    progress.report("zoning_problem", 1, 1);

    try {
        answer.result = core::drawZones(problem, request.config, progress);
    } catch (const std::invalid_argument& e) {
        throw StudyError(std::string("学区划分问题无效 / invalid zoning problem: ") + e.what());
    }
    for (std::size_t j = 0; j < pb->facilities.size(); ++j) {
        const core::School& s = city.schools[pb->facilities[j].schoolIndex];
        answer.zones.push_back(
            {s.id, s.campus, s.name, s.townCode,
             j < answer.result.zones.size() ? answer.result.zones[j] : core::ZoneSummary{}});
    }

    // ---- Polygons: each unit's cell to its school, over the whole grid.
    progress.report("zone_polygons", 0, 1);
    core::AllocationProblem shapes = *pb;
    core::AllocationResult owner;
    owner.stage = pb->stage;
    owner.schools.resize(pb->facilities.size());
    for (std::size_t i = 0; i < shapes.points.size(); ++i) {
        shapes.points[i].demand = std::max<std::int64_t>(1, shapes.points[i].demand);
        const std::uint32_t s = answer.result.schoolOf[i];
        if (s != core::kNoZoneSchool)
            owner.pieces.push_back(
                {static_cast<std::uint32_t>(i), s, shapes.points[i].demand, 0.0, 0});
    }
    const std::vector<core::DemandPoint>* grid =
        r.allocation && !r.allocation->grid.empty() ? &r.allocation->grid : nullptr;
    core::Table& t = answer.layer;
    t.name = "zones";
    t.titleZh = "学区";
    t.titleEn = "Attendance zones";
    t.crs = r.workingCrs;
    t.columns = {{"school_id", "学校标识码", "School id", core::ColumnType::Text, "", -1},
                 {"school_name", "学校名称", "School name", core::ColumnType::Text, "", -1},
                 {"children", "儿童", "Children", core::ColumnType::Integer, "children", -1},
                 {"seats", "学位数", "Seats", core::ColumnType::Integer, "seats", -1},
                 {"overflow", "超出学位", "Children over the seats", core::ColumnType::Integer,
                  "children", -1}};
    try {
        for (gis::CatchmentShape& c : gis::catchmentShapes(cellMeters, shapes, owner, grid)) {
            const DrawnZone& z = answer.zones[c.facility];
            t.rows.push_back({z.schoolId, z.schoolName, z.summary.children, z.summary.seats,
                              z.summary.overflow});
            t.geometries.push_back(std::move(c.wkb));
        }
    } catch (const std::invalid_argument& e) {
        throw StudyError(std::string("学区图形无法生成 / zone polygons: ") + e.what());
    }
    progress.report("zone_polygons", 1, 1);
    return answer;
}

scenarios::Scenario zonedScenario(const Study& study, const ZoningAnswer& answer,
                                  const std::filesystem::path& zoneFile) {
    scenarios::Scenario sc = study.scenario();
    const int year = answer.request.year;
    sc.name = fmt::format("{}-zones-{}-{}", sc.name.empty() ? "baseline" : sc.name,
                          core::stageCode(answer.request.stage), year);
    const std::string note =
        fmt::format("xuewei zones: {} {}, 目标 objective {:.6g} child·m, 下界 bound {:.6g}, "
                    "超出学位 overflow {}",
                    core::stageCode(answer.request.stage), year, answer.result.objective,
                    answer.result.bound, answer.result.overflow);
    sc.description = sc.description.empty() ? note : sc.description + "\n" + note;
    if (!sc.horizonYear || *sc.horizonYear < year)
        sc.horizonYear = year;
    core::ZoneRedraw z;
    z.year = year;
    for (std::size_t k = 0; k < answer.layer.rows.size(); ++k)
        z.polygons.emplace_back(std::get<std::string>(answer.layer.rows[k][0]),
                                answer.layer.geometries[k]);
    if (!sc.marks.empty())
        sc.marks.push_back(
            scenarios::SourceMark{"zones", "zones", sc.plan.zoneRedraws.size(), 0, 0});
    scenarios::ZoneFile file;
    file.redraw = sc.plan.zoneRedraws.size();
    file.path = std::filesystem::absolute(zoneFile);
    file.layer = "zones";
    file.schoolField = "school_id";
    sc.zoneFiles.push_back(file);
    sc.plan.zoneRedraws.push_back(std::move(z));
    return sc;
}

core::Table zonesTable(const ZoningAnswer& answer) {
    using core::ColumnType;
    core::Table t;
    t.name = "zones";
    t.titleZh = "学区划分";
    t.titleEn = "Attendance zones drawn";
    t.columns = {
        {"school_id", "学校标识码", "School id", ColumnType::Text, "", -1},
        {"campus", "校区", "Campus", ColumnType::Text, "", -1},
        {"school_name", "学校名称", "School name", ColumnType::Text, "", -1},
        {"town_code", "乡镇代码", "Town code", ColumnType::Text, "", -1},
        {"children", "儿童", "Children", ColumnType::Integer, "children", -1},
        {"seats", "学位数", "Seats", ColumnType::Integer, "seats", -1},
        {"overflow", "超出学位", "Children over the seats", ColumnType::Integer, "children", -1},
        {"units", "单元数", "Units", ColumnType::Integer, "units", -1},
        {"mean_distance_m", "平均距离", "Mean distance", ColumnType::Real, "m", 1},
        {"max_distance_m", "最远距离", "Largest distance", ColumnType::Real, "m", 1},
        {"contiguous", "连片", "Contiguous", ColumnType::Integer, "", -1},
    };
    for (const DrawnZone& z : answer.zones)
        t.rows.push_back({z.schoolId, z.campus, z.schoolName, z.townCode, z.summary.children,
                          z.summary.seats, z.summary.overflow, z.summary.units,
                          z.summary.meanDistanceMeters, z.summary.maxDistanceMeters,
                          std::int64_t{z.summary.contiguous ? 1 : 0}});
    return t;
}

} // namespace xw::study
