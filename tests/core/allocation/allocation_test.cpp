// The three allocation modes and 2SFCA on hand-made cities; every expected figure is worked by
// hand in the comments. Default norms: primary standard class 45, service radius urban 500 m,
// rural 2,500 m; 大班额 ≥ 56, 超大班额 ≥ 66.
#include <xw/core/allocation/allocation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>

namespace xw::core {
namespace {

School primarySchool(const std::string& id, const std::string& town, PointM at, int classes) {
    School s;
    s.id = id;
    s.name = id;
    s.townCode = town;
    s.location = at;
    StageProvision p;
    p.stage = Stage::Primary;
    p.grades.push_back({1, classes, 0, 0});
    s.stages.push_back(p);
    return s;
}

/// T1 urban (radius 500 m), T2 rural (2,500 m), one district. School A at (0, 0) in T1 with
/// 2 classes (90 seats), school B at (1000, 0) in T1 with 1 class (45 seats).
CityData city() {
    CityData c;
    c.regions.cityCode = "C";
    c.regions.cityName = "City";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", true, 10.0}, {"T2", "Town 2", "D", false, 50.0}};
    c.schools.push_back(primarySchool("A", "T1", {0, 0}, 2));
    c.schools.push_back(primarySchool("B", "T1", {1000, 0}, 1));
    return c;
}

/// p0 (100, 0) T1 50 children; p1 (900, 0) T1 30; p2 (0, 800) T1 20; p3 (0, 2000) T2 10.
std::vector<DemandPoint> grid() {
    return {{{100, 0}, 0, 1}, {{900, 0}, 0, 1}, {{0, 800}, 0, 1}, {{0, 2000}, 1, 1}};
}
const std::vector<std::int64_t> kDemand{50, 30, 20, 10};

AllocationResult run(const CityData& c, AllocationMode mode,
                     const ZoneMembership* zones = nullptr) {
    AllocationConfig cfg;
    cfg.mode = mode;
    const AllocationProblem pb =
        buildAllocationProblem(c, Stage::Primary, grid(), kDemand, cfg, zones);
    return allocate(c, pb);
}

TEST(Allocation, ProblemTakesSeatsFromClassesAndRadiusFromTheTown) {
    const CityData c = city();
    const AllocationProblem pb =
        buildAllocationProblem(c, Stage::Primary, grid(), {50, 0, 20, 10}, {}, nullptr);
    ASSERT_EQ(pb.facilities.size(), 2U);
    EXPECT_EQ(pb.facilities[0].seats, 90); // 2 × 45
    EXPECT_EQ(pb.facilities[1].seats, 45);
    ASSERT_EQ(pb.points.size(), 3U); // the point with 0 children is left out
    EXPECT_EQ(pb.points[1].gridIndex, 2U);
    EXPECT_DOUBLE_EQ(pb.points[0].radiusMeters, 500.0);  // T1 urban
    EXPECT_DOUBLE_EQ(pb.points[2].radiusMeters, 2500.0); // T2 rural
}

// Nearest within the radius:
//   p0 → A at 100 m (≤ 500); p1 → B at 100 m; p2: nearest A at 800 m > 500 → unplaced, beyond;
//   p3 (rural, 2,500 m) → A at 2,000 m.
//   A: 50 + 10 = 60 of 90 seats; B: 30 of 45. T1: demand 100, assigned 80, unplaced 20, beyond 20.
//   T1 schools: seats 135, at schools 90, surplus (90 − 60) + (45 − 30) = 45, shortfall 0 + 20.
//   Classes needed at A: ceil(60 / 45) = 2; mean class size 60 / 2 = 30.
TEST(Allocation, NearestWithinRadiusCountsChildrenBeyondIt) {
    const CityData c = city();
    const AllocationResult r = run(c, AllocationMode::Nearest);
    EXPECT_EQ(r.schools[0].assigned, 60);
    EXPECT_EQ(r.schools[1].assigned, 30);
    EXPECT_NEAR(r.schools[0].utilisation.value(), 60.0 / 90.0, 1e-12);
    EXPECT_DOUBLE_EQ(r.schools[0].meanClassSize.value(), 30.0);
    EXPECT_EQ(r.schools[0].classesNeeded, 2);
    const AreaAllocation& t1 = r.towns[0];
    EXPECT_EQ(t1.demand, 100);
    EXPECT_EQ(t1.assigned, 80);
    EXPECT_EQ(t1.unplaced, 20);
    EXPECT_EQ(t1.beyondRadius, 20);
    EXPECT_EQ(t1.seats, 135);
    EXPECT_EQ(t1.atSchools, 90);
    EXPECT_EQ(t1.surplus, 45);
    EXPECT_EQ(t1.childrenWithoutSeat, 20);
    const AreaAllocation& t2 = r.towns[1];
    EXPECT_EQ(t2.demand, 10);
    EXPECT_EQ(t2.assigned, 10);
    EXPECT_EQ(t2.beyondRadius, 0);
    EXPECT_EQ(r.city.demand, 110);
    EXPECT_EQ(r.city.assigned + r.city.unplaced, r.city.demand);
    EXPECT_EQ(r.districts[0].unplaced, 20);
    // Σ amount × distance: 50·100 + 30·100 + 10·2000 = 28,000 m.
    EXPECT_DOUBLE_EQ(r.totalDistanceMeters, 28000.0);
    // The unplaced piece carries the distance to the nearest school (800 m).
    bool found = false;
    for (const auto& p : r.pieces)
        if (p.facility == kUnplaced) {
            EXPECT_EQ(p.point, 2U);
            EXPECT_DOUBLE_EQ(p.distanceMeters, 800.0);
            found = true;
        }
    EXPECT_TRUE(found);
}

// Zones from a school → town table: A serves T2, B serves T1 (capacity is not a zone's concern).
//   p0, p1, p2 (T1) → B at 900, 100 and √(1000² + 800²) = 1,280.6 m; p3 (T2) → A at 2,000 m.
//   B: 100 children in 1 class of 45 seats → over capacity 55, utilisation 100/45, classes needed
//   ceil(100 / 45) = 3, mean class 100 → 1 class ≥ 56 and ≥ 66. A: 10 of 90 → surplus 80.
//   T1: beyond radius 50 (900 > 500) + 20 (1,280.6 > 500) = 70; shortfall 55 + 0 unplaced.
TEST(Allocation, ZonesSendEveryPointToItsZoneSchool) {
    const CityData c = city();
    const ZoneMembership zones = zonesFromTownTable(c, grid(), {{"A", "T2"}, {"B", "T1"}});
    const AllocationResult r = run(c, AllocationMode::Zones, &zones);
    EXPECT_EQ(r.schools[0].assigned, 10);
    EXPECT_EQ(r.schools[1].assigned, 100);
    EXPECT_NEAR(r.schools[1].utilisation.value(), 100.0 / 45.0, 1e-12);
    EXPECT_EQ(r.schools[1].classesNeeded, 3);
    EXPECT_EQ(r.schools[1].largeClassesByAssignment, 1);
    EXPECT_EQ(r.schools[1].hugeClassesByAssignment, 1);
    EXPECT_EQ(r.schools[1].beyondRadius, 70);
    const AreaAllocation& t1 = r.towns[0];
    EXPECT_EQ(t1.assigned, 100);
    EXPECT_EQ(t1.unplaced, 0);
    EXPECT_EQ(t1.beyondRadius, 70);
    EXPECT_EQ(t1.overCapacity, 55);
    EXPECT_EQ(t1.surplus, 80);
    EXPECT_EQ(t1.childrenWithoutSeat, 55);
    EXPECT_NEAR(r.totalDistanceMeters,
                50 * 900.0 + 30 * 100.0 + 20 * std::hypot(1000.0, 800.0) + 10 * 2000.0, 1e-6);
}

TEST(Allocation, PointsOutsideEveryZoneAreUnplaced) {
    // Only T1 is zoned (to B): p3 in T2 has no zone → its 10 children are unplaced.
    const CityData c = city();
    const ZoneMembership zones = zonesFromTownTable(c, grid(), {{"B", "T1"}});
    const AllocationResult r = run(c, AllocationMode::Zones, &zones);
    EXPECT_EQ(r.towns[1].unplaced, 10);
    EXPECT_EQ(r.city.assigned, 100);
}

// Capacitated optimum with binding seats: A (0, 0) and B (1000, 0), 1 class each (45 seats);
// p0 (100, 0) 60 children, p1 (900, 0) 40 children; penalty 10⁶ m per unplaced child.
//   90 seats for 100 children → 10 unplaced whatever we do; the cheapest placement of 90:
//   p0 → A 45 × 100 m, p1 → B 40 × 100 m, p0 → B 5 × 900 m (the last 5 seats of B), 10 unplaced.
//   Objective 4,500 + 4,000 + 4,500 + 10 × 10⁶ = 10,013,000 m; travel alone 13,000 m.
TEST(Allocation, OptimalMatchesTheHandWorkedOptimumAndTheSolverCertificate) {
    CityData c = city();
    c.schools[0] = primarySchool("A", "T1", {0, 0}, 1);
    const std::vector<DemandPoint> g{{{100, 0}, 0, 1}, {{900, 0}, 0, 1}};
    AllocationConfig cfg;
    cfg.mode = AllocationMode::Optimal;
    const AllocationProblem pb = buildAllocationProblem(c, Stage::Primary, g, {60, 40}, cfg);
    const AllocationResult r = allocate(c, pb);
    ASSERT_TRUE(r.transport.has_value());
    EXPECT_DOUBLE_EQ(r.transport->objectiveMeters, 10013000.0);
    EXPECT_DOUBLE_EQ(r.totalDistanceMeters, 13000.0);
    const TransportCertificate cert =
        checkTransportCertificate(transportProblemOf(pb), *r.transport, true);
    EXPECT_TRUE(cert.valid) << cert.message;
    // The same problem solved directly gives the same objective.
    const TransportSolution direct = solveTransport(transportProblemOf(pb));
    EXPECT_EQ(direct.objectiveCentimeters, r.transport->objectiveCentimeters);
    EXPECT_EQ(r.schools[0].assigned, 45);
    EXPECT_EQ(r.schools[1].assigned, 45);
    EXPECT_EQ(r.towns[0].unplaced, 10);
    EXPECT_EQ(r.towns[0].childrenWithoutSeat, 10);
    EXPECT_EQ(r.towns[0].overCapacity, 0);
    EXPECT_EQ(r.towns[0].beyondRadius, 5); // the 5 children travelling 900 m > 500 m
    // Warm start from the previous solution gives the same optimum.
    const AllocationResult again = allocate(c, pb, &r);
    ASSERT_TRUE(again.transport.has_value());
    EXPECT_TRUE(again.transport->warmStarted);
    EXPECT_EQ(again.transport->objectiveCentimeters, r.transport->objectiveCentimeters);
}

// 2SFCA on 2 schools and 3 points, all in urban T1 (radius 500 m for points and schools):
//   A (0, 0) 90 seats, B (1000, 0) 45 seats; q0 (300, 0) 30 children, q1 (600, 0) 60,
//   q2 (500, 0) 10 (exactly 500 m from both: "within" is inclusive).
//   Step 1: D_A = 30 + 10 = 40 → R_A = 90/40 = 2.25; D_B = 60 + 10 = 70 → R_B = 45/70.
//   Step 2: A_0 = 2.25; A_1 = 45/70 = 0.642857…; A_2 = 2.25 + 45/70 = 2.892857….
//   Town mean weighted by children: (30·2.25 + 60·45/70 + 10·(2.25 + 45/70)) / 100
//     = (67.5 + 38.571… + 28.928…) / 100 = 135/100 = 1.35 seats per child.
TEST(Allocation, TwoStepFloatingCatchmentMatchesTheHandWorkedExample) {
    const CityData c = city();
    const std::vector<DemandPoint> g{{{300, 0}, 0, 1}, {{600, 0}, 0, 1}, {{500, 0}, 0, 1}};
    AllocationConfig cfg;
    cfg.mode = AllocationMode::Nearest;
    const AllocationProblem pb = buildAllocationProblem(c, Stage::Primary, g, {30, 60, 10}, cfg);
    const AllocationResult r = allocate(c, pb);
    ASSERT_EQ(r.accessibility.size(), 3U);
    EXPECT_NEAR(r.accessibility[0], 2.25, 1e-12);
    EXPECT_NEAR(r.accessibility[1], 45.0 / 70.0, 1e-12);
    EXPECT_NEAR(r.accessibility[2], 2.25 + 45.0 / 70.0, 1e-12);
    EXPECT_NEAR(r.schools[0].catchmentDemand, 40.0, 1e-12);
    EXPECT_NEAR(r.schools[1].seatsPerChild, 45.0 / 70.0, 1e-12);
    EXPECT_NEAR(r.towns[0].meanAccessibility, 1.35, 1e-12);
}

TEST(Allocation, NoSchoolOfTheStageLeavesEveryChildUnplaced) {
    CityData c = city();
    c.schools.clear();
    for (const AllocationMode m : {AllocationMode::Nearest, AllocationMode::Optimal}) {
        const AllocationResult r = run(c, m);
        EXPECT_EQ(r.city.unplaced, 110) << allocationModeCode(m);
        EXPECT_EQ(r.city.assigned, 0);
    }
}

// Degenerate school layouts for the facility grid: every school at one point, or only one school,
// with points far outside the schools' extent. Rural radius 2,500 m; T2 is rural.
//   Coincident: A, B, C all at (50000, 50000) with 1 class (45 seats) each. Nearest mode: every
//   point is about 70 km away, beyond its radius, so unplaced, carrying the exact distance to the
//   schools. Optimal mode has no radius: 135 seats ≥ 110 children, all placed.
//   Single: A alone, 45 seats: 45 placed, 65 unplaced, every piece at the exact distance.
TEST(Allocation, CoincidentSchoolsAndASingleSchoolFarAwayAreFoundExactly) {
    CityData c = city();
    c.schools.clear();
    for (const char* id : {"A", "B", "C"})
        c.schools.push_back(primarySchool(id, "T1", {50000, 50000}, 1));
    AllocationResult r = run(c, AllocationMode::Nearest);
    for (const auto& p : r.pieces) {
        EXPECT_EQ(p.facility, kUnplaced); // every point lies beyond its radius
        const PointM at = grid()[p.point].location;
        EXPECT_DOUBLE_EQ(p.distanceMeters, std::hypot(50000.0 - at.x, 50000.0 - at.y));
    }
    r = run(c, AllocationMode::Optimal);
    EXPECT_EQ(r.city.assigned, 110);
    EXPECT_EQ(r.city.unplaced, 0);

    c.schools.resize(1); // one school of 45 seats: 45 placed, 65 unplaced
    r = run(c, AllocationMode::Optimal);
    EXPECT_EQ(r.city.assigned, 45);
    EXPECT_EQ(r.city.unplaced, 65);
    for (const auto& p : r.pieces) {
        const PointM at = grid()[p.point].location;
        EXPECT_DOUBLE_EQ(p.distanceMeters, std::hypot(50000.0 - at.x, 50000.0 - at.y));
    }
}

TEST(Allocation, ModeCodesRoundTrip) {
    for (const AllocationMode m :
         {AllocationMode::Zones, AllocationMode::Nearest, AllocationMode::Optimal})
        EXPECT_EQ(parseAllocationMode(allocationModeCode(m)), m);
    EXPECT_FALSE(parseAllocationMode("closest").has_value());
}

// ---- AllocationProblem::distance (road distances) ----

/// A distance function from a table over (point, facility); pairs not listed are the straight
/// line. kNoRoad marks a pair without route.
constexpr double kNoRoad = std::numeric_limits<double>::infinity();
std::function<double(std::size_t, std::size_t)>
roads(const AllocationProblem& pb,
      const std::map<std::pair<std::size_t, std::size_t>, double>& table) {
    std::vector<PointM> points, facilities;
    for (const auto& p : pb.points)
        points.push_back(p.location);
    for (const auto& f : pb.facilities)
        facilities.push_back(f.location);
    return [=](std::size_t i, std::size_t j) {
        const auto it = table.find({i, j});
        if (it != table.end())
            return it->second;
        return std::hypot(points[i].x - facilities[j].x, points[i].y - facilities[j].y);
    };
}

// A distance function that returns the straight line — or 0, which is raised to it — changes
// nothing in any mode.
TEST(AllocationDistance, TheStraightLineOrLessGivesTheSameResultsAsWithout) {
    const CityData c = city();
    const ZoneMembership zones = zonesFromTownTable(c, grid(), {{"A", "T2"}, {"B", "T1"}});
    for (const AllocationMode m :
         {AllocationMode::Zones, AllocationMode::Nearest, AllocationMode::Optimal}) {
        AllocationConfig cfg;
        cfg.mode = m;
        const AllocationProblem pb =
            buildAllocationProblem(c, Stage::Primary, grid(), kDemand, cfg, &zones);
        const AllocationResult plain = allocate(c, pb);
        for (const bool zero : {false, true}) {
            AllocationProblem withFn = pb;
            withFn.distance = zero ? std::function<double(std::size_t, std::size_t)>(
                                         [](std::size_t, std::size_t) { return 0.0; })
                                   : roads(pb, {});
            const AllocationResult r = allocate(c, withFn);
            EXPECT_EQ(r.totalDistanceMeters, plain.totalDistanceMeters) << allocationModeCode(m);
            EXPECT_EQ(r.city.assigned, plain.city.assigned) << allocationModeCode(m);
            EXPECT_EQ(r.city.beyondRadius, plain.city.beyondRadius) << allocationModeCode(m);
            ASSERT_EQ(r.accessibility.size(), plain.accessibility.size());
            for (std::size_t i = 0; i < r.accessibility.size(); ++i) // NaN: no school in reach
                EXPECT_TRUE(r.accessibility[i] == plain.accessibility[i] ||
                            (std::isnan(r.accessibility[i]) && std::isnan(plain.accessibility[i])))
                    << allocationModeCode(m) << " point " << i;
            ASSERT_EQ(r.pieces.size(), plain.pieces.size());
            for (std::size_t k = 0; k < r.pieces.size(); ++k) {
                EXPECT_EQ(r.pieces[k].facility, plain.pieces[k].facility);
                EXPECT_EQ(r.pieces[k].distanceMeters, plain.pieces[k].distanceMeters);
            }
        }
    }
}

// A river between p0 and school A: the detour swaps the optimal assignment.
//   A (0, 0) and B (1000, 0), 45 seats each; p0 (400, 0) and p1 (900, 0), 45 children each.
//   Straight: p0→A 400 + p1→B 100 → 45 × 500 = 22,500 m (the swap costs 45 × 1,500).
//   Road: p0→A 1,500 (the detour), p0→B 600, p1→A 900, p1→B 100:
//     keep (p0→A, p1→B) = 45 × 1,600 = 72,000 m; swap (p0→B, p1→A) = 45 × 1,500 = 67,500 m.
//   So the road optimum sends p0 to B and p1 to A, 67,500 m, and the certificate holds.
TEST(AllocationDistance, ARoadDetourChangesTheOptimalAssignment) {
    CityData c = city();
    c.schools[0] = primarySchool("A", "T1", {0, 0}, 1);
    const std::vector<DemandPoint> g{{{400, 0}, 0, 1}, {{900, 0}, 0, 1}};
    AllocationConfig cfg;
    cfg.mode = AllocationMode::Optimal;
    AllocationProblem pb = buildAllocationProblem(c, Stage::Primary, g, {45, 45}, cfg);
    const AllocationResult straight = allocate(c, pb);
    EXPECT_DOUBLE_EQ(straight.totalDistanceMeters, 22500.0);
    pb.distance = roads(pb, {{{0, 0}, 1500.0}});
    const AllocationResult road = allocate(c, pb);
    ASSERT_TRUE(road.transport.has_value());
    EXPECT_DOUBLE_EQ(road.totalDistanceMeters, 67500.0);
    EXPECT_DOUBLE_EQ(road.transport->objectiveMeters, 67500.0);
    ASSERT_EQ(road.pieces.size(), 2U);
    EXPECT_EQ(road.pieces[0].facility, 1U); // p0 → B
    EXPECT_DOUBLE_EQ(road.pieces[0].distanceMeters, 600.0);
    EXPECT_EQ(road.pieces[1].facility, 0U); // p1 → A
    EXPECT_DOUBLE_EQ(road.pieces[1].distanceMeters, 900.0);
    // Beyond the 500 m radius now: all 90 children (600 and 900 m) instead of none.
    EXPECT_EQ(road.city.beyondRadius, 90);
    EXPECT_EQ(straight.city.beyondRadius, 0);
    const TransportProblem tp = transportProblemOf(pb);
    const TransportCertificate cert = checkTransportCertificate(tp, *road.transport, true);
    EXPECT_TRUE(cert.valid) << cert.message;
    EXPECT_DOUBLE_EQ(tp.cost(0, 0), 1500.0);
}

// No route from p1 to any school (another part of the network): optimal mode leaves its 20
// children unplaced although A has seats (90 seats, 50 + 20 children), and reports no distance
// (−1) for them; p0 → A at 100 m. Nearest mode leaves them unplaced and beyond the radius too.
// In the transport problem the pair costs twice the penalty (2 × 10⁶ m), more than leaving them.
TEST(AllocationDistance, ChildrenWithoutARouteAreLeftUnplaced) {
    const CityData c = city();
    const std::vector<DemandPoint> g{{{100, 0}, 0, 1}, {{0, 300}, 0, 1}};
    for (const AllocationMode m : {AllocationMode::Optimal, AllocationMode::Nearest}) {
        AllocationConfig cfg;
        cfg.mode = m;
        AllocationProblem pb = buildAllocationProblem(c, Stage::Primary, g, {50, 20}, cfg);
        pb.distance = roads(pb, {{{1, 0}, kNoRoad}, {{1, 1}, kNoRoad}});
        const AllocationResult r = allocate(c, pb);
        EXPECT_EQ(r.schools[0].assigned, 50) << allocationModeCode(m);
        EXPECT_EQ(r.city.unplaced, 20) << allocationModeCode(m);
        bool found = false;
        for (const auto& piece : r.pieces)
            if (piece.point == 1) {
                EXPECT_EQ(piece.facility, kUnplaced);
                EXPECT_DOUBLE_EQ(piece.distanceMeters, -1.0);
                found = true;
            }
        EXPECT_TRUE(found);
        EXPECT_EQ(r.city.beyondRadius, m == AllocationMode::Nearest ? 20 : 0);
        if (m == AllocationMode::Optimal) {
            EXPECT_DOUBLE_EQ(transportProblemOf(pb).cost(1, 0), 2.0e6);
        }
    }
}

// Nearest by road within the radius (the grid of the tests above: A (0, 0), B (1000, 0)):
//   p0 (100, 0) T1, r 500: road to A 700 (> 500); B is 900 away in a straight line, so it cannot
//     be within 500 by road → unplaced, beyond, reported at the nearest road distance, 700 m.
//   p1 (900, 0) → B at 100 m as before.
//   p2 (0, 800) T1: A at 800 → unplaced as before.
//   p3 (0, 2000) T2, r 2,500: road to A 3,000, to B 2,300 (straight √(1000² + 2000²) = 2,236)
//     → B at 2,300 m.
//   Assigned 30 + 10 = 40; unplaced and beyond 50 + 20 = 70.
TEST(AllocationDistance, NearestModeChoosesByRoadWithinTheRadius) {
    const CityData c = city();
    AllocationConfig cfg;
    cfg.mode = AllocationMode::Nearest;
    AllocationProblem pb = buildAllocationProblem(c, Stage::Primary, grid(), kDemand, cfg);
    pb.distance = roads(pb, {{{0, 0}, 700.0}, {{3, 0}, 3000.0}, {{3, 1}, 2300.0}});
    const AllocationResult r = allocate(c, pb);
    EXPECT_EQ(r.schools[0].assigned, 0);
    EXPECT_EQ(r.schools[1].assigned, 40);
    EXPECT_EQ(r.city.unplaced, 70);
    EXPECT_EQ(r.city.beyondRadius, 70);
    EXPECT_DOUBLE_EQ(r.totalDistanceMeters, 30 * 100.0 + 10 * 2300.0);
    for (const auto& piece : r.pieces) {
        if (piece.point == 0) {
            EXPECT_DOUBLE_EQ(piece.distanceMeters, 700.0);
        }
        if (piece.point == 3) {
            EXPECT_EQ(piece.facility, 1U);
            EXPECT_DOUBLE_EQ(piece.distanceMeters, 2300.0);
        }
    }
}

// Zones by road: A serves T2, B serves T1, and A also T1 (two zone schools for T1's points).
//   p0 (100, 0): straight A 100 / B 900; road to A 1,200 → B at 900.
//   p1 (900, 0): B at 100. p2 (0, 800): no route to A → B at √(1000² + 800²) = 1,280.6 m.
//   p3 (0, 2000) T2: only A, no route → unplaced (−1).
TEST(AllocationDistance, ZonesTakeTheNearestReachableZoneSchool) {
    const CityData c = city();
    const ZoneMembership zones =
        zonesFromTownTable(c, grid(), {{"A", "T2"}, {"B", "T1"}, {"A", "T1"}});
    AllocationConfig cfg;
    cfg.mode = AllocationMode::Zones;
    AllocationProblem pb = buildAllocationProblem(c, Stage::Primary, grid(), kDemand, cfg, &zones);
    pb.distance = roads(pb, {{{0, 0}, 1200.0}, {{2, 0}, kNoRoad}, {{3, 0}, kNoRoad}});
    const AllocationResult r = allocate(c, pb);
    EXPECT_EQ(r.schools[0].assigned, 0);
    EXPECT_EQ(r.schools[1].assigned, 100);
    EXPECT_EQ(r.towns[1].unplaced, 10);
    EXPECT_NEAR(r.totalDistanceMeters, 50 * 900.0 + 30 * 100.0 + 20 * std::hypot(1000.0, 800.0),
                1e-6);
}

// 2SFCA by road: the test above (TwoStepFloatingCatchment…) with q0 (300, 0) 600 m from A by road.
//   Step 1: D_A = 10 (q2 only) → R_A = 90 / 10 = 9; D_B = 60 + 10 = 70 → R_B = 45/70.
//   Step 2: A_0 undefined (A at 600 by road, B at 700 straight: no school in reach);
//   A_1 = 45/70; A_2 = 9 + 45/70. Town mean over the 70 children with a school in reach:
//   (60·45/70 + 10·(9 + 45/70)) / 70 = (38.5714… + 96.4285…) / 70 = 135 / 70.
TEST(AllocationDistance, TwoStepFloatingCatchmentCountsByRoad) {
    const CityData c = city();
    const std::vector<DemandPoint> g{{{300, 0}, 0, 1}, {{600, 0}, 0, 1}, {{500, 0}, 0, 1}};
    AllocationConfig cfg;
    cfg.mode = AllocationMode::Nearest;
    AllocationProblem pb = buildAllocationProblem(c, Stage::Primary, g, {30, 60, 10}, cfg);
    pb.distance = roads(pb, {{{0, 0}, 600.0}});
    const AllocationResult r = allocate(c, pb);
    EXPECT_NEAR(r.schools[0].catchmentDemand, 10.0, 1e-12);
    EXPECT_NEAR(r.schools[0].seatsPerChild, 9.0, 1e-12);
    EXPECT_TRUE(std::isnan(r.accessibility[0]));
    EXPECT_NEAR(r.accessibility[1], 45.0 / 70.0, 1e-12);
    EXPECT_NEAR(r.accessibility[2], 9.0 + 45.0 / 70.0, 1e-12);
    EXPECT_EQ(r.towns[0].withoutSchoolInReach, 30);
    EXPECT_NEAR(r.towns[0].meanAccessibility, 135.0 / 70.0, 1e-12);
}

} // namespace
} // namespace xw::core
