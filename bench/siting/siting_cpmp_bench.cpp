// Capacitated p-median (single-source) on Osman & Christofides cpmp01–20 and Lorena & Senne
// SJC1–4b with xw::core::solveSiting (figures in docs/performance.md, "Siting").
//
//   siting_cpmp_bench <benchdata folder> [--only NAME] [--threads T]
//                     [--bound-iterations B] [--search-iterations S]
//
// Every node is a customer (children = its demand, objective weight 1) and a possible median
// with its capacity; distances Euclidean, rounded down for cpmp (costUnitsPerMeter = 1, exact)
// and exact for SJC (costUnitsPerMeter = 10⁴). Optima: cpmp/optimal_values.txt (SJC rounded to
// whole units there).
#include "siting_instances.hpp"

#include <xw/core/siting/siting.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
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
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: %s <benchdata folder> [--only NAME] [--threads T] "
                     "[--bound-iterations B] [--search-iterations S]\n",
                     argv[0]);
        return 2;
    }
    const std::string root = std::string(argv[1]) + "/cpmp";
    std::string only;
    int threads = 2;
    int boundIterations = 0;
    int searchIterations = 0;
    for (int a = 2; a + 1 < argc; ++a) {
        const std::string arg = argv[a];
        if (arg == "--only")
            only = argv[++a];
        else if (arg == "--threads")
            threads = std::stoi(argv[++a]);
        else if (arg == "--bound-iterations")
            boundIterations = std::stoi(argv[++a]);
        else if (arg == "--search-iterations")
            searchIterations = std::stoi(argv[++a]);
    }
    const auto optima = xw::bench::readOptima(root + "/optimal_values.txt");
    std::vector<std::string> names;
    for (int k = 1; k <= 20; ++k) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "cpmp%02d", k);
        names.emplace_back(buf);
    }
    for (const char* s : {"SJC1", "SJC2", "SJC3a", "SJC3b", "SJC4a", "SJC4b"})
        names.emplace_back(s);
    std::printf("%-7s %4s %3s %9s %10s %7s %5s %10s %7s %7s %7s %8s\n", "name", "n", "p", "optimum",
                "ours", "dev_%", "opt", "bound", "gap_%", "wall_s", "cpu_s", "solves");
    for (const std::string& name : names) {
        if (!only.empty() && name != only)
            continue;
        const bool sjc = name.rfind("SJC", 0) == 0;
        const xw::bench::CpmpInstance inst =
            xw::bench::readCpmp(root + (sjc ? "/lorena_senne_sjc/" + name + ".dat"
                                            : "/osman_christofides/" + name + ".txt"));
        const xw::core::SitingProblem problem = xw::bench::cpmpProblem(inst, !sjc);
        xw::core::SitingConfig config;
        config.newFacilities = inst.p;
        config.seats = xw::core::SeatRule::SingleSource;
        config.costUnitsPerMeter = sjc ? 1.0e4 : 1.0;
        config.threads = threads;
        config.boundIterations = boundIterations;
        config.searchIterations = searchIterations;
        const double c0 = cpuNow();
        const auto t0 = Clock::now();
        const xw::core::SitingResult r = xw::core::solveSiting(problem, config);
        const double wall = since(t0);
        const double cpu = cpuNow() - c0;
        const double optimum = optima.at(name);
        // SJC optima are listed rounded to whole units: compare at that precision.
        const double ours = sjc ? std::floor(r.objective) : r.objective;
        const double dev = 100.0 * (ours - optimum) / optimum;
        std::printf("%-7s %4zu %3zu %9.0f %10.2f %7.3f %5s %10.2f %7.3f %7.2f %7.2f %8lld\n",
                    name.c_str(), inst.nodes.size(), inst.p, optimum, r.objective, dev,
                    ours == optimum ? "yes" : "NO", r.bound, 100.0 * r.gap, wall, cpu,
                    static_cast<long long>(r.assignmentSolves));
        std::fflush(stdout);
    }
    return 0;
}
