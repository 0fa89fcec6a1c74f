// Road networks and road distances (gis/road_network.hpp). Expected distances are worked by hand
// in the comments; the random-network case is checked against an independent brute force
// (snapping over every segment, Dijkstra over every vertex of the unsimplified graph).
#include "test_support.hpp"

#include <xw/core/common/progress.hpp>
#include <xw/gis/road_network.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <queue>
#include <random>

namespace xw::gis {
namespace {

using core::PointM;
using test::fixture;
using test::ScratchDir;
using test::writeFile;

double straight(PointM a, PointM b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

RoadDistanceOptions anyComponent() {
    RoadDistanceOptions o;
    o.minSnapComponentMeters = 0.0;
    return o;
}

// A 200 × 100 m ring: rows y = 0 and y = 100 from x = 0 to 200 (vertex at x = 100) and the two
// sides x = 0 and x = 200; optionally the middle rung x = 100. Without the rung every vertex has
// degree 2 (a loop without junction).
std::vector<std::vector<PointM>> ring(bool middleRung) {
    std::vector<std::vector<PointM>> lines{{{0, 0}, {100, 0}, {200, 0}},
                                           {{0, 100}, {100, 100}, {200, 100}},
                                           {{0, 0}, {0, 100}},
                                           {{200, 0}, {200, 100}}};
    if (middleRung)
        lines.push_back({{100, 0}, {100, 100}});
    return lines;
}

// School at (100, −10) snaps to (100, 0), leg 10; point at (100, 110) snaps to (100, 100), leg 10.
//   With the rung: 10 + 100 + 10 = 120 m.
//   Without it the road goes round a side: 10 + 100 (to a corner) + 100 (side) + 100 + 10 = 320 m.
TEST(RoadDistances, AMissingEdgeForcesADetour) {
    for (const bool rung : {true, false}) {
        const RoadNetwork net = buildRoadNetwork(ring(rung));
        EXPECT_EQ(net.vertices.size(), 6U);
        EXPECT_EQ(net.segments.size(), rung ? 7U : 6U);
        const RoadDistances rd(net, {{100, -10}}, {{100, 110}}, anyComponent());
        EXPECT_NEAR(rd.distance(0, 0), rung ? 120.0 : 320.0, 1e-9) << "rung " << rung;
        EXPECT_NEAR(rd.pointSnap(0).legMeters, 10.0, 1e-12);
        EXPECT_NEAR(rd.facilitySnap(0).at.y, 0.0, 1e-12);
        // The loop has no vertex of degree ≠ 2: one junction is made for it.
        EXPECT_EQ(rd.junctions(), rung ? 2U : 1U);
    }
}

// One polyline (0, 0) → (1000, 0) → (1000, 1000), a single chain.
//   Same segment: school (200, 30) → (200, 0) leg 30; point (700, −40) → (700, 0) leg 40;
//   road = 40 + 500 + 30 = 570 m.
//   Along the chain over the corner: point (990, 500) → (1000, 500) leg 10; school (900, 10) →
//   (900, 0) leg 10; road = 10 + 500 + 100 + 10 = 620 m (straight √(90² + 490²) = 498.2 m).
TEST(RoadDistances, SnapsMidSegmentAndMeasuresAlongTheSharedChain) {
    const RoadNetwork net = buildRoadNetwork({{{0, 0}, {1000, 0}, {1000, 1000}}});
    const RoadDistances rd(net, {{200, 30}, {900, 10}}, {{700, -40}, {990, 500}}, anyComponent());
    EXPECT_NEAR(rd.distance(0, 0), 570.0, 1e-9);
    EXPECT_NEAR(rd.distance(1, 1), 620.0, 1e-9);
    EXPECT_NEAR(rd.pointSnap(1).at.x, 1000.0, 1e-12);
    EXPECT_NEAR(rd.pointSnap(1).at.y, 500.0, 1e-12);
    EXPECT_EQ(rd.pointSnap(1).segment, 1U);
    // Point 0 to school 1: 40 + 200 + 10 = 250 m.
    EXPECT_NEAR(rd.distance(0, 1), 250.0, 1e-9);
}

// A cancel flag set before the searches stops the construction with core::Cancelled, whatever
// the threads (a worker's throw reaches the caller); unset, the same table is built.
TEST(RoadDistances, ACancelledBuildThrowsCancelledOnEveryThreadCount) {
    const RoadNetwork net = buildRoadNetwork({{{0, 0}, {1000, 0}, {1000, 1000}}});
    std::atomic<bool> cancel{true};
    for (const int threads : {1, 2, 4}) {
        RoadDistanceOptions o = anyComponent();
        o.threads = threads;
        o.cancel = &cancel;
        EXPECT_THROW(RoadDistances(net, {{200, 30}, {900, 10}}, {{700, -40}}, o),
                     xw::core::Cancelled)
            << threads;
    }
    cancel = false;
    RoadDistanceOptions o = anyComponent();
    o.cancel = &cancel;
    const RoadDistances rd(net, {{200, 30}, {900, 10}}, {{700, -40}}, o);
    EXPECT_NEAR(rd.distance(0, 0), 570.0, 1e-9);
}

// Two parallel roads 500 m apart that never meet: school (0, −10) on the lower, point (0, 510) on
// the upper → no route. When the upper road is only 100 m long, the default snapping (parts of at
// least 5 km) puts the point (50, 510) on the lower road instead: leg 510, then 50 along it, then
// the school's leg 10 → 570 m.
TEST(RoadDistances, DisconnectedPartsHaveNoRouteUnlessTooShortToSnapTo) {
    {
        const RoadNetwork net = buildRoadNetwork({{{0, 0}, {10000, 0}}, {{0, 500}, {10000, 500}}});
        const RoadDistances rd(net, {{0, -10}}, {{0, 510}});
        EXPECT_EQ(rd.components(), 2U);
        EXPECT_EQ(rd.snapComponents(), 2U);
        EXPECT_EQ(rd.distance(0, 0), RoadDistances::kNoRoute);
    }
    {
        const RoadNetwork net = buildRoadNetwork({{{0, 0}, {10000, 0}}, {{0, 500}, {100, 500}}});
        const RoadDistances rd(net, {{0, -10}}, {{50, 510}});
        EXPECT_EQ(rd.snapComponents(), 1U);
        EXPECT_NEAR(rd.distance(0, 0), 570.0, 1e-9);
        // Snapping to any part leaves the point on the short road: no route.
        const RoadDistances any(net, {{0, -10}}, {{50, 510}}, anyComponent());
        EXPECT_EQ(any.distance(0, 0), RoadDistances::kNoRoute);
    }
}

// Case 15 of the bad-input corpus in small: a mainland road of 30 km along y = 0 and an island
// 14 km offshore with its own school and 3.2 km of road (a cross of two 1.6 km roads through
// (6000, −14000)). The island's part is shorter than the 5 km snapping minimum, but it holds a
// school, so island locations snap to it: the island child (6000, −13900) reaches the island
// school (6100, −14050) by 100 + 100 + 50 = 250 m of road and has no route to the mainland school;
// the mainland child (10000, 100) has none to the island. Without the island school the island
// child would snap onto the mainland road 13.9 km away.
TEST(RoadDistances, AnIslandWithASchoolKeepsItsChildren) {
    const RoadNetwork net = buildRoadNetwork({{{-5000, 0}, {5000, 0}, {25000, 0}},
                                              {{5200, -14000}, {6000, -14000}, {6800, -14000}},
                                              {{6000, -14800}, {6000, -14000}, {6000, -13200}}});
    const std::vector<PointM> schools{{10000, -50}, {6100, -14050}};
    const std::vector<PointM> points{{6000, -13900}, {10000, 100}};
    const RoadDistances rd(net, schools, points);
    EXPECT_EQ(rd.components(), 2U);
    EXPECT_EQ(rd.snapComponents(), 2U);
    EXPECT_NEAR(rd.pointSnap(0).legMeters, 0.0, 1e-9);
    EXPECT_NEAR(rd.distance(0, 1), 250.0, 1e-3);
    EXPECT_EQ(rd.distance(0, 0), RoadDistances::kNoRoute);
    EXPECT_EQ(rd.distance(1, 1), RoadDistances::kNoRoute);
    EXPECT_NEAR(rd.distance(1, 0), 150.0, 1e-3);
    EXPECT_NEAR(rd.facilityComponentMeters(1), 3200.0, 1e-6);
    // A school beyond its reach does not make the island a snapping target.
    RoadDistanceOptions far;
    far.facilityReachMeters = {1000.0, 10.0}; // the island school stands 50 m off its road
    const RoadDistances without(net, schools, points, far);
    EXPECT_EQ(without.snapComponents(), 1U);
    EXPECT_NEAR(without.pointSnap(0).legMeters, 13900.0, 1e-6);
}

// A road crossing another without a shared vertex is a bridge: no junction. School (−1, 0) snaps
// to (0, 0) on road A (0, 0)–(200, 0); point (100, 101) snaps to (100, 100), the end of road B
// (100, −100)–(100, 100). Without a vertex at (100, 0) on A: no route. With it: 1 + 100 + 100 + 1.
TEST(RoadDistances, CrossingLinesConnectOnlyAtASharedVertex) {
    const std::vector<PointM> bridge{{0, 0}, {200, 0}};
    const std::vector<PointM> junction{{0, 0}, {100, 0}, {200, 0}};
    const std::vector<PointM> b{{100, -100}, {100, 100}};
    const RoadNetwork over = buildRoadNetwork({bridge, b});
    EXPECT_EQ(RoadDistances(over, {{-1, 0}}, {{100, 101}}, anyComponent()).distance(0, 0),
              RoadDistances::kNoRoute);
    // B shares A's vertex only if B has a vertex there too.
    const RoadNetwork meet = buildRoadNetwork({junction, {{100, -100}, {100, 0}, {100, 100}}});
    EXPECT_NEAR(RoadDistances(meet, {{-1, 0}}, {{100, 101}}, anyComponent()).distance(0, 0), 202.0,
                1e-9);
}

// Coordinates within 0.5 m are one vertex: a road ending at (100, 0) and one starting at
// (100.3, 0) connect (3 vertices); at (100.8, 0) they do not (4 vertices).
TEST(RoadNetwork, MergesCoordinatesWithinTheSnapTolerance) {
    const RoadNetwork close = buildRoadNetwork({{{0, 0}, {100, 0}}, {{100.3, 0}, {200, 0}}});
    EXPECT_EQ(close.vertices.size(), 3U);
    EXPECT_NEAR(close.segments[1].lengthMeters, 100.0, 1e-12); // from the kept vertex (100, 0)
    const RoadNetwork apart = buildRoadNetwork({{{0, 0}, {100, 0}}, {{100.8, 0}, {200, 0}}});
    EXPECT_EQ(apart.vertices.size(), 4U);
    const RoadNetwork strict = buildRoadNetwork({{{0, 0}, {100, 0}}, {{100.3, 0}, {200, 0}}}, 0.0);
    EXPECT_EQ(strict.vertices.size(), 4U);
}

/// Independent reference: snap by scanning every segment (nearest, ties to the lowest index),
/// then Dijkstra over every vertex of the unsimplified graph.
class BruteForce {
public:
    explicit BruteForce(const RoadNetwork& net) : m_net(net), m_adj(net.vertices.size()) {
        for (const auto& s : net.segments) {
            m_adj[s.a].push_back({s.b, s.lengthMeters});
            m_adj[s.b].push_back({s.a, s.lengthMeters});
        }
    }

    /// Distances from a school to every vertex, its leg and partial segment included.
    struct FromSchool {
        std::vector<double> d;
        std::size_t segment = 0;
        PointM at;
        double leg = 0.0;
    };
    [[nodiscard]] FromSchool fromSchool(PointM f) const {
        FromSchool out;
        const Snap sf = snap(f);
        out.segment = sf.segment;
        out.at = sf.at;
        out.leg = sf.leg;
        out.d.assign(m_net.vertices.size(), std::numeric_limits<double>::infinity());
        using Item = std::pair<double, std::uint32_t>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
        const auto relax = [&](std::uint32_t v, double value) {
            if (value < out.d[v]) {
                out.d[v] = value;
                heap.push({value, v});
            }
        };
        const auto& seg = m_net.segments[sf.segment];
        relax(seg.a, sf.leg + straight(sf.at, m_net.vertices[seg.a]));
        relax(seg.b, sf.leg + straight(sf.at, m_net.vertices[seg.b]));
        while (!heap.empty()) {
            const auto [du, u] = heap.top();
            heap.pop();
            if (du > out.d[u])
                continue;
            for (const auto& [v, len] : m_adj[u])
                relax(v, du + len);
        }
        return out;
    }

    [[nodiscard]] double distance(const FromSchool& f, PointM p) const {
        const Snap sp = snap(p);
        const auto& ps = m_net.segments[sp.segment];
        double best = sp.leg + std::min(f.d[ps.a] + straight(sp.at, m_net.vertices[ps.a]),
                                        f.d[ps.b] + straight(sp.at, m_net.vertices[ps.b]));
        if (sp.segment == f.segment)
            best = std::min(best, sp.leg + straight(sp.at, f.at) + f.leg);
        return best;
    }

private:
    struct Snap {
        std::size_t segment = 0;
        PointM at;
        double leg = std::numeric_limits<double>::infinity();
    };
    [[nodiscard]] Snap snap(PointM p) const {
        Snap best;
        for (std::size_t s = 0; s < m_net.segments.size(); ++s) {
            const PointM a = m_net.vertices[m_net.segments[s].a];
            const PointM b = m_net.vertices[m_net.segments[s].b];
            const double dx = b.x - a.x, dy = b.y - a.y;
            const double t =
                std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
            const PointM at{a.x + t * dx, a.y + t * dy};
            const double d = straight(p, at);
            if (d < best.leg)
                best = {s, at, d};
        }
        return best;
    }
    const RoadNetwork& m_net;
    std::vector<std::vector<std::pair<std::uint32_t, double>>> m_adj;
};

// A jittered 12 × 12 grid (spacing 100 m) with a shape point on every kept edge and a quarter of
// the edges dropped (detours, dead ends, maybe cut-off parts); 40 schools and 300 points spread
// over and around it. Every distance equals the brute force (float table: within 1 cm), is never
// below the straight line, and does not depend on the number of threads.
TEST(RoadDistances, MatchTheBruteForceAndNeverUndercutTheStraightLine) {
    std::mt19937 rng(20240611);
    std::uniform_real_distribution<double> jitter(-20.0, 20.0);
    std::uniform_real_distribution<double> anywhere(-150.0, 1250.0);
    std::bernoulli_distribution keep(0.75);
    std::vector<std::vector<PointM>> grid(12, std::vector<PointM>(12));
    for (int y = 0; y < 12; ++y)
        for (int x = 0; x < 12; ++x)
            grid[y][x] = {x * 100.0 + jitter(rng), y * 100.0 + jitter(rng)};
    std::vector<std::vector<PointM>> lines;
    const auto edge = [&](PointM a, PointM b) {
        if (keep(rng))
            lines.push_back({a, {(a.x + b.x) / 2 + jitter(rng), (a.y + b.y) / 2 + jitter(rng)}, b});
    };
    for (int y = 0; y < 12; ++y)
        for (int x = 0; x < 12; ++x) {
            if (x + 1 < 12)
                edge(grid[y][x], grid[y][x + 1]);
            if (y + 1 < 12)
                edge(grid[y][x], grid[y + 1][x]);
        }
    const RoadNetwork net = buildRoadNetwork(lines);
    std::vector<PointM> schools(40), points(300);
    for (auto& p : schools)
        p = {anywhere(rng), anywhere(rng)};
    for (auto& p : points)
        p = {anywhere(rng), anywhere(rng)};
    RoadDistanceOptions one = anyComponent();
    one.threads = 1;
    RoadDistanceOptions four = anyComponent();
    four.threads = 4;
    const RoadDistances rd(net, schools, points, one);
    const RoadDistances rd4(net, schools, points, four);
    const BruteForce brute(net);
    std::vector<BruteForce::FromSchool> from;
    from.reserve(schools.size());
    for (const PointM& f : schools)
        from.push_back(brute.fromSchool(f));
    std::size_t noRoute = 0, detours = 0;
    for (std::size_t i = 0; i < points.size(); ++i)
        for (std::size_t j = 0; j < schools.size(); ++j) {
            const double d = rd.distance(i, j);
            ASSERT_EQ(d, rd4.distance(i, j)) << i << " " << j;
            {
                const double ref = brute.distance(from[j], points[i]);
                if (std::isinf(ref))
                    ASSERT_EQ(d, RoadDistances::kNoRoute) << i << " " << j;
                else
                    ASSERT_NEAR(d, std::max(ref, straight(points[i], schools[j])), 0.01)
                        << i << " " << j;
            }
            if (std::isinf(d)) {
                ++noRoute;
                continue;
            }
            ASSERT_GE(d, straight(points[i], schools[j])) << i << " " << j;
            if (d > 1.2 * straight(points[i], schools[j]))
                ++detours;
        }
    EXPECT_GT(detours, 1000U); // the case is not trivial
    EXPECT_LT(noRoute, points.size() * schools.size() / 2);
    EXPECT_EQ(rd.memoryBytes(), schools.size() * rd.relevantJunctions() * 4U);
}

TEST(RoadDistances, RejectsAnEmptyNetwork) {
    EXPECT_THROW(RoadDistances(RoadNetwork{}, {{0, 0}}, {{1, 1}}), std::invalid_argument);
}

// GeoJSON in EPSG:4490 (the mini dataset's points, see tests/data/gis/README.md) read into
// EPSG:4546: S001 (600000, 2420000) – S002 (610000, 2420000) as a LineString; a MultiLineString
// S002 – N3 (610000, 2422000) and N4 (600000, 2422000) – S001; a feature without geometry and a
// point, both skipped with a diagnostic.
//   Graph: 4 vertices, 3 segments, 10,000 + 2,000 + 2,000 = 14,000 m. From a school at S001 to a
//   point at N3: 10,000 + 2,000 = 12,000 m; to a point at N4: 2,000 m.
TEST(ReadRoadNetwork, ReadsLinesAndMultiLinesIntoTheWorkingCrs) {
    const ScratchDir dir;
    const auto file = dir.path() / "roads.geojson";
    writeFile(file, R"({"type": "FeatureCollection",
 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
 "features": [
 {"type": "Feature", "id": 1, "properties": {"name": "a"}, "geometry": {"type": "LineString",
  "coordinates": [[111.967513282801, 21.8725267194963], [112.064252462524, 21.8719302206191]]}},
 {"type": "Feature", "id": 2, "properties": {"name": "b"}, "geometry": {"type": "MultiLineString",
  "coordinates": [[[112.064252462524, 21.8719302206191], [112.064386426383, 21.8899892582469]],
                  [[111.967635074381, 21.8905862992767], [111.967513282801, 21.8725267194963]]]}},
 {"type": "Feature", "id": 3, "properties": {"name": "c"}, "geometry": null},
 {"type": "Feature", "id": 4, "properties": {"name": "d"}, "geometry": {"type": "Point",
  "coordinates": [112.0, 21.88]}}
]})");
    const RoadNetwork net = readRoadNetwork(file, "EPSG:4546");
    ASSERT_EQ(net.vertices.size(), 4U);
    EXPECT_EQ(net.segments.size(), 3U);
    EXPECT_EQ(net.linesUsed, 2U);
    EXPECT_EQ(net.featuresSkipped, 2U);
    EXPECT_NEAR(net.vertices[0].x, 600000.0, 0.001);
    EXPECT_NEAR(net.vertices[0].y, 2420000.0, 0.001);
    EXPECT_NEAR(net.vertices[1].x, 610000.0, 0.001);
    EXPECT_NEAR(net.totalLengthMeters(), 14000.0, 0.01);
    ASSERT_EQ(net.problems.size(), 2U);
    EXPECT_EQ(net.problems[0].featureId, "FID 3");
    EXPECT_NE(net.problems[0].message.find("missing geometry"), std::string::npos);
    EXPECT_EQ(net.problems[1].featureId, "FID 4");
    EXPECT_NE(net.problems[1].message.find("not a line: Point"), std::string::npos);
    EXPECT_EQ(net.problems[1].file, file.string());
    EXPECT_EQ(net.problems[1].layer, net.layer);
    const RoadDistances rd(net, {{600000, 2420000}}, {{610000, 2422000}, {600000, 2422000}});
    EXPECT_NEAR(rd.distance(0, 0), 12000.0, 0.01);
    EXPECT_NEAR(rd.distance(1, 0), 2000.0, 0.01);
}

// The OSM fixture (tests/data/gis/README.md): primary n1–n2, residential n2–n3 and footway n3–n4
// are kept; highway=proposed n4–n1 and the river n1–n3 are left out (counted, not reported).
//   From a school at n1 to a point at n4 the road goes round: 10,000 + 2,000 + 10,000 = 22,000 m
//   although n4 is 2,000 m from n1 in a straight line. Coordinates are good to about 1 cm (PBF
//   and the OSM driver store 1e-7°).
TEST(ReadRoadNetwork, ReadsOpenStreetMapXmlAndPbf) {
    for (const char* name : {"roads/mini_roads.osm", "roads/mini_roads.osm.pbf"}) {
        const RoadNetwork net = readRoadNetwork(fixture(name), "EPSG:4546");
        EXPECT_EQ(net.layer, "lines") << name;
        EXPECT_EQ(net.vertices.size(), 4U) << name;
        EXPECT_EQ(net.segments.size(), 3U) << name;
        EXPECT_EQ(net.featuresSkipped, 2U) << name;
        EXPECT_TRUE(net.problems.empty()) << name;
        EXPECT_NEAR(net.totalLengthMeters(), 22000.0, 0.05) << name;
        const RoadDistances rd(net, {{600000, 2420000}}, {{600000, 2422000}});
        EXPECT_NEAR(rd.distance(0, 0), 22000.0, 0.05) << name;
    }
}

TEST(ReadRoadNetwork, KeepsTheHighwayClassesPeopleTravelOn) {
    for (const char* kept : {"primary", "residential", "footway", "steps", "track", "service"})
        EXPECT_TRUE(isTravelledHighway(kept)) << kept;
    for (const char* left : {"proposed", "construction", "platform", "raceway", "", "Primary"})
        EXPECT_FALSE(isTravelledHighway(left)) << left;
}

TEST(ReadRoadNetwork, ReportsAMissingFileALayerAndAFileWithoutLines) {
    const ScratchDir dir;
    const auto missing = dir.path() / "nowhere.gpkg";
    try {
        (void)readRoadNetwork(missing, "EPSG:4546");
        ADD_FAILURE() << "no error for a missing file";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("file not found"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("nowhere.gpkg"), std::string::npos) << e.what();
    }
    const auto points = dir.path() / "points.geojson";
    writeFile(points, R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [112, 21.9]}}
]})");
    try {
        (void)readRoadNetwork(points, "EPSG:4546");
        ADD_FAILURE() << "no error for a file without lines";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("no usable road line"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("points.geojson"), std::string::npos) << e.what();
    }
    RoadNetworkOptions layer;
    layer.layer = "roads";
    try {
        (void)readRoadNetwork(points, "EPSG:4546", layer);
        ADD_FAILURE() << "no error for a missing layer";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("layer not found"), std::string::npos) << e.what();
        EXPECT_EQ(e.layer(), "roads");
    }
    writeFile(dir.path() / "broken.geojson", R"({"type": "FeatureCollection", "feat)");
    EXPECT_THROW((void)readRoadNetwork(dir.path() / "broken.geojson", "EPSG:4546"), GisError);
}

