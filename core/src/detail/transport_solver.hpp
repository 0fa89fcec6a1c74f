#pragma once
// The transport solver's working state (private to core): candidate arcs, flows, prices, the
// move heaps of the facility graph and the shortest-path scratch, with the operations every phase
// of a solve uses. Its parts live in core/src/allocation/transport/, one file per concern:
//   transport.cpp    move heaps, shortest paths, the exact phase, the public solveTransport
//   arcs.cpp         candidate arcs (k nearest, the pairs a warm start needs), bulk move heaps
//   auction.cpp      the cold start (ε-scaling auction, shortage prices)
//   pricing.cpp      pricing out omitted pairs, evicting over-full schools
//   certificate.cpp  the independent dual certificate
//   solver.cpp       TransportSolver: warm re-solves after an edit
// The method is described in xw/core/allocation/transport.hpp.
#include <xw/core/allocation/transport.hpp>
#include <xw/core/detail/parallel.hpp>

#include "detail/facility_grid.hpp"
#include "detail/huge_page_allocator.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace xw::core::detail::transport {

inline constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max() / 4;
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

using Clock = std::chrono::steady_clock;
inline double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Checks sizes, signs and limits of a problem.
/// \throws std::invalid_argument naming the first inconsistency.
void validate(const TransportProblem& pr);

/// One "move a point from facility a to facility b" option: the point's arc `from` (to a)
/// carries flow; `to` is its arc to b; key = c(to) − c(from).
struct MoveEntry {
    std::int64_t key;
    std::uint32_t from;
    std::uint32_t to;
    bool operator>(const MoveEntry& o) const {
        return key != o.key ? key > o.key : (from != o.from ? from > o.from : to > o.to);
    }
};

struct AuctionState; // auction.cpp

/// Nodes: facilities 0..m−1 and the "unplaced" sink m. Arcs: point → facility (or sink). Refers
/// to the problem it was made for, which must outlive it and keep its points and facilities.
class Solver {
public:
    explicit Solver(const TransportProblem& pr);

    TransportPhaseSeconds& phases() { return m_phases; }
    std::int64_t takeBids() { return std::exchange(m_bids, 0); }

    /// Candidate arcs: sink arc first, then the k nearest facilities, plus `mustHave` pairs.
    void buildArcs(const std::vector<std::vector<std::uint32_t>>* mustHave);

    /// The sink arc and the k nearest facilities of every point, k + 1 arcs per point, computed
    /// in parallel blocks (each point's arcs depend only on the point, so the result does not
    /// depend on the number of threads).
    void buildNearestArcs(std::size_t k);

    /// Cold start: an ε-scaling auction on the candidate arcs (units of demand bid for seats;
    /// a facility keeps its highest bidders up to capacity; the penalty arc is an object of
    /// unlimited capacity at cost P). It stops at ε = P/1024 (not exact); its flows and prices
    /// are loaded into the solver, and the points not exactly at their cheapest arc are returned
    /// for the exact phase to re-route. Only a starting point: exactness comes from the SSP phase.
    std::vector<std::uint32_t> auctionStart();

    /// Σ capacity < Σ demand.
    [[nodiscard]] bool seatsShort() const;

    /// Starting prices for the auction's first phase; called only when seats are short (Σ capacity
    /// < Σ demand): there the prices must climb to about P − r_j (r_j: the cost of the facility's
    /// marginal unit), which costs a price war of ~16 bids per unit at ε = P/16. Estimate r_j by
    /// a greedy fill: all candidate arcs in order of cost (bucketed to P/4096), each giving its
    /// point's remaining units to the facility's remaining seats; r_j is the cost at which j
    /// fills. Start at P − r_j − slack (0 where j does not fill). Only a start: a too-high price
    /// leaves seats empty, which the exact phase repairs. (Measured against the earlier estimate
    /// from the demand whose nearest facility is j: 50 k × 1 k at 0.9, 5.71 M → 4.48 M bids.)
    std::vector<std::int64_t> shortageStartPrices(std::int64_t slack) const;

