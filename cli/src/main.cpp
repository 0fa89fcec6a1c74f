// xuewei: the command line. One subcommand per job; each is a thin shell over the libraries.
#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    using namespace xw::cli;
    CLI::App app{"学位 Xuewei — 学校布局与学位供需模拟 / school-seat planning simulator"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "xuewei 0.1.0");

    RunOptions run;
    std::string dataDir;
    std::vector<std::string> stageNames;
    auto* runCmd = app.add_subcommand(
        "run",
        "基准年学位供需: 按学段、区县、乡镇 / base-year seat balance by stage, district, town");
    runCmd->add_option("--data", dataDir,
                       "数据集目录 dataset folder (默认 default: 内置阳江数据 embedded Yangjiang)");
    runCmd->add_option("--out", run.outDir, "输出目录 output folder")->capture_default_str();
    runCmd->add_option("--stage", stageNames,
                       "只显示这些学段 only print these stages (kindergarten primary junior "
                       "senior vocational special)");
    runCmd->add_flag("--quiet,-q", run.quiet, "只显示全市汇总 print only the city summary");

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
                if (!s) {
                    std::cerr << "用法错误 usage: 未知学段 unknown stage \"" << name << "\"\n";
                    return kExitUsage;
                }
                run.stages.push_back(*s);
            }
            return runCommand(run);
        }
        if (*checkCmd)
            return checkCommand(checkDir);
    } catch (const std::exception& e) {
        std::cerr << "内部错误 internal error: " << e.what() << "\n";
        return kExitBadInput;
    }
    return kExitUsage;
}
