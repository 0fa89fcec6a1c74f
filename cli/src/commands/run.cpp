// xuewei run: the seat balance, the plan's indicators, the projection by year and the allocation
// of a dataset or scenario; terminal tables and the output set.
#include "cli.hpp"
#include "gui_session.hpp"
#include "render/render.hpp"

#include <xw/gis/output/output_folder.hpp>
#include <xw/study/outputs.hpp>
#include <xw/study/study.hpp>
#include <xw/viewer/model/leaders_outputs.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct RunOptions {
    std::string data;
    std::string scenario;
    fs::path outDir = "out";
    std::vector<std::string> stages;
    std::string years;
    bool baseYearOnly = false;
    bool quiet = false;
    bool verbose = false;
    std::string allocate = "optimal";
    double gridMeters = study::kDefaultGridMeters;
    std::string roads;
    bool demandPoints = false;
    bool noReport = false;
};

bool shown(const std::vector<core::Stage>& stages, core::Stage s) {
    return stages.empty() || std::find(stages.begin(), stages.end(), s) != stages.end();
}

int run(const RunOptions& o) {
    // Checked before the other options, so that its message is the one a user sees first.
    requireDataOrScenario(o.data, o.scenario);
    const std::vector<core::Stage> stages = parseStages(o.stages);
    study::StudyConfig config;
    if (!o.years.empty())
        config.years = parseYears(o.years);
    config.baseYearOnly = o.baseYearOnly;
    config.gridMeters = o.gridMeters;
    config.roads = o.roads;
    if (o.allocate == "none")
        config.allocation.reset();
    else
        config.allocation = core::parseAllocationMode(o.allocate);

    ProgressPrinter progress;
    study::Study study = openStudy(o.data, o.scenario, progress);
    const study::StudyResults r = study.run(config, progress.progress());
    progress.finish();

    const core::CityData& city = *r.city;
    std::cout << renderSummary(city, r.scenarioName, r.workingCrs, r.diagnostics);
    printDiagnostics(std::cout, r.diagnostics, 10, (o.outDir / "validation.csv").string());
    std::cout << fmt::format("\n== {0} 年学位供需 Seat balance {0} — 全市 city ==\n", city.baseYear)
              << renderHeadline(r);
    if (!o.quiet) {
        for (core::Stage s : core::kAllStages)
            if (shown(stages, s))
                std::cout << fmt::format("\n== {} {} ({} 年 / {}) ==\n", core::stageNameZh(s),
                                         core::stageNameEn(s), city.baseYear, city.baseYear)
                          << renderStageTable(r, s);
        std::cout << "\n需求 = 适龄常住人口 × 目标入学率 (按乡镇取整); 学位 = 班数 × 标准班额; "
                     "缺口/富余按区域内学校计。\n"
                     "Demand = residents of the stage's ages × target rate (whole children per "
                     "town); seats = classes × standard class size; shortfall and surplus against "
                     "the schools in the same area.\n";
        std::cout << fmt::format("\n== 规划指标 Indicators of the 2017 plan ({0} 年 / {0}; 目标年 "
                                 "target year {1}) ==\n",
                                 city.baseYear, city.norms.indicatorTargets.deadlineYear)
                  << renderIndicators(r.indicators)
                  << "\n== 义务教育均衡差异系数 Balance coefficients (差异系数) ==\n"
                  << renderCoefficients(city, r.coefficients)
                  << "\n== 新建小区配套幼儿园 Kindergartens of new housing ==\n"
                  << renderKindergartenChecks(city, r.kindergartens)
                  << "\n== 教师与用地 Teachers and land (按规范 by the norms) ==\n"
                  << renderResources(r.resources);
    }
    if (!r.years.empty())
        std::cout << fmt::format("\n== 逐年学位供需 Seat balance by year {}–{} (不确定性见 "
                                 "uncertainty: xuewei project) ==\n",
                                 r.years.front().year, r.years.back().year)
                  << renderYearSeries(r);
    if (r.allocation && !o.quiet)
        std::cout << fmt::format("\n== 学位分配 Allocation ({0} 年 / {0}) ==\n", city.baseYear)
                  << renderAllocation(r, stages, o.verbose);
    if (!r.years.empty())
        std::cout << renderYearResults(r);

    progress.step("写出结果 Writing " + o.outDir.string());
    gis::StagedFolder out(o.outDir);
    study::RunOutputOptions options;
    options.demandPoints = o.demandPoints;
    std::vector<std::string> written = study::writeRunOutputs(r, out.path(), options);
    progress.finish();
    if (!o.noReport) {
        // The leader's pictures go into the same staged folder: the set stays all or nothing.
        const GuiSession gui;
        for (std::string& f :
             viewer::writeLeadersOutputs(study, r, out.path(), progress.progress()))
            written.push_back(std::move(f));
        progress.finish();
    }
    out.commit();
    std::string list;
    for (const std::string& f : written)
        list += (list.empty() ? "" : ", ") + f;
    std::cout << fmt::format("\n已写出 Written to {}: {}\n", o.outDir.string(), list);
    return kExitOk;
}

} // namespace

