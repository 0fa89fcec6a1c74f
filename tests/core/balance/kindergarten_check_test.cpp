#include <xw/core/balance/kindergarten_check.hpp>

#include <gtest/gtest.h>

namespace xw::core {
namespace {

HousingProject project(int dwellings, int completion, int classes, std::optional<int> delivery,
                       bool publicOrPuhui) {
    HousingProject h;
    h.id = "H";
    h.dwellings = dwellings;
    h.completionYear = completion;
    h.kindergarten = {classes, delivery, publicOrPuhui, ""};
    return h;
}

std::vector<KindergartenCheck> check(std::vector<HousingProject> hs) {
    CityData c;
    c.housing = std::move(hs);
    return checkKindergartens(c);
}

TEST(KindergartenCheck, SmallEstateNeedsNoOwnKindergarten) {
    // 1,000 dwellings × 3.2 = 3,200 people < 4,500: seats 128 but no own kindergarten required.
    const auto r = check({project(1000, 2022, 0, std::nullopt, false)});
    EXPECT_FALSE(r[0].required);
    EXPECT_DOUBLE_EQ(r[0].seatsRequired, 128.0);
    EXPECT_TRUE(r[0].problems.empty());
}

TEST(KindergartenCheck, FourThousandFiveHundredPeopleNeedSixClasses) {
    // 1,500 dwellings → 4,800 people ≥ 4,500; seats 192 → 192/30 = 6.4 → 7 classes (> 6 minimum).
    const auto r = check({project(1500, 2022, 7, 2022, true)});
    EXPECT_TRUE(r[0].required);
    EXPECT_EQ(r[0].kindergartensRequired, 1);
    EXPECT_EQ(r[0].classesRequired, 7);
    EXPECT_TRUE(r[0].problems.empty());
}

TEST(KindergartenCheck, LargeEstateNeedsTwoKindergartens) {
    // 5,000 dwellings → 16,000 people > 13,500: 2 kindergartens; seats 640 → 21.33 → 22 classes.
    const auto r = check({project(5000, 2025, 12, 2025, true)});
    EXPECT_EQ(r[0].kindergartensRequired, 2);
    EXPECT_EQ(r[0].classesRequired, 22);
    ASSERT_EQ(r[0].problems.size(), 1U);
    EXPECT_EQ(r[0].problems[0], KindergartenProblem::TooSmall);
}

TEST(KindergartenCheck, NamesMissingLateAndPrivateKindergartens) {
    const auto r =
        check({project(2000, 2021, 0, std::nullopt, false), project(2000, 2021, 9, 2023, false),
               project(2000, 2021, 9, std::nullopt, true)});
    EXPECT_EQ(r[0].problems, std::vector<KindergartenProblem>{KindergartenProblem::Missing});
    EXPECT_EQ(r[1].problems, (std::vector<KindergartenProblem>{KindergartenProblem::Late,
                                                               KindergartenProblem::NotPublic}));
    EXPECT_EQ(r[2].problems, std::vector<KindergartenProblem>{KindergartenProblem::Late});
    EXPECT_EQ(problemNameZh(KindergartenProblem::Missing), "缺配套幼儿园");
}

} // namespace
} // namespace xw::core
