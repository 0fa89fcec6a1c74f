// Plans as dated interventions: each kind on a hand-worked two-town city.
#include <xw/core/balance/seat_balance.hpp>
#include <xw/core/model/plan.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace xw::core {
namespace {

School primary(const std::string& id, const std::string& town, int classesPerGrade,
               int studentsPerGrade) {
    School s;
    s.id = id;
    s.name = id;
    s.townCode = town;
    StageProvision p;
    p.stage = Stage::Primary;
    for (int g = 1; g <= 6; ++g)
        p.grades.push_back(GradeRecord{g, classesPerGrade, studentsPerGrade, 0});
    s.stages.push_back(p);
    return s;
}

CityData city() {
    CityData c;
    c.baseYear = 2020;
    c.regions.cityCode = "C";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T1", "Town 1", "D", true, 10.0}, {"T2", "Town 2", "D", false, 50.0}};
    c.schools = {primary("A", "T1", 2, 100), primary("B", "T2", 1, 40)};
    return c;
}

Seats townSeatsOf(const CityData& c, const std::string& town) {
    const SeatBalance b = computeSeatBalance(c);
    for (const AreaStageBalance& a : b.towns)
        if (a.code == town && a.stage == Stage::Primary)
            return a.seats;
    return -1;
}

const School* find(const CityData& c, const std::string& id) {
    const auto it = std::find_if(c.schools.begin(), c.schools.end(),
                                 [&](const School& s) { return s.id == id; });
    return it == c.schools.end() ? nullptr : &*it;
}

TEST(Plan, ANewSchoolAddsExactlyItsSeatsFromItsOpeningYearOn) {
    // 36 classes, 6 per grade × 45 = 1,620 seats in T2 from 2026.
    Plan plan;
    NewSchool n{2026, primary("N", "T2", 6, 0)};
    plan.newSchools.push_back(n);
    const CityData base = city();
    EXPECT_EQ(townSeatsOf(cityInYear(base, plan, 2025), "T2"), 270);
    EXPECT_EQ(townSeatsOf(cityInYear(base, plan, 2026), "T2"), 270 + 1620);
    EXPECT_EQ(townSeatsOf(cityInYear(base, plan, 2030), "T2"), 270 + 1620);
    EXPECT_EQ(townSeatsOf(cityInYear(base, plan, 2026), "T1"), 540);
    // Appended after the dataset's schools, so school lists only grow at the end.
    EXPECT_EQ(cityInYear(base, plan, 2026).schools.back().id, "N");
}

TEST(Plan, AClassChangeAddsOrRemovesClassesPerGrade) {
    Plan plan;
    plan.classChanges.push_back({2024, "A", Stage::Primary, {1, 1, 0, 0, 0, 0}});
    plan.classChanges.push_back({2027, "A", Stage::Primary, {0, 0, 0, 0, 0, -2}});
    const CityData base = city();
    EXPECT_EQ(townSeatsOf(cityInYear(base, plan, 2023), "T1"), 540);
    EXPECT_EQ(townSeatsOf(cityInYear(base, plan, 2024), "T1"), 540 + 90);
    EXPECT_EQ(townSeatsOf(cityInYear(base, plan, 2027), "T1"), 540 + 90 - 90);
    EXPECT_TRUE(validatePlan(base, plan, 2035).empty());
}

TEST(Plan, AClosureSendsItsPupilsToTheNamedSchool) {
    Plan plan;
    plan.closures.push_back({2025, "B", "A", false});
    const CityData base = city();
    const CityData y = cityInYear(base, plan, 2025);
    EXPECT_EQ(find(y, "B"), nullptr);
    const School* a = find(y, "A");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->stages[0].students(), 600 + 240);
    EXPECT_EQ(a->stages[0].classes(), 12); // pupils only: classes stay
    EXPECT_EQ(townSeatsOf(y, "T2"), 0);
    EXPECT_NE(find(cityInYear(base, plan, 2024), "B"), nullptr);
}

TEST(Plan, AMergerMovesClassesAndPupils) {
    Plan plan;
    plan.closures.push_back({2025, "B", "A", true});
    const CityData y = cityInYear(city(), plan, 2025);
    const School* a = find(y, "A");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->stages[0].classes(), 18);
    EXPECT_EQ(townSeatsOf(y, "T1"), 810);
}