    /// Point i's demand (m_pr.demand[i]) changed: its flows are fitted to it instead of cleared.
    /// Children that leave are taken off the unplaced part first, then off the flows in arc
    /// order; children that arrive join the first arc with flow (the unplaced part when there
    /// is one). At an optimum all of a point's flows lie at its cheapest arcs, so the point stays
    /// there and keeps its place; a facility filled beyond its seats is emptied by evictExcess,
    /// one whose price is positive and that lost children is repaired by repairAll. Returns true
    /// when the point had no flow and has to be routed from scratch.
    bool fitDemand(std::size_t i);

    /// The problem gained a facility at the end (m_pr.facilities and m_pr.capacity already hold
    /// it): it takes index m, the sink moves to m + 1 (arcs, node arrays, the pair table
    /// follow), it starts at price 0 and without arcs; the next pricing round tests every pair
    /// with it (its unchecked price counts as fallen) and adds those it needs.
    void appendFacility();

    /// Rebuilds the move heaps when stale entries are more than about twice the live ones.
    void compactHeapsIfStale();
    /// Records the current heap size as the live size compaction compares with.
    void markHeapsLive() { m_heapEntriesLive = m_heapEntries; }

    /// Move-heap entries for every arc that carries flow, in bulk: count per heap, reserve,
    /// append, then heapify each heap once (instead of one push_heap per entry).
    void buildMoveHeaps();

    [[nodiscard]] std::int64_t cost(std::size_t i, std::size_t j) const {
        if (m_pr.cost) {
            return transportCostCentimeters(m_pr.cost(i, j));
        }
        const PointM& a = m_pr.demandPoints[i];
        const PointM& b = m_pr.facilities[j];
        return transportCostCentimeters(straightLineMeters(a, b));
    }

    template <class F> void forArcs(std::size_t i, F&& f) const {
        for (std::uint32_t e = m_pointFirst[i]; e < m_pointFirst[i + 1]; ++e) {
            f(e);
        }
        for (std::uint32_t e : m_extra[i]) {
            f(e);
        }
    }

    void setPrice(std::size_t j, std::int64_t cents) { m_price[j] = cents; }

    void setCapacity(std::size_t j, std::int64_t seats) { m_cap[j] = seats; }

    /// Sets an initial flow (warm start) without move-heap entries (buildMoveHeaps adds them in
    /// bulk once every initial flow is in); returns false if the point has no such arc.
    bool addInitialFlow(std::size_t i, std::uint32_t facility, std::int64_t amount);

    /// Removes all flow of point i (it will be re-inserted).
    void clearPoint(std::size_t i) {
        forArcs(i, [&](std::uint32_t e) {
            if (m_arcFlow[e] != 0) {
                m_load[m_arcHead[e]] -= m_arcFlow[e];
                m_arcFlow[e] = 0;
                markFlow(e, false);
            }
        });
    }

    [[nodiscard]] std::int64_t placed(std::size_t i) const {
        std::int64_t s = 0;
        forArcs(i, [&](std::uint32_t e) { s += m_arcFlow[e]; });
        return s;
    }

    /// α_i: the cheapest cost + price over the point's arcs (the sink arc included).
    [[nodiscard]] std::int64_t potential(std::size_t i) const {
        std::int64_t a = kInfinity;
        forArcs(i, [&](std::uint32_t e) { a = std::min(a, m_arcCost[e] + m_price[m_arcHead[e]]); });
        return a;
    }

    /// True when every arc of i with flow has cost + price equal to α_i.
    [[nodiscard]] bool pointIsTight(std::size_t i) const {
        const std::int64_t a = potential(i);
        bool tight = true;
        forArcs(i, [&](std::uint32_t e) {
            if (m_arcFlow[e] > 0 && m_arcCost[e] + m_price[m_arcHead[e]] != a) {
                tight = false;
            }
        });
        return tight;
    }

    /// Routes `amount` more units of point i by shortest augmenting paths.
    void insert(std::size_t i, std::int64_t amount);

    /// Restores p_j > 0 ⇒ full for every facility.
    void repairAll();

