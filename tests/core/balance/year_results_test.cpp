// Results of projected years: the city as projected for a year,
// its indicators, balance coefficients, teachers and land, and the allocation of a year with a
// warm start. Hand-made cities; every expected figure is worked by hand in the comments.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/balance/balance_coefficient.hpp>
#include <xw/core/balance/indicators.hpp>
#include <xw/core/balance/resources.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/core/projection/projected_city.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace xw::core {
namespace {

School primarySchool(const std::string& id, const std::string& town, int classesPerGrade,
                     int studentsPerGrade, int teachers) {
    School s;
    s.id = id;
    s.name = id;
    s.townCode = town;
    s.staff.teachers = teachers;
    StageProvision p;
    p.stage = Stage::Primary;
    for (int g = 1; g <= 6; ++g)
        p.grades.push_back({g, classesPerGrade, studentsPerGrade, 0});
    s.stages.push_back(p);
    return s;
}

// One district, two towns, base year 2020, nobody dies (survival 1), no migration or housing.
//  T1 (urban): 150 residents per age 0–5, 100 per age 6–18. School A: 2 classes per grade
//      (12 classes, 540 seats), 100 pupils per grade (50 per class), 30 teachers.
//      Primary grade g is age 5 + g. Calibration: 100 pupils ÷ 100 children = 1 per grade.
//      2020: ages 6–11 = 600 children, demand 600, shortfall 600 − 540 = 60; no class ≥ 56.
//      2021: age 6 is the 2020 age-5 cohort (150): demand 650, shortfall 110; grade 1 has
//            150 pupils in 2 classes = 75 + 75 → 2 classes ≥ 56 and 2 ≥ 66.
//      2022: grades 1–2 have 150: demand 700, 4 large and 4 huge classes.
//  T2 (rural): 100 per age. School B: 1 class per grade (270 seats), 50 per grade (factor 0.5),
//      15 teachers; stays at 300 pupils every year.
//  Large-class share (compulsory classes 12 + 6 = 18): 2020 0/18 pass (≤ 5 %), 2021 2/18 fail,
//  2022 4/18 fail.
CityData growingCity() {
    CityData c;
    c.baseYear = 2020;
    c.regions.cityCode = "C";
    c.regions.cityName = "City";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", true, 10.0}, {"T2", "Town 2", "D", false, 50.0}};
    c.population.year = 2020;
    TownPopulation t1;
    t1.townCode = "T1";
    for (int a = 0; a <= 18; ++a)
        t1.persons.push_back({a <= 5 ? 150.0 : 100.0, 0.0});
    TownPopulation t2;
    t2.townCode = "T2";
    t2.persons.assign(19, {100.0, 0.0});
    c.population.towns = {t1, t2};
    c.births.push_back({"C", {{2019, 250.0}, {2020, 250.0}}});
    c.schools.push_back(primarySchool("A", "T1", 2, 100, 30));
    c.schools.push_back(primarySchool("B", "T2", 1, 50, 15));
    return c;
}

ProjectionResult projectGrowing(const CityData& c) {
    ProjectionConfig cfg;
    cfg.horizonYear = 2023;
    cfg.assumptions.lifeTable.survivalByAge = {1.0};
    cfg.assumptions.lifeTable.newbornSurvival = 1.0;
    ProjectionResult p = project(c, cfg);
    if (!p.ok())
        throw std::runtime_error(p.errors.front().message);
    return p;
}

const Indicator& item(const std::vector<AreaIndicators>& areas, const std::string& level,
                      const std::string& key) {
    for (const auto& a : areas)
        if (a.level == level)
            for (const auto& i : a.items)
                if (i.key == key)
                    return i;
    throw std::runtime_error("no indicator " + key);
}

const AreaResources& resourceRow(const std::vector<AreaResources>& rows, const std::string& code,
                                 Stage s) {
    for (const auto& r : rows)
        if (r.code == code && r.stage == s)
            return r;
    throw std::runtime_error("no resources row " + code);
}

TEST(ProjectedCity, SchoolsGrowWithTheirTownsExpectedEnrolmentPerGrade) {
    const CityData c = growingCity();
    const ProjectionResult p = projectGrowing(c);
    const CityData y2021 = projectedCity(c, p, 2021);
    EXPECT_EQ(y2021.baseYear, 2021);
    const auto& a = y2021.schools[0].stages[0].grades;
    EXPECT_EQ(a[0].students, 150); // 100 × 150 / 100
    EXPECT_EQ(a[1].students, 100);
    EXPECT_EQ(a[0].classes, 2); // classes stay as on record
    for (const auto& g : y2021.schools[1].stages[0].grades)
        EXPECT_EQ(g.students, 50); // T2 does not grow
    // Residents of 2021: age 6 in T1 is the 2020 age-5 cohort.
    EXPECT_DOUBLE_EQ(y2021.population.towns[0].total(6, 6), 150.0);
    EXPECT_THROW((void)projectedCity(c, p, 2024), std::invalid_argument);
}

TEST(ProjectedCity, TheBaseYearIsTheRecord) {
    const CityData c = growingCity();
    const CityData y = projectedCity(c, projectGrowing(c), 2020);
    for (std::size_t s = 0; s < c.schools.size(); ++s)
        for (std::size_t g = 0; g < 6; ++g)
            EXPECT_EQ(y.schools[s].stages[0].grades[g].students,
                      c.schools[s].stages[0].grades[g].students);
}

TEST(IndicatorsForYear, LargeClassShareFailsOnceProjectedPupilsOutgrowTheClasses) {
    const CityData c = growingCity();
    const ProjectionResult p = projectGrowing(c);
    const YearIndicators y2020 = computeIndicatorsForYear(c, p, 2020);
    const YearIndicators y2021 = computeIndicatorsForYear(c, p, 2021);
    const YearIndicators y2022 = computeIndicatorsForYear(c, p, 2022);
    const Indicator& l20 = item(y2020.areas, "city", "large_class_share");
    const Indicator& l21 = item(y2021.areas, "city", "large_class_share");
    const Indicator& l22 = item(y2022.areas, "city", "large_class_share");
    EXPECT_DOUBLE_EQ(l20.numerator, 0.0);
    EXPECT_DOUBLE_EQ(l20.denominator, 18.0);
    EXPECT_EQ(l20.pass, true);
    EXPECT_DOUBLE_EQ(l21.numerator, 2.0);
    EXPECT_DOUBLE_EQ(l21.denominator, 18.0);
    EXPECT_EQ(l21.pass, false);
    EXPECT_DOUBLE_EQ(l22.numerator, 4.0);
    EXPECT_DOUBLE_EQ(item(y2022.areas, "city", "huge_class_share").numerator, 4.0);
    // Standardised schools are a record: A and B are not standardised in any year.
    EXPECT_DOUBLE_EQ(item(y2022.areas, "city", "standardised_public").denominator, 2.0);
    // The seed's date is end 2018: every projected year is past it.
    EXPECT_EQ(y2021.deadlineYear, 2018);
    EXPECT_TRUE(y2021.due);
    IndicatorTargets later;
    later.deadlineYear = 2022;
    EXPECT_FALSE(computeIndicatorsForYear(c, p, 2021, later).due);
    EXPECT_TRUE(computeIndicatorsForYear(c, p, 2022, later).due);
}

TEST(IndicatorsForYear, TheBaseYearEqualsTheBaseYearIndicators) {
    const CityData c = growingCity();
    const auto base = computeIndicators(c);
    const auto year = computeIndicatorsForYear(c, projectGrowing(c), 2020).areas;
    ASSERT_EQ(year.size(), base.size());
    for (std::size_t a = 0; a < base.size(); ++a) {
        ASSERT_EQ(year[a].items.size(), base[a].items.size());
        for (std::size_t k = 0; k < base[a].items.size(); ++k) {
            EXPECT_NEAR(year[a].items[k].numerator, base[a].items[k].numerator, 1e-9)
                << base[a].items[k].key;
            EXPECT_NEAR(year[a].items[k].denominator, base[a].items[k].denominator, 1e-9)
                << base[a].items[k].key;
            EXPECT_EQ(year[a].items[k].pass, base[a].items[k].pass) << base[a].items[k].key;
        }
    }
}

// Teachers per 100 pupils, district D, primary (basic balance):
//   2020: A 30/600 × 100 = 5, B 15/300 × 100 = 5 → CV 0.
//   2021: A 30/650 × 100 = 60/13, B 5; weights 650, 300; mean = 4500/950 = 90/19;
//         deviations −30/247 and 65/247; S² = (13/19)(900/247²) + (6/19)(4225/247²)
//         = 1950/247², S = √1950/247; CV = S / mean = √1950/1170 = 0.0377426.
TEST(BalanceCoefficientsForYear, PerStudentTeachersSpreadAsTownsGrowApart) {
    const CityData c = growingCity();
    const ProjectionResult p = projectGrowing(c);
    const auto y2020 = balanceCoefficientsForYear(c, p, 2020);
    const auto y2021 = balanceCoefficientsForYear(c, p, 2021);
    ASSERT_EQ(y2021.size(), 2U); // primary and junior of D
    ASSERT_EQ(y2021[0].stage, Stage::Primary);
    ASSERT_TRUE(y2020[0].cv[0].has_value());
    EXPECT_NEAR(*y2020[0].cv[0], 0.0, 1e-12);
    ASSERT_TRUE(y2021[0].cv[0].has_value());
    EXPECT_NEAR(*y2021[0].cv[0], std::sqrt(1950.0) / 1170.0, 1e-12);
    const auto base = balanceCoefficients(c);
    EXPECT_EQ(*y2020[0].cv[0], *base[0].cv[0]);
    EXPECT_EQ(y2020[0].schools, base[0].schools);
}

// Resources of T1, primary (19 pupils per teacher, central land 9.4 m² per pupil in an urban
// town, floor 6.6 m²):
//   2020: missing 60 seats → 60/19 = 3.158 teachers, 564 m² land, 396 m² floor; enrolment 600
//         needs 600/19 = 31.579 teachers against 30 on record: gap 1.579.
//   2021: missing 110 → 5.789 teachers, 1,034 m² land, 726 m² floor; 650/19 = 34.211, gap 4.211.
TEST(ResourcesForYear, TeachersAndLandFollowTheYearsShortfall) {
    const CityData c = growingCity();
    const ProjectionResult p = projectGrowing(c);
    const auto r2020 = computeResources(c, computeSeatBalanceForYear(c, p, 2020));
    const auto r2021 = computeResources(c, computeSeatBalanceForYear(c, p, 2021));
    const AreaResources& a20 = resourceRow(r2020, "T1", Stage::Primary);
    const AreaResources& a21 = resourceRow(r2021, "T1", Stage::Primary);
    EXPECT_NEAR(a20.missingSeats, 60.0, 1e-9);
    EXPECT_NEAR(a20.teachersForMissing, 60.0 / 19.0, 1e-9);
    EXPECT_NEAR(a20.teacherGap, 600.0 / 19.0 - 30.0, 1e-9);
    EXPECT_NEAR(a21.missingSeats, 110.0, 1e-9);
    EXPECT_NEAR(a21.teachersForMissing, 110.0 / 19.0, 1e-9);
    EXPECT_NEAR(a21.landForMissingM2, 1034.0, 1e-9);
    EXPECT_NEAR(a21.floorForMissingM2, 726.0, 1e-9);
    EXPECT_NEAR(a21.teachersOnRecord, 30.0, 1e-12);
    EXPECT_NEAR(a21.teacherGap, 650.0 / 19.0 - 30.0, 1e-9);
    // The base year through the year path equals the base-year path.
    const auto base = computeResources(c, computeSeatBalance(c));
    ASSERT_EQ(base.size(), r2020.size());
    for (std::size_t i = 0; i < base.size(); ++i) {
        EXPECT_EQ(base[i].code, r2020[i].code);
        EXPECT_NEAR(base[i].missingSeats, r2020[i].missingSeats, 1e-9) << base[i].code;
        EXPECT_NEAR(base[i].teachersForEnrolment, r2020[i].teachersForEnrolment, 1e-9);
        EXPECT_NEAR(base[i].landForMissingM2, r2020[i].landForMissingM2, 1e-6);
    }
}

TEST(SeatBalanceForYear, LargeClassesFollowTheProjectedPupils) {
    const CityData c = growingCity();
    const ProjectionResult p = projectGrowing(c);
    const SeatBalance b = computeSeatBalanceForYear(c, p, 2022);
    const AreaStageBalance& t1 = b.towns[stageIndex(Stage::Primary)]; // T1 is the first town
    EXPECT_EQ(t1.largeClasses, 4);
    EXPECT_EQ(t1.hugeClasses, 4);
    EXPECT_NEAR(t1.demand, 700.0, 1e-9);
    ASSERT_EQ(b.schools.size(), 2U);
    EXPECT_EQ(b.schools[0].enrolment, 700); // 150 + 150 + 4 × 100
    EXPECT_EQ(computeSeatBalanceForYear(c, p, 2020).towns[stageIndex(Stage::Primary)].largeClasses,
              0);
}

// ---- Allocation of several years on one point list --------------------------------------------

School primaryAt(const std::string& id, PointM at, int classes) {
    School s;
    s.id = id;
    s.name = id;
    s.townCode = "T1";
    s.location = at;
    StageProvision p;
    p.stage = Stage::Primary;
    p.grades.push_back({1, classes, 0, 0});
    s.stages.push_back(p);
    return s;
}

// Schools A (0, 0) with 1 class = 45 seats and B (1000, 0) with 45 seats; points p0 (100, 0),
// p1 (900, 0), p2 (400, 0), all in T1.
//   Year 1: p0 40, p1 40, p2 0 → each to its nearest school: objective 40·100 + 40·100 = 8,000 m.
//   Year 2: p0 40, p1 40, p2 20 → 100 children for 90 seats. p2 is 400 m from A, 600 m from B:
//     A takes p0 40 + p2 5 (45), B takes p1 40 + p2 5 (45), 10 of p2 unplaced at the penalty
//     1,000 km: 4,000 + 2,000 + 4,000 + 3,000 + 10·1,000,000 = 10,013,000 m.
TEST(AllocationYears, OnePointListCarriesEveryYearAndWarmStartsFromThePreviousOne) {
    CityData c;
    c.regions.cityCode = "C";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", true, 10.0}};
    c.schools = {primaryAt("A", {0, 0}, 1), primaryAt("B", {1000, 0}, 1)};
    const std::vector<DemandPoint> grid{{{100, 0}, 0, 1}, {{900, 0}, 0, 1}, {{400, 0}, 0, 1}};
    const std::vector<std::int64_t> year1{40, 40, 0}, year2{40, 40, 20}, maxOfYears{40, 40, 20};
    const AllocationProblem list =
        buildAllocationProblem(c, Stage::Primary, grid, maxOfYears, {}, nullptr);
    const AllocationProblem p1 = withDemand(list, year1);
    const AllocationProblem p2 = withDemand(list, year2);
    ASSERT_EQ(p1.points.size(), 3U); // p2 kept with 0 children
    EXPECT_EQ(p1.points[2].demand, 0);
    const AllocationResult r1 = allocate(c, p1);
    EXPECT_NEAR(r1.transport->objectiveMeters, 8000.0, 1e-6);
    EXPECT_EQ(r1.city.demand, 80);
    EXPECT_EQ(r1.pieces.size(), 2U); // no piece for the point without children
    const AllocationResult warm = allocate(c, p2, &r1);
    const AllocationResult cold = allocate(c, p2);
    EXPECT_TRUE(warm.transport->warmStarted);
    EXPECT_FALSE(cold.transport->warmStarted);
    EXPECT_NEAR(warm.transport->objectiveMeters, 10013000.0, 1e-6);
    EXPECT_EQ(warm.transport->objectiveCentimeters, cold.transport->objectiveCentimeters);
    EXPECT_EQ(warm.city.unplaced, 10);
    for (std::size_t j = 0; j < 2; ++j)
        EXPECT_EQ(warm.schools[j].assigned, cold.schools[j].assigned);
    EXPECT_EQ(warm.schools[0].assigned, 45);
    // Children at a grid point outside the list cannot be carried.
    const AllocationProblem narrow =
        buildAllocationProblem(c, Stage::Primary, grid, year1, {}, nullptr);
    EXPECT_THROW((void)withDemand(narrow, year2), std::invalid_argument);
    // Zones and nearest skip the points without children as well.
    AllocationConfig nearest;
    nearest.mode = AllocationMode::Nearest;
    const AllocationProblem n1 = withDemand(
        buildAllocationProblem(c, Stage::Primary, grid, maxOfYears, nearest, nullptr), year1);
    EXPECT_EQ(allocate(c, n1).pieces.size(), 2U);
}

// A larger instance, deterministic pseudo-random: 400 points and 12 schools (1–4 classes of 45)
// over 10 km; demand changes every "year" (some points drop to 0, some appear, totals below and
// then above the seats, so later years evict children from full schools).
// Each warm-started year must reach the cold optimum exactly (integer centimetres) with the same
// children per school (no ties: coordinates are distinct irrational-looking values).
TEST(AllocationYears, WarmStartedYearsEqualColdSolves) {
    CityData c;
    c.regions.cityCode = "C";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", false, 10.0}};
    std::uint64_t state = 12345;
    const auto next = [&]() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0; // [0, 1)
    };
    for (int j = 0; j < 12; ++j)
        c.schools.push_back(primaryAt("S" + std::to_string(j), {next() * 10000.0, next() * 10000.0},
                                      1 + static_cast<int>(next() * 4.0)));
    std::vector<DemandPoint> grid;
    grid.reserve(400);
    for (int i = 0; i < 400; ++i)
        grid.push_back({{next() * 10000.0, next() * 10000.0}, 0, 1});
    std::vector<std::vector<std::int64_t>> years(4, std::vector<std::int64_t>(grid.size()));
    std::vector<std::int64_t> maxOfYears(grid.size(), 0);
    for (std::size_t y = 0; y < years.size(); ++y)
        for (std::size_t i = 0; i < grid.size(); ++i) {
            const double u = next();
            // About 0.8 × (2 + 1.5·y) children per point: 640 in year 0, below the ≈ 1,350
            // seats, 2,080 in year 3, above them; a fifth of the points are empty each year.
            years[y][i] =
                u < 0.2 ? 0
                        : static_cast<std::int64_t>(next() * (4.0 + 3.0 * static_cast<double>(y)));
            maxOfYears[i] = std::max(maxOfYears[i], years[y][i]);
        }
    const AllocationProblem list =
        buildAllocationProblem(c, Stage::Primary, grid, maxOfYears, {}, nullptr);
    std::optional<AllocationResult> previous;
    for (const auto& demand : years) {
        const AllocationProblem pb = withDemand(list, demand);
        AllocationResult warm = allocate(c, pb, previous ? &*previous : nullptr);
        const AllocationResult cold = allocate(c, pb);
        EXPECT_EQ(warm.transport->warmStarted, previous.has_value());
        EXPECT_EQ(warm.transport->objectiveCentimeters, cold.transport->objectiveCentimeters);
        EXPECT_EQ(warm.city.unplaced, cold.city.unplaced);
        EXPECT_EQ(warm.city.assigned + warm.city.unplaced, warm.city.demand);
        for (std::size_t j = 0; j < warm.schools.size(); ++j)
            EXPECT_EQ(warm.schools[j].assigned, cold.schools[j].assigned) << "school " << j;
        EXPECT_TRUE(checkTransportCertificate(transportProblemOf(pb), *warm.transport).valid);
        previous = std::move(warm);
    }
    EXPECT_GT(previous->city.unplaced, 0); // the last year is above the seats
}

} // namespace
} // namespace xw::core
