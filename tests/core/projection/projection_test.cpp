// Cohort-component projection, enrolment demand, calibration, back-test, Monte Carlo and 学位预警.
// Reference values are worked by hand in the comments beside them.
#include <xw/core/detail/leslie.hpp>
#include <xw/core/projection/backtest.hpp>
#include <xw/core/projection/monte_carlo.hpp>
#include <xw/core/projection/projection.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace {

using namespace xw::core;

/// A city "C" with one district "D" and `towns` towns T0, T1, … whose population (ages
/// 0..maxAge, both categories) is all zero, base year 2020, and no births.
CityData emptyCity(int towns, int maxAge) {
    CityData city;
    city.name = "test";
    city.baseYear = 2020;
    city.regions.cityCode = "C";
    city.regions.districts.push_back({"D", "district"});
    city.population.year = 2020;
    for (int t = 0; t < towns; ++t) {
        const std::string code = "T" + std::to_string(t);
        city.regions.towns.push_back({code, code, "D", t == 0, 10.0});
        TownPopulation tp;
        tp.townCode = code;
        tp.persons.assign(static_cast<std::size_t>(maxAge + 1), {0.0, 0.0});
        city.population.towns.push_back(tp);
    }
    BirthsSeries b;
    b.areaCode = "C";
    b.byYear = {{2020, 0.0}, {2021, 0.0}};
    city.births.push_back(b);
    return city;
}

/// Survival 1 at every age, no newborn deaths: people only move, age and are born.
ProjectionConfig noDeaths(int horizon) {
    ProjectionConfig cfg;
    cfg.horizonYear = horizon;
    cfg.calibrate = false;
    cfg.assumptions.lifeTable.survivalByAge = {1.0};
    cfg.assumptions.lifeTable.newbornSurvival = 1.0;
    return cfg;
}

double persons(const ProjectionResult& r, int year, std::size_t town, int age, PopCategory c) {
    EXPECT_TRUE(year >= r.firstYear && year <= r.lastYear && age <= r.maxAge);
    return r.personsAt(year, town, age, c);
}

double demand(const ProjectionResult& r, int year, std::size_t town, Stage s, int grade,
              bool calibrated = false) {
    bool found = false;
    for (const GradeCohort& g : r.grades)
        found = found || (g.stage == s && g.grade == grade);
    EXPECT_TRUE(found) << "no demand for " << stageCode(s) << " grade " << grade;
    return r.demandAt(year, town, s, grade, calibrated ? DemandKind::Calibrated : DemandKind::Raw);
}

bool anyContains(const std::vector<std::string>& messages, const std::string& part) {
    for (const std::string& m : messages)
        if (m.find(part) != std::string::npos)
            return true;
    return false;
}

// ---- Hand-worked Leslie projection ------------------------------------------------------------

// Ages 0..3, survival s = (0.9, 0.8, 0.7, 0.6), newborn survival 0.5, closed top age.
// Base 2020 (registered): x = (10, 20, 30, 40). Births 2021: 100, 2022: 200.
// 2021: age0 = 100·0.5 = 50; age1 = 10·0.9 = 9; age2 = 20·0.8 = 16; age3 = 30·0.7 = 21;
//       aged out = 40·0.6 = 24; deaths = 10·0.1 + 20·0.2 + 30·0.3 + 40·0.4 + 100·0.5 = 80;
//       check: 100 − 80 − 24 + 100 = 96 = 50 + 9 + 16 + 21.
// 2022: age0 = 200·0.5 = 100; age1 = 50·0.9 = 45; age2 = 9·0.8 = 7.2; age3 = 16·0.7 = 11.2.
class HandLeslie : public ::testing::Test {
protected:
    void SetUp() override {
        city = emptyCity(1, 3);
        auto& p = city.population.towns[0].persons;
        p[0][0] = 10;
        p[1][0] = 20;
        p[2][0] = 30;
        p[3][0] = 40;
        city.births[0].byYear = {{2020, 100.0}, {2021, 100.0}, {2022, 200.0}};
        cfg.horizonYear = 2022;
        cfg.calibrate = false;
        cfg.assumptions.lifeTable.survivalByAge = {0.9, 0.8, 0.7, 0.6};
        cfg.assumptions.lifeTable.newbornSurvival = 0.5;
    }
    CityData city;
    ProjectionConfig cfg;
};

