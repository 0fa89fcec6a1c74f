// The Lagrangian lower bound of the capacitated models; see cap_bound.hpp.
#include "detail/siting/cap_bound.hpp"

#include "xw/core/detail/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace xw::core::detail::siting {

namespace {

constexpr const char* kStepCapBound = "选址 siting: 学位约束下界 capacitated bound";

struct Item {
    std::uint32_t u = 0;
    double reduced = 0.0; ///< per point (single) or per child (split), < 0
};

/// Minimises Σ reduced × take over items with Σ demand × take ≤ capacity; writes take (0..1
/// share of the point for single-source, children for split) and returns the minimum.
double knapsack(const CapInstance& in, std::vector<Item>& items, std::int64_t capacity,
                std::vector<double>& take) {
    take.assign(items.size(), 0.0);
    if (items.empty() || capacity < 0)
        return 0.0;
    double value = 0.0;
    if (in.split()) {
        std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
            return a.reduced != b.reduced ? a.reduced < b.reduced : a.u < b.u;
        });
        std::int64_t room = capacity;
        for (std::size_t k = 0; k < items.size() && room > 0; ++k) {
            const std::int64_t x = std::min(room, in.demand(items[k].u));
            take[k] = static_cast<double>(x);
            value += items[k].reduced * static_cast<double>(x);
            room -= x;
        }
        return value;
    }
    // Zero-demand points fit anywhere.
    std::vector<std::size_t> heavy;
    for (std::size_t k = 0; k < items.size(); ++k) {
        if (in.demand(items[k].u) == 0) {
            take[k] = 1.0;
            value += items[k].reduced;
        } else if (in.demand(items[k].u) <= capacity) {
            heavy.push_back(k);
        }
    }
    if (heavy.empty())
        return value;
    const auto q = static_cast<std::size_t>(capacity);
    if (heavy.size() * (q + 1) <= (std::size_t{4} << 20)) {
        // 0–1 knapsack by dynamic programming over seats (profit = −reduced).
        std::vector<double> best(q + 1, 0.0);
        std::vector<std::uint8_t> chose(heavy.size() * (q + 1), 0);
        for (std::size_t h = 0; h < heavy.size(); ++h) {
            const auto w = static_cast<std::size_t>(in.demand(items[heavy[h]].u));
            const double profit = -items[heavy[h]].reduced;
            for (std::size_t c = q; c >= w; --c) {
                if (best[c - w] + profit > best[c]) {
                    best[c] = best[c - w] + profit;
                    chose[h * (q + 1) + c] = 1;
                }
                if (c == w)
                    break;
            }
        }
        std::size_t c = q;
        for (std::size_t h = heavy.size(); h-- > 0;) {
            if (chose[h * (q + 1) + c] != 0) {
                take[heavy[h]] = 1.0;
                c -= static_cast<std::size_t>(in.demand(items[heavy[h]].u));
            }
        }
        return value - best[q];
    }
    // LP relaxation: by reduced cost per seat, the last one in part.
    std::sort(heavy.begin(), heavy.end(), [&](std::size_t a, std::size_t b) {
        const double ra = items[a].reduced / static_cast<double>(in.demand(items[a].u));
        const double rb = items[b].reduced / static_cast<double>(in.demand(items[b].u));
        return ra != rb ? ra < rb : items[a].u < items[b].u;
    });
    auto room = static_cast<double>(capacity);
    for (const std::size_t k : heavy) {
        const auto w = static_cast<double>(in.demand(items[k].u));
        const double share = std::min(1.0, room / w);
        if (share <= 0.0)
            break;
        take[k] = share;
        value += share * items[k].reduced;
        room -= share * w;
    }
    return value;
}

} // namespace

