// The floating catchment measures against published reference cases and hand-worked examples.
//
// Reference: PySAL access (github.com/pysal/access), access/tests/test_hospital_example.py —
// three tracts (population 100, 50, 10; doctors 15, 20, 100), four travel-cost scenarios,
// gravity weight d^-1 (weights.gravity(1, -1)) and max_cost 61; the test checks Access's
// two_stage_fca and three_stage_fca against its own plain-Python reference `simple_2sfca`. The
// expected values below are that reference's results (six digits are printed in the comments,
// the constants carry 15). And access/tests/test_floating_catchment_area.py: a 5 × 5 grid of
// unit supply, demand at 5 of its points, Euclidean cost; a catchment of 0.9 gives every measure
// the value 1, a catchment of 0 gives NaN.
#include <xw/core/allocation/accessibility.hpp>
#include <xw/core/allocation/allocation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

namespace xw::core {
namespace {

/// Points and facilities at the tracts 1..3 of the hospital example, every location at (0, 0) so
/// the straight line (0) never raises the travel cost; radius 61 for all.
AllocationProblem hospitalProblem(const std::map<std::pair<int, int>, double>& cost) {
    AllocationProblem pb;
    const std::int64_t population[] = {100, 50, 10};
    const std::int64_t doctors[] = {15, 20, 100};
    for (int t = 0; t < 3; ++t) {
        AllocationPoint p;
        p.gridIndex = static_cast<std::uint32_t>(t);
        p.demand = population[t];
        p.radiusMeters = 61.0;
        pb.points.push_back(p);
        AllocationFacility f;
        f.schoolIndex = static_cast<std::size_t>(t);
        f.seats = doctors[t];
        f.radiusMeters = 61.0;
        pb.facilities.push_back(f);
    }
    pb.distance = [cost](std::size_t i, std::size_t j) {
        return cost.at({static_cast<int>(i) + 1, static_cast<int>(j) + 1});
    };
    return pb;
}

/// The four scenarios of test_hospital_example.py: (origin, destination) → cost.
std::map<std::pair<int, int>, double> scenario(int n) {
    const double in = n == 1 || n == 3 ? 20 : 40;  // suburbs (1, 2) → city (3)
    const double out = n == 2 || n == 3 ? 20 : 40; // city → suburbs
    const double cross = n == 3 ? 40 : 80;         // suburb ↔ suburb
    return {{{1, 1}, 1},   {{2, 2}, 1},   {{3, 3}, 1},     {{1, 3}, in},   {{2, 3}, in},
            {{3, 1}, out}, {{3, 2}, out}, {{1, 2}, cross}, {{2, 1}, cross}};
}

AccessibilityConfig gravity(AccessibilityMethod method) {
    AccessibilityConfig c;
    c.method = method;
    c.gravityExponent = 1.0;
    c.threeStepDecay = AccessibilityMethod::Gravity;
    return c;
}

// Scenario 3 by hand: D_1 = 100/1 + 50/40 + 10/20 = 101.75, D_2 = 100/40 + 50/1 + 10/20 = 53,
// D_3 = 100/20 + 50/20 + 10/1 = 17.5; R = 15/101.75, 20/53, 100/17.5;
// A_1 = R_1/1 + R_2/40 + R_3/20 = 0.147420 + 0.009434 + 0.285714 = 0.442568.
TEST(Accessibility, GravityTwoStepMatchesPysalAccessHospitalExample) {
    const double expected[4][3] = {{0.331444116980277, 0.579828132066938, 7.28641816986254},
                                   {0.43534022087638, 0.683724235963042, 5.72797661142099},
                                   {0.331071913161465, 0.577857785778578, 7.29999193949246},
                                   {0.442568395398584, 0.666758279965827, 5.74052464618502}};
    for (int n = 0; n < 4; ++n) {
        const Accessibility a =
            accessibility(hospitalProblem(scenario(n)), gravity(AccessibilityMethod::Gravity));
        for (int t = 0; t < 3; ++t)
            EXPECT_NEAR(a.perPoint[t], expected[n][t], 1e-12 * expected[n][t])
                << "scenario " << n << " tract " << t + 1;
    }
    const Accessibility a3 =
        accessibility(hospitalProblem(scenario(3)), gravity(AccessibilityMethod::Gravity));
    EXPECT_NEAR(a3.catchmentDemand[0], 101.75, 1e-12);
    EXPECT_NEAR(a3.seatsPerChild[2], 100.0 / 17.5, 1e-12);
}

// Where every pair lies within the catchment (scenario 3: costs ≤ 40 < 61), Wan, Zou & Sternberg's
// selection weight (G_ij over the facilities in the point's catchment) and PySAL's (over every
// facility in the cost table) coincide, so the published values apply.
TEST(Accessibility, ThreeStepMatchesPysalAccessWhereEveryPairIsInReach) {
    const Accessibility a =
        accessibility(hospitalProblem(scenario(3)), gravity(AccessibilityMethod::ThreeStep));
    EXPECT_NEAR(a.perPoint[0], 0.174802148079814, 1e-12);
    EXPECT_NEAR(a.perPoint[1], 0.424035508556526, 1e-12);
    EXPECT_NEAR(a.perPoint[2], 9.63180097641923, 1e-12);
}

// Scenario 0 has suburb ↔ suburb pairs at 80 > 61. Wan, Zou & Sternberg (2012) normalise the
// selection weights over the catchment only: for tract 1, W = 1/1, 1/40 (tract 2 is out of
// reach), Σ = 1.025, G_11 = 1/1.025, G_13 = 0.025/1.025. D_1 = 100·G_11·1 + 10·G_31·(1/40) with
// G_31 = (1/40)/1.05 … = 97.5669; the resulting A differ from PySAL's (0.156257, 0.406216,
// 9.906352), whose G also counts the pairs beyond reach.
TEST(Accessibility, ThreeStepSelectionWeightsCoverTheCatchmentOnly) {
    const Accessibility a =
        accessibility(hospitalProblem(scenario(0)), gravity(AccessibilityMethod::ThreeStep));
    EXPECT_NEAR(a.catchmentDemand[0], 97.5669279907085, 1e-10);
    EXPECT_NEAR(a.perPoint[0], 0.156332385840414, 1e-12);
    EXPECT_NEAR(a.perPoint[1], 0.406292733499182, 1e-12);
    EXPECT_NEAR(a.perPoint[2], 9.90521247409995, 1e-12);
}

/// test_floating_catchment_area.py's setting: unit supply at every point of a 5 × 5 grid with
/// spacing 1, unit demand at 5 of them (PySAL samples them; any 5 give the same values).
AllocationProblem unitGrid(double radius) {
    AllocationProblem pb;
    for (int x = 0; x < 5; ++x)
        for (int y = 0; y < 5; ++y) {
            AllocationFacility f;
            f.schoolIndex = pb.facilities.size();
            f.location = {static_cast<double>(x), static_cast<double>(y)};
            f.seats = 1;
            f.radiusMeters = radius;
            pb.facilities.push_back(f);
        }
    for (const PointM at : {PointM{0, 0}, PointM{1, 3}, PointM{2, 2}, PointM{4, 1}, PointM{3, 4}}) {
        AllocationPoint p;
        p.location = at;
        p.demand = 1;
        p.radiusMeters = radius;
        pb.points.push_back(p);
    }
    return pb;
}

TEST(Accessibility, EveryMeasureMatchesPysalAccessSmallCatchment) {
    const AllocationProblem pb = unitGrid(0.9);
    AccessibilityConfig c;
    for (const AccessibilityMethod m :
         {AccessibilityMethod::TwoStep, AccessibilityMethod::EnhancedTwoStep,
          AccessibilityMethod::ThreeStep}) {
        c.method = m;
        // PySAL's 3SFCA test uses weights.step_fn({10: 25}): one step weighted 25.
        c.steps = m == AccessibilityMethod::ThreeStep ? std::vector<AccessibilityStep>{{1.0, 25.0}}
                                                      : AccessibilityConfig{}.steps;
        const Accessibility a = accessibility(pb, c);
        for (const double v : a.perPoint)
            EXPECT_DOUBLE_EQ(v, 1.0) << accessibilityCode(m);
    }
}

TEST(Accessibility, NoSchoolInReachIsUndefinedNotZero) {
    const AllocationProblem pb = unitGrid(0.0);
    AllocationProblem far = pb;
    for (auto& p : far.points)
        p.location.x += 0.5; // zero catchment, off every site
    for (const AccessibilityMethod m :
         {AccessibilityMethod::TwoStep, AccessibilityMethod::EnhancedTwoStep,
          AccessibilityMethod::Gravity, AccessibilityMethod::Gaussian,
          AccessibilityMethod::ThreeStep}) {
        AccessibilityConfig c;
        c.method = m;
        const Accessibility a = accessibility(far, c);
        for (const double v : a.perPoint)
            EXPECT_TRUE(std::isnan(v)) << accessibilityCode(m);
        for (const double r : a.seatsPerChild)
            EXPECT_TRUE(std::isnan(r)) << accessibilityCode(m);
    }
}

/// One school (0, 0) with 100 seats and radius 900 m; points at 200, 500 and 800 m east with
/// 10, 20 and 30 children, radius 900 m.
AllocationProblem oneSchool(std::int64_t seats, double radius, const std::vector<double>& xs,
                            const std::vector<std::int64_t>& children) {
    AllocationProblem pb;
    AllocationFacility f;
    f.seats = seats;
    f.radiusMeters = radius;
    pb.facilities.push_back(f);
    for (std::size_t k = 0; k < xs.size(); ++k) {
        AllocationPoint p;
        p.location = {xs[k], 0.0};
        p.demand = children[k];
        p.radiusMeters = radius;
        pb.points.push_back(p);
    }
    return pb;
}

// E2SFCA (Luo & Qi 2009) with the default bands: ≤ 300 m weight 1, ≤ 600 m 0.68, ≤ 900 m 0.22.
//   D = 10·1 + 20·0.68 + 30·0.22 = 10 + 13.6 + 6.6 = 30.2; R = 100 / 30.2 = 3.311258…;
//   A = 1·R, 0.68·R, 0.22·R.
TEST(Accessibility, EnhancedTwoStepWeighsDistanceBands) {
    AccessibilityConfig c;
    c.method = AccessibilityMethod::EnhancedTwoStep;
    const Accessibility a = accessibility(oneSchool(100, 900, {200, 500, 800}, {10, 20, 30}), c);
    const double r = 100.0 / 30.2;
    EXPECT_NEAR(a.catchmentDemand[0], 30.2, 1e-12);
    EXPECT_NEAR(a.perPoint[0], r, 1e-12);
    EXPECT_NEAR(a.perPoint[1], 0.68 * r, 1e-12);
    EXPECT_NEAR(a.perPoint[2], 0.22 * r, 1e-12);
}

// Gaussian 2SFCA (Dai 2010): W(d) = (e^(−½(d/r)²) − e^(−½)) / (1 − e^(−½)); r = 1000 m.
//   Points at 0 (W = 1), 500 (W = (e^(−1/8) − e^(−½)) / (1 − e^(−½)) = 0.701367…) and 1000
//   (W = 0, in reach but weightless), 30 children each; 60 seats.
//   D = 30 + 30·0.701367… = 51.0410…; R = 60 / D; A = W·R (the point at 1000 m: 0, defined).
TEST(Accessibility, GaussianTwoStepFallsToZeroAtTheRadius) {
    AccessibilityConfig c;
    c.method = AccessibilityMethod::Gaussian;
    const double w = (std::exp(-0.125) - std::exp(-0.5)) / (1.0 - std::exp(-0.5));
    EXPECT_NEAR(w, 0.701367, 1e-6);
    const Accessibility a = accessibility(oneSchool(60, 1000, {0, 500, 1000}, {30, 30, 30}), c);
    const double r = 60.0 / (30.0 + 30.0 * w);
    EXPECT_NEAR(a.perPoint[0], r, 1e-12);
    EXPECT_NEAR(a.perPoint[1], w * r, 1e-12);
    EXPECT_EQ(a.perPoint[2], 0.0);
    EXPECT_NEAR(accessibilityWeight(c, 1000.0, 1000.0), 0.0, 1e-15);
    EXPECT_EQ(accessibilityWeight(c, 1000.1, 1000.0), 0.0);
}

TEST(Accessibility, BadConfigurationsAreRejected) {
    AccessibilityConfig c;
    c.method = AccessibilityMethod::EnhancedTwoStep;
    c.steps = {{0.5, 1.0}, {0.4, 0.5}};
    std::vector<Diagnostic> problems = validate(c);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(
        problems[0].message,
        "E2SFCA 分段须在 (0, 1] 内递增 / E2SFCA steps must ascend within (0, 1] of the radius");
    EXPECT_EQ(problems[0].severity, Severity::Error);
    EXPECT_EQ(problems[0].layer, "accessibility");
    EXPECT_EQ(problems[0].field, "steps");
    EXPECT_THROW((void)accessibility(oneSchool(1, 1, {0}, {1}), c), std::invalid_argument);
    c = {};
    c.gravityExponent = 0.0;
    problems = validate(c);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0].message, "引力指数须为正 / the gravity exponent must be positive");
    EXPECT_EQ(problems[0].field, "gravityExponent");
    c = {};
    c.threeStepDecay = AccessibilityMethod::ThreeStep;
    problems = validate(c);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0].message,
              "3SFCA 的距离衰减不能是 3SFCA / the 3SFCA decay cannot be 3SFCA itself");
    EXPECT_EQ(problems[0].field, "threeStepDecay");
    AccessibilityMethod m{};
    EXPECT_TRUE(detail::parseAccessibility("e2sfca", m));
    EXPECT_EQ(m, AccessibilityMethod::EnhancedTwoStep);
    EXPECT_FALSE(detail::parseAccessibility("4sfca", m));
}

} // namespace
} // namespace xw::core