    /// Adds arcs for every omitted pair with negative reduced cost; returns the points that got
    /// new arcs. Counts checked pairs.
    /// The search runs in parallel blocks of points (read-only); the pairs found are then added
    /// in point order, so the arcs do not depend on the number of threads.
    ///
    /// After a full round (`full`), a round only re-examines what can have changed. Invariant
    /// after every round: each omitted pair has c_ij + checkedPrice_j ≥ checkedAlpha_i. If now
    /// α_i ≤ checkedAlpha_i and p_j ≥ checkedPrice_j, then c_ij + p_j ≥ α_i still holds. So
    /// a point is searched in full only when its α rose, and otherwise only against the
    /// facilities whose price fell (all of them in full when there are many).
    std::vector<std::uint32_t> priceOut(std::int64_t& pairsChecked, std::int64_t& arcsAdded,
                                        bool full);

    [[nodiscard]] std::int64_t load(std::size_t j) const { return m_load[j]; }

    [[nodiscard]] std::int64_t capacity(std::size_t j) const { return m_cap[j]; }

    [[nodiscard]] std::int64_t augmentations() const { return m_augmentations; }

    /// Evicts whole points from over-full facilities until every facility fits; returns them.
    std::vector<std::uint32_t> evictExcess();

    void fillSolution(TransportSolution& s) const;

private:
    // The cold start's parts (auction.cpp).
    /// The points with demand, grouped by their nearest facility: the order they first bid in.
    [[nodiscard]] std::vector<std::uint32_t> auctionBidOrder() const;
    /// Every facility's seats free again at a price just below its previous phase's (`start` in
    /// the first phase, lastEps = 0), its holdings cleared.
    void auctionRestart(AuctionState& st, const std::vector<std::int64_t>& start,
                        std::int64_t lastEps, bool shortage) const;
    /// One phase at `eps`: the queued points bid until every unit holds a seat or the sink.
    void auctionPhase(AuctionState& st, std::int64_t eps);
    /// The final phase's holdings as flows, its cheapest seats as prices.
    void auctionLoad(const AuctionState& st);

    void pushArc(std::size_t i, std::uint32_t head, std::int64_t c) {
        m_arcCost.push_back(c);
        m_arcHead.push_back(head);
        m_arcPoint.push_back(static_cast<std::uint32_t>(i));
    }

    std::uint32_t heapFor(std::uint32_t a, std::uint32_t b);

    /// Arc e just started to carry flow: its point can now move from head(e) to its other arcs.
    void activate(std::uint32_t e);

    /// One bit per arc, "carries flow", mirrors m_arcFlow[e] != 0: the shortest-path searches
    /// test it for every move-heap top they look at, and 2 MiB of bits stay in cache where the
    /// 8-byte flows (136 MiB at a million points) do not (perf: that load was most of the
    /// search time).
    [[nodiscard]] bool hasFlow(std::uint32_t e) const {
        return ((m_hasFlow[e >> 6] >> (e & 63)) & 1U) != 0;
    }

    void markFlow(std::uint32_t e, bool on) {
        const std::uint64_t bit = std::uint64_t{1} << (e & 63);
        m_hasFlow[e >> 6] = on ? (m_hasFlow[e >> 6] | bit) : (m_hasFlow[e >> 6] & ~bit);
    }

    void addFlow(std::uint32_t e, std::int64_t delta);

    /// Valid top of a move heap (stale entries, whose source arc lost its flow, are dropped).
    /// The searches read the copy in m_topCache (one flat array) and touch the heap itself only
    /// when that entry went stale: perf showed the heaps' scattered storage as the searches'
    /// main cost.
    const MoveEntry* top(std::uint32_t h);

    void refreshTop(std::uint32_t h) {
        m_topCache[h] = m_heaps[h].empty() ? kNoMove : m_heaps[h].front();
    }

    [[nodiscard]] std::int64_t spare(std::uint32_t j) const {
        return j == m_sink ? kInfinity : m_cap[j] - m_load[j];
    }

    void resetLabels() {
        for (std::uint32_t v : m_touched) {
            m_dist[v] = kInfinity;
            m_predFrom[v] = kNone;
            m_predTo[v] = kNone;
        }
        m_touched.clear();
        m_settled.clear();
        m_queue.clear(); // keeps its memory (no allocation per search)
    }

