#include "detail/siting/uncapacitated.hpp"

#include "detail/siting/lagrangian.hpp"
#include "xw/core/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

namespace xw::core::detail::siting {

namespace {

constexpr const char* kStepSearch = "选址 siting: 局部搜索 local search";
constexpr const char* kStepBound = "选址 siting: 下界 lower bound";

std::int64_t totalWeight(const UncapInstance& in, const SitingProblem& problem) {
    std::int64_t total = 0;
    for (const SitingDemandPoint& d : problem.demand)
        total += d.objectiveWeight ? *d.objectiveWeight : d.children;
    (void)in;
    return total;
}

std::vector<double> startMultipliers(const SwapSearch& search, const UncapInstance& in) {
    std::vector<double> start(in.size());
    for (std::size_t u = 0; u < in.size(); ++u)
        start[u] = static_cast<double>(search.costOf(u));
    return start;
}

int kmaxFor(std::size_t open) {
    return static_cast<int>(std::clamp<std::size_t>(open, 1, 10));
}

/// Above this many point × site pairs the greedy start is replaced by seeded sampling: with few
/// schools open every point would list almost every site at each greedy step.
constexpr double kGreedyPairs = 3.0e7;

/// Start by D² sampling (Arthur & Vassilvitskii 2007, "k-means++"): each next site is the nearest
/// closed site to a point drawn with probability ∝ weight × (current cost)², current costs then
/// updated; seeded, so deterministic. Count mode opens the count; budget mode opens affordable
/// sites until none is.
std::vector<std::uint32_t> spreadStart(const UncapInstance& in, const OpenLimit& limit,
                                       std::uint64_t seed) {
    const std::size_t n = in.size();
    const std::size_t m = in.options();
    DeterministicRng rng(DeterministicRng::streamSeed(seed, 0x5eed));
    std::vector<double> cost(n);
    for (std::size_t u = 0; u < n; ++u)
        cost[u] = static_cast<double>(in.fallback(u));
    std::vector<std::uint8_t> open(m, 0);
    std::vector<std::uint32_t> chosen;
    double spent = 0.0;
    const auto affordable = [&](std::uint32_t s) {
        return !limit.budget || spent + limit.costYuan[s] <= limit.budgetYuan * (1.0 + 1e-9);
    };
    for (int guard = 0; guard < static_cast<int>(m); ++guard) {
        if (!limit.budget && chosen.size() >= std::min(limit.count, m))
            break;
        double total = 0.0;
        for (std::size_t u = 0; u < n; ++u)
            total += cost[u] * cost[u];
        if (!(total > 0.0))
            break;
        double target = rng.uniform() * total;
        std::size_t pick = n - 1;
        for (std::size_t u = 0; u < n; ++u) {
            target -= cost[u] * cost[u];
            if (target < 0.0) {
                pick = u;
                break;
            }
        }
        // Nearest closed affordable site of the drawn point: its list, else any.
        std::uint32_t site = kNone;
        for (std::uint64_t t = in.listBegin(pick); t < in.listEnd(pick) && site == kNone; ++t)
            if (open[in.listSite(t)] == 0 && affordable(in.listSite(t)))
                site = in.listSite(t);
        if (site == kNone) {
            std::int64_t best = kNoRoute;
            for (std::uint32_t s = 0; s < m; ++s)
                if (open[s] == 0 && affordable(s)) {
                    const std::int64_t d = in.unitsTo(pick, s);
                    if (d < best) {
                        best = d;
                        site = s;
                    }
                }
        }
        if (site == kNone)
            break;
        open[site] = 1;
        chosen.push_back(site);
        if (limit.budget)
            spent += limit.costYuan[site];
        for (std::size_t u = 0; u < n; ++u)
            if (in.lowerUnitsTo(u, site) < kNoRoute)
                cost[u] = std::min(cost[u], static_cast<double>(in.cost(u, in.unitsTo(u, site))));
    }
    return chosen;
}

} // namespace

double relativeGap(double upper, double lower) {
    if (!(upper > 0.0) || upper <= lower)
        return 0.0;
    return (upper - lower) / upper;
}

std::size_t neighbourLimitFor(const SitingConfig& config, std::size_t points, std::size_t sites) {
    if (config.neighbourLimit > 0)
        return static_cast<std::size_t>(config.neighbourLimit);
    if (sites <= 2048 && points * sites <= (std::size_t{8} << 20))
        return 0;
    const std::size_t p = config.budgetYuan ? 30 : std::max<std::size_t>(config.newFacilities, 1);
    std::size_t k = std::clamp<std::size_t>(4 * sites / p + 16, 64, 512);
    // At most about 48 M list entries (≈ 600 MB).
    k = std::min(
        k, std::max<std::size_t>(16, (std::size_t{48} << 20) / std::max<std::size_t>(points, 1)));
    return std::min(k, sites);
}

OpenLimit siteLimit(const SitingProblem& problem, const SitingConfig& config) {
    OpenLimit limit;
    if (config.budgetYuan) {
        limit.budget = true;
        limit.budgetYuan = *config.budgetYuan;
        for (const CandidateSite& s : problem.candidates)
            limit.costYuan.push_back(siteCostYuan(s));
    } else {
        limit.count = config.newFacilities;
    }
    return limit;
}

VnsLimit searchLimitFor(const SitingConfig& config, double share) {
    VnsLimit limit;
    if (config.searchIterations > 0) {
        limit.iterations = std::max(1, static_cast<int>(config.searchIterations * share));
        return limit;
    }
    // About 1 ns per unit of work on a quiet development machine: stop after ~0.2 s without a
    // better answer, or ~1.2 s in all (scaled by share).
    limit.work = static_cast<std::int64_t>(2.0e8 * share);
    limit.totalWork = static_cast<std::int64_t>(1.2e9 * share);
    // Small problems: at most 3,000 iterations in a row without a better answer.
    limit.iterations = std::max(1, static_cast<int>(3000 * share));
    return limit;
}

int boundIterationsFor(const SitingConfig& config, const UncapInstance& in) {
    if (config.boundIterations > 0)
        return config.boundIterations;
    const double perIteration =
        2.0 * static_cast<double>(in.listEntries()) + 4.0 * static_cast<double>(in.size()) + 1.0;
    return static_cast<int>(std::clamp(1.0e9 / perIteration, 200.0, 3000.0));
}

void describeNearestAssignment(const SitingProblem& problem, const DistanceOracle& oracle,
                               const std::vector<std::uint32_t>& openSites,
                               std::int64_t unservedUnits, int threads, SitingResult& result) {
    const std::size_t n = problem.demand.size();
    const std::size_t e = problem.existing.size();
    std::vector<std::uint32_t> column(n, kNone);
    std::vector<std::int64_t> units(n, kNoRoute);
    forBlocks(n, threadsFor(threads, n, 8, 1024),
              [&](std::size_t, std::size_t begin, std::size_t end) {
                  for (std::size_t i = begin; i < end; ++i) {
                      if (problem.demand[i].children <= 0)
                          continue;
                      auto [c, d] = oracle.nearestExisting(i);
                      for (const std::uint32_t s : openSites) {
                          if (oracle.lowerUnits(i, e + s) > d)
                              continue;
                          const std::int64_t ds = oracle.units(i, e + s);
                          if (ds < d) {
                              d = ds;
                              c = static_cast<std::uint32_t>(e + s);
                          }
                      }
                      column[i] = c;
                      units[i] = d;
                  }
              });
    std::vector<std::int64_t> used(e + problem.candidates.size(), 0);
    const double scale = oracle.unitsPerMeter();
    result.assignment.clear();
    result.childrenServed = result.childrenUnserved = result.childrenCovered = 0;
    result.maxDistanceMeters = result.totalChildMeters = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t k = problem.demand[i].children;
        if (k <= 0)
            continue;
        if (column[i] == kNone || units[i] >= unservedUnits || units[i] >= kNoRoute) {
            result.childrenUnserved += k;
            continue;
        }
        result.assignment.push_back({static_cast<std::uint32_t>(i), column[i], k});
        result.childrenServed += k;
        used[column[i]] += k;
        const double meters = static_cast<double>(units[i]) / scale;
        result.maxDistanceMeters = std::max(result.maxDistanceMeters, meters);
        result.totalChildMeters += static_cast<double>(k) * meters;
        if (units[i] <= oracle.toUnits(problem.demand[i].serviceRadiusMeters))
            result.childrenCovered += k;
    }
    std::vector<std::uint32_t> sorted = openSites;
    std::sort(sorted.begin(), sorted.end());
    result.chosen.clear();
    result.costYuan = 0.0;
    for (const std::uint32_t s : sorted) {
        const CandidateSite& site = problem.candidates[s];
        SitingChoice c;
        c.expansion = false;
        c.index = s;
        c.facility = e + s;
        c.seats = site.seats;
        c.seatsUsed = used[e + s];
        c.classesNeeded = site.seatsPerClass > 0
                              ? (c.seatsUsed + site.seatsPerClass - 1) / site.seatsPerClass
                              : 0;
        c.costYuan = siteCostYuan(site);
        result.costYuan += c.costYuan;
        result.chosen.push_back(c);
    }
}

