// The search of the capacitated models over sets of open options; see cap_search.hpp.
#include "detail/siting/cap_search.hpp"

#include <algorithm>
#include <limits>

namespace xw::core::detail::siting {

namespace {

constexpr double kBudgetTolerance = 1e-9;

} // namespace

double budgetCap(const OpenLimit& limit) {
    return limit.budgetYuan + kBudgetTolerance * std::max(1.0, limit.budgetYuan);
}

std::vector<std::uint32_t> CapSearch::openList() const {
    std::vector<std::uint32_t> v;
    for (std::uint32_t o = 0; o < m_open.size(); ++o)
        if (m_open[o] != 0)
            v.push_back(o);
    return v;
}

double CapSearch::spent(const std::vector<std::uint8_t>& open) const {
    double total = 0.0;
    for (std::size_t o = 0; o < open.size(); ++o)
        if (open[o] != 0)
            total += m_limit.costYuan[o];
    return total;
}

void CapSearch::setOpen(const std::vector<std::uint32_t>& options) {
    std::vector<std::uint8_t> open(m_in.options().size(), 0);
    for (const std::uint32_t o : options)
        open[o] = 1;
    m_score = evaluate(open);
    m_hasScore = true;
    m_open = open;
    acceptLast();
}

bool CapSearch::tryOpen(const std::vector<std::uint8_t>& open, bool always) {
    const std::int64_t s = evaluate(open);
    if (!always && s >= m_score)
        return false;
    m_score = s;
    m_open = open;
    acceptLast();
    ++m_moves;
    return true;
}

std::int64_t CapSearch::localSearch(const Progress& progress) {
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

void CapSearch::shake(int k, DeterministicRng& rng) {
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

int CapSearch::vns(DeterministicRng& rng, const VnsLimit& limit, int kmax, std::int64_t target,
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

std::vector<std::int64_t> CapSearch::currentCosts() const {
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

std::int64_t CapSearch::costOf(std::size_t u, std::uint32_t column) const {
    for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t)
        if (m_in.listColumn(t) == column)
            return m_in.split() ? m_in.childCost(u, m_in.listUnits(t))
                                : m_in.cost(u, m_in.listUnits(t));
    return m_in.split() ? m_in.childUnassigned() : m_in.unassigned(u);
}

std::int64_t CapSearch::evaluate(const std::vector<std::uint8_t>& open) {
    m_in.capacities(open, m_capacity);
    ++m_evaluations;
    m_as.setTarget(m_hasScore ? m_score : std::numeric_limits<std::int64_t>::max());
    return m_as.solve(m_capacity);
}

void CapSearch::acceptLast() {
    m_as.accept();
    m_as.flows(m_flows);
    index();
}

void CapSearch::index() {
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

std::vector<std::uint32_t> CapSearch::relocation(std::uint32_t r) {
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
    if (m_touched.size() > kCapCandidates)
        m_touched.resize(kCapCandidates);
    return m_touched;
}

std::vector<std::int64_t> CapSearch::gains() const {
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

bool CapSearch::tryAdds() {
    const std::vector<std::int64_t> gain = gains();
    const double room = budgetCap(m_limit) - spent(m_open);
    std::vector<std::uint32_t> order;
    for (std::uint32_t j = 0; j < m_open.size(); ++j)
        if (m_open[j] == 0 && gain[j] > 0 && m_limit.costYuan[j] <= room)
            order.push_back(j);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return gain[a] != gain[b] ? gain[a] > gain[b] : a < b;
    });
    if (order.size() > kCapCandidates)
        order.resize(kCapCandidates);
    for (const std::uint32_t j : order) {
        std::vector<std::uint8_t> next = m_open;
        next[j] = 1;
        if (tryOpen(next))
            return true;
    }
    return false;
}

void CapSearch::fill() {
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

} // namespace xw::core::detail::siting
