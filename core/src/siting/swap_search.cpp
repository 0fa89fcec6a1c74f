#include "detail/siting/swap_search.hpp"

#include "xw/core/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <stdexcept>

namespace xw::core::detail::siting {

namespace {

/// Relative slack of budget comparisons (sums of yuan in double).
constexpr double kBudgetTolerance = 1e-9;

} // namespace

SwapSearch::SwapSearch(const UncapInstance& instance, OpenLimit limit, int threads)
    : m_in(instance), m_limit(std::move(limit)), m_threads(threads), m_m(instance.options()) {
    m_isOpen.assign(m_m, 0);
    m_slotOf.assign(m_m, kNone);
    m_gain.assign(m_m, 0);
    m_loss.assign(m_m, 0);
    const std::size_t n = m_in.size();
    m_f1.assign(n, kNone);
    m_f2.assign(n, kNone);
    m_c1.resize(n);
    m_c2.resize(n);
    const std::size_t initialSlots =
        m_limit.budget ? std::min<std::size_t>(m_m, 16) : std::min(m_limit.count, m_m);
    m_slots = std::max<std::size_t>(initialSlots, 1);
    m_extra.assign(m_m * m_slots, 0);
    for (std::size_t s = m_slots; s-- > 0;)
        m_freeSlots.push_back(static_cast<std::uint32_t>(s));
    recountAll();
}

std::vector<std::uint32_t> SwapSearch::openSorted() const {
    std::vector<std::uint32_t> v = m_open;
    std::sort(v.begin(), v.end());
    return v;
}

double SwapSearch::spentYuan() const {
    if (!m_limit.budget)
        return 0.0;
    double total = 0.0;
    for (const std::uint32_t o : openSorted())
        total += m_limit.costYuan[o];
    return total;
}

void SwapSearch::nearestTwo(std::size_t u, std::uint32_t& f1, std::int64_t& c1, std::uint32_t& f2,
                            std::int64_t& c2) const {
    const std::int64_t fallback = m_in.fallback(u);
    f1 = f2 = kNone;
    c1 = c2 = fallback;
    int found = 0;
    for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t) {
        const std::int64_t c = m_in.cost(u, m_in.listUnits(t));
        if (c >= fallback)
            return;
        const std::uint32_t s = m_in.listSite(t);
        if (m_isOpen[s] == 0)
            continue;
        if (found == 0) {
            f1 = s;
            c1 = c;
        } else {
            f2 = s;
            c2 = c;
            return;
        }
        ++found;
    }
    if (m_in.complete(u))
        return;
    const std::int64_t maxD = m_in.maxUsefulUnits(u, fallback);
    const std::int64_t listMax = m_in.listMax(u);
    if (maxD <= listMax)
        return;
    // Open options beyond the list: the nearest one or two by (units, option).
    std::pair<std::int64_t, std::uint32_t> a{kNoRoute, kNone};
    std::pair<std::int64_t, std::uint32_t> b{kNoRoute, kNone};
    for (const std::uint32_t r : m_open) {
        if (m_in.lowerUnitsTo(u, r) > maxD)
            continue;
        const std::int64_t d = m_in.unitsTo(u, r);
        if (d <= listMax || d > maxD)
            continue;
        const std::pair<std::int64_t, std::uint32_t> x{d, r};
        if (x < a) {
            b = a;
            a = x;
        } else if (x < b) {
            b = x;
        }
    }
    for (const auto& x : {a, b}) {
        if (x.second == kNone || found == 2)
            break;
        if (found == 0) {
            f1 = x.second;
            c1 = m_in.cost(u, x.first);
        } else {
            f2 = x.second;
            c2 = m_in.cost(u, x.first);
        }
        ++found;
    }
}