SitingResult solveMinSum(const SitingProblem& problem, const SitingConfig& config,
                         const Progress& progress) {
    const bool median = config.model == SitingModel::PMedian;
    DistanceOracle oracle(problem, config.costUnitsPerMeter, config.threads);
    InstanceOptions options;
    options.kind = median ? CostKind::Median : CostKind::Coverage;
    options.penaltyUnits = oracle.toUnits(config.unservedPenaltyMeters);
    options.neighbourLimit =
        neighbourLimitFor(config, problem.demand.size(), problem.candidates.size());
    options.threads = config.threads;
    progress.report("选址 siting: 候选 neighbours", 0, 0);
    const UncapInstance in(problem, oracle, options);
    progress.throwIfCancelled();
    const OpenLimit limit = siteLimit(problem, config);
    SwapSearch search(in, limit, config.threads);
    const bool large =
        static_cast<double>(in.size()) * static_cast<double>(in.options()) > kGreedyPairs;
    if (large)
        search.reset(spreadStart(in, limit, config.seed));
    search.localSearch(progress);
    // Lagrangian heuristic: a local search from each relaxed open set the subgradient meets.
    std::int64_t best = search.objective();
    std::vector<std::uint32_t> bestOpen = search.open();
    SwapSearch probe(in, limit, config.threads);
    std::vector<std::uint32_t> lastProbe;
    const RelaxedHeuristic heuristic = [&](const std::vector<std::uint32_t>& relaxed) {
        if (relaxed == lastProbe)
            return best;
        lastProbe = relaxed;
        probe.reset(relaxed);
        probe.localSearch(progress);
        if (probe.objective() < best) {
            best = probe.objective();
            bestOpen = probe.open();
        }
        return best;
    };
    const int boundIterations = boundIterationsFor(config, in);
    // About 30 probes per run at most.
    // Large problems: no probes (each costs a recount and a descent over every point).
    LagrangianResult lb =
        minSumLagrangian(in, limit, search.objective(), startMultipliers(search, in),
                         boundIterations, config.threads, progress, kStepBound,
                         large ? RelaxedHeuristic{} : heuristic, std::max(5, boundIterations / 30));
    if (best < search.objective())
        search.reset(bestOpen);
    std::int64_t lower = std::min(integerBound(lb.bound), search.objective());
    int vnsIterations = 0;
    int boundRun = lb.iterations;
    if (lower < search.objective()) {
        DeterministicRng rng(config.seed);
        vnsIterations = variableNeighbourhoodSearch(search, rng, searchLimitFor(config),
                                                    kmaxFor(search.open().size()), lower, progress,
                                                    kStepSearch);
        if (lower < search.objective()) {
            const LagrangianResult again =
                minSumLagrangian(in, limit, search.objective(), lb.lambda, boundIterations / 2,
                                 config.threads, progress, kStepBound);
            boundRun += again.iterations;
            lower = std::max(lower, std::min(integerBound(again.bound), search.objective()));
        }
    }
    SitingResult result;
    const double scale = config.costUnitsPerMeter;
    describeNearestAssignment(problem, oracle, search.open(),
                              median ? options.penaltyUnits : kNoRoute, config.threads, result);
    const std::int64_t upper = search.objective();
    if (median) {
        result.objective = static_cast<double>(upper) / scale;
        result.bound = static_cast<double>(lower) / scale;
        result.gap = relativeGap(static_cast<double>(upper), static_cast<double>(lower));
    } else {
        const std::int64_t total = totalWeight(in, problem);
        result.objective = static_cast<double>(total - upper);
        result.bound = static_cast<double>(total - lower);
        result.gap =
            relativeGap(static_cast<double>(total - lower), static_cast<double>(total - upper));
    }
    result.provedOptimal = lower >= upper;
    result.searchIterations = vnsIterations;
    result.boundIterations = boundRun;
    result.moves = search.moves();
    return result;
}

