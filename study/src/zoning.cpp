// Attendance zones over a study: the zoning problem from the study's results of one stage and
// year, the drawing, the zone polygons and the answer as a scenario.
#include <xw/study/zoning.hpp>

#include "detail/study_impl.hpp"
#include "detail/year_problem.hpp"

#include <xw/gis/catchments.hpp>
#include <xw/gis/demand_grid.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

namespace xw::study {

namespace {

using CellKey = std::pair<long long, long long>;

CellKey cellOf(core::PointM p, double cellMeters) {
    return {std::llround(p.x / cellMeters), std::llround(p.y / cellMeters)};
}

/// A grid cell's centre lies at ((i + ½)·g, (j + ½)·g) (gis::DemandGrid); a residential unit or a
/// town's inner point does not, and has no cell neighbours.
bool onGrid(core::PointM p, double cellMeters) {
    const auto centred = [&](double v) {
        const double k = v / cellMeters - 0.5;
        return std::fabs(k - std::round(k)) < 1e-9;
    };
    return centred(p.x) && centred(p.y);
}

/// Today's school of each unit: with attendance zones in force in the year (the dataset's, or a
/// redraw of the plan) the zone school nearest by the problem's distance, as zones mode
/// allocates (kNoZoneSchool for a unit in no zone of the stage); without zones the nearest
/// school. Ties go to the lower index.
std::vector<std::uint32_t> todaysZones(const Study& study, const core::CityData& city,
                                       const core::AllocationProblem& pb,
                                       const core::ZoningProblem& problem, double cellMeters,
                                       int year, bool& fromZones) {
    const std::size_t n = problem.units.size();
    const std::size_t m = problem.schools.size();
    const auto distance = [&](std::size_t u, std::size_t j) {
        const double d = problem.distance ? problem.distance(u, j)
                                          : core::straightLineMeters(problem.units[u].location,
                                                                     problem.schools[j].location);
        return std::isfinite(d) ? d : std::numeric_limits<double>::infinity();
    };
    gis::DemandGrid grid;
    grid.cellMeters = cellMeters;
    for (const core::AllocationPoint& p : pb.points)
        grid.points.push_back({p.location, static_cast<std::uint32_t>(p.townIndex), 1.0});
    std::optional<core::ZoneMembership> zones;
    try {
        zones = gis::zoneMembership(
            detail::zonesForYear(study.dataset(), city, study.scenario().plan, year), grid);
    } catch (const gis::GisError& e) {
        throw StudyError(std::string("学区无法读取 / attendance zones: ") + e.what());
    }
    fromZones = zones.has_value();
    std::map<std::size_t, std::uint32_t> facilityOf; // school index → facility
    for (std::size_t j = 0; j < pb.facilities.size(); ++j)
        facilityOf[pb.facilities[j].schoolIndex] = static_cast<std::uint32_t>(j);
    std::vector<std::uint32_t> today(n, core::kNoZoneSchool);
    for (std::size_t u = 0; u < n; ++u) {
        double best = std::numeric_limits<double>::infinity();
        const auto consider = [&](std::uint32_t j) {
            const double d = distance(u, j);
            if (d < best || (d == best && j < today[u])) {
                best = d;
                today[u] = j;
            }
        };
        if (!zones) {
            for (std::uint32_t j = 0; j < m; ++j)
                consider(j);
            continue;
        }
        for (std::uint32_t k = zones->offsets[u]; k < zones->offsets[u + 1]; ++k)
            if (const auto it = facilityOf.find(zones->schools[k]); it != facilityOf.end())
                consider(it->second);
    }
    return today;
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
        if (onGrid(p.location, cellMeters))
            unitAt.emplace(cellOf(p.location, cellMeters), static_cast<std::uint32_t>(i));
    }
    answer.units = problem.units.size();
    problem.adjacency.resize(problem.units.size());
    for (std::size_t i = 0; i < problem.units.size(); ++i) {
        if (!onGrid(problem.units[i].location, cellMeters))
            continue;
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
    bool fromZones = false;
    problem.current = todaysZones(study, city, *pb, problem, cellMeters, request.year, fromZones);
    answer.todayFromZones = fromZones;
    core::ZoningConfig config = request.config;
    if (request.maxMovedShare) {
        const double share = *request.maxMovedShare;
        if (!(share >= 0.0 && share <= 1.0))
            throw StudyError("改变学校的儿童比例须在 0–1 之间 / the share of children who may "
                             "change school must be 0 to 1");
        config.maxChildrenMoved =
            static_cast<std::int64_t>(std::floor(share * static_cast<double>(answer.children)));
    }
    answer.maxChildrenMoved = config.maxChildrenMoved;
    progress.report("zoning_problem", 1, 1);

    try {
        answer.result = core::drawZones(problem, config, progress);
    } catch (const std::invalid_argument& e) {
        throw StudyError(std::string("学区划分问题无效 / invalid zoning problem: ") + e.what());
    }
    for (std::size_t j = 0; j < pb->facilities.size(); ++j) {
        const core::School& s = city.schools[pb->facilities[j].schoolIndex];
        answer.zones.push_back(
            {s.id, s.campus, s.name, s.townCode,
             j < answer.result.zones.size() ? answer.result.zones[j] : core::ZoneSummary{}, 0, 0});
    }
    for (std::size_t u = 0; u < problem.units.size(); ++u) {
        const std::uint32_t from = problem.current[u];
        const std::uint32_t to = answer.result.schoolOf[u];
        if (from == core::kNoZoneSchool || to == core::kNoZoneSchool || from == to)
            continue;
        answer.zones[from].movedOut += problem.units[u].children;
        answer.zones[to].movedIn += problem.units[u].children;
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
        {"moved_in", "转入儿童", "Children moved in", ColumnType::Integer, "children", -1},
        {"moved_out", "转出儿童", "Children moved out", ColumnType::Integer, "children", -1},
    };
    for (const DrawnZone& z : answer.zones)
        t.rows.push_back({z.schoolId, z.campus, z.schoolName, z.townCode, z.summary.children,
                          z.summary.seats, z.summary.overflow, z.summary.units,
                          z.summary.meanDistanceMeters, z.summary.maxDistanceMeters,
                          std::int64_t{z.summary.contiguous ? 1 : 0}, z.movedIn, z.movedOut});
    return t;
}

} // namespace xw::study
