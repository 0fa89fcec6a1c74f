// The viewer model without widgets: the view state and its checks, the details of a school and a
// town (the engine's rows, picked by id and year), and the plan edits (plain plan → plan).
#include <xw/viewer/model/details.hpp>
#include <xw/viewer/model/plan_edits.hpp>
#include <xw/viewer/model/view_model.hpp>

#include "viewer_study_fixture.hpp"

#include <gtest/gtest.h>

namespace xw::viewer {
namespace {

using test::yangjiang;

std::shared_ptr<const study::StudyResults> shared() {
    static const auto r = std::make_shared<const study::StudyResults>(yangjiang());
    return r;
}

TEST(ViewerModel, TheYearsAreTheBaseYearThenTheProjectedOnes) {
    ViewerModel m;
    m.addScenario("基准", shared());
    const std::vector<int> ys = m.years();
    ASSERT_EQ(ys.size(), 11u); // 2020–2030
    EXPECT_EQ(ys.front(), 2020);
    EXPECT_EQ(ys.back(), 2030);
    EXPECT_EQ(m.shownYear(), 2020);
}

TEST(ViewerModel, AStateTheResultsCannotShowIsRefusedAndTheOldOneKept) {
    ViewerModel m;
    m.addScenario("基准", shared());
    ViewState s;
    s.year = 2040;
    EXPECT_THROW(m.setState(s), std::invalid_argument);
    EXPECT_FALSE(m.state().year.has_value());
    s.year = 2025;
    s.compare = CompareMode::Difference; // only one scenario
    EXPECT_THROW(m.setState(s), std::invalid_argument);
    s.compare = CompareMode::Single;
    m.setState(s);
    EXPECT_EQ(m.shownYear(), 2025);
}

TEST(ViewerModel, SideBySideMapsAreHalfWideWithOneExtent) {
    ViewerModel m;
    m.addScenario("一", shared());
    m.addScenario("二", shared());
    ViewState s;
    s.compare = CompareMode::SideBySide;
    s.compareWith = 1;
    m.setState(s);
    const auto maps = m.maps(1600, 900);
    ASSERT_EQ(maps.size(), 2u);
    EXPECT_EQ(maps[0].widthPx, 800);
    EXPECT_EQ(maps[1].widthPx, 800);
    EXPECT_EQ(maps[0].extent.minX, maps[1].extent.minX);
    EXPECT_EQ(maps[0].extent.maxY, maps[1].extent.maxY);
    EXPECT_NE(maps[0].subtitle.find("一"), std::string::npos);
    EXPECT_NE(maps[1].subtitle.find("二"), std::string::npos);
}

TEST(ViewerModel, ReplacingResultsDropsASelectionThatNoLongerExists) {
    ViewerModel m;
    m.addScenario("基准", shared());
    ViewState s;
    s.selection = {SelectionKind::School, "没有这所学校"};
    m.setState(s);
    m.replaceResults(0, shared());
    EXPECT_EQ(m.state().selection.kind, SelectionKind::None);
}

TEST(SchoolDetails, AreTheEnginesRowsForTheSchoolAndYear) {
    const study::StudyResults& r = yangjiang();
    const core::SchoolStageBalance* row = nullptr;
    for (const auto& b : r.balance.schools)
        if (b.stage == core::Stage::Primary && b.largeClasses > 0)
            row = &b;
    ASSERT_NE(row, nullptr);
    const core::School& school = r.city->schools[row->schoolIndex];
    const auto d = schoolDetails(r, school.id, core::Stage::Primary, std::nullopt);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->name, school.name);
    ASSERT_FALSE(d->stages.empty());
    bool found = false;
    for (const auto& s : d->stages)
        if (s.stage == core::Stage::Primary) {
            found = true;
            EXPECT_EQ(s.seats, row->seats);
            EXPECT_EQ(s.enrolment, row->enrolment);
            EXPECT_EQ(s.largeClasses, row->largeClasses);
        }
    EXPECT_TRUE(found);
    // The base year's allocation of the school and its catchment.
    ASSERT_FALSE(d->allocation.empty());
    EXPECT_GT(d->catchmentCells, 0);
    // One point per projected year, each the year's own balance row.
    ASSERT_EQ(d->series.size(), r.years.size());
    for (std::size_t k = 0; k < r.years.size(); ++k) {
        EXPECT_EQ(d->series[k].year, r.years[k].year);
        for (const auto& b : r.years[k].balance.schools)
            if (r.years[k].city->schools[b.schoolIndex].id == school.id &&
                b.stage == core::Stage::Primary) {
                EXPECT_EQ(d->series[k].seats, static_cast<double>(b.seats));
                EXPECT_EQ(d->series[k].enrolment, static_cast<double>(b.enrolment));
            }
    }
    EXPECT_FALSE(schoolDetails(r, "没有这所学校", core::Stage::Primary, std::nullopt).has_value());
}

TEST(TownDetails, AreTheTownsRowsByStageAndItsProjection) {
    const study::StudyResults& r = yangjiang();
    const std::string code = r.city->regions.towns.front().code;
    const auto d = townDetails(r, code, 2025);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->year, 2025);
    const study::YearResult* y = r.yearResult(2025);
    for (const auto& row : d->rows)
        for (const auto& b : y->balance.towns)
            if (b.code == code && b.stage == row.stage) {
                EXPECT_EQ(row.demand, b.demand);
                EXPECT_EQ(row.seats, b.seats);
                EXPECT_EQ(row.shortfall, b.shortfall);
            }
    ASSERT_EQ(d->series.size(), d->rows.size());
    for (const auto& [stage, points] : d->series)
        EXPECT_EQ(points.size(), r.years.size());
}

