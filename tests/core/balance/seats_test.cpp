// The seat rules of core/balance/seats.hpp, hand-worked on the default norms: kindergarten grades
// of 25, 30 and 35 pupils, primary grades of 45.
#include <xw/core/balance/seats.hpp>

#include <gtest/gtest.h>

namespace xw::core {
namespace {

TEST(Seats, AStagesSeatsAreEachGradesClassesTimesItsClassSize) {
    const Norms n = Norms::defaults();
    StageProvision kg;
    kg.stage = Stage::Kindergarten;
    kg.grades = {GradeRecord{1, 2, 0, 0}, GradeRecord{2, 1, 0, 0}, GradeRecord{3, 0, 40, 0}};
    // 2 × 25 + 1 × 30 + 0 × 35: a grade without classes has no seats, whatever its pupils.
    EXPECT_EQ(stageSeats(kg, n[Stage::Kindergarten]), 80);
    EXPECT_DOUBLE_EQ(meanNormClassSize(n[Stage::Kindergarten]), 30.0);
    EXPECT_EQ(classRowSeats(n[Stage::Kindergarten]), 90);
    EXPECT_EQ(classRowSeats(n[Stage::Primary]), 6 * 45);
}

TEST(Seats, AChangeGradeByGradeCountsAddedAndRemovedClassesAtTheirGradesSizes) {
    const Norms n = Norms::defaults();
    // +2 small classes (25), −1 middle class (30), +1 large class (35).
    const GradeDeltaSeats c = gradeDeltaSeats({2, -1, 1}, n[Stage::Kindergarten]);
    EXPECT_EQ(c.classes, 2);
    EXPECT_EQ(c.classesAdded, 3);
    EXPECT_EQ(c.net, 2 * 25 - 30 + 35);
    EXPECT_EQ(c.added, 2 * 25 + 35);
    // The same change as a school: the seats it gains are what stageSeats counts.
    StageProvision before;
    before.stage = Stage::Kindergarten;
    before.grades = {GradeRecord{1, 1, 0, 0}, GradeRecord{2, 2, 0, 0}, GradeRecord{3, 1, 0, 0}};
    StageProvision after = before;
    after.grades[0].classes += 2;
    after.grades[1].classes -= 1;
    after.grades[2].classes += 1;
    EXPECT_EQ(stageSeats(after, n[Stage::Kindergarten]) -
                  stageSeats(before, n[Stage::Kindergarten]),
              c.net);
}

TEST(Seats, ClassesAtLeastASizeFollowTheEvenSplit) {
    // 100 pupils in 2 classes: 50 and 50; in 3 classes: 34, 33, 33.
    EXPECT_EQ(classesAtLeast(2, 100, 50), 2);
    EXPECT_EQ(classesAtLeast(3, 100, 34), 1);
    EXPECT_EQ(classesAtLeast(3, 100, 33), 3);
    EXPECT_EQ(classesAtLeast(0, 100, 1), 0);
    EXPECT_EQ(spreadOverGrades(7, 3), (std::vector<int>{3, 2, 2}));
}

} // namespace
} // namespace xw::core
