// The capacitated models (seats respected, split or single-source): p-median and maximal
// covering by search and Lagrangian bound, set covering by elimination, p-center by bisection on
// the radius. The search over open sets is cap_search.cpp, the bound cap_bound.cpp.
#include "detail/siting/capacitated.hpp"

#include "detail/siting/assignment.hpp"
#include "detail/siting/cap_bound.hpp"
#include "detail/siting/cap_search.hpp"
#include "detail/siting/lagrangian.hpp"
#include "detail/siting/uncapacitated.hpp"
#include "xw/core/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>

namespace xw::core::detail::siting {

namespace {

/// Single-source problems with at most this many (point, open facility) pairs get the deep
/// assignment: every open set whose quick score is within kDeepShare of the best is assigned
/// again from kDeepRounds capacity prices (SingleSourceAssigner::lagrangianRestarts), about five
/// quick solves' work. The quick moves alone stall in tight instances: on Osman–Christofides
/// cpmp14 they assign the optimal medians 992 where the optimum is 982, so the search settled on
/// 983; with the deep assignment every cpmp01–20 reaches its optimum with a shorter search. On
/// larger problems (SJC2–4b: 3,000–16,000 pairs) the dearer evaluations cost more answers than
/// they gain, so they keep the quick assignment and the longer search.
constexpr std::size_t kDeepPairs = 1500;
constexpr int kDeepRounds = 5;
constexpr double kDeepShare = 0.01;

/// Independent VNS chains of the capacitated search (small and medium problems) and the
/// iterations each runs without a better answer before it stops.
struct SearchEffort {
    bool deep = false;
    std::size_t chains = 4;
    int iterations = 150;
};

/// Points × the facility columns an answer can have open (existing, plus p new in count mode,
/// plus every option with a budget).
SearchEffort effortFor(const CapInstance& in, const OpenLimit& limit) {
    const std::size_t open =
        in.existingCount() +
        (limit.budget ? in.options().size() : std::min(limit.count, in.options().size()));
    if (in.split() || in.size() * open > kDeepPairs)
        return {};
    return {true, 2, 20};
}

std::unique_ptr<Assigner> makeAssigner(const SitingProblem& problem, const DistanceOracle& oracle,
                                       const CapInstance& in, const SitingConfig& config,
                                       const SearchEffort& effort = {}) {
    if (config.seats == SeatRule::Split)
        return std::make_unique<SplitAssigner>(problem, oracle, in, config.threads);
    DeepAssignment deep;
    if (effort.deep) {
        deep.rounds = kDeepRounds;
        deep.share = kDeepShare;
    }
    return std::make_unique<SingleSourceAssigner>(in, deep);
}

OpenLimit optionLimit(const CapInstance& in, const SitingConfig& config) {
    OpenLimit limit;
    if (config.budgetYuan) {
        limit.budget = true;
        limit.budgetYuan = *config.budgetYuan;
    } else {
        limit.count = config.newFacilities;
    }
    for (const CapOption& o : in.options())
        limit.costYuan.push_back(o.costYuan);
    return limit;
}

CapInstanceOptions capOptions(const SitingProblem& problem, const SitingConfig& config,
                              const DistanceOracle& oracle, CostKind kind) {
    CapInstanceOptions o;
    o.kind = kind;
    o.penaltyUnits = oracle.toUnits(config.unservedPenaltyMeters);
    o.split = config.seats == SeatRule::Split;
    o.neighbourLimit = neighbourLimitFor(config, problem.demand.size(),
                                         problem.candidates.size() + problem.existing.size());
    o.threads = config.threads;
    return o;
}

/// The uncapacitated answer as a start (sites only; they are the first options).
std::vector<std::uint32_t> uncapacitatedStart(const SitingProblem& problem,
                                              const SitingConfig& config,
                                              const DistanceOracle& oracle, CostKind kind,
                                              const Progress& progress) {
    InstanceOptions options;
    options.kind = kind;
    options.penaltyUnits = oracle.toUnits(config.unservedPenaltyMeters);
    options.neighbourLimit =
        neighbourLimitFor(config, problem.demand.size(), problem.candidates.size());
    options.threads = config.threads;
    const UncapInstance in(problem, oracle, options);
    OpenLimit limit = siteLimit(problem, config);
    if (!limit.budget)
        limit.count = std::min(limit.count, problem.candidates.size());
    SwapSearch search(in, limit, config.threads);
    search.localSearch(progress);
    return search.openSorted();
}

/// Chosen options, assignment and the children figures from an accepted search.
void describeCapacitated(const SitingProblem& problem, const DistanceOracle& oracle,
                         const CapInstance& in, const std::vector<std::uint32_t>& open,
                         const std::vector<CapFlow>& flows, SitingResult& result) {
    const double scale = oracle.unitsPerMeter();
    result.assignment.clear();
    result.childrenServed = result.childrenUnserved = result.childrenCovered = 0;
    result.maxDistanceMeters = result.totalChildMeters = 0.0;
    std::vector<std::int64_t> load(in.columns(), 0);
    for (const CapFlow& f : flows) {
        if (f.children <= 0)
            continue;
        const std::uint32_t point = in.point(f.u);
        const std::int64_t d = oracle.units(point, f.column);
        result.assignment.push_back({point, f.column, f.children});
        load[f.column] += f.children;
        result.childrenServed += f.children;
        const double meters = static_cast<double>(d) / scale;
        result.maxDistanceMeters = std::max(result.maxDistanceMeters, meters);
        result.totalChildMeters += static_cast<double>(f.children) * meters;
        if (d <= oracle.toUnits(problem.demand[point].serviceRadiusMeters))
            result.childrenCovered += f.children;
    }
    std::sort(result.assignment.begin(), result.assignment.end(),
              [](const SitingFlow& a, const SitingFlow& b) {
                  return a.point != b.point ? a.point < b.point : a.facility < b.facility;
              });
    for (const SitingDemandPoint& d : problem.demand)
        result.childrenUnserved += d.children;
    result.childrenUnserved -= result.childrenServed;
    // Seats used by each chosen option: a site's load; an existing school's load beyond its own
    // seats goes to its chosen expansions in order.
    std::vector<std::int64_t> beyond(in.columns(), 0);
    for (std::size_t c = 0; c < in.existingCount(); ++c)
        beyond[c] = std::max<std::int64_t>(0, load[c] - in.baseSeats()[c]);
    result.chosen.clear();
    result.costYuan = 0.0;
    std::vector<std::uint32_t> sorted = open;
    std::sort(sorted.begin(), sorted.end()); // sites first (they come first), then expansions
    for (const std::uint32_t o : sorted) {
        const CapOption& opt = in.options()[o];
        SitingChoice c;
        c.expansion = opt.expansion;
        c.index = opt.index;
        c.facility = opt.column;
        c.seats = opt.seats;
        std::int64_t perClass = 0;
        if (opt.expansion) {
            c.seatsUsed = std::min(opt.seats, beyond[opt.column]);
            beyond[opt.column] -= c.seatsUsed;
            perClass = problem.expansions[opt.index].seatsPerClass;
        } else {
            c.seatsUsed = load[opt.column];
            perClass = problem.candidates[opt.index].seatsPerClass;
        }
        c.classesNeeded = perClass > 0 ? (c.seatsUsed + perClass - 1) / perClass : 0;
        c.costYuan = opt.costYuan;
        result.costYuan += c.costYuan;
        result.chosen.push_back(c);
    }
}

int kmaxFor(std::size_t open) {
    return static_cast<int>(std::clamp<std::size_t>(open, 1, 10));
}

/// The score of the relaxation's open set, improved by a local search; keeps the best.
struct Probe {
    CapSearch& search;
    std::int64_t& best;
    std::vector<std::uint32_t>& bestOpen;
    std::vector<std::uint32_t>& bestState;
    std::vector<CapFlow>& bestFlows;
    Assigner& assigner;
    const Progress& progress;

