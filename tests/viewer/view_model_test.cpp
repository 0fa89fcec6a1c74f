// The viewer model without widgets: the view state and its checks, the details of a school, a
// town and a housing project (the engine's rows, picked by id and year), the extent of a
// district, and the plan edits (plain plan → plan).
#include <xw/viewer/model/details.hpp>
#include <xw/viewer/model/plan_edits.hpp>
#include <xw/viewer/model/view_model.hpp>

#include "viewer_study_fixture.hpp"

#include <gtest/gtest.h>

namespace xw::viewer {
namespace {

using test::yangjiang;
using test::yangjiangGeometry;

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

TEST(ViewerModel, ARenamedScenarioIsNamedSoOnItsMaps) {
    ViewerModel m;
    m.addScenario("基准", shared());
    m.addScenario("比较", shared());
    m.renameScenario(0, "南区方案");
    EXPECT_EQ(m.scenario(0).name, "南区方案");
    ViewState s;
    s.compare = CompareMode::SideBySide;
    s.compareWith = 1;
    m.setState(s);
    const auto maps = m.maps(1600, 900);
    ASSERT_EQ(maps.size(), 2u);
    EXPECT_NE(maps[0].subtitle.find("南区方案"), std::string::npos) << maps[0].subtitle;
    EXPECT_EQ(maps[0].subtitle.find("基准"), std::string::npos) << maps[0].subtitle;
    EXPECT_THROW(m.renameScenario(2, "x"), std::out_of_range);
}

TEST(ViewerModel, ADistrictIsFittedByItsOutlineWithAFivePercentMargin) {
    ViewerModel m;
    m.addScenario("基准", shared());
    const study::StudyResults& r = yangjiang();
    const MapGeometry& g = yangjiangGeometry();
    ASSERT_GE(r.districtShapes.size(), 2u);
    for (std::size_t i = 0; i < r.districtShapes.size(); ++i) {
        double minX = 1e300, minY = 1e300, maxX = -1e300, maxY = -1e300;
        for (const auto& poly : g.districts[i].polygons)
            for (const auto& p : poly.rings.front()) { // the outer ring bounds the part
                minX = std::min(minX, p.x);
                minY = std::min(minY, p.y);
                maxX = std::max(maxX, p.x);
                maxY = std::max(maxY, p.y);
            }
        const auto e = m.districtExtent(r.districtShapes[i].code);
        ASSERT_TRUE(e.has_value()) << r.districtShapes[i].code;
        const double w = maxX - minX, h = maxY - minY;
        EXPECT_NEAR(e->minX, minX - 0.05 * w, 1e-6);
        EXPECT_NEAR(e->maxX, maxX + 0.05 * w, 1e-6);
        EXPECT_NEAR(e->minY, minY - 0.05 * h, 1e-6);
        EXPECT_NEAR(e->maxY, maxY + 0.05 * h, 1e-6);
    }
    EXPECT_FALSE(m.districtExtent("没有这个区").has_value());
    EXPECT_FALSE(ViewerModel().districtExtent(r.districtShapes[0].code).has_value());
}

TEST(HousingDetails, AreTheProjectItsTownAndItsKindergartenCheck) {
    const study::StudyResults& r = yangjiang();
    ASSERT_FALSE(r.city->housing.empty());
    ASSERT_FALSE(r.kindergartens.empty());
    const core::KindergartenCheck& k = r.kindergartens.back();
    const core::HousingProject& h = r.city->housing[k.housingIndex];
    const auto d = housingDetails(r, h.id);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->project.id, h.id);
    EXPECT_EQ(d->project.dwellings, h.dwellings);
    ASSERT_TRUE(d->check.has_value());
    EXPECT_EQ(d->check->housingIndex, k.housingIndex);
    EXPECT_EQ(d->check->classesRequired, k.classesRequired);
    const auto t = r.city->regions.townIndex(h.townCode);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(d->townName, r.city->regions.towns[*t].name);
    EXPECT_FALSE(housingDetails(r, "没有这个小区").has_value());
    // Through the model: only while a housing project is selected.
    ViewerModel m;
    m.addScenario("基准", shared());
    EXPECT_FALSE(m.selectedHousing().has_value());
    ViewState s;
    s.selection = {SelectionKind::Housing, h.id};
    m.setState(s);
    ASSERT_TRUE(m.selectedHousing().has_value());
    EXPECT_EQ(m.selectedHousing()->project.id, h.id);
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

TEST(SchoolDetails, NameTheLargeClassSizeOfTheYearsNorms) {
    // Other norms than the default 56 in the base year and, as a plan's policy would set them,
    // in 2025.
    study::StudyResults r = yangjiang();
    auto base = std::make_shared<core::CityData>(*r.city);
    base->norms.largeClassMin = 45;
    r.city = base;
    bool changed = false;
    for (study::YearResult& y : r.years)
        if (y.year == 2025) {
            auto later = std::make_shared<core::CityData>(*y.city);
            later->norms.largeClassMin = 50;
            y.city = later;
            changed = true;
        }
    ASSERT_TRUE(changed);
    const std::string& school = r.city->schools.front().id;
    const std::string& town = r.city->regions.towns.front().code;
    EXPECT_EQ(schoolDetails(r, school, core::Stage::Primary, std::nullopt)->largeClassMin, 45);
    EXPECT_EQ(schoolDetails(r, school, core::Stage::Primary, 2025)->largeClassMin, 50);
    EXPECT_EQ(townDetails(r, town, std::nullopt)->largeClassMin, 45);
    EXPECT_EQ(townDetails(r, town, 2025)->largeClassMin, 50);
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

TEST(PlanEdits, ClassesPerGradeAreTheSchoolsInTheCityWithZerosForMissingGrades) {
    core::CityData city;
    core::School school;
    school.id = "S1";
    core::StageProvision p;
    p.stage = core::Stage::Primary;
    p.grades = {{}, {}};
    p.grades[0].grade = 1;
    p.grades[0].classes = 2;
    p.grades[1].grade = 3;
    p.grades[1].classes = 4;
    school.stages = {p};
    city.schools.push_back(school);
    ASSERT_EQ(city.norms[core::Stage::Primary].grades, 6);
    EXPECT_EQ(classesPerGrade(city, "S1", core::Stage::Primary),
              (std::vector<int>{2, 0, 4, 0, 0, 0}));
    // Junior has 3 grades in the default norms; the school does not serve it.
    EXPECT_EQ(classesPerGrade(city, "S1", core::Stage::Junior), (std::vector<int>{0, 0, 0}));
    EXPECT_EQ(classesPerGrade(city, "S2", core::Stage::Primary), std::vector<int>(6, 0));
}

TEST(PlanEdits, ANewHousingProjectHasAKindergartenDeliveredWithIt) {
    const core::HousingProject h = newHousingProject("新小区-1", "新小区", 2027);
    EXPECT_EQ(h.id, "新小区-1");
    EXPECT_EQ(h.name, "新小区");
    EXPECT_EQ(h.dwellings, 3000);
    EXPECT_EQ(h.completionYear, 2027);
    EXPECT_EQ(h.kindergarten.classes, 6);
    EXPECT_EQ(h.kindergarten.deliveryYear, 2027);
    EXPECT_TRUE(h.kindergarten.publicOrPuhui);
    // Large enough for the 配套幼儿园 rule of the default norms (dwellings × persons per
    // household).
    const core::Norms n = core::Norms::defaults();
    EXPECT_GE(h.dwellings * n.personsPerHousehold, n.kindergartenMinPeople);
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
