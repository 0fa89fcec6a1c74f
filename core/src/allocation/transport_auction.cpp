// The transport solver's cold start: a coarse ε-scaling auction on the candidate arcs, and the
// start prices it uses when seats are short (detail/transport_solver.hpp).
#include "detail/transport_solver.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace xw::core::detail::transport {

std::vector<std::uint32_t> Solver::auctionStart() {
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
