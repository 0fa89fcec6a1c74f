#include <xw/core/siting/zones.hpp>

#include <xw/core/allocation/transport.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <stdexcept>
#include <string>

namespace xw::core {

namespace {

constexpr const char* kStep = "学区划分 zones";

[[noreturn]] void fail(const std::string& what) {
    throw std::invalid_argument("学区划分输入无效 / invalid zoning problem: " + what);
}

void validate(const ZoningProblem& p, const ZoningConfig& c) {
    const std::size_t n = p.units.size();
    if (n >= kNoZoneSchool / 2 || p.schools.size() >= kNoZoneSchool / 2)
        fail("单元或学校过多 / too many units or schools");
    for (std::size_t u = 0; u < n; ++u) {
        if (p.units[u].children < 0)
            fail("单元 unit " + std::to_string(u) + " 字段 field children: 为负 / negative");
        if (!std::isfinite(p.units[u].location.x) || !std::isfinite(p.units[u].location.y))
            fail("单元 unit " + std::to_string(u) + " 字段 field location: 非有限 / not finite");
    }
    std::vector<std::uint8_t> claimed(n, 0);
    for (std::size_t s = 0; s < p.schools.size(); ++s) {
        const ZoningSchool& z = p.schools[s];
        if (z.seats < 0)
            fail("学校 school " + std::to_string(s) + " 字段 field seats: 为负 / negative");
        if (!std::isfinite(z.location.x) || !std::isfinite(z.location.y))
            fail("学校 school " + std::to_string(s) + " 字段 field location: 非有限 / not finite");
        if (z.unit == kNoZoneSchool)
            continue;
        if (z.unit >= n)
            fail("学校 school " + std::to_string(s) + " 字段 field unit: 越界 / out of range");
        if (claimed[z.unit] != 0)
            fail("单元 unit " + std::to_string(z.unit) +
                 " 被两所学校占用 / is claimed by two schools");
        claimed[z.unit] = 1;
    }
    if (!p.adjacency.empty() && p.adjacency.size() != n)
        fail("adjacency 须每单元一项 / adjacency needs one list per unit");
    for (std::size_t u = 0; u < p.adjacency.size(); ++u)
        for (const std::uint32_t v : p.adjacency[u])
            if (v >= n)
                fail("单元 unit " + std::to_string(u) + " 的邻接 adjacency " + std::to_string(v) +
                     " 越界 / out of range");
    if (!p.current.empty()) {
        if (p.current.size() != n)
            fail("current 须每单元一项 / current needs one school per unit");
        for (std::size_t u = 0; u < n; ++u)
            if (p.current[u] != kNoZoneSchool && p.current[u] >= p.schools.size())
                fail("单元 unit " + std::to_string(u) +
                     " 的现学校 current school 越界 / out of "
                     "range");
    }
    if (!std::isfinite(c.overflowPenaltyMeters) || !(c.overflowPenaltyMeters > 0.0) ||
        c.overflowPenaltyMeters > 1.0e12)
        fail("overflowPenaltyMeters 须为正且有限 / must be positive and finite");
    if (!std::isfinite(c.compactnessWeight) || c.compactnessWeight < 0.0)
        fail("compactnessWeight 须 ≥ 0 / must be ≥ 0");
    if (c.maxChildrenMoved) {
        if (*c.maxChildrenMoved < 0)
            fail("maxChildrenMoved 须 ≥ 0 / must be ≥ 0");
        if (p.current.empty())
            fail("稳定性限制需要现有学区 / a stability limit needs the current zones");
    }
    if (c.threads < 0 || c.maxPasses < 0)
        fail("threads, maxPasses 须 ≥ 0 / must be ≥ 0");
}

class Zoner {
public:
    Zoner(const ZoningProblem& p, const ZoningConfig& c) : m_p(p), m_c(c) {
        const std::size_t n = p.units.size();
        m_adj.assign(n, {});
        for (std::size_t u = 0; u < p.adjacency.size(); ++u)
            for (const std::uint32_t v : p.adjacency[u])
                if (v != u) {
                    m_adj[u].push_back(v);
                    m_adj[v].push_back(static_cast<std::uint32_t>(u));
                }
        for (auto& a : m_adj) {
            std::sort(a.begin(), a.end());
            a.erase(std::unique(a.begin(), a.end()), a.end());
        }
        m_anchorOf.assign(n, kNoZoneSchool);
        for (std::size_t s = 0; s < p.schools.size(); ++s)
            if (p.schools[s].unit != kNoZoneSchool)
                m_anchorOf[p.schools[s].unit] = static_cast<std::uint32_t>(s);
        // Pieces of the adjacency graph without any anchor cannot join a contiguous zone when
        // anchors exist at all.
        m_free.assign(n, 0);
        bool anyAnchor = false;
        for (const ZoningSchool& s : p.schools)
            anyAnchor = anyAnchor || s.unit != kNoZoneSchool;
        if (anyAnchor) {
            std::vector<std::uint32_t> piece(n, kNoZoneSchool);
            std::uint32_t pieces = 0;
            for (std::uint32_t u = 0; u < n; ++u) {
                if (piece[u] != kNoZoneSchool)
                    continue;
                std::vector<std::uint32_t> members{u};
                piece[u] = pieces;
                bool anchored = false;
                for (std::size_t k = 0; k < members.size(); ++k) {
                    anchored = anchored || m_anchorOf[members[k]] != kNoZoneSchool;
                    for (const std::uint32_t v : m_adj[members[k]])
                        if (piece[v] == kNoZoneSchool) {
                            piece[v] = pieces;
                            members.push_back(v);
                        }
                }
                if (!anchored)
                    for (const std::uint32_t v : members)
                        m_free[v] = 1;
                ++pieces;
            }
        }
    }

