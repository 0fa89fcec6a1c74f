// The single-source assigner of the capacitated models: regret construction, shift, swap and
// ejection-chain moves, and the Lagrangian restarts of small problems; see
// detail/siting/assignment.hpp.
#include "detail/siting/assignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace xw::core::detail::siting {

namespace {

/// Instances up to this many point × column pairs keep a dense cost table for the swap moves.
constexpr std::size_t kDenseCostLimit = std::size_t{8} << 20;

} // namespace

SingleSourceAssigner::SingleSourceAssigner(const CapInstance& instance, DeepAssignment deep)
    : m_in(instance), m_deep(deep),
      m_dense(instance.size() * instance.columns() <= kDenseCostLimit) {}

SingleSourceAssigner::~SingleSourceAssigner() = default;

bool SingleSourceAssigner::buildTable() {
    const std::int64_t radius = m_in.size() > 0 ? m_in.radius(0) : 0;
    if (!m_dense || (!m_table.empty() && radius == m_tableRadius))
        return false;
    const std::size_t n = m_in.size();
    const std::size_t columns = m_in.columns();
    m_table.resize(n * columns);
    for (std::size_t u = 0; u < n; ++u) {
        std::fill(m_table.begin() + static_cast<std::ptrdiff_t>(u * columns),
                  m_table.begin() + static_cast<std::ptrdiff_t>((u + 1) * columns),
                  m_in.unassigned(u));
        for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t)
            m_table[u * columns + m_in.listColumn(t)] = m_in.cost(u, m_in.listUnits(t));
    }
    m_tableRadius = radius;
    m_work += static_cast<std::int64_t>(n * columns / 8);
    return true;
}

std::int64_t SingleSourceAssigner::costFromList(std::size_t u, std::uint32_t column) const {
    for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t)
        if (m_in.listColumn(t) == column)
            return m_in.cost(u, m_in.listUnits(t));
    return m_in.unassigned(u);
}

std::int64_t SingleSourceAssigner::total() const {
    std::int64_t sum = 0;
    for (std::size_t u = 0; u < m_in.size(); ++u)
        sum += costAt(u, m_column[u]);
    return sum;
}

void SingleSourceAssigner::rebuildMembers() {
    m_members.assign(m_in.columns(), {});
    for (std::size_t u = 0; u < m_in.size(); ++u)
        if (m_column[u] != kNone)
            m_members[m_column[u]].push_back(static_cast<std::uint32_t>(u));
}

void SingleSourceAssigner::buildOpenLists(const std::vector<std::int64_t>& capacity,
                                          bool tableChanged) {
    const std::size_t n = m_in.size();
    const std::size_t columns = m_in.columns();
    // The work is counted as a full scan of every list whichever way the lists are made, so
    // that the search's budgets (in work) do not depend on the update below.
    for (std::size_t u = 0; u < n; ++u)
        m_work += static_cast<std::int64_t>(m_in.listEnd(u) - m_in.listBegin(u)) / 4 + 1;
    if (m_dense && !tableChanged && m_listed.size() == columns && updateOpenLists(capacity))
        return;
    m_openBegin.assign(n, 0);
    m_openEnd.assign(n, 0);
    m_openColumn.clear();
    m_openCost.clear();
    if (m_dense) {
        // Fixed rows of `columns` entries, so that later solves can edit them in place.
        m_openColumn.resize(n * columns);
        m_openCost.resize(n * columns);
    }
    for (std::size_t u = 0; u < n; ++u) {
        const std::int64_t none = m_in.unassigned(u);
        std::uint64_t k = m_dense ? u * columns : m_openColumn.size();
        m_openBegin[u] = k;
        for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t) {
            const std::uint32_t c = m_in.listColumn(t);
            if (capacity[c] <= 0)
                continue;
            const std::int64_t cost = m_in.cost(u, m_in.listUnits(t));
            if (cost >= none)
                break;
            if (m_dense) {
                m_openColumn[k] = c;
                m_openCost[k] = cost;
            } else {
                m_openColumn.push_back(c);
                m_openCost.push_back(cost);
            }
            ++k;
        }
        m_openEnd[u] = k;
    }
    if (!m_dense)
        return;
    if (m_rank.empty()) {
        m_rank.assign(n * columns, kNone);
        for (std::size_t u = 0; u < n; ++u)
            for (std::uint64_t t = m_in.listBegin(u); t < m_in.listEnd(u); ++t)
                m_rank[u * columns + m_in.listColumn(t)] =
                    static_cast<std::uint32_t>(t - m_in.listBegin(u));
    }
    m_listed.assign(columns, 0);
    for (std::size_t c = 0; c < columns; ++c)
        m_listed[c] = capacity[c] > 0 ? 1 : 0;
}

