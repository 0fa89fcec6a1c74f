// xuewei report: the leaders' report as a PDF (no display needed): open the scenarios, run each
// with the report's config, build the report document, write it.
#include "cli.hpp"
#include "gui_session.hpp"

#include <xw/study/study.hpp>
#include <xw/viewer/model/report_builder.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <sstream>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct ReportOptions {
    std::string data;
    std::vector<std::string> scenarios;
    fs::path out = "report.pdf";
    std::string years;
    std::string warningYears;
    std::vector<std::string> stages;
    std::string paper = "A4";
    int draws = viewer::kReportDraws;
    std::uint64_t seed = study::kDefaultRandomSeed;
};

std::vector<int> parseYearList(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty())
            continue;
        const auto [a, b] = parseYears(item);
        for (int y = a; y <= b; ++y)
            out.push_back(y);
    }
    return out;
}

int runReport(const ReportOptions& o) {
    // Checked before the other options, so that its message is the one a user sees first.
    const std::vector<fs::path> sources = studySources(o.data, o.scenarios);
    viewer::ReportOptions options;
    options.paper = o.paper == "A3" ? viewer::Paper::A3 : viewer::Paper::A4;
    options.stages = parseStages(o.stages);
    options.warningYears = parseYearList(o.warningYears);

    GuiSession gui;
    ProgressPrinter progress;
    std::vector<study::Study> studies = openStudies(sources, progress);
    // Every scenario over the first one's years, so that they compare year by year.
    std::optional<std::pair<int, int>> years;
    if (!o.years.empty())
        years = parseYears(o.years);
    study::StudyConfig config = viewer::reportStudyConfig(studies.front(), years, o.draws);
    config.randomSeed = o.seed;
    std::vector<study::StudyResults> results;
    results.reserve(studies.size());
    for (study::Study& s : studies) {
        results.push_back(s.run(config, progress.progress()));
        progress.finish();
    }
    std::vector<viewer::ReportScenario> scenarios;
    for (std::size_t k = 0; k < studies.size(); ++k)
        scenarios.push_back({studies[k].scenario().name, sources[k].filename().string(),
                             &results[k], &studies[k].scenario().plan, &studies[k].city()});

    progress.step("编写报告 Writing " + o.out.string());
    viewer::ReportDocument doc;
    try {
        doc = viewer::buildReport(scenarios, options);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    if (o.out.has_parent_path())
        fs::create_directories(o.out.parent_path());
    const viewer::ReportWriteResult written = viewer::writeReportPdf(doc, o.out);
    progress.finish();
    for (const std::string& p : written.problems)
        std::cerr << "警告 warning: " << p << "\n";
    std::cout << fmt::format("已写出 Written: {} ({} 页 pages)\n", o.out.string(), written.pages);
    return kExitOk;
}

} // namespace

Command addReportCommand(CLI::App& app) {
    auto o = std::make_shared<ReportOptions>();
    CLI::App* c = app.add_subcommand(
        "report",
        "领导报告 (PDF：指标、缺口图、逐年需求、学位预警、拥挤学校、配套园、方案比较) / the "
        "leaders' report as PDF");
    c->add_option("--out", o->out, "输出 PDF output file")->capture_default_str();
    c->add_option("--data", o->data,
                  "数据集目录 dataset folder (默认 default: 内置阳江示意数据 embedded Yangjiang)");
    c->add_option("--scenario", o->scenarios,
                  "方案文件 scenario file(s); 第二个起与第一个比较 the second and later are "
                  "compared with the first");
    c->add_option("--years", o->years,
                  fmt::format("预测年份 projected years, e.g. 2020-2035 (默认: 方案期限或 {0} "
                              "default: the scenario's horizon or {0})",
                              study::kDefaultHorizonYear));
    c->add_option(
        "--warning-years", o->warningYears,
        "学位预警图的年份 years of the warning maps, e.g. 2025,2030 (默认: 基准年后第 5 年"
        "与末年 default: five years on and the last year)");
    c->add_option("--stage", o->stages, "只报告这些学段 only these stages");
    c->add_option("--paper", o->paper, "纸张 paper")
        ->check(CLI::IsMember({"A4", "A3"}))
        ->capture_default_str();
    c->add_option("--draws", o->draws, "学位预警的模拟次数 Monte Carlo draws")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    c->add_option("--seed", o->seed, "随机种子 random seed")->capture_default_str();
    return {c, [o] { return runReport(*o); }};
}

} // namespace xw::cli