LagrangianResult capLagrangian(const CapInstance& in, const OpenLimit& limit, std::int64_t upper,
                               const std::vector<double>& start, int maxIterations, int threads,
                               const Progress& progress, const RelaxedHeuristic& heuristic) {
    const std::size_t n = in.size();
    const std::size_t e = in.existingCount();
    const std::size_t options = in.options().size();
    const std::size_t slots = e + options;
    std::vector<std::int64_t> slotSeats(slots);
    for (std::size_t s = 0; s < e; ++s)
        slotSeats[s] = in.baseSeats()[s];
    for (std::size_t o = 0; o < options; ++o)
        slotSeats[e + o] = in.options()[o].seats;
    if (!in.split()) {
        // Single-source: a point may need the school's seats and its extensions together, so an
        // expansion's knapsack gets the school's seats plus every extension there (any answer
        // maps into this relaxation by giving all of the school's points to one expansion).
        for (std::size_t o = 0; o < options; ++o) {
            const CapOption& x = in.options()[o];
            if (!x.expansion)
                continue;
            std::int64_t seats = in.baseSeats()[x.column];
            for (const std::uint32_t k : in.optionsAt(x.column))
                seats += in.options()[k].seats;
            slotSeats[e + o] = seats;
        }
    }
    // Multipliers per point (single) or per child (split), at most what an unserved point or
    // child costs and, for truncated lists, at most the cost just beyond the list (so that
    // every slot cheaper than the multiplier is in the list and the bound stays exact).
    std::vector<double> cap(n);
    std::vector<double> mult(n);
    for (std::size_t u = 0; u < n; ++u) {
        const auto none = static_cast<double>(in.split() ? in.childUnassigned() : in.unassigned(u));
        double c = none;
        if (!in.complete(u)) {
            const std::int64_t beyond = in.listMax(u) + 1;
            c = std::min(
                c, static_cast<double>(in.split() ? in.childCost(u, beyond) : in.cost(u, beyond)));
        }
        cap[u] = c;
        mult[u] = in.split() ? static_cast<double>(in.demand(u)) : 1.0;
    }
    std::vector<double> lambda(n);
    for (std::size_t u = 0; u < n; ++u) {
        const double init =
            start.size() == n ? start[u]
            : in.listEnd(u) > in.listBegin(u)
                ? static_cast<double>(in.split() ? in.childCost(u, in.listUnits(in.listBegin(u)))
                                                 : in.cost(u, in.listUnits(in.listBegin(u))))
                : cap[u];
        lambda[u] = std::clamp(init, 0.0, cap[u]);
    }
    LagrangianResult result;
    double best = -std::numeric_limits<double>::infinity();
    double pi = 2.0;
    int stale = 0;
    std::vector<std::vector<Item>> items(slots);
    std::vector<std::vector<double>> take(slots);
    std::vector<double> value(slots);
    std::vector<double> y(options);
    std::vector<double> served(n);
    std::vector<double> g(n);
    std::vector<std::uint32_t> order(options);
    std::vector<std::uint32_t> lastProbe;
    for (int it = 0; it < maxIterations; ++it) {
        progress.throwIfCancelled();
        if (it % 20 == 0)
            progress.report(kStepCapBound, it, maxIterations);
        for (auto& v : items)
            v.clear();
        for (std::size_t u = 0; u < n; ++u) {
            const double l = lambda[u];
            for (std::uint64_t t = in.listBegin(u); t < in.listEnd(u); ++t) {
                const auto c = static_cast<double>(in.split() ? in.childCost(u, in.listUnits(t))
                                                              : in.cost(u, in.listUnits(t)));
                if (c >= l)
                    break;
                const std::uint32_t column = in.listColumn(t);
                if (column < e)
                    items[column].push_back({static_cast<std::uint32_t>(u), c - l});
                for (const std::uint32_t o : in.optionsAt(column))
                    items[e + o].push_back({static_cast<std::uint32_t>(u), c - l});
            }
        }
        forBlocks(slots, threadsFor(threads, slots, 8, 16),
                  [&](std::size_t, std::size_t begin, std::size_t end) {
                      for (std::size_t s = begin; s < end; ++s)
                          value[s] = knapsack(in, items[s], slotSeats[s], take[s]);
                  });
        // The relaxation's options.
        std::fill(y.begin(), y.end(), 0.0);
        double chosen = 0.0;
        std::iota(order.begin(), order.end(), 0U);
        if (!limit.budget) {
            const std::size_t p = std::min(limit.count, options);
            std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(p),
                             order.end(), [&](std::uint32_t a, std::uint32_t b) {
                                 return value[e + a] != value[e + b] ? value[e + a] < value[e + b]
                                                                     : a < b;
                             });
            for (std::size_t k = 0; k < p; ++k) {
                y[order[k]] = 1.0;
                chosen += value[e + order[k]];
            }
        } else {
            std::vector<std::uint32_t> worth;
            for (std::uint32_t o = 0; o < options; ++o)
                if (value[e + o] < 0.0)
                    worth.push_back(o);
            const auto key = [&](std::uint32_t o) {
                const double c = limit.costYuan[o];
                return c <= 0.0 ? -std::numeric_limits<double>::infinity() : value[e + o] / c;
            };
            std::sort(worth.begin(), worth.end(), [&](std::uint32_t a, std::uint32_t b) {
                return key(a) != key(b) ? key(a) < key(b) : a < b;
            });
            double room = limit.budgetYuan;
            for (const std::uint32_t o : worth) {
                const double c = limit.costYuan[o];
                const double share = c <= 0.0 ? 1.0 : std::clamp(room / c, 0.0, 1.0);
                if (share <= 0.0)
                    break;
                y[o] = share;
                room -= share * c;
                chosen += share * value[e + o];
            }
        }
        double total = chosen;
        for (std::size_t s = 0; s < e; ++s)
            total += value[s];
        for (std::size_t u = 0; u < n; ++u)
            total += lambda[u] * mult[u];
        result.iterations = it + 1;
        if (total > best) {
            stale = total > best + 1e-9 * std::max(1.0, std::fabs(best)) ? 0 : stale + 1;
            best = total;
            result.lambda = lambda;
            result.relaxedOpen.clear();
            for (std::uint32_t o = 0; o < options; ++o)
                if (y[o] >= 1.0)
                    result.relaxedOpen.push_back(o);
            if (heuristic && result.relaxedOpen != lastProbe) {
                lastProbe = result.relaxedOpen;
                upper = std::min(upper, heuristic(result.relaxedOpen));
            }
        } else {
            ++stale;
        }
        if (integerBound(best) >= upper)
            break;
        std::fill(served.begin(), served.end(), 0.0);
        for (std::size_t s = 0; s < slots; ++s) {
            const double share = s < e ? 1.0 : y[s - e];
            if (share <= 0.0)
                continue;
            for (std::size_t k = 0; k < items[s].size(); ++k)
                served[items[s][k].u] += share * take[s][k];
        }
        double norm = 0.0;
        for (std::size_t u = 0; u < n; ++u) {
            g[u] = mult[u] - served[u];
            norm += g[u] * g[u];
        }
        if (norm <= 0.0)
            break;
        if (stale >= 25) {
            pi *= 0.5;
            stale = 0;
            if (pi < 1e-4)
                break;
        }
        const double step = pi * (static_cast<double>(upper) - total) / norm;
        if (!(step > 0.0))
            break;
        for (std::size_t u = 0; u < n; ++u)
            lambda[u] = std::clamp(lambda[u] + step * g[u], 0.0, cap[u]);
    }
    result.bound = std::max(best, 0.0);
    return result;
}

} // namespace xw::core::detail::siting
