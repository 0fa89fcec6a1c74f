// `xuewei project` and `xuewei run --years` on the embedded dataset: exit codes, outputs, the
// base year checked against the dataset's CSV files, and determinism for a fixed seed.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;

const fs::path kData = fs::path(XW_SOURCE_ROOT) / "data" / "yangjiang";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using xw::testing::Scratch;

TEST(XueweiProject, WritesTheSeriesAndStartsFromTheObservedPopulation) {
    Scratch out("xw_project");
    const auto r = runXuewei("project --years 2020-2023 --draws 40 --out " + out.path.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    for (const char* f :
         {"projection.gpkg", "projection_population.csv", "projection_demand.csv",
          "projection_components.csv", "projection_balance.csv", "projection_warnings.csv"})
        EXPECT_TRUE(fs::exists(out.path / f)) << f;
    EXPECT_NE(r.out.find("学位预警"), std::string::npos);
    EXPECT_NE(r.out.find(" 100%"), std::string::npos) << "progress is reported";

    // 2020 primary demand per town = residents aged 6–11 in population.csv (target rate 100 %).
    std::map<std::string, double> expected;
    for (const auto& row : readCsv((kData / "population.csv").string()).rows) {
        const int age = std::stoi(row.at("年龄"));
        if (age >= 6 && age <= 11)
            expected[row.at("乡镇代码")] += std::stod(row.at("人数"));
    }
    std::map<std::string, double> projected;
    int years = 0;
    for (const auto& row : readCsv((out.path / "projection_demand.csv").string()).rows) {
        if (row.at("stage") == "primary" && row.at("year") == "2020")
            projected[row.at("town_code")] += std::stod(row.at("demand"));
        if (row.at("town_code") == "441702001" && row.at("stage") == "primary" &&
            row.at("grade") == "1")
            ++years;
    }
    EXPECT_EQ(years, 4);
    ASSERT_EQ(projected.size(), expected.size());
    for (const auto& [town, d] : expected)
        EXPECT_NEAR(projected[town], d, 0.01) << town;
}

TEST(XueweiProject, SchoolCatchmentsComeFromTheBaseYearAllocation) {
    Scratch out("xw_project_catchments");
    const auto r = runXuewei("project --catchments --grid-m 2000 --years 2020-2022 --draws 20 "
                             "--out " +
                             out.path.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("学校服务范围预警"), std::string::npos);
    const auto rows = readCsv((out.path / "projection_catchments.csv").string()).rows;
    ASSERT_FALSE(rows.empty());
    // Seats per school and stage, straight from school_grades.csv (primary 45 per class).
    std::map<std::string, int> primarySeats;
    for (const auto& g : readCsv((kData / "school_grades.csv").string()).rows)
        if (g.at("学段") == "小学")
            primarySeats[g.at("学校标识码")] += 45 * std::stoi(g.at("班级数"));
    int primaryRows = 0;
    for (const auto& row : rows) {
        if (row.at("year") != "2020")
            continue;
        // The optimal allocation never fills a school beyond its seats, so in the base year no
        // catchment is over them.
        EXPECT_LE(std::stod(row.at("deterministic")), std::stod(row.at("seats")) + 0.5)
            << row.at("school_id");
        EXPECT_NE(row.at("level"), "red") << row.at("school_id");
        if (row.at("stage") == "primary") {
            ++primaryRows;
            EXPECT_EQ(std::stoi(row.at("seats")), primarySeats.at(row.at("school_id")));
        }
    }
    EXPECT_EQ(primaryRows, static_cast<int>(primarySeats.size()));
}

TEST(XueweiProject, SameSeedSameWarningsAnotherSeedOthers) {
    Scratch a("xw_project_a");
    Scratch b("xw_project_b");
    Scratch c("xw_project_c");
    const std::string common = "project --years 2020-2030 --draws 30 ";
    ASSERT_EQ(runXuewei(common + "--seed 5 --threads 2 --out " + a.path.string()).exitCode, 0);
    ASSERT_EQ(runXuewei(common + "--seed 5 --threads 1 --out " + b.path.string()).exitCode, 0);
    ASSERT_EQ(runXuewei(common + "--seed 6 --out " + c.path.string()).exitCode, 0);
    const std::string wa = slurp(a.path / "projection_warnings.csv");
    EXPECT_FALSE(wa.empty());
    EXPECT_EQ(wa, slurp(b.path / "projection_warnings.csv"));
    EXPECT_NE(wa, slurp(c.path / "projection_warnings.csv"));
}

TEST(XueweiProject, YearsOutsideTheDataAreBadInputNamingTheYear) {
    const auto r = runXuewei("project --years 2016-2035 --draws 10 --out /tmp/xw_unused");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("2016"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2020"), std::string::npos) << r.out;
}

TEST(XueweiProject, WarningThresholdsCanBeSet) {
    // With both red limits at 0 every cell is red (P ≥ 0 always holds).
    Scratch out("xw_project_thresholds");
    const auto r = runXuewei("project --years 2020-2021 --draws 10 --red 0,0 --yellow 0,0 --out " +
                             out.path.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    for (const auto& row : readCsv((out.path / "projection_warnings.csv").string()).rows)
        EXPECT_EQ(row.at("level"), "red") << row.at("code") << " " << row.at("stage");
    const auto bad = runXuewei("project --red 0.2,0.95 --yellow 0.5,1.05");
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.out.find("yellow thresholds must not exceed"), std::string::npos) << bad.out;
}

TEST(XueweiProject, MalformedOptionsAreUsageErrors) {
    EXPECT_EQ(runXuewei("project --red high").exitCode, 2);
    EXPECT_EQ(runXuewei("project --years soon").exitCode, 2);
    EXPECT_EQ(runXuewei("project --fertility extreme").exitCode, 2);
    EXPECT_EQ(runXuewei("project --draws 0").exitCode, 2);
}

TEST(XueweiRunYears, ReportsEveryYearAndItsFirstYearIsTheBaseYear) {
    Scratch out("xw_run_years");
    const auto r = runXuewei("run -q --no-report --allocate none --years 2020-2022 --out " +
                             out.path.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("逐年学位供需"), std::string::npos);
    const auto base = readCsv((out.path / "balance_areas.csv").string());
    const auto byYear = readCsv((out.path / "balance_by_year.csv").string());
    std::map<std::string, std::pair<double, std::string>>
        baseRows; // level|code|stage → demand, seats
    for (const auto& row : base.rows)
        baseRows[row.at("level") + "|" + row.at("code") + "|" + row.at("stage")] = {
            std::stod(row.at("demand")), row.at("seats")};
    int first = 0;
    std::map<std::string, int> perYear;
    for (const auto& row : byYear.rows) {
        ++perYear[row.at("year")];
        if (row.at("year") != "2020")
            continue;
        ++first;
        const auto& b = baseRows.at(row.at("level") + "|" + row.at("code") + "|" + row.at("stage"));
        EXPECT_NEAR(std::stod(row.at("demand")), b.first, 0.01) << row.at("code");
        EXPECT_EQ(row.at("seats"), b.second) << row.at("code");
    }
    EXPECT_EQ(first, static_cast<int>(base.rows.size()));
    EXPECT_EQ(perYear.size(), 3U);
}

} // namespace