TEST_F(HandLeslie, ProjectionMatchesTheHandWorkedArithmetic) {
    const ProjectionResult r = project(city, cfg);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    const auto reg = PopCategory::Registered;
    EXPECT_NEAR(persons(r, 2021, 0, 0, reg), 50.0, 1e-12);
    EXPECT_NEAR(persons(r, 2021, 0, 1, reg), 9.0, 1e-12);
    EXPECT_NEAR(persons(r, 2021, 0, 2, reg), 16.0, 1e-12);
    EXPECT_NEAR(persons(r, 2021, 0, 3, reg), 21.0, 1e-12);
    EXPECT_NEAR(persons(r, 2022, 0, 0, reg), 100.0, 1e-12);
    EXPECT_NEAR(persons(r, 2022, 0, 1, reg), 45.0, 1e-12);
    EXPECT_NEAR(persons(r, 2022, 0, 2, reg), 7.2, 1e-12);
    EXPECT_NEAR(persons(r, 2022, 0, 3, reg), 11.2, 1e-12);
    // Components of 2020 → 2021, registered.
    const ComponentRow& c = r.components.front();
    EXPECT_EQ(c.year, 2021);
    EXPECT_NEAR(c.births, 100.0, 1e-12);
    EXPECT_NEAR(c.deaths, 80.0, 1e-12);
    EXPECT_NEAR(c.agedOut, 24.0, 1e-12);
    EXPECT_NEAR(c.personsAfter, 96.0, 1e-12);
}

TEST_F(HandLeslie, ProjectionEqualsShiftMatrixTimesPopulationPlusBirths) {
    const Eigen::MatrixXd l = detail::shiftMatrix({0.9, 0.8, 0.7, 0.6}, false);
    EXPECT_DOUBLE_EQ(l(1, 0), 0.9);
    EXPECT_DOUBLE_EQ(l(3, 2), 0.7);
    EXPECT_DOUBLE_EQ(l(3, 3), 0.0);
    EXPECT_DOUBLE_EQ(l(0, 0), 0.0);
    Eigen::Vector4d x(10, 20, 30, 40);
    Eigen::Vector4d x1 = l * x;
    x1(0) = 100 * 0.5;
    const ProjectionResult r = project(city, cfg);
    ASSERT_TRUE(r.ok());
    for (int a = 0; a < 4; ++a)
        EXPECT_NEAR(persons(r, 2021, 0, a, PopCategory::Registered), x1(a), 1e-12) << a;
}

TEST_F(HandLeslie, OpenTopAgeKeepsItsSurvivors) {
    cfg.assumptions.openEndedTopAge = true;
    EXPECT_DOUBLE_EQ(detail::shiftMatrix({0.9, 0.8, 0.7, 0.6}, true)(3, 3), 0.6);
    const ProjectionResult r = project(city, cfg);
    ASSERT_TRUE(r.ok());
    // 2021 age 3 = 30·0.7 + 40·0.6 = 21 + 24 = 45; nothing ages out.
    EXPECT_NEAR(persons(r, 2021, 0, 3, PopCategory::Registered), 45.0, 1e-12);
    EXPECT_NEAR(r.components.front().agedOut, 0.0, 1e-12);
}

// ---- Births path -----------------------------------------------------------------------------

TEST(ProjectionBirths, GapsAreInterpolatedAndTheVariantRateExtendsTheSeries) {
    CityData city = emptyCity(2, 3);
    city.population.towns[0].persons[0][0] = 30; // T0 has 3/4 of the base-year ages 0..2
    city.population.towns[1].persons[1][1] = 10; // T1 1/4, all migrant
    city.births[0].byYear = {{2020, 100.0}, {2022, 200.0}};
    ProjectionConfig cfg = noDeaths(2024);
    cfg.assumptions.births.variant = FertilityVariant::Low; // −4 % a year by default
    const ProjectionResult r = project(city, cfg);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    ASSERT_EQ(r.cityBirths.size(), 5u);
    EXPECT_DOUBLE_EQ(r.cityBirths[1], 150.0);                // (100 + 200) / 2
    EXPECT_DOUBLE_EQ(r.cityBirths[2], 200.0);                // datum
    EXPECT_DOUBLE_EQ(r.cityBirths[3], 200.0 * 0.96);         // 192
    EXPECT_NEAR(r.cityBirths[4], 200.0 * 0.96 * 0.96, 1e-9); // 184.32
    // Town shares 3/4 registered in T0, 1/4 migrant in T1.
    EXPECT_NEAR(persons(r, 2021, 0, 0, PopCategory::Registered), 112.5, 1e-12);
    EXPECT_NEAR(persons(r, 2021, 1, 0, PopCategory::Migrant), 37.5, 1e-12);
    EXPECT_NEAR(persons(r, 2021, 1, 0, PopCategory::Registered), 0.0, 1e-12);
}

TEST(ProjectionBirths, DistrictSeriesAreUsedWhenEveryDistrictHasOne) {
    CityData city = emptyCity(2, 3);
    city.regions.districts.push_back({"E", "east"});
    city.regions.towns[1].districtCode = "E";
    city.population.towns[0].persons[0][0] = 10;
    city.population.towns[1].persons[0][0] = 10;
    city.births = {{"D", {{2021, 40.0}}}, {"E", {{2021, 60.0}}}};
    const ProjectionResult r = project(city, noDeaths(2021));
    ASSERT_TRUE(r.ok()) << r.errors.front();
    EXPECT_NEAR(persons(r, 2021, 0, 0, PopCategory::Registered), 40.0, 1e-12);
    EXPECT_NEAR(persons(r, 2021, 1, 0, PopCategory::Registered), 60.0, 1e-12);
}

