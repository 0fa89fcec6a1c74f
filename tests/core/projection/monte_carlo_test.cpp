// The deterministic random numbers, the Monte Carlo draws of the projection and the 学位预警
// levels. Reference values are worked by hand in the comments beside them.
#include "projection_support.hpp"

#include <xw/core/projection/monte_carlo.hpp>

#include <cmath>
#include <string>
#include <xw/core/projection/rng.hpp>

namespace {

using namespace xw::core;
using namespace xw::core::test;

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
    ASSERT_TRUE(one.ok()) << one.errors.front().message;
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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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
    ASSERT_TRUE(r.ok()) << r.errors.front().message;
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
    const Diagnostic& e = bad.errors.front();
    EXPECT_NE(e.message.find("school B"), std::string::npos) << e.message;
    EXPECT_EQ(e.severity, Severity::Error);
    EXPECT_EQ(e.layer, "monte_carlo");
    EXPECT_EQ(e.featureId, "B");
    EXPECT_EQ(e.field, "primary");
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
    EXPECT_EQ(warningLevelLabel(WarningLevel::Yellow), "黄色 Yellow");
    for (const WarningLevel l : {WarningLevel::Green, WarningLevel::Yellow, WarningLevel::Red})
        EXPECT_EQ(parseWarningLevel(warningLevelCode(l)), l);
    EXPECT_EQ(parseWarningLevel("Red"), std::nullopt);
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