TEST(PlanEdits, ClassesOfADatasetSchoolBecomeOneDatedChangeThatAccumulates) {
    core::Plan plan;
    plan =
        withClasses(plan, "S1", core::Stage::Primary, {3, 3, 2, 2, 2, 2}, {2, 2, 2, 2, 2, 2}, 2024);
    ASSERT_EQ(plan.classChanges.size(), 1u);
    EXPECT_EQ(plan.classChanges[0].gradeDeltas, (std::vector<int>{1, 1, 0, 0, 0, 0}));
    EXPECT_EQ(plan.classChanges[0].year, 2024);
    // Editing again in the same year: the city of that year already has the first change.
    plan =
        withClasses(plan, "S1", core::Stage::Primary, {3, 3, 3, 2, 2, 2}, {3, 3, 2, 2, 2, 2}, 2024);
    ASSERT_EQ(plan.classChanges.size(), 1u);
    EXPECT_EQ(plan.classChanges[0].gradeDeltas, (std::vector<int>{1, 1, 1, 0, 0, 0}));
    // Back to where it was: the change disappears.
    plan =
        withClasses(plan, "S1", core::Stage::Primary, {2, 2, 2, 2, 2, 2}, {3, 3, 3, 2, 2, 2}, 2024);
    EXPECT_TRUE(plan.classChanges.empty());
    EXPECT_THROW((void)withClasses(plan, "S1", core::Stage::Primary, {-1}, {0}, 2024),
                 std::invalid_argument);
}

TEST(PlanEdits, APlannedSchoolIsEditedMovedAndRemovedInPlace) {
    core::CityData city;
    city.schools.push_back({});
    city.schools.back().id = "新校-1";
    core::Plan plan;
    const std::string id = newSchoolId(city, plan);
    EXPECT_EQ(id, "新校-2");
    plan = withNewSchool(plan,
                         makeNewSchool(id, "新建小学", core::Stage::Primary, 6, 4, 2025, {10, 20}));
    ASSERT_TRUE(isPlannedSchool(plan, id));
    EXPECT_EQ(plan.newSchools[0].school.stages[0].classes(), 24);
    plan = withClasses(plan, id, core::Stage::Primary, {5, 5, 5, 5, 5, 5}, {}, 2025);
    EXPECT_EQ(plan.newSchools[0].school.stages[0].classes(), 30);
    EXPECT_TRUE(plan.classChanges.empty());
    plan = withSchoolMoved(plan, id, {30, 40});
    EXPECT_EQ(plan.newSchools[0].school.location.x, 30);
    EXPECT_THROW((void)withSchoolMoved(plan, "新校-1", {0, 0}), std::invalid_argument);
    plan = withSchoolClosed(plan, id, 2026);
    EXPECT_TRUE(plan.newSchools.empty());
    EXPECT_TRUE(plan.closures.empty());
}

TEST(PlanEdits, ADatasetSchoolIsClosedAndReopened) {
    core::Plan plan = withSchoolClosed({}, "S9", 2027);
    ASSERT_EQ(plan.closures.size(), 1u);
    EXPECT_EQ(plan.closures[0].year, 2027);
    EXPECT_TRUE(isClosed(plan, "S9"));
    EXPECT_EQ(withSchoolClosed(plan, "S9", 2028).closures.size(), 1u);
    EXPECT_FALSE(isClosed(withSchoolReopened(plan, "S9"), "S9"));
}

TEST(PlanEdits, HousingIsAddedReplacedAndMovedByCopy) {
    core::HousingProject h;
    h.id = "H1";
    h.dwellings = 1000;
    core::Plan plan = withHousing({}, h);
    h.dwellings = 2000;
    plan = withHousing(plan, h);
    ASSERT_EQ(plan.housing.size(), 1u);
    EXPECT_EQ(plan.housing[0].dwellings, 2000);
    core::HousingProject fromData;
    fromData.id = "D7";
    fromData.townCode = "T1";
    fromData.dwellings = 500;
    plan = withHousingMoved(plan, "D7", {5, 6}, fromData);
    ASSERT_EQ(plan.housing.size(), 2u);
    EXPECT_EQ(plan.housing[1].dwellings, 500);
    EXPECT_EQ(plan.housing[1].location.y, 6);
    EXPECT_TRUE(plan.housing[1].townCode.empty());
}

} // namespace
} // namespace xw::viewer
