// xuewei: the command line. One subcommand per job, each a thin shell over the study engine:
// parse options → open the study → run → render and write.
#include "cli.hpp"

#include <iostream>

namespace {

/// CLI11's parse errors in Chinese first, then CLI11's own English text.
std::string bilingualFailure(const CLI::App* app, const CLI::Error& e) {
    std::string zh = "命令行参数有误";
    const std::string name = e.get_name();
    if (name == "RequiredError")
        zh = "缺少必需的参数";
    else if (name == "ExtrasError")
        zh = "有多余或未知的参数";
    else if (name == "ValidationError" || name == "ConversionError")
        zh = "参数值无效";
    else if (name == "ArgumentMismatch")
        zh = "参数个数不对";
    else if (name == "OptionNotFound")
        zh = "未知选项";
    std::string out = "用法错误 usage: " + zh + " / " + e.what() + "\n";
    out += "运行 Run with --help for more information: " + app->get_name() + " --help\n";
    return out;
}

} // namespace

int main(int argc, char** argv) {
    using namespace xw::cli;
    CLI::App app{"学位 Xuewei — 学校布局与学位供需模拟 / school-seat planning simulator"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "xuewei 0.2.0");
    app.failure_message(bilingualFailure);
    const std::vector<Command> commands{
        addRunCommand(app),      addProjectCommand(app),  addCheckCommand(app),
        addBackTestCommand(app), addScenarioCommand(app), addCompareCommand(app),
        addExportCommand(app),   addMapCommand(app),      addReportCommand(app),
        addOptimiseCommand(app), addZonesCommand(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }
    for (const Command& c : commands)
        if (*c.app)
            return guarded(c.run);
    return kExitUsage;
}
