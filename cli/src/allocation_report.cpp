#include "allocation_report.hpp"

#include "roads.hpp"
#include "text_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ostream>

namespace xw::cli {
namespace {

std::string fixed2(double v) {
    return fmt::format("{:.2f}", v == 0.0 ? 0.0 : v);
}

std::string fixed4(double v) {
    return fmt::format("{:.4f}", v == 0.0 ? 0.0 : v);
}

std::vector<std::string> areaCells(const std::string& level, const std::string& district,
                                   core::Stage stage, core::AllocationMode mode,
                                   const core::AreaAllocation& a) {
    return {level,
            a.code,
            a.name,
            district,
            std::string(core::stageCode(stage)),
            core::allocationModeCode(mode),
            std::to_string(a.demand),
            std::to_string(a.assigned),
            std::to_string(a.unplaced),
            std::to_string(a.beyondRadius),
            std::to_string(a.seats),
            std::to_string(a.atSchools),
            std::to_string(a.overCapacity),
            std::to_string(a.shortfall),
            std::to_string(a.surplus),
            fixed4(a.meanAccessibility)};
}

} // namespace

gis::AllocationLayers AllocationRun::layers() const {
    gis::AllocationLayers l;
    l.cellMeters = grid.cellMeters;
    l.grid = &grid.points;
    for (std::size_t k = 0; k < problems.size(); ++k)
        l.stages.push_back({&problems[k], &results[k]});
    return l;
}

std::optional<AllocationRun> runAllocation(const gis::DatasetLoad& data,
                                           const core::SeatBalance& balance,
                                           const AllocationOptions& options, std::ostream& progress,
                                           const std::vector<YearDemand>& years) {
    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::time_point since) {
        return std::chrono::duration<double>(Clock::now() - since).count();
    };
    const auto mode = core::parseAllocationMode(options.mode);
    if (!mode) {
        progress << fmt::format("用法错误 usage: 未知分配方式 unknown allocation mode \"{}\" "
                                "(zones nearest optimal none)\n",
                                options.mode);
        return std::nullopt;
    }
    const core::CityData& city = data.city;
    AllocationRun run;
    try {
        const auto t0 = Clock::now();
        gis::DemandGridConfig gc;
        gc.cellMeters = options.gridMeters;
        run.grid = gis::buildDemandGrid(data, gc);
        progress << fmt::format("      需求点 Demand grid: {} 个点 points at {} m, 权重 weighting "
                                "{} ({:.1f} s)\n",
                                run.grid.points.size(), options.gridMeters,
                                gis::weightingCode(run.grid.weighting), seconds(t0));
    } catch (const gis::GisError& e) {
        progress << fmt::format("错误 error: {}\n", e.what());
        return std::nullopt;
    }
    switch (run.grid.weighting) {
    case gis::DemandWeighting::PopulationRaster:
        run.notes.push_back(
            "需求点按人口栅格加权 / demand points weighted by the population raster");
        break;
    case gis::DemandWeighting::Housing:
        run.notes.push_back("需求点按常住人口均匀分布并叠加已交付新建小区人口 / demand points: the "
                            "town's residents spread evenly plus the people of housing completed "
                            "by the base year");
        break;
    case gis::DemandWeighting::Uniform:
        run.notes.push_back("需求点在乡镇内均匀分布 (无人口栅格、无建成区数据) / demand spread "
                            "uniformly over each town (no population raster; built-up areas "
                            "are not available)");
        break;
    }
    if (!run.grid.townsWithoutCell.empty())
        run.notes.push_back(fmt::format("{} 个乡镇小于一个格网, 各用一个内部点 / towns smaller "
                                        "than a cell got one inner point each",
                                        run.grid.townsWithoutCell.size()));
    for (const auto& p : run.grid.problems)
        run.notes.push_back(gis::toString(p));

    std::optional<core::ZoneMembership> zones;
    if (*mode == core::AllocationMode::Zones) {
        zones = gis::zoneMembership(data, run.grid);
        if (!zones) {
            progress
                << "错误 error: 数据集没有学区 (图层 zones 或表 school_towns) / the dataset has "
                   "no attendance zones (layer zones or table school_towns)\n";
            return std::nullopt;
        }
    }