// ---- Grade progression -----------------------------------------------------------------------

TEST(ProjectionDemand, ACohortMovesThroughPrimaryThenJuniorYearByYear) {
    // 10 children aged 6 in 2020 and nobody else; no deaths, births or migration.
    CityData city = emptyCity(1, 18);
    city.population.towns[0].persons[6][0] = 10;
    const ProjectionResult r = project(city, noDeaths(2030));
    ASSERT_TRUE(r.ok()) << r.errors.front();
    for (int g = 1; g <= 6; ++g) {
        const int year = 2020 + g - 1;
        EXPECT_DOUBLE_EQ(demand(r, year, 0, Stage::Primary, g), 10.0) << "grade " << g;
        EXPECT_DOUBLE_EQ(r.stageDemand(year, 0, Stage::Primary, DemandKind::Raw), 10.0) << year;
        EXPECT_DOUBLE_EQ(r.stageDemand(year, 0, Stage::Junior, DemandKind::Raw), 0.0) << year;
    }
    for (int g = 1; g <= 3; ++g) {
        const int year = 2026 + g - 1; // junior grade 1 in t + 6
        EXPECT_DOUBLE_EQ(demand(r, year, 0, Stage::Junior, g), 10.0) << "junior grade " << g;
        EXPECT_DOUBLE_EQ(r.stageDemand(year, 0, Stage::Primary, DemandKind::Raw), 0.0) << year;
    }
    EXPECT_DOUBLE_EQ(r.stageDemand(2029, 0, Stage::Junior, DemandKind::Raw), 0.0);
    // Senior grade 1 in 2029 at the 普高 share of the 高中阶段 target: 10 × 0.95 × 0.5.
    EXPECT_NEAR(demand(r, 2029, 0, Stage::Senior, 1), 4.75, 1e-12);
}

TEST(ProjectionDemand, MigrantChildrenAreCountedSeparately) {
    CityData city = emptyCity(1, 18);
    city.population.towns[0].persons[7][0] = 30;
    city.population.towns[0].persons[7][1] = 10;
    const ProjectionResult r = project(city, noDeaths(2020));
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r.demandAt(2020, 0, Stage::Primary, 2, DemandKind::Raw), 40.0);
    EXPECT_DOUBLE_EQ(r.demandAt(2020, 0, Stage::Primary, 2, DemandKind::Migrant), 10.0);
    // Special education: prevalence 0.002 × 40 children aged 7 (grade 2 of 1..9).
    EXPECT_NEAR(demand(r, 2020, 0, Stage::Special, 2), 0.08, 1e-12);
}

// ---- Housing ---------------------------------------------------------------------------------

// 100 dwellings completed 2022, 3.2 persons each, ramp 50 % then 100 %, movers: 10 % aged 2.
// Children aged 2 moving in: 2022: 100·3.2·0.5·0.1 = 16; 2023: another 16; none after.
// Kindergarten grade 1 (age 3): 2023 the first 16, 2024 the second 16 (× target 0.98 = 15.68).
// Primary grade 1 (age 6): 2026 the first 16, 2027 the second.
TEST(ProjectionHousing, AnEstatesChildrenEnterKindergartenAndSchoolOnSchedule) {
    CityData city = emptyCity(2, 18);
    HousingProject hp;
    hp.id = "H1";
    hp.townCode = "T1";
    hp.dwellings = 100;
    hp.completionYear = 2022;
    city.housing.push_back(hp);
    ProjectionConfig cfg = noDeaths(2028);
    cfg.assumptions.housing.occupancyRamp = {0.5, 1.0};
    cfg.assumptions.housing.moverAgeShare.assign(19, 0.0);
    cfg.assumptions.housing.moverAgeShare[2] = 0.1;
    const ProjectionResult r = project(city, cfg);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    EXPECT_DOUBLE_EQ(persons(r, 2021, 1, 2, PopCategory::Registered), 0.0);
    EXPECT_NEAR(persons(r, 2022, 1, 2, PopCategory::Registered), 16.0, 1e-12);
    EXPECT_NEAR(persons(r, 2023, 1, 2, PopCategory::Registered), 16.0, 1e-12);
    EXPECT_NEAR(persons(r, 2024, 1, 2, PopCategory::Registered), 0.0, 1e-12);
    EXPECT_NEAR(demand(r, 2022, 1, Stage::Kindergarten, 1), 0.0, 1e-12);
    EXPECT_NEAR(demand(r, 2023, 1, Stage::Kindergarten, 1), 15.68, 1e-12);
    EXPECT_NEAR(demand(r, 2024, 1, Stage::Kindergarten, 1), 15.68, 1e-12);
    EXPECT_NEAR(demand(r, 2024, 1, Stage::Kindergarten, 2), 15.68, 1e-12);
    EXPECT_NEAR(r.stageDemand(2025, 1, Stage::Kindergarten, DemandKind::Raw), 2 * 15.68, 1e-12);
    EXPECT_NEAR(demand(r, 2025, 1, Stage::Primary, 1), 0.0, 1e-12);
    EXPECT_NEAR(demand(r, 2026, 1, Stage::Primary, 1), 16.0, 1e-12);
    EXPECT_NEAR(demand(r, 2027, 1, Stage::Primary, 1), 16.0, 1e-12);
    EXPECT_NEAR(demand(r, 2027, 1, Stage::Primary, 2), 16.0, 1e-12);
    // The other town is untouched.
    EXPECT_DOUBLE_EQ(r.stageDemand(2027, 0, Stage::Primary, DemandKind::Raw), 0.0);
}

