// Edit → re-run → redraw in the viewer (docs/performance.md, "Whole runs and re-runs after an
// edit"): what one plan edit costs
// on the embedded Yangjiang data at the default 250 m grid, as the viewer does it —
// study::Study::setPlan, Study::run (the engine reuses the projection, the grid and unchanged
// allocations), the model's map description, and a redraw at 1600 × 900 with the renderer the
// map widget uses.
//
//   viewer_edit_bench [edits per config = 5] [config number 1-4, default all]
//
// Configs: base year only with the allocation; projected to 2035 with the base-year
// allocation (no 学位预警); the viewer's default (the same plus 200 Monte Carlo draws); and
// projected to 2035 with every year allocated. Each edit adds one primary school (4 classes per
// grade) in the town then shortest of primary seats, in the base year. Times are wall clock
// (steady_clock), medians over the edits; the engine's own step times come from
// StudyResults::timings.
#include <xw/study/study.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/map_builder.hpp>
#include <xw/viewer/model/plan_edits.hpp>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace xw;

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count() * 1000.0;
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct Config {
    const char* name;
    study::StudyConfig config;
};

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const int edits = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const int only = argc > 2 ? std::atoi(argv[2]) : 0;
    try {
        std::vector<Config> configs;
        {
            study::StudyConfig c;
            c.baseYearOnly = true;
            configs.push_back({"base year + allocation", c});
            c.baseYearOnly = false;
            c.years = std::make_pair(2020, 2035);
            c.allocateEveryYear = false;
            configs.push_back({"to 2035, base-year allocation", c});
            c.monteCarloDraws = 200;
            configs.push_back({"viewer default (+200 draws)", c});
            c.monteCarloDraws = 0;
            c.allocateEveryYear = true;
            configs.push_back({"to 2035, every year allocated", c});
        }
        std::printf("%-32s %9s | %9s %9s %9s %9s %9s | %8s %8s | %9s\n", "config", "cold_ms",
                    "edit_ms", "balance", "project", "alloc", "mc", "map_ms", "draw_ms",
                    "total_ms");
        for (std::size_t n = 0; n < configs.size(); ++n) {
            if (only > 0 && static_cast<std::size_t>(only) != n + 1)
                continue;
            const Config& cfg = configs[n];
            study::Study s = study::Study::open(XW_DEFAULT_DATA_DIR);
            auto t0 = Clock::now();
            study::StudyResults r = s.run(cfg.config);
            const double cold = since(t0);
            const viewer::MapGeometry geometry = viewer::decodeGeometry(r);
            std::vector<double> engine, mapMs, drawMs, total;
            std::map<std::string, std::vector<double>> steps;
            core::Plan plan = s.scenario().plan;
            QImage image(1600, 900, QImage::Format_ARGB32_Premultiplied);
            for (int k = 0; k < edits; ++k) {
                const core::AreaStageBalance* worst = nullptr;
                for (const auto& row : r.balance.towns)
                    if (row.stage == core::Stage::Primary &&
                        (worst == nullptr || row.shortfall > worst->shortfall))
                        worst = &row;
                std::size_t t = 0;
                while (r.townShapes[t].code != worst->code)
                    ++t;
                core::PointM at = geometry.towns[t].inside;
                at.x += 50.0 * k; // a new site each time
                plan = viewer::withNewSchool(
                    plan, viewer::makeNewSchool(viewer::newSchoolId(*r.city, plan), "基准测试新校",
                                                core::Stage::Primary, 6, 4, r.baseYear, at));
                const auto e0 = Clock::now();
                s.setPlan(plan);
                r = s.run(cfg.config);
                const double e = since(e0);
                const auto m0 = Clock::now();
                viewer::MapRequest req;
                req.widthPx = 1600;
                req.heightPx = 900;
                const viewer::MapDescription map = viewer::buildMap(r, geometry, req);
                const double m = since(m0);
                const auto d0 = Clock::now();
                {
                    QPainter painter(&image);
                    (void)viewer::renderMap(painter, map, QRectF(0, 0, 1600, 900));
                }
                const double d = since(d0);
                engine.push_back(e);
                mapMs.push_back(m);
                drawMs.push_back(d);
                total.push_back(e + m + d);
                for (const auto& st : r.timings)
                    steps[st.step].push_back(st.seconds * 1000.0);
            }
            const auto step = [&](const char* key) { return median(steps[key]); };
            std::printf("%-32s %9.0f | %9.0f %9.1f %9.1f %9.1f %9.1f | %8.1f %8.1f | %9.0f\n",
                        cfg.name, cold, median(engine), step("balance"), step("projection"),
                        step("allocation"), step("monte_carlo"), median(mapMs), median(drawMs),
                        median(total));
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
}
