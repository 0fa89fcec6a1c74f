// The zoning problem as a unit graph: adjacency, anchors, detached units, costs and the
// contiguity repairs; see detail/siting/zoning.hpp.
#include "detail/siting/zoning.hpp"

#include <algorithm>
#include <limits>

namespace xw::core::detail::siting {

Zoner::Zoner(const ZoningProblem& p, const ZoningConfig& c) : m_p(p), m_c(c) {
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
    // A unit without any neighbour (a residential unit off the grid) has no zone to be
    // contiguous with, whether or not anchors exist, unless it is a school's own unit.
    for (std::size_t u = 0; u < n; ++u)
        if (m_adj[u].empty() && m_anchorOf[u] == kNoZoneSchool)
            m_free[u] = 1;
}

std::uint32_t Zoner::nearest(std::size_t u) const {
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

std::int64_t Zoner::moved(const std::vector<std::uint32_t>& of) const {
    std::int64_t total = 0;
    if (m_p.current.empty())
        return 0;
    for (std::size_t u = 0; u < of.size(); ++u)
        if (m_p.current[u] != kNoZoneSchool && m_p.current[u] != of[u])
            total += m_p.units[u].children;
    return total;
}

double Zoner::cost(const std::vector<std::uint32_t>& of) const {
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

Zoner::Pieces Zoner::zonePieces(const std::vector<std::uint32_t>& of) const {
    const std::size_t n = of.size();
    Pieces pieces;
    pieces.of.assign(n, kNoZoneSchool);
    for (std::uint32_t u = 0; u < n; ++u) {
        if (pieces.of[u] != kNoZoneSchool || detached(u))
            continue;
        const auto id = static_cast<std::uint32_t>(pieces.members.size());
        pieces.members.push_back({u});
        pieces.of[u] = id;
        std::vector<std::uint32_t>& members = pieces.members[id];
        for (std::size_t k = 0; k < members.size(); ++k)
            for (const std::uint32_t v : m_adj[members[k]])
                if (pieces.of[v] == kNoZoneSchool && !detached(v) && of[v] == of[u]) {
                    pieces.of[v] = id;
                    members.push_back(v);
                }
    }
    return pieces;
}

std::int64_t Zoner::mainClaim(const std::vector<std::uint32_t>& piece, std::uint32_t s) const {
    std::int64_t kids = 0;
    bool anchored = false;
    for (const std::uint32_t u : piece) {
        kids += m_p.units[u].children;
        anchored = anchored || m_anchorOf[u] == s;
    }
    return anchored ? std::numeric_limits<std::int64_t>::max() : kids;
}

std::vector<std::uint32_t> Zoner::mainPieces(const std::vector<std::uint32_t>& of,
                                             const Pieces& pieces) const {
    const std::size_t m = m_p.schools.size();
    std::vector<std::uint32_t> mainPiece(m, kNoZoneSchool);
    std::vector<std::int64_t> mainChildren(m, -1);
    for (std::uint32_t id = 0; id < pieces.members.size(); ++id) {
        const std::uint32_t s = of[pieces.members[id][0]];
        const std::int64_t claim = mainClaim(pieces.members[id], s);
        if (claim > mainChildren[s]) {
            mainChildren[s] = claim;
            mainPiece[s] = id;
        }
    }
    return mainPiece;
}

double Zoner::joinDelta(const std::vector<std::uint32_t>& piece, std::int64_t kids, std::uint32_t s,
                        std::uint32_t t, const std::vector<std::int64_t>& load) const {
    double delta = 0.0;
    for (const std::uint32_t w : piece)
        delta += weight(w) * (distance(w, t) - distance(w, s));
    const auto over = [&](std::size_t zone, std::int64_t l) {
        return static_cast<double>(std::max<std::int64_t>(0, l - m_p.schools[zone].seats));
    };
    delta += m_c.overflowPenaltyMeters * (over(t, load[t] + kids) - over(t, load[t]) +
                                          over(s, load[s] - kids) - over(s, load[s]));
    return delta;
}

Zoner::Join Zoner::cheapestJoin(const std::vector<std::uint32_t>& of, const Pieces& pieces,
                                const std::vector<std::uint32_t>& mainPiece) const {
    std::vector<std::int64_t> load(m_p.schools.size(), 0);
    for (std::size_t u = 0; u < of.size(); ++u)
        load[of[u]] += m_p.units[u].children;
    Join best;
    double bestDelta = std::numeric_limits<double>::infinity();
    for (std::uint32_t id = 0; id < pieces.members.size(); ++id) {
        const std::vector<std::uint32_t>& members = pieces.members[id];
        const std::uint32_t s = of[members[0]];
        if (mainPiece[s] == id)
            continue;
        best.anyCutOff = true;
        std::int64_t kids = 0;
        for (const std::uint32_t u : members)
            kids += m_p.units[u].children;
        for (const std::uint32_t u : members)
            for (const std::uint32_t v : m_adj[u]) {
                if (detached(v) || of[v] == s || pieces.of[v] != mainPiece[of[v]])
                    continue;
                const std::uint32_t t = of[v];
                const double delta = joinDelta(members, kids, s, t, load);
                if (delta < bestDelta) {
                    bestDelta = delta;
                    best.piece = id;
                    best.zone = t;
                }
            }
    }
    return best;
}

bool Zoner::joinEnclosedPiece(std::vector<std::uint32_t>& of, const Pieces& pieces,
                              const std::vector<std::uint32_t>& mainPiece) const {
    for (std::uint32_t id = 0; id < pieces.members.size(); ++id) {
        const std::vector<std::uint32_t>& members = pieces.members[id];
        const std::uint32_t s = of[members[0]];
        if (mainPiece[s] == id)
            continue;
        for (const std::uint32_t u : members)
            for (const std::uint32_t v : m_adj[u])
                if (!detached(v) && of[v] != s) {
                    const std::uint32_t t = of[v];
                    for (const std::uint32_t w : members)
                        of[w] = t;
                    return true;
                }
    }
    return false;
}

void Zoner::repairContiguity(std::vector<std::uint32_t>& of, const Progress& progress) const {
    for (int round = 0; round < 1000; ++round) {
        progress.throwIfCancelled();
        const Pieces pieces = zonePieces(of);
        const std::vector<std::uint32_t> mainPiece = mainPieces(of, pieces);
        // The cut-off piece whose best join costs least goes first.
        const Join join = cheapestJoin(of, pieces, mainPiece);
        if (!join.anyCutOff)
            return;
        if (join.piece != kNoZoneSchool) {
            for (const std::uint32_t u : pieces.members[join.piece])
                of[u] = join.zone;
            continue;
        }
        // Pieces touching no main piece (enclosed by other cut-off pieces): give one to the
        // zone of a neighbour and go round again.
        if (!joinEnclosedPiece(of, pieces, mainPiece))
            return; // nothing can be joined: leave it (reported as not contiguous)
    }
}

void Zoner::cutOff(const std::vector<std::uint32_t>& of, std::uint32_t u,
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
        const std::int64_t claim = mainClaim(pieces[k], s);
        if (claim > mainChildren) {
            mainChildren = claim;
            main = k;
        }
    }
    for (std::size_t k = 0; k < pieces.size(); ++k)
        if (k != main)
            out.insert(out.end(), pieces[k].begin(), pieces[k].end());
}

} // namespace xw::core::detail::siting
