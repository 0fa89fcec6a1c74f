// Map rendering (docs/performance.md, "Map rendering"): a full redraw of the embedded Yangjiang
// map at 1920 × 1080 into a reused QImage, alone and with a demand grid of about 300,000 cells.
// Opening and running the study (base year, projection to 2035 for the report) and building the
// map description happen once, outside the timings.
#include <xw/gis/demand_grid.hpp>
#include <xw/study/study.hpp>
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/map_builder.hpp>
#include <xw/viewer/model/report_builder.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <memory>

namespace {

using namespace xw;

study::Study& yangjiangStudy() {
    static study::Study s = study::Study::open(XW_DEFAULT_DATA_DIR);
    return s;
}

/// The embedded data's report run: base year and the years to 2035 with the 学位预警.
const study::StudyResults& data() {
    static const study::StudyResults r =
        yangjiangStudy().run(viewer::reportStudyConfig(yangjiangStudy(), std::nullopt));
    return r;
}

const viewer::MapGeometry& geometry() {
    static const viewer::MapGeometry g = viewer::decodeGeometry(data());
    return g;
}

/// The grid of Yangjiang at the cell size that gives about 300,000 cells (found once), as a cell
/// layer coloured by quintiles of its weights.
const viewer::MapLayer& grid300k() {
    static const viewer::MapLayer layer = [] {
        gis::DemandGridConfig config;
        config.cellMeters = 200.0;
        const gis::DatasetLoad& d = yangjiangStudy().dataset();
        gis::DemandGrid probe = gis::buildDemandGrid(d, config);
        config.cellMeters = 200.0 * std::sqrt(static_cast<double>(probe.points.size()) / 300000.0);
        const gis::DemandGrid g = gis::buildDemandGrid(d, config);
        viewer::MapLayer l;
        l.id = "demand_grid";
        l.kind = viewer::LayerKind::Grid;
        l.grid.cellMeters = g.cellMeters;
        for (const auto& p : g.points) {
            l.grid.centres.push_back(p.location);
            l.grid.values.push_back(p.weight);
        }
        viewer::Classification c;
        c.attribute = "weight";
        c.title = "Weight per cell";
        const auto bounds = viewer::quantileBounds(l.grid.values, 5);
        c.classes = viewer::graduatedClasses(
            bounds,
            viewer::brewerColours(viewer::Palette::Blues, static_cast<int>(bounds.size()) - 1),
            [](double v) { return viewer::formatNumber(v, 2); });
        l.style.classes = c;
        return l;
    }();
    return layer;
}

void redraw(benchmark::State& state, const viewer::MapDescription& map) {
    QImage image(map.widthPx, map.heightPx, QImage::Format_ARGB32_Premultiplied);
    const int dpm = static_cast<int>(std::lround(map.dpi / 0.0254));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    std::size_t labels = 0;
    for ([[maybe_unused]] auto _ : state) {
        QPainter painter(&image);
        const auto r = viewer::renderMap(painter, map, QRectF(0, 0, map.widthPx, map.heightPx));
        painter.end();
        labels = r.labels.size();
        benchmark::DoNotOptimize(image.constBits());
    }
    state.counters["labels"] = static_cast<double>(labels);
}

void BM_YangjiangRedraw(benchmark::State& state) {
    viewer::MapRequest req; // primary shortfall by town, primary schools, 8 labelled
    const auto map = viewer::buildMap(data(), geometry(), req);
    std::size_t schools = 0;
    for (const auto& l : map.layers)
        if (l.id == "schools")
            schools = l.features.size();
    state.counters["schools"] = static_cast<double>(schools);
    redraw(state, map);
}
BENCHMARK(BM_YangjiangRedraw)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_YangjiangRedrawWithHousing(benchmark::State& state) {
    viewer::MapRequest req;
    req.stage = core::Stage::Kindergarten; // the most schools of any stage
    req.housing = true;
    redraw(state, viewer::buildMap(data(), geometry(), req));
}
BENCHMARK(BM_YangjiangRedrawWithHousing)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_YangjiangRedrawWithGrid(benchmark::State& state) {
    viewer::MapRequest req;
    auto map = viewer::buildMap(data(), geometry(), req);
    // The grid covers the towns: outlines only, as the model draws its own grids.
    for (auto& l : map.layers)
        if (l.id == "towns") {
            l.style.classes.reset();
            l.inLegend = false;
        }
    map.layers.insert(map.layers.begin(), grid300k());
    state.counters["cells"] = static_cast<double>(grid300k().grid.centres.size());
    state.counters["cell_m"] = grid300k().grid.cellMeters;
    redraw(state, map);
}
BENCHMARK(BM_YangjiangRedrawWithGrid)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_BuildYangjiangMapDescription(benchmark::State& state) {
    viewer::MapRequest req;
    for ([[maybe_unused]] auto _ : state)
        benchmark::DoNotOptimize(viewer::buildMap(data(), geometry(), req));
}
BENCHMARK(BM_BuildYangjiangMapDescription)->Unit(benchmark::kMillisecond);

/// The whole leaders' report of the embedded data (about 20 A4 pages, vector maps) to a PDF.
void BM_WriteReport(benchmark::State& state) {
    const auto doc = viewer::buildReport({{"baseline", "yangjiang", &data(), nullptr, nullptr}});
    const auto file = std::filesystem::temp_directory_path() / "xw_bench_report.pdf";
    int pages = 0;
    for ([[maybe_unused]] auto _ : state)
        benchmark::DoNotOptimize(pages = viewer::writeReportPdf(doc, file).pages);
    state.counters["pages"] = pages;
    std::filesystem::remove(file);
}
BENCHMARK(BM_WriteReport)->Unit(benchmark::kMillisecond)->Iterations(5);

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
