// Seat balance on hand-made cities; every expected figure is worked by hand in the comments.
#include <xw/core/balance/seat_balance.hpp>

#include <gtest/gtest.h>

namespace xw::core {
namespace {

TownPopulation flatTown(const std::string& code, double perAgeRegistered, double perAgeMigrant) {
    TownPopulation tp;
    tp.townCode = code;
    tp.persons.assign(19, {perAgeRegistered, perAgeMigrant});
    return tp;
}

School primarySchool(const std::string& id, const std::string& town,
                     const std::vector<std::pair<int, int>>& classesAndStudents) {
    School s;
    s.id = id;
    s.name = id;
    s.townCode = town;
    StageProvision p;
    p.stage = Stage::Primary;
    int grade = 1;
    for (auto [classes, students] : classesAndStudents)
        p.grades.push_back({grade++, classes, students, 0});
    s.stages.push_back(p);
    return s;
}

// Two towns in one district:
//  T1: 100 registered + 20 migrant residents per single-year age → primary band 6..11 has
//      6 × 120 = 720 children; target 100 % → demand 720.
//      School A: 6 grades × 2 classes = 12 classes × 45 = 540 seats; 6 × 120 = 720 pupils.
//      Shortfall 720 − 540 = 180. Grade split 120 / 2 = 60 per class → 12 classes ≥ 56, none ≥ 66.
//  T2: 50 + 0 per age → 300 children. School B: 6 × 1 class = 270 seats, 6 × 30 = 180 pupils.
//      Surplus 270 − 300 < 0 → shortfall 30, no surplus.
//  District: demand 1020, seats 810, shortfall 210, sum of town shortfalls 180 + 30 = 210.
CityData twoTownCity() {
    CityData c;
    c.baseYear = 2020;
    c.regions.cityCode = "C";
    c.regions.cityName = "City";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", true, 10.0}, {"T2", "Town 2", "D", false, 50.0}};
    c.population.year = 2020;
    c.population.towns = {flatTown("T1", 100, 20), flatTown("T2", 50, 0)};
    c.schools.push_back(
        primarySchool("A", "T1", {{2, 120}, {2, 120}, {2, 120}, {2, 120}, {2, 120}, {2, 120}}));
    c.schools.push_back(
        primarySchool("B", "T2", {{1, 30}, {1, 30}, {1, 30}, {1, 30}, {1, 30}, {1, 30}}));
    return c;
}

const AreaStageBalance& row(const std::vector<AreaStageBalance>& rows, const std::string& code,
                            Stage s) {
    for (const auto& r : rows)
        if (r.code == code && r.stage == s)
            return r;
    throw std::runtime_error("no row " + code);
}

TEST(SeatBalance, SeatsAreClassesTimesStandardClassSize) {
    const SeatBalance b = computeSeatBalance(twoTownCity());
    ASSERT_EQ(b.schools.size(), 2U);
    EXPECT_EQ(b.schools[0].seats, 540);
    EXPECT_EQ(b.schools[0].classes, 12);
    EXPECT_EQ(b.schools[0].enrolment, 720);
    EXPECT_DOUBLE_EQ(b.schools[0].utilisation.value(), 720.0 / 540.0);
    EXPECT_DOUBLE_EQ(b.schools[0].meanClassSize.value(), 60.0);
    EXPECT_EQ(b.schools[0].largeClasses, 12);
    EXPECT_EQ(b.schools[0].hugeClasses, 0);
    EXPECT_EQ(b.schools[1].seats, 270);
    EXPECT_DOUBLE_EQ(b.schools[1].utilisation.value(), 180.0 / 270.0);
}

TEST(SeatBalance, ShortfallIsDemandAboveSeats) {
    const SeatBalance b = computeSeatBalance(twoTownCity());
    const auto& t1 = row(b.towns, "T1", Stage::Primary);
    EXPECT_DOUBLE_EQ(t1.residentsInBand, 720.0);
    EXPECT_DOUBLE_EQ(t1.demand, 720.0);
    EXPECT_EQ(t1.seats, 540);
    EXPECT_DOUBLE_EQ(t1.shortfall, 180.0);
    EXPECT_DOUBLE_EQ(t1.surplus, 0.0);
    const auto& t2 = row(b.towns, "T2", Stage::Primary);
    EXPECT_DOUBLE_EQ(t2.demand, 300.0);
    EXPECT_DOUBLE_EQ(t2.shortfall, 30.0);
}

TEST(SeatBalance, DistrictAddsItsTownsAndKeepsTheSumOfTownShortfalls) {
    CityData c = twoTownCity();
    // Give T2 a second school of 6 classes: seats 540 ≥ demand 300 → T2 surplus 240, and the
    // district is then in balance (1020 demand vs 1080 seats) while T1 still lacks 180 seats.
    c.schools.push_back(primarySchool("C", "T2", {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}}));
    const SeatBalance b = computeSeatBalance(c);
    const auto& d = row(b.districts, "D", Stage::Primary);
    EXPECT_DOUBLE_EQ(d.demand, 1020.0);
    EXPECT_EQ(d.seats, 1080);
    EXPECT_DOUBLE_EQ(d.shortfall, 0.0);
    EXPECT_DOUBLE_EQ(d.surplus, 60.0);
    EXPECT_DOUBLE_EQ(d.localShortfallSum, 180.0);
    EXPECT_EQ(d.largeClasses, 12);
    const auto& city = row(b.city, "C", Stage::Primary);
    EXPECT_DOUBLE_EQ(city.localShortfallSum, 180.0);
    EXPECT_EQ(city.enrolment, 900);
}

TEST(SeatBalance, KindergartenSeatsUseTheGradeClassSizes) {
    // One class of each grade: 25 + 30 + 35 = 90 seats (domain.md §2).
    CityData c = twoTownCity();
    School k;
    k.id = "K";
    k.townCode = "T1";
    StageProvision p;
    p.stage = Stage::Kindergarten;
    p.grades = {{1, 1, 20, 0}, {2, 1, 30, 0}, {3, 1, 40, 0}};
    k.stages.push_back(p);
    c.schools.push_back(k);
    const SeatBalance b = computeSeatBalance(c);
    EXPECT_EQ(b.schools.back().seats, 90);
    EXPECT_EQ(b.schools.back().enrolment, 90);
    // Demand: ages 3..5 = 3 × 120 = 360 × 0.98 = 352.8 → 353 whole children, the figure the
    // allocation places too.
    const auto& t1 = row(b.towns, "T1", Stage::Kindergarten);
    EXPECT_DOUBLE_EQ(t1.residentsInBand, 360.0);
    EXPECT_DOUBLE_EQ(t1.demand, 353.0);
    EXPECT_DOUBLE_EQ(t1.shortfall, 263.0);
}

TEST(SeatBalance, CountyWideStagesNetShortfallsWithinTheDistrict) {
    // Junior treated as recruited county-wide: T1 has 360 children aged 12–14 (3 × 120) and a
    // 9-class school (450 seats); T2 has 150 children and no school. Per town: T1 surplus 90,
    // T2 short 150 (sum 150); per district: demand 510 vs 450 seats → short 60, which is then the
    // local sum for the district and the city.
    CityData c = twoTownCity();
    c.norms[Stage::Junior].catchment = CatchmentLevel::District;
    School j;
    j.id = "J";
    j.townCode = "T1";
    j.stages.push_back({Stage::Junior, {{1, 3, 0, 0}, {2, 3, 0, 0}, {3, 3, 0, 0}}, 0});
    c.schools.push_back(j);
    const SeatBalance b = computeSeatBalance(c);
    EXPECT_DOUBLE_EQ(row(b.towns, "T2", Stage::Junior).shortfall, 150.0);
    const auto& d = row(b.districts, "D", Stage::Junior);
    EXPECT_DOUBLE_EQ(d.shortfall, 60.0);
    EXPECT_DOUBLE_EQ(d.localShortfallSum, 60.0);
    EXPECT_DOUBLE_EQ(row(b.city, "C", Stage::Junior).localShortfallSum, 60.0);
    // Primary keeps the town rule: 180 + 30.
    EXPECT_DOUBLE_EQ(row(b.city, "C", Stage::Primary).localShortfallSum, 210.0);
}

TEST(SeatBalance, GroupingsReportTheirTowns) {
    CityData c = twoTownCity();
    c.regions.groupings = {{"Zone", {"T2"}}};
    const SeatBalance b = computeSeatBalance(c);
    const auto& g = row(b.groupings, "Zone", Stage::Primary);
    EXPECT_DOUBLE_EQ(g.demand, 300.0);
    EXPECT_EQ(g.seats, 270);
}

TEST(SeatBalance, SchoolOutsideEveryTownCountsForTheCityOnly) {
    CityData c = twoTownCity();
    c.schools[1].townCode = "";
    const SeatBalance b = computeSeatBalance(c);
    EXPECT_EQ(row(b.towns, "T2", Stage::Primary).seats, 0);
    EXPECT_EQ(row(b.city, "C", Stage::Primary).seats, 810);
}

TEST(SeatBalance, ReportedLargeClassCountsOverrideTheEvenSplit) {
    CityData c = twoTownCity();
    for (GradeRecord& g : c.schools[0].stages[0].grades) {
        g.reportedLargeClasses = g.grade <= 3 ? 1 : 0;
        g.reportedHugeClasses = g.grade == 1 ? 1 : 0;
    }
    const SeatBalance b = computeSeatBalance(c);
    EXPECT_TRUE(b.schools[0].classesReported);
    EXPECT_EQ(b.schools[0].largeClasses, 3);
    EXPECT_EQ(b.schools[0].hugeClasses, 1);
}

TEST(SeatBalance, GradesThatDoNotReportLargeClassesAreCountedByTheEvenSplit) {
    // School A: 6 grades of 2 classes × 60 pupils, so 2 large classes per grade by the even
    // split. Only grade 1 reports (0 large classes): the other five grades still count 2 each.
    CityData c = twoTownCity();
    c.schools[0].stages[0].grades[0].reportedLargeClasses = 0;
    const SeatBalance b = computeSeatBalance(c);
    EXPECT_TRUE(b.schools[0].classesReported);
    EXPECT_EQ(b.schools[0].largeClasses, 10);
    EXPECT_EQ(b.schools[0].hugeClasses, 0);
}

TEST(SeatBalance, UtilisationOfAStageWithoutSeatsIsNotApplicable) {
    // A 教学点 whose grades report pupils but no classes: 0 seats, utilisation n/a, not 0 %.
    CityData c = twoTownCity();
    for (GradeRecord& g : c.schools[1].stages[0].grades)
        g.classes = 0;
    const SeatBalance b = computeSeatBalance(c);
    EXPECT_EQ(b.schools[1].seats, 0);
    EXPECT_EQ(b.schools[1].enrolment, 180);
    EXPECT_FALSE(b.schools[1].utilisation.has_value());
    EXPECT_FALSE(b.schools[1].meanClassSize.has_value());
    EXPECT_FALSE(row(b.towns, "T2", Stage::Primary).utilisation.has_value());
}

TEST(ClassesAtLeast, EvenSplitCountsTheLargerClasses) {
    // 3 classes, 170 pupils → 57, 57, 56: all three ≥ 56, none ≥ 57 + 1.
    EXPECT_EQ(classesAtLeast(3, 170, 56), 3);
    EXPECT_EQ(classesAtLeast(3, 170, 57), 2);
    EXPECT_EQ(classesAtLeast(3, 170, 58), 0);
    // 4 classes, 221 pupils → 56, 55, 55, 55: one class ≥ 56.
    EXPECT_EQ(classesAtLeast(4, 221, 56), 1);
    EXPECT_EQ(classesAtLeast(0, 100, 56), 0);
    EXPECT_EQ(classesAtLeast(2, 0, 56), 0);
}

} // namespace
} // namespace xw::core

