// Projection benchmarks on a synthetic Yangjiang-sized city: 48 towns in 4 districts,
// ages 0–18 × 2 categories, 40 housing projects, 4 schools per town, births series 2010–2023,
// projection 2020 → 2035. Targets: one projection < 5 ms; 10,000 Monte Carlo draws with the seat
// comparison < 10 s on 2 cores; memory < 1 GiB (measure with /usr/bin/time -v). Figures are
// recorded in docs/performance.md.
#include <xw/core/projection/monte_carlo.hpp>
#include <xw/core/projection/projection.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

namespace {

using namespace xw::core;

CityData syntheticYangjiang() {
    CityData city;
    city.name = "synthetic Yangjiang";
    city.baseYear = 2020;
    city.regions.cityCode = "441700";
    city.regions.cityName = "阳江市";
    for (int d = 0; d < 4; ++d)
        city.regions.districts.push_back(
            {"44170" + std::to_string(d + 1), "D" + std::to_string(d)});
    city.population.year = 2020;
    constexpr int kTowns = 48;
    for (int t = 0; t < kTowns; ++t) {
        const std::string code = "4417" + std::to_string(10000 + t);
        city.regions.towns.push_back({code, code,
                                      city.regions.districts[static_cast<std::size_t>(t % 4)].code,
                                      t % 3 == 0, 150.0});
        TownPopulation tp;
        tp.townCode = code;
        tp.persons.resize(19);
        // About 570,000 residents aged 0–18 in all: ~600 per town and single-year age, fewer
        // young children (falling births), ~15 % 随迁.
        const double size = 0.5 + (t * 37 % 100) / 100.0;
        for (int a = 0; a <= 18; ++a) {
            const double n = size * (450.0 + 12.0 * a);
            tp.persons[static_cast<std::size_t>(a)] = {0.85 * n, 0.15 * n};
        }
        city.population.towns.push_back(tp);

        // Four schools per town: a kindergarten, two primaries and a junior middle school.
        auto school = [&](Stage s, int grades, int classesPerGrade, int studentsPerClass) {
            School sc;
            sc.id = code + "-" + std::string(stageCode(s)) + std::to_string(city.schools.size());
            sc.townCode = code;
            StageProvision p;
            p.stage = s;
            for (int g = 1; g <= grades; ++g)
                p.grades.push_back({g, classesPerGrade, classesPerGrade * studentsPerClass,
                                    classesPerGrade * studentsPerClass / 7});
            sc.stages.push_back(p);
            city.schools.push_back(sc);
        };
        const int k = 2 + t % 3;
        school(Stage::Kindergarten, 3, k + 2, 28);
        school(Stage::Primary, 6, k, 46);
        school(Stage::Primary, 6, k, 44);
        school(Stage::Junior, 3, k + 1, 50);
    }
    BirthsSeries births;
    births.areaCode = "441700";
    for (int y = 2010; y <= 2023; ++y)
        births.byYear[y] = 40100.0 - 1800.0 * (y - 2010);
    city.births.push_back(births);
    for (int h = 0; h < 40; ++h) {
        HousingProject hp;
        char id[16]; // not "H" + std::to_string(h): GCC 12 -Wrestrict false positive (PR 105329)
        std::snprintf(id, sizeof id, "H%d", h);
        hp.id = id;
        hp.townCode = city.regions.towns[static_cast<std::size_t>(h * 7 % kTowns)].code;
        hp.dwellings = 400 + 53 * h;
        hp.completionYear = 2021 + h % 10;
        if (h % 4 == 0) {
            hp.kindergarten.classes = 6;
            hp.kindergarten.deliveryYear = hp.completionYear;
        }
        city.housing.push_back(hp);
    }
    return city;
}

ProjectionConfig benchConfig() {
    ProjectionConfig cfg;
    cfg.horizonYear = 2035;
    cfg.assumptions.migration.netRatePerYearByAge[1] = {0.01};
    return cfg;
}

void BM_ProjectOnce(benchmark::State& state) {
    const CityData city = syntheticYangjiang();
    const ProjectionConfig cfg = benchConfig();
    for ([[maybe_unused]] auto _ : state) {
        ProjectionResult r = project(city, cfg);
        if (!r.ok())
            state.SkipWithError(r.errors.front().message.c_str());
        benchmark::DoNotOptimize(r.demandCalibrated.data());
    }
}
BENCHMARK(BM_ProjectOnce)->Unit(benchmark::kMillisecond);

void BM_MonteCarlo(benchmark::State& state) {
    const CityData city = syntheticYangjiang();
    MonteCarloConfig mc;
    mc.projection = benchConfig();
    mc.draws = static_cast<int>(state.range(0));
    mc.threads = static_cast<int>(state.range(1));
    mc.seed = 2035;
    for ([[maybe_unused]] auto _ : state) {
        MonteCarloResult r = runMonteCarlo(city, mc);
        if (!r.ok())
            state.SkipWithError(r.errors.front().message.c_str());
        benchmark::DoNotOptimize(r.cells.data());
    }
    state.counters["draws"] = static_cast<double>(mc.draws);
}
BENCHMARK(BM_MonteCarlo)
    ->Args({1000, 1})
    ->Args({1000, 2})
    ->Args({10000, 2})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

} // namespace

BENCHMARK_MAIN();
