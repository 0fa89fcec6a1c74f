// What the loader makes of overlapping towns, schools with duplicate ids or several campuses and
// grade rows that contradict themselves. Areas are worked by hand from the fixtures' exact
// EPSG:4546 squares. Fixtures: the mini dataset (tests/data/gis/mini)
// edited in a scratch folder, and the inputs from the field (tests/data/cases, see its README).
#include "bad_input_support.hpp"

#include <xw/gis/demand_grid.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace xw::gis {
namespace {

using namespace test; // fixtures, scratch folders, file edits and bad_input_support.hpp

// ---------------------------------------------------------------------------------------------
// Overlapping towns

TEST(BadInputTowns, OverlapGoesToTheSmallerTownWhateverTheOrder) {
    // 东城街道 (615–621 km × 10 km = 60 km²) is drawn over 东城镇 (615–625 km, 100 km²): the
    // overlap is all of 东城街道, 60 km², 60 % of 东城镇. 东城镇 keeps 40 km².
    for (const char* variant : {"dataset", "dataset-reordered"}) {
        const DatasetLoad d =
            loadDataset(caseFixture("11-overlapping-towns-after-boundary-change", variant));
        const auto w = problemsWith(d, "towns", "overlaps town 441704001 东城街道 by 60.00 km²");
        ASSERT_EQ(w.size(), 1U) << variant << "\n" << allProblems(d);
        EXPECT_EQ(w[0].severity, Severity::Warning);
        EXPECT_EQ(w[0].featureId, "441704100");
        EXPECT_TRUE(contains(w[0].message, "(60.0 % of this town, 100.0 % of the other)"))
            << w[0].message;
        const auto& towns = d.city.regions.towns;
        const auto zhen = d.city.regions.townIndex("441704100");
        const auto jie = d.city.regions.townIndex("441704001");
        ASSERT_TRUE(zhen && jie);
        EXPECT_NEAR(towns[*zhen].areaKm2, 40.0, 1e-6) << variant;
        EXPECT_NEAR(towns[*jie].areaKm2, 60.0, 1e-6) << variant;
        // S003 at (620000, 2420000) lies in the overlap.
        EXPECT_EQ(findSchool(d, "S003")->townCode, "441704001") << variant;
    }
}

TEST(BadInputTowns, OverlapIsNotCountedTwiceInTheDemandGrid) {
    // 300 km² of land once the overlap is cut: 300 / 0.25² = 4,800 cells of 250 m, each once.
    const DatasetLoad d = loadDataset(caseFixture("11-overlapping-towns-after-boundary-change"));
    const DemandGrid g = buildDemandGrid(d, {250.0});
    EXPECT_EQ(g.points.size(), 4800U);
    std::set<std::pair<double, double>> where;
    for (const auto& p : g.points) {
        EXPECT_TRUE(where.insert({p.location.x, p.location.y}).second)
            << "cell counted twice at " << p.location.x << ", " << p.location.y;
    }
}

TEST(BadInputTowns, TownEntirelyInsideSmallerTownsIsSkippedWithAnError) {
    ScratchDir dir;
    copyDataset(caseFixture("11-overlapping-towns-after-boundary-change"), dir.path());
    // 东城街道 now covers 东城镇 whole (the same square) and is given a code that sorts first:
    // equal areas go to the lower code, so 东城镇 (441704100) is left with nothing.
    replaceInFile(dir.path() / "towns.geojson", "621000", "625000");
    replaceInFile(dir.path() / "towns.geojson", "621000", "625000");
    replaceInFile(dir.path() / "towns.geojson", "\"441704001\"", "\"441704000\"");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_FALSE(d.city.regions.townIndex("441704100").has_value());
    ASSERT_EQ(problemsWith(d, "towns", "the whole town lies inside smaller towns").size(), 1U)
        << allProblems(d);
}

// ---------------------------------------------------------------------------------------------
// Schools: duplicate ids and campuses

TEST(BadInputSchools, DuplicateIdIsReportedByRowAndItsGradesAreNotCreditedToTheFirst) {
    const DatasetLoad d = loadDataset(caseFixture("13-school-with-two-campuses-one-id"));
    const auto dup = problemsWith(d, "schools", "duplicate id (same as row 1): row 5 skipped");
    ASSERT_EQ(dup.size(), 1U) << allProblems(d);
    EXPECT_TRUE(contains(dup[0].message, "tell the campuses apart in a campus column"));
    // The first campus stays, but none of S001's grade rows can be attributed to it.
    const core::School* s1 = findSchool(d, "S001");
    ASSERT_NE(s1, nullptr);
    EXPECT_TRUE(s1->stages.empty());
    EXPECT_EQ(
        problemsWith(d, "school_grades", "is duplicated in the schools layer (rows 1, 5)").size(),
        5U)
        << allProblems(d);
}

/// Case 13 with a campus column (校区) in both tables.
fs::path twoCampuses(const fs::path& dir) {
    copyDataset(caseFixture("13-school-with-two-campuses-one-id"), dir);
    std::string schools = readFile(dir / "schools.csv");
    schools.replace(schools.find("纬度\n"), std::string("纬度\n").size(), "纬度,校区\n");
    schools.replace(schools.find("21.8725267194963\n"), 17, "21.8725267194963,本部\n");
    schools.replace(schools.find("21.853871142654\n"), 16, "21.853871142654,城南校区\n");
    for (const char* id : {"S002", "S003", "S004"}) {
        const auto at = schools.find(std::string("\n") + id);
        schools.insert(schools.find('\n', at + 1), ",");
    }
    writeFile(dir / "schools.csv", schools);
    std::string grades = readFile(dir / "school_grades.csv");
    grades.replace(grades.find("随迁子女\n"), std::string("随迁子女\n").size(), "随迁子女,校区\n");
    std::string out;
    std::size_t start = grades.find('\n') + 1;
    out = grades.substr(0, start);
    while (start < grades.size()) {
        const std::size_t end = grades.find('\n', start);
        std::string line = grades.substr(start, end - start);
        if (line.rfind("S001,小学", 0) == 0) {
            line += ",本部";
        } else if (line.rfind("S001,初中", 0) == 0) {
            line += ",城南校区";
        } else {
            line += ",";
        }
        out += line + "\n";
        start = end + 1;
    }
    writeFile(dir / "school_grades.csv", out);
    replaceInFile(dir / "dataset.yaml", "{id: 学校标识码,", "{id: 学校标识码, campus: 校区,");
    replaceInFile(dir / "dataset.yaml", "{school: 学校标识码,",
                  "{school: 学校标识码, campus: 校区,");
    return dir;
}

TEST(BadInputSchools, CampusesUnderOneIdEachKeepTheirLocationAndGrades) {
    ScratchDir dir;
    const DatasetLoad d = loadDataset(twoCampuses(dir.path()));
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    const core::School* main = findSchool(d, "S001", "本部");
    const core::School* south = findSchool(d, "S001", "城南校区");
    ASSERT_NE(main, nullptr);
    ASSERT_NE(south, nullptr);
    EXPECT_EQ(main->townCode, "441702001");
    EXPECT_EQ(south->townCode, "441702002"); // 112.0641° E lies in 城南街道
    ASSERT_EQ(main->stages.size(), 1U);
    EXPECT_EQ(main->stages[0].stage, core::Stage::Primary);
    EXPECT_EQ(main->stages[0].students(), 182 + 190);
    ASSERT_EQ(south->stages.size(), 1U);
    EXPECT_EQ(south->stages[0].stage, core::Stage::Junior);
    EXPECT_EQ(south->stages[0].students(), 200 + 198 + 195);
}

TEST(BadInputSchools, GradeRowWithoutCampusOfASchoolWithSeveralIsAnError) {
    ScratchDir dir;
    twoCampuses(dir.path());
    replaceInFile(dir.path() / "school_grades.csv", "S001,初中,9,4,195,8,城南校区",
                  "S001,初中,9,4,195,8,");
    const DatasetLoad d = loadDataset(dir.path());
    ASSERT_EQ(
        problemsWith(d, "school_grades", "has several campuses (\"本部\", \"城南校区\")").size(),
        1U)
        << allProblems(d);
}

// ---------------------------------------------------------------------------------------------
// Grade rows

TEST(BadInputGrades, PupilsInAGradeWithNoClassesAreAWarning) {
    const DatasetLoad d = loadDataset(caseFixture("14-teaching-point-zero-classes"));
    const auto w = problemsWith(d, "school_grades", "pupils in a grade with 0 classes");
    ASSERT_EQ(w.size(), 4U) << allProblems(d);
    EXPECT_EQ(w[0].severity, Severity::Warning);
    EXPECT_EQ(w[0].featureId, "row 12 (T001)");
    EXPECT_TRUE(contains(w[0].message, "5 pupils")) << w[0].message;
    // The rows stay: T002's two grades, 3 + 2 pupils, no classes.
    const core::School* t2 = findSchool(d, "T002");
    ASSERT_NE(t2, nullptr);
    EXPECT_EQ(t2->stage(core::Stage::Primary)->students(), 5);
    EXPECT_EQ(t2->stage(core::Stage::Primary)->classes(), 0);
}

TEST(BadInputGrades, MoreLargeOrHugeClassesThanClassesAreRejected) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "migrant: 随迁子女}",
                  "migrant: 随迁子女, large_classes: 大班额, huge_classes: 超大班额}");
    std::string grades = readFile(dir.path() / "school_grades.csv");
    grades.replace(grades.find("随迁子女\n"), std::string("随迁子女\n").size(),
                   "随迁子女,大班额,超大班额\n");
    std::string out;
    std::size_t start = 0;
    int line = 0;
    while (start < grades.size()) {
        const std::size_t end = grades.find('\n', start);
        std::string row = grades.substr(start, end - start);
        if (line > 0) {
            row += line == 1 ? ",5," : (line == 2 ? ",2,3" : ",,");
        }
        out += row + "\n";
        start = end + 1;
        ++line;
    }
    writeFile(dir.path() / "school_grades.csv", out);
    const DatasetLoad d = loadDataset(dir.path());
    // Row 1: S001 grade 2 with 4 classes reports 5 large; row 2: 2 large, 3 huge.
    EXPECT_EQ(
        problemsWith(d, "school_grades", "5 large classes reported in a grade of 4 classes").size(),
        1U)
        << allProblems(d);
    EXPECT_EQ(problemsWith(d, "school_grades",
                           "there cannot be more of them (3) than large "
                           "classes (2)")
                  .size(),
              1U)
        << allProblems(d);
    EXPECT_EQ(findSchool(d, "S001")->stage(core::Stage::Primary), nullptr);
}

} // namespace
} // namespace xw::gis