    [[nodiscard]] double distance(std::size_t u, std::size_t s) const {
        if (m_p.distance) {
            const double d = m_p.distance(u, s);
            return std::isfinite(d) ? d : m_c.overflowPenaltyMeters;
        }
        return straightLineMeters(m_p.units[u].location, m_p.schools[s].location);
    }
    [[nodiscard]] double weight(std::size_t u) const {
        return static_cast<double>(m_p.units[u].children) + m_c.compactnessWeight;
    }
    [[nodiscard]] std::uint32_t nearest(std::size_t u) const {
        std::uint32_t best = 0;
        double bd = std::numeric_limits<double>::infinity();
        for (std::size_t s = 0; s < m_p.schools.size(); ++s) {
            const double d = distance(u, s);
            if (d < bd) {
                bd = d;
                best = static_cast<std::uint32_t>(s);
            }
        }
        return best;
    }
    [[nodiscard]] const std::vector<std::uint32_t>& adjacent(std::size_t u) const {
        return m_adj[u];
    }
    [[nodiscard]] std::uint32_t anchorOf(std::size_t u) const { return m_anchorOf[u]; }
    [[nodiscard]] bool detached(std::size_t u) const { return m_free[u] != 0; }
    [[nodiscard]] std::int64_t moved(const std::vector<std::uint32_t>& of) const {
        std::int64_t total = 0;
        if (m_p.current.empty())
            return 0;
        for (std::size_t u = 0; u < of.size(); ++u)
            if (m_p.current[u] != kNoZoneSchool && m_p.current[u] != of[u])
                total += m_p.units[u].children;
        return total;
    }
    /// Penalised cost including the compactness term.
    [[nodiscard]] double cost(const std::vector<std::uint32_t>& of) const {
        const std::size_t m = m_p.schools.size();
        std::vector<std::int64_t> load(m, 0);
        double total = 0.0;
        for (std::size_t u = 0; u < of.size(); ++u) {
            total += weight(u) * distance(u, of[u]);
            load[of[u]] += m_p.units[u].children;
        }
        for (std::size_t s = 0; s < m; ++s)
            total += m_c.overflowPenaltyMeters *
                     static_cast<double>(std::max<std::int64_t>(0, load[s] - m_p.schools[s].seats));
        return total;
    }

