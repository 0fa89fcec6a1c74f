// xuewei project: demand by town, stage and year with Monte Carlo uncertainty and the 学位预警.
#include "cli.hpp"
#include "render/render.hpp"

#include <xw/gis/output/output_folder.hpp>
#include <xw/study/outputs.hpp>
#include <xw/study/study.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct ProjectOptions {
    std::string data;
    std::string scenario;
    fs::path outDir = "out";
    std::string years;
    int draws = study::kDefaultWarningDraws;
    std::uint64_t seed = study::kDefaultRandomSeed;
    int threads = study::kDefaultThreads;
    std::string fertility;
    std::optional<int> housingDelay;
    std::optional<double> migrationRate;
    std::string red;
    std::string yellow;
    bool catchments = false;
    double gridMeters = study::kDefaultGridMeters;
    std::string roads;
    bool expectedEnrolment = false;
};

int run(const ProjectOptions& o) {
    // Checked before the other options, so that its message is the one a user sees first.
    requireDataOrScenario(o.data, o.scenario);
    if (!o.roads.empty() && !o.catchments)
        throw UsageError("--roads 只用于 --catchments (学校服务范围的分配) / --roads applies to "
                         "--catchments (the allocation behind the school catchments)");
    study::StudyConfig config;
    config.monteCarloDraws = o.draws;
    config.randomSeed = o.seed;
    config.threads = o.threads;
    config.warnOnExpectedEnrolment = o.expectedEnrolment;
    config.catchmentWarnings = o.catchments;
    config.gridMeters = o.gridMeters;
    config.roads = o.roads;
    config.catchmentShapes = false;
    config.allocateEveryYear = false;
    if (!o.catchments)
        config.allocation.reset();
    if (!o.years.empty())
        config.years = parseYears(o.years);

    ProgressPrinter progress;
    study::Study study = openStudy(o.data, o.scenario, progress);
    scenarios::Assumptions a = study.scenario().assumptions;
    if (!o.fertility.empty())
        a.fertility = parseFertility(o.fertility);
    if (o.housingDelay)
        a.housingDelayYears = *o.housingDelay;
    if (o.migrationRate)
        a.migrationRatePerYear = *o.migrationRate;
    study.setAssumptions(a);
    if (!o.red.empty() || !o.yellow.empty()) {
        core::WarningThresholds t = study.city().norms.warnings;
        if (!o.red.empty())
            std::tie(t.redProbability, t.redUtilisation) = parseThreshold(o.red, "--red");
        if (!o.yellow.empty())
            std::tie(t.yellowProbability, t.yellowUtilisation) =
                parseThreshold(o.yellow, "--yellow");
        if (t.yellowProbability > t.redProbability || t.yellowUtilisation > t.redUtilisation)
            throw UsageError("黄色阈值不能高于红色阈值 / the yellow thresholds must not exceed the "
                             "red ones");
        config.warningThresholds = t;
    }
    if (!config.years)
        config.years = study.defaultYears();
    const study::StudyResults r = study.run(config, progress.progress());
    progress.finish();

    std::cout << renderSummary(*r.city, r.scenarioName, r.workingCrs, r.diagnostics);
    printDiagnostics(std::cout, r.diagnostics, 10, (o.outDir / "validation.csv").string());
    if (r.allocation)
        for (const std::string& note : r.allocation->notes)
            std::cout << "  " << note << "\n";
    std::cout << fmt::format("\n== 学位需求预测 Demand projection {}–{} ==\n", r.years.front().year,
                             r.years.back().year)
              << renderYearSeries(r) << renderWarnings(r, o.expectedEnrolment);

    progress.step("写出结果 Writing " + o.outDir.string());
    gis::StagedFolder out(o.outDir);
    const std::vector<std::string> written = study::writeProjectOutputs(r, out.path());
    out.commit();
    progress.finish();
    std::string list;
    for (const std::string& f : written)
        list += (list.empty() ? "" : ", ") + f;
    std::cout << fmt::format("\n已写出 Written to {}: {}\n", o.outDir.string(), list);
    return kExitOk;
}

} // namespace

Command addProjectCommand(CLI::App& app) {
    auto o = std::make_shared<ProjectOptions>();
    CLI::App* c = app.add_subcommand(
        "project",
        "需求预测与学位预警 / demand projection by town, stage and year with Monte Carlo "
        "uncertainty and seat warnings (学位预警)");
    c->add_option("--data", o->data,
                  "数据集目录 dataset folder (默认 default: 内置阳江示意数据 embedded Yangjiang)");
    c->add_option("--scenario", o->scenario, "方案文件 scenario file (YAML)");
    c->add_option("--out", o->outDir, "输出目录 output folder")->capture_default_str();
    c->add_option(
        "--years", o->years,
        fmt::format("年份范围 years, e.g. 2020-2035 (首年 = 人口数据年份 the first is the "
                    "population year; 默认 default: 基准年–方案期限或 {0} base year–the "
                    "horizon or {0})",
                    study::kDefaultHorizonYear));
    c->add_option("--draws", o->draws, "模拟次数 Monte Carlo draws")
        ->capture_default_str()
        ->check(rangeCheck(1, 1000000));
    c->add_option("--seed", o->seed, "随机种子 random seed")->capture_default_str();
    c->add_option("--threads", o->threads, "线程数 threads (结果不变 results do not depend on it)")
        ->capture_default_str()
        ->check(rangeCheck(1, 64));
    c->add_option("--fertility", o->fertility,
                  "生育方案 births variant beyond the data: low | medium | high (默认: 方案的 "
                  "default: the scenario's)");
    c->add_option("--housing-delay", o->housingDelay,
                  "新建小区入住推迟年数 years of delay of new housing")
        ->check(rangeCheck(0, 50));
    c->add_option("--migration-rate", o->migrationRate,
                  "年净迁移率 net migration per person per year, e.g. 0.01")
        ->check(rangeCheck(-0.5, 0.5));
    c->add_option("--red", o->red,
                  "红色预警阈值 red when P(需求>学位) ≥ P or 利用率 utilisation ≥ U: \"P,U\" "
                  "(默认 default 0.5,1.05)");
    c->add_option("--yellow", o->yellow,
                  "黄色预警阈值 yellow when P(需求>学位) ≥ P or 利用率 utilisation ≥ U: \"P,U\" "
                  "(默认 default 0.2,0.95)");
    c->add_flag("--catchments", o->catchments,
                "同时按学校服务范围预警 (基准年最优分配) / also warn per school catchment (from "
                "the base-year optimal allocation)");
    c->add_option("--grid-m", o->gridMeters,
                  "服务范围需求点格网间距 demand grid spacing for --catchments, m")
        ->check(rangeCheck(10.0, 100000.0))
        ->capture_default_str();
    c->add_option("--roads", o->roads,
                  "服务范围按路网距离分配 --catchments by road distance: FILE[:LAYER] 或 or "
                  ".osm/.osm.pbf");
    c->add_flag("--expected-enrolment", o->expectedEnrolment,
                "预警比较预期在校生 (按基准年校准) 而非常住适龄需求 / warn on expected enrolment "
                "(base-year calibrated) instead of resident demand");
    return {c, [o] { return run(*o); }};
}

} // namespace xw::cli
