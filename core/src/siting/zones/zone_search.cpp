// The local search of the zone drawing: boundary units (with what they would cut off) move to an
// adjacent zone, or on along a chain to a third one, and detached units to any of their nearest
// schools, while the penalised cost falls, every zone stays contiguous and the stability limit
// holds; see detail/siting/zoning.hpp.
#include "detail/siting/zoning.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace xw::core::detail::siting {

std::int64_t improveZones(const ZoningProblem& p, const ZoningConfig& c, const Zoner& z,
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
    // Detached units belong to no contiguous zone, so any school may take them: each looks at
    // its kDetachedChoices nearest schools (all when there are fewer), found once.
    std::vector<std::vector<std::uint32_t>> choices(n);
    {
        std::vector<std::pair<double, std::uint32_t>> byDistance;
        for (std::uint32_t u = 0; u < n; ++u) {
            if (!z.detached(u))
                continue;
            byDistance.clear();
            for (std::uint32_t s = 0; s < m; ++s)
                byDistance.emplace_back(z.distance(u, s), s);
            const std::size_t k = std::min(byDistance.size(), kDetachedChoices);
            std::partial_sort(byDistance.begin(),
                              byDistance.begin() + static_cast<std::ptrdiff_t>(k),
                              byDistance.end());
            for (std::size_t t = 0; t < k; ++t)
                choices[u].push_back(byDistance[t].second);
        }
    }
    std::vector<std::vector<std::uint32_t>> members(m); // by school, refreshed every pass
    // Overflow penalty change when the loads of schools change by the given amounts (a school
    // may appear twice).
    const auto overflowChange =
        [&](std::initializer_list<std::pair<std::uint32_t, std::int64_t>> changes) {
            double delta = 0.0;
            std::uint32_t seen[3] = {kNoZoneSchool, kNoZoneSchool, kNoZoneSchool};
            std::size_t k = 0;
            for (const auto& [school, amount] : changes) {
                (void)amount;
                if (std::find(seen, seen + k, school) != seen + k)
                    continue;
                seen[k++] = school;
                std::int64_t total = 0;
                for (const auto& [other, more] : changes)
                    if (other == school)
                        total += more;
                delta += over(school, load[school] + total) - over(school, load[school]);
            }
            return c.overflowPenaltyMeters * delta;
        };
    // Moves detached unit u to the listed school that lowers the penalised cost most — alone, or
    // with a detached unit of that school moving on to one of its own listed schools (back to
    // u's school: a swap) when u alone would put the school over its seats — within the
    // stability limit; true when it moved.
    const auto moveDetached = [&](std::uint32_t u) {
        const std::uint32_t a = of[u];
        const std::int64_t kids = p.units[u].children;
        double bestDelta = -1e-9;
        std::uint32_t best = kNoZoneSchool;
        std::uint32_t chainV = kNoZoneSchool;
        std::uint32_t chainC = kNoZoneSchool;
        const auto allowed = [&](std::int64_t change) {
            return !c.maxChildrenMoved || change <= 0 || movedNow + change <= *c.maxChildrenMoved;
        };
        for (const std::uint32_t b : choices[u]) {
            if (b == a)
                continue;
            const double base = z.weight(u) * (z.distance(u, b) - z.distance(u, a));
            const double delta = base + overflowChange({{b, kids}, {a, -kids}});
            if (delta < bestDelta && allowed(movedChange(u, a, b))) {
                bestDelta = delta;
                best = b;
                chainV = kNoZoneSchool;
            }
            if (load[b] + kids <= p.schools[b].seats)
                continue;
            for (const std::uint32_t v : members[b]) {
                if (v == u || of[v] != b || !z.detached(v))
                    continue;
                const std::int64_t kv = p.units[v].children;
                for (const std::uint32_t cz : choices[v]) {
                    if (cz == b)
                        continue;
                    const double chain = base +
                                         z.weight(v) * (z.distance(v, cz) - z.distance(v, b)) +
                                         overflowChange({{b, kids - kv}, {a, -kids}, {cz, kv}});
                    if (!(chain < bestDelta) ||
                        !allowed(movedChange(u, a, b) + movedChange(v, b, cz)))
                        continue;
                    bestDelta = chain;
                    best = b;
                    chainV = v;
                    chainC = cz;
                }
            }
        }
        if (best == kNoZoneSchool)
            return false;
        if (chainV != kNoZoneSchool) {
            movedNow += movedChange(chainV, best, chainC);
            load[best] -= p.units[chainV].children;
            load[chainC] += p.units[chainV].children;
            of[chainV] = chainC;
        }
        movedNow += movedChange(u, a, best);
        load[a] -= kids;
        load[best] += kids;
        of[u] = best;
        return true;
    };
    for (int pass = 0; pass < passes; ++pass) {
        progress.throwIfCancelled();
        progress.report(kZoningStep, pass, passes);
        // Zone members at the start of the pass (chains check each against the current zones).
        for (auto& v : members)
            v.clear();
        for (std::uint32_t u = 0; u < n; ++u)
            members[of[u]].push_back(u);
        bool improved = false;
        for (std::uint32_t u = 0; u < n; ++u) {
            if (z.detached(u)) {
                if (moveDetached(u)) {
                    ++moves;
                    improved = true;
                }
                continue;
            }
            if (z.anchorOf(u) == of[u])
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

} // namespace xw::core::detail::siting
