// City-scale p-median with xw::core::solveSiting: seeded uniform points and candidate sites in a
// 60 km square (bench/siting/siting_instances.hpp), straight-line distances, no existing schools
// (the hardest case: every point is far from every open site at the start). Prints the answer, the
// certified bound and gap, wall and CPU seconds, and the peak resident memory (getrusage).
//
//   siting_city_bench [points = 200000] [sites = 2000] [p = 30] [threads = 2] [seed = 1]
#include "siting_instances.hpp"

#include <xw/core/siting/siting.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

int main(int argc, char** argv) {
    using Clock = std::chrono::steady_clock;
    const std::size_t points = argc > 1 ? std::stoul(argv[1]) : 200000;
    const std::size_t sites = argc > 2 ? std::stoul(argv[2]) : 2000;
    const std::size_t p = argc > 3 ? std::stoul(argv[3]) : 30;
    const int threads = argc > 4 ? std::stoi(argv[4]) : 2;
    const std::uint64_t seed = argc > 5 ? std::stoull(argv[5]) : 1;
    const xw::core::SitingProblem problem = xw::bench::cityProblem(points, sites, seed);
    xw::core::SitingConfig config;
    config.newFacilities = p;
    config.threads = threads;
    const auto t0 = Clock::now();
    const std::clock_t c0 = std::clock();
    const xw::core::Progress progress([&](std::string_view step, std::int64_t, std::int64_t) {
        static std::string last;
        if (last != step) {
            last = step;
            std::printf("  %7.1f s  %s\n", std::chrono::duration<double>(Clock::now() - t0).count(),
                        std::string(step).c_str());
            std::fflush(stdout);
        }
    });
    const xw::core::SitingResult r = xw::core::solveSiting(problem, config, progress);
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("points %zu, sites %zu, p %zu, threads %d, seed %llu\n", points, sites, p, threads,
                static_cast<unsigned long long>(seed));
    std::printf("objective %.0f child-m (mean %.0f m), bound %.0f, gap %.3f %%, proved %s\n",
                r.objective,
                r.totalChildMeters / std::max<double>(1.0, static_cast<double>(r.childrenServed)),
                r.bound, 100.0 * r.gap, r.provedOptimal ? "yes" : "no");
    std::printf("VNS iterations %d, subgradient iterations %d, moves %lld\n", r.searchIterations,
                r.boundIterations, static_cast<long long>(r.moves));
    std::printf("wall %.1f s, cpu %.1f s, peak RSS %.0f MiB\n", wall, cpu,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