TEST(Plan, AConversionChangesOwnershipFromItsYear) {
    CityData base = city();
    base.schools[1].ownership = Ownership::Private;
    Plan plan;
    Conversion v;
    v.year = 2023;
    v.schoolId = "B";
    v.ownership = Ownership::Public;
    v.standardised = true;
    plan.conversions.push_back(v);
    EXPECT_EQ(find(cityInYear(base, plan, 2022), "B")->ownership, Ownership::Private);
    const CityData y = cityInYear(base, plan, 2023); // find() points into it: keep it alive
    const School* b = find(y, "B");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->ownership, Ownership::Public);
    EXPECT_TRUE(b->flags.standardised);
}

TEST(Plan, APolicyChangesTheClassSizeAndSoTheSeats) {
    Plan plan;
    PolicyChange p;
    p.year = 2028;
    p.classSizes.push_back({Stage::Primary, {40}});
    plan.policies.push_back(p);
    EXPECT_EQ(townSeatsOf(cityInYear(city(), plan, 2028), "T1"), 12 * 40);
}

TEST(Plan, ADeliveredKindergartenOfNewHousingBecomesASchoolOnce) {
    CityData base = city();
    HousingProject h;
    h.id = "H1";
    h.name = "新城";
    h.townCode = "T1";
    h.dwellings = 3000;
    h.completionYear = 2024;
    h.kindergarten = {7, 2025, true, ""};
    base.housing.push_back(h);
    const Plan plan;
    EXPECT_EQ(cityInYear(base, plan, 2024).schools.size(), 2U);
    const CityData y = cityInYear(base, plan, 2025);
    ASSERT_EQ(y.schools.size(), 3U);
    const School& kg = y.schools.back();
    EXPECT_EQ(kg.id, "配套园-H1");
    EXPECT_EQ(kg.ownership, Ownership::Public);
    // 7 classes over 小/中/大班: 3, 2, 2 → 3×25 + 2×30 + 2×35 = 205 seats, the same count as
    // the planned kindergarten had before it opened.
    const SeatBalance b = computeSeatBalance(y);
    EXPECT_EQ(b.schools.back().seats, 205);
    EXPECT_EQ(plannedKindergartenSeats(h.kindergarten, base.norms[Stage::Kindergarten]), 205);
    EXPECT_EQ(y.housing[0].kindergarten.schoolId, "配套园-H1");
    // Seats per town count it once: as a school in the year's city, as planned in the base one.
    EXPECT_DOUBLE_EQ(townSeats(y, 2025)[0][0], 205.0);
    EXPECT_DOUBLE_EQ(townSeats(base, 2025)[0][0], 205.0);
}

TEST(Plan, ValidationNamesEveryContradiction) {
    Plan plan;
    plan.newSchools.push_back({2019, primary("A", "T1", 1, 0)});     // year before base, id taken
    plan.closures.push_back({2025, "B", "B", false});                // pupils to itself
    plan.closures.push_back({2026, "B", "", false});                 // closed twice
    plan.classChanges.push_back({2030, "B", Stage::Primary, {1}});   // after closure
    plan.classChanges.push_back({2022, "A", Stage::Primary, {-4}});  // below 0
    plan.conversions.push_back({2022, "X", {}, {}, {}, {}, {}, {}}); // unknown school
    const std::vector<Diagnostic> ds = validatePlan(city(), plan, 2035);
    const auto has = [&](const std::string& layer, const std::string& field,
                         const std::string& fragment) {
        return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic& d) {
            return d.layer == layer && d.field == field &&
                   d.message.find(fragment) != std::string::npos;
        });
    };
    EXPECT_TRUE(has("new_schools", "year", "is outside the base year and the horizon"));
    EXPECT_TRUE(has("new_schools", "id", "is already taken"));
    EXPECT_TRUE(has("closures", "pupils_to", "cannot go to the closed school itself"));
    EXPECT_TRUE(has("closures", "school", "closed twice"));
    EXPECT_TRUE(has("class_changes", "year", "is closed from 2025"));
    EXPECT_TRUE(has("class_changes", "classes", "fewer than 0 classes"));
    EXPECT_TRUE(has("conversions", "school", "no school \"X\""));
    EXPECT_EQ(ds.size(), 7U);
}

} // namespace
} // namespace xw::core