TEST(ProjectionHousing, ADelayShiftsMoveInsByThatManyYears) {
    CityData city = emptyCity(1, 18);
    HousingProject hp;
    hp.id = "H1";
    hp.townCode = "T0";
    hp.dwellings = 100;
    hp.completionYear = 2022;
    city.housing.push_back(hp);
    ProjectionConfig cfg = noDeaths(2025);
    cfg.assumptions.housing.occupancyRamp = {1.0};
    cfg.assumptions.housing.moverAgeShare.assign(19, 0.0);
    cfg.assumptions.housing.moverAgeShare[0] = 0.05; // 100·3.2·0.05 = 16 babies
    cfg.assumptions.housing.delayYears = 2;
    const ProjectionResult r = project(city, cfg);
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(persons(r, 2023, 0, 0, PopCategory::Registered), 0.0);
    EXPECT_NEAR(persons(r, 2024, 0, 0, PopCategory::Registered), 16.0, 1e-12);
    EXPECT_NEAR(persons(r, 2025, 0, 1, PopCategory::Registered), 16.0, 1e-12);
}

// ---- Conservation ----------------------------------------------------------------------------

CityData busyCity() {
    CityData city = emptyCity(3, 18);
    for (int t = 0; t < 3; ++t)
        for (int a = 0; a <= 18; ++a) {
            city.population.towns[t].persons[a][0] = 100.0 + 7.0 * a + 13.0 * t;
            city.population.towns[t].persons[a][1] = 20.0 + 3.0 * a + 5.0 * t;
        }
    city.births[0].byYear = {{2019, 1200.0}, {2021, 1100.0}, {2023, 1000.0}};
    for (int i = 0; i < 4; ++i) {
        HousingProject hp;
        hp.id = "H" + std::to_string(i);
        hp.townCode = "T" + std::to_string(i % 3);
        hp.dwellings = 500 + 100 * i;
        hp.completionYear = 2021 + i;
        city.housing.push_back(hp);
    }
    return city;
}

ProjectionConfig busyConfig() {
    ProjectionConfig cfg;
    cfg.horizonYear = 2035;
    cfg.calibrate = false;
    cfg.assumptions.migration.netRatePerYearByAge[0] = {-0.01};
    cfg.assumptions.migration.netRatePerYearByAge[1] = {0.02};
    TownMigration tm;
    tm.townCode = "T2";
    tm.netRatePerYearByAge[0] = std::vector<double>(19, -0.03);
    tm.migrantInflowPersonsPerYear = 50.0;
    cfg.assumptions.migration.towns.push_back(tm);
    cfg.assumptions.housing.migrantShare = 0.2;
    return cfg;
}

TEST(ProjectionConservation, PeopleThisYearAreLastYearMinusDeathsPlusBirthsAndMigration) {
    const CityData city = busyCity();
    const ProjectionResult r = project(city, busyConfig());
    ASSERT_TRUE(r.ok()) << r.errors.front();
    ASSERT_EQ(r.components.size(), 15u * 3u * 2u);
    double totalDeaths = 0.0;
    double totalHousing = 0.0;
    double totalMigration = 0.0;
    for (const ComponentRow& c : r.components) {
        EXPECT_NEAR(c.personsAfter,
                    c.personsBefore - c.deaths - c.agedOut + c.births + c.migration + c.housing,
                    1e-9)
            << c.year << " town " << c.town;
        // The component's "after" is the sum of the population rows.
        double sum = 0.0;
        for (int a = 0; a <= r.maxAge; ++a)
            sum += r.personsAt(c.year, c.town, a, c.category);
        EXPECT_NEAR(sum, c.personsAfter, 1e-9);
        totalDeaths += c.deaths;
        totalHousing += c.housing;
        totalMigration += c.migration;
    }
    EXPECT_GT(totalDeaths, 0.0);
    EXPECT_GT(totalHousing, 0.0);
    EXPECT_NE(totalMigration, 0.0);
}

