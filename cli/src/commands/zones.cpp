// xuewei zones: attendance zones (学区) of one stage for one year drawn by core::drawZones over the
// study's demand, written as a scenario whose zone redraw is a polygon layer. Parse options → open
// the study → study::drawStudyZones → print → write (all or nothing).
#include "cli.hpp"
#include "text_table.hpp"

#include <xw/core/model/stage.hpp>
#include <xw/gis/error.hpp>
#include <xw/gis/output/output_folder.hpp>
#include <xw/gis/output/writer.hpp>
#include <xw/study/study.hpp>
#include <xw/study/zoning.hpp>

#include <fmt/format.h>

#include <cmath>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct ZonesOptions {
    std::string data;
    std::string scenario;
    std::string stage;
    int year = 0;
    double compactness = core::ZoningConfig{}.compactnessWeight;
    fs::path out;
    double gridMeters = study::kDefaultGridMeters;
    std::string roads;
    std::string maxMoved;
};

/// --max-moved: a whole number of children, or a share of them ("10%" or a fraction below 1).
/// \throws UsageError on anything else.
void parseMaxMoved(const std::string& text, study::ZoningRequest& request) {
    const auto bad = [&]() {
        return UsageError("--max-moved 须为儿童数 (如 500) 或比例 (如 10% 或 0.1) / --max-moved "
                          "must be a number of children (e.g. 500) or a share (e.g. 10% or "
                          "0.1): \"" +
                          text + "\"");
    };
    std::string number = text;
    const bool percent = !number.empty() && number.back() == '%';
    if (percent)
        number.pop_back();
    double value = 0.0;
    std::size_t used = 0;
    try {
        value = std::stod(number, &used);
    } catch (const std::exception&) {
        throw bad();
    }
    if (used != number.size() || !std::isfinite(value) || value < 0.0)
        throw bad();
    if (percent) {
        if (value > 100.0)
            throw bad();
        request.maxMovedShare = value / 100.0;
    } else if (value < 1.0 && value > 0.0) {
        request.maxMovedShare = value;
    } else if (value == std::floor(value) && value <= 1.0e12) {
        request.config.maxChildrenMoved = static_cast<std::int64_t>(value);
    } else {
        throw bad();
    }
}