void SwapSearch::contribute(std::size_t u, std::int64_t sign, std::vector<std::int64_t>& gain,
                            std::vector<std::int64_t>& loss, std::vector<std::int64_t>& extra,
                            bool count) const {
    const std::int64_t c1 = m_c1[u];
    const std::int64_t c2 = m_c2[u];
    const std::uint32_t f1 = m_f1[u];
    std::int64_t threshold = c1;
    std::size_t column = 0;
    if (f1 != kNone) {
        loss[f1] += sign * (c2 - c1);
        threshold = c2;
        column = m_slotOf[f1];
    }
    std::int64_t visited = 1;
    m_in.forCheaper(u, threshold, [&](std::uint32_t s, std::int64_t, std::int64_t c) {
        ++visited;
        if (m_isOpen[s] != 0)
            return;
        if (c < c1)
            gain[s] += sign * (c1 - c);
        if (f1 != kNone)
            extra[s * m_slots + column] += sign * (c2 - std::max(c, c1));
    });
    if (count)
        m_work += visited;
}

void SwapSearch::recountAll() {
    const std::size_t n = m_in.size();
    m_work += static_cast<std::int64_t>(n + m_in.listEntries() / 4);
    std::fill(m_gain.begin(), m_gain.end(), 0);
    std::fill(m_loss.begin(), m_loss.end(), 0);
    std::fill(m_extra.begin(), m_extra.end(), 0);
    const int threads = threadsFor(m_threads, n, 8, 4096);
    constexpr std::size_t kBlock = 1024;
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    std::atomic<std::size_t> next{0};
    std::vector<std::vector<std::int64_t>> gains(static_cast<std::size_t>(threads));
    std::vector<std::vector<std::int64_t>> losses(static_cast<std::size_t>(threads));
    std::vector<std::vector<std::int64_t>> extras(static_cast<std::size_t>(threads));
    std::vector<std::int64_t> objective(static_cast<std::size_t>(threads), 0);
    runWorkers(threads, [&](int w) {
        const auto wi = static_cast<std::size_t>(w);
        std::vector<std::int64_t>& gain = w == 0 ? m_gain : gains[wi];
        std::vector<std::int64_t>& loss = w == 0 ? m_loss : losses[wi];
        std::vector<std::int64_t>& extra = w == 0 ? m_extra : extras[wi];
        if (w != 0) {
            gain.assign(m_m, 0);
            loss.assign(m_m, 0);
            extra.assign(m_m * m_slots, 0);
        }
        for (;;) {
            const std::size_t b = next.fetch_add(1);
            if (b >= blocks)
                return;
            for (std::size_t u = b * kBlock; u < std::min(n, (b + 1) * kBlock); ++u) {
                nearestTwo(u, m_f1[u], m_c1[u], m_f2[u], m_c2[u]);
                objective[wi] += m_c1[u];
                contribute(u, 1, gain, loss, extra, false);
            }
        }
    });
    // Integer sums: the result does not depend on how the points were shared out.
    for (std::size_t w = 1; w < static_cast<std::size_t>(threads); ++w) {
        for (std::size_t i = 0; i < m_m; ++i) {
            m_gain[i] += gains[w][i];
            m_loss[i] += losses[w][i];
        }
        for (std::size_t t = 0; t < m_extra.size(); ++t)
            m_extra[t] += extras[w][t];
    }
    m_objective = m_in.constant();
    for (const std::int64_t v : objective)
        m_objective += v;
}

void SwapSearch::reset(const std::vector<std::uint32_t>& open) {
    std::fill(m_isOpen.begin(), m_isOpen.end(), 0);
    std::fill(m_slotOf.begin(), m_slotOf.end(), kNone);
    m_open.clear();
    if (open.size() > m_slots) {
        m_slots = open.size();
        m_extra.assign(m_m * m_slots, 0);
    }
    m_freeSlots.clear();
    for (std::size_t s = m_slots; s-- > open.size();)
        m_freeSlots.push_back(static_cast<std::uint32_t>(s));
    for (std::size_t k = 0; k < open.size(); ++k) {
        const std::uint32_t o = open[k];
        if (o >= m_m || m_isOpen[o] != 0)
            throw std::logic_error("siting: bad open set");
        m_isOpen[o] = 1;
        m_slotOf[o] = static_cast<std::uint32_t>(k);
        m_open.push_back(o);
    }
    recountAll();
}

