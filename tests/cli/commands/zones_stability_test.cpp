// xuewei zones --max-moved on the hand-made zoning dataset of tests/data/study/make_siting.py (its
// docstring draws it; coordinates below are relative to X0 = 600000, Y0 = 2420000 in EPSG:4546):
// 720 primary children, 60 in each of the 12 cells of the 1 km grid over 一镇.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

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
const fs::path kZoning = kRoot / "tests/data/study/zoning";

std::map<std::string, std::map<std::string, std::string>> zonesBySchool(const fs::path& out) {
    std::map<std::string, std::map<std::string, std::string>> rows;
    for (const auto& row : readCsv((out / "zones.csv").string()).rows)
        rows[row.at("school_id")] = row;
    return rows;
}

std::string zones(const fs::path& data, const std::string& extra, const fs::path& out) {
    return "zones --data " + data.string() + " --grid-m 1000 --stage primary --year 2020 " + extra +
           " --out " + out.string();
}

// Zoning: P1 (270 seats) at (500, 500) and P2 (540) at (5500, 1500); today's zones give P1 the 8
// cells west of x = 4000 (480 children, 210 over its seats) and P2 the 4 east of it. Unlimited,
// the 4 cells of the columns x = 2500 and 3500 (240 children) go to P2 and nobody is over; each
// cell of the boundary P2 can take moves 60 children and relieves P1 of 60.
TEST(ZonesStability, MaxMovedLimitsTheChildrenWhoChangeSchoolAgainstTodaysZones) {
    Scratch dir("xw_zones_stable");
    const auto free = runXuewei(zones(kZoning, "", dir.path / "free"));
    ASSERT_EQ(free.exitCode, 0) << free.out;
    EXPECT_NE(free.out.find("Children who change school: 240 (对照 against 现行学区 today's "
                            "attendance zones)"),
              std::string::npos)
        << free.out;
    auto z = zonesBySchool(dir.path / "free");
    EXPECT_EQ(z["P1"].at("children"), "240");
    EXPECT_EQ(z["P1"].at("overflow"), "0");
    EXPECT_EQ(z["P1"].at("moved_out"), "240");
    EXPECT_EQ(z["P2"].at("moved_in"), "240");

    const auto none = runXuewei(zones(kZoning, "--max-moved 0", dir.path / "none"));
    ASSERT_EQ(none.exitCode, 0) << none.out;
    EXPECT_NE(none.out.find("Children who change school: 0 / 上限 limit 0"), std::string::npos)
        << none.out;
    z = zonesBySchool(dir.path / "none");
    EXPECT_EQ(z["P1"].at("children"), "480");
    EXPECT_EQ(z["P1"].at("overflow"), "210");

    const auto two = runXuewei(zones(kZoning, "--max-moved 120", dir.path / "two"));
    ASSERT_EQ(two.exitCode, 0) << two.out;
    EXPECT_NE(two.out.find("Children who change school: 120 / 上限 limit 120"), std::string::npos)
        << two.out;
    z = zonesBySchool(dir.path / "two");
    EXPECT_EQ(z["P1"].at("children"), "360");
    EXPECT_EQ(z["P1"].at("overflow"), "90");

    // A share: 25 % of 720 children is 180, three cells.
    for (const char* share : {"25%", "0.25"}) {
        const fs::path out = dir.path / (std::string("share") + (share[1] == '5' ? "p" : "f"));
        const auto s = runXuewei(zones(kZoning, std::string("--max-moved ") + share, out));
        ASSERT_EQ(s.exitCode, 0) << s.out;
        EXPECT_NE(s.out.find("Children who change school: 180 / 上限 limit 180"), std::string::npos)
            << share << "\n"
            << s.out;
        z = zonesBySchool(out);
        EXPECT_EQ(z["P1"].at("children"), "300") << share;
        EXPECT_EQ(z["P1"].at("overflow"), "30") << share;
    }
}

TEST(ZonesStability, WithoutZonesTodayIsTheNearestSchoolAndBadLimitsAreUsageErrors) {
    Scratch dir("xw_zones_nearest");
    const fs::path small = kRoot / "tests/data/study/small";
    const auto z = runXuewei(zones(small, "--max-moved 100", dir.path / "z"));
    ASSERT_EQ(z.exitCode, 0) << z.out;
    EXPECT_NE(z.out.find("each unit's nearest school"), std::string::npos) << z.out;
    for (const char* bad : {"abc", "150%", "-3", "2.5"}) {
        const auto b =
            runXuewei(zones(kZoning, std::string("--max-moved ") + bad, dir.path / "bad"));
        EXPECT_EQ(b.exitCode, 2) << bad << "\n" << b.out;
        EXPECT_NE(b.out.find("--max-moved 须为"), std::string::npos) << b.out;
        EXPECT_NE(b.out.find("--max-moved must be"), std::string::npos) << b.out;
        EXPECT_FALSE(fs::exists(dir.path / "bad"));
    }
}

} // namespace