    // ---- Road distances (--roads): one table for every stage, from every school to every grid
    // point; each stage's problem maps its points and schools onto it (roadDistanceFor).
    std::shared_ptr<const gis::RoadDistances> roads;
    if (!options.roads.empty()) {
        roads = buildRoadDistances(data, run.grid, options.roads, progress);
        if (!roads)
            return std::nullopt;
        run.roadNetwork = parseRoadSource(options.roads).file.string();
    }
    // ---- end road distances
    core::AllocationConfig config;
    config.mode = *mode;
    const std::size_t towns = city.regions.towns.size();
    std::vector<std::size_t> stageSlots; // stageIndex of every stage allocated, in order
    std::vector<core::AllocationProblem> pointLists; // per stage allocated: all years' points
    for (const core::Stage stage : core::kAllStages) {
        std::vector<double> townDemand(towns, 0.0);
        for (const auto& row : balance.towns)
            if (row.stage == stage)
                if (const auto t = city.regions.townIndex(row.code))
                    townDemand[*t] = row.demand;
        const core::DemandSplit split = core::splitDemand(run.grid.points, townDemand);
        // With years, one point list for all of them: the points with children in any year.
        std::vector<std::int64_t> listDemand = split.perPoint;
        for (const YearDemand& y : years) {
            const core::DemandSplit ys = core::splitDemand(
                run.grid.points, y.townDemand[static_cast<std::size_t>(core::stageIndex(stage))]);
            for (std::size_t i = 0; i < listDemand.size(); ++i)
                listDemand[i] = std::max(listDemand[i], ys.perPoint[i]);
        }
        core::AllocationProblem problem = core::buildAllocationProblem(
            city, stage, run.grid.points, listDemand, config, zones ? &*zones : nullptr);
        if (problem.facilities.empty())
            continue; // no school of the stage: nothing to map
        if (roads)    // road distances (--roads), see above
            problem.distance = roadDistanceFor(roads, problem);
        if (!years.empty()) {
            pointLists.push_back(problem);
            problem = core::withDemand(pointLists.back(), split.perPoint);
        }
        stageSlots.push_back(static_cast<std::size_t>(core::stageIndex(stage)));
        const auto t0 = Clock::now();
        progress << fmt::format("      分配 Allocating {} {} ({}): {} 个需求点 points, {} 所学校 "
                                "schools …",
                                core::stageNameZh(stage), core::stageNameEn(stage),
                                core::allocationModeCode(*mode), problem.points.size(),
                                problem.facilities.size())
                 << std::flush;
        try {
            run.results.push_back(core::allocate(city, problem));
        } catch (const std::invalid_argument& e) {
            progress << fmt::format("\n错误 error: {}\n", e.what());
            return std::nullopt;
        }
        progress << fmt::format(" {:.1f} s\n", seconds(t0));
        run.problems.push_back(std::move(problem));
    }

    // Every year of the projection on the same point lists, warm-started from the year before.
    // Any year on the same point list is a valid warm start; the nearest earlier one is best.
    std::vector<const core::AllocationResult*> previous(run.results.size());
    for (std::size_t k = 0; k < run.results.size(); ++k)
        previous[k] = &run.results[k];
    std::vector<core::AllocationResult> last(run.results.size()); // owns previous[k] after year 1
    std::vector<YearDemand> ordered = years;
    std::sort(ordered.begin(), ordered.end(),
              [](const YearDemand& a, const YearDemand& b) { return a.year < b.year; });
    const auto stripped = [](core::AllocationResult r) {
        r.pieces = {};
        r.accessibility = {};
        r.transport.reset();
        return r;
    };
    for (const YearDemand& y : ordered) {
        run.years.push_back(y.year);
        std::vector<core::AllocationResult> row;
        if (y.year == balance.year) {
            for (std::size_t k = 0; k < run.results.size(); ++k) {
                row.push_back(stripped(run.results[k]));
                previous[k] = &run.results[k];
            }
            run.byYear.push_back(std::move(row));
            continue;
        }
        const auto t0 = Clock::now();
        progress << fmt::format("      {0} 年分配 Allocating {0}:", y.year) << std::flush;
        bool warm = false;
        for (std::size_t k = 0; k < pointLists.size(); ++k) {
            const auto t1 = Clock::now();
            const core::DemandSplit split =
                core::splitDemand(run.grid.points, y.townDemand[stageSlots[k]]);
            try {
                core::AllocationResult r = core::allocate(
                    city, core::withDemand(pointLists[k], split.perPoint), previous[k]);
                warm = warm || (r.transport && r.transport->warmStarted);
                row.push_back(stripped(r));
                last[k] = std::move(r);
                previous[k] = &last[k];
            } catch (const std::invalid_argument& e) {
                progress << fmt::format("\n错误 error: {}\n", e.what());
                return std::nullopt;
            }
            progress << fmt::format(" {} {:.1f} s", core::stageNameZh(pointLists[k].stage),
                                    seconds(t1))
                     << std::flush;
        }
        progress << fmt::format("; 合计 total {:.1f} s{}\n", seconds(t0),
                                warm ? " (热启动 warm start)" : "");
        run.byYear.push_back(std::move(row));
    }
    return run;
}