void SwapSearch::ensureSlots(std::size_t slots) {
    if (slots <= m_slots)
        return;
    const std::size_t grown = std::max(slots, m_slots * 2);
    std::vector<std::int64_t> extra(m_m * grown, 0);
    for (std::size_t i = 0; i < m_m; ++i)
        for (std::size_t s = 0; s < m_slots; ++s)
            extra[i * grown + s] = m_extra[i * m_slots + s];
    m_extra.swap(extra);
    for (std::size_t s = grown; s-- > m_slots;)
        m_freeSlots.push_back(static_cast<std::uint32_t>(s));
    m_slots = grown;
}

void SwapSearch::apply(std::uint32_t in, std::uint32_t out) {
    const std::size_t n = m_in.size();
    m_work += static_cast<std::int64_t>(n);
    m_affected.clear();
    for (std::size_t u = 0; u < n; ++u) {
        bool hit = out != kNone && (m_f1[u] == out || m_f2[u] == out);
        if (!hit && in != kNone) {
            const std::int64_t threshold = m_f1[u] == kNone ? m_c1[u] : m_c2[u];
            const std::int64_t maxD = m_in.maxUsefulUnits(u, threshold);
            hit = maxD >= 0 && m_in.lowerUnitsTo(u, in) <= maxD && m_in.unitsTo(u, in) <= maxD;
        }
        if (hit)
            m_affected.push_back(static_cast<std::uint32_t>(u));
    }
    for (const std::uint32_t u : m_affected) {
        contribute(u, -1, m_gain, m_loss, m_extra, true);
        m_objective -= m_c1[u];
    }
    std::uint32_t slot = kNone;
    if (out != kNone) {
        m_isOpen[out] = 0;
        m_open.erase(std::find(m_open.begin(), m_open.end(), out));
        slot = m_slotOf[out];
        m_slotOf[out] = kNone;
        m_loss[out] = 0;
    }
    if (in != kNone) {
        if (slot == kNone) {
            if (m_freeSlots.empty())
                ensureSlots(m_slots + 1);
            slot = m_freeSlots.back();
            m_freeSlots.pop_back();
        }
        m_isOpen[in] = 1;
        m_open.push_back(in);
        m_slotOf[in] = slot;
        m_gain[in] = 0;
    } else if (slot != kNone) {
        m_freeSlots.push_back(slot);
    }
    for (const std::uint32_t u : m_affected) {
        nearestTwo(u, m_f1[u], m_c1[u], m_f2[u], m_c2[u]);
        contribute(u, 1, m_gain, m_loss, m_extra, true);
        m_objective += m_c1[u];
    }
    ++m_moves;
    if (m_log != nullptr)
        m_log->emplace_back(in, out);
}

bool SwapSearch::mustFill() const {
    return !m_limit.budget && m_open.size() < std::min(m_limit.count, m_m);
}

SwapSearch::Move SwapSearch::bestMove() const {
    Move best;
    const double slack = m_limit.budget ? m_limit.budgetYuan - spentYuan() +
                                              kBudgetTolerance * std::max(1.0, m_limit.budgetYuan)
                                        : 0.0;
    // Open options by slot, with their loss and cost.
    m_work += static_cast<std::int64_t>(m_m * m_slots);
    std::vector<std::uint32_t> bySlot(m_slots, kNone);
    for (const std::uint32_t r : m_open)
        bySlot[m_slotOf[r]] = r;
    for (std::uint32_t i = 0; i < m_m; ++i) {
        if (m_isOpen[i] != 0)
            continue;
        const std::int64_t g = m_gain[i];
        if (m_limit.budget && m_limit.costYuan[i] <= slack && g > best.profit)
            best = {g, i, kNone};
        const std::int64_t* row = &m_extra[static_cast<std::size_t>(i) * m_slots];
        for (std::size_t s = 0; s < m_slots; ++s) {
            const std::uint32_t r = bySlot[s];
            if (r == kNone)
                continue;
            const std::int64_t profit = g - m_loss[r] + row[s];
            if (profit <= best.profit)
                continue;
            if (m_limit.budget && m_limit.costYuan[i] - m_limit.costYuan[r] > slack)
                continue;
            best = {profit, i, r};
        }
    }
    return best;
}