// tests/data/gis/roads/walk.osm (README there), metres from (600000, 2420000) in EPSG:4546: a
// motorway along y = 0 and a footway along y = 100 from x = 0 to 2000; a residential one-way
// street (2000, 100)–(2000, 600); a private service road, a path with foot=no and a trunk road
// without sidewalk forming the west and north sides; a trunk with sidewalk=both at x = 1000;
// steps (2000, 600)–(2000, 700) into a pedestrian square [2000, 2100] × [700, 800] (closed way,
// area=yes: GDAL's multipolygons layer); a footway (2100, 800)–(2100, 1000); a motorway link
// (2000, 0)–(2000, 100).
TEST(WalkingNetwork, KeepsWaysAChildMayWalkAndLogsThemByClass) {
    RoadNetworkOptions o;
    o.profile = core::TravelProfile::Walk;
    const RoadNetwork net = readRoadNetwork(fixture("roads/walk.osm"), "EPSG:4546", o);
    EXPECT_EQ(net.classes.at("footway").kept, 2U);
    EXPECT_EQ(net.classes.at("residential").kept, 1U); // one-way does not bind walkers
    EXPECT_EQ(net.classes.at("steps").kept, 1U);
    EXPECT_EQ(net.classes.at("trunk").kept, 1U); // the one with a sidewalk
    EXPECT_EQ(net.classes.at("trunk").dropped, 1U);
    EXPECT_EQ(net.classes.at("pedestrian (area)").kept, 1U);
    EXPECT_NEAR(net.classes.at("pedestrian (area)").keptMeters, 400.0, 0.5);
    EXPECT_EQ(net.classes.at("motorway").dropped, 1U);
    EXPECT_EQ(net.classes.at("motorway_link").dropped, 1U);
    EXPECT_EQ(net.classes.at("service").dropped, 1U);
    EXPECT_EQ(net.classes.at("path").dropped, 1U);
    EXPECT_EQ(net.droppedByReason.at("access=private"), 1U);
    EXPECT_EQ(net.droppedByReason.at("foot=no"), 1U);
    EXPECT_EQ(net.droppedByReason.at("trunk (no sidewalk)"), 1U);
    EXPECT_EQ(net.droppedByReason.at("motorway"), 1U);

    // A child 17 m from the motorway and 83 m from the footway snaps to the footway. Its walk to
    // a school at the end of the last footway: 83 + 1,500 (footway) + 500 (residential) + 100
    // (steps) + 200 (half the square's outline) + 200 (footway) = 2,583 m.
    const PointM origin{600000, 2420000};
    const auto at = [&](double x, double y) { return PointM{origin.x + x, origin.y + y}; };
    const RoadDistances walk(net, {at(2100, 1000)}, {at(500, 17)}, anyComponent());
    EXPECT_NEAR(walk.pointSnap(0).legMeters, 83.0, 0.5);
    EXPECT_NEAR(walk.distance(0, 0), 2583.0, 2.0);

    // By bus the motorway is used and the footways are not.
    o.profile = core::TravelProfile::Bus;
    const RoadNetwork bus = readRoadNetwork(fixture("roads/walk.osm"), "EPSG:4546", o);
    EXPECT_EQ(bus.classes.at("motorway").kept, 1U);
    EXPECT_EQ(bus.classes.at("footway").dropped, 2U);
    EXPECT_EQ(bus.classes.count("pedestrian (area)"), 0U);
    const RoadDistances drive(bus, {at(2100, 1000)}, {at(500, 17)}, anyComponent());
    EXPECT_NEAR(drive.pointSnap(0).legMeters, 17.0, 0.5);
}

TEST(WalkingNetwork, OtherTagsAreParsedWithEscapes) {
    const auto tags = parseOtherTags(R"("foot"=>"no","name"=>"a \"b\" c","x"=>"1")");
    EXPECT_EQ(tags.at("foot"), "no");
    EXPECT_EQ(tags.at("name"), "a \"b\" c");
    EXPECT_EQ(tags.at("x"), "1");
    EXPECT_TRUE(parseOtherTags("").empty());
    EXPECT_EQ(parseOtherTags(R"("a"=>"1","b"=>)").size(), 1U);
    WayTags w;
    w.highway = "residential";
    w.other = {{"access", "private"}, {"foot", "yes"}};
    EXPECT_FALSE(wayVerdict(core::TravelProfile::Walk, w)); // foot=yes overrides access
    w.other = {{"motorroad", "yes"}};
    EXPECT_EQ(wayVerdict(core::TravelProfile::Walk, w), "motorroad=yes");
    w.highway = "footway";
    w.other = {{"bicycle", "designated"}};
    EXPECT_FALSE(wayVerdict(core::TravelProfile::Cycle, w));
}

} // namespace
} // namespace xw::gis
