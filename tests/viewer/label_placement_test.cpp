// Greedy label placement: no overlaps, priorities first, fall-back positions, obstacles.
#include <xw/viewer/map/label_placement.hpp>

#include <gtest/gtest.h>

#include <random>

namespace xw::viewer {
namespace {

TEST(LabelPlacement, PlacedLabelsNeverOverlapEachOtherOrObstacles) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> x(0, 500), y(0, 300), w(20, 90);
    std::vector<LabelCandidate> cands(600);
    for (auto& c : cands) {
        const double px = x(rng), py = y(rng), bw = w(rng);
        c.positions = {{px, py, bw, 12}, {px - bw, py, bw, 12}, {px, py - 14, bw, 12}};
        c.priority = x(rng);
    }
    const std::vector<Box> obstacles = {{200, 100, 100, 50}};
    const Box bounds{0, 0, 520, 320};
    const auto placed = placeLabels(cands, obstacles, bounds, 1.0);
    ASSERT_GT(placed.size(), 50u);
    ASSERT_LT(placed.size(), cands.size()); // this many cannot all fit
    for (std::size_t i = 0; i < placed.size(); ++i) {
        EXPECT_TRUE(placed[i].box.inside(bounds));
        EXPECT_FALSE(placed[i].box.overlaps(obstacles[0]));
        for (std::size_t j = i + 1; j < placed.size(); ++j)
            EXPECT_FALSE(placed[i].box.overlaps(placed[j].box)) << i << " " << j;
    }
}

TEST(LabelPlacement, TheHigherPriorityTakesTheContestedPlace) {
    std::vector<LabelCandidate> cands(2);
    cands[0].positions = {{10, 10, 50, 10}};
    cands[0].priority = 1; // small town
    cands[1].positions = {{30, 12, 50, 10}};
    cands[1].priority = 5; // large town
    const auto placed = placeLabels(cands, {}, {0, 0, 100, 100});
    ASSERT_EQ(placed.size(), 1u);
    EXPECT_EQ(placed[0].candidate, 1u);
}

TEST(LabelPlacement, ABlockedLabelTakesItsNextPosition) {
    std::vector<LabelCandidate> cands(2);
    cands[0].positions = {{10, 10, 50, 10}};
    cands[0].priority = 2;
    cands[1].positions = {{20, 10, 50, 10}, {20, 30, 50, 10}};
    cands[1].priority = 1;
    const auto placed = placeLabels(cands, {}, {0, 0, 100, 100});
    ASSERT_EQ(placed.size(), 2u);
    EXPECT_EQ(placed[1].candidate, 1u);
    EXPECT_EQ(placed[1].position, 1u);
}

TEST(LabelPlacement, ALabelOutsideTheBoundsIsDropped) {
    std::vector<LabelCandidate> cands(1);
    cands[0].positions = {{95, 10, 50, 10}};
    EXPECT_TRUE(placeLabels(cands, {}, {0, 0, 100, 100}).empty());
}

TEST(LabelPlacement, TouchingBoxesDoNotOverlap) {
    const Box a{0, 0, 10, 10}, b{10, 0, 10, 10};
    EXPECT_FALSE(a.overlaps(b));
    EXPECT_TRUE(a.overlaps({9.5, 5, 10, 10}));
}

} // namespace
} // namespace xw::viewer
