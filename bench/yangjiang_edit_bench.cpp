// Warm re-solve of the Yangjiang assignment after one school edit.
//
//   yangjiang_edit_bench [data folder = the embedded dataset] [grid metres = 250]
//
// For every stage with schools: the base year's demand on the demand grid (as `xuewei run
// --allocate optimal` builds it), solved cold by a reusable xw::core::TransportSolver; then, one
// at a time, three edits of the stage's most sought-after school (highest seat price; the
// largest school when no price is positive): a quarter of its seats removed, 110 % of its
// original seats, closed (0 seats). Each warm result is certified over every pair and compared
// with a cold solve of the edited problem (equal objective required); the exit code is 1 when
// any check fails. Times are wall clock (steady_clock) and the process's CPU time.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/transport.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}
double cpuNow() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

} // namespace

int main(int argc, char** argv) {
    namespace core = xw::core;
    namespace gis = xw::gis;
    const std::filesystem::path data = argc > 1 ? argv[1] : XW_DEFAULT_DATA_DIR;
    const double cellMeters = argc > 2 ? std::stod(argv[2]) : 250.0;
    try {
        const gis::DatasetLoad d = gis::loadDataset(data);
        const core::CityData& city = d.city;
        const core::SeatBalance balance = core::computeSeatBalance(city);
        gis::DemandGridConfig gc;
        gc.cellMeters = cellMeters;
        const gis::DemandGrid grid = gis::buildDemandGrid(d, gc);
        std::printf("dataset %s, grid %.0f m: %zu points\n", data.string().c_str(), cellMeters,
                    grid.points.size());
        std::printf("%-13s %7s %7s %10s %-16s %9s %9s %12s %6s %5s\n", "stage", "points", "schools",
                    "cold_s", "edit", "warm_s", "warm_cpu", "searches", "equal", "cert");
        bool ok = true;
        for (const core::Stage stage : core::kAllStages) {
            std::vector<double> townDemand(city.regions.towns.size(), 0.0);
            for (const auto& row : balance.towns)
                if (row.stage == stage)
                    if (const auto t = city.regions.townIndex(row.code))
                        townDemand[*t] = row.demand;
            const core::DemandSplit split = core::splitDemand(grid.points, townDemand);
            core::AllocationConfig config;
            config.mode = core::AllocationMode::Optimal;
            const core::AllocationProblem problem =
                core::buildAllocationProblem(city, stage, grid.points, split.perPoint, config);
            if (problem.facilities.empty() || problem.points.empty())
                continue;
            core::TransportProblem tp = core::transportProblemOf(problem);
            core::TransportSolver solver(tp);
            auto t0 = Clock::now();
            const core::TransportSolution& first = solver.solve();
            const double cold = since(t0);
            std::size_t pick = 0;
            for (std::size_t j = 1; j < tp.facilities.size(); ++j) {
                const bool higher = first.facilityPrices[j] > first.facilityPrices[pick];
                const bool tieLarger = first.facilityPrices[j] == first.facilityPrices[pick] &&
                                       tp.capacity[j] > tp.capacity[pick];
                if (higher || tieLarger)
                    pick = j;
            }
            const std::int64_t seats = tp.capacity[pick];
            for (const double factor : {0.75, 1.1, 0.0}) {
                const auto newSeats =
                    static_cast<std::int64_t>(static_cast<double>(seats) * factor);
                t0 = Clock::now();
                const double c0 = cpuNow();
                solver.updateCapacity(pick, newSeats);
                const core::TransportSolution& w = solver.solve();
                const double warm = since(t0);
                const double warmCpu = cpuNow() - c0;
                tp.capacity[pick] = newSeats;
                const core::TransportSolution c = core::solveTransport(tp);
                const core::TransportCertificate cert = core::checkTransportCertificate(tp, w);
                const bool equal = w.objectiveCentimeters == c.objectiveCentimeters;
                ok = ok && equal && cert.valid;
                const std::string edit = factor == 0.0
                                             ? std::string("closed")
                                             : "seats x" + std::to_string(factor).substr(0, 4);
                std::printf("%-13s %7zu %7zu %10.3f %-16s %9.3f %9.3f %12lld %6s %5s\n",
                            std::string(core::stageCode(stage)).c_str(), tp.demandPoints.size(),
                            tp.facilities.size(), cold, edit.c_str(), warm, warmCpu,
                            static_cast<long long>(w.augmentations), equal ? "yes" : "NO",
                            cert.valid ? "ok" : "FAIL");
            }
        }
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
}
