// The transport solver: flows, successive shortest paths and the exact phase
// (detail/transport_solver.hpp), and the public solveTransport. TransportSolver, the candidate
// arcs and move heaps, the auction start, pricing and the certificate have their own files.
#include <xw/core/allocation/transport.hpp>
#include <xw/core/common/progress.hpp>

#include "detail/transport_solver.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace xw::core {

std::int64_t transportCostCentimeters(double meters) {
    return static_cast<std::int64_t>(std::llround(meters * 100.0));
}

namespace detail::transport {

void validate(const TransportProblem& pr) {
    const auto fail = [](const std::string& what) {
        throw std::invalid_argument("运输问题输入无效 / invalid transport problem: " + what);
    };
    if (pr.demand.size() != pr.demandPoints.size()) {
        fail("demand has " + std::to_string(pr.demand.size()) + " values for " +
             std::to_string(pr.demandPoints.size()) + " demand points");
    }
    if (pr.capacity.size() != pr.facilities.size()) {
        fail("capacity has " + std::to_string(pr.capacity.size()) + " values for " +
             std::to_string(pr.facilities.size()) + " facilities");
    }
    if (pr.demandPoints.size() >= kNone || pr.facilities.size() >= kNone / 2) {
        fail("too many points or facilities");
    }
    for (std::size_t i = 0; i < pr.demand.size(); ++i) {
        if (pr.demand[i] < 0) {
            fail("demand of point " + std::to_string(i) + " is negative");
        }
    }
    for (std::size_t j = 0; j < pr.capacity.size(); ++j) {
        if (pr.capacity[j] < 0) {
            fail("capacity of facility " + std::to_string(j) + " is negative");
        }
    }
    if (!(pr.unplacedPenaltyMeters > 0.0) || !std::isfinite(pr.unplacedPenaltyMeters) ||
        pr.unplacedPenaltyMeters > 1.0e12) {
        fail("unplacedPenaltyMeters must be positive and finite (≤ 1e12 m)");
    }
    if (pr.candidateArcs < 1) {
        fail("candidateArcs must be at least 1");
    }
    const std::size_t k =
        std::min<std::size_t>(static_cast<std::size_t>(pr.candidateArcs), pr.facilities.size());
    if (pr.demandPoints.size() * (k + 1) >= kNone / 2) {
        fail("too many candidate arcs (points × (candidateArcs + 1) must stay below 2^31)");
    }
    if (pr.threads < 0) {
        fail("threads must be 0 (automatic) or positive");
    }
}

Solver::Solver(const TransportProblem& pr) : m_pr(pr), m_grid(pr.facilities) {
    m_n = pr.demandPoints.size();
    m_m = pr.facilities.size();
    m_sink = static_cast<std::uint32_t>(m_m);
    m_penalty = transportCostCentimeters(pr.unplacedPenaltyMeters);
    m_cap.assign(m_m + 1, 0);
    for (std::size_t j = 0; j < m_m; ++j) {
        m_cap[j] = pr.capacity[j];
    }
    m_cap[m_m] = kInfinity;
    m_load.assign(m_m + 1, 0);
    m_price.assign(m_m + 1, 0);
    m_outAdj.resize(m_m + 1);
    m_inAdj.resize(m_m + 1);
    m_dist.assign(m_m + 1, kInfinity);
    m_predFrom.assign(m_m + 1, kNone);
    m_predTo.assign(m_m + 1, kNone);
    m_extra.resize(m_n);
    m_threadsRequested = pr.threads;
    // Move heaps are found by facility pair: a dense table when it is small (≤ 32 MiB).
    if ((m_m + 1) * (m_m + 1) <= (std::size_t{1} << 23)) {
        m_pairDense.assign((m_m + 1) * (m_m + 1), kNone);
    }
}

bool Solver::addInitialFlow(std::size_t i, std::uint32_t facility, std::int64_t amount) {
    bool done = false;
    forArcs(i, [&](std::uint32_t e) {
        if (!done && m_arcHead[e] == facility) {
            m_arcFlow[e] += amount;
            markFlow(e, m_arcFlow[e] != 0);
            m_load[facility] += amount;
            done = true;
        }
    });
    return done;
}

void Solver::insert(std::size_t i, std::int64_t amount) {
    while (amount > 0) {
        amount -= augmentFromPoint(i, amount);
    }
}

void Solver::repairAll() {
    for (std::uint32_t j = 0; j < m_m; ++j) {
        while (m_price[j] > 0 && m_load[j] < m_cap[j]) {
            repairDeficit(j);
        }
    }
}

void Solver::fillSolution(TransportSolution& s) const {
    s.unplaced.assign(m_n, 0);
    s.flows.clear();
    s.pointPotentials.resize(m_n);
    s.facilityPrices.resize(m_m);
    std::int64_t objective = 0;
    std::vector<TransportFlow> row;
    for (std::size_t i = 0; i < m_n; ++i) {
        row.clear();
        forArcs(i, [&](std::uint32_t e) {
            const std::int64_t f = m_arcFlow[e];
            if (f <= 0) {
                return;
            }
            objective += f * m_arcCost[e];
            if (m_arcHead[e] == m_sink) {
                s.unplaced[i] += f;
            } else {
                row.push_back({static_cast<std::uint32_t>(i), m_arcHead[e], f});
            }
        });
        std::sort(row.begin(), row.end(), [](const TransportFlow& a, const TransportFlow& b) {
            return a.facility < b.facility;
        });
        s.flows.insert(s.flows.end(), row.begin(), row.end());
        s.pointPotentials[i] = static_cast<double>(potential(i)) / 100.0;
    }
    for (std::size_t j = 0; j < m_m; ++j) {
        s.facilityPrices[j] = static_cast<double>(m_price[j]) / 100.0;
    }
    s.objectiveCentimeters = objective;
    s.objectiveMeters = static_cast<double>(objective) / 100.0;
    // Dual objective Σ d_i α_i − Σ u_j p_j equals the primal at an optimum.
    std::int64_t dual = 0;
    for (std::size_t i = 0; i < m_n; ++i) {
        dual += m_pr.demand[i] * potential(i);
    }
    for (std::size_t j = 0; j < m_m; ++j) {
        dual -= m_cap[j] * m_price[j];
    }
    s.optimalityGap = static_cast<double>(objective - dual) / 100.0;
}

std::uint32_t Solver::heapFor(std::uint32_t a, std::uint32_t b) {
    if (!m_pairDense.empty()) {
        std::uint32_t& slot = m_pairDense[static_cast<std::size_t>(a) * (m_m + 1) + b];
        if (slot == kNone) {
            slot = static_cast<std::uint32_t>(m_heaps.size());
            m_heaps.emplace_back();
            m_topCache.push_back(kNoMove);
            m_outAdj[a].emplace_back(b, slot);
            m_inAdj[b].emplace_back(a, slot);
        }
        return slot;
    }
    const std::uint64_t key = (static_cast<std::uint64_t>(a) << 32) | b;
    auto [it, inserted] = m_pairIndex.try_emplace(key, static_cast<std::uint32_t>(m_heaps.size()));
    if (inserted) {
        m_heaps.emplace_back();
        m_topCache.push_back(kNoMove);
        m_outAdj[a].emplace_back(b, it->second);
        m_inAdj[b].emplace_back(a, it->second);
    }
    return it->second;
}

void Solver::activate(std::uint32_t e) {
    const std::uint32_t a = m_arcHead[e];
    const std::uint32_t i = m_arcPoint[e];
    forArcs(i, [&](std::uint32_t f) {
        if (f == e) {
            return;
        }
        const std::uint32_t hi = heapFor(a, m_arcHead[f]);
        auto& h = m_heaps[hi];
        h.push_back({m_arcCost[f] - m_arcCost[e], e, f});
        std::push_heap(h.begin(), h.end(), std::greater<>());
        refreshTop(hi);
        ++m_heapEntries;
    });
}

bool Solver::fitDemand(std::size_t i) {
    const std::int64_t want = m_pr.demand[i];
    const std::int64_t have = placed(i);
    if (have == want) {
        return false;
    }
    if (have == 0) {
        return true; // no flow to fit: the point is routed from scratch
    }
    if (want < have) {
        // The sink arc comes first, so children leave the unplaced part before any school.
        std::int64_t excess = have - want;
        forArcs(i, [&](std::uint32_t e) {
            const std::int64_t take = std::min(excess, m_arcFlow[e]);
            if (take > 0) {
                addFlow(e, -take);
                excess -= take;
            }
        });
        return false;
    }
    // The first arc with flow: the unplaced part when there is one (never over a capacity).
    std::uint32_t target = kNone;
    forArcs(i, [&](std::uint32_t e) {
        if (target == kNone && m_arcFlow[e] > 0) {
            target = e;
        }
    });
    addFlow(target, want - have);
    return false;
}

void Solver::appendFacility() {
    const std::size_t j = m_m; // the new facility takes the sink's index; the sink moves up one
    const std::uint32_t oldSink = m_sink;
    m_m += 1;
    m_sink = static_cast<std::uint32_t>(m_m);
    const auto at = static_cast<std::ptrdiff_t>(j);
    m_cap.insert(m_cap.begin() + at, m_pr.capacity[j]);
    m_load.insert(m_load.begin() + at, 0);
    m_price.insert(m_price.begin() + at, 0);
    // (not insert(pos, {}): that is the initializer-list overload, which inserts nothing)
    m_outAdj.emplace(m_outAdj.begin() + at);
    m_inAdj.emplace(m_inAdj.begin() + at);
    for (auto& adjacency : m_outAdj) {
        for (auto& [b, h] : adjacency) {
            b = b == oldSink ? m_sink : b;
        }
    }
    for (auto& adjacency : m_inAdj) {
        for (auto& [a, h] : adjacency) {
            a = a == oldSink ? m_sink : a;
        }
    }
    m_dist.push_back(kInfinity);
    m_predFrom.push_back(kNone);
    m_predTo.push_back(kNone);
    // Pricing never adds sink arcs, so each point's only sink arc is its first.
    for (std::size_t i = 0; i < m_n; ++i) {
        m_arcHead[m_pointFirst[i]] = m_sink;
    }
    // Heaps by facility pair, re-keyed for the new numbering.
    m_pairIndex.clear();
    m_pairDense.clear();
    if ((m_m + 1) * (m_m + 1) <= (std::size_t{1} << 23)) {
        m_pairDense.assign((m_m + 1) * (m_m + 1), kNone);
    }
    for (std::uint32_t a = 0; a <= m_m; ++a) {
        for (const auto& [b, h] : m_outAdj[a]) {
            if (m_pairDense.empty()) {
                m_pairIndex.emplace((static_cast<std::uint64_t>(a) << 32) | b, h);
            } else {
                m_pairDense[static_cast<std::size_t>(a) * (m_m + 1) + b] = h;
            }
        }
    }
    // Every pair with the new facility is omitted and unchecked: an unchecked price of "infinity"
    // makes the next pricing round test it as a facility whose price fell, and the lower bound on
    // omitted pairs' costs must now cover it.
    if (!m_checkedPrice.empty()) {
        m_checkedPrice.insert(m_checkedPrice.begin() + at, kInfinity);
    }
    for (std::size_t i = 0; i < m_n; ++i) {
        const std::int64_t c =
            transportCostCentimeters(straightLineMeters(m_pr.demandPoints[i], m_pr.facilities[j]));
        m_kthCost[i] = std::min(m_kthCost[i], c);
    }
    m_grid = detail::FacilityGrid(m_pr.facilities);
}

void Solver::compactHeapsIfStale() {
    // Lazy deletion leaves the entries of arcs that lost their flow in the heaps; after many
    // edits they outnumber the live ones. Rebuilding gives the same valid entries, so the same
    // searches.
    if (m_heapEntries <= 2 * m_heapEntriesLive + (std::size_t{1} << 16)) {
        return;
    }
    for (auto& heap : m_heaps) {
        heap.clear();
    }
    std::fill(m_topCache.begin(), m_topCache.end(), kNoMove);
    m_heapEntries = 0;
    buildMoveHeaps();
    m_heapEntriesLive = m_heapEntries;
}

void Solver::addFlow(std::uint32_t e, std::int64_t delta) {
    const bool wasEmpty = m_arcFlow[e] == 0;
    m_arcFlow[e] += delta;
    markFlow(e, m_arcFlow[e] != 0);
    m_load[m_arcHead[e]] += delta;
    if (wasEmpty && m_arcFlow[e] > 0) {
        activate(e);
    }
}

const MoveEntry* Solver::top(std::uint32_t h) {
    const MoveEntry& cached = m_topCache[h];
    if (cached.from == kNone) {
        return nullptr;
    }
    if (hasFlow(cached.from)) {
        return &cached;
    }
    auto& heap = m_heaps[h];
    while (!heap.empty() && !hasFlow(heap.front().from)) {
        std::pop_heap(heap.begin(), heap.end(), std::greater<>());
        heap.pop_back();
        --m_heapEntries;
    }
    refreshTop(h);
    return heap.empty() ? nullptr : &m_topCache[h];
}

std::int64_t Solver::augmentFromPoint(std::size_t i, std::int64_t amount) {
    ++m_augmentations;
    // Fast path: the cheapest arc leads to a facility with room.
    std::uint32_t best = kNone;
    std::int64_t bestValue = kInfinity;
    forArcs(i, [&](std::uint32_t e) {
        const std::int64_t v = m_arcCost[e] + m_price[m_arcHead[e]];
        if (v < bestValue || (v == bestValue && m_arcHead[e] < m_arcHead[best])) {
            bestValue = v;
            best = e;
        }
    });
    if (spare(m_arcHead[best]) > 0) {
        const std::int64_t delta = std::min(amount, spare(m_arcHead[best]));
        addFlow(best, delta);
        return delta;
    }
    resetLabels();
    forArcs(i, [&](std::uint32_t e) {
        const std::uint32_t b = m_arcHead[e];
        const std::int64_t v = m_arcCost[e] + m_price[b];
        if (v < m_dist[b]) {
            label(b, v, kNone, e);
        }
    });
    std::uint32_t target = kNone;
    while (!m_queue.empty()) {
        const auto [d, a] = queuePop();
        if (d > m_dist[a]) {
            continue;
        }
        if (spare(a) > 0) {
            target = a;
            break;
        }
        m_settled.push_back(a);
        for (const auto& [b, h] : m_outAdj[a]) {
            const MoveEntry* t = top(h);
            if (t == nullptr) {
                continue;
            }
            const std::int64_t nd = d + t->key + m_price[b] - m_price[a];
            if (nd < m_dist[b]) {
                label(b, nd, t->from, t->to);
            }
        }
    }
    // The sink has infinite room and every point has an arc to it, so a target exists.
    const std::int64_t dt = m_dist[target];
    for (std::uint32_t v : m_settled) {
        m_price[v] += dt - m_dist[v];
    }
    std::int64_t delta = std::min(amount, spare(target));
    for (std::uint32_t v = target; m_predFrom[v] != kNone; v = m_arcHead[m_predFrom[v]]) {
        delta = std::min(delta, m_arcFlow[m_predFrom[v]]);
    }
    for (std::uint32_t v = target;;) {
        const std::uint32_t from = m_predFrom[v];
        const std::uint32_t to = m_predTo[v];
        addFlow(to, delta);
        if (from == kNone) {
            break;
        }
        addFlow(from, -delta);
        v = m_arcHead[from];
    }
    return delta;
}

void Solver::repairDeficit(std::uint32_t j) {
    ++m_augmentations;
    resetLabels();
    label(j, 0, kNone, kNone);
    std::int64_t theta = m_price[j];
    std::uint32_t origin = j;
    while (!m_queue.empty()) {
        const auto [d, b] = queuePop();
        if (d > m_dist[b]) {
            continue;
        }
        if (d >= theta) {
            break;
        }
        m_settled.push_back(b);
        if (d + m_price[b] < theta) {
            theta = d + m_price[b];
            origin = b;
        }
        if (b == m_sink) {
            continue; // the sink's price is 0: nothing beyond it can be cheaper
        }
        for (const auto& [a, h] : m_inAdj[b]) {
            const MoveEntry* t = top(h);
            if (t == nullptr) {
                continue;
            }
            const std::int64_t nd = d + t->key + m_price[b] - m_price[a];
            if (nd < m_dist[a]) {
                label(a, nd, t->from, t->to);
            }
        }
    }
    for (std::uint32_t v : m_settled) {
        if (m_dist[v] < theta) {
            m_price[v] -= theta - m_dist[v];
        }
    }
    if (origin == j) {
        return; // p_j is now 0
    }
    std::int64_t delta = m_cap[j] - m_load[j];
    for (std::uint32_t v = origin; v != j; v = m_arcHead[m_predTo[v]]) {
        delta = std::min(delta, m_arcFlow[m_predFrom[v]]);
    }
    for (std::uint32_t v = origin; v != j;) {
        const std::uint32_t from = m_predFrom[v];
        const std::uint32_t to = m_predTo[v];
        addFlow(to, delta);
        addFlow(from, -delta);
        v = m_arcHead[to];
    }
}

/// The exact phase: re-route the pending points by shortest paths, restore p > 0 ⇒ full, price
/// out every omitted pair, repeat until none violates; then write the solution.
void runExact(Solver& solver, const TransportProblem& problem, std::vector<std::uint32_t> pending,
              TransportSolution& out) {
    const std::int64_t augmentationsBefore = solver.augmentations();
    TransportPhaseSeconds& ph = solver.phases();
    for (;;) {
        if (problem.cancel != nullptr && problem.cancel->load(std::memory_order_relaxed))
            throw Cancelled();
        ++out.pricingRounds;
        auto t0 = Clock::now();
        for (std::uint32_t i : pending) {
            solver.insert(i, problem.demand[i] - solver.placed(i));
        }
        solver.repairAll();
        ph.paths += secondsSince(t0);
        t0 = Clock::now();
        std::int64_t checked = 0;
        // The first round of a new solver prices every pair; later rounds, and the rounds of a
        // reused solver, only what can have changed since the last round (see priceOut).
        pending = solver.priceOut(checked, out.arcsAdded, false);
        ph.pricing += secondsSince(t0);
        if (pending.empty()) {
            break;
        }
        for (std::uint32_t i : pending) {
            solver.clearPoint(i);
        }
    }
    const auto t0 = Clock::now();
    solver.fillSolution(out);
    ph.output += secondsSince(t0);
    out.augmentations = solver.augmentations() - augmentationsBefore;
    out.auctionBids = solver.takeBids();
    out.phaseSeconds = ph;
    ph = TransportPhaseSeconds{}; // a reusable solver reports each solve's own times
}

} // namespace detail::transport

