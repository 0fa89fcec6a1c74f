// The transport solver's cold start: a coarse ε-scaling auction on the candidate arcs, and the
// start prices it uses when seats are short (detail/transport_solver.hpp).
#include "detail/transport_solver.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace xw::core::detail::transport {

/// The auction's working state: per facility its free seats' price and the holdings that fill
/// it; per point the units still bidding and those gone to the sink; the queue of bidders.
struct AuctionState {
    /// 16 bytes: the holdings heaps are the auction's main memory traffic.
    struct Holding {
        std::int64_t price;
        std::uint32_t arc;
        std::uint32_t units; ///< ≤ kMaxBidUnits (a larger demand bids more than once)
        bool operator<(const Holding& o) const {
            return price != o.price ? price < o.price : arc < o.arc;
        }
    };
    static constexpr std::int64_t kMaxBidUnits = std::numeric_limits<std::int32_t>::max();

    AuctionState(std::size_t facilities, std::size_t points)
        : sink(static_cast<std::uint32_t>(facilities)), base(facilities, 0), freeSeats(facilities),
          held(facilities), rest(points), unplaced(points), cur(facilities + 1, 0) {
        queue.reserve(points);
    }

    // Each facility's holdings form a 4-ary min-heap (children of k: 4k + 1 … 4k + 4): half the
    // levels of a binary heap, the four children in one or two cache lines (perf: the binary
    // heaps' sifting was a third of the auction at 1 M points).
    static void siftUp(std::vector<Holding>& h, std::size_t k) {
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
    }

    static void siftDown(std::vector<Holding>& h, std::size_t k) {
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
    }

    /// Price of facility j's cheapest seat: its free seats' price while it has some, else its
    /// cheapest holding (kInfinity without seats); 0 for the sink.
    [[nodiscard]] std::int64_t minPrice(std::uint32_t j) const {
        if (j == sink) {
            return 0;
        }
        if (freeSeats[j] > 0) {
            return base[j];
        }
        return held[j].empty() ? kInfinity : held[j].front().price;
    }

    /// Price of the seat after the cheapest `level` (the top holding, or the free seats).
    [[nodiscard]] std::int64_t nextPrice(std::uint32_t j) const {
        const auto& h = held[j];
        if (freeSeats[j] > 0) {
            return h.empty() ? kInfinity : h.front().price;
        }
        std::int64_t v = kInfinity; // the least of the root's children
        for (std::size_t t = 1; t < h.size() && t <= 4; ++t) {
            v = std::min(v, h[t].price);
        }
        return v;
    }

    std::uint32_t sink;
    std::vector<std::int64_t> base; ///< price of a facility's free seats
    std::vector<std::int64_t> freeSeats;
    std::vector<std::vector<Holding>> held;
    std::vector<std::int64_t> rest;     ///< per point: units still to place
    std::vector<std::int64_t> unplaced; ///< per point: units at the sink
    std::vector<std::uint32_t> queue;   ///< points to bid, in order (displaced points appended)
    /// cur[j] = minPrice(j), kept up to date so that the bid scan reads one flat array.
    std::vector<std::int64_t> cur;
};