bool SingleSourceAssigner::updateOpenLists(const std::vector<std::int64_t>& capacity) {
    const std::size_t columns = m_in.columns();
    std::vector<std::uint32_t> added;
    std::size_t changed = 0;
    for (std::size_t c = 0; c < columns; ++c) {
        const std::uint8_t now = capacity[c] > 0 ? 1 : 0;
        if (now == m_listed[c])
            continue;
        ++changed;
        if (now != 0)
            added.push_back(static_cast<std::uint32_t>(c));
    }
    // Many changes: a full scan is as quick.
    if (changed > 8)
        return false;
    if (changed == 0)
        return true;
    for (std::size_t u = 0; u < m_in.size(); ++u) {
        const std::size_t row = u * columns;
        // Drop the columns that closed, keeping the order.
        std::uint64_t w = m_openBegin[u];
        for (std::uint64_t k = m_openBegin[u]; k < m_openEnd[u]; ++k) {
            if (capacity[m_openColumn[k]] <= 0)
                continue;
            m_openColumn[w] = m_openColumn[k];
            m_openCost[w] = m_openCost[k];
            ++w;
        }
        m_openEnd[u] = w;
        // Insert the columns that opened at their place in u's list (as the full scan would:
        // the list's order, and only where cheaper than unassigned; the scan stops at the first
        // column that is not, so a column behind that point stays out too).
        for (const std::uint32_t a : added) {
            const std::uint32_t rank = m_rank[row + a];
            if (rank == kNone)
                continue;
            const std::int64_t cost = m_table[row + a];
            if (cost >= m_in.unassigned(u))
                continue;
            std::uint64_t k = m_openEnd[u];
            while (k > m_openBegin[u] && m_rank[row + m_openColumn[k - 1]] > rank) {
                m_openColumn[k] = m_openColumn[k - 1];
                m_openCost[k] = m_openCost[k - 1];
                --k;
            }
            m_openColumn[k] = a;
            m_openCost[k] = cost;
            ++m_openEnd[u];
        }
    }
    for (std::size_t c = 0; c < columns; ++c)
        m_listed[c] = capacity[c] > 0 ? 1 : 0;
    return true;
}

std::int64_t SingleSourceAssigner::solve(const std::vector<std::int64_t>& capacity) {
    buildOpenLists(capacity, buildTable());
    const std::int64_t quick = fromAccepted(capacity);
    // An open set within reach of the best answer gets the deeper assignment.
    if (m_deep.rounds > 0 &&
        (m_target == std::numeric_limits<std::int64_t>::max() ||
         static_cast<double>(quick) <= static_cast<double>(m_target) * (1.0 + m_deep.share)))
        return lagrangianRestarts(capacity, quick);
    return quick;
}

