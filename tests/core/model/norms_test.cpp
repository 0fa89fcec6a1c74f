#include <xw/core/model/norms.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xw::core {
namespace {

TEST(Norms, DefaultsFollowTheDomainReference) {
    const Norms n = Norms::defaults();
    EXPECT_TRUE(validate(n).empty());
    // domain.md §2: kindergarten 25/30/35, primary 45, junior and senior 50.
    EXPECT_EQ(n[Stage::Kindergarten].classSize(1), 25);
    EXPECT_EQ(n[Stage::Kindergarten].classSize(3), 35);
    EXPECT_EQ(n[Stage::Primary].classSize(6), 45);
    EXPECT_EQ(n[Stage::Junior].classSize(2), 50);
    EXPECT_EQ(n[Stage::Senior].classSize(1), 50);
    EXPECT_EQ(n.largeClassMin, 56);
    EXPECT_EQ(n.hugeClassMin, 66);
    // §4 radii and §5 staffing.
    EXPECT_DOUBLE_EQ(n[Stage::Primary].radiusUrbanMeters, 500.0);
    EXPECT_DOUBLE_EQ(n[Stage::Junior].radiusUrbanMeters, 1000.0);
    EXPECT_DOUBLE_EQ(n[Stage::Junior].studentsPerStaff, 13.5);
    // §3: 高中阶段 95 % split 50:50 between 普高 and 中职.
    EXPECT_DOUBLE_EQ(n[Stage::Senior].targetRate + n[Stage::Vocational].targetRate, 0.95);
}

TEST(Norms, ValidationNamesTheBadValue) {
    Norms n = Norms::defaults();
    n[Stage::Primary].targetRate = -0.1;
    n[Stage::Junior].standardClassSize = {0};
    n.personsPerHousehold = 0.0;
    const std::vector<Diagnostic> problems = validate(n);
    ASSERT_EQ(problems.size(), 3U);
    EXPECT_NE(problems[0].message.find("primary: target_rate -0.1"), std::string::npos)
        << problems[0].message;
    EXPECT_EQ(problems[0].field, "stages.primary.target_rate");
    EXPECT_NE(problems[1].message.find("junior: class_size 0"), std::string::npos)
        << problems[1].message;
    EXPECT_EQ(problems[1].field, "stages.junior.class_size");
    EXPECT_EQ(problems[2].message, "persons_per_household 0 is outside (0)..20");
    EXPECT_EQ(problems[2].field, "persons_per_household");
    for (const Diagnostic& d : problems) {
        EXPECT_EQ(d.severity, Severity::Error) << d.message;
        EXPECT_EQ(d.layer, "norms") << d.message;
    }
}

} // namespace
} // namespace xw::core
