// xuewei optimise on the hand-made siting dataset of tests/data/study/make_siting.py (its
// docstring draws it; coordinates below are relative to X0 = 600000, Y0 = 2420000 in EPSG:4546):
// 720 primary children, 60 in each of the 12 cells of 一镇, and one school P1 at (500, 500) with
// 540 seats. Straight-line child·m of each single option (Σ 60 × the distance of each cell to its
// nearer of P1 and the option), worked by hand:
//   none 1,922,081 · N (2500, 1500) 1,008,754 · S (3500, 500) 808,723 · F (11500, 1000) 1,922,081
// Along the U-shaped road (legs of 400 m to the arm each cell or site lies by; the north row
// reaches P1 only round the east end): none 5,184,000 · N 2,016,000 · S 3,504,000 · F 4,716,000.
// The primary norms: 45 pupils a class, 6 grades, 18 m² of land and 6.6 m² of floor per pupil at
// 1,500 and 4,000 yuan per m² (53,400 yuan a seat), 300,000 yuan a class added, at most 36
// classes a school.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
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
const fs::path kSiting = kRoot / "tests/data/study/siting";

std::string optimise(const fs::path& data, const std::string& extra, const fs::path& out) {
    return "optimise --data " + data.string() + " --grid-m 1000 --stage primary --year 2020 " +
           extra + " --out " + out.string();
}

/// The one row of sites.csv.
std::map<std::string, std::string> onlySite(const fs::path& out) {
    const auto csv = readCsv((out / "sites.csv").string());
    if (csv.rows.size() != 1) {
        ADD_FAILURE() << csv.rows.size() << " rows in " << out / "sites.csv";
        return {};
    }
    return csv.rows[0];
}

/// The number printed right after `label` (e.g. "优化 optimised "), or NaN.
double numberAfter(const std::string& text, const std::string& label) {
    const auto at = text.find(label);
    if (at == std::string::npos)
        return std::nan("");
    return std::stod(text.substr(at + label.size()));
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A copy of the siting dataset whose only parcels are J (junior) and F (far out in 二镇), with
/// P1's land set to `landM2`.
fs::path farParcelDataset(const fs::path& dir, const std::string& landM2) {
    fs::create_directories(dir);
    fs::copy(kSiting, dir, fs::copy_options::recursive);
    std::string sites;
    std::istringstream lines(read(dir / "sites.csv"));
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("id,", 0) == 0 || line.rfind("J,", 0) == 0 || line.rfind("F,", 0) == 0)
            sites += line + "\n";
    std::ofstream(dir / "sites.csv", std::ios::binary | std::ios::trunc) << sites;
    std::string schools = read(dir / "schools.csv");
    const auto at = schools.find(",14580,");
    EXPECT_NE(at, std::string::npos);
    schools.replace(at, 7, "," + landM2 + ",");
    std::ofstream(dir / "schools.csv", std::ios::binary | std::ios::trunc) << schools;
    return dir;
}

