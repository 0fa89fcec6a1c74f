#include <xw/core/balance/balance_coefficient.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace xw::core {
namespace {

TEST(DifferenceCoefficient, MatchesTheWorkedExample) {
    // X = (2, 4), P = (1, 3): X̄ = (2 + 12) / 4 = 3.5; S² = ¼·1.5² + ¾·0.5² = 0.75;
    // CV = √0.75 / 3.5 = 0.2474358297.
    const auto cv = differenceCoefficient({{2.0, 1.0}, {4.0, 3.0}});
    ASSERT_TRUE(cv.has_value());
    EXPECT_NEAR(*cv, std::sqrt(0.75) / 3.5, 1e-12);
    EXPECT_NEAR(*cv, 0.2474358297, 1e-9);
}

TEST(DifferenceCoefficient, EqualSchoolsHaveZeroAndEmptyInputHasNone) {
    EXPECT_DOUBLE_EQ(*differenceCoefficient({{5.0, 10.0}, {5.0, 300.0}}), 0.0);
    EXPECT_FALSE(differenceCoefficient({}).has_value());
    EXPECT_FALSE(differenceCoefficient({{0.0, 10.0}}).has_value());
}

School school(const std::string& id, Ownership own, int primary, int junior, int teachers,
              double land) {
    School s;
    s.id = id;
    s.townCode = "T";
    s.ownership = own;
    s.staff.teachers = teachers;
    s.staff.bachelorPlus = teachers / 2;
    s.landM2 = land;
    s.floorM2 = land / 2;
    if (primary > 0)
        s.stages.push_back({Stage::Primary, {{1, 10, primary, 0}}, 0});
    if (junior > 0)
        s.stages.push_back({Stage::Junior, {{1, 5, junior, 0}}, 0});
    return s;
}

CityData county() {
    CityData c;
    c.regions.districts = {{"D", "County"}};
    c.regions.towns = {{"T", "Town", "D", true, 1.0}};
    // A: primary 600 pupils, 30 teachers, 9,000 m² → 5 teachers per 100, 15 m² per pupil.
    c.schools.push_back(school("A", Ownership::Public, 600, 0, 30, 9000));
    // B: 九年一贯制 with 600 primary and 300 junior and 100 teachers, 18,600 m². Weighted students
    // 600 : 330, so primary gets 600/930 of the teachers: 100·(600/930)/600·100 = 10.7527 per 100.
    c.schools.push_back(school("B", Ownership::Public, 600, 300, 100, 18600));
    // A private school and a public school of another district never count.
    c.schools.push_back(school("P", Ownership::Private, 600, 0, 1, 1));
    return c;
}

TEST(BalanceCoefficient, SplitsMixedSchoolsOneToOnePointOne) {
    const auto results = balanceCoefficients(county());
    ASSERT_EQ(results.size(), 2U);
    const BalanceResult& primary = results[0];
    EXPECT_EQ(primary.stage, Stage::Primary);
    EXPECT_EQ(primary.schools, 2);
    // Teachers per 100: A 5, B 10000/930 = 10.752688; equal weights 600/600.
    const double a = 5.0;
    const double b = 10000.0 / 930.0;
    const double mean = (a + b) / 2;
    const double cv =
        std::sqrt(0.5 * (a - mean) * (a - mean) + 0.5 * (b - mean) * (b - mean)) / mean;
    EXPECT_NEAR(*primary.cv[0], cv, 1e-12);
    // Land: A 15 m², B 18600·(600/930)/600 = 20 m²: mean 17.5, S 2.5, CV 1/7.
    EXPECT_NEAR(*primary.cv[2], 2.5 / 17.5, 1e-12);
    const BalanceResult& junior = results[1];
    EXPECT_EQ(junior.schools, 1);
    EXPECT_DOUBLE_EQ(*junior.cv[0], 0.0); // one school: no spread
    EXPECT_TRUE(junior.pass);
}

TEST(BalanceCoefficient, QualityStandardDropsSmallSchoolsAndChecksEveryIndicator) {
    CityData c = county();
    c.schools.push_back(school("S", Ownership::Public, 40, 0, 10, 100)); // < 50 pupils
    BalanceOptions basic;
    BalanceOptions quality;
    quality.standard = BalanceStandard::Quality;
    EXPECT_EQ(balanceCoefficients(c, basic)[0].schools, 3);
    const auto q = balanceCoefficients(c, quality)[0];
    EXPECT_EQ(q.schools, 2);
    EXPECT_DOUBLE_EQ(q.threshold, 0.50);
    // Teacher CV: A 5 vs B 10.75 → about 0.365 ≤ 0.50; all four within → pass.
    EXPECT_TRUE(q.pass);
}

} // namespace
} // namespace xw::core