SitingResult solveSetCovering(const SitingProblem& problem, const SitingConfig& config,
                              const Progress& progress) {
    DistanceOracle oracle(problem, config.costUnitsPerMeter, config.threads);
    InstanceOptions options;
    options.kind = CostKind::Coverage;
    options.unitWeight = 1;
    options.neighbourLimit =
        neighbourLimitFor(config, problem.demand.size(), problem.candidates.size());
    options.threads = config.threads;
    const UncapInstance in(problem, oracle, options);
    const std::size_t m = in.options();

    SitingResult result;
    // Children no existing school and no site can cover.
    const std::size_t n = problem.demand.size();
    std::vector<std::uint8_t> uncoverable(n, 0);
    forBlocks(n, threadsFor(config.threads, n, 8, 1024),
              [&](std::size_t, std::size_t begin, std::size_t end) {
                  for (std::size_t i = begin; i < end; ++i) {
                      const SitingDemandPoint& d = problem.demand[i];
                      const std::int64_t w = d.objectiveWeight ? *d.objectiveWeight : d.children;
                      if (d.children <= 0 && w <= 0)
                          continue;
                      const std::int64_t r = oracle.toUnits(d.serviceRadiusMeters);
                      if (oracle.nearestExisting(i).second <= r)
                          continue;
                      bool any = false;
                      oracle.forSitesWithin(i, r, [&](std::uint32_t, std::int64_t) { any = true; });
                      uncoverable[i] = any ? 0 : 1;
                  }
              });
    for (std::size_t i = 0; i < n; ++i)
        if (uncoverable[i] != 0) {
            result.uncoverablePoints.push_back(i);
            result.childrenUncoverable += problem.demand[i].children;
        }

    // Greedy cover: every option costs 1 and the "budget" is all of them, so the greedy adds
    // the option covering most uncovered points until none covers more.
    OpenLimit greedyLimit;
    greedyLimit.budget = true;
    greedyLimit.budgetYuan = static_cast<double>(m);
    greedyLimit.costYuan.assign(m, 1.0);
    SwapSearch search(in, greedyLimit, config.threads);
    search.greedy(progress);
    const auto dropRedundant = [&]() {
        for (;;) {
            std::uint32_t drop = kNone;
            for (const std::uint32_t r : search.openSorted())
                if (search.lossOf(r) == 0) {
                    drop = r;
                    break;
                }
            if (drop == kNone)
                return;
            search.apply(kNone, drop);
        }
    };
    dropRedundant();
    const std::int64_t full = in.constant(); // uncovered weight when everything coverable is
    std::vector<double> ones(m, 1.0);
    std::size_t k = search.open().size();
    const int boundIterations = boundIterationsFor(config, in);
    const LagrangianResult lb = setCoverLagrangian(
        in, ones, static_cast<double>(k), boundIterations, config.threads, progress, kStepBound);
    std::int64_t lower =
        std::min<std::int64_t>(integerBound(lb.bound), static_cast<std::int64_t>(k));
    DeterministicRng rng(config.seed);
    int vnsIterations = 0;
    // Try one option fewer until the local search cannot cover everything with that many.
    while (static_cast<std::int64_t>(k) > lower && k > 0) {
        const std::vector<std::uint32_t> saved = search.openSorted();
        std::uint32_t weakest = kNone;
        for (const std::uint32_t r : saved)
            if (weakest == kNone || search.lossOf(r) < search.lossOf(weakest))
                weakest = r;
        search.apply(kNone, weakest);
        OpenLimit fewer;
        fewer.count = k - 1;
        search.setLimit(fewer);
        search.localSearch(progress);
        if (search.objective() > full)
            vnsIterations +=
                variableNeighbourhoodSearch(search, rng, searchLimitFor(config, 0.25),
                                            kmaxFor(k - 1), full, progress, kStepSearch);
        if (search.objective() > full) {
            search.reset(saved);
            break;
        }
        search.setLimit(greedyLimit);
        dropRedundant();
        k = search.open().size();
    }
    describeNearestAssignment(problem, oracle, search.open(), kNoRoute, config.threads, result);
    result.objective = static_cast<double>(k);
    result.bound = static_cast<double>(lower);
    result.gap = relativeGap(result.objective, result.bound);
    result.provedOptimal = lower >= static_cast<std::int64_t>(k);
    result.searchIterations = vnsIterations;
    result.boundIterations = lb.iterations;
    result.moves = search.moves();
    return result;
}

