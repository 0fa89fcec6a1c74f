// Google Benchmark: cold solve, warm re-solve after one capacity edit, and LEMON CostScaling on
// the k-nearest graph of the same seeded instance. Large sizes are run by
// bench/transport/run_transport_bench.sh through transport_compare, not here.
#include "transport_instances.hpp"

#include <benchmark/benchmark.h>

namespace {

void BM_TransportCold(benchmark::State& state) {
    const auto p = xw::bench::transportInstance(static_cast<std::size_t>(state.range(0)),
                                                static_cast<std::size_t>(state.range(1)), 1);
    std::int64_t objective = 0;
    for ([[maybe_unused]] auto _ : state) {
        const auto s = xw::core::solveTransport(p);
        objective = s.objectiveCentimeters;
        benchmark::DoNotOptimize(objective);
    }
    state.counters["objective_m"] = static_cast<double>(objective) / 100.0;
}
BENCHMARK(BM_TransportCold)->Args({50000, 1000})->Unit(benchmark::kMillisecond);

void BM_TransportWarmAfterOneEdit(benchmark::State& state) {
    auto p = xw::bench::transportInstance(static_cast<std::size_t>(state.range(0)),
                                          static_cast<std::size_t>(state.range(1)), 1);
    const auto before = xw::core::solveTransport(p);
    p.capacity[0] = p.capacity[0] * 3 / 4;
    for ([[maybe_unused]] auto _ : state) {
        const auto s = xw::core::solveTransport(p, &before);
        benchmark::DoNotOptimize(s.objectiveCentimeters);
    }
}
BENCHMARK(BM_TransportWarmAfterOneEdit)->Args({50000, 1000})->Unit(benchmark::kMillisecond);

void BM_LemonCostScaling(benchmark::State& state) {
    const auto p = xw::bench::transportInstance(static_cast<std::size_t>(state.range(0)),
                                                static_cast<std::size_t>(state.range(1)), 1);
    for ([[maybe_unused]] auto _ : state) {
        const auto r = xw::bench::solveWithLemon(p, 16, xw::bench::LemonAlgorithm::CostScaling);
        state.SetIterationTime(r.solveSeconds);
        benchmark::DoNotOptimize(r.objectiveCentimeters);
    }
}
BENCHMARK(BM_LemonCostScaling)
    ->Args({50000, 1000})
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
