// End-to-end: `xuewei run --allocate optimal` on the embedded Yangjiang dataset writes the
// demand_points and catchments layers and the allocation tables, and every town's children are
// either assigned or counted as unplaced. Town demand is checked against balance_areas.csv of the
// same run (rounded half away from zero, as core::splitDemand documents).
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;

class AllocateOnYangjiang : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        outDir = fs::temp_directory_path() / ("xw_alloc_e2e_" + std::to_string(::getpid()));
        fs::remove_all(outDir);
        // A 1 km grid keeps the run short; the arithmetic checked here does not depend on it.
        runResult =
            runXuewei("run -q --no-report --allocate optimal --grid-m 1000 --demand-points --out " +
                      outDir.string());
    }
    static void TearDownTestSuite() { fs::remove_all(outDir); }
    static inline fs::path outDir;
    static inline xw::testing::RunResult runResult;
};

TEST_F(AllocateOnYangjiang, ProblemsOfOneKindAreGroupedSoThatTheOtherKindsShow) {
    // The embedded units out of reach of a kindergarten (found when the demand points are built)
    // number in the hundreds: three are shown with a count of the rest, then the other kinds
    // (units out of reach of a primary school).
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    std::istringstream in(runResult.out);
    int kindergarten = 0, primary = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.find("[demand_units] 要素") == std::string::npos)
            continue;
        kindergarten += line.find("字段 field kindergarten:") != std::string::npos ? 1 : 0;
        primary += line.find("字段 field primary:") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(kindergarten, 3) << runResult.out;
    EXPECT_GE(primary, 1) << runResult.out;
    EXPECT_NE(runResult.out.find("    … 同类 [demand_units] kindergarten 还有 "),
              std::string::npos);
    EXPECT_NE(runResult.out.find(" 条见 " + (outDir / "validation.csv").string()),
              std::string::npos);
}

TEST_F(AllocateOnYangjiang, WritesTheLayersAndTables) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    EXPECT_TRUE(fs::exists(outDir / "allocation_areas.csv"));
    EXPECT_TRUE(fs::exists(outDir / "allocation_schools.csv"));
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::FromHandle(
        GDALOpenEx((outDir / "xuewei.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                   nullptr, nullptr, nullptr)));
    ASSERT_TRUE(ds);
    // Demand points are written on request, to their own file.
    EXPECT_EQ(ds->GetLayerByName("demand_points"), nullptr);
    GDALDatasetUniquePtr dp(GDALDataset::FromHandle(
        GDALOpenEx((outDir / "demand_points.gpkg").string().c_str(),
                   GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    ASSERT_TRUE(dp);
    OGRLayer* points = dp->GetLayerByName("demand_points");
    OGRLayer* catchments = ds->GetLayerByName("catchments");
    ASSERT_NE(points, nullptr);
    ASSERT_NE(catchments, nullptr);
    EXPECT_GT(points->GetFeatureCount(), 1000);
    EXPECT_GT(catchments->GetFeatureCount(), 100);
    // Children per (town, stage) in the layer equal the table's demand.
    std::map<std::pair<std::string, std::string>, long long> layerChildren;
    for (auto& f : *points)
        layerChildren[{f->GetFieldAsString("town"), f->GetFieldAsString("stage")}] +=
            f->GetFieldAsInteger64("children");
    const auto areas = readCsv(outDir / "allocation_areas.csv");
    std::size_t towns = 0;
    for (const auto& row : areas.rows) {
        if (row.at("level") != "town")
            continue;
        ++towns;
        const std::pair<std::string, std::string> key{row.at("code"), row.at("stage")};
        EXPECT_EQ(layerChildren[key], std::stoll(row.at("demand")))
            << row.at("code") << " " << row.at("stage");
    }
    EXPECT_EQ(towns, 48U * 6U);
}

TEST_F(AllocateOnYangjiang, AssignedPlusUnplacedIsEachTownsRoundedDemand) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    std::map<std::pair<std::string, std::string>, double> balanceDemand;
    for (const auto& row : readCsv(outDir / "balance_areas.csv").rows)
        if (row.at("level") == "town")
            balanceDemand[{row.at("code"), row.at("stage")}] = std::stod(row.at("demand"));
    for (const auto& row : readCsv(outDir / "allocation_areas.csv").rows) {
        const long long demand = std::stoll(row.at("demand"));
        EXPECT_EQ(std::stoll(row.at("assigned")) + std::stoll(row.at("unplaced")), demand)
            << row.at("level") << " " << row.at("code") << " " << row.at("stage");
        // Optimal mode never fills a school above its seats.
        EXPECT_EQ(std::stoll(row.at("over_capacity")), 0) << row.at("code");
        if (row.at("level") == "town") {
            const auto it = balanceDemand.find({row.at("code"), row.at("stage")});
            ASSERT_NE(it, balanceDemand.end()) << row.at("code");
            EXPECT_EQ(demand, std::llround(it->second)) << row.at("code") << " " << row.at("stage");
        }
    }
}

TEST_F(AllocateOnYangjiang, SchoolTableAgreesWithTheAreaTable) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    std::map<std::string, long long> assignedByStage;
    for (const auto& row : readCsv(outDir / "allocation_schools.csv").rows) {
        const long long assigned = std::stoll(row.at("assigned"));
        const long long seats = std::stoll(row.at("seats"));
        EXPECT_LE(assigned, seats) << row.at("school_id");
        assignedByStage[row.at("stage")] += assigned;
    }
    for (const auto& row : readCsv(outDir / "allocation_areas.csv").rows) {
        if (row.at("level") == "city") {
            EXPECT_EQ(assignedByStage[row.at("stage")], std::stoll(row.at("assigned")))
                << row.at("stage");
        }
    }
}

TEST(XueweiCli, StageFilterAppliesToTheAllocationReport) {
    const auto r =
        runXuewei("run --no-report --stage junior --allocate nearest --grid-m 2000 --out "
                  "/tmp/xw_unused_stage_filter");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("-- 初中 Junior middle (nearest) --"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("-- 小学 Primary"), std::string::npos) << r.out;
    std::filesystem::remove_all("/tmp/xw_unused_stage_filter");
}

TEST(XueweiCli, ZonesWithoutZonesInTheDatasetIsBadInput) {
    const auto r =
        runXuewei("run -q --no-report --allocate zones --grid-m 2000 --out /tmp/xw_unused_zones");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("zones"), std::string::npos) << r.out;
}

} // namespace
