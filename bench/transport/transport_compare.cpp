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
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace core = xw::core;
using Clock = std::chrono::steady_clock;

/// The command line: the instance, the solver to run on it and, for "lp", the file to write.
struct Options {
    std::size_t points = 0;
    std::size_t facilities = 0;
    std::uint64_t seed = 0;
    std::string which; ///< ours | warm | ns | cs | cs+ | ns+ | lp (anything else: cs)
    int k = 16;        ///< candidate arcs per point
    double ratio = 1.0;
    const char* lpFile = nullptr; ///< argv[7], lp mode only
};

/// Process CPU time, seconds.
double cpuNow() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

/// Wall time since t0, seconds.
double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Reads the options, or prints the usage and returns nothing when there are too few.
std::optional<Options> parseOptions(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr,
                     "usage: %s points facilities seed ours|warm|ns|cs|cs+|ns+ [k] [ratio]\n",
                     argv[0]);
        return std::nullopt;
    }
    Options o;
    o.points = std::stoul(argv[1]);
    o.facilities = std::stoul(argv[2]);
    o.seed = std::stoull(argv[3]);
    o.which = argv[4];
    o.k = argc > 5 ? std::stoi(argv[5]) : 16;
    o.ratio = argc > 6 ? std::stod(argv[6]) : 1.0;
    o.lpFile = argc > 7 ? argv[7] : nullptr;
    return o;
}

/// The seeded instance with k candidate arcs and the thread count of the environment.
core::TransportProblem makeProblem(const Options& o) {
    core::TransportProblem p =
        xw::bench::transportInstance(o.points, o.facilities, o.seed, o.ratio);
    p.candidateArcs = o.k;
    // XW_TRANSPORT_THREADS: threads for the k-nearest / pricing / certificate scans (0 = all).
    if (const char* t = std::getenv("XW_TRANSPORT_THREADS"); t != nullptr) {
        p.threads = std::atoi(t);
    }
    return p;
}

/// Our cold solve, timed; prints the "ours" line and the "phases" line.
core::TransportSolution solveCold(const Options& o, const core::TransportProblem& p) {
    const auto t0 = Clock::now();
    const double c0 = cpuNow();
    auto s = core::solveTransport(p);
    const double cold = secondsSince(t0);
    std::printf("ours n=%zu m=%zu k=%d seconds=%.3f cpu_seconds=%.3f objective_cm=%lld "
                "rounds=%d arcs_added=%lld augmentations=%lld gap=%.2f\n",
                o.points, o.facilities, o.k, cold, cpuNow() - c0,
                static_cast<long long>(s.objectiveCentimeters), s.pricingRounds,
                static_cast<long long>(s.arcsAdded), static_cast<long long>(s.augmentations),
                s.optimalityGap);
    const auto& ph = s.phaseSeconds;
    std::printf("phases seconds: arcs=%.3f auction=%.3f heaps=%.3f paths=%.3f pricing=%.3f "
                "output=%.3f (auction bids=%lld, threads=%d)\n",
                ph.arcs, ph.auction, ph.heaps, ph.paths, ph.pricing, ph.output,
                static_cast<long long>(s.auctionBids), p.threads);
    return s;
}

/// Checks the solution's certificate, timed; prints the "certificate" line. True when valid.
bool certify(const core::TransportProblem& p, const core::TransportSolution& s) {
    const auto tc = Clock::now();
    const double cc = cpuNow();
    const auto cert = core::checkTransportCertificate(p, s);
    std::printf("certificate valid=%s pairs_checked=%lld seconds=%.3f cpu_seconds=%.3f (%s)\n",
                cert.valid ? "yes" : "NO", static_cast<long long>(cert.pairsChecked),
                secondsSince(tc), cpuNow() - cc, cert.message.c_str());
    return cert.valid;
}

/// The school with the highest price (the most sought-after); the first one on a tie.
std::size_t mostSoughtAfter(const core::TransportSolution& s, std::size_t facilities) {
    std::size_t big = 0;
    for (std::size_t j = 1; j < facilities; ++j) {
        if (s.facilityPrices[j] > s.facilityPrices[big]) {
            big = j;
        }
    }
    return big;
}

