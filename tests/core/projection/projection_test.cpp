// Cohort-component projection: the hand-worked Leslie arithmetic, the births path, grade
// progression, housing, conservation of people, and the errors of bad assumptions. Reference
// values are worked by hand in the comments beside them.
#include "projection_support.hpp"

#include <xw/core/detail/leslie.hpp>

#include <cmath>
#include <string>
#include <xw/core/projection/monte_carlo.hpp>

namespace {

using namespace xw::core;
using namespace xw::core::test;

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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
    EXPECT_NEAR(persons(r, 2021, 0, 0, PopCategory::Registered), 40.0, 1e-12);
    EXPECT_NEAR(persons(r, 2021, 1, 0, PopCategory::Registered), 60.0, 1e-12);
}

// ---- Grade progression -----------------------------------------------------------------------

TEST(ProjectionDemand, ACohortMovesThroughPrimaryThenJuniorYearByYear) {
    // 10 children aged 6 in 2020 and nobody else; no deaths, births or migration.
    CityData city = emptyCity(1, 18);
    city.population.towns[0].persons[6][0] = 10;
    const ProjectionResult r = project(city, noDeaths(2030));
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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

TEST(ProjectionConservation, PeopleThisYearAreLastYearMinusDeathsPlusBirthsAndMigration) {
    const CityData city = busyCity();
    const ProjectionResult r = project(city, busyConfig());
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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

// ---- Bad assumptions -------------------------------------------------------------------------

TEST(ProjectionErrors, ANegativeRateBelowMinusOneIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.migration.netRatePerYearByAge[0] = {-1.5};
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "-1.5")) << r.errors.front().message;
    EXPECT_EQ(r.errors.front().severity, Severity::Error);
    EXPECT_EQ(r.errors.front().layer, "projection");
    EXPECT_TRUE(r.persons.empty());
}

TEST(ProjectionErrors, ASurvivalAboveOneIsNamedWithItsAge) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.lifeTable.survivalByAge = {0.99, 1.2};
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "age 1 is 1.2")) << r.errors.front().message;
}

TEST(ProjectionErrors, AHorizonBeforeTheBaseYearIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.horizonYear = 2015;
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    const Diagnostic* horizon = withMessage(r.errors, "2015");
    ASSERT_NE(horizon, nullptr) << r.errors.front().message;
    EXPECT_EQ(horizon->year, 2015);
}

TEST(ProjectionErrors, YearsBeforeTheBirthsDataAreNamed) {
    CityData city = busyCity();
    city.births[0].byYear = {{2023, 1000.0}};
    const ProjectionResult r = project(city, busyConfig());
    ASSERT_FALSE(r.ok());
    const Diagnostic* missing = withMessage(r.errors, "no data for 2021");
    ASSERT_NE(missing, nullptr) << r.errors.front().message;
    EXPECT_EQ(missing->featureId, city.births[0].areaCode);
    EXPECT_EQ(missing->year, 2021);
}

TEST(ProjectionErrors, AnAgeProfileOfTheWrongLengthIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.housing.moverAgeShare = {0.1, 0.1};
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "has 2 ages; expected 19")) << r.errors.front().message;
}

TEST(ProjectionErrors, ABirthsChangeOfMinusOneOrBelowIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.births.annualChangeByVariant[2] = -1.0;
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "variant high is -1")) << r.errors.front().message;
}

TEST(ProjectionErrors, ADecreasingOccupancyRampIsNamed) {
    ProjectionConfig cfg = busyConfig();
    cfg.assumptions.housing.occupancyRamp = {0.5, 0.4};
    const ProjectionResult r = project(busyCity(), cfg);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(anyContains(r.errors, "falls from 0.5 to 0.4")) << r.errors.front().message;
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
    for (const Diagnostic& e : r.errors) {
        EXPECT_EQ(e.severity, Severity::Error) << e.message;
        EXPECT_EQ(e.layer, "monte_carlo") << e.message;
    }
    EXPECT_TRUE(r.cells.empty());
}

} // namespace