TEST(OptimiseWithParcels, TheParcelsAreTheCandidatesSizedByTheirLandAndTheNearestWins) {
    Scratch dir("xw_siting_parcels");
    const auto o = runXuewei(optimise(kSiting, "--new 1", dir.path / "opt"));
    ASSERT_EQ(o.exitCode, 0) << o.out;
    // N, S and F; J is for juniors, T (3,000 m²) below one class per grade (6 × 45 × 18 m²).
    EXPECT_NE(o.out.find("候选点 candidate sites: 3 (数据集地块"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("parcel T 小地块 (3000 m²) cannot hold one class per grade (4860 m² "
                         "needed)"),
              std::string::npos)
        << o.out;
    EXPECT_NE(o.out.find("1 parcels are for other stages"), std::string::npos) << o.out;
    EXPECT_NEAR(numberAfter(o.out, "现方案 scenario "), 1922081.0, 5.0) << o.out;
    EXPECT_NEAR(numberAfter(o.out, "优化 optimised "), 808723.0, 5.0) << o.out;
    // S takes the 8 cells east of x = 2000 (480 children): 2 classes per grade of the 4 its
    // 20,000 m² hold, priced per seat at the norms (540 × 53,400 yuan).
    const auto s = onlySite(dir.path / "opt");
    EXPECT_EQ(s.at("site_id"), "S");
    EXPECT_EQ(s.at("school_name"), "南岸地块");
    EXPECT_EQ(s.at("x"), "603500.0");
    EXPECT_EQ(s.at("y"), "2420500.0");
    EXPECT_EQ(s.at("children"), "480");
    EXPECT_EQ(s.at("classes_per_grade"), "2");
    EXPECT_EQ(s.at("seats"), "540");
    EXPECT_EQ(s.at("cost_yuan"), "28836000");

    // The written plan runs with the new school at the parcel.
    const auto r = runXuewei("run --no-report --grid-m 1000 --scenario " +
                             (dir.path / "opt/optimised.yaml").string() + " --out " +
                             (dir.path / "run").string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    bool found = false;
    for (const auto& row : readCsv((dir.path / "run/allocation_schools.csv").string()).rows)
        if (row.at("school_id") == s.at("school_id") && row.at("stage") == "primary") {
            found = true;
            EXPECT_EQ(row.at("seats"), "540");
        }
    EXPECT_TRUE(found);
}

TEST(OptimiseWithParcels, AParcelsCostEntersTheBudget) {
    Scratch dir("xw_siting_budget");
    // S costs 1,080 seats × 53,400 = 57,672,000 yuan at its full size, F 1,620 × 53,400 =
    // 86,508,000; N its own 30,000,000. Within 40,000,000 only N can be built.
    const auto b = runXuewei(optimise(kSiting, "--budget 40000000", dir.path / "b"));
    ASSERT_EQ(b.exitCode, 0) << b.out;
    const auto n = onlySite(dir.path / "b");
    EXPECT_EQ(n.at("site_id"), "N");
    EXPECT_EQ(n.at("cost_yuan"), "30000000");
    // Its max_classes (12) caps it at 2 classes per grade.
    EXPECT_EQ(n.at("classes_per_grade"), "2");
    EXPECT_NEAR(numberAfter(b.out, "优化 optimised "), 1008754.0, 5.0) << b.out;
    // One more yuan short of N: nothing can be built.
    const auto none = runXuewei(optimise(kSiting, "--budget 29999999", dir.path / "none"));
    ASSERT_EQ(none.exitCode, 0) << none.out;
    EXPECT_NE(none.out.find("no site chosen"), std::string::npos) << none.out;
}

TEST(OptimiseWithParcels, RoadDistancesReachTheCandidatesAndChangeTheAnswer) {
    Scratch dir("xw_siting_roads");
    const auto straight = runXuewei(optimise(kSiting, "--new 1", dir.path / "straight"));
    ASSERT_EQ(straight.exitCode, 0) << straight.out;
    EXPECT_EQ(onlySite(dir.path / "straight").at("site_id"), "S");
    EXPECT_NE(straight.out.find("距离 Distances: 直线 straight lines"), std::string::npos);

    const auto road = runXuewei(optimise(
        kSiting, "--new 1 --roads " + (kSiting / "roads.geojson").string(), dir.path / "road"));
    ASSERT_EQ(road.exitCode, 0) << road.out;
    EXPECT_NE(road.out.find("距离 Distances: 路网 along the roads"), std::string::npos) << road.out;
    // The north row reaches P1 only round the east end: N, on the north arm, serves it.
    const auto n = onlySite(dir.path / "road");
    EXPECT_EQ(n.at("site_id"), "N");
    EXPECT_EQ(n.at("children"), "360");
    EXPECT_NEAR(numberAfter(road.out, "现方案 scenario "), 5184000.0, 1.0) << road.out;
    EXPECT_NEAR(numberAfter(road.out, "优化 optimised "), 2016000.0, 1.0) << road.out;
}

TEST(OptimiseWithParcels, ExpandingTheSchoolBeatsAFarParcelAndItsLandLimitsTheExpansion) {
    Scratch dir("xw_siting_expand");
    // P1's 14,580 m² hold 18 classes at 45 × 18 m²: 6 more, 1 per grade (270 seats), enough for
    // the 180 children P1 cannot seat. F, 6 km beyond the town, would take them from afar.
    const fs::path roomy = farParcelDataset(dir.path / "roomy", "14580");
    const auto e = runXuewei(optimise(roomy, "--new 1 --capacitated split", dir.path / "e"));
    ASSERT_EQ(e.exitCode, 0) << e.out;
    EXPECT_NE(e.out.find("可扩建 expansions: 1"), std::string::npos) << e.out;
    const auto x = onlySite(dir.path / "e");
    EXPECT_EQ(x.at("kind"), "expand");
    EXPECT_EQ(x.at("school_id"), "P1");
    EXPECT_EQ(x.at("classes_per_grade"), "1");
    EXPECT_EQ(x.at("classes"), "6");
    EXPECT_EQ(x.at("seats"), "270");
    EXPECT_EQ(x.at("children"), "180");
    EXPECT_EQ(x.at("cost_yuan"), "1800000"); // 6 classes × 300,000 yuan
    // Every child at P1: the straight-line sum with nothing built, all seated.
    EXPECT_NEAR(numberAfter(e.out, "优化 optimised "), 1922081.0, 5.0) << e.out;
    EXPECT_NE(e.out.find("已证明最优 proved optimal"), std::string::npos) << e.out;

    // With 12,000 m² P1 holds 14 classes (666 pupils): not a whole class per grade more, so no
    // expansion is offered and F is built instead.
    const fs::path cramped = farParcelDataset(dir.path / "cramped", "12000");
    const auto f = runXuewei(optimise(cramped, "--new 1 --capacitated split", dir.path / "f"));
    ASSERT_EQ(f.exitCode, 0) << f.out;
    EXPECT_NE(f.out.find("可扩建 expansions: 0"), std::string::npos) << f.out;
    const auto site = onlySite(dir.path / "f");
    EXPECT_EQ(site.at("kind"), "new_school");
    EXPECT_EQ(site.at("site_id"), "F");
    EXPECT_EQ(site.at("children"), "180");
}

} // namespace