Command addRunCommand(CLI::App& app) {
    auto o = std::make_shared<RunOptions>();
    CLI::App* c = app.add_subcommand(
        "run", "学位供需、规划指标、逐年预测与学位分配 / seat balance, the plan's indicators, "
               "demand by year and the allocation of children to schools");
    c->add_option("--data", o->data,
                  "数据集目录 dataset folder (默认 default: 内置阳江示意数据 embedded Yangjiang)");
    c->add_option("--scenario", o->scenario,
                  "方案文件 scenario file (YAML, docs/scenarios.md); 方案指明其数据集 it names its "
                  "dataset");
    c->add_option("--out", o->outDir, "输出目录 output folder (整体替换 replaced as a whole)")
        ->capture_default_str();
    c->add_option("--stage", o->stages,
                  "只显示这些学段 only print these stages (kindergarten primary junior senior "
                  "vocational special)");
    c->add_option("--years", o->years,
                  "预测年份 project these years, e.g. 2020-2035 (首年 = 人口数据年份 the first is "
                  "the population year; 默认: 方案的期限 default: the scenario's horizon)");
    c->add_flag("--base-year-only", o->baseYearOnly,
                "只算基准年 (忽略方案期限) / base year only, even with a scenario horizon");
    c->add_flag("--quiet,-q", o->quiet, "只显示全市汇总 print only the city summary");
    c->add_flag("--verbose,-v", o->verbose,
                "显示求解细节 show the solver's objective and dual-certificate gap");
    c->add_option("--allocate", o->allocate,
                  "学位分配方式 allocation: zones (学区), nearest (服务半径内最近), optimal "
                  "(按学位容量最优), none")
        ->check(CLI::IsMember({"zones", "nearest", "optimal", "none"}))
        ->capture_default_str();
    c->add_option("--grid-m", o->gridMeters, "需求点格网间距 demand grid spacing, m")
        ->check(rangeCheck(10.0, 100000.0))
        ->capture_default_str();
    c->add_option("--roads", o->roads,
                  "按路网距离分配 allocate by road distance: 线图层 line layer FILE[:LAYER] 或 or "
                  "OpenStreetMap .osm/.osm.pbf (默认 default: 直线 straight line)");
    c->add_flag("--demand-points", o->demandPoints,
                "另写出每个需求点的分配 (demand_points.gpkg, 较大) / also write every demand "
                "point's assignment (demand_points.gpkg, large)");
    c->add_flag("--no-report", o->noReport,
                "不写报告和地图 (report.pdf, maps/*.png；更快) / skip the report and the maps "
                "(faster)");
    return {c, [o] { return run(*o); }};
}

} // namespace xw::cli
