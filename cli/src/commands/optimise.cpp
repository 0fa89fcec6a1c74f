// xuewei optimise: where to build the next schools of one stage for one year (the siting models
// of core/siting over the study's demand), written as a scenario the user can edit, run and
// compare. Parse options → open the study → study::optimiseSiting → print → write the scenario
// and the sites (all or nothing).
#include "cli.hpp"
#include "text_table.hpp"

#include <xw/core/model/stage.hpp>
#include <xw/gis/error.hpp>
#include <xw/gis/output/output_folder.hpp>
#include <xw/gis/output/writer.hpp>
#include <xw/study/siting.hpp>
#include <xw/study/study.hpp>

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct OptimiseOptions {
    std::string data;
    std::string scenario;
    std::string stage;
    int year = 0;
    std::optional<long long> newCount;
    std::optional<double> budgetYuan;
    std::string model = "pmedian";
    std::string capacitated;
    std::uint64_t seed = core::SitingConfig{}.seed; // the defaults are the engine's
    fs::path out;
    double gridMeters = study::kDefaultGridMeters;
    double spacingMeters = study::SitingRequest{}.candidateSpacingMeters;
    std::string roads;
};

std::string number(double v) {
    return std::abs(v) >= 1.0e7 ? fmt::format("{:.4e}", v) : fmt::format("{:.1f}", v);
}

/// The request from the options. \throws UsageError on a bad option.
study::SitingRequest requestOf(const OptimiseOptions& o) {
    study::SitingRequest q;
    const auto stage = core::parseStage(o.stage);
    if (!stage)
        throw UsageError("未知学段 unknown stage: \"" + o.stage +
                         "\" (kindergarten primary junior senior vocational special)");
    q.stage = *stage;
    q.year = o.year;
    const auto model = core::parseSitingModel(o.model);
    if (!model)
        throw UsageError("--model 须为 pmedian、mclp、lscp 或 pcenter / --model must be pmedian, "
                         "mclp, lscp or pcenter: \"" +
                         o.model + "\"");
    q.config.model = *model;
    if (!o.capacitated.empty()) {
        const auto rule = core::parseSeatRule(o.capacitated);
        if (rule && *rule != core::SeatRule::Ignored)
            q.config.seats = *rule;
        else
            throw UsageError("--capacitated 须为 split 或 single / --capacitated must be split or "
                             "single: \"" +
                             o.capacitated + "\"");
    }
    const bool lscp = *model == core::SitingModel::SetCovering;
    if (o.newCount && o.budgetYuan)
        throw UsageError("--new 与 --budget 只能给一个 / give --new or --budget, not both");
    if (o.newCount) {
        if (*o.newCount < 1 || *o.newCount > 1000)
            throw UsageError(
                fmt::format("--new 须在 1–1000 之间 / --new must be 1 to 1000: {}", *o.newCount));
        q.config.newFacilities = static_cast<std::size_t>(*o.newCount);
    } else if (o.budgetYuan) {
        if (lscp)
            throw UsageError("lscp 求最少新校, 不接受 --budget / lscp finds the fewest new "
                             "schools and takes no --budget");
        if (!(*o.budgetYuan > 0.0) || !std::isfinite(*o.budgetYuan))
            throw UsageError("--budget 须为正数 (元) / --budget must be positive (yuan)");
        q.config.budgetYuan = *o.budgetYuan;
    } else if (!lscp) {
        throw UsageError("须给出 --new N 或 --budget 元 / give --new N or --budget YUAN");
    }
    q.config.seed = o.seed;
    q.candidateSpacingMeters = o.spacingMeters;
    q.run.gridMeters = o.gridMeters;
    q.run.roads = o.roads;
    return q;
}

std::string distanceLabel(const std::string& basis) {
    if (basis == "roads")
        return "路网 along the roads (--roads)";
    if (basis == "od_table")
        return "学校按 OD 表, 候选点按直线 schools from the OD table, candidate sites straight";
    return "直线 straight lines";
}

std::string renderOptions(const study::SitingAnswer& a) {
    TextTable t({"#", "类型 Kind", "学校 School", "乡镇 Town", "每年级班 Per grade", "班 Classes",
                 "学位 Seats", "儿童 Children", "X", "Y"},
                {true, false, false, false, true, true, true, true, true, true});
    int k = 0;
    for (const study::SitedOption& o : a.options)
        t.addRow({std::to_string(++k), o.expansion ? "扩建 expand" : "新建 new",
                  o.schoolId + " " + o.schoolName +
                      (o.siteId.empty() ? std::string() : " [" + o.siteId + "]"),
                  o.townName + " " + o.townCode, std::to_string(o.classesPerGrade),
                  std::to_string(o.classes), std::to_string(o.seats), std::to_string(o.children),
                  fmt::format("{:.0f}", o.location.x), fmt::format("{:.0f}", o.location.y)});
    return t.render();
}