int run(const ZonesOptions& o) {
    study::ZoningRequest request;
    const auto stage = core::parseStage(o.stage);
    if (!stage)
        throw UsageError("未知学段 unknown stage: \"" + o.stage +
                         "\" (kindergarten primary junior senior vocational special)");
    request.stage = *stage;
    request.year = o.year;
    request.config.compactnessWeight = o.compactness;
    request.run.gridMeters = o.gridMeters;
    request.run.roads = o.roads;
    if (!o.maxMoved.empty())
        parseMaxMoved(o.maxMoved, request);

    ProgressPrinter progress;
    study::Study study = openStudy(o.data, o.scenario, progress);
    requireYearInStudy(study, o.year);
    gis::StagedFolder out(o.out);

    const study::ZoningAnswer a = study::drawStudyZones(study, request, progress.progress());
    progress.finish();

    progress.step("写出方案 Writing the scenario");
    const fs::path target = fs::absolute(o.out);
    scenarios::Scenario zoned = study::zonedScenario(study, a, target / "zones.gpkg");
    zoned.file = target / "zoned.yaml"; // relative paths are written from the final folder
    gis::writeGeoPackage(out.path() / "zones.gpkg", {&a.layer});
    gis::writeCsv(out.path() / "zones.csv", study::zonesTable(a));
    {
        std::ofstream f(out.path() / "zoned.yaml", std::ios::binary);
        f << scenarios::toYaml(zoned);
        if (!f)
            throw gis::GisError((out.path() / "zoned.yaml").string(), "",
                                "无法写入 / cannot write zoned.yaml");
    }
    out.commit();
    progress.finish();

    std::cout << fmt::format("方案 Scenario: {} · 学段 Stage: {} {} · 年份 Year: {}\n",
                             a.scenarioName, core::stageNameZh(request.stage),
                             core::stageCode(request.stage), request.year);
    std::cout << fmt::format("单元 Units: {} · 儿童 Children: {} · 学校 Schools: {}\n\n", a.units,
                             a.children, a.zones.size());
    TextTable t({"学校 School", "儿童 Children", "学位 Seats", "超出 Over", "单元 Units",
                 "平均距离 Mean m", "最远 Max m", "连片 Contiguous", "转入 In", "转出 Out"},
                {false, true, true, true, true, true, true, false, true, true});
    for (const study::DrawnZone& z : a.zones)
        t.addRow({z.schoolId + (z.campus.empty() ? "" : "|" + z.campus) + " " + z.schoolName,
                  std::to_string(z.summary.children), std::to_string(z.summary.seats),
                  std::to_string(z.summary.overflow), std::to_string(z.summary.units),
                  fmt::format("{:.0f}", z.summary.meanDistanceMeters),
                  fmt::format("{:.0f}", z.summary.maxDistanceMeters),
                  z.summary.contiguous ? "是 yes" : "否 no", std::to_string(z.movedIn),
                  std::to_string(z.movedOut)});
    std::cout << t.render() << "\n";
    std::cout << fmt::format(
        "目标 Objective (child·m): {:.1f} · 下界 Bound: {:.1f} · 差距 Gap: {:.2f} %\n",
        a.result.objective, a.result.bound, a.result.gap * 100.0);
    std::cout << fmt::format(
        "超出学位 Children over the seats: {} · 不连通单元 Detached units: {}\n", a.result.overflow,
        a.result.detachedUnits.size());
    std::cout << fmt::format(
        "改变学校的儿童 Children who change school: {}{} (对照 against {})\n",
        a.result.childrenMoved,
        a.maxChildrenMoved ? fmt::format(" / 上限 limit {}", *a.maxChildrenMoved) : std::string(),
        a.todayFromZones ? "现行学区 today's attendance zones"
                         : "最近学校 each unit's nearest school (无学区 no zones in force)");
    if (a.maxChildrenMoved && a.result.childrenMoved > *a.maxChildrenMoved)
        std::cout << "  注意: 现行学区须先修整为连片, 已超出上限 / note: making today's zones "
                     "contiguous alone moved more children than the limit\n";
    std::cout << fmt::format("\n已写出 Written: {}, {}, {}\n", (target / "zoned.yaml").string(),
                             (target / "zones.gpkg").string(), (target / "zones.csv").string());
    std::cout << fmt::format("运行 Run it: xuewei run --allocate zones --scenario {}\n",
                             (target / "zoned.yaml").string());
    return kExitOk;
}

} // namespace

Command addZonesCommand(CLI::App& app) {
    auto o = std::make_shared<ZonesOptions>();
    CLI::App* c = app.add_subcommand(
        "zones",
        "划分学区: 某学段某年的学区 (连片、不超学位、就近), 写成方案 / draw the attendance "
        "zones of a stage for a year, written as a scenario");
    c->add_option("--data", o->data,
                  "数据集目录 dataset folder (默认 default: 内置阳江示意数据 embedded Yangjiang)");
    c->add_option("--scenario", o->scenario,
                  "方案文件 scenario file (YAML); 方案指明其数据集 it names its dataset");
    c->add_option("--stage", o->stage, "学段 stage: primary junior kindergarten …")->required();
    c->add_option("--year", o->year, "年份 year (数据年份–期限 data year to horizon)")->required();
    c->add_option("--compactness", o->compactness,
                  "紧凑权重 compactness weight per unit, child-equivalents (≥ 0)")
        ->check(rangeCheck(0.0, 1000.0))
        ->capture_default_str();
    c->add_option("--out", o->out, "输出目录 output folder: zoned.yaml, zones.gpkg, zones.csv")
        ->required();
    c->add_option("--grid-m", o->gridMeters, "需求点格网间距 demand grid spacing, m")
        ->check(rangeCheck(10.0, 100000.0))
        ->capture_default_str();
    c->add_option("--roads", o->roads, "按路网距离 road distances: FILE[:LAYER]");
    c->add_option("--max-moved", o->maxMoved,
                  "最多改变学校的儿童 at most this many children change school against today's "
                  "zones: 人数 a count (500) 或比例 or a share (10%, 0.1)");
    return {c, [o] { return run(*o); }};
}

} // namespace xw::cli
