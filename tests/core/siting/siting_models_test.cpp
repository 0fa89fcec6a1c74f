// The uncapacitated siting models against brute force over every subset of candidate sites:
// the answer is the optimum and the bound never passes it.
#include "siting_test_support.hpp"

#include <xw/core/siting/siting.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <string>

namespace {

using xw::core::SeatRule;
using xw::core::SitingConfig;
using xw::core::SitingModel;
using xw::core::SitingProblem;
using xw::core::SitingResult;
using namespace xw::test;

constexpr int kInstances = 40;

std::int64_t toUnits(double meters) {
    return std::llround(meters * 100.0);
}

SitingConfig countConfig(SitingModel model, std::size_t p) {
    SitingConfig c;
    c.model = model;
    c.newFacilities = p;
    c.unservedPenaltyMeters = 20000.0;
    c.threads = 1;
    return c;
}

TEST(SitingPMedian, MatchesBruteForceOnRandomInstancesAndBoundNeverPassesIt) {
    for (int k = 0; k < kInstances; ++k) {
        RandomSpec spec;
        spec.existing = static_cast<std::size_t>(k % 3);
        const SitingProblem p = randomProblem(1000 + k, spec);
        const std::size_t count = 1 + static_cast<std::size_t>(k % 3);
        std::int64_t best = std::numeric_limits<std::int64_t>::max();
        forEachSubset(p.candidates.size(), count, [&](const std::vector<std::size_t>& s) {
            best = std::min(best, medianCost(p, s, toUnits(20000.0)));
        });
        const SitingResult r = xw::core::solveSiting(p, countConfig(SitingModel::PMedian, count));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(toUnits(r.objective), best);
        EXPECT_LE(r.bound, r.objective + 1e-9);
        EXPECT_LE(toUnits(r.bound), best);
        EXPECT_GE(r.gap, 0.0);
        ASSERT_EQ(r.chosen.size(), count);
        // The reported sites give the reported objective.
        EXPECT_EQ(medianCost(p, chosenSites(r), toUnits(20000.0)), toUnits(r.objective));
        if (r.provedOptimal) {
            EXPECT_EQ(toUnits(r.bound), toUnits(r.objective));
        }
    }
}

TEST(SitingPMedian, BudgetMatchesBruteForceOverAffordableSets) {
    for (int k = 0; k < kInstances; ++k) {
        RandomSpec spec;
        spec.existing = static_cast<std::size_t>(k % 2);
        const SitingProblem p = randomProblem(2000 + k, spec);
        const double budget = 6.0 + (k % 4) * 4.0;
        std::int64_t best = std::numeric_limits<std::int64_t>::max();
        forEachAffordable(p, budget, [&](const std::vector<std::size_t>& s) {
            best = std::min(best, medianCost(p, s, toUnits(20000.0)));
        });
        SitingConfig c = countConfig(SitingModel::PMedian, 0);
        c.budgetYuan = budget;
        const SitingResult r = xw::core::solveSiting(p, c);
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(toUnits(r.objective), best);
        EXPECT_LE(toUnits(r.bound), best);
        EXPECT_LE(r.costYuan, budget + 1e-9);
    }
}

TEST(SitingMaximalCovering, MatchesBruteForceAndBoundIsAnUpperBound) {
    for (int k = 0; k < kInstances; ++k) {
        RandomSpec spec;
        spec.existing = static_cast<std::size_t>(k % 2);
        spec.minRadius = 800.0;
        spec.maxRadius = 2500.0;
        const SitingProblem p = randomProblem(3000 + k, spec);
        const std::size_t count = 1 + static_cast<std::size_t>(k % 3);
        std::int64_t best = -1;
        forEachSubset(p.candidates.size(), count, [&](const std::vector<std::size_t>& s) {
            best = std::max(best, coveredWeight(p, s));
        });
        const SitingResult r =
            xw::core::solveSiting(p, countConfig(SitingModel::MaximalCovering, count));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(static_cast<std::int64_t>(r.objective), best);
        EXPECT_GE(r.bound, static_cast<double>(best) - 1e-9);
        EXPECT_EQ(coveredWeight(p, chosenSites(r)), best);
        EXPECT_EQ(r.childrenCovered, best); // weight = children here
    }
}

TEST(SitingMaximalCovering, BudgetMatchesBruteForce) {
    for (int k = 0; k < kInstances; ++k) {
        RandomSpec spec;
        spec.minRadius = 800.0;
        spec.maxRadius = 2500.0;
        const SitingProblem p = randomProblem(3500 + k, spec);
        const double budget = 5.0 + (k % 5) * 3.0;
        std::int64_t best = -1;
        forEachAffordable(p, budget, [&](const std::vector<std::size_t>& s) {
            best = std::max(best, coveredWeight(p, s));
        });
        SitingConfig c = countConfig(SitingModel::MaximalCovering, 0);
        c.budgetYuan = budget;
        const SitingResult r = xw::core::solveSiting(p, c);
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(static_cast<std::int64_t>(r.objective), best);
        EXPECT_GE(r.bound, static_cast<double>(best) - 1e-9);
        EXPECT_LE(r.costYuan, budget + 1e-9);
    }
}

TEST(SitingSetCovering, OpensFewestSitesAndReportsTheUncoverable) {
    for (int k = 0; k < kInstances; ++k) {
        RandomSpec spec;
        spec.existing = static_cast<std::size_t>(k % 2);
        spec.points = 14;
        spec.minRadius = 1200.0;
        spec.maxRadius = 3500.0;
        const SitingProblem p = randomProblem(4000 + k, spec);
        std::size_t fewest = p.candidates.size() + 1;
        for (std::size_t size = 0; size <= p.candidates.size() && fewest > size; ++size)
            forEachSubset(p.candidates.size(), size, [&](const std::vector<std::size_t>& s) {
                if (coversAll(p, s))
                    fewest = std::min(fewest, s.size());
            });
        const SitingResult r = xw::core::solveSiting(p, countConfig(SitingModel::SetCovering, 0));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(static_cast<std::size_t>(r.objective), fewest);
        EXPECT_LE(r.bound, static_cast<double>(fewest) + 1e-9);
        EXPECT_TRUE(coversAll(p, chosenSites(r)));
        EXPECT_EQ(r.uncoverablePoints, uncoverable(p));
        std::int64_t lost = 0;
        for (const std::size_t i : uncoverable(p))
            lost += p.demand[i].children;
        EXPECT_EQ(r.childrenUncoverable, lost);
    }
}

TEST(SitingPCenter, MatchesBruteForceAndBoundNeverPassesIt) {
    for (int k = 0; k < kInstances; ++k) {
        RandomSpec spec;
        spec.existing = static_cast<std::size_t>(k % 3);
        const SitingProblem p = randomProblem(5000 + k, spec);
        const std::size_t count = 1 + static_cast<std::size_t>(k % 3);
        std::int64_t best = std::numeric_limits<std::int64_t>::max();
        forEachSubset(p.candidates.size(), count, [&](const std::vector<std::size_t>& s) {
            best = std::min(best, centerRadius(p, s));
        });
        const SitingResult r = xw::core::solveSiting(p, countConfig(SitingModel::PCenter, count));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(toUnits(r.objective), best);
        EXPECT_LE(toUnits(r.bound), best);
        EXPECT_EQ(centerRadius(p, chosenSites(r)), best);
        EXPECT_DOUBLE_EQ(r.maxDistanceMeters, r.objective);
    }
}

TEST(SitingPCenter, BudgetMatchesBruteForce) {
    for (int k = 0; k < kInstances; ++k) {
        RandomSpec spec;
        spec.existing = static_cast<std::size_t>(k % 2);
        const SitingProblem p = randomProblem(5500 + k, spec);
        const double budget = 5.0 + (k % 5) * 3.0;
        std::int64_t best = std::numeric_limits<std::int64_t>::max();
        forEachAffordable(p, budget, [&](const std::vector<std::size_t>& s) {
            best = std::min(best, centerRadius(p, s));
        });
        SitingConfig c = countConfig(SitingModel::PCenter, 0);
        c.budgetYuan = budget;
        const SitingResult r = xw::core::solveSiting(p, c);
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(toUnits(r.objective), best);
        EXPECT_LE(toUnits(r.bound), best);
        EXPECT_LE(r.costYuan, budget + 1e-9);
    }
}

TEST(SitingPMedian, HandWorkedLineOfVillages) {
    // Five villages on a line at 0, 1, 2, 10, 11 km with 10, 10, 10, 20, 20 children; sites at
    // every village; one school to build. At 10 km: 10·10 + 10·9 + 10·8 + 0 + 20·1 = 290 km·child;
    // at 11 km: 10·11 + 10·10 + 10·9 + 20·1 + 0 = 320; at 2 km: 10·2 + 10·1 + 0 + 20·8 + 20·9 =
    // 370. Optimum 290,000 child-metres at the village at 10 km.
    SitingProblem p;
    const double xs[] = {0.0, 1000.0, 2000.0, 10000.0, 11000.0};
    const std::int64_t kids[] = {10, 10, 10, 20, 20};
    for (int i = 0; i < 5; ++i) {
        p.demand.push_back({{xs[i], 0.0}, kids[i], 1500.0, std::nullopt});
        p.candidates.push_back({{xs[i], 0.0}, 100, 0, 0.0, 0.0});
    }
    SitingConfig c = countConfig(SitingModel::PMedian, 1);
    const SitingResult r = xw::core::solveSiting(p, c);
    ASSERT_EQ(r.chosen.size(), 1U);
    EXPECT_EQ(r.chosen[0].index, 3U);
    EXPECT_DOUBLE_EQ(r.objective, 290000.0);
    EXPECT_TRUE(r.provedOptimal);
    EXPECT_EQ(r.chosen[0].seatsUsed, 70);
    // Two schools: {1 km, 10 km} gives 10·1 + 0 + 10·1 + 0 + 20·1 = 40 km·child.
    c.newFacilities = 2;
    const SitingResult two = xw::core::solveSiting(p, c);
    EXPECT_DOUBLE_EQ(two.objective, 40000.0);
    EXPECT_TRUE(two.provedOptimal);
    EXPECT_DOUBLE_EQ(two.gap, 0.0);
}

TEST(SitingPMedian, ChildrenBeyondThePenaltyAreUnserved) {
    // One village 50 km from the only site; penalty 20 km: building there saves nothing.
    SitingProblem p;
    p.demand.push_back({{0.0, 0.0}, 7, 1000.0, std::nullopt});
    p.candidates.push_back({{50000.0, 0.0}, 100, 0, 0.0, 0.0});
    const SitingResult r = xw::core::solveSiting(p, countConfig(SitingModel::PMedian, 1));
    EXPECT_EQ(r.childrenUnserved, 7);
    EXPECT_DOUBLE_EQ(r.objective, 7 * 20000.0);
}

TEST(SitingPMedian, RoadDistancesWithNoRouteAreRespected) {
    // Site 0 is nearest by the straight line but has no route to village 0; the callback also
    // doubles every distance.
    SitingProblem p;
    p.demand.push_back({{0.0, 0.0}, 5, 1000.0, std::nullopt});
    p.demand.push_back({{4000.0, 0.0}, 5, 1000.0, std::nullopt});
    p.candidates.push_back({{1000.0, 0.0}, 100, 0, 0.0, 0.0});
    p.candidates.push_back({{-2000.0, 0.0}, 100, 0, 0.0, 0.0});
    p.distance = [&](std::size_t i, std::size_t f) {
        if (i == 0 && f == 0)
            return std::numeric_limits<double>::infinity();
        return 2.0 * xw::core::straightLineMeters(p.demand[i].location, p.candidates[f].location);
    };
    // One school: site 0 serves village 1 at 6 km and leaves village 0 unserved (20 km);
    // site 1 serves village 0 at 4 km and village 1 at 12 km: 5·4 + 5·12 = 80 < 5·6 + 5·20 = 130.
    const SitingResult r = xw::core::solveSiting(p, countConfig(SitingModel::PMedian, 1));
    ASSERT_EQ(r.chosen.size(), 1U);
    EXPECT_EQ(r.chosen[0].index, 1U);
    EXPECT_DOUBLE_EQ(r.objective, 80000.0);
}

TEST(SitingConfig, RejectsABudgetForSetCoveringAndBadInput) {
    SitingProblem p = randomProblem(7);
    SitingConfig c = countConfig(SitingModel::SetCovering, 0);
    c.budgetYuan = 10.0;
    EXPECT_THROW((void)xw::core::solveSiting(p, c), std::invalid_argument);
    c = countConfig(SitingModel::PMedian, 1);
    c.unservedPenaltyMeters = 0.0;
    EXPECT_THROW((void)xw::core::solveSiting(p, c), std::invalid_argument);
    p.demand[3].children = -1;
    EXPECT_THROW((void)xw::core::solveSiting(p, countConfig(SitingModel::PMedian, 1)),
                 std::invalid_argument);
    try {
        (void)xw::core::solveSiting(p, countConfig(SitingModel::PMedian, 1));
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("demand point 3"), std::string::npos) << e.what();
    }
}

TEST(SitingProgress, CancelStopsTheSearch) {
    const SitingProblem p = randomProblem(9, {2000, 300, 3});
    std::atomic<bool> cancel{true};
    const xw::core::Progress progress({}, &cancel);
    EXPECT_THROW((void)xw::core::solveSiting(p, countConfig(SitingModel::PMedian, 5), progress),
                 xw::core::Cancelled);
}

} // namespace
