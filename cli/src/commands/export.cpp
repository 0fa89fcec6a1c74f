// xuewei export: a study's results in the formats of the land and planning departments (File
// Geodatabase, Shapefile, GeoPackage, DXF) and the leaders' workbook (XLSX), or GeoJSON and CSV.
// Parse options → open the study → run → the export content (study/export_tables.hpp) →
// gis::exportTables (all or nothing).
#include "cli.hpp"

#include <xw/gis/export.hpp>
#include <xw/study/export_tables.hpp>
#include <xw/study/study.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <memory>
#include <regex>
#include <string>
#include <system_error>
#include <vector>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct ExportCommandOptions {
    std::string format;
    std::string crs; ///< empty: the dataset's working CRS
    std::string data;
    std::string scenario;
    std::string years;
    std::string encoding = "gbk";
    fs::path out;
    bool force = false;
    std::string allocate = "optimal";
    double gridMeters = study::kDefaultGridMeters;
    std::string roads;
};

int run(const ExportCommandOptions& o) {
    // Checked before the other options, so that its message is the one a user sees first.
    requireDataOrScenario(o.data, o.scenario);
    static const std::regex epsg(R"(^EPSG:\d+$)", std::regex::icase);
    if (!o.crs.empty() && !std::regex_match(o.crs, epsg))
        throw UsageError("--crs 应写作 EPSG:4546、EPSG:4525 或 EPSG:4490 / --crs must be an EPSG "
                         "code such as EPSG:4546, EPSG:4525 or EPSG:4490: \"" +
                         o.crs + "\"");
    const gis::ExportFormat format = gis::parseExportFormat(o.format);
    // Checked again when writing; here so that a long run is not wasted.
    std::error_code ec;
    if (!o.force && fs::exists(fs::symlink_status(o.out, ec)))
        throw gis::GisError(o.out.string(), "",
                            "无法写入输出 / cannot write output " + o.out.string() +
                                ": 已存在，用 --force 覆盖 / already exists; use --force to "
                                "overwrite it");
    study::StudyConfig config;
    if (!o.years.empty())
        config.years = parseYears(o.years);
    config.gridMeters = o.gridMeters;
    config.roads = o.roads;
    if (o.allocate == "none")
        config.allocation.reset();
    else
        config.allocation = core::parseAllocationMode(o.allocate);

    ProgressPrinter progress;
    study::Study study = openStudy(o.data, o.scenario, progress);
    // Without --crs the files are in the dataset's working CRS, which must then be an EPSG code.
    const std::string crs = o.crs.empty() ? study.dataset().workingCrs : o.crs;
    if (!std::regex_match(crs, epsg))
        throw UsageError("数据集的工作坐标系不是 EPSG 代码, 请用 --crs 指定导出坐标系 / the "
                         "dataset's working CRS is not an EPSG code; name the export's CRS with "
                         "--crs: \"" +
                         crs + "\"");
    const study::StudyResults r = study.run(config, progress.progress());
    progress.finish();

    progress.step("整理导出表 Building the export tables");
    const study::ExportContent content = study::exportContent(study, r);
    progress.finish();

    gis::ExportOptions options;
    options.crs = crs;
    options.shapefileEncoding =
        o.encoding == "utf8" ? gis::TextEncoding::Utf8 : gis::TextEncoding::Gbk;
    options.force = o.force;
    options.styles = content.styles;
    const core::Progress exportProgress = progress.progress();
    options.progress = &exportProgress;
    // Steps "export <table>", one timed line (cli.cpp's labels).
    const gis::ExportReport report = gis::exportTables(content.tables, o.out, format, options);
    progress.finish();

    std::cout << fmt::format("方案 Scenario: {} · 数据集 Dataset: {}{}\n", r.scenarioName,
                             r.datasetName,
                             r.illustrativeData ? " (示意数据 illustrative data)" : "");
    std::cout << fmt::format("坐标系 CRS: {}\n", format == gis::ExportFormat::GeoJson
                                                     ? std::string("EPSG:4326 (GeoJSON, RFC 7946)")
                                                     : crs);
    std::cout << fmt::format("\n已导出 Exported {} 个表 tables to {}:\n", content.tables.size(),
                             report.out.string());
    for (const core::Table& t : content.tables)
        std::cout << fmt::format("  {:<20} {:>7} 行 rows  {}\n", t.name, t.rows.size(), t.titleZh);
    for (const std::string& note : content.notes)
        std::cout << "  注 note: " << note << "\n";
    for (const std::string& note : report.notes)
        std::cout << "  注 note: " << note << "\n";
    std::cout << "字段名对照 Field names: docs/exports.md"
              << (gis::exportWritesFolder(format) ? ", fields.csv" : "") << "\n";
    return kExitOk;
}

} // namespace

Command addExportCommand(CLI::App& app) {
    auto o = std::make_shared<ExportCommandOptions>();
    // The --format values as gis spells them: "gdb shp gpkg dxf xlsx geojson csv".
    std::vector<std::string> formats;
    formats.reserve(gis::kExportFormats.size());
    for (const gis::ExportFormat f : gis::kExportFormats)
        formats.emplace_back(gis::exportFormatName(f));
    const std::string formatList = fmt::format("{}", fmt::join(formats, " "));
    CLI::App* c = app.add_subcommand(
        "export", "导出给自然资源、规划部门和领导 (" + formatList +
                      ") / export the results for the land and planning departments and leaders");
    c->add_option("--format", o->format, "格式 format: " + formatList)
        ->required()
        ->check(CLI::IsMember(formats));
    c->add_option("--out", o->out,
                  "输出 output: 文件 a file (*.gpkg *.dxf *.xlsx) 或目录 or a folder (*.gdb; shp, "
                  "geojson, csv)")
        ->required();
    c->add_option("--crs", o->crs,
                  "坐标系 CRS (默认: 数据集的工作坐标系 default: the dataset's working CRS), 如 "
                  "e.g. EPSG:4546 (CGCS2000 高斯-克吕格 3 度带 中央经线 111°E, 无带号), EPSG:4525 "
                  "(带号 37), EPSG:4490 (经纬度 degrees)");
    c->add_option("--data", o->data,
                  "数据集目录 dataset folder (默认 default: 内置阳江示意数据 embedded Yangjiang)");
    c->add_option("--scenario", o->scenario,
                  "方案文件 scenario file (YAML); 方案指明其数据集 it names its dataset");
    c->add_option("--years", o->years,
                  "预测年份 project these years, e.g. 2020-2035 (默认: 方案的期限 default: the "
                  "scenario's horizon)");
    c->add_option("--encoding", o->encoding,
                  "Shapefile 编码 encoding: gbk (默认 default, 中文桌面 GIS) 或 or utf8")
        ->check(CLI::IsMember({"gbk", "utf8"}))
        ->capture_default_str();
    c->add_flag("--force", o->force, "替换已有输出 replace an existing output");
    c->add_option("--allocate", o->allocate,
                  "学位分配方式 allocation: zones, nearest, optimal, none (无服务范围 no "
                  "catchments)")
        ->check(CLI::IsMember({"zones", "nearest", "optimal", "none"}))
        ->capture_default_str();
    c->add_option("--grid-m", o->gridMeters, "需求点格网间距 demand grid spacing, m")
        ->check(rangeCheck(10.0, 100000.0))
        ->capture_default_str();
    c->add_option("--roads", o->roads,
                  "按路网距离分配 allocate by road distance: FILE[:LAYER] 或 or .osm/.osm.pbf");
    return {c, [o] { return run(*o); }};
}

} // namespace xw::cli