namespace xw::core {
namespace {

CityData cityWithBirths() {
    CityData c = twoTownCity();
    c.births.push_back({"C", {{2018, 250.0}, {2019, 250.0}, {2020, 250.0}}});
    return c;
}

TEST(SeatBalanceForYear, TheProjectionsFirstYearMatchesTheBaseYearBalance) {
    const CityData c = cityWithBirths();
    ProjectionConfig cfg;
    cfg.horizonYear = 2023;
    const ProjectionResult p = project(c, cfg);
    ASSERT_TRUE(p.ok()) << (p.errors.empty() ? "" : p.errors.front().message);
    const SeatBalance base = computeSeatBalance(c);
    const SeatBalance y0 = computeSeatBalanceForYear(c, p, 2020);
    ASSERT_EQ(y0.towns.size(), base.towns.size());
    for (std::size_t i = 0; i < base.towns.size(); ++i) {
        EXPECT_NEAR(y0.towns[i].demand, base.towns[i].demand, 1e-9) << base.towns[i].code;
        EXPECT_NEAR(y0.towns[i].residentsInBand, base.towns[i].residentsInBand, 1e-9);
        EXPECT_EQ(y0.towns[i].seats, base.towns[i].seats);
        EXPECT_NEAR(y0.towns[i].shortfall, base.towns[i].shortfall, 1e-9);
    }
    EXPECT_NEAR(y0.city[stageIndex(Stage::Primary)].localShortfallSum, 210.0, 1e-9);
}

TEST(SeatBalanceForYear, PlannedKindergartensAddSeatsFromTheirDeliveryYear) {
    CityData c = cityWithBirths();
    HousingProject h;
    h.id = "H";
    h.townCode = "T1";
    h.dwellings = 0; // no movers: only the kindergarten matters here
    h.completionYear = 2022;
    h.kindergarten = {6, 2022, true, {}};
    c.housing.push_back(h);
    // A kindergarten already delivered in the base year is among the schools: not added again.
    HousingProject old = h;
    old.id = "OLD";
    old.kindergarten = {3, 2019, true, {}};
    c.housing.push_back(old);
    ProjectionConfig cfg;
    cfg.horizonYear = 2023;
    const ProjectionResult p = project(c, cfg);
    ASSERT_TRUE(p.ok());
    const auto kg = [&](int year) {
        const SeatBalance b = computeSeatBalanceForYear(c, p, year);
        return b.towns[stageIndex(Stage::Kindergarten)].seats; // T1 is the first town
    };
    EXPECT_EQ(kg(2021), 0);
    EXPECT_EQ(kg(2022), 6 * 30); // mean of 25/30/35 per class
    EXPECT_EQ(kg(2023), 180);
}

} // namespace
} // namespace xw::core