// ---- Calibration and back-test ---------------------------------------------------------------

School primarySchool(const std::string& town, std::vector<int> studentsByGrade) {
    School s;
    s.id = "S" + town;
    s.townCode = town;
    StageProvision p;
    p.stage = Stage::Primary;
    for (std::size_t g = 0; g < studentsByGrade.size(); ++g)
        p.grades.push_back({static_cast<int>(g) + 1, 2, studentsByGrade[g], 0});
    s.stages.push_back(p);
    return s;
}

TEST(ProjectionCalibration, CountyWideStagesAreCalibratedAndBackTestedPerDistrict) {
    // A senior high in T0 only: its pupils come from all three towns of district D. Per-town
    // factors would be 0 in T1 and T2; the district factor reproduces the district total and
    // spreads it over the towns by their residents, and the back-test compares one row per
    // district and grade.
    CityData city = busyCity();
    School sr;
    sr.id = "SR";
    sr.townCode = "T0";
    sr.stages.push_back({Stage::Senior, {{1, 8, 400, 0}, {2, 8, 380, 0}, {3, 8, 360, 0}}, 0});
    city.schools.push_back(sr);
    ProjectionConfig cfg = busyConfig();
    cfg.calibrate = true;
    const ProjectionResult r = project(city, cfg);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    double total = 0.0;
    for (std::size_t t = 0; t < 3; ++t) {
        const double d = r.demandAt(2020, t, Stage::Senior, 1, DemandKind::Calibrated);
        EXPECT_GT(d, 0.0) << "town " << t << " keeps its senior-age children";
        total += d;
    }
    EXPECT_NEAR(total, 400.0, 1e-9);

    const BackTestResult bt = backTest(city, cfg, observedEnrolment(city));
    ASSERT_TRUE(bt.ok());
    int seniorRows = 0;
    for (const BackTestRow& row : bt.rows)
        if (row.observed.stage == Stage::Senior) {
            ++seniorRows;
            EXPECT_EQ(row.observed.townCode, "D");
            EXPECT_NEAR(row.error, 0.0, 1e-9); // calibrated on this very year
        }
    EXPECT_EQ(seniorRows, 3);
}

TEST(ProjectionCalibration, TheBaseYearReproducesObservedEnrolmentByGrade) {
    CityData city = busyCity();
    city.schools.push_back(primarySchool("T0", {90, 95, 100, 105, 110, 115}));
    city.schools.push_back(primarySchool("T1", {200, 0, 180, 170, 160, 150}));
    ProjectionConfig cfg = busyConfig();
    cfg.calibrate = true;
    const ProjectionResult r = project(city, cfg);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    const int t0[] = {90, 95, 100, 105, 110, 115};
    const int t1[] = {200, 0, 180, 170, 160, 150};
    for (int g = 1; g <= 6; ++g) {
        EXPECT_NEAR(demand(r, 2020, 0, Stage::Primary, g, true), t0[g - 1], 1e-9) << g;
        EXPECT_NEAR(demand(r, 2020, 1, Stage::Primary, g, true), t1[g - 1], 1e-9) << g;
        // T2 has no school: calibrated demand there is 0 in every year.
        EXPECT_NEAR(demand(r, 2030, 2, Stage::Primary, g, true), 0.0, 1e-12) << g;
    }
    // Later years: the same factor per town × grade times the raw demand.
    for (const CalibrationRow& c : r.calibration)
        if (c.town == 0 && c.stage == Stage::Primary && c.grade == 3) {
            // Raw demand at age 8 in T0 2020 = 100 + 7·8 + 20 + 3·8 = 200 → factor 100 / 200.
            EXPECT_NEAR(c.modelled, 200.0, 1e-12);
            EXPECT_NEAR(c.factor, 0.5, 1e-12);
            EXPECT_NEAR(demand(r, 2027, 0, Stage::Primary, 3, true),
                        0.5 * demand(r, 2027, 0, Stage::Primary, 3), 1e-9);
        }
}

