// Distances from an origin–destination table and barriers on the way to school, on hand-made
// cities; every expected figure is worked by hand in the comments. Default norms: primary radius
// urban 500 m, rural 2,500 m; walking 4 km/h = 66.67 m per minute.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/barriers.hpp>
#include <xw/core/allocation/od_table.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace xw::core {
namespace {

School primary(const std::string& id, const std::string& town, PointM at, int classes) {
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

/// Urban T1 and rural T2. Schools A (0, 0) 2 classes and B (1000, 0) 1 class.
CityData city() {
    CityData c;
    c.regions.cityCode = "C";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", true, 10.0}, {"T2", "Town 2", "D", false, 50.0}};
    c.schools.push_back(primary("A", "T1", {0, 0}, 2));
    c.schools.push_back(primary("B", "T1", {1000, 0}, 1));
    return c;
}

AllocationProblem problem(const CityData& c, AllocationMode mode,
                          const std::vector<DemandPoint>& points,
                          const std::vector<std::int64_t>& children) {
    AllocationConfig cfg;
    cfg.mode = mode;
    return buildAllocationProblem(c, Stage::Primary, points, children, cfg);
}

// Unit U in rural T2 at (0, 2000), 10 children: A is 2,000 m away in a straight line, B
// √(1000² + 2000²) = 2,236.07 m. The OD table (a routing engine) says A 3,000 m (beyond the
// 2,500 m radius) and B 2,300 m: nearest mode goes to B at 2,300 m instead of A at 2,000 m.
TEST(OdTable, OverridesStraightLines) {
    const CityData c = city();
    AllocationProblem pb = problem(c, AllocationMode::Nearest, {{{0, 2000}, 1, 1}}, {10});
    const AllocationResult straight = allocate(c, pb);
    ASSERT_EQ(straight.pieces.size(), 1U);
    EXPECT_EQ(straight.pieces[0].facility, 0U);
    EXPECT_DOUBLE_EQ(straight.pieces[0].distanceMeters, 2000.0);
    OdTable od;
    od.add("U", "A", 3000.0);
    od.add("U", "B", 2300.0);
    EXPECT_FALSE(od.add("U", "B", 1.0)); // one value per pair
    pb.distance = odDistance(od, pb, {"U"}, c, pb.metersPerMinute);
    const AllocationResult r = allocate(c, pb);
    ASSERT_EQ(r.pieces.size(), 1U);
    EXPECT_EQ(r.pieces[0].facility, 1U);
    EXPECT_DOUBLE_EQ(r.pieces[0].distanceMeters, 2300.0);
    EXPECT_EQ(r.schools[1].assigned, 10);
    // Optimal mode too: B costs 2,300, A 3,000.
    pb.config.mode = AllocationMode::Optimal;
    const AllocationResult opt = allocate(c, pb);
    EXPECT_EQ(opt.schools[1].assigned, 10);
    EXPECT_NEAR(opt.totalDistanceMeters, 10 * 2300.0, 1e-9);
}

// A pair the table lacks has no route: with only (U, A) = 2,400 m, B is unreachable and U goes
// to A; with neither, U is unplaced in both modes. Grid points are named by their index.
TEST(OdTable, MissingPairsAreUnreachable) {
    const CityData c = city();
    AllocationProblem pb = problem(c, AllocationMode::Nearest, {{{0, 2000}, 1, 1}}, {10});
    OdTable od;
    od.add("0", "A", 2400.0);
    pb.distance = odDistance(od, pb, {}, c, pb.metersPerMinute);
    AllocationResult r = allocate(c, pb);
    EXPECT_EQ(r.schools[0].assigned, 10);
    od = {};
    od.add("7", "A", 2400.0); // another point's row
    const OdDistances lookup(od, pb, {}, c, pb.metersPerMinute);
    EXPECT_EQ(lookup.pointsWithoutRow(), 1U);
    pb.distance = odDistance(od, pb, {}, c, pb.metersPerMinute);
    for (const AllocationMode m : {AllocationMode::Nearest, AllocationMode::Optimal}) {
        pb.config.mode = m;
        r = allocate(c, pb);
        EXPECT_EQ(r.city.unplaced, 10) << allocationModeCode(m);
    }
}

// Minutes become metres at the stage's speed (4 km/h = 66.667 m/min): A 45 min = 3,000 m,
// B 30 min = 2,000 m, which is below B's straight line (2,236.07 m) and is raised to it. B wins
// at 2,236.07 m = 33.54 minutes: beyond the 10-minute circle, so withinCircle is 0.
TEST(OdTable, MinutesBecomeMetresAtTheStagesSpeed) {
    const CityData c = city();
    AllocationProblem pb = problem(c, AllocationMode::Nearest, {{{0, 2000}, 1, 1}}, {10});
    OdTable od;
    od.unit = OdUnit::Minutes;
    od.add("U", "A", 45.0);
    od.add("U", "B", 30.0);
    pb.distance = odDistance(od, pb, {"U"}, c, pb.metersPerMinute);
    EXPECT_NEAR(pb.distance(0, 0), 3000.0, 1e-9);
    const AllocationResult r = allocate(c, pb);
    EXPECT_EQ(r.pieces[0].facility, 1U);
    EXPECT_NEAR(r.pieces[0].distanceMeters, std::hypot(1000.0, 2000.0), 1e-9);
    EXPECT_NEAR(r.schools[1].meanMinutes, std::hypot(1000.0, 2000.0) / (4000.0 / 60.0), 1e-9);
    EXPECT_EQ(r.city.withinCircle, 0);
    EXPECT_THROW((void)OdDistances(od, pb, {"U"}, c, 0.0), std::invalid_argument);
}

TEST(BarrierIndex, CountsTheDistinctLinesASegmentCrosses) {
    // L1: x = 200 from y = −1000 to 1000, in two parts; L2: the polyline (−500, 500) → (500, 500)
    // → (500, −500); L3 far away.
    const std::vector<BarrierLine> lines{
        {"L1", "railway", {{{200, -1000}, {200, 0}}, {{200, 0}, {200, 1000}}}},
        {"L2", "trunk", {{{-500, 500}, {500, 500}, {500, -500}}}},
        {"L3", "river", {{{10000, 10000}, {20000, 10000}}}}};
    const BarrierIndex index(lines);
    EXPECT_EQ(index.lineCount(), 3U);
    EXPECT_EQ(index.crossings({0, 0}, {100, 0}), 0);
    EXPECT_EQ(index.crossings({0, 0}, {400, 0}), 1);   // L1 (where its two parts meet)
    EXPECT_EQ(index.crossings({0, 0}, {600, 0}), 2);   // L1 and L2's vertical part
    EXPECT_EQ(index.crossings({0, 0}, {600, 600}), 2); // L1 and L2 at its corner (500, 500)
    EXPECT_EQ(index.crossings({0, 0}, {200, 300}), 1); // ends on L1: touching counts
    EXPECT_EQ(index.crossings({0, 0}, {15000, 20000}), 2);
    EXPECT_EQ(index.crossings({15000, 0}, {15000, 20000}), 1); // L3 only, far from the others
    EXPECT_EQ(index.crossings({-5000, 0}, {-4000, 0}), 0);     // outside the grid
}

// Point q (400, 0) in urban T1 (radius 500 m), 50 children. A (0, 0) is 400 m away, C (700, 300)
// √(300² + 300²) = 424.26 m. A railway along x = 200 lies between q and A. Without barriers q goes
// to A; with them A costs 400 + 3,000 and C 424.26, so q goes to C, and no child crosses. With a
// penalty of 0 the choice is A again and its 50 children are counted as crossing.
TEST(Barriers, ABarrierChangesTheNearestAssignment) {
    CityData c = city();
    c.schools.push_back(primary("C", "T1", {700, 300}, 2));
    const std::vector<BarrierLine> lines{{"R", "railway", {{{200, -1000}, {200, 1000}}}}};
    auto index = std::make_shared<const BarrierIndex>(lines);
    for (const AllocationMode m : {AllocationMode::Nearest, AllocationMode::Optimal}) {
        AllocationProblem pb = problem(c, m, {{{400, 0}, 0, 1}}, {50});
        const AllocationResult plain = allocate(c, pb);
        EXPECT_EQ(plain.schools[0].assigned, 50) << allocationModeCode(m);
        EXPECT_EQ(plain.city.crossingBarrier, 0) << "no barrier layer";
        pb.barrierCrossings = [index, &pb](std::size_t i, std::size_t j) {
            return index->crossings(pb.points[i].location, pb.facilities[j].location);
        };
        const AllocationResult r = allocate(c, pb);
        EXPECT_EQ(r.schools[0].assigned, 0) << allocationModeCode(m);
        EXPECT_EQ(r.schools[2].assigned, 50) << allocationModeCode(m);
        EXPECT_NEAR(r.pieces[0].distanceMeters, std::hypot(300.0, 300.0), 1e-9);
        EXPECT_EQ(r.city.crossingBarrier, 0);
        pb.config.barrierPenaltyMeters = 0.0;
        const AllocationResult counted = allocate(c, pb);
        EXPECT_EQ(counted.schools[0].assigned, 50) << allocationModeCode(m);
        EXPECT_EQ(counted.pieces[0].barrierCrossings, 1);
        EXPECT_EQ(counted.city.crossingBarrier, 50);
        EXPECT_EQ(counted.towns[0].crossingBarrier, 50);
        EXPECT_EQ(counted.schools[0].crossingBarrier, 50);
    }
}

// When the only school within the radius lies across the barrier, nearest mode still sends the
// children there (the crossing is counted) rather than leaving them unplaced.
TEST(Barriers, AreCrossedWhenNoSchoolWithoutOneIsInReach) {
    const CityData c = city();
    const std::vector<BarrierLine> lines{{"R", "railway", {{{200, -1000}, {200, 1000}}}}};
    const BarrierIndex index(lines);
    AllocationProblem pb = problem(c, AllocationMode::Nearest, {{{400, 0}, 0, 1}}, {50});
    pb.barrierCrossings = [&index, &pb](std::size_t i, std::size_t j) {
        return index.crossings(pb.points[i].location, pb.facilities[j].location);
    };
    const AllocationResult r = allocate(c, pb);
    EXPECT_EQ(r.schools[0].assigned, 50);
    EXPECT_EQ(r.city.crossingBarrier, 50);
}

// Walking minutes: 4 km/h = 66.667 m/min. Points at 300 m (4.5 min), 600 m (9 min) and 900 m
// (13.5 min) from A in rural T2 (radius 2,500 m), 10 children each: within 5 min 10, 10 min 20,
// 15 min 30; the primary circle (10 min) holds 20.
TEST(Allocation, CountsChildrenWithinTheLivingCircles) {
    const CityData c = city();
    const AllocationProblem pb =
        problem(c, AllocationMode::Nearest,
                {{{-300, 0}, 1, 1}, {{-600, 0}, 1, 1}, {{-900, 0}, 1, 1}}, {10, 10, 10});
    EXPECT_NEAR(pb.metersPerMinute, 4000.0 / 60.0, 1e-12);
    EXPECT_EQ(pb.livingCircleMinutes, 10);
    const AllocationResult r = allocate(c, pb);
    EXPECT_EQ(r.city.withinMinutes, (std::array<std::int64_t, 3>{10, 20, 30}));
    EXPECT_EQ(r.towns[1].withinCircle, 20);
    EXPECT_EQ(r.districts[0].withinCircle, 20);
    EXPECT_NEAR(r.schools[0].meanMinutes, 600.0 / (4000.0 / 60.0), 1e-9);
}

} // namespace
} // namespace xw::core
