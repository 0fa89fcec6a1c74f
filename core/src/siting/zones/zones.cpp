// Attendance zones (zones.hpp): validation, the transport bound and start, the search from it
// (and from today's zones), and the report. The unit graph and its repairs are zoner.cpp, the
// local search zone_search.cpp.
#include <xw/core/siting/zones.hpp>

#include "detail/siting/zoning.hpp"

#include <xw/core/allocation/transport.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <stdexcept>
#include <string>

namespace xw::core {

namespace {

using detail::siting::improveZones;
using detail::siting::kZoningStep;
using detail::siting::Zoner;

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
    progress.report(kZoningStep, 0, 0);
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
        result.moves += improveZones(problem, config, z, start, progress);
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
