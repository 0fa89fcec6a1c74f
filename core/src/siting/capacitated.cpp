#include "detail/siting/capacitated.hpp"

#include "detail/siting/assignment.hpp"
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

constexpr const char* kStepCapSearch = "选址 siting: 学位约束搜索 capacitated search";
constexpr const char* kStepCapBound = "选址 siting: 学位约束下界 capacitated bound";
constexpr double kBudgetTolerance = 1e-9;
/// Relocation candidates evaluated per open option and descent step.
constexpr std::size_t kCandidates = 3;
/// Independent VNS chains of the capacitated search (small and medium problems), and the
/// iterations each runs without a better answer before it stops.
constexpr std::size_t kChains = 4;
constexpr int kChainIterations = 150;

double budgetCap(const OpenLimit& limit) {
    return limit.budgetYuan + kBudgetTolerance * std::max(1.0, limit.budgetYuan);
}

/// Local search and VNS over open option sets, each evaluated by an assignment solver.
class CapSearch {
public:
    CapSearch(const CapInstance& in, Assigner& assigner, OpenLimit limit)
        : m_in(in), m_as(assigner), m_limit(std::move(limit)) {
        m_open.assign(in.options().size(), 0);
    }

    void setLimit(OpenLimit limit) { m_limit = std::move(limit); }
    [[nodiscard]] std::int64_t score() const { return m_score; }
    [[nodiscard]] const std::vector<CapFlow>& flows() const { return m_flows; }
    [[nodiscard]] std::int64_t evaluations() const { return m_evaluations; }
    [[nodiscard]] std::int64_t moves() const { return m_moves; }
    [[nodiscard]] std::int64_t work() const { return m_as.work(); }
    [[nodiscard]] std::vector<std::uint32_t> openList() const {
        std::vector<std::uint32_t> v;
        for (std::uint32_t o = 0; o < m_open.size(); ++o)
            if (m_open[o] != 0)
                v.push_back(o);
        return v;
    }
    [[nodiscard]] double spent(const std::vector<std::uint8_t>& open) const {
        double total = 0.0;
        for (std::size_t o = 0; o < open.size(); ++o)
            if (open[o] != 0)
                total += m_limit.costYuan[o];
        return total;
    }

    /// Opens exactly these options and accepts their assignment.
    void setOpen(const std::vector<std::uint32_t>& options) {
        std::vector<std::uint8_t> open(m_in.options().size(), 0);
        for (const std::uint32_t o : options)
            open[o] = 1;
        m_score = evaluate(open);
        m_hasScore = true;
        m_open = open;
        acceptLast();
    }

    /// Evaluates `open`; keeps it when better (or when `always`). Returns true when kept.
    bool tryOpen(const std::vector<std::uint8_t>& open, bool always = false) {
        const std::int64_t s = evaluate(open);
        if (!always && s >= m_score)
            return false;
        m_score = s;
        m_open = open;
        acceptLast();
        ++m_moves;
        return true;
    }

    /// Relocation moves (and, with a budget, additions) until none improves. An open option is
    /// looked at again only when its column's children changed since it was last looked at
    /// ("don't look" marks), so a descent after a small change stays cheap.
    std::int64_t localSearch(const Progress& progress) {
        fill();
        std::int64_t moves = 0;
        for (;;) {
            progress.throwIfCancelled();
            std::uint32_t r = kNone;
            for (const std::uint32_t o : openList())
                if (m_look[o] != 0) {
                    r = o;
                    break;
                }
            if (r == kNone) {
                if (m_limit.budget && tryAdds()) {
                    ++moves;
                    continue;
                }
                return moves;
            }
            m_look[r] = 0;
            for (const std::uint32_t j : relocation(r)) {
                std::vector<std::uint8_t> next = m_open;
                next[r] = 0;
                next[j] = 1;
                if (m_limit.budget && spent(next) > budgetCap(m_limit))
                    continue;
                if (tryOpen(next)) {
                    ++moves;
                    break;
                }
            }
        }
    }