void SwapSearch::greedy(const Progress& progress) {
    for (;;) {
        progress.throwIfCancelled();
        std::uint32_t pick = kNone;
        if (!m_limit.budget) {
            if (!mustFill())
                return;
            std::int64_t bestGain = -1;
            for (std::uint32_t i = 0; i < m_m; ++i)
                if (m_isOpen[i] == 0 && m_gain[i] > bestGain) {
                    bestGain = m_gain[i];
                    pick = i;
                }
        } else {
            const double slack = m_limit.budgetYuan - spentYuan() +
                                 kBudgetTolerance * std::max(1.0, m_limit.budgetYuan);
            double bestScore = 0.0;
            bool bestFree = false;
            for (std::uint32_t i = 0; i < m_m; ++i) {
                if (m_isOpen[i] != 0 || m_gain[i] <= 0 || m_limit.costYuan[i] > slack)
                    continue;
                const double cost = m_limit.costYuan[i];
                const bool free = cost <= 0.0;
                const double score =
                    free ? static_cast<double>(m_gain[i]) : static_cast<double>(m_gain[i]) / cost;
                if ((free && !bestFree) || (free == bestFree && score > bestScore)) {
                    bestScore = score;
                    bestFree = free;
                    pick = i;
                }
            }
        }
        if (pick == kNone)
            return;
        apply(pick, kNone);
    }
}

std::int64_t SwapSearch::localSearch(const Progress& progress) {
    greedy(progress);
    std::int64_t moves = 0;
    for (;;) {
        progress.throwIfCancelled();
        const Move mv = bestMove();
        if (mv.profit <= 0)
            return moves;
        apply(mv.in, mv.out);
        ++moves;
    }
}

void SwapSearch::shake(int k, DeterministicRng& rng, bool local) {
    const auto pick = [&](std::size_t size) {
        return std::min(size - 1,
                        static_cast<std::size_t>(rng.uniform() * static_cast<double>(size)));
    };
    for (int t = 0; t < k; ++t) {
        if (m_open.size() >= m_m)
            return;
        std::vector<std::uint32_t> closed;
        if (m_open.size() * 2 > m_m) {
            for (std::uint32_t i = 0; i < m_m; ++i)
                if (m_isOpen[i] == 0)
                    closed.push_back(i);
        }
        const auto randomClosed = [&]() {
            if (!closed.empty())
                return closed[pick(closed.size())];
            for (;;) {
                const auto i = static_cast<std::uint32_t>(pick(m_m));
                if (m_isOpen[i] == 0)
                    return i;
            }
        };
        if (!m_limit.budget) {
            if (m_open.empty())
                return;
            const std::uint32_t r = m_open[pick(m_open.size())];
            std::uint32_t in = kNone;
            if (local) {
                // A point r serves, then a closed site from its list.
                std::vector<std::uint32_t> served;
                for (std::uint32_t u = 0; u < m_in.size(); ++u)
                    if (m_f1[u] == r)
                        served.push_back(u);
                if (!served.empty()) {
                    const std::uint32_t u = served[pick(served.size())];
                    const std::uint64_t len = m_in.listEnd(u) - m_in.listBegin(u);
                    for (int attempt = 0; attempt < 8 && in == kNone && len > 0; ++attempt) {
                        const std::uint32_t s =
                            m_in.listSite(m_in.listBegin(u) + pick(static_cast<std::size_t>(len)));
                        if (m_isOpen[s] == 0)
                            in = s;
                    }
                }
            }
            apply(in != kNone ? in : randomClosed(), r);
            continue;
        }
        // Budget: open a random affordable option, then close the open options that cost least
        // to lose until the budget holds again (this reaches sets a plain swap cannot, e.g. one
        // dear site for two cheap ones).
        const double cap =
            m_limit.budgetYuan + kBudgetTolerance * std::max(1.0, m_limit.budgetYuan);
        std::uint32_t i = kNone;
        for (int attempt = 0; attempt < 64 && i == kNone; ++attempt) {
            const std::uint32_t c = randomClosed();
            if (m_limit.costYuan[c] <= cap)
                i = c;
        }
        if (i == kNone)
            return;
        apply(i, kNone);
        while (spentYuan() > cap) {
            std::uint32_t weakest = kNone;
            for (const std::uint32_t r : openSorted())
                if (r != i && (weakest == kNone || m_loss[r] < m_loss[weakest]))
                    weakest = r;
            if (weakest == kNone)
                break;
            apply(kNone, weakest);
        }
    }
}