std::int64_t SingleSourceAssigner::lagrangianRestarts(const std::vector<std::int64_t>& capacity,
                                                      std::int64_t quick) {
    const std::size_t n = m_in.size();
    const std::size_t columns = m_in.columns();
    std::int64_t best = quick;
    std::vector<std::uint32_t> bestColumn = m_column;
    std::vector<double> mu(columns, 0.0);
    std::vector<double> relaxedLoad(columns, 0.0);
    std::vector<std::pair<double, std::uint32_t>> order(n);
    double theta = 1.0;
    for (int round = 0; round < m_deep.rounds; ++round) {
        // The relaxation without capacities: each point at its cheapest column by cost plus the
        // column's price per child; its bound and the overload of each column.
        std::fill(relaxedLoad.begin(), relaxedLoad.end(), 0.0);
        double bound = 0.0;
        for (std::size_t u = 0; u < n; ++u) {
            const auto d = static_cast<double>(m_in.demand(u));
            auto first = static_cast<double>(m_in.unassigned(u));
            double second = first;
            std::uint32_t at = kNone;
            for (std::uint64_t k = m_openBegin[u]; k < m_openEnd[u]; ++k) {
                const double v = static_cast<double>(m_openCost[k]) + mu[m_openColumn[k]] * d;
                if (v < first) {
                    second = first;
                    first = v;
                    at = m_openColumn[k];
                } else if (v < second) {
                    second = v;
                }
            }
            m_work += static_cast<std::int64_t>(m_openEnd[u] - m_openBegin[u]);
            bound += first;
            if (at != kNone)
                relaxedLoad[at] += d;
            order[u] = {second - first, static_cast<std::uint32_t>(u)};
        }
        double norm = 0.0;
        for (std::size_t c = 0; c < columns; ++c) {
            if (capacity[c] <= 0)
                continue;
            bound -= mu[c] * static_cast<double>(capacity[c]);
            const double g = relaxedLoad[c] - static_cast<double>(capacity[c]);
            if (g > 0.0 || mu[c] > 0.0)
                norm += g * g;
        }
        if (bound >= static_cast<double>(best) - 0.5 || norm <= 0.0)
            break; // the assignment kept is optimal for this open set
        // A feasible assignment in regret order of the priced costs, then the usual moves.
        std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        m_column.assign(n, kNone);
        m_load.assign(columns, 0);
        for (const auto& [regret, u] : order) {
            (void)regret;
            const auto d = static_cast<double>(m_in.demand(u));
            std::uint32_t at = kNone;
            double v = std::numeric_limits<double>::infinity();
            for (std::uint64_t k = m_openBegin[u]; k < m_openEnd[u]; ++k) {
                const std::uint32_t c = m_openColumn[k];
                if (capacity[c] - m_load[c] < m_in.demand(u))
                    continue;
                const double priced = static_cast<double>(m_openCost[k]) + mu[c] * d;
                if (priced < v) {
                    v = priced;
                    at = c;
                }
            }
            if (at != kNone) {
                m_column[u] = at;
                m_load[at] += m_in.demand(u);
            }
        }
        improve(capacity);
        const std::int64_t score = total();
        if (score < best) {
            best = score;
            bestColumn = m_column;
        }
        // Subgradient step on the prices (Held, Wolfe & Crowder 1974).
        const double step = theta * (static_cast<double>(best) - bound) / norm;
        for (std::size_t c = 0; c < columns; ++c) {
            if (capacity[c] <= 0)
                continue;
            const double g = relaxedLoad[c] - static_cast<double>(capacity[c]);
            mu[c] = std::max(0.0, mu[c] + step * g);
        }
        if (round % 5 == 4)
            theta *= 0.7;
    }
    m_column = bestColumn;
    m_load.assign(columns, 0);
    for (std::size_t u = 0; u < n; ++u)
        if (m_column[u] != kNone)
            m_load[m_column[u]] += m_in.demand(u);
    return best;
}