using detail::transport::runExact;
using detail::transport::Solver;
using detail::transport::validate;

TransportSolution solveTransport(const TransportProblem& problem,
                                 const TransportSolution* warmStart) {
    validate(problem);
    const std::size_t n = problem.demandPoints.size();
    const std::size_t m = problem.facilities.size();
    Solver solver(problem);
    TransportSolution out;
    std::vector<std::uint32_t> pending; // points to (re-)insert
    if (warmStart != nullptr) {
        if (warmStart->unplaced.size() != n || warmStart->facilityPrices.size() > m) {
            throw std::invalid_argument(
                "热启动解与问题不一致 / warm start does not match the problem: it has " +
                std::to_string(warmStart->unplaced.size()) + " points and " +
                std::to_string(warmStart->facilityPrices.size()) + " facilities");
        }
        out.warmStarted = true;
        std::vector<std::vector<std::uint32_t>> used(n);
        for (const TransportFlow& f : warmStart->flows) {
            if (f.point >= n || f.facility >= m) {
                throw std::invalid_argument("热启动解的流量越界 / warm start flow out of range");
            }
            used[f.point].push_back(f.facility);
        }
        solver.buildArcs(&used);
        for (std::size_t j = 0; j < warmStart->facilityPrices.size(); ++j) {
            solver.setPrice(j, transportCostCentimeters(warmStart->facilityPrices[j]));
        }
        for (const TransportFlow& f : warmStart->flows) {
            (void)solver.addInitialFlow(f.point, f.facility, f.amount);
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (warmStart->unplaced[i] > 0) {
                (void)solver.addInitialFlow(i, static_cast<std::uint32_t>(m),
                                            warmStart->unplaced[i]);
            }
        }
        // Keep a point only if its demand is unchanged and its flow is at its cheapest arcs.
        for (std::size_t i = 0; i < n; ++i) {
            if (solver.placed(i) != problem.demand[i] || !solver.pointIsTight(i)) {
                solver.clearPoint(i);
                pending.push_back(static_cast<std::uint32_t>(i));
            }
        }
        solver.buildMoveHeaps(); // for the flows kept, in bulk
        for (std::uint32_t i : solver.evictExcess()) {
            pending.push_back(i);
        }
    } else {
        solver.buildArcs(nullptr);
        pending = solver.auctionStart();
    }
    runExact(solver, problem, std::move(pending), out);
    return out;
}

} // namespace xw::core