TEST(ProjectionBackTest, ErrorsAreProjectedMinusObserved) {
    CityData city = emptyCity(1, 18);
    city.population.towns[0].persons[6][0] = 10;
    city.population.towns[0].persons[7][0] = 20;
    std::vector<ObservedEnrolment> observed{
        {2021, "T0", Stage::Primary, 2, 12.0}, // projected 10 → error −2
        {2022, "T0", Stage::Primary, 0, 25.0}, // grades 3 + 4 = 10 + 20 = 30 → +5
        {2022, "T9", Stage::Primary, 0, 25.0}, // unknown town: reported, not compared
    };
    const BackTestResult r = backTest(city, noDeaths(2020), observed);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_DOUBLE_EQ(r.rows[0].projectedCalibrated, 10.0);
    EXPECT_DOUBLE_EQ(r.rows[0].error, -2.0);
    EXPECT_EQ(r.rows[0].yearsAhead, 1);
    EXPECT_DOUBLE_EQ(r.rows[1].projectedCalibrated, 30.0);
    EXPECT_DOUBLE_EQ(r.rows[1].error, 5.0);
    EXPECT_TRUE(anyContains(r.warnings, "T9"));
    ASSERT_EQ(r.stages.size(), 1u);
    EXPECT_DOUBLE_EQ(r.stages[0].meanAbsoluteError, 3.5);                             // (2 + 5) / 2
    EXPECT_NEAR(r.stages[0].meanAbsolutePercentError, (200.0 / 12 + 20.0) / 2, 1e-9); // 18.33
}

TEST(ProjectionBackTest, ObservedEnrolmentSumsSchoolsPerTownStageAndGrade) {
    CityData city = emptyCity(1, 18);
    city.schools.push_back(primarySchool("T0", {10, 20}));
    city.schools.push_back(primarySchool("T0", {5, 5}));
    const auto obs = observedEnrolment(city);
    ASSERT_EQ(obs.size(), 2u);
    EXPECT_EQ(obs[0].year, 2020);
    EXPECT_EQ(obs[0].grade, 1);
    EXPECT_DOUBLE_EQ(obs[0].students, 15.0);
    EXPECT_DOUBLE_EQ(obs[1].students, 25.0);
}

// ---- Bad assumptions -------------------------------------------------------------------------

TEST(ProjectionErrors, ANegativeRateBelowMinusOneIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.migration.netRatePerYearByAge[0] = {-1.5};
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "-1.5")) << r.errors.front();
    EXPECT_TRUE(r.persons.empty());
}

TEST(ProjectionErrors, ASurvivalAboveOneIsNamedWithItsAge) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.lifeTable.survivalByAge = {0.99, 1.2};
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "age 1 is 1.2")) << r.errors.front();
}

TEST(ProjectionErrors, AHorizonBeforeTheBaseYearIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.horizonYear = 2015;
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "2015")) << r.errors.front();
}

TEST(ProjectionErrors, YearsBeforeTheBirthsDataAreNamed) {
    CityData city = busyCity();
    city.births[0].byYear = {{2023, 1000.0}};
    const ProjectionResult r = project(city, busyConfig());
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "no data for 2021")) << r.errors.front();
}

TEST(ProjectionErrors, AnAgeProfileOfTheWrongLengthIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.housing.moverAgeShare = {0.1, 0.1};
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "has 2 ages; expected 19")) << r.errors.front();
}

TEST(ProjectionErrors, ABirthsChangeOfMinusOneOrBelowIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.births.annualChangeByVariant[2] = -1.0;
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "variant high is -1")) << r.errors.front();
}

TEST(ProjectionErrors, ADecreasingOccupancyRampIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.housing.occupancyRamp = {0.5, 0.4};
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "falls from 0.5 to 0.4")) << r.errors.front();
}

TEST(ProjectionErrors, MonteCarloSettingsAreChecked) {
    MonteCarloConfig mc;
    mc.projection = busyConfig();
    mc.draws = 0;
    mc.uncertainty.housingDelayProbabilities = {0.5, 0.6};
    const MonteCarloResult r = runMonteCarlo(busyCity(), mc);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "draws 0"));
    EXPECT_TRUE(anyContains(r.errors, "sum to 1.1"));
    EXPECT_TRUE(r.cells.empty());
}

// ---- Monte Carlo -----------------------------------------------------------------------------

TEST(DeterministicRng, TheFirstUniformIsTheTop53BitsOfMt19937_64) {
    // The standard fixes mt19937_64's 10000th output for the default seed 5489:
    // 9981545732273789042 ([rand.predef]).
    std::mt19937_64 ref;
    ref.discard(9999);
    EXPECT_EQ(ref(), 9981545732273789042ULL);
    DeterministicRng rng(5489);
    std::mt19937_64 same(5489);
    EXPECT_EQ(rng.uniform(), static_cast<double>(same() >> 11) * 0x1.0p-53);
}

TEST(DeterministicRng, NormalsHaveMeanZeroAndUnitVariance) {
    DeterministicRng rng(42);
    double sum = 0.0;
    double sum2 = 0.0;
    constexpr int kN = 200000;
    for (int i = 0; i < kN; ++i) {
        const double z = rng.normal();
        sum += z;
        sum2 += z * z;
    }
    // Standard errors: mean 1/√n = 0.0022, variance √(2/n) = 0.0032; allow ~4 of them.
    EXPECT_NEAR(sum / kN, 0.0, 0.01);
    EXPECT_NEAR(sum2 / kN, 1.0, 0.015);
}

