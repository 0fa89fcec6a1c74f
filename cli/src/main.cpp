// xuewei: the command line. One subcommand per job; each is a thin shell over the libraries.
#include "backtest_command.hpp"
#include "commands.hpp"
#include "project_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

using namespace xw::cli;

/// Reports a usage error the way CLI11 would and returns the usage exit code.
int usage(const std::string& message) {
    std::cerr << "用法错误 usage: " << message << "\n";
    return kExitUsage;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"学位 Xuewei — 学校布局与学位供需模拟 / school-seat planning simulator"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "xuewei 0.1.0");

    RunOptions run;
    std::string dataDir;
    std::string years;
    std::vector<std::string> stageNames;
    auto* runCmd = app.add_subcommand(
        "run",
        "学位供需: 按学段、区县、乡镇 / seat balance by stage, district and town (base year, and "
        "with --years every projected year)");
    runCmd->add_option("--data", dataDir,
                       "数据集目录 dataset folder (默认 default: 内置阳江数据 embedded Yangjiang)");
    runCmd->add_option("--out", run.outDir, "输出目录 output folder")->capture_default_str();
    runCmd->add_option("--stage", stageNames,
                       "只显示这些学段 only print these stages (kindergarten primary junior "
                       "senior vocational special)");
    runCmd->add_option("--years", years,
                       "预测年份 also project these years, e.g. 2020-2035 (首年 = 人口数据年份 the "
                       "first is the population year)");
    runCmd->add_flag("--quiet,-q", run.quiet, "只显示全市汇总 print only the city summary");
    runCmd
        ->add_option("--allocate", run.allocate,
                     "学位分配方式 allocation of children to schools: zones (学区), nearest "
                     "(服务半径内最近), optimal (按学位容量最优), none")
        ->check(CLI::IsMember({"zones", "nearest", "optimal", "none"}))
        ->capture_default_str();
    runCmd->add_option("--grid-m", run.gridMeters, "需求点格网间距 demand grid spacing, m")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    runCmd->add_option("--roads", run.roads,
                       "按路网距离分配 allocate by road distance: 线图层 line layer FILE[:LAYER] "
                       "(GeoPackage, Shapefile, GeoJSON) 或 or OpenStreetMap .osm/.osm.pbf "
                       "(默认 default: 直线 straight line)");

    ProjectOptions project;
    std::string projectData;
    std::string projectYearsText;
    std::string fertility = "medium";
    auto* projectCmd = app.add_subcommand(
        "project", "需求预测与学位预警 / demand projection by town, stage and year with "
                   "Monte Carlo uncertainty and seat warnings (学位预警)");
    projectCmd->add_option(
        "--data", projectData,
        "数据集目录 dataset folder (默认 default: 内置阳江数据 embedded Yangjiang)");
    projectCmd->add_option("--out", project.outDir, "输出目录 output folder")
        ->capture_default_str();
    projectCmd->add_option("--years", projectYearsText,
                           "年份范围 years, e.g. 2020-2035 (首年 = 人口数据年份 the first is the "
                           "population year; 默认 default: base year–2035)");
    projectCmd->add_option("--draws", project.draws, "模拟次数 Monte Carlo draws")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    projectCmd->add_option("--seed", project.seed, "随机种子 random seed")->capture_default_str();
    projectCmd
        ->add_option("--threads", project.threads,
                     "线程数 threads (结果不变 results do not "
                     "depend on it)")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    projectCmd
        ->add_option("--fertility", fertility,
                     "生育方案 births variant beyond the data: low | medium | high")
        ->capture_default_str();
    projectCmd
        ->add_option("--housing-delay", project.projection.housingDelayYears,
                     "新建小区入住推迟年数 years of delay of new housing")
        ->capture_default_str()
        ->check(CLI::Range(0, 50));
    projectCmd
        ->add_option("--migration-rate", project.projection.migrationRatePerYear,
                     "年净迁移率 net migration per person per year, e.g. 0.01")
        ->capture_default_str()
        ->check(CLI::Range(-0.5, 0.5));
    std::string redThreshold = "0.5,1.05";
    std::string yellowThreshold = "0.2,0.95";
    projectCmd
        ->add_option("--red", redThreshold,
                     "红色预警阈值 red when P(需求>学位) ≥ P or 利用率 utilisation ≥ U: \"P,U\"")
        ->capture_default_str();
    projectCmd
        ->add_option("--yellow", yellowThreshold,
                     "黄色预警阈值 yellow when P(需求>学位) ≥ P or 利用率 utilisation ≥ U: \"P,U\"")
        ->capture_default_str();
    projectCmd->add_flag("--catchments", project.catchments,
                         "同时按学校服务范围预警 (基准年最优分配) / also warn per school catchment "
                         "(from the base-year optimal allocation)");
    projectCmd
        ->add_option("--grid-m", project.catchmentGridMeters,
                     "服务范围需求点格网间距 demand grid spacing for --catchments, m")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    projectCmd->add_option(
        "--roads", project.catchmentRoads,
        "服务范围按路网距离分配 --catchments by road distance: 线图层 line layer "
        "FILE[:LAYER] 或 or OpenStreetMap .osm/.osm.pbf (默认 default: 直线 "
        "straight line)");
    projectCmd->add_flag("--expected-enrolment", project.compareCalibrated,
                         "预警比较预期在校生 (按基准年校准) 而非常住适龄需求 / warn on expected "
                         "enrolment (base-year calibrated) instead of resident demand");

    BackTestOptions backtest;
    std::string backtestFertility = "medium";
    auto* backtestCmd = app.add_subcommand(
        "backtest", "回测: 用较早年份的数据预测, 对比此后观测的在校生 / back-test: project an "
                    "earlier dataset and compare with the enrolment observed since");
    backtestCmd->add_option("--from", backtest.fromDir,
                            "较早年份的数据集 earlier dataset (默认 default: 内置阳江 2016 年快照 "
                            "embedded Yangjiang 2016 snapshot)");
    backtestCmd->add_option("--to", backtest.toDirs,
                            "较晚年份的数据集, 可多个 later dataset(s) with observed enrolment "
                            "(默认 default: 内置阳江数据 embedded Yangjiang 2020)");
    backtestCmd->add_option("--out", backtest.outDir, "输出目录 output folder")
        ->capture_default_str();
    backtestCmd
        ->add_option("--fertility", backtestFertility,
                     "生育方案 births variant beyond the data: low | medium | high")
        ->capture_default_str();
    backtestCmd
        ->add_option("--housing-delay", backtest.projection.housingDelayYears,
                     "新建小区入住推迟年数 years of delay of new housing")
        ->capture_default_str()
        ->check(CLI::Range(0, 50));
    backtestCmd
        ->add_option("--migration-rate", backtest.projection.migrationRatePerYear,
                     "年净迁移率 net migration per person per year, e.g. 0.01")
        ->capture_default_str()
        ->check(CLI::Range(-0.5, 0.5));
    backtestCmd
        ->add_option("--worst", backtest.worstTowns, "每学段列出的镇街数 towns listed per stage")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000));

    std::string checkDir;
    auto* checkCmd = app.add_subcommand("check", "校验数据集并列出问题 / validate a dataset");
    checkCmd->add_option("DIR", checkDir, "数据集目录 dataset folder")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }

    try {
        if (*runCmd) {
            if (!dataDir.empty())
                run.dataDir = dataDir;
            for (const auto& name : stageNames) {
                const auto s = xw::core::parseStage(name);
                if (!s)
                    return usage("未知学段 unknown stage \"" + name + "\"");
                run.stages.push_back(*s);
            }
            if (!years.empty()) {
                run.years = parseYears(years);
                if (!run.years)
                    return usage("年份应写作 years must look like 2020-2035: \"" + years + "\"");
            }
            return runCommand(run);
        }
        if (*projectCmd) {
            if (!projectData.empty())
                project.dataDir = projectData;
            if (!projectYearsText.empty()) {
                project.projection.years = parseYears(projectYearsText);
                if (!project.projection.years)
                    return usage("年份应写作 years must look like 2020-2035: \"" +
                                 projectYearsText + "\"");
            }
            const auto variant = parseFertility(fertility);
            if (!variant)
                return usage("生育方案应为 low、medium 或 high / --fertility must be low, medium "
                             "or high: \"" +
                             fertility + "\"");
            project.projection.fertility = *variant;
            const auto red = parseThreshold(redThreshold);
            const auto yellow = parseThreshold(yellowThreshold);
            if (!red || !yellow)
                return usage("阈值应写作 P,U (0 ≤ P ≤ 1) / thresholds must look like 0.5,1.05 "
                             "with 0 ≤ P ≤ 1: \"" +
                             (red ? yellowThreshold : redThreshold) + "\"");
            if (yellow->first > red->first || yellow->second > red->second)
                return usage("黄色阈值不能高于红色阈值 / the yellow thresholds must not exceed the "
                             "red ones: " +
                             yellowThreshold + " vs " + redThreshold);
            project.thresholds.redProbability = red->first;
            project.thresholds.redUtilisation = red->second;
            project.thresholds.yellowProbability = yellow->first;
            project.thresholds.yellowUtilisation = yellow->second;
            return projectCommand(project);
        }
        if (*backtestCmd) {
            const auto variant = parseFertility(backtestFertility);
            if (!variant)
                return usage("生育方案应为 low、medium 或 high / --fertility must be low, medium "
                             "or high: \"" +
                             backtestFertility + "\"");
            backtest.projection.fertility = *variant;
            return backTestCommand(backtest);
        }
        if (*checkCmd)
            return checkCommand(checkDir);
    } catch (const std::exception& e) {
        std::cerr << "内部错误 internal error: " << e.what() << "\n";
        return kExitBadInput;
    }
    return kExitUsage;
}