    std::int64_t operator()(const std::vector<std::uint32_t>& relaxed) {
        search.setOpen(relaxed);
        search.localSearch(progress);
        if (search.score() < best) {
            best = search.score();
            bestOpen = search.openList();
            bestState = assigner.state();
            bestFlows = search.flows();
        }
        return best;
    }
};

SitingResult capMinSum(const SitingProblem& problem, const SitingConfig& config,
                       const Progress& progress) {
    const bool median = config.model == SitingModel::PMedian;
    const CostKind kind = median ? CostKind::Median : CostKind::Coverage;
    DistanceOracle oracle(problem, config.costUnitsPerMeter, config.threads);
    const CapInstance in(problem, oracle, capOptions(problem, config, oracle, kind));
    const OpenLimit limit = optionLimit(in, config);
    const SearchEffort effort = effortFor(in, limit);
    const std::unique_ptr<Assigner> assigner = makeAssigner(problem, oracle, in, config, effort);
    CapSearch search(in, *assigner, limit);
    search.setOpen(uncapacitatedStart(problem, config, oracle, kind, progress));
    search.localSearch(progress);

    std::int64_t best = search.score();
    std::vector<std::uint32_t> bestOpen = search.openList();
    std::vector<std::uint32_t> bestState = assigner->state();
    std::vector<CapFlow> bestFlows = search.flows();
    Probe probe{search, best, bestOpen, bestState, bestFlows, *assigner, progress};
    const int boundIterations = config.boundIterations > 0 ? config.boundIterations : 300;
    const LagrangianResult lb = capLagrangian(in, limit, best, {}, boundIterations, config.threads,
                                              progress, std::ref(probe));
    // Back to the best answer met so far.
    assigner->setState(bestState);
    search.setOpen(bestOpen);
    std::int64_t lower = std::min(integerBound(lb.bound), search.score());
    int iterations = 0;
    std::int64_t evaluations = search.evaluations();
    std::int64_t moves = search.moves();
    if (lower < search.score()) {
        // Independent VNS chains from the best answer, each with its own seed stream; the
        // best (then the lowest chain) wins, so the answer does not depend on the threads.
        const std::size_t chains =
            in.size() * in.columns() <= (std::size_t{4} << 20) ? effort.chains : 1;
        struct Chain {
            std::int64_t score = 0;
            std::vector<std::uint32_t> open;
            std::vector<CapFlow> flows;
            int iterations = 0;
            std::int64_t evaluations = 0;
            std::int64_t moves = 0;
        };
        std::vector<Chain> done(chains);
        SitingConfig quiet = config;
        quiet.threads = 1;
        const Progress silent({}, progress.cancelFlag());
        std::atomic<std::size_t> next{0};
        progress.report(kStepCapSearch, 0, static_cast<std::int64_t>(chains));
        runWorkers(threadsFor(config.threads, chains, 8, 1), [&](int) {
            for (;;) {
                const std::size_t c = next.fetch_add(1);
                if (c >= chains)
                    return;
                const std::unique_ptr<Assigner> own =
                    makeAssigner(problem, oracle, in, quiet, effort);
                CapSearch chain(in, *own, limit);
                own->setState(bestState);
                chain.setOpen(bestOpen);
                DeterministicRng rng(DeterministicRng::streamSeed(config.seed, c));
                VnsLimit vl = searchLimitFor(config);
                if (config.searchIterations <= 0)
                    vl.iterations = effort.iterations;
                done[c].iterations = chain.vns(rng, vl, kmaxFor(bestOpen.size()), lower, silent);
                done[c].score = chain.score();
                done[c].open = chain.openList();
                done[c].flows = chain.flows();
                done[c].evaluations = chain.evaluations();
                done[c].moves = chain.moves();
            }
        });
        progress.throwIfCancelled();
        std::size_t winner = 0;
        for (std::size_t c = 0; c < chains; ++c) {
            if (done[c].score < done[winner].score)
                winner = c;
            iterations += done[c].iterations;
            evaluations += done[c].evaluations;
            moves += done[c].moves;
        }
        if (done[winner].score < best) {
            best = done[winner].score;
            bestOpen = done[winner].open;
            bestFlows = done[winner].flows;
        }
    }
    SitingResult result;
    describeCapacitated(problem, oracle, in, bestOpen, bestFlows, result);
    const double scale = config.costUnitsPerMeter;
    const std::int64_t upper = best;
    if (median) {
        result.objective = static_cast<double>(upper) / scale;
        result.bound = static_cast<double>(lower) / scale;
        result.gap = relativeGap(static_cast<double>(upper), static_cast<double>(lower));
    } else {
        // Coverage: the score is the uncovered weight (children when split).
        std::int64_t total = 0;
        for (std::size_t u = 0; u < in.size(); ++u)
            total += in.split() ? in.demand(u) : in.weight(u);
        result.objective = static_cast<double>(total - upper);
        result.bound = static_cast<double>(total - lower);
        result.gap = relativeGap(result.bound, result.objective);
    }
    result.provedOptimal = lower >= upper;
    result.searchIterations = iterations;
    result.boundIterations = lb.iterations;
    result.moves = moves;
    result.assignmentSolves = evaluations;
    return result;
}

/// Fewest options such that the uncovered weight is as low as with every option open.
SitingResult capSetCovering(const SitingProblem& problem, const SitingConfig& config,
                            const Progress& progress) {
    DistanceOracle oracle(problem, config.costUnitsPerMeter, config.threads);
    const CapInstance in(problem, oracle, capOptions(problem, config, oracle, CostKind::Coverage));
    const std::unique_ptr<Assigner> assigner = makeAssigner(problem, oracle, in, config);
    const std::size_t m = in.options().size();
    OpenLimit all;
    all.budget = true;
    all.budgetYuan = static_cast<double>(m);
    all.costYuan.assign(m, 1.0);
    CapSearch search(in, *assigner, all);
    std::vector<std::uint32_t> everything(m);
    std::iota(everything.begin(), everything.end(), 0U);
    search.setOpen(everything);
    const std::int64_t target = search.score(); // least uncovered weight possible
    // Reverse elimination: drop the least-used options while the coverage holds.
    const auto eliminate = [&]() {
        for (;;) {
            progress.throwIfCancelled();
            std::vector<std::int64_t> load(in.columns(), 0);
            for (const CapFlow& f : search.flows())
                load[f.column] += f.children;
            const std::vector<std::uint32_t> saved = search.openList();
            std::vector<std::uint32_t> order = saved;
            std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
                return load[in.options()[a].column] < load[in.options()[b].column];
            });
            const std::vector<std::uint32_t> state = assigner->state();
            bool dropped = false;
            for (const std::uint32_t o : order) {
                std::vector<std::uint32_t> trial;
                for (const std::uint32_t k : saved)
                    if (k != o)
                        trial.push_back(k);
                search.setOpen(trial);
                if (search.score() <= target) {
                    dropped = true;
                    break;
                }
                assigner->setState(state);
                search.setOpen(saved);
            }
            if (!dropped)
                return;
        }
    };
    eliminate();
    std::size_t k = search.openList().size();
    // Bound: the chosen options must add the seats the covered children need beyond the
    // existing seats (valid when every weight is the children, i.e. split or unweighted).
    std::int64_t lower = 0;
    bool childrenWeights = true;
    std::int64_t covered = 0;
    for (std::size_t u = 0; u < in.size(); ++u) {
        childrenWeights = childrenWeights && in.weight(u) == in.demand(u);
        covered += in.split() ? in.demand(u) : in.weight(u);
    }
    covered -= target;
    if (childrenWeights) {
        std::int64_t need = covered;
        for (std::size_t c = 0; c < in.existingCount(); ++c)
            need -= in.baseSeats()[c];
        std::vector<std::int64_t> seats;
        for (const CapOption& o : in.options())
            seats.push_back(o.seats);
        std::sort(seats.rbegin(), seats.rend());
        std::int64_t sum = 0;
        for (std::size_t t = 0; t < seats.size() && sum < need; ++t) {
            sum += seats[t];
            lower = static_cast<std::int64_t>(t + 1);
        }
    }
    // And the uncapacitated set covering bound when seats never bind (the same children are
    // covered with and without seats, so every capacitated cover is an uncapacitated one).
    SitingConfig loose = config;
    loose.seats = SeatRule::Ignored;
    const SitingResult uncap = solveSetCovering(problem, loose, progress);
    std::int64_t coverable = 0;
    for (const SitingDemandPoint& d : problem.demand)
        coverable += d.children;
    coverable -= uncap.childrenUncoverable;
    if (childrenWeights && in.split() && coverable == covered)
        lower = std::max(lower, static_cast<std::int64_t>(std::llround(uncap.bound)));
    DeterministicRng rng(config.seed);
    int iterations = 0;
    while (static_cast<std::int64_t>(k) > lower && k > 0) {
        const std::vector<std::uint32_t> saved = search.openList();
        const std::vector<std::uint32_t> state = assigner->state();
        OpenLimit fewer;
        fewer.count = k - 1;
        fewer.costYuan.assign(m, 1.0);
        search.setLimit(fewer);
        std::vector<std::uint32_t> trial = saved;
        // Drop the least-used option, then search with one option fewer.
        std::vector<std::int64_t> load(in.columns(), 0);
        for (const CapFlow& f : search.flows())
            load[f.column] += f.children;
        std::size_t weakest = 0;
        for (std::size_t t = 1; t < trial.size(); ++t)
            if (load[in.options()[trial[t]].column] < load[in.options()[trial[weakest]].column])
                weakest = t;
        trial.erase(trial.begin() + static_cast<std::ptrdiff_t>(weakest));
        search.setOpen(trial);
        search.localSearch(progress);
        if (search.score() > target) {
            VnsLimit vl = searchLimitFor(config, 0.25);
            if (config.searchIterations <= 0)
                vl.iterations = 100;
            iterations += search.vns(rng, vl, kmaxFor(k - 1), target, progress);
        }
        search.setLimit(all);
        if (search.score() > target) {
            assigner->setState(state);
            search.setOpen(saved);
            break;
        }
        eliminate();
        k = search.openList().size();
    }
    SitingResult result;
    describeCapacitated(problem, oracle, in, search.openList(), search.flows(), result);
    result.objective = static_cast<double>(k);
    result.bound = static_cast<double>(std::min<std::int64_t>(lower, static_cast<std::int64_t>(k)));
    result.gap = relativeGap(result.objective, result.bound);
    result.provedOptimal = lower >= static_cast<std::int64_t>(k);
    result.uncoverablePoints = uncap.uncoverablePoints;
    // Children left uncovered even with every option open.
    if (childrenWeights) {
        std::int64_t children = 0;
        for (const SitingDemandPoint& d : problem.demand)
            children += d.children;
        result.childrenUncoverable = children - covered;
    } else {
        result.childrenUncoverable = uncap.childrenUncoverable;
    }
    result.searchIterations = iterations;
    result.moves = search.moves();
    result.assignmentSolves = search.evaluations();
    return result;
}