    /// Makes every zone one connected piece: pieces cut off from their zone's main piece join
    /// the adjacent zone (main piece) that costs least, until none is left.
    void repairContiguity(std::vector<std::uint32_t>& of, const Progress& progress) const {
        const std::size_t n = of.size();
        const std::size_t m = m_p.schools.size();
        for (int round = 0; round < 1000; ++round) {
            progress.throwIfCancelled();
            // Pieces of each zone.
            std::vector<std::uint32_t> piece(n, kNoZoneSchool);
            std::vector<std::vector<std::uint32_t>> members;
            for (std::uint32_t u = 0; u < n; ++u) {
                if (piece[u] != kNoZoneSchool || detached(u))
                    continue;
                const auto id = static_cast<std::uint32_t>(members.size());
                members.push_back({u});
                piece[u] = id;
                for (std::size_t k = 0; k < members[id].size(); ++k)
                    for (const std::uint32_t v : m_adj[members[id][k]])
                        if (piece[v] == kNoZoneSchool && !detached(v) && of[v] == of[u]) {
                            piece[v] = id;
                            members[id].push_back(v);
                        }
            }
            // Main piece of each zone: the anchor's, else the one with most children.
            std::vector<std::uint32_t> mainPiece(m, kNoZoneSchool);
            std::vector<std::int64_t> mainChildren(m, -1);
            for (std::uint32_t id = 0; id < members.size(); ++id) {
                const std::uint32_t s = of[members[id][0]];
                std::int64_t kids = 0;
                bool anchored = false;
                for (const std::uint32_t u : members[id]) {
                    kids += m_p.units[u].children;
                    anchored = anchored || m_anchorOf[u] == s;
                }
                if (anchored)
                    kids = std::numeric_limits<std::int64_t>::max();
                if (kids > mainChildren[s]) {
                    mainChildren[s] = kids;
                    mainPiece[s] = id;
                }
            }
            std::vector<std::int64_t> load(m, 0);
            for (std::size_t u = 0; u < n; ++u)
                load[of[u]] += m_p.units[u].children;
            // The cut-off piece whose best join costs least goes first.
            bool left = false;
            std::uint32_t bestPiece = kNoZoneSchool;
            std::uint32_t bestZone = kNoZoneSchool;
            double bestDelta = std::numeric_limits<double>::infinity();
            for (std::uint32_t id = 0; id < members.size(); ++id) {
                const std::uint32_t s = of[members[id][0]];
                if (mainPiece[s] == id)
                    continue;
                left = true;
                std::int64_t kids = 0;
                for (const std::uint32_t u : members[id])
                    kids += m_p.units[u].children;
                for (const std::uint32_t u : members[id])
                    for (const std::uint32_t v : m_adj[u]) {
                        if (detached(v) || of[v] == s || piece[v] != mainPiece[of[v]])
                            continue;
                        const std::uint32_t t = of[v];
                        double delta = 0.0;
                        for (const std::uint32_t w : members[id])
                            delta += weight(w) * (distance(w, t) - distance(w, s));
                        const auto over = [&](std::size_t zone, std::int64_t l) {
                            return static_cast<double>(
                                std::max<std::int64_t>(0, l - m_p.schools[zone].seats));
                        };
                        delta += m_c.overflowPenaltyMeters *
                                 (over(t, load[t] + kids) - over(t, load[t]) +
                                  over(s, load[s] - kids) - over(s, load[s]));
                        if (delta < bestDelta) {
                            bestDelta = delta;
                            bestPiece = id;
                            bestZone = t;
                        }
                    }
            }
            if (!left)
                return;
            if (bestPiece != kNoZoneSchool) {
                for (const std::uint32_t u : members[bestPiece])
                    of[u] = bestZone;
                continue;
            }
            // Pieces touching no main piece (enclosed by other cut-off pieces): give one to the
            // zone of a neighbour and go round again.
            bool joined = false;
            for (std::uint32_t id = 0; id < members.size() && !joined; ++id) {
                const std::uint32_t s = of[members[id][0]];
                if (mainPiece[s] == id)
                    continue;
                for (const std::uint32_t u : members[id]) {
                    for (const std::uint32_t v : m_adj[u])
                        if (!detached(v) && of[v] != s) {
                            const std::uint32_t t = of[v];
                            for (const std::uint32_t w : members[id])
                                of[w] = t;
                            joined = true;
                            break;
                        }
                    if (joined)
                        break;
                }
            }
            if (!joined)
                return; // nothing can be joined: leave it (reported as not contiguous)
        }
    }

