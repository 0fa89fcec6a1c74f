// Side-by-side run on one seeded instance: xw::core::solveTransport against LEMON 1.3
// NetworkSimplex / CostScaling on the k-nearest candidate graph. Prints one line per solver.
//   transport_compare <points> <facilities> <seed> <which: ours|warm|ns|cs|cs+|ns+> [k=16]
//                     [ratio=1]
// Run each solver in its own process so that /usr/bin/time -v reports its own peak memory.
// cs+ / ns+: LEMON on the k nearest arcs plus the pairs that carry flow in our all-pairs optimum
// (computed first, in the same process, untimed), so LEMON's optimum on its graph is the
// all-pairs optimum and both solvers answer the same question.
#include "transport_instances.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr,
                     "usage: %s points facilities seed ours|warm|ns|cs|cs+|ns+ [k] [ratio]\n",
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
    // XW_TRANSPORT_THREADS: threads for the k-nearest / pricing / certificate scans (0 = all).
    if (const char* t = std::getenv("XW_TRANSPORT_THREADS"); t != nullptr) {
        p.threads = std::atoi(t);
    }
    using Clock = std::chrono::steady_clock;
    const auto cpuNow = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
    if (which == "ours" || which == "warm") {
        auto t0 = Clock::now();
        double c0 = cpuNow();
        const auto s = xw::core::solveTransport(p);
        const double cold = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("ours n=%zu m=%zu k=%d seconds=%.3f cpu_seconds=%.3f objective_cm=%lld "
                    "rounds=%d arcs_added=%lld augmentations=%lld gap=%.2f\n",
                    n, m, k, cold, cpuNow() - c0, static_cast<long long>(s.objectiveCentimeters),
                    s.pricingRounds, static_cast<long long>(s.arcsAdded),
                    static_cast<long long>(s.augmentations), s.optimalityGap);
        const auto& ph = s.phaseSeconds;
        std::printf("phases seconds: arcs=%.3f auction=%.3f heaps=%.3f paths=%.3f pricing=%.3f "
                    "output=%.3f (auction bids=%lld, threads=%d)\n",
                    ph.arcs, ph.auction, ph.heaps, ph.paths, ph.pricing, ph.output,
                    static_cast<long long>(s.auctionBids), p.threads);
        const auto tc = Clock::now();
        const double cc = cpuNow();
        const auto cert = xw::core::checkTransportCertificate(p, s);
        std::printf("certificate valid=%s pairs_checked=%lld seconds=%.3f cpu_seconds=%.3f (%s)\n",
                    cert.valid ? "yes" : "NO", static_cast<long long>(cert.pairsChecked),
                    std::chrono::duration<double>(Clock::now() - tc).count(), cpuNow() - cc,
                    cert.message.c_str());
        bool ok = cert.valid;
        if (which == "warm") {
            // One school edit at a time on a reusable solver (xw::core::TransportSolver): the
            // school with the highest price (the most sought-after) loses a quarter of its
            // seats, then has 110 % of its original seats, then closes. Each warm result is
            // compared with a cold solve of the edited problem and certified.
            std::size_t big = 0;
            for (std::size_t j = 1; j < m; ++j) {
                if (s.facilityPrices[j] > s.facilityPrices[big]) {
                    big = j;
                }
            }
            const std::int64_t seats = p.capacity[big];
            xw::core::TransportSolver solver(p);
            t0 = Clock::now();
            (void)solver.solve();
            std::printf("solver first solve (cold) seconds=%.3f\n",
                        std::chrono::duration<double>(Clock::now() - t0).count());
            for (const double factor : {0.75, 1.1, 0.0}) {
                const auto newSeats =
                    static_cast<std::int64_t>(static_cast<double>(seats) * factor);
                t0 = Clock::now();
                c0 = cpuNow();
                solver.updateCapacity(big, newSeats);
                const auto& w = solver.solve();
                const double warm = std::chrono::duration<double>(Clock::now() - t0).count();
                const double warmCpu = cpuNow() - c0;
                p.capacity[big] = newSeats;
                const auto c = xw::core::solveTransport(p);
                const auto wc = xw::core::checkTransportCertificate(p, w);
                std::printf("warm edit=capacity×%.2f seconds=%.3f cpu_seconds=%.3f "
                            "objective_cm=%lld cold_objective_cm=%lld equal=%s certificate=%s "
                            "augmentations=%lld\n",
                            factor, warm, warmCpu, static_cast<long long>(w.objectiveCentimeters),
                            static_cast<long long>(c.objectiveCentimeters),
                            w.objectiveCentimeters == c.objectiveCentimeters ? "yes" : "NO",
                            wc.valid ? "valid" : "INVALID",
                            static_cast<long long>(w.augmentations));
                ok = ok && wc.valid && w.objectiveCentimeters == c.objectiveCentimeters;
            }
        }
        return ok ? 0 : 1;
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
                const double d = xw::core::straightLineMeters(p.demandPoints[i], p.facilities[j]);
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
    const auto alg = (which == "ns" || which == "ns+") ? xw::bench::LemonAlgorithm::NetworkSimplex
                                                       : xw::bench::LemonAlgorithm::CostScaling;
    std::vector<std::vector<std::uint32_t>> support;
    if (which == "cs+" || which == "ns+") {
        support.resize(n);
        for (const auto& f : xw::core::solveTransport(p).flows) {
            support[f.point].push_back(f.facility);
        }
    }
    const auto r = xw::bench::solveWithLemon(p, k, alg, support.empty() ? nullptr : &support);
    std::printf("lemon-%s n=%zu m=%zu k=%d seconds=%.3f cpu_seconds=%.3f objective_cm=%lld "
                "optimal=%s\n",
                which.c_str(), n, m, k, r.solveSeconds, r.cpuSeconds,
                static_cast<long long>(r.objectiveCentimeters), r.optimal ? "yes" : "NO");
    return r.optimal ? 0 : 1;
}