/// Least radius within which every child gets a seat (or, when the options cannot seat every
/// child, as many as the best found answer seats).
SitingResult capPCenter(const SitingProblem& problem, const SitingConfig& config,
                        const Progress& progress) {
    DistanceOracle oracle(problem, config.costUnitsPerMeter, config.threads);
    // The uncapacitated p-center: its bound is a lower bound here too (fewer constraints).
    SitingConfig loose = config;
    loose.seats = SeatRule::Ignored;
    const SitingResult uncap = solvePCenter(problem, loose, progress);
    const std::int64_t floorUnits = oracle.toUnits(uncap.bound);
    // Lists up to the penalty distance: as far as any child is ever sent.
    CapInstanceOptions co = capOptions(problem, config, oracle, CostKind::Coverage);
    co.uniformRadius = true;
    co.listCapUnits = oracle.toUnits(config.unservedPenaltyMeters);
    CapInstance in(problem, oracle, co);
    const OpenLimit limit = optionLimit(in, config);
    std::unique_ptr<Assigner> assigner = makeAssigner(problem, oracle, in, config);
    auto search = std::make_unique<CapSearch>(in, *assigner, limit);
    // Start from the uncapacitated answer; at the widest radius the search fixes how many
    // children can get a seat at all.
    std::vector<std::uint32_t> start;
    for (const SitingChoice& c : uncap.chosen)
        start.push_back(static_cast<std::uint32_t>(c.index));
    search->setOpen(start);
    search->localSearch(progress);
    const std::int64_t unseated = search->score();
    std::vector<std::uint32_t> bestOpen = search->openList();
    std::vector<CapFlow> bestFlows = search->flows();
    const auto radiusOf = [&](const std::vector<CapFlow>& flows) {
        std::int64_t r = 0;
        for (const CapFlow& f : flows)
            r = std::max(r, oracle.units(in.point(f.u), f.column));
        return r;
    };
    std::int64_t hi = radiusOf(bestFlows);
    std::int64_t lo = std::min(floorUnits, hi);
    std::int64_t proven = lo;
    DeterministicRng rng(config.seed);
    int iterations = 0;
    int boundRun = 0;
    while (lo < hi) {
        progress.throwIfCancelled();
        const std::int64_t mid = lo + (hi - lo) / 2;
        in.setRadius(mid);
        // The split solver caches arc costs, so each radius gets a fresh one.
        search.reset();
        assigner = makeAssigner(problem, oracle, in, config);
        search = std::make_unique<CapSearch>(in, *assigner, limit);
        search->setOpen(bestOpen);
        search->localSearch(progress);
        if (search->score() > unseated) {
            VnsLimit vl = searchLimitFor(config, 0.1);
            if (config.searchIterations <= 0)
                vl.iterations = 50;
            iterations += search->vns(rng, vl, kmaxFor(bestOpen.size()), unseated, progress);
        }
        if (search->score() <= unseated) {
            bestOpen = search->openList();
            bestFlows = search->flows();
            hi = std::min(mid, radiusOf(bestFlows));
            continue;
        }
        const LagrangianResult lb =
            capLagrangian(in, limit, search->score(), {}, 100, config.threads, progress, {});
        boundRun += lb.iterations;
        if (integerBound(lb.bound) > unseated)
            proven = std::max(proven, mid + 1); // no answer seats as many within mid
        lo = mid + 1;
    }
    in.setRadius(hi);
    SitingResult result;
    describeCapacitated(problem, oracle, in, bestOpen, bestFlows, result);
    const double scale = config.costUnitsPerMeter;
    result.objective = static_cast<double>(hi) / scale;
    result.bound = static_cast<double>(std::min(proven, hi)) / scale;
    result.gap = relativeGap(static_cast<double>(hi), static_cast<double>(std::min(proven, hi)));
    result.provedOptimal = proven >= hi;
    result.searchIterations = iterations;
    result.boundIterations = boundRun;
    result.moves = search->moves();
    result.assignmentSolves = search->evaluations();
    return result;
}

} // namespace

SitingResult solveCapacitated(const SitingProblem& problem, const SitingConfig& config,
                              const Progress& progress) {
    switch (config.model) {
    case SitingModel::PMedian:
    case SitingModel::MaximalCovering:
        return capMinSum(problem, config, progress);
    case SitingModel::SetCovering:
        return capSetCovering(problem, config, progress);
    case SitingModel::PCenter:
        return capPCenter(problem, config, progress);
    }
    return capMinSum(problem, config, progress);
}

} // namespace xw::core::detail::siting
