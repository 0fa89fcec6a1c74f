// `xuewei run --roads`: the allocation on the mini dataset (tests/data/gis/mini) with the OSM road
// fixture (tests/data/gis/roads, README there). The roads run n1 (600000, 2420000) → n2 (610000,
// 2420000) → n3 (610000, 2422000) → n4 (600000, 2422000); school S003 stands at (620000,
// 2420000), 10 km east of the nearest road point n2, so every road distance to S003 is at least
// its 10 km off-road leg — more than the 2,500 m rural radius of its town.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

/// The primary row of one town in allocation_areas.csv.
std::map<std::string, std::string> primaryTown(const fs::path& out, const std::string& code) {
    for (const auto& row : readCsv((out / "allocation_areas.csv").string()).rows)
        if (row.at("level") == "town" && row.at("code") == code && row.at("stage") == "primary")
            return row;
    return {};
}

// Case 15 (tests/data/gis/island): an island with its own school I001 (90 seats) and 3.2 km of
// road, 14 km off the mainland network. Its 85 primary children used to be snapped onto the
// mainland and left unplaced while I001 was filled from the mainland; the island's part of the
// network holds a school, so island locations snap to it: every island child goes to I001 by
// road, none is unplaced, and no mainland child reaches I001. Points and schools snapped farther
// than their radius are reported.
TEST(RunWithRoads, AnIslandWithItsOwnSchoolKeepsItsChildren) {
    const std::string island = (kRoot / "tests/data/gis/island").string();
    for (const std::string mode : {"optimal", "nearest"}) {
        const Scratch out("xw_roads_island_" + mode);
        const auto r = runXuewei("run --data " + island + " --allocate " + mode + " --roads " +
                                 island + "/roads.geojson --out " + out.path.string());
        ASSERT_EQ(r.exitCode, 0) << r.out;
        EXPECT_EQ(primarySchools(out.path).at("I001").at("assigned"), "85") << mode;
        const auto town = primaryTown(out.path, "441702104");
        EXPECT_EQ(town.at("demand"), "85") << mode;
        EXPECT_EQ(town.at("assigned"), "85") << mode;
        EXPECT_EQ(town.at("unplaced"), "0") << mode;
        EXPECT_NE(r.out.find("from the road network, beyond its 500 m radius"), std::string::npos)
            << r.out;
    }
}

namespace perprofile {

/// The mini dataset in `dir`, with `norms` as its norms file.
void miniWithNorms(const fs::path& dir, const std::string& norms) {
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(kMini))
        fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
    std::ofstream(dir / "norms.yaml", std::ios::binary | std::ios::trunc) << norms;
}

/// mean_distance_m of one school and stage in allocation_schools.csv.
std::string meanDistance(const fs::path& out, const std::string& id, const std::string& stage) {
    for (const auto& row : readCsv((out / "allocation_schools.csv").string()).rows)
        if (row.at("school_id") == id && row.at("stage") == stage)
            return row.at("mean_distance_m");
    return {};
}

} // namespace perprofile

// Each stage's distances come from the ways of its travel profile (tests/data/gis/roads/walk.osm
// beside S001, README there): with the default norms every stage walks and one walking table
// serves them all; when primary children go by bus, a bus table (motorway in, footways out) is
// built beside the walking one, primary distances change and kindergarten ones do not.
TEST(RunWithRoads, EachStageUsesTheWaysOfItsTravelProfile) {
    const std::string walk = (kRoot / "tests/data/gis/roads/walk.osm").string();
    const Scratch walkData("xw_roads_profile_walk_data"), busData("xw_roads_profile_bus_data");
    const Scratch walkOut("xw_roads_profile_walk"), busOut("xw_roads_profile_bus");
    perprofile::miniWithNorms(walkData.path, "stages: {}\n");
    perprofile::miniWithNorms(busData.path, "stages: {primary: {travel_profile: bus}}\n");
    const auto a = runXuewei("run --data " + walkData.path.string() +
                             " --allocate optimal --grid-m 1000 --roads " + walk + " --out " +
                             walkOut.path.string());
    ASSERT_EQ(a.exitCode, 0) << a.out;
    EXPECT_NE(a.out.find("Road network (walk)"), std::string::npos) << a.out;
    EXPECT_EQ(a.out.find("Road network (bus)"), std::string::npos) << a.out;
    EXPECT_NE(a.out.find("road network walk: "), std::string::npos) << a.out; // kept/dropped
    const auto b = runXuewei("run --data " + busData.path.string() +
                             " --allocate optimal --grid-m 1000 --roads " + walk + " --out " +
                             busOut.path.string());
    ASSERT_EQ(b.exitCode, 0) << b.out;
    EXPECT_NE(b.out.find("Road network (walk)"), std::string::npos) << b.out;
    EXPECT_NE(b.out.find("Road network (bus)"), std::string::npos) << b.out;
    const std::string walkS001 = perprofile::meanDistance(walkOut.path, "S001", "primary");
    const std::string busS001 = perprofile::meanDistance(busOut.path, "S001", "primary");
    ASSERT_FALSE(walkS001.empty());
    ASSERT_FALSE(busS001.empty());
    EXPECT_NE(walkS001, busS001);
    EXPECT_EQ(perprofile::meanDistance(walkOut.path, "S004", "kindergarten"),
              perprofile::meanDistance(busOut.path, "S004", "kindergarten"));
}

} // namespace