    void shake(int k, DeterministicRng& rng) {
        const std::size_t m = m_open.size();
        const auto pick = [&](std::size_t size) {
            return std::min(size - 1,
                            static_cast<std::size_t>(rng.uniform() * static_cast<double>(size)));
        };
        std::vector<std::uint8_t> next = m_open;
        for (int t = 0; t < k; ++t) {
            std::vector<std::uint32_t> open;
            std::vector<std::uint32_t> closed;
            for (std::uint32_t o = 0; o < m; ++o)
                (next[o] != 0 ? open : closed).push_back(o);
            if (closed.empty())
                break;
            const std::uint32_t j = closed[pick(closed.size())];
            if (!m_limit.budget) {
                if (open.empty())
                    break;
                next[open[pick(open.size())]] = 0;
                next[j] = 1;
                continue;
            }
            if (m_limit.costYuan[j] > budgetCap(m_limit))
                continue;
            next[j] = 1;
            // Close random others until the budget holds.
            while (spent(next) > budgetCap(m_limit)) {
                std::vector<std::uint32_t> others;
                for (std::uint32_t o = 0; o < m; ++o)
                    if (next[o] != 0 && o != j)
                        others.push_back(o);
                if (others.empty())
                    break;
                next[others[pick(others.size())]] = 0;
            }
        }
        tryOpen(next, true);
    }

    int vns(DeterministicRng& rng, const VnsLimit& limit, int kmax, std::int64_t target,
            const Progress& progress) {
        std::vector<std::uint8_t> bestOpen = m_open;
        std::int64_t best = m_score;
        std::vector<std::uint32_t> bestState = m_as.state();
        std::vector<CapFlow> bestFlows = m_flows;
        int k = 1;
        int it = 0;
        int lastBetter = 0;
        const std::int64_t work0 = work();
        std::int64_t workAtBetter = work0;
        kmax = std::max(kmax, 1);
        for (;; ++it) {
            if (best <= target)
                break;
            if (limit.iterations > 0 && it - lastBetter >= limit.iterations)
                break;
            if (limit.work > 0 && work() - workAtBetter >= limit.work)
                break;
            if (limit.totalWork > 0 && work() - work0 >= limit.totalWork)
                break;
            progress.throwIfCancelled();
            if (it % 10 == 0)
                progress.report(kStepCapSearch, it - lastBetter, limit.iterations);
            shake(k, rng);
            localSearch(progress);
            if (m_score < best) {
                best = m_score;
                bestOpen = m_open;
                bestState = m_as.state();
                bestFlows = m_flows;
                lastBetter = it + 1;
                workAtBetter = work();
                k = 1;
            } else {
                m_open = bestOpen;
                m_score = best;
                m_as.setState(bestState);
                m_flows = bestFlows;
                index();
                k = k >= kmax ? 1 : k + 1;
            }
        }
        return it;
    }