std::int64_t SingleSourceAssigner::fromAccepted(const std::vector<std::int64_t>& capacity) {
    const std::size_t n = m_in.size();
    m_column.assign(n, kNone);
    m_load.assign(m_in.columns(), 0);
    std::vector<std::uint32_t> pending;
    // Keep what the accepted assignment can keep, in point order.
    for (std::size_t u = 0; u < n; ++u) {
        const std::uint32_t c = m_accepted.size() == n ? m_accepted[u] : kNone;
        if (c != kNone && capacity[c] > 0 && m_load[c] + m_in.demand(u) <= capacity[c] &&
            costAt(u, c) < m_in.unassigned(u)) {
            m_column[u] = c;
            m_load[c] += m_in.demand(u);
        } else {
            pending.push_back(static_cast<std::uint32_t>(u));
        }
    }
    m_work += static_cast<std::int64_t>(n);
    // Regret order: the points that lose most by missing their best column go first.
    std::vector<std::pair<std::int64_t, std::uint32_t>> order;
    order.reserve(pending.size());
    for (const std::uint32_t u : pending) {
        std::int64_t first = m_in.unassigned(u);
        std::int64_t second = m_in.unassigned(u);
        int found = 0;
        for (std::uint64_t k = m_openBegin[u]; k < m_openEnd[u] && found < 2; ++k) {
            const std::uint32_t c = m_openColumn[k];
            if (capacity[c] - m_load[c] < m_in.demand(u))
                continue;
            (found == 0 ? first : second) = m_openCost[k];
            ++found;
        }
        order.emplace_back(second - first, u);
        m_work += static_cast<std::int64_t>(m_openEnd[u] - m_openBegin[u]);
    }
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first)
            return a.first > b.first;
        if (m_in.demand(a.second) != m_in.demand(b.second))
            return m_in.demand(a.second) > m_in.demand(b.second);
        return a.second < b.second;
    });
    for (const auto& [regret, u] : order) {
        (void)regret;
        for (std::uint64_t k = m_openBegin[u]; k < m_openEnd[u]; ++k) {
            const std::uint32_t c = m_openColumn[k];
            if (capacity[c] - m_load[c] < m_in.demand(u))
                continue;
            m_column[u] = c;
            m_load[c] += m_in.demand(u);
            break;
        }
    }
    improve(capacity);
    return total();
}

void SingleSourceAssigner::improve(const std::vector<std::int64_t>& capacity) {
    const std::size_t n = m_in.size();
    const std::size_t columns = m_in.columns();
    const auto cost = [&](std::size_t u, std::uint32_t c) { return costAt(u, c); };
    (void)columns;
    rebuildMembers();
    const auto move = [&](std::uint32_t u, std::uint32_t to) {
        const std::uint32_t from = m_column[u];
        if (from != kNone) {
            m_load[from] -= m_in.demand(u);
            auto& v = m_members[from];
            v.erase(std::find(v.begin(), v.end(), u));
        }
        if (to != kNone) {
            m_load[to] += m_in.demand(u);
            m_members[to].push_back(u);
        }
        m_column[u] = to;
    };
    const auto room = [&](std::uint32_t c) { return capacity[c] - m_load[c]; };
    for (int pass = 0; pass < 100; ++pass) {
        bool improved = false;
        // Shifts: each point to its best column with room.
        for (std::uint32_t u = 0; u < n; ++u) {
            const std::uint32_t a = m_column[u];
            const std::int64_t now = cost(u, a);
            // The first column with room that is cheaper than now is the best one.
            std::uint32_t best = kNone;
            bool found = false;
            for (std::uint64_t k = m_openBegin[u]; k < m_openEnd[u]; ++k) {
                ++m_work;
                const std::uint32_t c = m_openColumn[k];
                const std::int64_t cu = m_openCost[k];
                if (cu >= now)
                    break; // sorted by cost: nothing further is better
                if (c == a || room(c) < m_in.demand(u))
                    continue;
                best = c;
                found = true;
                break;
            }
            if (found) {
                move(u, best);
                improved = true;
            }
        }
        // Swaps: u takes v's column and v takes u's (or v leaves when u was unassigned).
        for (std::uint32_t u = 0; u < n; ++u) {
            const std::uint32_t a = m_column[u];
            const std::int64_t cu = cost(u, a);
            bool done = false;
            for (std::uint64_t k2 = m_openBegin[u]; k2 < m_openEnd[u] && !done; ++k2) {
                const std::uint32_t g = m_openColumn[k2];
                if (g == a)
                    continue;
                const std::int64_t cug = m_openCost[k2];
                if (cug >= cu)
                    break; // u would not gain; v's side alone cannot pay for it here
                for (std::size_t k = 0; k < m_members[g].size(); ++k) {
                    ++m_work;
                    const std::uint32_t v = m_members[g][k];
                    const std::int64_t du = m_in.demand(u);
                    const std::int64_t dv = m_in.demand(v);
                    if (room(g) + dv < du)
                        continue;
                    if (a != kNone && room(a) + du < dv)
                        continue;
                    const std::int64_t cva = cost(v, a);
                    const std::int64_t delta = cug + cva - cu - cost(v, g);
                    if (delta < 0) {
                        move(v, kNone);
                        move(u, g);
                        move(v, a);
                        improved = true;
                        done = true;
                        break;
                    }
                }
            }
        }
        if (!improved && !ejectionChains(capacity))
            return;
    }
}

