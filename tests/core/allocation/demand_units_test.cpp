// Residential units as demand points: weights per stage, the exact split of a town's cohorts over
// its units, and the consistency checks. Every figure is worked by hand in the comments.
#include <xw/core/allocation/demand_points.hpp>
#include <xw/core/allocation/demand_units.hpp>

#include <gtest/gtest.h>

#include <numeric>

namespace xw::core {
namespace {

/// A unit with persons by age 0..11 (one category each), zero elsewhere.
ResidentialUnit unitWithAges(const std::string& id, const std::string& town, PointM at,
                             double perAge3to5, double perAge6to11) {
    ResidentialUnit u;
    u.id = id;
    u.townCode = town;
    u.location = at;
    u.persons.assign(12, {0.0, 0.0});
    for (int a = 3; a <= 5; ++a)
        u.persons[static_cast<std::size_t>(a)] = {perAge3to5, 0.0};
    for (int a = 6; a <= 11; ++a)
        u.persons[static_cast<std::size_t>(a)] = {perAge6to11 * 0.75, perAge6to11 * 0.25};
    return u;
}

ResidentialUnit unitWithTotal(const std::string& id, const std::string& town, PointM at,
                              double total) {
    ResidentialUnit u;
    u.id = id;
    u.townCode = town;
    u.location = at;
    u.totalPersons = total;
    return u;
}

CityData twoTowns() {
    CityData c;
    c.regions.cityCode = "C";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", true, 10.0}, {"T2", "Town 2", "D", false, 50.0}};
    return c;
}

/// T1: units A, B, C with ages; primary children (ages 6–11) 120, 60, 20; kindergarten
/// (3–5) 0, 30, 10. T2: units D, E with totals 1,000 and 3,000.
std::vector<ResidentialUnit> units() {
    return {
        unitWithAges("A", "T1", {0, 0}, 0.0, 20.0), unitWithAges("B", "T1", {500, 0}, 10.0, 10.0),
        unitWithAges("C", "T1", {900, 0}, 10.0 / 3.0, 20.0 / 6.0),
        unitWithTotal("D", "T2", {0, 5000}, 1000.0), unitWithTotal("E", "T2", {0, 9000}, 3000.0)};
}

std::vector<DemandPoint> points(const std::vector<ResidentialUnit>& us, const UnitWeights& w,
                                Stage s, const Regions& regions) {
    std::vector<DemandPoint> out;
    for (std::size_t u = 0; u < us.size(); ++u)
        out.push_back({us[u].location,
                       static_cast<std::uint32_t>(*regions.townIndex(us[u].townCode)),
                       w.byStage[static_cast<std::size_t>(stageIndex(s))][u]});
    return out;
}

TEST(DemandUnits, TownsWithAgesWeighTheStagesChildrenAndOthersTheirTotals) {
    const CityData c = twoTowns();
    const UnitWeights w = unitWeights(units(), c.regions, c.norms);
    EXPECT_EQ(w.townByAge, (std::vector<char>{1, 0}));
    const auto& primary = w.byStage[static_cast<std::size_t>(stageIndex(Stage::Primary))];
    const auto& kg = w.byStage[static_cast<std::size_t>(stageIndex(Stage::Kindergarten))];
    EXPECT_NEAR(primary[0], 120.0, 1e-9);
    EXPECT_NEAR(primary[1], 60.0, 1e-9);
    EXPECT_NEAR(primary[2], 20.0, 1e-9);
    EXPECT_NEAR(kg[0], 0.0, 1e-12);
    EXPECT_NEAR(kg[1], 30.0, 1e-9);
    EXPECT_NEAR(kg[2], 10.0, 1e-9);
    EXPECT_EQ(primary[3], 1000.0); // T2: totals for every stage
    EXPECT_EQ(kg[4], 3000.0);
}

// T1's primary demand 101 over weights 120 : 60 : 20 (Σ 200):
//   quotas 60.6, 30.3, 10.1 → floors 60, 30, 10 (100); the one child left goes to the largest
//   remainder (A, 0.6) → 61, 30, 10 = 101.
// T1's kindergarten demand 39.2 → 39 children over 0 : 30 : 10 (Σ 40):
//   quotas 0, 29.25, 9.75 → 0, 29, 9 (38); one left to C (0.75) → 0, 29, 10 = 39.
// T2's primary demand 250 over totals 1,000 : 3,000 → 62.5, 187.5 → 62, 187 and the child left
//   to the lower scrambled index among equal remainders; either way 250 in all.
TEST(DemandUnits, ATownsCohortsSplitOverThreeUnitsByWeightConserveTheTotalExactly) {
    const CityData c = twoTowns();
    const std::vector<ResidentialUnit> us = units();
    const UnitWeights w = unitWeights(us, c.regions, c.norms);
    const DemandSplit primary =
        splitDemand(points(us, w, Stage::Primary, c.regions), {101.0, 250.0});
    EXPECT_EQ(primary.perPoint[0], 61);
    EXPECT_EQ(primary.perPoint[1], 30);
    EXPECT_EQ(primary.perPoint[2], 10);
    EXPECT_EQ(primary.perPoint[3] + primary.perPoint[4], 250);
    EXPECT_TRUE(primary.perPoint[3] == 62 || primary.perPoint[3] == 63);
    const DemandSplit kg = splitDemand(points(us, w, Stage::Kindergarten, c.regions), {39.2, 0.0});
    EXPECT_EQ(kg.perPoint[0], 0);
    EXPECT_EQ(kg.perPoint[1], 29);
    EXPECT_EQ(kg.perPoint[2], 10);
    EXPECT_EQ(kg.townTotals[0], 39);
    EXPECT_EQ(std::accumulate(kg.perPoint.begin(), kg.perPoint.end(), std::int64_t{0}), 39);
}

TEST(DemandUnits, AMixedTownFallsBackToTotals) {
    CityData c = twoTowns();
    std::vector<ResidentialUnit> us = units();
    us.push_back(unitWithTotal("F", "T1", {100, 100}, 500.0)); // T1 now mixes ages and a total
    const UnitWeights w = unitWeights(us, c.regions, c.norms);
    EXPECT_EQ(w.townByAge[0], 0);
    // Unit A's total: 6 ages × 20 = 120 persons (its only residents).
    EXPECT_NEAR(w.byStage[static_cast<std::size_t>(stageIndex(Stage::Primary))][0], 120.0, 1e-9);
    EXPECT_EQ(w.byStage[static_cast<std::size_t>(stageIndex(Stage::Primary))][5], 500.0);
}

// T1's table: 210 persons aged 0–11 (5 % tolerance allows 199.5–220.5); the units hold
// 120 + 60 + 20 + 0 + 30 + 10 = 240 → +14.3 % → warned. T2's residents 4,100 vs units 4,000
// → −2.4 % → not warned; with 4,300 → −7.0 % → warned.
TEST(DemandUnits, TownsWhoseUnitsDoNotAddUpToThePopulationDataAreReported) {
    CityData c = twoTowns();
    TownPopulation t1;
    t1.townCode = "T1";
    t1.persons.assign(12, {17.5, 0.0}); // 12 × 17.5 = 210
    c.population.towns.push_back(t1);
    c.population.totalResidents["T2"] = 4100.0;
    std::vector<Diagnostic> d = checkUnitTotals(units(), c, 0.05);
    ASSERT_EQ(d.size(), 1U);
    EXPECT_EQ(d[0].featureId, "T1");
    EXPECT_NE(d[0].message.find("+14.3 %"), std::string::npos) << d[0].message;
    c.population.totalResidents["T2"] = 4300.0;
    d = checkUnitTotals(units(), c, 0.05);
    ASSERT_EQ(d.size(), 2U);
    EXPECT_EQ(d[1].featureId, "T2");
    EXPECT_NE(d[1].message.find("-7.0 %"), std::string::npos) << d[1].message;
    // A town with children and no unit.
    TownPopulation t3;
    t3.townCode = "T3";
    t3.persons.assign(1, {5.0, 0.0});
    c.regions.towns.push_back({"T3", "Town 3", "D", false, 1.0});
    c.population.towns.push_back(t3);
    d = checkUnitTotals(units(), c, 0.05);
    ASSERT_EQ(d.size(), 3U);
    EXPECT_EQ(d[2].featureId, "T3");
}

// Primary school at (0, 0) only. Urban T1 radius 500 m: A (0 m) and B (500 m, inclusive) are in
// reach, C (900 m) is not. Rural T2 radius 2,500 m: D (5,000 m) and E (9,000 m) are not. The
// kindergarten stage has no school: skipped.
TEST(DemandUnits, UnitsWithChildrenAndNoSchoolInReachAreReported) {
    CityData c = twoTowns();
    School s;
    s.id = "S";
    s.location = {0, 0};
    StageProvision p;
    p.stage = Stage::Primary;
    p.grades.push_back({1, 1, 0, 0});
    s.stages.push_back(p);
    c.schools.push_back(s);
    const std::vector<ResidentialUnit> us = units();
    const std::vector<Diagnostic> d = checkUnitsReach(us, unitWeights(us, c.regions, c.norms), c);
    ASSERT_EQ(d.size(), 3U);
    EXPECT_EQ(d[0].featureId, "C");
    EXPECT_EQ(d[0].field, "primary");
    EXPECT_NE(d[0].message.find("nearest 900 m"), std::string::npos) << d[0].message;
    EXPECT_EQ(d[1].featureId, "D");
    EXPECT_EQ(d[2].featureId, "E");
}

} // namespace
} // namespace xw::core
