#include <xw/core/balance/resources.hpp>

#include <gtest/gtest.h>

namespace xw::core {
namespace {

// T1 (urban): 120 children per age, one primary school of 12 classes (540 seats) with 720 pupils
// and 30 teachers → primary shortfall 720 − 540 = 180.
// T2 (rural): 50 per age, no school → shortfall 300.
CityData city() {
    CityData c;
    c.regions.cityCode = "C";
    c.regions.cityName = "City";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", true, 10.0}, {"T2", "Town 2", "D", false, 50.0}};
    TownPopulation t1{"T1", {}};
    t1.persons.assign(19, {120.0, 0.0});
    TownPopulation t2{"T2", {}};
    t2.persons.assign(19, {50.0, 0.0});
    c.population.towns = {t1, t2};
    School a;
    a.id = "A";
    a.townCode = "T1";
    a.staff.teachers = 30;
    StageProvision p;
    p.stage = Stage::Primary;
    for (int g = 1; g <= 6; ++g)
        p.grades.push_back({g, 2, 120, 0});
    a.stages.push_back(p);
    c.schools.push_back(a);
    return c;
}

const AreaResources& find(const std::vector<AreaResources>& rs, const std::string& code, Stage s) {
    for (const auto& r : rs)
        if (r.code == code && r.stage == s)
            return r;
    throw std::runtime_error("no row " + code);
}

TEST(Resources, TeachersForEnrolmentFollowTheStaffingRatio) {
    const CityData c = city();
    const auto rs = computeResources(c, computeSeatBalance(c));
    const auto& t1 = find(rs, "T1", Stage::Primary);
    EXPECT_DOUBLE_EQ(t1.teachersOnRecord, 30.0);
    EXPECT_DOUBLE_EQ(t1.teachersForEnrolment, 720.0 / 19.0); // 37.89 (1 : 19)
    EXPECT_DOUBLE_EQ(t1.teacherGap, 720.0 / 19.0 - 30.0);
}

TEST(Resources, LandUsesTheCentralNormInUrbanTowns) {
    const CityData c = city();
    const auto rs = computeResources(c, computeSeatBalance(c));
    const auto& t1 = find(rs, "T1", Stage::Primary);
    EXPECT_DOUBLE_EQ(t1.missingSeats, 180.0);
    EXPECT_DOUBLE_EQ(t1.landForMissingM2, 180.0 * 9.4); // urban: 9.4 m² per pupil
    EXPECT_DOUBLE_EQ(t1.floorForMissingM2, 180.0 * 6.6);
    const auto& t2 = find(rs, "T2", Stage::Primary);
    EXPECT_DOUBLE_EQ(t2.missingSeats, 300.0);
    EXPECT_DOUBLE_EQ(t2.landForMissingM2, 300.0 * 18.0); // rural: 18 m²
    const auto& d = find(rs, "D", Stage::Primary);
    EXPECT_DOUBLE_EQ(d.missingSeats, 480.0);
    EXPECT_DOUBLE_EQ(d.landForMissingM2, 180.0 * 9.4 + 300.0 * 18.0);
    EXPECT_DOUBLE_EQ(d.teachersForMissing, 480.0 / 19.0);
    EXPECT_EQ(find(rs, "C", Stage::Primary).level, "city");
}

TEST(Resources, EachDistrictSumsTheTownsTheRegionIndexGivesIt) {
    // T1 in D, T2 in E, T3 in a district the regions do not list (30 per age, no school:
    // primary shortfall 180): each district row holds its own towns only, and T3 adds to none.
    CityData c = city();
    c.regions.districts = {{"D", "District"}, {"E", "East"}};
    c.regions.towns[1].districtCode = "E";
    c.regions.towns.push_back({"T3", "Town 3", "X", false, 20.0});
    TownPopulation t3{"T3", {}};
    t3.persons.assign(19, {30.0, 0.0});
    c.population.towns.push_back(t3);
    const auto rs = computeResources(c, computeSeatBalance(c));
    EXPECT_DOUBLE_EQ(find(rs, "T3", Stage::Primary).missingSeats, 180.0);
    const auto& d = find(rs, "D", Stage::Primary);
    EXPECT_DOUBLE_EQ(d.teachersOnRecord, 30.0);
    EXPECT_DOUBLE_EQ(d.missingSeats, 180.0);
    EXPECT_DOUBLE_EQ(d.landForMissingM2, 180.0 * 9.4);
    const auto& e = find(rs, "E", Stage::Primary);
    EXPECT_DOUBLE_EQ(e.teachersOnRecord, 0.0);
    EXPECT_DOUBLE_EQ(e.missingSeats, 300.0);
    EXPECT_DOUBLE_EQ(e.landForMissingM2, 300.0 * 18.0);
    EXPECT_THROW((void)find(rs, "X", Stage::Primary), std::runtime_error);
}

} // namespace
} // namespace xw::core