bool SingleSourceAssigner::ejectionChains(const std::vector<std::int64_t>& capacity) {
    // u moves to a column g without room for it; to make room, some v leaves g for a column h
    // with room (h may be u's old column once u has left it).
    const std::size_t n = m_in.size();
    for (std::uint32_t u = 0; u < n; ++u) {
        const std::uint32_t a = m_column[u];
        const std::int64_t cu = costAt(u, a);
        const std::int64_t du = m_in.demand(u);
        for (std::uint64_t t = m_openBegin[u]; t < m_openEnd[u]; ++t) {
            const std::uint32_t g = m_openColumn[t];
            const std::int64_t cug = m_openCost[t];
            if (cug >= cu)
                break;
            if (g == a)
                continue;
            const std::int64_t roomG = capacity[g] - m_load[g];
            for (const std::uint32_t v : m_members[g]) {
                ++m_work;
                const std::int64_t dv = m_in.demand(v);
                if (roomG + dv < du)
                    continue;
                const std::int64_t cvg = costAt(v, g);
                const std::int64_t budget = cu - cug; // what v's move may cost at most
                for (std::uint64_t s = m_openBegin[v]; s < m_openEnd[v]; ++s) {
                    const std::uint32_t h = m_openColumn[s];
                    const std::int64_t cvh = m_openCost[s];
                    if (cvh - cvg >= budget)
                        break;
                    if (h == g)
                        continue;
                    const std::int64_t roomH = capacity[h] - m_load[h] + (h == a ? du : 0);
                    if (roomH < dv)
                        continue;
                    // Apply: v to h, u to g.
                    const auto relocate = [&](std::uint32_t w, std::uint32_t to) {
                        const std::uint32_t from = m_column[w];
                        if (from != kNone) {
                            m_load[from] -= m_in.demand(w);
                            auto& list = m_members[from];
                            list.erase(std::find(list.begin(), list.end(), w));
                        }
                        m_load[to] += m_in.demand(w);
                        m_members[to].push_back(w);
                        m_column[w] = to;
                    };
                    if (a != kNone) {
                        m_load[a] -= du;
                        auto& list = m_members[a];
                        list.erase(std::find(list.begin(), list.end(), u));
                        m_column[u] = kNone;
                    }
                    relocate(v, h);
                    relocate(u, g);
                    return true;
                }
            }
        }
    }
    return false;
}

void SingleSourceAssigner::flows(std::vector<CapFlow>& out) const {
    out.clear();
    for (std::size_t u = 0; u < m_column.size(); ++u)
        if (m_column[u] != kNone)
            out.push_back({static_cast<std::uint32_t>(u), m_column[u], m_in.demand(u)});
}

} // namespace xw::core::detail::siting