    /// Cost (score units) of each active point now: per point (single-source) or per child at
    /// its dearest flow (split); unassigned where nothing is assigned.
    [[nodiscard]] std::vector<std::int64_t> currentCosts() const {
        const std::size_t n = m_in.size();
        std::vector<std::int64_t> now(n);
        if (!m_in.split()) {
            for (std::size_t u = 0; u < n; ++u)
                now[u] = m_in.unassigned(u);
            for (const CapFlow& f : m_flows)
                now[f.u] = costOf(f.u, f.column);
            return now;
        }
        std::vector<std::int64_t> placed(n, 0);
        std::vector<std::int64_t> dearest(n, 0);
        for (const CapFlow& f : m_flows) {
            placed[f.u] += f.children;
            dearest[f.u] = std::max(dearest[f.u], costOf(f.u, f.column));
        }
        for (std::size_t u = 0; u < n; ++u)
            now[u] = placed[u] < m_in.demand(u) ? m_in.childUnassigned() : dearest[u];
        return now;
    }

private:
    [[nodiscard]] std::int64_t costOf(std::size_t u, std::uint32_t column) const {
        for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t)
            if (m_in.listColumn(t) == column)
                return m_in.split() ? m_in.childCost(u, m_in.listUnits(t))
                                    : m_in.cost(u, m_in.listUnits(t));
        return m_in.split() ? m_in.childUnassigned() : m_in.unassigned(u);
    }

    std::int64_t evaluate(const std::vector<std::uint8_t>& open) {
        m_in.capacities(open, m_capacity);
        ++m_evaluations;
        m_as.setTarget(m_hasScore ? m_score : std::numeric_limits<std::int64_t>::max());
        return m_as.solve(m_capacity);
    }
    void acceptLast() {
        m_as.accept();
        m_as.flows(m_flows);
        index();
    }
    /// Groups the flows by column and marks the open options whose column's flows changed.
    void index() {
        m_byColumn.assign(m_in.columns(), {});
        for (std::size_t f = 0; f < m_flows.size(); ++f)
            m_byColumn[m_flows[f].column].push_back(static_cast<std::uint32_t>(f));
        std::vector<std::uint64_t> signature(m_in.columns(), 0);
        for (const CapFlow& f : m_flows)
            signature[f.column] += (static_cast<std::uint64_t>(f.u) * 0x9e3779b97f4a7c15ULL) ^
                                   (static_cast<std::uint64_t>(f.children) << 20);
        m_look.resize(m_open.size(), 1);
        if (m_signature.size() != signature.size())
            m_signature.assign(signature.size(), ~std::uint64_t{0});
        for (std::size_t c = 0; c < signature.size(); ++c) {
            if (signature[c] == m_signature[c])
                continue;
            for (const std::uint32_t o : m_in.optionsAt(static_cast<std::uint32_t>(c)))
                m_look[o] = 1;
        }
        m_signature = signature;
    }

    /// Closed options that would serve r's children more cheaply, best first (at most
    /// kCandidates), by Σ over r's children of the cost at the option's column.
    std::vector<std::uint32_t> relocation(std::uint32_t r) {
        const std::uint32_t column = m_in.options()[r].column;
        m_delta.assign(m_open.size(), 0);
        m_mark.assign(m_open.size(), 0);
        m_touched.clear();
        for (const std::uint32_t f : m_byColumn[column]) {
            const CapFlow& flow = m_flows[f];
            const std::size_t u = flow.u;
            const std::int64_t amount = m_in.split() ? flow.children : 1;
            const std::int64_t none = m_in.split() ? m_in.childUnassigned() : m_in.unassigned(u);
            for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t) {
                const std::int64_t c = m_in.split() ? m_in.childCost(u, m_in.listUnits(t))
                                                    : m_in.cost(u, m_in.listUnits(t));
                for (const std::uint32_t j : m_in.optionsAt(m_in.listColumn(t))) {
                    if (m_open[j] != 0 || j == r)
                        continue;
                    if (m_mark[j] == 0) {
                        m_mark[j] = 1;
                        m_touched.push_back(j);
                    }
                    m_delta[j] += amount * (c - none);
                }
            }
        }
        std::sort(m_touched.begin(), m_touched.end(), [&](std::uint32_t a, std::uint32_t b) {
            return m_delta[a] != m_delta[b] ? m_delta[a] < m_delta[b] : a < b;
        });
        if (m_touched.size() > kCandidates)
            m_touched.resize(kCandidates);
        return m_touched;
    }

    /// Gain of each closed option over the current costs (what it would save if opened).
    [[nodiscard]] std::vector<std::int64_t> gains() const {
        const std::vector<std::int64_t> now = currentCosts();
        std::vector<std::int64_t> gain(m_open.size(), 0);
        for (std::size_t u = 0; u < m_in.size(); ++u) {
            const std::int64_t amount = m_in.split() ? m_in.demand(u) : 1;
            for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t) {
                const std::int64_t c = m_in.split() ? m_in.childCost(u, m_in.listUnits(t))
                                                    : m_in.cost(u, m_in.listUnits(t));
                if (c >= now[u])
                    break;
                for (const std::uint32_t j : m_in.optionsAt(m_in.listColumn(t)))
                    if (m_open[j] == 0)
                        gain[j] += amount * (now[u] - c);
            }
        }
        return gain;
    }

    /// Budget mode: add the affordable option whose gain over the current costs is largest.
    bool tryAdds() {
        const std::vector<std::int64_t> gain = gains();
        const double room = budgetCap(m_limit) - spent(m_open);
        std::vector<std::uint32_t> order;
        for (std::uint32_t j = 0; j < m_open.size(); ++j)
            if (m_open[j] == 0 && gain[j] > 0 && m_limit.costYuan[j] <= room)
                order.push_back(j);
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return gain[a] != gain[b] ? gain[a] > gain[b] : a < b;
        });
        if (order.size() > kCandidates)
            order.resize(kCandidates);
        for (const std::uint32_t j : order) {
            std::vector<std::uint8_t> next = m_open;
            next[j] = 1;
            if (tryOpen(next))
                return true;
        }
        return false;
    }

    /// Count mode: open options by gain until the count is reached.
    void fill() {
        if (m_limit.budget)
            return;
        const std::size_t target = std::min(m_limit.count, m_open.size());
        while (openList().size() < target) {
            const std::vector<std::int64_t> gain = gains();
            std::uint32_t best = kNone;
            for (std::uint32_t j = 0; j < m_open.size(); ++j)
                if (m_open[j] == 0 && (best == kNone || gain[j] > gain[best]))
                    best = j;
            std::vector<std::uint8_t> next = m_open;
            next[best] = 1;
            tryOpen(next, true);
        }
    }

    const CapInstance& m_in;
    Assigner& m_as;
    OpenLimit m_limit;
    std::vector<std::uint8_t> m_open;
    std::int64_t m_score = 0;
    bool m_hasScore = false;
    std::vector<CapFlow> m_flows;
    std::vector<std::vector<std::uint32_t>> m_byColumn;
    std::vector<std::int64_t> m_capacity;
    std::vector<std::int64_t> m_delta;
    std::vector<std::uint32_t> m_touched;
    std::vector<std::uint8_t> m_mark;
    std::vector<std::uint8_t> m_look;
    std::vector<std::uint64_t> m_signature;
    std::int64_t m_evaluations = 0;
    std::int64_t m_moves = 0;
};

