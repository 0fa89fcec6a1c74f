// Map rendering (docs/performance.md, "Map rendering"): a full redraw of the embedded Yangjiang
// map at 1920 × 1080 into a reused QImage, alone and with a demand grid of about 300,000 cells.
// Loading, the projection and building the map description happen once, outside the timings.
#include <xw/gis/demand_grid.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/map_from_data.hpp>
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

const viewer::ViewerData& data() {
    static const viewer::ViewerData d = viewer::loadViewerData(XW_DEFAULT_DATA_DIR);
    return d;
}

/// The grid of Yangjiang at the cell size that gives about 300,000 cells (found once).
const gis::DemandGrid& grid300k() {
    static const gis::DemandGrid g = [] {
        gis::DemandGridConfig config;
        config.cellMeters = 200.0;
        gis::DemandGrid probe = gis::buildDemandGrid(data().data, config);
        config.cellMeters = 200.0 * std::sqrt(static_cast<double>(probe.points.size()) / 300000.0);
        return gis::buildDemandGrid(data().data, config);
    }();
    return g;
}

void redraw(benchmark::State& state, const viewer::MapDescription& map) {
    QImage image(map.widthPx, map.heightPx, QImage::Format_ARGB32_Premultiplied);
    const int dpm = static_cast<int>(std::lround(map.dpi / 0.0254));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    std::size_t labels = 0;
    for (auto _ : state) {
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
    const auto map = viewer::buildMap(data(), req);
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
    redraw(state, viewer::buildMap(data(), req));
}
BENCHMARK(BM_YangjiangRedrawWithHousing)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_YangjiangRedrawWithGrid(benchmark::State& state) {
    viewer::MapRequest req;
    req.grid = &grid300k();
    const auto map = viewer::buildMap(data(), req);
    state.counters["cells"] = static_cast<double>(grid300k().points.size());
    state.counters["cell_m"] = grid300k().cellMeters;
    redraw(state, map);
}
BENCHMARK(BM_YangjiangRedrawWithGrid)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_BuildYangjiangMapDescription(benchmark::State& state) {
    viewer::MapRequest req;
    for (auto _ : state)
        benchmark::DoNotOptimize(viewer::buildMap(data(), req));
}
BENCHMARK(BM_BuildYangjiangMapDescription)->Unit(benchmark::kMillisecond);

/// The whole sample report (12 A4 pages, four vector maps) written to a PDF.
void BM_WriteSampleReport(benchmark::State& state) {
    const auto doc = viewer::sampleReport(data());
    const auto file = std::filesystem::temp_directory_path() / "xw_bench_report.pdf";
    for (auto _ : state)
        benchmark::DoNotOptimize(viewer::writeReportPdf(doc, file).pages);
    std::filesystem::remove(file);
}
BENCHMARK(BM_WriteSampleReport)->Unit(benchmark::kMillisecond)->Iterations(5);

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