    void queuePush(std::int64_t d, std::uint32_t v) {
        m_queue.emplace_back(d, v);
        std::push_heap(m_queue.begin(), m_queue.end(), std::greater<>());
    }

    std::pair<std::int64_t, std::uint32_t> queuePop() {
        std::pop_heap(m_queue.begin(), m_queue.end(), std::greater<>());
        const auto top = m_queue.back();
        m_queue.pop_back();
        return top;
    }

    void label(std::uint32_t v, std::int64_t d, std::uint32_t from, std::uint32_t to) {
        if (m_dist[v] == kInfinity) {
            m_touched.push_back(v);
        }
        m_dist[v] = d;
        m_predFrom[v] = from;
        m_predTo[v] = to;
        queuePush(d, v);
    }

    /// One shortest path from point i to a facility with spare capacity (or the sink); returns
    /// the amount augmented (> 0).
    std::int64_t augmentFromPoint(std::size_t i, std::int64_t amount);

    /// Facility j has room but a positive price: either lower prices until p_j = 0 or pull
    /// flow into j along a shortest path from a facility whose price reaches 0 (or the sink).
    void repairDeficit(std::uint32_t j);

    const TransportProblem& m_pr;
    detail::FacilityGrid m_grid;
    detail::FacilityGrid::PriceBounds m_bounds;
    std::size_t m_n = 0;
    std::size_t m_m = 0;
    std::uint32_t m_sink = 0;
    std::int64_t m_penalty = 0;
    std::vector<std::int64_t> m_cap, m_load, m_price;
    // Arcs: point → facility (or sink); base arcs of point i are [pointFirst[i], pointFirst[i+1]).
    template <class T> using BigVector = std::vector<T, detail::HugePageAllocator<T>>;
    BigVector<std::int64_t> m_arcCost, m_arcFlow;
    BigVector<std::uint32_t> m_arcHead, m_arcPoint;
    std::vector<std::uint64_t> m_hasFlow; ///< bit e = (m_arcFlow[e] != 0)
    std::vector<std::uint32_t> m_pointFirst;
    std::vector<std::vector<std::uint32_t>> m_extra; ///< arcs added by pricing
    std::vector<std::int64_t> m_kthCost;             ///< lower bound on omitted pairs' cost
    // Pricing state (see priceOut): α and prices as of the last pricing round.
    std::vector<std::int64_t> m_checkedAlpha, m_checkedPrice;
    // Facility graph: one lazy min-heap of moves per ordered facility pair.
    std::vector<std::vector<MoveEntry>> m_heaps;
    std::vector<MoveEntry> m_topCache; ///< m_heaps[h].front(), or kNoMove when empty
    static constexpr MoveEntry kNoMove{0, kNone, kNone};
    std::unordered_map<std::uint64_t, std::uint32_t> m_pairIndex;
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> m_outAdj, m_inAdj;
    // Shortest-path scratch.
    std::vector<std::int64_t> m_dist;
    std::vector<std::uint32_t> m_predFrom, m_predTo, m_touched, m_settled;
    std::vector<std::pair<std::int64_t, std::uint32_t>> m_queue; ///< binary min-heap
    std::int64_t m_augmentations = 0;
    std::vector<std::uint32_t> m_pairDense; ///< heap index per facility pair, or empty
    int m_threadsRequested = 0;
    TransportPhaseSeconds m_phases;
    std::int64_t m_bids = 0;
    std::size_t m_heapEntries = 0;     ///< Σ move-heap sizes, stale entries included
    std::size_t m_heapEntriesLive = 0; ///< the sum after the last rebuild or cold solve
};

/// The exact phase (transport.cpp): re-routes the pending points by shortest paths, restores
/// p > 0 ⇒ full, prices out every omitted pair until none violates, then writes `out`.
void runExact(Solver& solver, const TransportProblem& problem, std::vector<std::uint32_t> pending,
              TransportSolution& out);

} // namespace xw::core::detail::transport
