// `xuewei run` with residential units, an OD table and barriers (tests/data/gis/units added to a
// copy of tests/data/gis/mini; README there). Town 441702001's primary demand (3,251 children) is
// split over its units U1, U2, U3 by their children aged 6–11 (1,100 : 1,300 : 650 → 1,172,
// 1,386, 693); the OD table gives minutes from U1, U2, U3 to S001 only (12.5, 4 and 20 minutes =
// 833, 267 and 1,333 m at 4 km/h). U2's 267 m lies below its straight line to S001 (√(500² +
// 500²) = 707.1 m) and is raised to it. The only primary school reachable is S001 (360 seats), so
// the optimal allocation seats 360 of U2's children at 707.1 m and leaves the rest unplaced; the
// units of 441704100 have no OD row and reach no school.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;
using xw::testing::Scratch;

const fs::path kRoot = XW_SOURCE_ROOT;

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The mini dataset with the units fixture's layers and tables, in `dir`.
void unitsDataset(const fs::path& dir) {
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(kRoot / "tests/data/gis/mini"))
        fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
    for (const auto& e : fs::directory_iterator(kRoot / "tests/data/gis/units"))
        fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
    std::string manifest = read(dir / "dataset.yaml");
    manifest.replace(manifest.find("tables:\n"), 8,
                     read(dir / "manifest_units.yaml") + "tables:\n");
    manifest += read(dir / "manifest_tables.yaml");
    std::ofstream(dir / "dataset.yaml", std::ios::binary | std::ios::trunc) << manifest;
}

std::map<std::string, std::string> row(const fs::path& file, const std::string& key,
                                       const std::string& value, const std::string& stage) {
    for (const auto& r : readCsv(file.string()).rows)
        if (r.at(key) == value && r.at("stage") == stage &&
            (key != "code" || r.at("level") == "town"))
            return r;
    return {};
}

TEST(RunWithUnits, ChildrenLiveAtTheUnitsAndTheOdTableGivesTheDistances) {
    const Scratch data("xw_units_data"), out("xw_units_out");
    unitsDataset(data.path);
    const auto r = runXuewei("run --data " + data.path.string() +
                             " --allocate optimal --grid-m 1000 --out " + out.path.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("demand points are 5 residential units"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("distances from the OD table"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("distance: the dataset's OD table"), std::string::npos) << r.out;
    // Diagnostics beyond the first ten are in validation.csv.
    const std::string validation = read(out.path / "validation.csv");
    EXPECT_NE(validation.find("have no row in the OD table"), std::string::npos) << validation;
    // 441704100's units against its residents.
    EXPECT_NE(validation.find("-5.3 %"), std::string::npos) << validation;
    const fs::path areas = out.path / "allocation_areas.csv";
    const auto t1 = row(areas, "code", "441702001", "primary");
    EXPECT_EQ(t1.at("demand"), "3251");
    EXPECT_EQ(t1.at("assigned"), "360");
    EXPECT_EQ(t1.at("unplaced"), "2891");
    const auto t3 = row(areas, "code", "441704100", "primary");
    EXPECT_EQ(t3.at("demand"), "900");
    EXPECT_EQ(t3.at("unplaced"), "900");
    const auto s1 = row(out.path / "allocation_schools.csv", "school_id", "S001", "primary");
    EXPECT_EQ(s1.at("assigned"), "360");
    EXPECT_EQ(s1.at("mean_distance_m"), "707.11");
    // U2 → S001 crosses the railway R1 (x = 599000)? No: U2 (600500, 2420500) and S001 (600000,
    // 2420000) both lie east of it and north of the trunk road H1 (y = 2419000).
    EXPECT_EQ(s1.at("crossing_barrier"), "0");
}

// The demand_points layer names each point's residential unit: 441702001's primary children are
// at U1, U2 and U3 (1,172, 1,386 and 693 children, as above), U2's 360 seated at S001 at 707.1 m
// = 10.61 minutes at 4 km/h. Every town with children here has units, so no point is a grid cell.
TEST(RunWithUnits, DemandPointsNameTheirUnit) {
    const Scratch data("xw_units_points_data"), out("xw_units_points_out");
    unitsDataset(data.path);
    const auto r =
        runXuewei("run -q --data " + data.path.string() +
                  " --allocate optimal --grid-m 1000 --demand-points --out " + out.path.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    GDALAllRegister();
    GDALDatasetUniquePtr dp(GDALDataset::FromHandle(
        GDALOpenEx((out.path / "demand_points.gpkg").string().c_str(),
                   GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    ASSERT_TRUE(dp);
    OGRLayer* points = dp->GetLayerByName("demand_points");
    ASSERT_NE(points, nullptr);
    std::map<std::string, long long> unitDemand; // primary, 441702001
    long long gridCells = 0;
    bool u2Seated = false;
    for (auto& f : *points) {
        const std::string stage = f->GetFieldAsString("stage");
        const bool hasUnit = f->IsFieldSetAndNotNull(f->GetFieldIndex("unit"));
        if (!hasUnit) {
            ++gridCells;
            continue;
        }
        if (stage != "primary" || std::string(f->GetFieldAsString("town")) != "441702001")
            continue;
        const std::string unit = f->GetFieldAsString("unit");
        unitDemand[unit] = f->GetFieldAsInteger64("demand");
        if (unit == "U2" && std::string(f->GetFieldAsString("school_id")) == "S001") {
            u2Seated = true;
            EXPECT_EQ(f->GetFieldAsInteger64("children"), 360);
            EXPECT_NEAR(f->GetFieldAsDouble("distance_m"), 707.11, 0.01);
            EXPECT_NEAR(f->GetFieldAsDouble("minutes"), 707.107 / (4000.0 / 60.0), 0.01);
        }
    }
    EXPECT_EQ(unitDemand,
              (std::map<std::string, long long>{{"U1", 1172}, {"U2", 1386}, {"U3", 693}}));
    EXPECT_TRUE(u2Seated);
    EXPECT_EQ(gridCells, 0);
}

} // namespace