std::vector<std::uint32_t> Solver::auctionStart() {
    const auto t0 = Clock::now();
    AuctionState st(m_m, m_n);
    // Four phases, ε = P/16, P/64, P/256, P/1024: enough to settle the price levels; a finer last
    // phase costs more bids than the exact phase then saves, and steps of 4 took 27–35 % fewer
    // bids than three phases in steps of 8 on every bench instance (50 k to 1 M, seats 0.9 and
    // 1.1 of demand) with as many shortest-path searches.
    std::int64_t eps = std::max<std::int64_t>(1, m_penalty / 16);
    const std::int64_t finalEps = std::max<std::int64_t>(1, m_penalty / 1024);
    std::int64_t lastEps = 0;
    const bool shortage = seatsShort();
    const std::vector<std::int64_t> start =
        shortage ? shortageStartPrices(eps) : std::vector<std::int64_t>(m_m, 0);
    const std::vector<std::uint32_t> order = auctionBidOrder();
    for (;;) {
        auctionRestart(st, start, lastEps, shortage);
        st.queue.assign(order.begin(), order.end());
        for (std::size_t i = 0; i < m_n; ++i) {
            st.rest[i] = m_pr.demand[i];
            st.unplaced[i] = 0;
        }
        auctionPhase(st, eps);
        if (eps <= finalEps) {
            break;
        }
        lastEps = eps;
        eps = std::max<std::int64_t>(1, eps / 4);
    }
    auctionLoad(st);
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

std::vector<std::uint32_t> Solver::auctionBidOrder() const {
    // Points with demand only, grouped by nearest facility (a counting sort): consecutive bids
    // then touch the same few facilities' holdings, which stay in cache (input order is
    // spatially random in general).
    const std::size_t m = m_m;
    std::vector<std::uint32_t> first(m + 2, 0);
    const auto nearestOf = [&](std::size_t i) -> std::size_t {
        return m_pointFirst[i] + 1 < m_pointFirst[i + 1] ? m_arcHead[m_pointFirst[i] + 1] : m;
    };
    for (std::size_t i = 0; i < m_n; ++i) {
        if (m_pr.demand[i] > 0) {
            ++first[nearestOf(i) + 1];
        }
    }
    for (std::size_t j = 0; j <= m; ++j) {
        first[j + 1] += first[j];
    }
    std::vector<std::uint32_t> order(first[m + 1]);
    for (std::size_t i = 0; i < m_n; ++i) {
        if (m_pr.demand[i] > 0) {
            order[first[nearestOf(i)]++] = static_cast<std::uint32_t>(i);
        }
    }
    return order;
}

void Solver::auctionRestart(AuctionState& st, const std::vector<std::int64_t>& start,
                            std::int64_t lastEps, bool shortage) const {
    for (std::size_t j = 0; j < m_m; ++j) {
        // A forward auction only raises prices, so each phase starts from an underestimate: a
        // facility starts `lower` below its previous price (its cheapest seat when it was full,
        // its free seats' price otherwise). Restarting a facility that kept free seats at 0 (as
        // before) made it climb back from 0 in steps of the new ε: under a shortage, where
        // prices sit near P, a price war of 138 M bids at 50 k (measured). A shortage lowers by
        // ε(previous), spare seats by 2 ε(previous): the fastest of 2–16 × ε(new) on the bench
        // instances (50 k and 300 k, 0.9 and 1.1).
        const std::int64_t lower = shortage ? lastEps : 2 * lastEps;
        const std::int64_t previous =
            st.freeSeats[j] == 0 ? st.minPrice(static_cast<std::uint32_t>(j)) : st.base[j];
        st.base[j] = lastEps == 0 ? start[j]
                     : m_cap[j] > 0
                         ? std::max<std::int64_t>(0, std::min(previous, m_penalty) - lower)
                         : 0;
        st.freeSeats[j] = m_cap[j];
        st.held[j].clear();
    }
    for (std::size_t j = 0; j < m_m; ++j) {
        st.cur[j] = st.minPrice(static_cast<std::uint32_t>(j));
    }
}

void Solver::auctionPhase(AuctionState& st, std::int64_t eps) {
    using Holding = AuctionState::Holding;
    // A cold build has k + 1 arcs per point, so an arc's point is arc / stride (no lookup).
    const std::uint32_t stride = m_n > 0 ? m_pointFirst[1] : 1;
    auto& queue = st.queue;
    auto& rest = st.rest;
    auto& cur = st.cur;
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
            // A facility without seats has cur = kInfinity, so v ≥ kInfinity is never taken;
            // the sink (cur = 0) always is a candidate.
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
                st.unplaced[i] += rest[i];
                rest[i] = 0;
                break;
            }
            auto& h = st.held[j];
            const std::int64_t level = st.freeSeats[j] > 0 ? st.freeSeats[j] : h.front().units;
            const std::int64_t x = std::min({rest[i], level, AuctionState::kMaxBidUnits});
            const std::int64_t pj = st.minPrice(j);
            const std::int64_t next = x < level ? pj : st.nextPrice(j);
            const std::int64_t bid =
                std::min(w2 - m_arcCost[best], std::min(next, m_penalty)) + eps;
            const Holding bidHolding{bid, best, static_cast<std::uint32_t>(x)};
            if (st.freeSeats[j] > 0) {
                st.freeSeats[j] -= x;
                h.push_back(bidHolding);
                AuctionState::siftUp(h, h.size() - 1);
            } else {
                Holding& top = h.front();
                const std::uint32_t k = top.arc / stride;
                if (x < top.units) {
                    // same price: the heap order is unchanged
                    top.units -= static_cast<std::uint32_t>(x);
                    h.push_back(bidHolding);
                    AuctionState::siftUp(h, h.size() - 1);
                } else {
                    // the outbid holding leaves, the bid takes its place
                    h.front() = bidHolding;
                    AuctionState::siftDown(h, 0);
                }
                if (rest[k] == 0) {
                    queue.push_back(k);
                }
                rest[k] += x;
            }
            cur[j] = st.minPrice(j);
            rest[i] -= x;
        }
    }
}

void Solver::auctionLoad(const AuctionState& st) {
    // Prices are the cheapest seat of each facility (0 when empty seats are left: p > 0 ⇒ full is
    // then restored by the exact phase's repair). The flows are loaded without move-heap entries;
    // buildMoveHeaps adds them in bulk for the points kept.
    for (std::uint32_t j = 0; j < m_m; ++j) {
        m_price[j] = m_cap[j] > 0 ? std::min(st.minPrice(j), m_penalty) : 0;
        for (const AuctionState::Holding& hd : st.held[j]) {
            m_arcFlow[hd.arc] += hd.units;
            markFlow(hd.arc, true);
            m_load[j] += hd.units;
        }
    }
    for (std::size_t i = 0; i < m_n; ++i) {
        if (st.unplaced[i] > 0) {
            m_arcFlow[m_pointFirst[i]] += st.unplaced[i];
            markFlow(m_pointFirst[i], true);
            m_load[m_sink] += st.unplaced[i];
        }
    }
}

bool Solver::seatsShort() const {
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

std::vector<std::int64_t> Solver::shortageStartPrices(std::int64_t slack) const {
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

} // namespace xw::core::detail::transport