/// One school edit at a time on a reusable solver (core::TransportSolver): the most sought-after
/// school loses a quarter of its seats, then has 110 % of its original seats, then closes. Each
/// warm result is compared with a cold solve of the edited problem (p is edited along) and
/// certified; prints one "warm" line per edit. True when every edit matched and was certified.
bool runWarmEdits(const Options& o, core::TransportProblem& p, const core::TransportSolution& s) {
    const std::size_t big = mostSoughtAfter(s, o.facilities);
    const std::int64_t seats = p.capacity[big];
    core::TransportSolver solver(p);
    auto t0 = Clock::now();
    (void)solver.solve();
    std::printf("solver first solve (cold) seconds=%.3f\n", secondsSince(t0));
    bool ok = true;
    for (const double factor : {0.75, 1.1, 0.0}) {
        const auto newSeats = static_cast<std::int64_t>(static_cast<double>(seats) * factor);
        t0 = Clock::now();
        const double c0 = cpuNow();
        solver.updateCapacity(big, newSeats);
        const auto& w = solver.solve();
        const double warm = secondsSince(t0);
        const double warmCpu = cpuNow() - c0;
        p.capacity[big] = newSeats;
        const auto c = core::solveTransport(p);
        const auto wc = core::checkTransportCertificate(p, w);
        std::printf("warm edit=capacity×%.2f seconds=%.3f cpu_seconds=%.3f "
                    "objective_cm=%lld cold_objective_cm=%lld equal=%s certificate=%s "
                    "augmentations=%lld\n",
                    factor, warm, warmCpu, static_cast<long long>(w.objectiveCentimeters),
                    static_cast<long long>(c.objectiveCentimeters),
                    w.objectiveCentimeters == c.objectiveCentimeters ? "yes" : "NO",
                    wc.valid ? "valid" : "INVALID", static_cast<long long>(w.augmentations));
        ok = ok && wc.valid && w.objectiveCentimeters == c.objectiveCentimeters;
    }
    return ok;
}

/// "ours" and "warm": the cold solve and its certificate, then for "warm" the edits.
int runOurs(const Options& o, core::TransportProblem& p) {
    const auto s = solveCold(o, p);
    bool ok = certify(p, s);
    if (o.which == "warm") {
        ok = runWarmEdits(o, p, s) && ok;
    }
    return ok ? 0 : 1;
}

/// The full LP (every pair, integer centimetre costs) in CPLEX LP format.
void writeLp(std::FILE* f, const core::TransportProblem& p) {
    const std::size_t n = p.demandPoints.size();
    const std::size_t m = p.facilities.size();
    const long long penalty = core::transportCostCentimeters(p.unplacedPenaltyMeters);
    std::fprintf(f, "Minimize\n obj:");
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < m; ++j) {
            const double d = core::straightLineMeters(p.demandPoints[i], p.facilities[j]);
            std::fprintf(f, " + %lld x%zu_%zu",
                         static_cast<long long>(core::transportCostCentimeters(d)), i, j);
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
}

/// "lp": writes the full LP to argv[7] for an independent solver, and prints our objective.
int runLp(const Options& o, const core::TransportProblem& p) {
    if (o.lpFile == nullptr) {
        std::fprintf(stderr, "lp mode needs: ... lp k ratio file.lp\n");
        return 2;
    }
    const auto s = core::solveTransport(p);
    std::FILE* f = std::fopen(o.lpFile, "w");
    if (f == nullptr) {
        std::fprintf(stderr, "无法写入 / cannot write %s\n", o.lpFile);
        return 2;
    }
    writeLp(f, p);
    std::fclose(f);
    std::printf("ours objective_cm=%lld\n", static_cast<long long>(s.objectiveCentimeters));
    return 0;
}

/// Per point, the facilities that carry flow in our all-pairs optimum (solved here, untimed).
std::vector<std::vector<std::uint32_t>> optimumSupport(const core::TransportProblem& p) {
    std::vector<std::vector<std::uint32_t>> support(p.demandPoints.size());
    for (const auto& f : core::solveTransport(p).flows) {
        support[f.point].push_back(f.facility);
    }
    return support;
}

/// "ns", "cs" (and any other name), "cs+", "ns+": LEMON; prints the "lemon-<which>" line.
int runLemon(const Options& o, const core::TransportProblem& p) {
    const bool ns = o.which == "ns" || o.which == "ns+";
    const auto alg =
        ns ? xw::bench::LemonAlgorithm::NetworkSimplex : xw::bench::LemonAlgorithm::CostScaling;
    std::vector<std::vector<std::uint32_t>> support;
    if (o.which == "cs+" || o.which == "ns+") {
        support = optimumSupport(p);
    }
    const auto r = xw::bench::solveWithLemon(p, o.k, alg, support.empty() ? nullptr : &support);
    std::printf("lemon-%s n=%zu m=%zu k=%d seconds=%.3f cpu_seconds=%.3f objective_cm=%lld "
                "optimal=%s\n",
                o.which.c_str(), o.points, o.facilities, o.k, r.solveSeconds, r.cpuSeconds,
                static_cast<long long>(r.objectiveCentimeters), r.optimal ? "yes" : "NO");
    return r.optimal ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const std::optional<Options> o = parseOptions(argc, argv);
    if (!o) {
        return 2;
    }
    core::TransportProblem p = makeProblem(*o);
    if (o->which == "ours" || o->which == "warm") {
        return runOurs(*o, p);
    }
    if (o->which == "lp") {
        return runLp(*o, p);
    }
    return runLemon(*o, p);
}
