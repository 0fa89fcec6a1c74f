// Splitting town demand over demand points: whole children, town totals conserved exactly.
#include <xw/core/allocation/demand_points.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>

namespace xw::core {
namespace {

std::vector<DemandPoint> pointsOf(std::uint32_t town, const std::vector<double>& weights) {
    std::vector<DemandPoint> out;
    for (std::size_t i = 0; i < weights.size(); ++i)
        out.push_back({{static_cast<double>(i) * 100.0, 0.0}, town, weights[i]});
    return out;
}

TEST(DemandSplit, ExactQuotasAreKept) {
    // T = llround(10.4) = 10; weights 1, 2, 3, 4 (Σ 10) → quotas 1, 2, 3, 4 exactly.
    const DemandSplit s = splitDemand(pointsOf(0, {1, 2, 3, 4}), {10.4});
    EXPECT_EQ(s.perPoint, (std::vector<std::int64_t>{1, 2, 3, 4}));
    EXPECT_EQ(s.townTotals, (std::vector<std::int64_t>{10}));
}

TEST(DemandSplit, LargestRemainderGetsTheLeftoverChild) {
    // T = 4; weights 1, 2 → quotas 1.333, 2.667 → floors 1, 2, one child left → the larger
    // remainder (0.667, point 1) → 1, 3.
    const DemandSplit s = splitDemand(pointsOf(0, {1, 2}), {4.0});
    EXPECT_EQ(s.perPoint, (std::vector<std::int64_t>{1, 3}));
}

TEST(DemandSplit, TownTotalIsRoundedHalfAwayFromZero) {
    // T = llround(10.5) = 11 over three equal points: quotas 3.667 → floors 3, 3, 3 and two
    // children left for two of the three (equal remainders: scrambled order).
    const DemandSplit s = splitDemand(pointsOf(0, {1, 1, 1}), {10.5});
    EXPECT_EQ(s.townTotals[0], 11);
    EXPECT_EQ(s.perPoint[0] + s.perPoint[1] + s.perPoint[2], 11);
    for (const auto n : s.perPoint) {
        EXPECT_GE(n, 3);
        EXPECT_LE(n, 4);
    }
}

TEST(DemandSplit, ZeroWeightsSpreadEqually) {
    // All weights 0 → uniform: 6 children over 3 points → 2 each.
    const DemandSplit s = splitDemand(pointsOf(0, {0, 0, 0}), {6.0});
    EXPECT_EQ(s.perPoint, (std::vector<std::int64_t>{2, 2, 2}));
}

TEST(DemandSplit, TownWithoutPointsIsReported) {
    // Town 1 has demand 5 and no point; town 0 keeps its own 3.
    const DemandSplit s = splitDemand(pointsOf(0, {1}), {3.0, 5.0});
    EXPECT_EQ(s.perPoint, (std::vector<std::int64_t>{3}));
    EXPECT_EQ(s.townsWithoutPoints, (std::vector<std::size_t>{1}));
    EXPECT_EQ(s.townTotals[1], 5);
}

TEST(DemandSplit, UniformLeftoversAreSpreadNotPiledAtTheStart) {
    // 500 children over 1,000 equal cells: each gets 0 or 1. Grid order would give all 500 to
    // the first half; the scrambled tie-break must not (expect about 250 in the first half).
    const DemandSplit s = splitDemand(pointsOf(0, std::vector<double>(1000, 1.0)), {500.0});
    std::int64_t firstHalf = 0;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < 1000; ++i) {
        EXPECT_LE(s.perPoint[i], 1);
        total += s.perPoint[i];
        if (i < 500)
            firstHalf += s.perPoint[i];
    }
    EXPECT_EQ(total, 500);
    EXPECT_GT(firstHalf, 200);
    EXPECT_LT(firstHalf, 300);
}

TEST(DemandSplit, RandomTownsConserveTotalsExactlyAndStayWithinOneOfTheQuota) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> weight(0.0, 50.0);
    std::uniform_real_distribution<double> demand(0.0, 20000.0);
    const std::uint32_t towns = 40;
    std::vector<DemandPoint> points;
    std::vector<double> townDemand(towns);
    for (std::uint32_t t = 0; t < towns; ++t) {
        townDemand[t] = demand(rng);
        const int n = 1 + static_cast<int>(rng() % 3000);
        for (int k = 0; k < n; ++k)
            points.push_back({{0.0, 0.0}, t, (k % 7 == 1) ? 0.0 : 1.0 + weight(rng)});
    }
    std::shuffle(points.begin(), points.end(), rng); // towns interleaved
    const DemandSplit s = splitDemand(points, townDemand);
    std::vector<std::int64_t> sum(towns, 0);
    std::vector<double> weightSum(towns, 0.0);
    for (std::size_t i = 0; i < points.size(); ++i) {
        sum[points[i].townIndex] += s.perPoint[i];
        weightSum[points[i].townIndex] += points[i].weight;
    }
    for (std::uint32_t t = 0; t < towns; ++t) {
        EXPECT_EQ(sum[t], std::llround(townDemand[t])) << "town " << t;
        EXPECT_EQ(s.townTotals[t], std::llround(townDemand[t]));
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto t = points[i].townIndex;
        const double quota = static_cast<double>(s.townTotals[t]) * points[i].weight / weightSum[t];
        EXPECT_LT(std::abs(static_cast<double>(s.perPoint[i]) - quota), 1.0) << "point " << i;
    }
}

TEST(DemandSplit, BadInputIsRejected) {
    EXPECT_THROW((void)splitDemand(pointsOf(3, {1}), {1.0}), std::invalid_argument);
    EXPECT_THROW((void)splitDemand(pointsOf(0, {-1}), {1.0}), std::invalid_argument);
    EXPECT_THROW((void)splitDemand(pointsOf(0, {1}), {NAN}), std::invalid_argument);
}

} // namespace
} // namespace xw::core
