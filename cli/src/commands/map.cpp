// xuewei map: one map of a study as PNG or PDF (no display needed): open the study, run what the
// map needs, set the viewer model's state from the options, write the model's map.
#include "cli.hpp"
#include "gui_session.hpp"

#include <xw/study/study.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/report_builder.hpp>
#include <xw/viewer/model/view_model.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <regex>

namespace xw::cli {
namespace fs = std::filesystem;

namespace {

struct MapOptions {
    std::string data;
    std::string scenario;
    std::string compare;
    std::string compareMode = "difference";
    fs::path out;
    std::string stage = "primary";
    int year = 0;
    std::string theme = "shortfall";
    std::string years;
    int draws = viewer::kReportDraws;
    std::uint64_t seed = study::kDefaultRandomSeed;
    bool housing = false;
    bool zones = false;
    bool catchments = false;
    bool noSchools = false;
    bool noRoads = false;
    std::string grid = "none";
    std::string selectSchool;
    std::string selectTown;
    std::string size = "1920x1080";
    double dpi = 96.0;
    std::string basemap;
    std::string allocate = "optimal";
    double gridMeters = study::kDefaultGridMeters;
    std::string roads;
};

std::pair<int, int> parseSize(const std::string& text) {
    static const std::regex re(R"(^\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, re))
        throw UsageError("图像尺寸应写作 1920x1080 / --size must look like 1920x1080: \"" + text +
                         "\"");
    const int w = std::stoi(m[1].str()), h = std::stoi(m[2].str());
    if (w < 100 || h < 100 || w > 16000 || h > 16000)
        throw UsageError("图像尺寸须在 100–16000 像素之间 / --size must be 100–16000 pixels a "
                         "side: \"" +
                         text + "\"");
    return {w, h};
}

/// The study config of a map: only what the map shows is computed — projected years for a
/// later year or the 学位预警, the allocation for accessibility, catchments, demand points and
/// roads.
study::StudyConfig configFor(const MapOptions& o, viewer::MapTheme theme, viewer::GridLayer grid,
                             const study::Study& first) {
    const core::CityData& base = first.city();
    const int populationYear = first.defaultYears().first;
    study::StudyConfig config;
    if (!o.years.empty())
        config.years = parseYears(o.years);
    else if (o.year != 0 && o.year != base.baseYear)
        config.years = std::make_pair(
            populationYear, std::max(o.year, first.scenario().horizonYear.value_or(o.year)));
    if (theme == viewer::MapTheme::Warning) {
        if (!config.years)
            config.years = first.defaultYears();
        config.monteCarloDraws = o.draws;
        config.randomSeed = o.seed;
    }
    if (!config.years)
        config.baseYearOnly = true; // a base-year map needs no projection
    const bool needsAllocation = theme == viewer::MapTheme::Accessibility ||
                                 grid != viewer::GridLayer::None || o.catchments ||
                                 !o.roads.empty();
    if (needsAllocation) {
        config.allocation = core::parseAllocationMode(o.allocate);
        config.allocateEveryYear = o.year != 0 && o.year != base.baseYear;
        config.catchmentShapes = o.catchments;
        config.gridMeters = o.gridMeters;
        config.roads = o.roads;
    } else {
        config.allocation.reset();
        config.catchmentShapes = false;
    }
    return config;
}

/// What the map shows: stage, year, theme, layers, selection and, with a second study, the
/// comparison.
viewer::ViewState stateFor(const MapOptions& o, core::Stage stage, viewer::MapTheme theme,
                           viewer::GridLayer grid, std::size_t studies) {
    viewer::ViewState state;
    state.stage = stage;
    if (o.year != 0)
        state.year = o.year;
    state.theme = theme;
    state.schools = !o.noSchools;
    state.housing = o.housing;
    state.zones = o.zones;
    state.catchments = o.catchments;
    state.roads = !o.noRoads;
    state.grid = grid;
    if (!o.selectSchool.empty())
        state.selection = {viewer::SelectionKind::School, o.selectSchool};
    else if (!o.selectTown.empty())
        state.selection = {viewer::SelectionKind::Town, o.selectTown};
    if (studies > 1) {
        state.compare = o.compareMode == "side-by-side" ? viewer::CompareMode::SideBySide
                                                        : viewer::CompareMode::Difference;
        state.compareWith = 1;
    }
    return state;
}

/// The model's maps of its state, with the basemap under a single map.
std::vector<viewer::MapDescription> mapsOf(const viewer::ViewerModel& model, const MapOptions& o,
                                           int width, int height) {
    std::vector<viewer::MapDescription> maps;
    try {
        maps = model.maps(width, height, o.dpi);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    if (!o.basemap.empty()) {
        // The basemap is read for the request's extent: rebuild with it.
        viewer::MapRequest req = model.request(width, height, o.dpi);
        req.basemap = fs::path(o.basemap);
        if (maps.size() == 1 && model.state().compare == viewer::CompareMode::Single)
            maps = {viewer::buildMap(*model.shown().results, *model.shown().geometry, req)};
        else
            std::cerr << "提示 note: 比较地图不带底图 / comparison maps are drawn without the "
                         "basemap\n";
    }
    return maps;
}

int run(const MapOptions& o) {
    // Checked before the other options, so that its message is the one a user sees first.
    requireDataOrScenario(o.data, o.scenario);
    const std::vector<core::Stage> stages = parseStages({o.stage});
    const auto theme = viewer::parseTheme(o.theme);
    if (!theme)
        throw UsageError("未知主题 / unknown --theme \"" + o.theme +
                         "\" (shortfall utilisation warning indicators accessibility)");
    const auto [width, height] = parseSize(o.size);
    const std::string ext = o.out.extension().string();
    if (ext != ".png" && ext != ".pdf" && ext != ".PNG" && ext != ".PDF")
        throw UsageError("--out 须为 .png 或 .pdf 文件 / --out must name a .png or .pdf file: " +
                         o.out.string());
    viewer::GridLayer grid = viewer::GridLayer::None;
    if (o.grid == "demand")
        grid = viewer::GridLayer::Demand;
    else if (o.grid == "accessibility")
        grid = viewer::GridLayer::Accessibility;

    GuiSession gui;
    ProgressPrinter progress;
    std::vector<fs::path> sources =
        studySources(o.data, o.scenario.empty() ? std::vector<std::string>()
                                                : std::vector<std::string>{o.scenario});
    if (!o.compare.empty())
        sources.emplace_back(o.compare);
    std::vector<study::Study> studies = openStudies(sources, progress);
    const study::StudyConfig config = configFor(o, *theme, grid, studies.front());
    viewer::ViewerModel model;
    for (study::Study& s : studies) {
        auto results =
            std::make_shared<const study::StudyResults>(s.run(config, progress.progress()));
        progress.finish();
        model.addScenario(s.scenario().name, std::move(results));
    }
    try {
        model.setState(stateFor(o, stages.front(), *theme, grid, studies.size()));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }

    progress.step("绘制地图 Drawing " + o.out.string());
    const std::vector<viewer::MapDescription> maps = mapsOf(model, o, width, height);
    if (o.out.has_parent_path())
        fs::create_directories(o.out.parent_path());
    const std::vector<viewer::MapRenderResult> drawn = viewer::writeMaps(maps, o.out);
    progress.finish();
    for (const auto& r : drawn)
        for (const std::string& p : r.problems)
            std::cerr << "警告 warning: " << p << "\n";
    std::cout << fmt::format("已写出 Written: {} ({} 个标注 labels)\n", o.out.string(),
                             drawn.front().labels.size());
    return kExitOk;
}

} // namespace

Command addMapCommand(CLI::App& app) {
    auto o = std::make_shared<MapOptions>();
    CLI::App* c = app.add_subcommand(
        "map", "画一张地图 (PNG 或 PDF，无需显示器) / draw one map as PNG or PDF (no display "
               "needed)");
    c->add_option("--out", o->out, "输出文件 output file (.png 或 or .pdf)")->required();
    c->add_option("--data", o->data,
                  "数据集目录 dataset folder (默认 default: 内置阳江示意数据 embedded Yangjiang)");
    c->add_option("--scenario", o->scenario, "方案文件 scenario file (YAML)");
    c->add_option("--compare", o->compare,
                  "与此方案比较 compare with this scenario file (or dataset folder)");
    c->add_option("--compare-mode", o->compareMode,
                  "比较方式 difference (差值图 diverging map) 或 or side-by-side (并排)")
        ->check(CLI::IsMember({"difference", "side-by-side"}))
        ->capture_default_str();
    c->add_option("--stage", o->stage, "学段 stage")->capture_default_str();
    c->add_option("--year", o->year, "年份 year (默认 default: 基准年 the base year)");
    c->add_option("--theme", o->theme,
                  "主题 theme: shortfall (学位缺口), utilisation (使用率), warning (学位预警), "
                  "indicators (未达标指标), accessibility (2SFCA 可达性)")
        ->check(
            CLI::IsMember({"shortfall", "utilisation", "warning", "indicators", "accessibility"}))
        ->capture_default_str();
    c->add_option("--years", o->years,
                  "预测年份 projected years, e.g. 2020-2035 (默认: 到所选年份或方案期限 default: "
                  "to the year shown or the scenario's horizon)");
    c->add_option("--draws", o->draws, "学位预警的模拟次数 Monte Carlo draws for --theme warning")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    c->add_option("--seed", o->seed, "随机种子 random seed")->capture_default_str();
    c->add_flag("--housing", o->housing, "画新建小区及配套幼儿园状态 draw housing projects");
    c->add_flag("--zones", o->zones, "画学区 draw attendance zones");
    c->add_flag("--catchments", o->catchments,
                "画计算的服务范围 draw the allocation's catchments (基准年 base year)");
    c->add_flag("--no-schools", o->noSchools, "不画学校 no school symbols");
    c->add_flag("--no-roads", o->noRoads, "不画路网 no road network");
    c->add_option("--grid", o->grid,
                  "格网图层 grid layer: none, demand (需求点), accessibility (2SFCA)")
        ->check(CLI::IsMember({"none", "demand", "accessibility"}))
        ->capture_default_str();
    c->add_option("--select-school", o->selectSchool, "突出显示学校 highlight a school (id)");
    c->add_option("--select-town", o->selectTown, "突出显示乡镇 highlight a town (code)");
    c->add_option("--size", o->size, "图像尺寸 image size in pixels")->capture_default_str();
    c->add_option("--dpi", o->dpi, "分辨率 resolution")
        ->check(rangeCheck(36.0, 1200.0))
        ->capture_default_str();
    c->add_option("--basemap", o->basemap, "底图 basemap raster (GeoTIFF, MBTiles, …)");
    c->add_option("--allocate", o->allocate, "学位分配方式 allocation (zones nearest optimal)")
        ->check(CLI::IsMember({"zones", "nearest", "optimal"}))
        ->capture_default_str();
    c->add_option("--grid-m", o->gridMeters, "需求点格网间距 demand grid spacing, m")
        ->check(rangeCheck(10.0, 100000.0))
        ->capture_default_str();
    c->add_option("--roads", o->roads,
                  "路网 road network FILE[:LAYER] (画出并按路网分配 drawn "
                  "and followed)");
    return {c, [o] { return run(*o); }};
}

} // namespace xw::cli