    /// The units of u's zone that would be cut off from the zone's main piece if u left it
    /// (the main piece holds the school's unit, else the most children). Empty when u's zone
    /// stays connected without u.
    void cutOff(const std::vector<std::uint32_t>& of, std::uint32_t u,
                std::vector<std::uint32_t>& out) const {
        out.clear();
        const std::uint32_t s = of[u];
        std::vector<std::uint32_t> same;
        for (const std::uint32_t v : m_adj[u])
            if (of[v] == s && !detached(v))
                same.push_back(v);
        if (same.size() <= 1)
            return;
        m_seen.resize(of.size(), 0);
        if (++m_stamp == 0) {
            std::fill(m_seen.begin(), m_seen.end(), 0);
            m_stamp = 1;
        }
        // Pieces of the zone without u, grown from each neighbour inside it.
        std::vector<std::vector<std::uint32_t>> pieces;
        m_seen[u] = m_stamp;
        for (const std::uint32_t start : same) {
            if (m_seen[start] == m_stamp)
                continue;
            std::vector<std::uint32_t> piece{start};
            m_seen[start] = m_stamp;
            for (std::size_t k = 0; k < piece.size(); ++k)
                for (const std::uint32_t w : m_adj[piece[k]])
                    if (m_seen[w] != m_stamp && of[w] == s && !detached(w)) {
                        m_seen[w] = m_stamp;
                        piece.push_back(w);
                    }
            pieces.push_back(std::move(piece));
        }
        if (pieces.size() <= 1)
            return;
        std::size_t main = 0;
        std::int64_t mainChildren = -1;
        for (std::size_t k = 0; k < pieces.size(); ++k) {
            std::int64_t kids = 0;
            bool anchored = false;
            for (const std::uint32_t w : pieces[k]) {
                kids += m_p.units[w].children;
                anchored = anchored || m_anchorOf[w] == s;
            }
            if (anchored)
                kids = std::numeric_limits<std::int64_t>::max();
            if (kids > mainChildren) {
                mainChildren = kids;
                main = k;
            }
        }
        for (std::size_t k = 0; k < pieces.size(); ++k)
            if (k != main)
                out.insert(out.end(), pieces[k].begin(), pieces[k].end());
    }

private:
    const ZoningProblem& m_p;
    const ZoningConfig& m_c;
    std::vector<std::vector<std::uint32_t>> m_adj;
    std::vector<std::uint32_t> m_anchorOf;
    std::vector<std::uint8_t> m_free;
    mutable std::vector<std::uint32_t> m_seen;
    mutable std::uint32_t m_stamp = 0;
};

/// Moves boundary units between adjacent zones while it lowers the penalised cost, both zones
/// stay contiguous and the stability limit holds. A unit whose leaving would cut its zone in two
/// takes the cut-off part along (it then reaches the new zone through the unit). Returns the
/// moves made.
std::int64_t improve(const ZoningProblem& p, const ZoningConfig& c, const Zoner& z,
                     std::vector<std::uint32_t>& of, const Progress& progress) {
    const std::size_t n = of.size();
    const std::size_t m = p.schools.size();
    std::vector<std::int64_t> load(m, 0);
    for (std::size_t u = 0; u < n; ++u)
        load[of[u]] += p.units[u].children;
    std::int64_t movedNow = z.moved(of);
    const auto over = [&](std::size_t s, std::int64_t l) {
        return static_cast<double>(std::max<std::int64_t>(0, l - p.schools[s].seats));
    };
    // Change in children moved against today's zones if unit w goes from a to b.
    const auto movedChange = [&](std::uint32_t w, std::uint32_t a, std::uint32_t b) {
        if (p.current.empty() || p.current[w] == kNoZoneSchool)
            return std::int64_t{0};
        const std::uint32_t now = p.current[w];
        const std::int64_t k = p.units[w].children;
        return (now == a ? k : 0) - (now == b ? k : 0);
    };
    std::vector<std::uint32_t> cut;
    std::vector<std::uint32_t> group;
    std::int64_t moves = 0;
    const int passes = c.maxPasses > 0 ? c.maxPasses : 1000;
    std::vector<std::vector<std::uint32_t>> members(m);
    for (int pass = 0; pass < passes; ++pass) {
        progress.throwIfCancelled();
        progress.report(kStep, pass, passes);
        // Zone members at the start of the pass (chains check each against the current zones).
        for (auto& v : members)
            v.clear();
        for (std::uint32_t u = 0; u < n; ++u)
            members[of[u]].push_back(u);
        bool improved = false;
        for (std::uint32_t u = 0; u < n; ++u) {
            if (z.detached(u) || z.anchorOf(u) == of[u])
                continue;
            const std::uint32_t a = of[u];
            bool cutKnown = false;
            double bestDelta = -1e-9;
            std::uint32_t best = kNoZoneSchool;
            for (const std::uint32_t v : z.adjacent(u)) {
                const std::uint32_t b = of[v];
                if (b == a || z.detached(v))
                    continue;
                if (!cutKnown) {
                    z.cutOff(of, u, cut);
                    cutKnown = true;
                    group.assign(1, u);
                    group.insert(group.end(), cut.begin(), cut.end());
                }
                std::int64_t kids = 0;
                double delta = 0.0;
                std::int64_t change = 0;
                for (const std::uint32_t w : group) {
                    kids += p.units[w].children;
                    delta += z.weight(w) * (z.distance(w, b) - z.distance(w, a));
                    change += movedChange(w, a, b);
                }
                delta += c.overflowPenaltyMeters * (over(b, load[b] + kids) - over(b, load[b]) +
                                                    over(a, load[a] - kids) - over(a, load[a]));
                if (!(delta < bestDelta))
                    continue;
                if (c.maxChildrenMoved && change > 0 && movedNow + change > *c.maxChildrenMoved)
                    continue;
                bestDelta = delta;
                best = b;
            }
            // Chains: u's group enters a zone b that would overflow while a unit v of b (which
            // b can spare and which keeps u attached) moves on to a third zone c.
            std::uint32_t chainV = kNoZoneSchool;
            std::uint32_t chainC = kNoZoneSchool;
            if (best == kNoZoneSchool && cutKnown) {
                std::int64_t kids = 0;
                for (const std::uint32_t w : group)
                    kids += p.units[w].children;
                for (const std::uint32_t nb : z.adjacent(u)) {
                    const std::uint32_t b = of[nb];
                    if (b == a || z.detached(nb) || load[b] + kids <= p.schools[b].seats)
                        continue;
                    double base = 0.0;
                    std::int64_t change = 0;
                    for (const std::uint32_t w : group) {
                        base += z.weight(w) * (z.distance(w, b) - z.distance(w, a));
                        change += movedChange(w, a, b);
                    }
                    for (const std::uint32_t v : members[b]) {
                        if (of[v] != b || z.anchorOf(v) == b || z.detached(v))
                            continue;
                        // v must not be u's only way into b, and must leave b connected.
                        bool otherLink = false;
                        for (const std::uint32_t w : z.adjacent(u))
                            otherLink = otherLink || (w != v && of[w] == b);
                        if (!otherLink)
                            continue;
                        for (const std::uint32_t w : z.adjacent(v)) {
                            const std::uint32_t cz = of[w];
                            if (cz == b || cz == a || z.detached(w))
                                continue;
                            const std::int64_t kv = p.units[v].children;
                            const double delta =
                                base + z.weight(v) * (z.distance(v, cz) - z.distance(v, b)) +
                                c.overflowPenaltyMeters *
                                    (over(b, load[b] + kids - kv) - over(b, load[b]) +
                                     over(a, load[a] - kids) - over(a, load[a]) +
                                     over(cz, load[cz] + kv) - over(cz, load[cz]));
                            if (!(delta < bestDelta))
                                continue;
                            const std::int64_t total = change + movedChange(v, b, cz);
                            if (c.maxChildrenMoved && total > 0 &&
                                movedNow + total > *c.maxChildrenMoved)
                                continue;
                            z.cutOff(of, v, cut);
                            if (!cut.empty())
                                continue;
                            bestDelta = delta;
                            best = b;
                            chainV = v;
                            chainC = cz;
                        }
                    }
                }
            }
            if (best == kNoZoneSchool)
                continue;
            if (chainV != kNoZoneSchool) {
                movedNow += movedChange(chainV, best, chainC);
                load[best] -= p.units[chainV].children;
                load[chainC] += p.units[chainV].children;
                of[chainV] = chainC;
            }
            for (const std::uint32_t w : group) {
                movedNow += movedChange(w, a, best);
                load[a] -= p.units[w].children;
                load[best] += p.units[w].children;
                of[w] = best;
            }
            ++moves;
            improved = true;
        }
        if (!improved)
            break;
    }
    return moves;
}

} // namespace

ZoningResult drawZones(const ZoningProblem& problem, const ZoningConfig& config,
                       const Progress& progress) {
    validate(problem, config);
    const std::size_t n = problem.units.size();
    const std::size_t m = problem.schools.size();
    ZoningResult result;
    result.zones.assign(m, {});
    if (m == 0) {
        result.schoolOf.assign(n, kNoZoneSchool);
        return result;
    }
    const Zoner z(problem, config);

    // Lower bound and start: the transport optimum over the units with children.
    TransportProblem tp;
    std::vector<std::uint32_t> unitOf;
    for (std::size_t u = 0; u < n; ++u)
        if (problem.units[u].children > 0) {
            unitOf.push_back(static_cast<std::uint32_t>(u));
            tp.demandPoints.push_back(problem.units[u].location);
            tp.demand.push_back(problem.units[u].children);
        }
    for (const ZoningSchool& s : problem.schools) {
        tp.facilities.push_back(s.location);
        tp.capacity.push_back(s.seats);
    }
    tp.unplacedPenaltyMeters = config.overflowPenaltyMeters;
    tp.threads = config.threads;
    if (problem.distance) {
        const double penalty = config.overflowPenaltyMeters;
        tp.cost = [&problem, &unitOf, penalty](std::size_t i, std::size_t s) {
            const double d = problem.distance(unitOf[i], s);
            if (std::isfinite(d))
                return d;
            return 2.0 * penalty + straightLineMeters(problem.units[unitOf[i]].location,
                                                      problem.schools[s].location);
        };
    }
    progress.report(kStep, 0, 0);
    const TransportSolution lp = solveTransport(tp);
    progress.throwIfCancelled();
    result.bound = lp.objectiveMeters;

    std::vector<std::uint32_t> of(n, kNoZoneSchool);
    std::vector<std::int64_t> largest(n, 0);
    for (const TransportFlow& f : lp.flows) {
        const std::uint32_t u = unitOf[f.point];
        if (f.amount > largest[u]) {
            largest[u] = f.amount;
            of[u] = f.facility;
        }
    }
    for (std::size_t u = 0; u < n; ++u) {
        if (of[u] == kNoZoneSchool)
            of[u] = z.nearest(u);
        if (z.anchorOf(u) != kNoZoneSchool)
            of[u] = z.anchorOf(u);
    }
    std::vector<std::vector<std::uint32_t>> starts{of};
    if (!problem.current.empty()) {
        std::vector<std::uint32_t> now = problem.current;
        for (std::size_t u = 0; u < n; ++u) {
            if (now[u] == kNoZoneSchool)
                now[u] = z.nearest(u);
            if (z.anchorOf(u) != kNoZoneSchool)
                now[u] = z.anchorOf(u);
        }
        // With a stability limit only today's zones are a safe start.
        if (config.maxChildrenMoved)
            starts.clear();
        starts.push_back(now);
    }
    double bestCost = std::numeric_limits<double>::infinity();
    for (std::vector<std::uint32_t>& start : starts) {
        z.repairContiguity(start, progress);
        result.moves += improve(problem, config, z, start, progress);
        const double c = z.cost(start);
        if (c < bestCost) {
            bestCost = c;
            of = start;
        }
    }

    // Report.
    result.schoolOf = of;
    // The objective in whole centimetres, as the transport bound counts.
    std::vector<double> childMeters(m, 0.0);
    std::int64_t objectiveCm = 0;
    for (std::size_t u = 0; u < n; ++u) {
        const std::uint32_t s = of[u];
        const double d = static_cast<double>(transportCostCentimeters(z.distance(u, s))) / 100.0;
        ZoneSummary& zone = result.zones[s];
        zone.children += problem.units[u].children;
        ++zone.units;
        if (problem.units[u].children > 0) {
            childMeters[s] += static_cast<double>(problem.units[u].children) * d;
            zone.maxDistanceMeters = std::max(zone.maxDistanceMeters, d);
        }
        objectiveCm += problem.units[u].children * transportCostCentimeters(z.distance(u, s));
        result.compactnessMeters += config.compactnessWeight * d;
        if (z.detached(u))
            result.detachedUnits.push_back(static_cast<std::uint32_t>(u));
    }
    for (std::size_t s = 0; s < m; ++s) {
        ZoneSummary& zone = result.zones[s];
        zone.seats = problem.schools[s].seats;
        zone.overflow = std::max<std::int64_t>(0, zone.children - zone.seats);
        zone.meanDistanceMeters =
            zone.children > 0 ? childMeters[s] / static_cast<double>(zone.children) : 0.0;
        result.overflow += zone.overflow;
        objectiveCm += transportCostCentimeters(config.overflowPenaltyMeters) * zone.overflow;
    }
    // Contiguity check of the answer (detached units left out).
    for (std::size_t s = 0; s < m; ++s) {
        std::vector<std::uint32_t> members;
        for (std::uint32_t u = 0; u < n; ++u)
            if (of[u] == s && !z.detached(u))
                members.push_back(u);
        if (members.empty())
            continue;
        std::vector<std::uint8_t> seen(n, 0);
        std::deque<std::uint32_t> queue{members[0]};
        seen[members[0]] = 1;
        std::size_t reached = 1;
        while (!queue.empty()) {
            const std::uint32_t u = queue.front();
            queue.pop_front();
            for (const std::uint32_t v : z.adjacent(u))
                if (seen[v] == 0 && of[v] == s && !z.detached(v)) {
                    seen[v] = 1;
                    ++reached;
                    queue.push_back(v);
                }
        }
        result.zones[s].contiguous = reached == members.size();
    }
    result.objective = static_cast<double>(objectiveCm) / 100.0;
    result.gap =
        objectiveCm > 0 ? std::max(0.0, (result.objective - result.bound) / result.objective) : 0.0;
    result.childrenMoved = z.moved(of);
    return result;
}

} // namespace xw::core