int run(const OptimiseOptions& o) {
    const study::SitingRequest request = requestOf(o);

    ProgressPrinter progress;
    study::Study study = openStudy(o.data, o.scenario, progress);
    requireYearInStudy(study, o.year);
    // Checked before the long run, again when writing.
    gis::StagedFolder out(o.out);

    const study::SitingAnswer a = study::optimiseSiting(study, request, progress.progress());
    progress.finish();

    progress.step("写出方案 Writing the scenario");
    scenarios::Scenario planned = study::plannedScenario(study, a);
    const fs::path scenarioFile = fs::absolute(o.out) / "optimised.yaml";
    planned.file = scenarioFile; // relative paths are written from the final folder
    {
        std::ofstream f(out.path() / "optimised.yaml", std::ios::binary);
        f << scenarios::toYaml(planned);
        if (!f)
            throw gis::GisError((out.path() / "optimised.yaml").string(), "",
                                "无法写入 / cannot write optimised.yaml");
    }
    gis::writeCsv(out.path() / "sites.csv", study::sitesTable(a));
    out.commit();
    progress.finish();

    const core::SitingConfig& c = request.config;
    std::cout << fmt::format("方案 Scenario: {} · 学段 Stage: {} {} · 年份 Year: {}\n",
                             a.scenarioName, core::stageNameZh(request.stage),
                             core::stageCode(request.stage), request.year);
    std::cout << fmt::format("模型 Model: {} · 学位约束 Seats: {} · {}\n",
                             core::sitingModelCode(c.model), core::seatRuleCode(c.seats),
                             c.budgetYuan ? fmt::format("预算 budget {:.0f} 元 yuan", *c.budgetYuan)
                             : c.model == core::SitingModel::SetCovering
                                 ? std::string("最少新校 fewest new schools")
                                 : fmt::format("新建 new {}", c.newFacilities));
    const std::string candidates =
        a.parcelCandidates
            ? std::string("数据集地块 the dataset's parcels (sites)")
            : fmt::format("每 {:.0f} m 一个需求点 one demand point per {:.0f} m block",
                          request.candidateSpacingMeters, request.candidateSpacingMeters);
    std::cout << fmt::format(
        "需求 Demand: {} 个需求点 points, {} 名儿童 children · 现有学校 existing schools: {} · "
        "候选点 candidate sites: {} ({}) · 可扩建 expansions: {}\n",
        a.demandPoints, a.children, a.existingSchools, a.candidateSites, candidates, a.expansions);
    std::cout << fmt::format("距离 Distances: {}\n", distanceLabel(a.distanceBasis));
    for (const std::string& note : a.notes)
        std::cout << "  " << note << "\n";
    std::cout << "\n";
    if (a.options.empty())
        std::cout << "未选出新校 / no site chosen\n";
    else
        std::cout << "选址 Chosen sites:\n" << renderOptions(a) << "\n";
    const double change = a.currentObjective != 0.0
                              ? (a.objective - a.currentObjective) / a.currentObjective * 100.0
                              : 0.0;
    std::cout << fmt::format(
        "目标 Objective ({}): 现方案 scenario {} → 优化 optimised {} ({:+.1f} %)\n",
        a.objectiveUnit, number(a.currentObjective), number(a.objective), change);
    std::cout << fmt::format("下界 Bound: {} · 差距 Gap: {:.2f} %{}\n", number(a.bound),
                             a.gap * 100.0, a.provedOptimal ? " (已证明最优 proved optimal)" : "");
    if (a.childrenUnserved > 0)
        std::cout << fmt::format("无校可去儿童 Children without a school: {}\n",
                                 a.childrenUnserved);
    std::cout << fmt::format("\n已写出 Written: {} ({} 项 interventions), {}\n",
                             scenarioFile.string(), a.options.size(),
                             (fs::absolute(o.out) / "sites.csv").string());
    std::cout << fmt::format("运行 Run it: xuewei run --scenario {}\n", scenarioFile.string());
    return kExitOk;
}

} // namespace

Command addOptimiseCommand(CLI::App& app) {
    auto o = std::make_shared<OptimiseOptions>();
    CLI::App* c = app.add_subcommand(
        "optimise", "优化选址: 某学段某年新建学校的位置与规模, 写成方案 / where to build the "
                    "next schools of a stage, written as a scenario");
    c->add_option("--data", o->data,
                  "数据集目录 dataset folder (默认 default: 内置阳江示意数据 embedded Yangjiang)");
    c->add_option("--scenario", o->scenario,
                  "方案文件 scenario file (YAML); 方案指明其数据集 it names its dataset");
    c->add_option("--stage", o->stage, "学段 stage: primary junior kindergarten …")->required();
    c->add_option("--year", o->year, "年份 year (数据年份–期限 data year to horizon)")->required();
    c->add_option("--new", o->newCount, "新建学校数 number of new schools (≥ 1)");
    c->add_option("--budget", o->budgetYuan,
                  "预算 budget, 元 yuan (按规范单价 at the norms' unit costs)");
    c->add_option("--model", o->model, "模型 model: pmedian mclp lscp pcenter")
        ->capture_default_str();
    c->add_option("--capacitated", o->capacitated,
                  "学位约束 respect seats: split (可拆分 children of a point may split) 或 or "
                  "single (单一来源 one school per point); 可扩建现有学校 allows expansions");
    c->add_option("--seed", o->seed, "随机种子 seed of the search")->capture_default_str();
    c->add_option("--out", o->out, "输出目录 output folder: optimised.yaml, sites.csv")->required();
    c->add_option("--grid-m", o->gridMeters, "需求点格网间距 demand grid spacing, m")
        ->check(rangeCheck(10.0, 100000.0))
        ->capture_default_str();
    c->add_option("--spacing-m", o->spacingMeters,
                  "候选点间距 candidate site spacing, m (数据集无 sites 地块时 without a sites "
                  "layer)")
        ->check(rangeCheck(10.0, 100000.0))
        ->capture_default_str();
    c->add_option("--roads", o->roads,
                  "按路网距离 road distances to schools and candidate sites: FILE[:LAYER]");
    return {c, [o] { return run(*o); }};
}

} // namespace xw::cli
