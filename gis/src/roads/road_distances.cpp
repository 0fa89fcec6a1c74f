// Shortest road distances between demand points and schools: the network reduced to chains
// between junctions, every location snapped onto a segment, one Dijkstra search per school over
// the junctions; and the warnings about snapping. See road_network.hpp and docs/allocation.md
// ("Road distances").
#include <xw/core/common/progress.hpp>
#include <xw/core/detail/parallel.hpp>
#include <xw/gis/road_network.hpp>

#include "roads/road_common.hpp"
#include "roads/segment_index.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <utility>

namespace xw::gis {

using core::PointM;
using detail::dist;
using detail::kNone;
using detail::SegmentIndex;

namespace {

/// A compressed sparse row: the items of row r are items[start[r] .. start[r + 1]).
template <typename T> struct Csr {
    std::vector<std::uint32_t> start;
    std::vector<T> items;
};

/// Vertex → incident segments.
Csr<std::uint32_t> incidence(const RoadNetwork& net) {
    const std::size_t nv = net.vertices.size();
    const std::size_t ns = net.segments.size();
    Csr<std::uint32_t> out;
    std::vector<std::uint32_t>& incStart = out.start;
    incStart.assign(nv + 1, 0);
    for (const auto& s : net.segments) {
        ++incStart[s.a + 1];
        ++incStart[s.b + 1];
    }
    for (std::size_t v = 0; v < nv; ++v)
        incStart[v + 1] += incStart[v];
    std::vector<std::uint32_t>& inc = out.items;
    inc.resize(incStart.back());
    {
        std::vector<std::uint32_t> next(incStart.begin(), incStart.end() - 1);
        for (std::uint32_t s = 0; s < ns; ++s) {
            inc[next[net.segments[s].a]++] = s;
            inc[next[net.segments[s].b]++] = s;
        }
    }
    return out;
}

/// Junctions (degree ≠ 2) and chains: maximal runs of segments through degree-2 vertices. A
/// chain's positions are measured from its first junction.
struct Chains {
    std::uint32_t junctions = 0;
    std::vector<std::uint32_t> ofSegment; ///< segment → its chain
    std::vector<double> offset; ///< segment → metres to its end nearer the first junction
    std::vector<char> forward;  ///< segment → runs away from the first junction
    std::vector<std::uint32_t> start, end; ///< chain → its first and last junction
    std::vector<double> length;            ///< chain → metres
};

Chains chainsOf(const RoadNetwork& net, const Csr<std::uint32_t>& incidence) {
    const std::size_t nv = net.vertices.size();
    const std::size_t ns = net.segments.size();
    const std::vector<std::uint32_t>& incStart = incidence.start;
    const std::vector<std::uint32_t>& inc = incidence.items;
    Chains out;
    std::vector<std::uint32_t> junctionOf(nv, kNone);
    std::uint32_t& junctions = out.junctions;
    for (std::size_t v = 0; v < nv; ++v) {
        const std::uint32_t degree = incStart[v + 1] - incStart[v];
        if (degree > 0 && degree != 2)
            junctionOf[v] = junctions++;
    }
    std::vector<std::uint32_t>& segChain = out.ofSegment;
    std::vector<double>& segOffset = out.offset;
    std::vector<char>& segForward = out.forward;
    segChain.assign(ns, kNone);
    segOffset.assign(ns, 0.0);
    segForward.assign(ns, 1);
    const auto walk = [&](std::uint32_t v0, std::uint32_t s0) {
        const auto c = static_cast<std::uint32_t>(out.length.size());
        double along = 0.0;
        std::uint32_t v = v0, s = s0;
        for (;;) {
            const RoadNetwork::Segment& seg = net.segments[s];
            const bool forward = seg.a == v;
            const std::uint32_t w = forward ? seg.b : seg.a;
            segChain[s] = c;
            segOffset[s] = along;
            segForward[s] = forward ? 1 : 0;
            along += seg.lengthMeters;
            if (junctionOf[w] != kNone) {
                v = w;
                break;
            }
            s = inc[incStart[w]] == s ? inc[incStart[w] + 1] : inc[incStart[w]];
            v = w;
        }
        out.start.push_back(junctionOf[v0]);
        out.end.push_back(junctionOf[v]);
        out.length.push_back(along);
    };
    for (std::uint32_t v = 0; v < nv; ++v)
        if (junctionOf[v] != kNone)
            for (std::uint32_t k = incStart[v]; k < incStart[v + 1]; ++k)
                if (segChain[inc[k]] == kNone)
                    walk(v, inc[k]);
    for (std::uint32_t s = 0; s < ns; ++s)
        if (segChain[s] == kNone) { // a loop of degree-2 vertices: its first vertex is a junction
            junctionOf[net.segments[s].a] = junctions++;
            walk(net.segments[s].a, s);
        }
    return out;
}

/// The junction graph: junction → (neighbour, metres). Loops at one junction never shorten a
/// path and are left out.
Csr<std::pair<std::uint32_t, double>> junctionGraph(const Chains& ch) {
    const std::size_t chains = ch.length.size();
    const std::vector<std::uint32_t>& chainStart = ch.start;
    const std::vector<std::uint32_t>& chainEnd = ch.end;
    Csr<std::pair<std::uint32_t, double>> out;
    std::vector<std::uint32_t>& adjStart = out.start;
    adjStart.assign(ch.junctions + 1, 0);
    for (std::size_t c = 0; c < chains; ++c)
        if (chainStart[c] != chainEnd[c]) {
            ++adjStart[chainStart[c] + 1];
            ++adjStart[chainEnd[c] + 1];
        }
    for (std::size_t j = 0; j < ch.junctions; ++j)
        adjStart[j + 1] += adjStart[j];
    std::vector<std::pair<std::uint32_t, double>>& adj = out.items;
    adj.resize(adjStart.back());
    {
        std::vector<std::uint32_t> next(adjStart.begin(), adjStart.end() - 1);
        for (std::size_t c = 0; c < chains; ++c)
            if (chainStart[c] != chainEnd[c]) {
                adj[next[chainStart[c]]++] = {chainEnd[c], ch.length[c]};
                adj[next[chainEnd[c]]++] = {chainStart[c], ch.length[c]};
            }
    }
    return out;
}

/// Connected parts of the network (union-find over the chains): every junction's root, the
/// lowest junction of its part, and the total length of each root's part, metres.
struct Parts {
    std::vector<std::uint32_t> root;
    std::vector<double> length;
};

Parts partsOf(const Chains& ch) {
    const std::uint32_t junctions = ch.junctions;
    const std::size_t chains = ch.length.size();
    std::vector<std::uint32_t> parent(junctions);
    for (std::uint32_t j = 0; j < junctions; ++j)
        parent[j] = j;
    const auto find = [&](std::uint32_t j) {
        while (parent[j] != j) {
            parent[j] = parent[parent[j]];
            j = parent[j];
        }
        return j;
    };
    for (std::size_t c = 0; c < chains; ++c) {
        const std::uint32_t a = find(ch.start[c]), b = find(ch.end[c]);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
    Parts out;
    out.root.resize(junctions);
    for (std::uint32_t j = 0; j < junctions; ++j)
        out.root[j] = find(j);
    out.length.assign(junctions, 0.0);
    for (std::size_t c = 0; c < chains; ++c)
        out.length[out.root[ch.start[c]]] += ch.length[c];
    return out;
}

/// The connected parts locations may snap to, by root junction (1 = may): every part at least
/// `minLength` metres long, and every part a facility is nearest to within its reach (metres;
/// missing entries: no limit). The second rule keeps a short part used when a school snaps onto
/// it (an island with its own school and a few kilometres of road): its children then reach their
/// own school instead of being snapped onto a mainland road kilometres away.
std::vector<char> snapRoots(const RoadNetwork& net, const Chains& ch, const Parts& parts,
                            double minLength, const std::vector<PointM>& facilities,
                            const std::vector<double>& reachMeters) {
    std::vector<char> snapRoot(ch.junctions, 0);
    for (std::uint32_t j = 0; j < ch.junctions; ++j)
        if (parts.root[j] == j && parts.length[j] >= minLength)
            snapRoot[j] = 1;
    std::vector<std::uint32_t> all(net.segments.size());
    for (std::uint32_t s = 0; s < all.size(); ++s)
        all[s] = s;
    const SegmentIndex everything(net, std::move(all));
    for (std::size_t j = 0; j < facilities.size(); ++j) {
        const SegmentIndex::Hit h = everything.nearest(facilities[j]);
        const double reach =
            j < reachMeters.size() ? reachMeters[j] : std::numeric_limits<double>::infinity();
        if (h.segment != kNone && h.d <= reach)
            snapRoot[parts.root[ch.start[ch.ofSegment[h.segment]]]] = 1;
    }
    return snapRoot;
}

/// Where one facility's search starts: the junctions at both ends of its chain, each with the
/// metres to it (the off-road leg plus the partial chain).
struct SearchSeed {
    std::uint32_t start = kNone;
    double toStart = 0.0;
    std::uint32_t end = kNone;
    double toEnd = 0.0;
};

/// The table of facilities × `columns` (metres; infinity where unreached): one Dijkstra search
/// per facility over the junction graph from its seeds, until every junction with a column
/// (`columnOf`, kNone for none) is reached. Each search writes only its own row, so rows do not
/// depend on the threads.
std::vector<float> searchTable(const Csr<std::pair<std::uint32_t, double>>& graph,
                               const std::vector<std::uint32_t>& columnOf, std::size_t columns,
                               const std::vector<SearchSeed>& seeds, int threads,
                               const std::atomic<bool>* cancel) {
    const std::vector<std::uint32_t>& adjStart = graph.start;
    const std::vector<std::pair<std::uint32_t, double>>& adj = graph.items;
    std::vector<float> table(seeds.size() * columns, std::numeric_limits<float>::infinity());
    std::atomic<std::size_t> nextFacility{0};
    const auto worker = [&] {
        std::vector<double> d(columnOf.size(), std::numeric_limits<double>::infinity());
        std::vector<std::uint32_t> touched;
        using Item = std::pair<double, std::uint32_t>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
        for (;;) {
            const std::size_t j = nextFacility.fetch_add(1);
            if (j >= seeds.size())
                break;
            if (cancel != nullptr && cancel->load(std::memory_order_relaxed))
                throw core::Cancelled(); // rethrown on the calling thread once all have joined
            const auto seed = [&](std::uint32_t junction, double value) {
                if (value < d[junction]) {
                    if (std::isinf(d[junction]))
                        touched.push_back(junction);
                    d[junction] = value;
                    heap.push({value, junction});
                }
            };
            seed(seeds[j].start, seeds[j].toStart);
            seed(seeds[j].end, seeds[j].toEnd);
            float* row = table.data() + j * columns;
            std::size_t left = columns;
            while (!heap.empty() && left > 0) {
                const auto [du, u] = heap.top();
                heap.pop();
                if (du > d[u])
                    continue;
                if (columnOf[u] != kNone) {
                    row[columnOf[u]] = static_cast<float>(du);
                    --left;
                }
                for (std::uint32_t k = adjStart[u]; k < adjStart[u + 1]; ++k)
                    seed(adj[k].first, du + adj[k].second);
            }
            heap = {};
            for (const std::uint32_t u : touched)
                d[u] = std::numeric_limits<double>::infinity();
            touched.clear();
        }
    };
    // A worker's exception (e.g. std::bad_alloc) is rethrown here after every worker joined.
    core::detail::runWorkers(threads, [&](int) { worker(); });
    return table;
}

} // namespace

RoadDistances::RoadDistances(const RoadNetwork& net, std::vector<PointM> facilities,
                             std::vector<PointM> points, const RoadDistanceOptions& options)
    : m_facilities(std::move(facilities)), m_points(std::move(points)) {
    const auto t0 = std::chrono::steady_clock::now();
    if (net.segments.empty())
        throw std::invalid_argument("RoadDistances: the road network has no segment");
    for (const auto* list : {&m_facilities, &m_points})
        for (const PointM& p : *list)
            if (!std::isfinite(p.x) || !std::isfinite(p.y))
                throw std::invalid_argument("RoadDistances: a location is not finite");
    const std::size_t ns = net.segments.size();

    const Chains ch = chainsOf(net, incidence(net));
    const std::uint32_t junctions = ch.junctions;
    const std::vector<std::uint32_t>& segChain = ch.ofSegment;
    const std::vector<std::uint32_t>& chainStart = ch.start;
    const std::vector<std::uint32_t>& chainEnd = ch.end;
    m_junctionCount = junctions;
    m_chainLength = ch.length;

    // The parts locations may snap to.
    const Parts parts = partsOf(ch);
    double longest = 0.0;
    for (std::uint32_t j = 0; j < junctions; ++j)
        if (parts.root[j] == j) {
            ++m_componentCount;
            longest = std::max(longest, parts.length[j]);
        }
    m_minSnapMeters = std::min(std::max(0.0, options.minSnapComponentMeters), longest);
    const std::vector<char> snapRoot =
        snapRoots(net, ch, parts, m_minSnapMeters, m_facilities, options.facilityReachMeters);
    for (std::uint32_t j = 0; j < junctions; ++j)
        m_snapComponentCount += snapRoot[j];
    std::vector<std::uint32_t> snapSegments;
    for (std::uint32_t s = 0; s < ns; ++s)
        if (snapRoot[parts.root[chainStart[segChain[s]]]])
            snapSegments.push_back(s);
    const SegmentIndex index(net, std::move(snapSegments));

    const auto snap = [&](const PointM& p, RoadSnap& out, Position& pos) {
        const SegmentIndex::Hit h = index.nearest(p);
        const RoadNetwork::Segment& seg = net.segments[h.segment];
        out = {h.segment, h.at, h.d};
        pos.chain = segChain[h.segment];
        const double into = ch.forward[h.segment] ? h.t : 1.0 - h.t;
        pos.along =
            std::min(ch.offset[h.segment] + into * seg.lengthMeters, m_chainLength[pos.chain]);
    };
    m_facilitySnaps.resize(m_facilities.size());
    m_facilityPos.resize(m_facilities.size());
    m_facilityComponentMeters.resize(m_facilities.size());
    for (std::size_t j = 0; j < m_facilities.size(); ++j) {
        snap(m_facilities[j], m_facilitySnaps[j], m_facilityPos[j]);
        m_facilityComponentMeters[j] = parts.length[parts.root[chainStart[m_facilityPos[j].chain]]];
    }
    m_pointSnaps.resize(m_points.size());
    m_pointPos.resize(m_points.size());
    for (std::size_t i = 0; i < m_points.size(); ++i)
        snap(m_points[i], m_pointSnaps[i], m_pointPos[i]);

    // Table columns: the junctions at both ends of the points' chains, in point order.
    std::vector<std::uint32_t> slotOf(junctions, kNone);
    m_pointSlotStart.resize(m_points.size());
    m_pointSlotEnd.resize(m_points.size());
    const auto slot = [&](std::uint32_t junction) {
        if (slotOf[junction] == kNone)
            slotOf[junction] = static_cast<std::uint32_t>(m_relevant++);
        return slotOf[junction];
    };
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        m_pointSlotStart[i] = slot(chainStart[m_pointPos[i].chain]);
        m_pointSlotEnd[i] = slot(chainEnd[m_pointPos[i].chain]);
    }