// ---------------------------------------------------------------------------------------------
// Lagrangian bound: relax "every point (child) is served once"; each facility slot (an existing
// school, or an option) then solves a knapsack over the points cheaper than their multiplier
// (0–1 single-source, by dynamic programming when small enough, else its LP relaxation;
// continuous when split). A knapsack's LP relaxation is below its optimum, so the bound stays
// valid either way.

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
    double room = static_cast<double>(capacity);
    for (const std::size_t k : heavy) {
        const double w = static_cast<double>(in.demand(items[k].u));
        const double share = std::min(1.0, room / w);
        if (share <= 0.0)
            break;
        take[k] = share;
        value += share * items[k].reduced;
        room -= share * w;
    }
    return value;
}

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
        const double none =
            static_cast<double>(in.split() ? in.childUnassigned() : in.unassigned(u));
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
                const double c = static_cast<double>(in.split() ? in.childCost(u, in.listUnits(t))
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

// ---------------------------------------------------------------------------------------------

std::unique_ptr<Assigner> makeAssigner(const SitingProblem& problem, const DistanceOracle& oracle,
                                       const CapInstance& in, const SitingConfig& config) {
    if (config.seats == SeatRule::Split)
        return std::make_unique<SplitAssigner>(problem, oracle, in, config.threads);
    return std::make_unique<SingleSourceAssigner>(in);
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
    const std::unique_ptr<Assigner> assigner = makeAssigner(problem, oracle, in, config);
    const OpenLimit limit = optionLimit(in, config);
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
        const std::size_t chains = in.size() * in.columns() <= (std::size_t{4} << 20) ? kChains : 1;
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
                const std::unique_ptr<Assigner> own = makeAssigner(problem, oracle, in, quiet);
                CapSearch chain(in, *own, limit);
                own->setState(bestState);
                chain.setOpen(bestOpen);
                DeterministicRng rng(DeterministicRng::streamSeed(config.seed, c));
                VnsLimit vl = searchLimitFor(config);
                if (config.searchIterations <= 0)
                    vl.iterations = kChainIterations;
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
