// Nearest-school searches when the schools of a stage coincide or are one (the facility grid of
// core/src/detail/facility_grid.hpp): every school at one point, one school, and the same number
// spread out for comparison. A 17-school county stage with about 1,000 demand points, as in the
// vocational stage that took 9–29 s per year when the grid's search grew one metre per ring.
// Figures in docs/performance.md.
#include <xw/core/allocation/allocation.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace {

using namespace xw::core;

enum class Layout { Coincident, Single, Spread };

/// A 32 × 32 grid of points 125 m apart (a 4 km square) with 3 children each, and the schools:
/// all 17 at its centre, one there, or 17 spread over the square.
struct Instance {
    CityData city;
    AllocationProblem problem;
};

Instance makeInstance(Layout layout, AllocationMode mode) {
    Instance in;
    CityData& city = in.city;
    city.baseYear = 2020;
    city.regions.cityCode = "C";
    city.regions.districts.push_back({"D", "D"});
    city.regions.towns.push_back({"T", "T", "D", false, 16.0});
    const int schools = layout == Layout::Single ? 1 : 17;
    for (int s = 0; s < schools; ++s) {
        School sc;
        sc.id = "S" + std::to_string(s);
        sc.townCode = "T";
        sc.location = layout == Layout::Spread
                          ? PointM{100.0 + 225.0 * s, 100.0 + 225.0 * ((s * 7) % 17)}
                          : PointM{2000.0, 2000.0};
        StageProvision p;
        p.stage = Stage::Vocational;
        for (int g = 1; g <= 3; ++g)
            p.grades.push_back({g, 4, 180, 0});
        sc.stages.push_back(p);
        city.schools.push_back(sc);
    }
    std::vector<DemandPoint> grid;
    std::vector<std::int64_t> demand;
    for (int j = 0; j < 32; ++j)
        for (int i = 0; i < 32; ++i) {
            grid.push_back({{62.5 + 125.0 * i, 62.5 + 125.0 * j}, 0, 1.0});
            demand.push_back(3);
        }
    AllocationConfig config;
    config.mode = mode;
    in.problem = buildAllocationProblem(city, Stage::Vocational, grid, demand, config);
    return in;
}

void allocateBench(benchmark::State& state, Layout layout, AllocationMode mode) {
    const Instance in = makeInstance(layout, mode);
    for ([[maybe_unused]] auto _ : state) {
        AllocationResult r = allocate(in.city, in.problem);
        benchmark::DoNotOptimize(r);
    }
    state.counters["points"] = static_cast<double>(in.problem.points.size());
    state.counters["schools"] = static_cast<double>(in.problem.facilities.size());
}

} // namespace

BENCHMARK_CAPTURE(allocateBench, nearest_coincident, Layout::Coincident, AllocationMode::Nearest)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(allocateBench, nearest_single, Layout::Single, AllocationMode::Nearest)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(allocateBench, nearest_spread, Layout::Spread, AllocationMode::Nearest)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(allocateBench, optimal_coincident, Layout::Coincident, AllocationMode::Optimal)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(allocateBench, optimal_single, Layout::Single, AllocationMode::Optimal)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(allocateBench, optimal_spread, Layout::Spread, AllocationMode::Optimal)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
