// `xuewei run --roads`: the allocation on the mini dataset (tests/data/gis/mini) with the OSM road
// fixture (tests/data/gis/roads, README there). The roads run n1 (600000, 2420000) → n2 (610000,
// 2420000) → n3 (610000, 2422000) → n4 (600000, 2422000); school S003 stands at (620000,
// 2420000), 10 km east of the nearest road point n2, so every road distance to S003 is at least
// its 10 km off-road leg — more than the 2,500 m rural radius of its town.
#include "csv_reader.hpp"
#include "run_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;
using xw::testing::Scratch;

const fs::path kRoot = XW_SOURCE_ROOT;
const std::string kMini = (kRoot / "tests/data/gis/mini").string();
const std::string kPbf = (kRoot / "tests/data/gis/roads/mini_roads.osm.pbf").string();

/// Per school id: the primary rows of allocation_schools.csv.
std::map<std::string, std::map<std::string, std::string>> primarySchools(const fs::path& out) {
    std::map<std::string, std::map<std::string, std::string>> rows;
    for (const auto& row : readCsv((out / "allocation_schools.csv").string()).rows)
        if (row.at("stage") == "primary")
            rows[row.at("school_id")] = row;
    return rows;
}

long long cityAssigned(const fs::path& out) {
    for (const auto& row : readCsv((out / "allocation_areas.csv").string()).rows)
        if (row.at("level") == "city" && row.at("stage") == "primary")
            return std::stoll(row.at("assigned"));
    return -1;
}

// Nearest mode: by straight line S003 takes the children of its town within 2,500 m; by road none
// of them is within the radius, so nobody is assigned to it. The report names the distance used.
TEST(RunWithRoads, NearestModeFollowsTheRoads) {
    const Scratch straight("xw_roads_straight"), road("xw_roads_road");
    const auto a = runXuewei("run --no-report --data " + kMini +
                             " --allocate nearest --grid-m 1000 --out " + straight.path.string());
    ASSERT_EQ(a.exitCode, 0) << a.out;
    EXPECT_NE(a.out.find("distance: straight line"), std::string::npos) << a.out;
    const auto b =
        runXuewei("run --no-report --data " + kMini + " --allocate nearest --grid-m 1000 --roads " +
                  kPbf + " --out " + road.path.string());
    ASSERT_EQ(b.exitCode, 0) << b.out;
    EXPECT_NE(b.out.find("distance: road network: " + kPbf), std::string::npos) << b.out;
    EXPECT_NE(b.out.find("3 条线 lines, 22 km"), std::string::npos) << b.out;
    EXPECT_GT(std::stoll(primarySchools(straight.path).at("S003").at("assigned")), 0);
    EXPECT_EQ(primarySchools(road.path).at("S003").at("assigned"), "0");
    // A road is never shorter than the straight line: no more children within the radius.
    EXPECT_LE(cityAssigned(road.path), cityAssigned(straight.path));
}

// Optimal mode places children at S003 all the same (the penalty is 1,000 km), but each of them
// travels at least the 10 km off-road leg.
TEST(RunWithRoads, OptimalModeMeasuresAlongTheRoads) {
    const Scratch out("xw_roads_optimal");
    const auto r = runXuewei("run -q --no-report --data " + kMini +
                             " --allocate optimal --grid-m 1000 --roads " + kPbf + ":lines --out " +
                             out.path.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    const auto s003 = primarySchools(out.path).at("S003");
    ASSERT_GT(std::stoll(s003.at("assigned")), 0);
    EXPECT_GE(std::stod(s003.at("mean_distance_m")), 10000.0);
}

TEST(RunWithRoads, AMissingRoadFileIsAnError) {
    const Scratch out("xw_roads_missing");
    const auto r = runXuewei("run -q --no-report --data " + kMini + " --roads " +
                             (kRoot / "nowhere.osm.pbf").string() + " --out " + out.path.string());
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_NE(r.out.find("road network file not found"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("nowhere.osm.pbf"), std::string::npos) << r.out;
}

} // namespace

namespace {

// `xuewei project --catchments --roads`: the base-year allocation behind the school catchments
// uses road distances too. On the embedded data with the 22 km mini network every school and
// point snaps onto those three roads, so some catchments must differ from the straight-line run
// (same schools and rows); --roads without --catchments is a usage error.
TEST(ProjectWithRoads, CatchmentsFollowTheRoads) {
    const Scratch straight("xw_project_roads_straight"), road("xw_project_roads_road");
    const std::string common = "project --catchments --grid-m 4000 --years 2020-2021 --draws 5 ";
    const auto a = runXuewei(common + "--out " + straight.path.string());
    ASSERT_EQ(a.exitCode, 0) << a.out;
    const auto b = runXuewei(common + "--roads " + kPbf + " --out " + road.path.string());
    ASSERT_EQ(b.exitCode, 0) << b.out;
    EXPECT_NE(b.out.find("3 条线 lines, 22 km"), std::string::npos) << b.out;
    const auto rowsA = readCsv((straight.path / "projection_catchments.csv").string()).rows;
    const auto rowsB = readCsv((road.path / "projection_catchments.csv").string()).rows;
    ASSERT_EQ(rowsA.size(), rowsB.size());
    ASSERT_FALSE(rowsA.empty());
    int differing = 0;
    for (std::size_t k = 0; k < rowsA.size(); ++k) {
        EXPECT_EQ(rowsA[k].at("school_id"), rowsB[k].at("school_id"));
        EXPECT_EQ(rowsA[k].at("seats"), rowsB[k].at("seats"));
        differing += rowsA[k].at("deterministic") != rowsB[k].at("deterministic") ? 1 : 0;
    }
    EXPECT_GT(differing, 0);

    const Scratch unused("xw_project_roads_usage");
    const auto c = runXuewei("project --roads " + kPbf + " --out " + unused.path.string());
    EXPECT_EQ(c.exitCode, 2) << c.out;
    EXPECT_NE(c.out.find("--roads applies to --catchments"), std::string::npos) << c.out;
}

} // namespace
