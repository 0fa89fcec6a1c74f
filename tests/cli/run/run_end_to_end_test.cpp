// End-to-end: `xuewei run` on the embedded Yangjiang dataset, with every figure of the output
// tables recomputed here directly from the dataset's CSV files (not through xw::gis or xw::core),
// using the norms of docs/domain.md and the dataset's norms.yaml.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;

const fs::path kData = fs::path(XW_SOURCE_ROOT) / "data" / "yangjiang";

using Result = xw::testing::RunResult;
using xw::testing::runXuewei;

// Standard class sizes and rate bands, domain.md §1–§3 (no override of these in norms.yaml).
int classSize(const std::string& stage, int grade) {
    if (stage == "kindergarten")
        return std::array<int, 3>{25, 30, 35}[static_cast<std::size_t>(std::min(grade, 3) - 1)];
    if (stage == "primary")
        return 45;
    if (stage == "special")
        return 10;
    return 50;
}

struct Band {
    int lo, hi;
    double rate;
};
const std::map<std::string, Band> kBands{
    {"kindergarten", {3, 5, 0.98}}, {"primary", {6, 11, 1.0}},       {"junior", {12, 14, 1.0}},
    {"senior", {15, 17, 0.475}},    {"vocational", {15, 17, 0.475}}, {"special", {6, 14, 0.002}}};

std::string stageCode(const std::string& zh) {
    static const std::map<std::string, std::string> m{
        {"学前", "kindergarten"}, {"幼儿园", "kindergarten"}, {"小学", "primary"},
        {"初中", "junior"},       {"普通高中", "senior"},     {"高中", "senior"},
        {"中职", "vocational"},   {"特殊教育", "special"}};
    const auto it = m.find(zh);
    return it == m.end() ? zh : it->second;
}

// Classes with at least `min` pupils when `students` are spread over `classes` as evenly as
// possible, worked out by listing the class sizes.
int evenSplitAtLeast(int classes, int students, int min) {
    int n = 0;
    for (int c = 0; c < classes; ++c) {
        const int size = students / classes + (c < students % classes ? 1 : 0);
        n += size >= min ? 1 : 0;
    }
    return n;
}

class RunOnYangjiang : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        outDir = fs::temp_directory_path() / ("xw_e2e_" + std::to_string(::getpid()));
        fs::remove_all(outDir);
        // Allocation has its own end-to-end test (allocation_end_to_end_test.cpp) on a coarse grid;
        // leaving it out here keeps each of these tests (one process each under ctest) quick.
        runResult = runXuewei("run --allocate none --no-report --out " + outDir.string());
    }
    static void TearDownTestSuite() { fs::remove_all(outDir); }
    static inline fs::path outDir;
    static inline Result runResult;
};

TEST_F(RunOnYangjiang, SucceedsAndWritesEveryOutput) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    for (const char* f :
         {"xuewei.gpkg", "balance_areas.csv", "balance_schools.csv", "indicators.csv",
          "balance_coefficients.csv", "kindergarten_check.csv", "resources.csv", "validation.csv"})
        EXPECT_TRUE(fs::exists(outDir / f)) << f;
    std::ifstream gpkg(outDir / "xuewei.gpkg", std::ios::binary);
    std::string magic(15, '\0');
    gpkg.read(magic.data(), 15);
    EXPECT_EQ(magic, "SQLite format 3");
    // No temporary file is left behind.
    for (const auto& e : fs::directory_iterator(outDir))
        EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
    EXPECT_NE(runResult.out.find("小学 Primary"), std::string::npos);
    EXPECT_NE(runResult.out.find("南恩街道"), std::string::npos);
}

