#include <xw/core/allocation/transport.hpp>
#include <xw/core/common/progress.hpp>

#include "detail/facility_grid.hpp"
#include "detail/huge_page_allocator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

namespace xw::core {

std::int64_t transportCostCentimeters(double meters) {
    return static_cast<std::int64_t>(std::llround(meters * 100.0));
}

namespace {

constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max() / 4;
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

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

/// Worker threads for a scan over `work` points: the request (0 → the hardware's), at most 8,
/// and at most one per 1,024 points.
int threadsFor(int requested, std::size_t work) {
    int t = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
    t = std::clamp(t, 1, 8);
    const auto byWork = static_cast<int>(std::min<std::size_t>(8, (work + 1023) / 1024));
    return std::max(1, std::min(t, byWork));
}

/// Calls f(block, begin, end) for `blocks` contiguous blocks of [0, n), block 0 on the calling
/// thread and the others on their own threads; rethrows the first block's exception, if any.
template <class F> void forBlocks(std::size_t n, int blocks, F&& f) {
    if (blocks <= 1) {
        f(std::size_t{0}, std::size_t{0}, n);
        return;
    }
    const auto nb = static_cast<std::size_t>(blocks);
    std::vector<std::exception_ptr> errors(nb);
    const auto run = [&](std::size_t b) {
        try {
            f(b, n * b / nb, n * (b + 1) / nb);
        } catch (...) {
            errors[b] = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(nb - 1);
    for (std::size_t b = 1; b < nb; ++b) {
        pool.emplace_back(run, b);
    }
    run(0);
    for (std::thread& t : pool) {
        t.join();
    }
    for (const std::exception_ptr& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
}

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

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

class Solver {
public:
    Solver(const TransportProblem& pr) : m_pr(pr), m_grid(pr.facilities) {
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

    TransportPhaseSeconds& phases() { return m_phases; }
    std::int64_t takeBids() { return std::exchange(m_bids, 0); }

    /// Candidate arcs: sink arc first, then the k nearest facilities, plus `mustHave` pairs.
    void buildArcs(const std::vector<std::vector<std::uint32_t>>* mustHave) {
        const std::size_t k =
            std::min<std::size_t>(static_cast<std::size_t>(m_pr.candidateArcs), m_m);
        const auto t0 = Clock::now();
        m_pointFirst.assign(m_n + 1, 0);
        m_kthCost.assign(m_n, kInfinity);
        if (mustHave == nullptr) {
            buildNearestArcs(k);
            m_arcFlow.reserve(m_arcHead.capacity());
            m_arcFlow.assign(m_arcHead.size(), 0);
            m_hasFlow.assign(m_arcHead.size() / 64 + 1, 0);
            m_phases.arcs += secondsSince(t0);
            return;
        }
        const std::size_t reserve = m_n * (k + 1);
        m_arcCost.reserve(reserve);
        m_arcHead.reserve(reserve);
        m_arcPoint.reserve(reserve);
        std::vector<std::uint32_t> near;
        std::vector<std::pair<double, std::uint32_t>> scratch;
        for (std::size_t i = 0; i < m_n; ++i) {
            m_pointFirst[i] = static_cast<std::uint32_t>(m_arcHead.size());
            pushArc(i, m_sink, m_penalty);
            const double kth = m_grid.nearest(m_pr.demandPoints[i], k, near, scratch);
            // With k = all facilities nothing is omitted; otherwise omitted facilities are at
            // least kth away (straight line), a lower bound on their cost.
            m_kthCost[i] = (k == m_m) ? kInfinity : transportCostCentimeters(kth);
            if (mustHave != nullptr) {
                for (std::uint32_t j : (*mustHave)[i]) {
                    if (std::find(near.begin(), near.end(), j) == near.end()) {
                        near.push_back(j);
                    }
                }
            }
            for (std::uint32_t j : near) {
                pushArc(i, j, cost(i, j));
            }
        }
        m_pointFirst[m_n] = static_cast<std::uint32_t>(m_arcHead.size());
        m_arcFlow.assign(m_arcHead.size(), 0);
        m_hasFlow.assign(m_arcHead.size() / 64 + 1, 0);
        m_phases.arcs += secondsSince(t0);
    }

    /// The sink arc and the k nearest facilities of every point, k + 1 arcs per point, computed
    /// in parallel blocks (each point's arcs depend only on the point, so the result does not
    /// depend on the number of threads).
    void buildNearestArcs(std::size_t k) {
        const std::size_t stride = k + 1;
        const std::size_t total = m_n * stride;
        // Room for the pairs pricing adds (typically < 1 % of the arcs): growing a full vector
        // would copy it whole and briefly double its memory.
        const std::size_t room = total + total / 32 + 1024;
        m_arcCost.reserve(room);
        m_arcHead.reserve(room);
        m_arcPoint.reserve(room);
        m_arcCost.resize(total);
        m_arcHead.resize(total);
        m_arcPoint.resize(total);
        const bool omitted = k < m_m;
        forBlocks(m_n, threadsFor(m_threadsRequested, m_n),
                  [&](std::size_t, std::size_t begin, std::size_t end) {
                      std::vector<std::uint32_t> near;
                      std::vector<std::pair<double, std::uint32_t>> sorted;
                      for (std::size_t i = begin; i < end; ++i) {
                          std::size_t a = i * stride;
                          m_pointFirst[i] = static_cast<std::uint32_t>(a);
                          m_arcCost[a] = m_penalty;
                          m_arcHead[a] = m_sink;
                          m_arcPoint[a] = static_cast<std::uint32_t>(i);
                          const double kth = m_grid.nearest(m_pr.demandPoints[i], k, near, sorted);
                          // Omitted facilities are at least kth away (straight line), a lower
                          // bound on their cost.
                          m_kthCost[i] = omitted ? transportCostCentimeters(kth) : kInfinity;
                          for (std::size_t t = 0; t < k; ++t) {
                              ++a;
                              const std::uint32_t j = near[t];
                              m_arcHead[a] = j;
                              m_arcPoint[a] = static_cast<std::uint32_t>(i);
                              // sorted[t].first is the same straightLineMeters as cost().
                              m_arcCost[a] = m_pr.cost ? cost(i, j)
                                                       : transportCostCentimeters(sorted[t].first);
                          }
                      }
                  });
        m_pointFirst[m_n] = static_cast<std::uint32_t>(total);
    }

    /// Cold start: an ε-scaling auction on the candidate arcs (units of demand bid for seats;
    /// a facility keeps its highest bidders up to capacity; the penalty arc is an object of
    /// unlimited capacity at cost P). It stops at ε = P/1024 (not exact); its flows and prices
    /// are loaded into the solver, and the points not exactly at their cheapest arc are returned
    /// for the exact phase to re-route. Only a starting point: exactness comes from the SSP phase.
    std::vector<std::uint32_t> auctionStart() {
        const auto t0 = Clock::now();
        // 16 bytes: the holdings heaps are the auction's main memory traffic.
        struct Holding {
            std::int64_t price;
            std::uint32_t arc;
            std::uint32_t units; ///< ≤ kMaxBidUnits (a larger demand bids more than once)
            bool operator<(const Holding& o) const {
                return price != o.price ? price < o.price : arc < o.arc;
            }
        };
        // Each facility's holdings form a 4-ary min-heap (children of k: 4k + 1 … 4k + 4):
        // half the levels of a binary heap, the four children in one or two cache lines
        // (perf: the binary heaps' sifting was a third of the auction at 1 M points).
        const auto siftUp = [](std::vector<Holding>& h, std::size_t k) {
            const Holding x = h[k];
            while (k > 0) {
                const std::size_t parent = (k - 1) / 4;
                if (!(x < h[parent])) {
                    break;
                }
                h[k] = h[parent];
                k = parent;
            }
            h[k] = x;
        };
        const auto siftDown = [](std::vector<Holding>& h, std::size_t k) {
            const std::size_t n = h.size();
            const Holding x = h[k];
            for (;;) {
                const std::size_t c = 4 * k + 1;
                if (c >= n) {
                    break;
                }
                std::size_t least = c;
                const std::size_t end = std::min(c + 4, n);
                for (std::size_t t = c + 1; t < end; ++t) {
                    if (h[t] < h[least]) {
                        least = t;
                    }
                }
                if (!(h[least] < x)) {
                    break;
                }
                h[k] = h[least];
                k = least;
            }
            h[k] = x;
        };
        constexpr std::int64_t kMaxBidUnits = std::numeric_limits<std::int32_t>::max();
        const std::size_t m = m_m;
        // A cold build has k + 1 arcs per point, so an arc's point is arc / stride (no lookup).
        const std::uint32_t stride = m_n > 0 ? m_pointFirst[1] : 1;
        std::vector<std::int64_t> base(m, 0); // price of a facility's free seats
        std::vector<std::int64_t> freeSeats(m);
        std::vector<std::vector<Holding>> held(m);
        std::vector<std::int64_t> rest(m_n);
        std::vector<std::int64_t> unplaced(m_n);
        std::vector<std::uint32_t> queue;
        queue.reserve(m_n);
        // cur[j] = minPrice(j), kept up to date so that the bid scan reads one flat array.
        std::vector<std::int64_t> cur(m + 1, 0);
        const auto minPrice = [&](std::uint32_t j) -> std::int64_t {
            if (j == m_sink) {
                return 0;
            }
            if (freeSeats[j] > 0) {
                return base[j];
            }
            return held[j].empty() ? kInfinity : held[j].front().price;
        };
        // Price of the seat after the cheapest `level` (the top holding, or the free seats).
        const auto nextPrice = [&](std::uint32_t j) -> std::int64_t {
            const auto& h = held[j];
            if (freeSeats[j] > 0) {
                return h.empty() ? kInfinity : h.front().price;
            }
            std::int64_t v = kInfinity; // the least of the root's children
            for (std::size_t t = 1; t < h.size() && t <= 4; ++t) {
                v = std::min(v, h[t].price);
            }
            return v;
        };
        // Four phases, ε = P/16, P/64, P/256, P/1024: enough to settle the price levels; a
        // finer last phase costs more bids than the exact phase then saves, and steps of 4
        // took 27–35 % fewer bids than three phases in steps of 8 on every bench instance
        // (50 k to 1 M, seats 0.9 and 1.1 of demand) with as many shortest-path searches.
        std::int64_t eps = std::max<std::int64_t>(1, m_penalty / 16);
        const std::int64_t finalEps = std::max<std::int64_t>(1, m_penalty / 1024);
        std::int64_t lastEps = 0;
        const bool shortage = seatsShort();
        const std::vector<std::int64_t> start =
            shortage ? shortageStartPrices(eps) : std::vector<std::int64_t>(m_m, 0);
        // Bid in order of nearest facility (points with demand only): consecutive bids then
        // touch the same few facilities' holdings, which stay in cache (input order is
        // spatially random in general).
        std::vector<std::uint32_t> order;
        {
            std::vector<std::uint32_t> first(m + 2, 0);
            const auto nearestOf = [&](std::size_t i) -> std::size_t {
                return m_pointFirst[i] + 1 < m_pointFirst[i + 1] ? m_arcHead[m_pointFirst[i] + 1]
                                                                 : m;
            };
            for (std::size_t i = 0; i < m_n; ++i) {
                if (m_pr.demand[i] > 0) {
                    ++first[nearestOf(i) + 1];
                }
            }
            for (std::size_t j = 0; j <= m; ++j) {
                first[j + 1] += first[j];
            }
            order.resize(first[m + 1]);
            for (std::size_t i = 0; i < m_n; ++i) {
                if (m_pr.demand[i] > 0) {
                    order[first[nearestOf(i)]++] = static_cast<std::uint32_t>(i);
                }
            }
        }
        for (;;) {
            for (std::size_t j = 0; j < m; ++j) {
                // A forward auction only raises prices, so each phase starts from an
                // underestimate: a facility starts `lower` below its previous price (its
                // cheapest seat when it was full, its free seats' price otherwise). Restarting
                // a facility that kept free seats at 0 (as before) made it climb back from 0
                // in steps of the new ε: under a shortage, where prices sit near P, a price war
                // of 138 M bids at 50 k (measured). A shortage lowers by ε(previous), spare
                // seats by 2 ε(previous): the fastest of 2–16 × ε(new) on the bench instances
                // (50 k and 300 k, 0.9 and 1.1).
                const std::int64_t lower = shortage ? lastEps : 2 * lastEps;
                const std::int64_t previous =
                    freeSeats[j] == 0 ? minPrice(static_cast<std::uint32_t>(j)) : base[j];
                base[j] = lastEps == 0 ? start[j]
                          : m_cap[j] > 0
                              ? std::max<std::int64_t>(0, std::min(previous, m_penalty) - lower)
                              : 0;
                freeSeats[j] = m_cap[j];
                held[j].clear();
            }
            for (std::size_t j = 0; j < m; ++j) {
                cur[j] = minPrice(static_cast<std::uint32_t>(j));
            }
            queue.assign(order.begin(), order.end());
            for (std::size_t i = 0; i < m_n; ++i) {
                rest[i] = m_pr.demand[i];
                unplaced[i] = 0;
            }
            for (std::size_t q = 0; q < queue.size(); ++q) {
                const std::uint32_t i = queue[q];
#if defined(__GNUC__)
                // Displaced points come back in random order: fetch a later point's arcs early.
                if (q + 8 < queue.size()) {
                    const std::size_t a = static_cast<std::size_t>(queue[q + 8]) * stride;
                    __builtin_prefetch(&m_arcCost[a]);
                    __builtin_prefetch(&m_arcCost[a + stride / 2]);
                    __builtin_prefetch(&m_arcCost[a + stride - 1]);
                    __builtin_prefetch(&m_arcHead[a]);
                    __builtin_prefetch(&rest[queue[q + 8]]);
                }
#endif
                while (rest[i] > 0) {
                    ++m_bids;
                    std::uint32_t best = kNone;
                    std::int64_t w1 = kInfinity;
                    std::int64_t w2 = kInfinity;
                    // A facility without seats has cur = kInfinity, so v ≥ kInfinity is never
                    // taken; the sink (cur = 0) always is a candidate.
                    for (std::uint32_t e = m_pointFirst[i]; e < m_pointFirst[i + 1]; ++e) {
                        const std::int64_t v = m_arcCost[e] + cur[m_arcHead[e]];
                        if (v < w1) {
                            w2 = w1;
                            w1 = v;
                            best = e;
                        } else if (v < w2) {
                            w2 = v;
                        }
                    }
                    const std::uint32_t j = m_arcHead[best];
                    if (j == m_sink) {
                        unplaced[i] += rest[i];
                        rest[i] = 0;
                        break;
                    }
                    auto& h = held[j];
                    const std::int64_t level = freeSeats[j] > 0 ? freeSeats[j] : h.front().units;
                    const std::int64_t x = std::min({rest[i], level, kMaxBidUnits});
                    const std::int64_t pj = minPrice(j);
                    const std::int64_t next = x < level ? pj : nextPrice(j);
                    const std::int64_t bid =
                        std::min(w2 - m_arcCost[best], std::min(next, m_penalty)) + eps;
                    const Holding bidHolding{bid, best, static_cast<std::uint32_t>(x)};
                    if (freeSeats[j] > 0) {
                        freeSeats[j] -= x;
                        h.push_back(bidHolding);
                        siftUp(h, h.size() - 1);
                    } else {
                        Holding& top = h.front();
                        const std::uint32_t k = top.arc / stride;
                        if (x < top.units) {
                            // same price: the heap order is unchanged
                            top.units -= static_cast<std::uint32_t>(x);
                            h.push_back(bidHolding);
                            siftUp(h, h.size() - 1);
                        } else {
                            // the outbid holding leaves, the bid takes its place
                            h.front() = bidHolding;
                            siftDown(h, 0);
                        }
                        if (rest[k] == 0) {
                            queue.push_back(k);
                        }
                        rest[k] += x;
                    }
                    cur[j] = minPrice(j);
                    rest[i] -= x;
                }
            }
            if (eps <= finalEps) {
                break;
            }
            lastEps = eps;
            eps = std::max<std::int64_t>(1, eps / 4);
        }
        // Load the final phase: prices are the cheapest seat of each facility (0 when empty
        // seats are left: p > 0 ⇒ full is then restored by the exact phase's repair).
        // The flows are loaded without move-heap entries; buildMoveHeaps adds them in bulk for
        // the points kept.
        for (std::uint32_t j = 0; j < m; ++j) {
            m_price[j] = m_cap[j] > 0 ? std::min(minPrice(j), m_penalty) : 0;
            for (const Holding& hd : held[j]) {
                m_arcFlow[hd.arc] += hd.units;
                markFlow(hd.arc, true);
                m_load[j] += hd.units;
            }
        }
        for (std::size_t i = 0; i < m_n; ++i) {
            if (unplaced[i] > 0) {
                m_arcFlow[m_pointFirst[i]] += unplaced[i];
                markFlow(m_pointFirst[i], true);
                m_load[m_sink] += unplaced[i];
            }
        }
        // Re-route in the same spatial order (points without demand are always tight).
        std::vector<std::uint32_t> pending;
        for (const std::uint32_t i : order) {
            if (!pointIsTight(i)) {
                clearPoint(i);
                pending.push_back(i);
            }
        }
        m_phases.auction += secondsSince(t0);
        buildMoveHeaps();
        return pending;
    }

    /// Σ capacity < Σ demand.
    [[nodiscard]] bool seatsShort() const {
        std::int64_t seats = 0;
        std::int64_t demand = 0;
        for (std::size_t j = 0; j < m_m; ++j) {
            seats += m_cap[j];
        }
        for (std::size_t i = 0; i < m_n; ++i) {
            demand += m_pr.demand[i];
        }
        return seats < demand;
    }

    /// Starting prices for the auction's first phase; called only when seats are short (Σ capacity
    /// < Σ demand): there the prices must climb to about P − r_j (r_j: the cost of the facility's
    /// marginal unit), which costs a price war of ~16 bids per unit at ε = P/16. Estimate r_j by
    /// a greedy fill: all candidate arcs in order of cost (bucketed to P/4096), each giving its
    /// point's remaining units to the facility's remaining seats; r_j is the cost at which j
    /// fills. Start at P − r_j − slack (0 where j does not fill). Only a start: a too-high price
    /// leaves seats empty, which the exact phase repairs. (Measured against the earlier estimate
    /// from the demand whose nearest facility is j: 50 k × 1 k at 0.9, 5.71 M → 4.48 M bids.)
    std::vector<std::int64_t> shortageStartPrices(std::int64_t slack) const {
        std::vector<std::int64_t> start(m_m, 0);
        // Greedy fill in order of cost (bucketed to P / kBuckets): each facility takes the
        // cheapest remaining units on its arcs; r_j = the cost at which it fills.
        constexpr std::int64_t kBuckets = 4096;
        std::vector<std::uint32_t> first(kBuckets + 1, 0);
        const auto bucketOf = [&](std::int64_t c) {
            const double b = static_cast<double>(c) * kBuckets / static_cast<double>(m_penalty);
            return static_cast<std::size_t>(std::min(b, static_cast<double>(kBuckets - 1)));
        };
        for (std::size_t i = 0; i < m_n; ++i) {
            if (m_pr.demand[i] > 0) {
                for (std::uint32_t e = m_pointFirst[i] + 1; e < m_pointFirst[i + 1]; ++e) {
                    if (m_arcCost[e] < m_penalty) {
                        ++first[bucketOf(m_arcCost[e]) + 1];
                    }
                }
            }
        }
        for (std::size_t b = 0; b < kBuckets; ++b) {
            first[b + 1] += first[b];
        }
        std::vector<std::uint32_t> arcs(first[kBuckets]);
        for (std::size_t i = 0; i < m_n; ++i) {
            if (m_pr.demand[i] > 0) {
                for (std::uint32_t e = m_pointFirst[i] + 1; e < m_pointFirst[i + 1]; ++e) {
                    if (m_arcCost[e] < m_penalty) {
                        arcs[first[bucketOf(m_arcCost[e])]++] = e;
                    }
                }
            }
        }
        std::vector<std::int64_t> rest(m_pr.demand.begin(), m_pr.demand.end());
        std::vector<std::int64_t> freeSeats(m_cap.begin(),
                                            m_cap.begin() + static_cast<std::ptrdiff_t>(m_m));
        for (const std::uint32_t e : arcs) {
            const std::uint32_t i = m_arcPoint[e];
            const std::uint32_t j = m_arcHead[e];
            const std::int64_t x = std::min(rest[i], freeSeats[j]);
            if (x > 0) {
                rest[i] -= x;
                freeSeats[j] -= x;
                if (freeSeats[j] == 0) {
                    start[j] = std::max<std::int64_t>(0, m_penalty - m_arcCost[e] - slack);
                }
            }
        }
        return start;
    }

    /// Move-heap entries for every arc that carries flow, in bulk: count per heap, reserve,
    /// append, then heapify each heap once (instead of one push_heap per entry).
    void buildMoveHeaps() {
        const auto t0 = Clock::now();
        std::vector<std::uint32_t> count;
        const auto forMoves = [&](auto&& g) {
            for (std::size_t i = 0; i < m_n; ++i) {
                forArcs(i, [&](std::uint32_t e) {
                    if (m_arcFlow[e] == 0) {
                        return;
                    }
                    const std::uint32_t a = m_arcHead[e];
                    forArcs(i, [&](std::uint32_t f) {
                        if (f != e) {
                            g(heapFor(a, m_arcHead[f]), e, f);
                        }
                    });
                });
            }
        };
        forMoves([&](std::uint32_t h, std::uint32_t, std::uint32_t) {
            if (h >= count.size()) {
                count.resize(h + 1, 0);
            }
            ++count[h];
        });
        for (std::size_t h = 0; h < count.size(); ++h) {
            m_heaps[h].reserve(m_heaps[h].size() + count[h]);
        }
        forMoves([&](std::uint32_t h, std::uint32_t e, std::uint32_t f) {
            m_heaps[h].push_back({m_arcCost[f] - m_arcCost[e], e, f});
        });
        for (std::size_t h = 0; h < count.size(); ++h) {
            if (count[h] > 0) {
                std::make_heap(m_heaps[h].begin(), m_heaps[h].end(), std::greater<>());
                refreshTop(static_cast<std::uint32_t>(h));
            }
        }
        m_phases.heaps += secondsSince(t0);
    }

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

    void setPrice(std::size_t j, std::int64_t cents) {
        m_price[j] = cents;
    }
    void setCapacity(std::size_t j, std::int64_t seats) {
        m_cap[j] = seats;
    }

    /// Sets an initial flow (warm start); returns false if the point has no such arc.
    bool addInitialFlow(std::size_t i, std::uint32_t facility, std::int64_t amount) {
        bool done = false;
        forArcs(i, [&](std::uint32_t e) {
            if (!done && m_arcHead[e] == facility) {
                addFlow(e, amount);
                done = true;
            }
        });
        return done;
    }

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
    void insert(std::size_t i, std::int64_t amount) {
        while (amount > 0) {
            amount -= augmentFromPoint(i, amount);
        }
    }

    /// Restores p_j > 0 ⇒ full for every facility.
    void repairAll() {
        for (std::uint32_t j = 0; j < m_m; ++j) {
            while (m_price[j] > 0 && m_load[j] < m_cap[j]) {
                repairDeficit(j);
            }
        }
    }

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
                                        bool full) {
        struct Found {
            std::uint32_t point;
            std::uint32_t facility;
            std::int64_t cost;
        };
        constexpr std::size_t kFewFallen = 64;
        full = full || m_checkedAlpha.size() != m_n;
        std::vector<std::uint32_t> fallen; // facilities whose price fell since the last round
        if (!full) {
            for (std::uint32_t j = 0; j < m_m; ++j) {
                if (m_price[j] < m_checkedPrice[j]) {
                    fallen.push_back(j);
                }
            }
        }
        const bool fewFallen = fallen.size() <= kFewFallen;
        m_checkedAlpha.resize(m_n, kInfinity);
        m_grid.priceBounds(m_price, m_bounds);
        const int blocks = threadsFor(m_threadsRequested, m_n);
        std::vector<std::vector<Found>> found(static_cast<std::size_t>(blocks));
        std::vector<std::int64_t> checked(static_cast<std::size_t>(blocks), 0);
        forBlocks(m_n, blocks, [&](std::size_t b, std::size_t begin, std::size_t end) {
            std::vector<std::uint32_t> have;
            for (std::size_t i = begin; i < end; ++i) {
                const std::int64_t alpha = potential(i);
                const bool rose = full || alpha > m_checkedAlpha[i];
                m_checkedAlpha[i] = alpha; // each block writes only its own points
                if (alpha <= m_kthCost[i] || (!rose && fallen.empty())) {
                    continue; // every omitted facility costs at least kthCost ≥ α_i
                }
                have.clear();
                forArcs(i, [&](std::uint32_t e) { have.push_back(m_arcHead[e]); });
                const auto test = [&](std::uint32_t j) {
                    if (std::find(have.begin(), have.end(), j) != have.end()) {
                        return;
                    }
                    ++checked[b];
                    const std::int64_t c = cost(i, j);
                    if (c + m_price[j] < alpha) {
                        found[b].push_back({static_cast<std::uint32_t>(i), j, c});
                    }
                };
                if (!rose && fewFallen) {
                    for (const std::uint32_t j : fallen) {
                        test(j);
                    }
                } else {
                    m_grid.withinPriced(m_pr.demandPoints[i], alpha, m_bounds, test);
                }
            }
        });
        m_checkedPrice.assign(m_price.begin(), m_price.end());
        std::vector<std::uint32_t> touched;
        for (std::size_t b = 0; b < found.size(); ++b) {
            pairsChecked += checked[b];
            for (const Found& f : found[b]) {
                m_extra[f.point].push_back(static_cast<std::uint32_t>(m_arcHead.size()));
                pushArc(f.point, f.facility, f.cost);
                m_arcFlow.push_back(0);
                if (m_hasFlow.size() * 64 <= m_arcFlow.size()) {
                    m_hasFlow.push_back(0);
                }
                ++arcsAdded;
                if (touched.empty() || touched.back() != f.point) {
                    touched.push_back(f.point);
                }
            }
        }
        return touched;
    }

    [[nodiscard]] std::int64_t load(std::size_t j) const {
        return m_load[j];
    }
    [[nodiscard]] std::int64_t capacity(std::size_t j) const {
        return m_cap[j];
    }
    [[nodiscard]] std::int64_t augmentations() const {
        return m_augmentations;
    }

    /// Evicts whole points from over-full facilities until every facility fits; returns them.
    std::vector<std::uint32_t> evictExcess() {
        std::vector<std::uint32_t> evicted;
        std::vector<std::vector<std::uint32_t>> pointsOn;
        bool any = false;
        for (std::size_t j = 0; j < m_m; ++j) {
            any = any || m_load[j] > m_cap[j];
        }
        if (!any) {
            return evicted;
        }
        pointsOn.resize(m_m);
        for (std::size_t i = 0; i < m_n; ++i) {
            forArcs(i, [&](std::uint32_t e) {
                if (m_arcFlow[e] > 0 && m_arcHead[e] != m_sink &&
                    m_load[m_arcHead[e]] > m_cap[m_arcHead[e]]) {
                    pointsOn[m_arcHead[e]].push_back(static_cast<std::uint32_t>(i));
                }
            });
        }
        for (std::size_t j = 0; j < m_m; ++j) {
            // Evict the points for which this facility is farthest first (deterministic).
            auto& list = pointsOn[j];
            std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
                const std::int64_t ca = cost(a, j);
                const std::int64_t cb = cost(b, j);
                return ca != cb ? ca > cb : a < b;
            });
            for (std::uint32_t i : list) {
                if (m_load[j] <= m_cap[j]) {
                    break;
                }
                if (placed(i) > 0) {
                    clearPoint(i);
                    evicted.push_back(i);
                }
            }
        }
        return evicted;
    }

    void fillSolution(TransportSolution& s) const {
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

private:
    void pushArc(std::size_t i, std::uint32_t head, std::int64_t c) {
        m_arcCost.push_back(c);
        m_arcHead.push_back(head);
        m_arcPoint.push_back(static_cast<std::uint32_t>(i));
    }

    std::uint32_t heapFor(std::uint32_t a, std::uint32_t b) {
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
        auto [it, inserted] =
            m_pairIndex.try_emplace(key, static_cast<std::uint32_t>(m_heaps.size()));
        if (inserted) {
            m_heaps.emplace_back();
            m_topCache.push_back(kNoMove);
            m_outAdj[a].emplace_back(b, it->second);
            m_inAdj[b].emplace_back(a, it->second);
        }
        return it->second;
    }

    /// Arc e just started to carry flow: its point can now move from head(e) to its other arcs.
    void activate(std::uint32_t e) {
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
        });
    }

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

    void addFlow(std::uint32_t e, std::int64_t delta) {
        const bool wasEmpty = m_arcFlow[e] == 0;
        m_arcFlow[e] += delta;
        markFlow(e, m_arcFlow[e] != 0);
        m_load[m_arcHead[e]] += delta;
        if (wasEmpty && m_arcFlow[e] > 0) {
            activate(e);
        }
    }

    /// Valid top of a move heap (stale entries, whose source arc lost its flow, are dropped).
    /// The searches read the copy in m_topCache (one flat array) and touch the heap itself only
    /// when that entry went stale: perf showed the heaps' scattered storage as the searches'
    /// main cost.
    const MoveEntry* top(std::uint32_t h) {
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
        }
        refreshTop(h);
        return heap.empty() ? nullptr : &m_topCache[h];
    }
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
    std::int64_t augmentFromPoint(std::size_t i, std::int64_t amount) {
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

    /// Facility j has room but a positive price: either lower prices until p_j = 0 or pull
    /// flow into j along a shortest path from a facility whose price reaches 0 (or the sink).
    void repairDeficit(std::uint32_t j) {
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
};

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
        // The first round of every solve prices every pair; later rounds only what changed.
        pending = solver.priceOut(checked, out.arcsAdded, out.pricingRounds == 1);
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

} // namespace

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

struct TransportSolver::State {
    explicit State(TransportProblem p) : problem(std::move(p)) {}
    TransportProblem problem; // owned; the solver refers to it, so State never moves
    std::unique_ptr<Solver> solver;
    std::vector<std::uint32_t> pending;
    TransportSolution solution;
};

TransportSolver::TransportSolver(TransportProblem problem)
    : m_state(std::make_unique<State>(std::move(problem))) {
    validate(m_state->problem);
}

TransportSolver::~TransportSolver() = default;
TransportSolver::TransportSolver(TransportSolver&&) noexcept = default;
TransportSolver& TransportSolver::operator=(TransportSolver&&) noexcept = default;

const TransportProblem& TransportSolver::problem() const {
    return m_state->problem;
}

const TransportSolution& TransportSolver::solve() {
    State& st = *m_state;
    TransportSolution out;
    std::vector<std::uint32_t> pending;
    if (!st.solver) {
        st.solver = std::make_unique<Solver>(st.problem);
        st.solver->buildArcs(nullptr);
        pending = st.solver->auctionStart();
    } else {
        out.warmStarted = true;
        pending = std::move(st.pending);
        for (std::uint32_t i : st.solver->evictExcess()) {
            pending.push_back(i);
        }
        std::sort(pending.begin(), pending.end());
        pending.erase(std::unique(pending.begin(), pending.end()), pending.end());
    }
    st.pending.clear();
    runExact(*st.solver, st.problem, std::move(pending), out);
    st.solution = std::move(out);
    return st.solution;
}

void TransportSolver::updateCapacity(std::size_t facility, std::int64_t seats) {
    State& st = *m_state;
    if (facility >= st.problem.facilities.size() || seats < 0) {
        throw std::invalid_argument(
            "容量修改无效 / invalid capacity edit: facility " + std::to_string(facility) + " of " +
            std::to_string(st.problem.facilities.size()) + ", seats " + std::to_string(seats));
    }
    st.problem.capacity[facility] = seats;
    if (st.solver) {
        st.solver->setCapacity(facility, seats); // over-full → evicted at the next solve()
    }
}

void TransportSolver::removeFacility(std::size_t facility) {
    updateCapacity(facility, 0);
}

void TransportSolver::updateDemand(std::size_t point, std::int64_t children) {
    State& st = *m_state;
    if (point >= st.problem.demandPoints.size() || children < 0) {
        throw std::invalid_argument("需求修改无效 / invalid demand edit: point " +
                                    std::to_string(point) + " of " +
                                    std::to_string(st.problem.demandPoints.size()) + ", children " +
                                    std::to_string(children));
    }
    st.problem.demand[point] = children;
    if (st.solver) {
        st.solver->clearPoint(point);
        st.pending.push_back(static_cast<std::uint32_t>(point));
    }
}

TransportCertificate checkTransportCertificate(const TransportProblem& problem,
                                               const TransportSolution& s, bool bruteForce) {
    TransportCertificate c;
    const std::size_t n = problem.demandPoints.size();
    const std::size_t m = problem.facilities.size();
    const auto fail = [&](std::string why) {
        c.valid = false;
        c.message = std::move(why);
        return c;
    };
    if (s.unplaced.size() != n || s.facilityPrices.size() != m || s.pointPotentials.size() != n) {
        return fail("solution sizes do not match the problem");
    }
    const auto costOf = [&](std::size_t i, std::size_t j) {
        if (problem.cost) {
            return transportCostCentimeters(problem.cost(i, j));
        }
        const PointM& a = problem.demandPoints[i];
        const PointM& b = problem.facilities[j];
        return transportCostCentimeters(straightLineMeters(a, b));
    };
    const std::int64_t penalty = transportCostCentimeters(problem.unplacedPenaltyMeters);
    std::vector<std::int64_t> price(m);
    for (std::size_t j = 0; j < m; ++j) {
        price[j] = transportCostCentimeters(s.facilityPrices[j]);
        if (price[j] < 0) {
            return fail("facility " + std::to_string(j) + " has a negative price");
        }
    }
    std::vector<std::int64_t> alpha(n);
    for (std::size_t i = 0; i < n; ++i) {
        alpha[i] = transportCostCentimeters(s.pointPotentials[i]);
        if (alpha[i] > penalty) {
            return fail("point " + std::to_string(i) + " has a potential above the penalty");
        }
    }
    std::vector<std::int64_t> placed(n, 0);
    std::vector<std::int64_t> load(m, 0);
    std::int64_t objective = 0;
    for (const TransportFlow& f : s.flows) {
        if (f.point >= n || f.facility >= m || f.amount <= 0) {
            return fail("a flow is out of range or not positive");
        }
        placed[f.point] += f.amount;
        load[f.facility] += f.amount;
        const std::int64_t cij = costOf(f.point, f.facility);
        objective += cij * f.amount;
        if (cij + price[f.facility] != alpha[f.point]) {
            return fail("flow " + std::to_string(f.point) + "→" + std::to_string(f.facility) +
                        " is not on a zero-reduced-cost pair");
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (s.unplaced[i] < 0 || placed[i] + s.unplaced[i] != problem.demand[i]) {
            return fail("point " + std::to_string(i) + " does not send exactly its demand");
        }
        if (s.unplaced[i] > 0 && alpha[i] != penalty) {
            return fail("point " + std::to_string(i) + " leaves demand unplaced below the penalty");
        }
        objective += s.unplaced[i] * penalty;
    }
    for (std::size_t j = 0; j < m; ++j) {
        if (load[j] > problem.capacity[j]) {
            return fail("facility " + std::to_string(j) + " is over capacity");
        }
        if (price[j] > 0 && load[j] != problem.capacity[j]) {
            return fail("facility " + std::to_string(j) + " has a price but room left");
        }
    }
    if (objective != s.objectiveCentimeters) {
        return fail("objective does not equal Σ cost × flow");
    }
    // Dual feasibility over every pair: c_ij + p_j ≥ α_i. Since p_j ≥ 0, only facilities with
    // c_ij < α_i can violate; the straight line is a lower bound on c_ij.
    detail::FacilityGrid grid(problem.facilities);
    detail::FacilityGrid::PriceBounds bounds;
    grid.priceBounds(price, bounds);
    // In parallel blocks of points; each block stops at its first violation and the lowest
    // violating point is reported, so the answer does not depend on the number of threads.
    const int blocks = threadsFor(problem.threads, n);
    struct BlockResult {
        std::int64_t checked = 0;
        std::size_t badPoint = std::numeric_limits<std::size_t>::max();
        std::size_t badFacility = 0;
    };
    std::vector<BlockResult> results(static_cast<std::size_t>(blocks));
    forBlocks(n, blocks, [&](std::size_t b, std::size_t begin, std::size_t end) {
        BlockResult& r = results[b];
        for (std::size_t i = begin;
             i < end && r.badPoint == std::numeric_limits<std::size_t>::max(); ++i) {
            const auto check = [&](std::size_t j) {
                ++r.checked;
                if (costOf(i, j) + price[j] < alpha[i]) {
                    r.badPoint = i;
                    r.badFacility = j;
                    return false;
                }
                return true;
            };
            if (bruteForce) {
                for (std::size_t j = 0; j < m && check(j); ++j) {
                }
            } else {
                bool ok = true;
                grid.withinPriced(problem.demandPoints[i], alpha[i], bounds,
                                  [&](std::uint32_t j) { ok = ok && check(j); });
            }
        }
    });
    for (const BlockResult& r : results) {
        c.pairsChecked += r.checked;
        if (r.badPoint != std::numeric_limits<std::size_t>::max()) {
            return fail("pair " + std::to_string(r.badPoint) + "→" + std::to_string(r.badFacility) +
                        " has a negative reduced cost");
        }
    }
    c.valid = true;
    c.message = "optimal: primal feasible, dual feasible over every pair, complementary slack";
    return c;
}

} // namespace xw::core
