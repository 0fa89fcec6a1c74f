// xuewei backtest: project an earlier dataset to the years of later ones and compare with the
// enrolment observed in them.
#include "cli.hpp"
#include "render/render.hpp"

#include <xw/gis/output/output_folder.hpp>
#include <xw/gis/output/writer.hpp>
#include <xw/study/backtest.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct BackTestOptions {
    std::string from;
    std::vector<std::string> to;
    fs::path outDir = "out";
    std::string fertility = "medium";
    int housingDelay = 0;
    double migrationRate = 0.0;
    int worst = 5;
};

/// The folder "<name>-2016" beside `dir` (e.g. data/yangjiang → data/yangjiang-2016).
fs::path earlierSnapshotDir(const fs::path& dir, int year = 2016) {
    fs::path d = dir.lexically_normal();
    if (d.filename().empty())
        d = d.parent_path();
    return d.parent_path() / (d.filename().string() + "-" + std::to_string(year));
}

int run(const BackTestOptions& o) {
    const fs::path from = o.from.empty() ? earlierSnapshotDir(defaultDataDir()) : fs::path(o.from);
    std::vector<fs::path> to;
    for (const std::string& t : o.to)
        to.emplace_back(t);
    if (to.empty())
        to.push_back(defaultDataDir());
    scenarios::Assumptions a;
    a.fertility = parseFertility(o.fertility);
    a.housingDelayYears = o.housingDelay;
    a.migrationRatePerYear = o.migrationRate;
    ProgressPrinter progress;
    const study::BackTestResults r = study::backTest(from, to, a, progress.progress());
    progress.finish();
    printDiagnostics(std::cerr, r.diagnostics, 5, "backtest");
    std::cout << fmt::format("较早数据集 Earlier dataset: {} (基准年 base year {})\n",
                             r.earlierName, r.earlierYear);
    for (const auto& [name, year] : r.later)
        std::cout << fmt::format("较晚数据集 Later dataset: {} (基准年 base year {})\n", name,
                                 year);
    std::cout << renderBackTest(r, o.worst);

    progress.step("写出结果 Writing " + o.outDir.string());
    gis::StagedFolder out(o.outDir);
    std::string list;
    for (const core::Table& t : study::backTestTables(r)) {
        gis::writeCsv(out.path() / (t.name + ".csv"), t);
        list += (list.empty() ? "" : ", ") + t.name + ".csv";
    }
    out.commit();
    progress.finish();
    std::cout << fmt::format("\n已写出 Written to {}: {}\n", o.outDir.string(), list);
    return kExitOk;
}

} // namespace

Command addBackTestCommand(CLI::App& app) {
    auto o = std::make_shared<BackTestOptions>();
    CLI::App* c = app.add_subcommand(
        "backtest", "回测: 用较早年份的数据预测, 对比此后观测的在校生 / back-test: project an "
                    "earlier dataset and compare with the enrolment observed since");
    c->add_option("--from", o->from,
                  "较早年份的数据集 earlier dataset (默认 default: 内置阳江 2016 年快照 embedded "
                  "Yangjiang 2016 snapshot)");
    c->add_option("--to", o->to,
                  "较晚年份的数据集, 可多个 later dataset(s) with observed enrolment (默认 "
                  "default: 内置阳江数据 embedded Yangjiang 2020)");
    c->add_option("--out", o->outDir, "输出目录 output folder")->capture_default_str();
    c->add_option("--fertility", o->fertility,
                  "生育方案 births variant beyond the data: low | medium | high")
        ->capture_default_str();
    c->add_option("--housing-delay", o->housingDelay,
                  "新建小区入住推迟年数 years of delay of new housing")
        ->capture_default_str()
        ->check(rangeCheck(0, 50));
    c->add_option("--migration-rate", o->migrationRate,
                  "年净迁移率 net migration per person per year, e.g. 0.01")
        ->capture_default_str()
        ->check(rangeCheck(-0.5, 0.5));
    c->add_option("--worst", o->worst, "每学段列出的片区数 units listed per stage")
        ->capture_default_str()
        ->check(rangeCheck(0, 1000));
    return {c, [o] { return run(*o); }};
}

} // namespace xw::cli