TEST_F(RunOnYangjiang, SchoolFiguresMatchTheGradeTable) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    struct Expect {
        int classes = 0, seats = 0, students = 0, large = 0, huge = 0;
    };
    std::map<std::pair<std::string, std::string>, Expect> expected;
    for (const auto& r : readCsv((kData / "school_grades.csv").string()).rows) {
        const std::string stage = stageCode(r.at("学段"));
        const int grade = std::stoi(r.at("年级"));
        const int classes = std::stoi(r.at("班级数"));
        const int students = std::stoi(r.at("在校生数"));
        auto& e = expected[{r.at("学校标识码"), stage}];
        e.classes += classes;
        e.seats += classes * classSize(stage, grade);
        e.students += students;
        e.large += evenSplitAtLeast(classes, students, 56);
        e.huge += evenSplitAtLeast(classes, students, 66);
    }
    const auto out = readCsv((outDir / "balance_schools.csv").string());
    ASSERT_EQ(out.rows.size(), expected.size());
    for (const auto& r : out.rows) {
        const auto it = expected.find({r.at("school_id"), r.at("stage")});
        ASSERT_NE(it, expected.end()) << r.at("school_id");
        EXPECT_EQ(std::stoi(r.at("classes")), it->second.classes) << r.at("school_id");
        EXPECT_EQ(std::stoi(r.at("seats")), it->second.seats) << r.at("school_id");
        EXPECT_EQ(std::stoi(r.at("enrolment")), it->second.students) << r.at("school_id");
        EXPECT_EQ(std::stoi(r.at("large_classes")), it->second.large) << r.at("school_id");
        EXPECT_EQ(std::stoi(r.at("huge_classes")), it->second.huge) << r.at("school_id");
    }
}

TEST_F(RunOnYangjiang, TownAndCityBalanceMatchesPopulationAndSchools) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    // Demand per town and stage from population.csv.
    std::map<std::pair<std::string, std::string>, double> demand;
    for (const auto& r : readCsv((kData / "population.csv").string()).rows) {
        const int age = std::stoi(r.at("年龄"));
        for (const auto& [stage, band] : kBands)
            if (age >= band.lo && age <= band.hi)
                demand[{r.at("乡镇代码"), stage}] += std::stod(r.at("人数"));
    }
    for (auto& [key, residents] : demand)
        for (const auto& [stage, band] : kBands)
            if (stage == key.second)
                residents *= band.rate; // residents of the band × target rate
    // Seats per town from the town column of schools.csv (the generator placed each school in
    // that town's outline; the loader finds the town by point-in-polygon).
    std::map<std::string, std::string> townOf;
    for (const auto& r : readCsv((kData / "schools.csv").string()).rows)
        townOf[r.at("学校标识码")] = r.at("乡镇代码");
    std::map<std::pair<std::string, std::string>, int> seats;
    for (const auto& r : readCsv((kData / "school_grades.csv").string()).rows) {
        const std::string stage = stageCode(r.at("学段"));
        seats[{townOf.at(r.at("学校标识码")), stage}] +=
            std::stoi(r.at("班级数")) * classSize(stage, std::stoi(r.at("年级")));
    }
    const std::set<std::string> kCountyWide{"senior", "vocational", "special"};
    std::map<std::pair<std::string, std::string>, double> districtDemand;
    std::map<std::pair<std::string, std::string>, int> districtSeats;
    std::map<std::string, double> cityDemand, cityShortSum;
    std::map<std::string, int> citySeats;
    int townRows = 0;
    const auto out = readCsv((outDir / "balance_areas.csv").string());
    for (const auto& r : out.rows) {
        if (r.at("level") != "town")
            continue;
        ++townRows;
        const std::pair<std::string, std::string> key{r.at("code"), r.at("stage")};
        // Demand is counted in whole children per town (as the allocation places them).
        const double d = std::round(demand[key]);
        const int s = seats[key];
        EXPECT_NEAR(std::stod(r.at("demand")), d, 0.006) << key.first << " " << key.second;
        EXPECT_EQ(std::stoi(r.at("seats")), s) << key.first << " " << key.second;
        EXPECT_NEAR(std::stod(r.at("shortfall")), std::max(0.0, d - s), 0.006) << key.first;
        EXPECT_NEAR(std::stod(r.at("surplus")), std::max(0.0, s - d), 0.006) << key.first;
        cityDemand[key.second] += d;
        citySeats[key.second] += s;
        // The first six digits of an NBS town code are its district's code.
        districtDemand[{key.first.substr(0, 6), key.second}] += d;
        districtSeats[{key.first.substr(0, 6), key.second}] += s;
        if (!kCountyWide.count(key.second))
            cityShortSum[key.second] += std::max(0.0, d - s);
    }
    // Senior, vocational and special schools recruit county-wide (docs/norms.md): their local
    // shortfall is netted per district.
    for (const auto& [key, d] : districtDemand)
        if (kCountyWide.count(key.second))
            cityShortSum[key.second] += std::max(0.0, d - districtSeats[key]);
    EXPECT_EQ(townRows, 48 * 6);
    int cityRows = 0;
    for (const auto& r : out.rows) {
        if (r.at("level") != "city")
            continue;
        ++cityRows;
        const std::string st = r.at("stage");
        EXPECT_NEAR(std::stod(r.at("demand")), cityDemand[st], 0.01) << st;
        EXPECT_EQ(std::stoi(r.at("seats")), citySeats[st]) << st;
        EXPECT_NEAR(std::stod(r.at("local_shortfall_sum")), cityShortSum[st], 0.01) << st;
    }
    EXPECT_EQ(cityRows, 6);
}

