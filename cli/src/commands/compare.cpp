// xuewei compare A.yaml B.yaml [C.yaml …]: scenarios side by side.
#include "cli.hpp"
#include "render/render.hpp"
#include "text_table.hpp"

#include <xw/gis/output/output_folder.hpp>
#include <xw/gis/output/writer.hpp>
#include <xw/study/compare.hpp>
#include <xw/study/study.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct CompareOptions {
    std::vector<std::string> scenarios;
    std::string years;
    fs::path outDir = "out/compare";
    std::string allocate = "optimal";
    double gridMeters = study::kDefaultGridMeters;
};

/// The city rows of one metric for the last year, one column per scenario.
std::string renderCity(const core::Table& areas, const std::vector<std::string>& names, int year) {
    std::vector<std::string> header{"学段 Stage", "指标 Figure"};
    for (std::size_t k = 0; k < names.size(); ++k)
        header.push_back(fmt::format("{} {}", k + 1, names[k]));
    for (std::size_t k = 1; k < names.size(); ++k)
        header.push_back(fmt::format("差 {}−1", k + 1));
    TextTable t(header, std::vector<bool>(header.size(), true));
    const std::vector<std::pair<std::string, std::string>> figures{
        {"shortfall", "学位缺口 Seat shortfall"},
        {"local_shortfall_sum", "分片缺口 Short within units"},
        {"large_classes", "大班额 Large classes"},
        {"teachers_for_missing", "补缺教师 Teachers needed"},
        {"children_without_seat", "无学位儿童 Without a seat"},
        {"mean_distance_m", "平均距离 Mean distance m"}};
    const std::size_t yearCol = areas.columnIndex("year");
    const std::size_t levelCol = areas.columnIndex("level");
    const std::size_t stageCol = areas.columnIndex("stage");
    bool first = true;
    for (const auto& row : areas.rows) {
        if (std::get<std::int64_t>(row[yearCol]) != year ||
            std::get<std::string>(row[levelCol]) != "city")
            continue;
        if (!first)
            t.addRule();
        first = false;
        const auto stage = core::parseStage(std::get<std::string>(row[stageCol]));
        for (const auto& [key, label] : figures) {
            std::vector<std::string> cells{std::string(core::stageNameZh(*stage)), label};
            bool any = false;
            const auto text = [&](const std::string& col) {
                const std::size_t c = areas.columnIndex(col);
                if (c >= row.size())
                    return std::string("-");
                if (const auto* d = std::get_if<double>(&row[c])) {
                    any = true;
                    return whole(*d);
                }
                return std::string("-");
            };
            for (std::size_t k = 0; k < names.size(); ++k)
                cells.push_back(text(key + "_" + std::to_string(k + 1)));
            for (std::size_t k = 1; k < names.size(); ++k)
                cells.push_back(text(key + "_diff_" + std::to_string(k + 1)));
            if (any)
                t.addRow(cells);
        }
    }
    return t.render();
}

int run(const CompareOptions& o) {
    if (o.scenarios.size() < 2)
        throw UsageError("至少需要两个方案 / give at least two scenarios");
    study::StudyConfig config;
    if (!o.years.empty())
        config.years = parseYears(o.years);
    config.gridMeters = o.gridMeters;
    config.catchmentShapes = false;
    if (o.allocate == "none")
        config.allocation.reset();
    else
        config.allocation = core::parseAllocationMode(o.allocate);
    ProgressPrinter progress;
    std::vector<study::Study> studies;
    std::vector<study::StudyResults> results;
    for (const std::string& file : o.scenarios) {
        progress.step("读取方案 Loading " + file);
        studies.push_back(study::Study::open(file));
        progress.finish();
    }
    if (!config.years) {
        // One set of years for all: the first scenario's.
        config.years = studies.front().defaultYears();
    }
    for (study::Study& s : studies) {
        results.push_back(s.run(config, progress.progress()));
        progress.finish();
    }
    std::vector<study::ComparedRun> runs;
    std::vector<std::string> names;
    for (std::size_t k = 0; k < studies.size(); ++k) {
        runs.push_back({studies[k].scenario().name, studies[k].scenario().file.string(),
                        &results[k], &studies[k].scenario().plan, &studies[k].city()});
        names.push_back(studies[k].scenario().name);
    }
    const std::vector<core::Table> tables = study::comparisonTables(runs);
    const std::vector<core::Table> layers = study::comparisonLayers(runs);

    std::cout << "\n== 比较的方案 Scenarios compared ==\n";
    TextTable s({"序号 #", "方案 Scenario", "新建学校 New schools", "新增班级 Classes added",
                 "用地 Land m²", "建筑 Floor m²", "投资估算 Cost (万元)"},
                {true, false, true, true, true, true, true});
    for (const auto& row : tables[0].rows)
        s.addRow({std::to_string(std::get<std::int64_t>(row[0])), std::get<std::string>(row[1]),
                  std::to_string(std::get<std::int64_t>(row[4])),
                  std::to_string(std::get<std::int64_t>(row[5])), whole(std::get<double>(row[6])),
                  whole(std::get<double>(row[7])), whole(std::get<double>(row[8]) / 1.0e4)});
    std::cout << s.render()
              << "投资按规范的单价估算 [假设], 见 docs/norms.md / cost from the norms' unit costs "
                 "[assumed], see docs/norms.md\n";
    const int last = config.years->second;
    std::cout << fmt::format("\n== {} 年全市比较 City in {} ==\n", last, last)
              << renderCity(tables[1], names, last)
              << "各区县、各年份及规划指标见 compare_*.csv / every district, year and indicator "
                 "in compare_*.csv\n";

    progress.step("写出结果 Writing " + o.outDir.string());
    gis::StagedFolder out(o.outDir);
    std::string list;
    for (const core::Table& t : tables) {
        gis::writeCsv(out.path() / (t.name + ".csv"), t);
        list += (list.empty() ? "" : ", ") + t.name + ".csv";
    }
    std::vector<const core::Table*> gpkg;
    gpkg.reserve(layers.size());
    for (const core::Table& t : layers)
        gpkg.push_back(&t);
    gis::writeGeoPackage(out.path() / "compare.gpkg", gpkg);
    out.commit();
    progress.finish();
    std::cout << fmt::format("\n已写出 Written to {}: {}, compare.gpkg\n", o.outDir.string(), list);
    return kExitOk;
}

} // namespace

Command addCompareCommand(CLI::App& app) {
    auto o = std::make_shared<CompareOptions>();
    CLI::App* c = app.add_subcommand(
        "compare", "方案比较: 各区县、学段、年份并列 / scenarios side by side by district, stage "
                   "and year");
    c->add_option("SCENARIOS", o->scenarios, "方案文件 (至少两个) scenario files (two or more)")
        ->required();
    c->add_option("--years", o->years,
                  "年份 years, e.g. 2020-2035 (默认: 第一个方案的期限 default: the first "
                  "scenario's horizon)");
    c->add_option("--out", o->outDir, "输出目录 output folder")->capture_default_str();
    c->add_option("--allocate", o->allocate,
                  "学位分配方式 allocation: zones, nearest, optimal, none (距离与无学位儿童 for "
                  "distances and children without a seat)")
        ->check(CLI::IsMember({"zones", "nearest", "optimal", "none"}))
        ->capture_default_str();
    c->add_option("--grid-m", o->gridMeters, "需求点格网间距 demand grid spacing, m")
        ->check(rangeCheck(10.0, 100000.0))
        ->capture_default_str();
    return {c, [o] { return run(*o); }};
}

} // namespace xw::cli
