// Residential units against the 250 m grid on the embedded Yangjiang data (docs/performance.md,
// "Demand units"): the allocation of every stage from the same dataset, once with the demand on
// its residential units (gis::buildDemandPoints) and once on the grid as before units existed
// (the same dataset with its units removed), side by side in one process.
//
//   demand_units_bench [rounds = 5] [data folder = the embedded dataset] [grid metres = 250]
//
// Each round runs both pipelines one after the other (grid first in even rounds, units first in
// odd ones, so neither always runs on a warm cache); per pipeline and phase it prints the median
// and the minimum over the rounds: demand points, split + problems, allocation (optimal mode,
// accessibility included) and their total. Wall clock (steady_clock). It also checks that both
// pipelines place every child the balance asks for (exit code 1 otherwise).
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_units.hpp>
#include <xw/scenarios/norms_file.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace core = xw::core;
namespace gis = xw::gis;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Phases {
    double points = 0.0, split = 0.0, allocate = 0.0;
    std::size_t pointCount = 0;
    std::int64_t children = 0;
    [[nodiscard]] double total() const { return points + split + allocate; }
};

Phases run(const gis::DatasetLoad& data, const core::SeatBalance& balance, double cellMeters) {
    Phases p;
    const core::CityData& city = data.city;
    auto t0 = Clock::now();
    gis::DemandGridConfig gc;
    gc.cellMeters = cellMeters;
    const gis::DemandGrid points = gis::buildDemandPoints(data, gc);
    p.points = since(t0);
    p.pointCount = points.points.size();
    core::AllocationConfig config;
    config.mode = core::AllocationMode::Optimal;
    for (const core::Stage stage : core::kAllStages) {
        t0 = Clock::now();
        std::vector<double> townDemand(city.regions.towns.size(), 0.0);
        for (const auto& row : balance.towns)
            if (row.stage == stage)
                if (const auto t = city.regions.townIndex(row.code))
                    townDemand[*t] = row.demand;
        const core::DemandSplit split = core::splitDemand(points.pointsFor(stage), townDemand);
        const core::AllocationProblem problem =
            core::buildAllocationProblem(city, stage, points.points, split.perPoint, config);
        p.split += since(t0);
        if (problem.facilities.empty())
            continue;
        t0 = Clock::now();
        const core::AllocationResult r = core::allocate(city, problem);
        p.allocate += since(t0);
        p.children += r.city.demand;
    }
    return p;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::stoi(argv[1])) : 5;
    const std::filesystem::path folder = argc > 2 ? argv[2] : XW_DEFAULT_DATA_DIR;
    const double cellMeters = argc > 3 ? std::stod(argv[3]) : 250.0;
    try {
        auto t0 = Clock::now();
        gis::DatasetLoad units = gis::loadDataset(folder);
        const double loadSeconds = since(t0);
        if (units.normsFile)
            units.city.norms = xw::scenarios::loadNorms(*units.normsFile, units.city.norms);
        if (units.demandUnits.empty()) {
            std::fprintf(stderr, "the dataset has no residential units (layer demand_units)\n");
            return 1;
        }
        gis::DatasetLoad grid = units;
        grid.demandUnits.clear();
        const core::SeatBalance balance = core::computeSeatBalance(units.city);
        std::printf("dataset %s: %zu residential units; grid %.0f m; %d rounds (load %.2f s)\n",
                    folder.string().c_str(), units.demandUnits.size(), cellMeters, rounds,
                    loadSeconds);
        std::array<std::vector<Phases>, 2> all; // 0 grid, 1 units
        for (int k = 0; k < rounds; ++k)
            for (int w = 0; w < 2; ++w) {
                const int which = (k % 2 == 0) ? w : 1 - w;
                all[static_cast<std::size_t>(which)].push_back(
                    run(which == 0 ? grid : units, balance, cellMeters));
            }
        std::printf("%-6s %8s %9s | %-17s %-17s %-17s %-17s\n", "demand", "points", "children",
                    "points (med/min)", "split+problems", "allocate", "total");
        bool ok = true;
        for (int which = 0; which < 2; ++which) {
            const auto& ps = all[static_cast<std::size_t>(which)];
            const auto col = [&](auto get) {
                std::vector<double> v;
                for (const Phases& p : ps)
                    v.push_back(get(p));
                return std::make_pair(median(v), *std::min_element(v.begin(), v.end()));
            };
            const auto a = col([](const Phases& p) { return p.points; });
            const auto b = col([](const Phases& p) { return p.split; });
            const auto c = col([](const Phases& p) { return p.allocate; });
            const auto d = col([](const Phases& p) { return p.total(); });
            std::printf(
                "%-6s %8zu %9lld | %7.3f / %7.3f %7.3f / %7.3f %7.3f / %7.3f %7.3f / %7.3f\n",
                which == 0 ? "grid" : "units", ps.front().pointCount,
                static_cast<long long>(ps.front().children), a.first, a.second, b.first, b.second,
                c.first, c.second, d.first, d.second);
        }
        if (all[0].front().children != all[1].front().children) {
            std::printf("children differ between the pipelines\n");
            ok = false;
        }
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
