// Calibration of the projection to the base year's enrolment and the back-test against observed
// enrolment. Reference values are worked by hand in the comments beside them.
#include "projection_support.hpp"

#include <xw/core/projection/backtest.hpp>

#include <cmath>
#include <string>

namespace {

using namespace xw::core;
using namespace xw::core::test;

// ---- Calibration and back-test ---------------------------------------------------------------

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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_DOUBLE_EQ(r.rows[0].projectedCalibrated, 10.0);
    EXPECT_DOUBLE_EQ(r.rows[0].error, -2.0);
    EXPECT_EQ(r.rows[0].yearsAhead, 1);
    EXPECT_DOUBLE_EQ(r.rows[1].projectedCalibrated, 30.0);
    EXPECT_DOUBLE_EQ(r.rows[1].error, 5.0);
    const Diagnostic* unknown = withMessage(r.warnings, "T9");
    ASSERT_NE(unknown, nullptr);
    EXPECT_EQ(unknown->severity, Severity::Warning);
    EXPECT_EQ(unknown->layer, "backtest");
    EXPECT_EQ(unknown->featureId, "T9");
    EXPECT_EQ(unknown->year, 2022);
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

} // namespace