CityData cityWithSchools() {
    CityData city = busyCity();
    city.schools.push_back(primarySchool("T0", {90, 95, 100, 105, 110, 115}));
    city.schools.push_back(primarySchool("T1", {200, 190, 180, 170, 160, 150}));
    city.schools.push_back(primarySchool("T2", {150, 150, 150, 150, 150, 150}));
    return city;
}

bool sameCells(const MonteCarloResult& a, const MonteCarloResult& b) {
    if (a.cells.size() != b.cells.size())
        return false;
    for (std::size_t i = 0; i < a.cells.size(); ++i) {
        const WarningCell& x = a.cells[i];
        const WarningCell& y = b.cells[i];
        if (x.mean != y.mean || x.p10 != y.p10 || x.p50 != y.p50 || x.p90 != y.p90 ||
            x.probabilityOverSeats != y.probabilityOverSeats || x.level != y.level)
            return false;
    }
    return true;
}

TEST(MonteCarlo, AFixedSeedGivesIdenticalResultsWithOneOrTwoThreads) {
    MonteCarloConfig mc;
    mc.projection = busyConfig();
    mc.draws = 200;
    mc.seed = 12345;
    mc.threads = 1;
    const CityData city = cityWithSchools();
    const MonteCarloResult one = runMonteCarlo(city, mc);
    ASSERT_TRUE(one.ok()) << one.errors.front();
    mc.threads = 2;
    const MonteCarloResult two = runMonteCarlo(city, mc);
    const MonteCarloResult again = runMonteCarlo(city, mc);
    EXPECT_TRUE(sameCells(one, two));
    EXPECT_TRUE(sameCells(two, again));
    mc.seed = 54321;
    const MonteCarloResult other = runMonteCarlo(city, mc);
    EXPECT_FALSE(sameCells(one, other));
    // Spread exists where births are projected (2024 on) and quantiles are ordered.
    bool spread = false;
    for (const WarningCell& c : one.cells) {
        EXPECT_LE(c.p10, c.p50);
        EXPECT_LE(c.p50, c.p90);
        if (c.year == 2035 && c.stage == Stage::Primary && c.p90 > c.p10 + 1.0)
            spread = true;
    }
    EXPECT_TRUE(spread);
}

TEST(MonteCarlo, WithoutUncertaintyEveryDrawIsTheDeterministicProjection) {
    MonteCarloConfig mc;
    mc.projection = busyConfig();
    mc.projection.calibrate = true;
    mc.draws = 5;
    mc.uncertainty.birthsLogSdPerYear = 0.0;
    mc.uncertainty.migrationRateSd = 0.0;
    mc.uncertainty.housingDelayProbabilities = {1.0};
    const CityData city = cityWithSchools();
    const MonteCarloResult r = runMonteCarlo(city, mc);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    const ProjectionResult p = project(city, mc.projection);
    ASSERT_EQ(r.cells.size(), 16u * 3u * kStageCount);
    for (const WarningCell& c : r.cells) {
        const double det = p.stageDemand(c.year, c.town, c.stage);
        EXPECT_NEAR(c.deterministic, det, 1e-9);
        // float storage of draws: relative 6e-8.
        EXPECT_NEAR(c.p10, det, 1e-6 * (1.0 + det));
        EXPECT_NEAR(c.p90, det, 1e-6 * (1.0 + det));
        EXPECT_TRUE(c.probabilityOverSeats == 0.0 || c.probabilityOverSeats == 1.0);
    }
    // Base year, T0 primary: calibrated demand = enrolment 615; seats 6 grades × 2 classes × 45
    // = 540 → over seats in every draw, utilisation 615 / 540 = 1.139 → red.
    const WarningCell& c = r.cells[(0 * 3 + 0) * kStageCount + stageIndex(Stage::Primary)];
    EXPECT_EQ(c.year, 2020);
    EXPECT_DOUBLE_EQ(c.seats, 540.0);
    EXPECT_NEAR(c.p50, 615.0, 1e-3);
    EXPECT_DOUBLE_EQ(c.probabilityOverSeats, 1.0);
    EXPECT_EQ(c.level, WarningLevel::Red);
}

TEST(MonteCarlo, DistrictCellsAddUpTheirTownsInEveryDraw) {
    MonteCarloConfig mc;
    mc.projection = busyConfig();
    mc.draws = 50;
    mc.seed = 7;
    CityData city = cityWithSchools();
    city.regions.districts.push_back({"E", "east"}); // T2 alone in a second district
    city.regions.towns[2].districtCode = "E";
    const MonteCarloResult r = runMonteCarlo(city, mc);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    ASSERT_EQ(r.districtCodes.size(), 2u);
    ASSERT_EQ(r.districtCells.size(), 16u * city.regions.districts.size() * kStageCount);
    for (const WarningCell& d : r.districtCells) {
        double seats = 0.0;
        double det = 0.0;
        double mean = 0.0;
        for (const WarningCell& t : r.cells)
            if (t.year == d.year && t.stage == d.stage &&
                city.regions.towns[t.town].districtCode == r.districtCodes[d.town]) {
                seats += t.seats;
                det += t.deterministic;
                mean += t.mean;
            }
        EXPECT_DOUBLE_EQ(d.seats, seats);
        EXPECT_NEAR(d.deterministic, det, 1e-9 * (1.0 + det));
        // The mean of sums is the sum of means (up to float storage of the draws).
        EXPECT_NEAR(d.mean, mean, 1e-4 * (1.0 + mean));
        EXPECT_LE(d.p10, d.p50);
        EXPECT_LE(d.p50, d.p90);
    }
}