    // One search per facility, seeded at both ends of its chain with the leg plus the partial
    // chain length.
    std::vector<SearchSeed> seeds(m_facilities.size());
    for (std::size_t j = 0; j < m_facilities.size(); ++j) {
        const Position& pos = m_facilityPos[j];
        const double leg = m_facilitySnaps[j].legMeters;
        seeds[j] = {chainStart[pos.chain], leg + pos.along, chainEnd[pos.chain],
                    leg + (m_chainLength[pos.chain] - pos.along)};
    }
    m_table = searchTable(junctionGraph(ch), slotOf, m_relevant, seeds,
                          core::detail::threadsFor(options.threads, m_facilities.size(), 8, 1),
                          options.cancel);
    m_buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double RoadDistances::distance(std::size_t i, std::size_t j) const {
    const Position& p = m_pointPos[i];
    const Position& f = m_facilityPos[j];
    const double pointLeg = m_pointSnaps[i].legMeters;
    const float* row = m_table.data() + j * m_relevant;
    // Via either end of the point's chain (the row includes the facility's leg and partial).
    double road = pointLeg + std::min(static_cast<double>(row[m_pointSlotStart[i]]) + p.along,
                                      static_cast<double>(row[m_pointSlotEnd[i]]) +
                                          (m_chainLength[p.chain] - p.along));
    if (p.chain == f.chain) // directly along the shared chain
        road =
            std::min(road, pointLeg + std::abs(p.along - f.along) + m_facilitySnaps[j].legMeters);
    if (std::isinf(road))
        return kNoRoute;
    return std::max(road, dist(m_points[i], m_facilities[j]));
}

std::vector<Diagnostic> roadSnapWarnings(const RoadDistances& roads,
                                         const core::AllocationProblem& problem,
                                         const core::CityData& city,
                                         const std::vector<std::string>& pointIds,
                                         const std::vector<std::size_t>& facilityOf) {
    std::vector<Diagnostic> out;
    const std::string stage(core::stageCode(problem.stage));
    const auto metres = [](double v) { return std::to_string(std::llround(v)); };
    for (const core::AllocationPoint& p : problem.points) {
        if (p.gridIndex >= roads.pointCount())
            continue;
        const double leg = roads.pointSnap(p.gridIndex).legMeters;
        if (leg <= p.radiusMeters)
            continue;
        const std::string id = p.gridIndex < pointIds.size() && !pointIds[p.gridIndex].empty()
                                   ? pointIds[p.gridIndex]
                                   : "point " + std::to_string(p.gridIndex);
        out.push_back({Severity::Warning, "", "roads", id, stage,
                       "需求点离路网 " + metres(leg) + " m, 超过服务半径 " +
                           metres(p.radiusMeters) + " m / the demand point is " + metres(leg) +
                           " m from the road network, beyond its " + metres(p.radiusMeters) +
                           " m radius"});
    }
    const bool children = std::any_of(problem.points.begin(), problem.points.end(),
                                      [](const core::AllocationPoint& p) { return p.demand > 0; });
    for (std::size_t j = 0; j < problem.facilities.size(); ++j) {
        const core::AllocationFacility& f = problem.facilities[j];
        if (!children) // nobody to reach the school: nothing to warn about
            break;
        const std::size_t k = j < facilityOf.size() ? facilityOf[j] : f.schoolIndex;
        if (k >= roads.facilityCount() || f.schoolIndex >= city.schools.size())
            continue;
        const std::string& id = city.schools[f.schoolIndex].id;
        const double leg = roads.facilitySnap(k).legMeters;
        if (leg > f.radiusMeters)
            out.push_back({Severity::Warning, "", "roads", id, stage,
                           "学校离路网 " + metres(leg) + " m, 超过服务半径 " +
                               metres(f.radiusMeters) + " m / the school is " + metres(leg) +
                               " m from the road network, beyond its " + metres(f.radiusMeters) +
                               " m radius"});
        const double part = roads.facilityComponentMeters(k);
        if (part < roads.minSnapComponentMeters())
            out.push_back({Severity::Warning, "", "roads", id, stage,
                           "学校位于仅 " + metres(part) +
                               " m 长的独立路网上, 只能到达同一路网上的儿童 / the school is on a "
                               "separate part of the network only " +
                               metres(part) +
                               " m long: only children snapped onto that part reach it"});
    }
    return out;
}

} // namespace xw::gis