TEST_F(RunOnYangjiang, ShowsTheSeedsProblems) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    // Large classes in central 江城 (南恩 441702001 and neighbours); under-used rural schools.
    const auto out = readCsv((outDir / "balance_areas.csv").string());
    int centralLarge = 0;
    int underUsedRural = 0;
    for (const auto& r : out.rows) {
        if (r.at("level") != "town" || r.at("stage") != "primary")
            continue;
        if (r.at("code").rfind("4417020", 0) == 0)
            centralLarge += std::stoi(r.at("large_classes"));
        if (r.at("code").rfind("441781", 0) == 0 && std::stod(r.at("utilisation")) < 0.6)
            ++underUsedRural;
    }
    EXPECT_GT(centralLarge, 50);
    EXPECT_GT(underUsedRural, 0);
}

TEST_F(RunOnYangjiang, KindergartenGrossEnrolmentIsChildrenOverResidentsAgedThreeToFive) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    double children = 0;
    for (const auto& r : readCsv((kData / "school_grades.csv").string()).rows)
        if (stageCode(r.at("学段")) == "kindergarten")
            children += std::stod(r.at("在校生数"));
    double residents = 0;
    for (const auto& r : readCsv((kData / "population.csv").string()).rows) {
        const int age = std::stoi(r.at("年龄"));
        if (age >= 3 && age <= 5)
            residents += std::stod(r.at("人数"));
    }
    bool found = false;
    for (const auto& r : readCsv((outDir / "indicators.csv").string()).rows) {
        if (r.at("level") != "city" || r.at("indicator") != "kindergarten_gross_enrolment")
            continue;
        found = true;
        EXPECT_NEAR(std::stod(r.at("value")), children / residents, 5e-5);
        EXPECT_EQ(r.at("pass"), children / residents >= 0.98 ? "pass" : "fail");
    }
    EXPECT_TRUE(found);
}

TEST_F(RunOnYangjiang, NamesEveryEstateWithoutItsKindergarten) {
    ASSERT_EQ(runResult.exitCode, 0) << runResult.out;
    // Estates of ≥ 4,500 people (dwellings × 3.2) with no kindergarten planned.
    std::set<std::string> missing;
    for (const auto& r : readCsv((kData / "housing.csv").string()).rows) {
        const std::string classes = r.at("配套幼儿园班数");
        if (std::stoi(r.at("住宅套数")) * 3.2 >= 4500 &&
            (classes.empty() || std::stoi(classes) == 0))
            missing.insert(r.at("项目编号"));
    }
    ASSERT_FALSE(missing.empty());
    std::set<std::string> reported;
    for (const auto& r : readCsv((outDir / "kindergarten_check.csv").string()).rows)
        if (r.at("problems").find("缺配套幼儿园") != std::string::npos)
            reported.insert(r.at("housing_id"));
    EXPECT_EQ(reported, missing);
}

TEST(XueweiCli, UsageErrorsExitWithTwo) {
    EXPECT_EQ(runXuewei("").exitCode, 2);
    EXPECT_EQ(runXuewei("frobnicate").exitCode, 2);
    EXPECT_EQ(runXuewei("run --no-such-flag").exitCode, 2);
    const Result r = runXuewei("run --stage university --out /tmp/xw_unused");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.out.find("university"), std::string::npos) << r.out;
}

TEST(XueweiCli, HelpExitsWithZeroOnEveryCommand) {
    for (const char* args : {"--help", "run --help", "check --help"}) {
        const Result r = runXuewei(args);
        EXPECT_EQ(r.exitCode, 0) << args;
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << args;
    }
}

TEST(XueweiCli, MissingDatasetIsBadInputWithTheFileNamed) {
    const Result r = runXuewei("check /nonexistent/dataset");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("/nonexistent/dataset"), std::string::npos) << r.out;
}

TEST(XueweiCli, CheckOfTheEmbeddedDatasetPassesAndSummarises) {
    const Result r = runXuewei("check " + kData.string());
    EXPECT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("48 个乡镇 towns"), std::string::npos) << r.out;
}

} // namespace