std::string renderAllocation(const core::CityData& city, const AllocationRun& run,
                             const std::vector<core::Stage>& stages) {
    std::string out;
    for (const auto& n : run.notes)
        out += "  " + n + "\n";
    for (std::size_t k = 0; k < run.results.size(); ++k) {
        const core::AllocationResult& r = run.results[k];
        if (!stages.empty() && std::find(stages.begin(), stages.end(), r.stage) == stages.end())
            continue;
        out += fmt::format("\n-- {} {} ({}) --\n", core::stageNameZh(r.stage),
                           core::stageNameEn(r.stage), core::allocationModeCode(r.mode));
        TextTable t({"区域 Area", "需求 Demand", "已分配 Assigned", "未安置 Unplaced",
                     "超出服务半径 Beyond radius", "超额 Over seats", "缺口 Shortfall",
                     "富余 Surplus", "可达性 2SFCA"},
                    {false, true, true, true, true, true, true, true, true});
        const auto row = [&](const core::AreaAllocation& a) {
            t.addRow({a.name.empty() ? a.code : a.name, std::to_string(a.demand),
                      std::to_string(a.assigned), std::to_string(a.unplaced),
                      std::to_string(a.beyondRadius), std::to_string(a.overCapacity),
                      std::to_string(a.shortfall), std::to_string(a.surplus),
                      fixed2(a.meanAccessibility)});
        };
        for (const auto& d : r.districts)
            row(d);
        t.addRule();
        row(r.city);
        out += t.render();
        const double mean = r.city.assigned > 0
                                ? r.totalDistanceMeters / static_cast<double>(r.city.assigned)
                                : 0.0;
        out += fmt::format("  平均距离 mean distance {:.0f} m", mean);
        if (r.transport)
            out += fmt::format("; 目标值 objective {:.2f} m (含未安置罚分 incl. penalty), "
                               "对偶证书 dual certificate gap {}",
                               r.transport->objectiveMeters, r.transport->optimalityGap);
        out += "\n";
    }
    (void)city;
    out += "\n未安置 = 无学区 (zones) / 服务半径内无学校 (nearest) / 无空余学位 (optimal); 缺口 = "
           "超额 + 未安置; 可达性 = 2SFCA 每名儿童可及学位, 按儿童数加权平均。\n"
           "Unplaced = no zone (zones) / no school within the service radius (nearest) / no seat "
           "left (optimal); shortfall = children above seats + unplaced; accessibility = 2SFCA "
           "seats per child, weighted by children.\n";
    out += run.roadNetwork.empty()
               ? "距离: 直线 (未用路网) / distance: straight line (no road network)\n"
               : "距离: 道路 (路网 " + run.roadNetwork +
                     ") / distance: road network: " + run.roadNetwork + "\n";
    return out;
}

CsvTable allocationAreaTable(const core::CityData& city, const AllocationRun& run) {
    return allocationAreaTable(city, run.results);
}

CsvTable allocationSchoolTable(const core::CityData& city, const AllocationRun& run) {
    return allocationSchoolTable(city, run.results);
}

CsvTable allocationAreaTable(const core::CityData& city,
                             const std::vector<core::AllocationResult>& results) {
    CsvTable t;
    t.header = {"level",         "code",      "name",     "district_code", "stage", "mode",
                "demand",        "assigned",  "unplaced", "beyond_radius", "seats", "at_schools",
                "over_capacity", "shortfall", "surplus",  "accessibility"};
    for (const auto& r : results) {
        t.rows.push_back(areaCells("city", "", r.stage, r.mode, r.city));
        for (const auto& d : r.districts)
            t.rows.push_back(areaCells("district", d.code, r.stage, r.mode, d));
        for (std::size_t i = 0; i < r.towns.size(); ++i)
            t.rows.push_back(
                areaCells("town", city.regions.towns[i].districtCode, r.stage, r.mode, r.towns[i]));
    }
    return t;
}

CsvTable allocationSchoolTable(const core::CityData& city,
                               const std::vector<core::AllocationResult>& results) {
    CsvTable t;
    t.header = {
        "school_id",        "name",           "town_code",    "stage",           "mode",
        "assigned",         "seats",          "classes",      "utilisation",     "mean_class_size",
        "classes_needed",   "large_classes",  "huge_classes", "mean_distance_m", "beyond_radius",
        "catchment_demand", "seats_per_child"};
    for (const auto& r : results)
        for (const auto& s : r.schools) {
            const core::School& sc = city.schools[s.schoolIndex];
            t.rows.push_back({sc.id, sc.name, sc.townCode, std::string(core::stageCode(r.stage)),
                              core::allocationModeCode(r.mode), std::to_string(s.assigned),
                              std::to_string(s.seats), std::to_string(s.classes),
                              fixed4(s.utilisation), fixed2(s.meanClassSize),
                              std::to_string(s.classesNeeded), std::to_string(s.largeClasses),
                              std::to_string(s.hugeClasses), fixed2(s.meanDistanceMeters),
                              std::to_string(s.beyondRadius), fixed2(s.catchmentDemand),
                              fixed4(s.seatsPerChild)});
        }
    return t;
}

} // namespace xw::cli