TEST(MonteCarlo, SchoolCatchmentsAreTheirShareOfTownDemandInEveryDraw) {
    // School A takes all of T0's primary children and half of T1's; B the other half of T1.
    // Without uncertainty each draw equals the projection: A = T0 + 0.5 T1, B = 0.5 T1.
    MonteCarloConfig mc;
    mc.projection = busyConfig();
    mc.draws = 4;
    mc.uncertainty.birthsLogSdPerYear = 0.0;
    mc.uncertainty.migrationRateSd = 0.0;
    mc.uncertainty.housingDelayProbabilities = {1.0};
    mc.catchments = {{"A", Stage::Primary, 500.0, {{0, 1.0}, {1, 0.5}}},
                     {"B", Stage::Primary, 100.0, {{1, 0.5}}}};
    const CityData city = cityWithSchools();
    const MonteCarloResult r = runMonteCarlo(city, mc);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    const ProjectionResult p = project(city, mc.projection);
    ASSERT_EQ(r.catchmentCells.size(), 16u * 2u);
    for (const WarningCell& c : r.catchmentCells) {
        const double t0 = p.stageDemand(c.year, 0, Stage::Primary, DemandKind::Raw);
        const double t1 = p.stageDemand(c.year, 1, Stage::Primary, DemandKind::Raw);
        const double expected = c.town == 0 ? t0 + 0.5 * t1 : 0.5 * t1;
        EXPECT_EQ(c.stage, Stage::Primary);
        EXPECT_DOUBLE_EQ(c.seats, c.town == 0 ? 500.0 : 100.0);
        EXPECT_NEAR(c.deterministic, expected, 1e-9 * (1.0 + expected));
        EXPECT_NEAR(c.p50, expected, 1e-5 * (1.0 + expected));
    }
    mc.catchments[1].townShares = {{7, 0.5}};
    const MonteCarloResult bad = runMonteCarlo(city, mc);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.errors.front().find("school B"), std::string::npos) << bad.errors.front();
}

// ---- 学位预警 ---------------------------------------------------------------------------------

TEST(WarningLevels, DefaultThresholdsSeparateGreenYellowAndRed) {
    const WarningThresholds th;
    EXPECT_EQ(warningLevel(0.0, 0.90, th), WarningLevel::Green);
    EXPECT_EQ(warningLevel(0.19, 0.949, th), WarningLevel::Green);
    EXPECT_EQ(warningLevel(0.2, 0.5, th), WarningLevel::Yellow);
    EXPECT_EQ(warningLevel(0.0, 0.95, th), WarningLevel::Yellow);
    EXPECT_EQ(warningLevel(0.5, 0.5, th), WarningLevel::Red);
    EXPECT_EQ(warningLevel(0.0, 1.05, th), WarningLevel::Red);
    EXPECT_EQ(warningLevelCode(WarningLevel::Red), "red");
    EXPECT_EQ(warningLevelNameZh(WarningLevel::Yellow), "黄色");
}

TEST(WarningLevels, SeatsAreClassesTimesClassSizePlusPlannedKindergartens) {
    CityData city = cityWithSchools();
    HousingProject hp;
    hp.id = "H9";
    hp.townCode = "T1";
    hp.dwellings = 1000;
    hp.completionYear = 2024;
    hp.kindergarten.classes = 6;
    hp.kindergarten.deliveryYear = 2025;
    city.housing.push_back(hp);
    const auto before = townSeats(city, 2024);
    const auto after = townSeats(city, 2025, {{"T1", Stage::Junior, 2025, 500.0}});
    EXPECT_DOUBLE_EQ(before[0][stageIndex(Stage::Primary)], 540.0); // 12 classes × 45
    EXPECT_DOUBLE_EQ(before[1][stageIndex(Stage::Kindergarten)], 0.0);
    // 6 classes × mean class size (25 + 30 + 35) / 3 = 180.
    EXPECT_DOUBLE_EQ(after[1][stageIndex(Stage::Kindergarten)], 180.0);
    EXPECT_DOUBLE_EQ(after[1][stageIndex(Stage::Junior)], 500.0);
}

} // namespace