bool SwapSearch::consistent() const {
    std::vector<std::int64_t> gain(m_m, 0);
    std::vector<std::int64_t> loss(m_m, 0);
    std::vector<std::int64_t> extra(m_extra.size(), 0);
    std::int64_t objective = m_in.constant();
    for (std::size_t u = 0; u < m_in.size(); ++u) {
        std::uint32_t f1 = kNone;
        std::uint32_t f2 = kNone;
        std::int64_t c1 = 0;
        std::int64_t c2 = 0;
        nearestTwo(u, f1, c1, f2, c2);
        if (c1 != m_c1[u] || f1 != m_f1[u] || (f1 != kNone && c2 != m_c2[u]))
            return false;
        objective += c1;
        contribute(u, 1, gain, loss, extra, false);
    }
    for (std::uint32_t i = 0; i < m_m; ++i) {
        if (m_isOpen[i] == 0 && gain[i] != m_gain[i])
            return false;
        if (m_isOpen[i] != 0 && loss[i] != m_loss[i])
            return false;
    }
    for (std::uint32_t i = 0; i < m_m; ++i) {
        if (m_isOpen[i] != 0)
            continue;
        for (const std::uint32_t r : m_open)
            if (extra[i * m_slots + m_slotOf[r]] != m_extra[i * m_slots + m_slotOf[r]])
                return false;
    }
    return objective == m_objective;
}

int variableNeighbourhoodSearch(SwapSearch& search, DeterministicRng& rng, VnsLimit stall, int kmax,
                                std::int64_t target, const Progress& progress,
                                std::string_view step, bool localShakes) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> log;
    std::int64_t best = search.objective();
    int k = 1;
    int it = 0;
    int lastBetter = 0;
    const std::int64_t work0 = search.work();
    std::int64_t workAtBetter = work0;
    kmax = std::max(kmax, 1);
    const auto done = [&]() {
        if (best <= target)
            return true;
        if (stall.iterations > 0 && it - lastBetter >= stall.iterations)
            return true;
        if (stall.work > 0 && search.work() - workAtBetter >= stall.work)
            return true;
        return stall.totalWork > 0 && search.work() - work0 >= stall.totalWork;
    };
    for (; !done(); ++it) {
        progress.throwIfCancelled();
        if (it % 20 == 0)
            progress.report(step, stall.work > 0 ? search.work() - workAtBetter : it - lastBetter,
                            stall.work > 0 ? stall.work : stall.iterations);
        log.clear();
        search.setLog(&log);
        search.shake(k, rng, localShakes);
        search.localSearch(progress);
        search.setLog(nullptr);
        if (search.objective() < best) {
            best = search.objective();
            lastBetter = it + 1;
            workAtBetter = search.work();
            k = 1;
            continue;
        }
        for (std::size_t m = log.size(); m-- > 0;) // undo, last move first
            search.apply(log[m].second, log[m].first);
        k = k >= kmax ? 1 : k + 1;
    }
    return it;
}

} // namespace xw::core::detail::siting
