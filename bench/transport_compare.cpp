// Side-by-side run on one seeded instance: xw::core::solveTransport against LEMON 1.3
// NetworkSimplex / CostScaling on the k-nearest candidate graph. Prints one line per solver.
//   transport_compare <points> <facilities> <seed> <which: ours|warm|ns|cs> [k=16] [ratio=1]
// Run each solver in its own process so that /usr/bin/time -v reports its own peak memory.
#include "transport_instances.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s points facilities seed ours|warm|ns|cs [k] [ratio]\n",
                     argv[0]);
        return 2;
    }
    const std::size_t n = std::stoul(argv[1]);
    const std::size_t m = std::stoul(argv[2]);
    const std::uint64_t seed = std::stoull(argv[3]);
    const std::string which = argv[4];
    const int k = argc > 5 ? std::stoi(argv[5]) : 16;
    const double ratio = argc > 6 ? std::stod(argv[6]) : 1.0;
    xw::core::TransportProblem p = xw::bench::transportInstance(n, m, seed, ratio);
    p.candidateArcs = k;
    using Clock = std::chrono::steady_clock;
    if (which == "ours" || which == "warm") {
        auto t0 = Clock::now();
        const auto s = xw::core::solveTransport(p);
        const double cold = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("ours n=%zu m=%zu k=%d seconds=%.3f objective_cm=%lld rounds=%d "
                    "arcs_added=%lld augmentations=%lld gap=%.2f\n",
                    n, m, k, cold, static_cast<long long>(s.objectiveCentimeters), s.pricingRounds,
                    static_cast<long long>(s.arcsAdded), static_cast<long long>(s.augmentations),
                    s.optimalityGap);
        if (which == "warm") {
            // One school edit: the full school with the highest price (the most sought-after)
            // loses a quarter of its seats; separately, it gains 10 %.
            std::size_t big = 0;
            for (std::size_t j = 1; j < m; ++j) {
                if (s.facilityPrices[j] > s.facilityPrices[big]) {
                    big = j;
                }
            }
            const std::int64_t seats = p.capacity[big];
            for (const double factor : {0.75, 1.1}) {
                p.capacity[big] = static_cast<std::int64_t>(static_cast<double>(seats) * factor);
                t0 = Clock::now();
                const auto w = xw::core::solveTransport(p, &s);
                const double warm = std::chrono::duration<double>(Clock::now() - t0).count();
                const auto c = xw::core::solveTransport(p);
                std::printf("warm edit=capacity×%.2f seconds=%.3f objective_cm=%lld "
                            "cold_objective_cm=%lld equal=%s\n",
                            factor, warm, static_cast<long long>(w.objectiveCentimeters),
                            static_cast<long long>(c.objectiveCentimeters),
                            w.objectiveCentimeters == c.objectiveCentimeters ? "yes" : "NO");
            }
        }
        const auto cert = xw::core::checkTransportCertificate(p, s);
        std::printf("certificate valid=%s pairs_checked=%lld (%s)\n", cert.valid ? "yes" : "NO",
                    static_cast<long long>(cert.pairsChecked), cert.message.c_str());
        return cert.valid ? 0 : 1;
    }
    if (which == "lp") {
        // Writes the full LP (every pair, integer centimetre costs) in CPLEX LP format to
        // argv[7] for an independent solver, and prints our objective.
        if (argc < 8) {
            std::fprintf(stderr, "lp mode needs: ... lp k ratio file.lp\n");
            return 2;
        }
        const auto s = xw::core::solveTransport(p);
        std::FILE* f = std::fopen(argv[7], "w");
        if (f == nullptr) {
            std::fprintf(stderr, "无法写入 / cannot write %s\n", argv[7]);
            return 2;
        }
        const long long penalty = xw::core::transportCostCentimeters(p.unplacedPenaltyMeters);
        std::fprintf(f, "Minimize\n obj:");
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < m; ++j) {
                const double d = std::hypot(p.demandPoints[i].x - p.facilities[j].x,
                                            p.demandPoints[i].y - p.facilities[j].y);
                std::fprintf(f, " + %lld x%zu_%zu",
                             static_cast<long long>(xw::core::transportCostCentimeters(d)), i, j);
            }
            std::fprintf(f, " + %lld s%zu\n", penalty, i);
        }
        std::fprintf(f, "Subject To\n");
        for (std::size_t i = 0; i < n; ++i) {
            std::fprintf(f, " d%zu:", i);
            for (std::size_t j = 0; j < m; ++j) {
                std::fprintf(f, " + x%zu_%zu", i, j);
            }
            std::fprintf(f, " + s%zu = %lld\n", i, static_cast<long long>(p.demand[i]));
        }
        for (std::size_t j = 0; j < m; ++j) {
            std::fprintf(f, " u%zu:", j);
            for (std::size_t i = 0; i < n; ++i) {
                std::fprintf(f, " + x%zu_%zu", i, j);
            }
            std::fprintf(f, " <= %lld\n", static_cast<long long>(p.capacity[j]));
        }
        std::fprintf(f, "End\n");
        std::fclose(f);
        std::printf("ours objective_cm=%lld\n", static_cast<long long>(s.objectiveCentimeters));
        return 0;
    }
    const auto alg = which == "ns" ? xw::bench::LemonAlgorithm::NetworkSimplex
                                   : xw::bench::LemonAlgorithm::CostScaling;
    const auto r = xw::bench::solveWithLemon(p, k, alg);
    std::printf("lemon-%s n=%zu m=%zu k=%d seconds=%.3f objective_cm=%lld optimal=%s\n",
                which.c_str(), n, m, k, r.solveSeconds,
                static_cast<long long>(r.objectiveCentimeters), r.optimal ? "yes" : "NO");
    return r.optimal ? 0 : 1;
}