SitingResult solvePCenter(const SitingProblem& problem, const SitingConfig& config,
                          const Progress& progress) {
    DistanceOracle oracle(problem, config.costUnitsPerMeter, config.threads);
    const std::size_t n = problem.demand.size();
    const std::size_t e = problem.existing.size();
    const std::size_t m = problem.candidates.size();
    const OpenLimit limit = siteLimit(problem, config);
    // Points that count, their nearest existing school and nearest site.
    std::vector<std::uint8_t> counts(n, 0);
    std::vector<std::int64_t> current(n, kNoRoute);
    std::vector<std::int64_t> nearestSite(n, kNoRoute);
    forBlocks(n, threadsFor(config.threads, n, 8, 1024),
              [&](std::size_t, std::size_t begin, std::size_t end) {
                  std::vector<std::pair<std::int64_t, std::uint32_t>> list;
                  for (std::size_t i = begin; i < end; ++i) {
                      const SitingDemandPoint& d = problem.demand[i];
                      const std::int64_t w = d.objectiveWeight ? *d.objectiveWeight : d.children;
                      if (d.children <= 0 && w <= 0)
                          continue;
                      counts[i] = 1;
                      current[i] = oracle.nearestExisting(i).second;
                      std::int64_t listMax = 0;
                      nearestSites(oracle, i, 1, kMaxUnits, list, listMax);
                      if (!list.empty())
                          nearestSite[i] = list.front().first;
                  }
              });
    // Trivial bound: even with every site open, a point is as far as its nearest facility.
    std::int64_t trivial = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (counts[i] != 0 && std::min(current[i], nearestSite[i]) < kNoRoute)
            trivial = std::max(trivial, std::min(current[i], nearestSite[i]));
    // Farthest-first start (Gonzalez 1985): open the site nearest to the worst-served point.
    std::vector<std::uint32_t> open;
    std::vector<std::uint8_t> isOpen(m, 0);
    std::vector<std::uint8_t> skip(n, 0);
    double spent = 0.0;
    for (;;) {
        progress.throwIfCancelled();
        if (!limit.budget && open.size() >= std::min(limit.count, m))
            break;
        std::size_t worst = n;
        for (std::size_t i = 0; i < n; ++i)
            if (counts[i] != 0 && skip[i] == 0 && (worst == n || current[i] > current[worst]))
                worst = i;
        if (worst == n || current[worst] <= trivial)
            break;
        std::pair<std::int64_t, std::uint32_t> best{kNoRoute, kNone};
        oracle.forSitesWithin(worst, current[worst] - 1, [&](std::uint32_t s, std::int64_t d) {
            if (isOpen[s] != 0)
                return;
            if (limit.budget && spent + limit.costYuan[s] > limit.budgetYuan * (1.0 + 1e-9))
                return;
            best = std::min(best, std::pair<std::int64_t, std::uint32_t>{d, s});
        });
        if (best.second == kNone) {
            skip[worst] = 1; // no affordable site brings it closer
            continue;
        }
        open.push_back(best.second);
        isOpen[best.second] = 1;
        if (limit.budget)
            spent += limit.costYuan[best.second];
        for (std::size_t i = 0; i < n; ++i)
            if (counts[i] != 0)
                current[i] = std::min(current[i], oracle.units(i, e + best.second));
    }
    std::int64_t upper = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (counts[i] != 0 && current[i] < kNoRoute)
            upper = std::max(upper, current[i]);

    InstanceOptions options;
    options.kind = CostKind::Coverage;
    options.uniformRadius = true;
    options.listCapUnits = upper;
    options.unitWeight = 1;
    options.neighbourLimit = neighbourLimitFor(config, n, m);
    options.threads = config.threads;
    UncapInstance in(problem, oracle, options);
    SwapSearch search(in, limit, config.threads);
    search.reset(open);
    const std::int64_t full = in.constant(); // uncovered points no facility can reach
    std::vector<std::uint32_t> bestOpen = open;
    // The largest distance of a counted point to its nearest open facility.
    const auto radiusOf = [&](const std::vector<std::uint32_t>& sites) {
        std::int64_t r = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (counts[i] == 0)
                continue;
            std::int64_t d = oracle.nearestExisting(i).second;
            for (const std::uint32_t s : sites)
                if (oracle.lowerUnits(i, e + s) < d)
                    d = std::min(d, oracle.units(i, e + s));
            if (d < kNoRoute)
                r = std::max(r, d);
        }
        return r;
    };
    // Smallest distance a point could have above `r` (a valid bound once r is proven too small).
    const auto successor = [&](std::int64_t r) {
        std::int64_t next = upper;
        for (std::size_t u = 0; u < in.size(); ++u) {
            if (in.existingUnits(u) > r)
                next = std::min(next, in.existingUnits(u));
            std::int64_t beyond = kNoRoute;
            for (std::uint64_t t = in.listBegin(u); t < in.listEnd(u); ++t)
                if (in.listUnits(t) > r) {
                    beyond = in.listUnits(t);
                    break;
                }
            if (beyond == kNoRoute && !in.complete(u))
                beyond = std::max(in.listMax(u) + 1, r + 1);
            next = std::min(next, beyond);
        }
        return std::max(next, r + 1);
    };
    std::int64_t lo = std::min(trivial, upper);
    std::int64_t proven = lo;
    std::int64_t hi = upper;
    DeterministicRng rng(config.seed);
    int vnsIterations = 0;
    int boundRun = 0;
    const VnsLimit searchIterations = searchLimitFor(config, 0.1);
    const int boundIterations = std::max(boundIterationsFor(config, in) / 4, 50);
    while (lo < hi) {
        progress.throwIfCancelled();
        progress.report("选址 siting: 半径 radius", hi - lo, upper - proven + 1);
        const std::int64_t mid = lo + (hi - lo) / 2;
        in.setRadius(mid);
        search.reset(bestOpen);
        search.localSearch(progress);
        if (search.objective() > full)
            vnsIterations += variableNeighbourhoodSearch(search, rng, searchIterations,
                                                         kmaxFor(search.open().size()), full,
                                                         progress, kStepSearch);
        if (search.objective() <= full) {
            bestOpen = search.open();
            hi = std::min(mid, radiusOf(bestOpen));
            continue;
        }
        const LagrangianResult lb =
            minSumLagrangian(in, limit, search.objective(), {}, boundIterations, config.threads,
                             progress, kStepBound);
        boundRun += lb.iterations;
        if (integerBound(lb.bound) > full) {
            lo = successor(mid);
            proven = std::max(proven, std::min(lo, hi));
        } else {
            lo = mid + 1;
        }
    }
    SitingResult result;
    describeNearestAssignment(problem, oracle, bestOpen, kNoRoute, config.threads, result);
    const double scale = config.costUnitsPerMeter;
    result.objective = static_cast<double>(hi) / scale;
    result.bound = static_cast<double>(std::min(proven, hi)) / scale;
    result.gap = relativeGap(static_cast<double>(hi), static_cast<double>(std::min(proven, hi)));
    result.provedOptimal = proven >= hi;
    result.searchIterations = vnsIterations;
    result.boundIterations = boundRun;
    result.moves = search.moves();
    return result;
}

} // namespace xw::core::detail::siting
