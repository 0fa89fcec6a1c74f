// `xuewei backtest` on the embedded data: the 2016 snapshot projected to 2020 and compared with
// the 2020 enrolment. Totals and error figures are recomputed from the dataset and output CSV
// files with the test's own CSV reader; bad pairs of datasets and bad options are rejected.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;

const fs::path kData = fs::path(XW_SOURCE_ROOT) / "data" / "yangjiang";
const fs::path kData2016 = fs::path(XW_SOURCE_ROOT) / "data" / "yangjiang-2016";

using xw::testing::Scratch;

/// Σ 在校生数 of one 学段 in a school_grades.csv.
double enrolled(const fs::path& dataset, const std::string& stageZh) {
    double sum = 0.0;
    for (const auto& row : readCsv((dataset / "school_grades.csv").string()).rows)
        if (row.at("学段") == stageZh)
            sum += std::stod(row.at("在校生数"));
    return sum;
}

/// Σ 人数 of population.csv over ages lo..hi.
double residents(const fs::path& dataset, int lo, int hi) {
    double sum = 0.0;
    for (const auto& row : readCsv((dataset / "population.csv").string()).rows) {
        const int age = std::stoi(row.at("年龄"));
        if (age >= lo && age <= hi)
            sum += std::stod(row.at("人数"));
    }
    return sum;
}

/// The summary row of a level and stage (the single year 2020 of the default run).
std::map<std::string, std::string> summaryRow(const fs::path& out, const std::string& level,
                                              const std::string& stage) {
    for (const auto& row : readCsv((out / "backtest_summary.csv").string()).rows)
        if (row.at("level") == level && row.at("stage") == stage && row.at("year") == "2020")
            return row;
    ADD_FAILURE() << "no summary row " << level << " " << stage;
    return {};
}

// Shared by the tests below: one run with the defaults (--from data/yangjiang-2016, --to
// data/yangjiang).
class XueweiBackTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        outDir = new Scratch("xw_backtest");
        runResult =
            new xw::testing::RunResult(runXuewei("backtest --out " + outDir->path.string()));
    }
    static void TearDownTestSuite() {
        delete runResult;
        delete outDir;
    }
    static Scratch* outDir;
    static xw::testing::RunResult* runResult;
};
Scratch* XueweiBackTest::outDir = nullptr;
xw::testing::RunResult* XueweiBackTest::runResult = nullptr;

TEST_F(XueweiBackTest, RunsOnTheEmbeddedSnapshotsAndWritesBothFiles) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    EXPECT_TRUE(fs::exists(outDir->path / "backtest.csv"));
    EXPECT_TRUE(fs::exists(outDir->path / "backtest_summary.csv"));
    EXPECT_NE(runResult->out.find("2016"), std::string::npos);
    EXPECT_NE(runResult->out.find("MAPE"), std::string::npos);
    EXPECT_NE(runResult->out.find("误差最大的片区"), std::string::npos) << runResult->out;
}

TEST_F(XueweiBackTest, ObservedTotalsAreThe2020SchoolGradesFile) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    // Every school of data/yangjiang lies in a town, so the whole 小学 / 初中 enrolment of
    // school_grades.csv is observed, at grade level and at town level alike.
    const double primary = enrolled(kData, "小学");
    const double junior = enrolled(kData, "初中");
    EXPECT_EQ(primary, 204565.0); // README table, city primary enrolment 2020
    for (const char* level : {"grade", "town"}) {
        EXPECT_DOUBLE_EQ(std::stod(summaryRow(outDir->path, level, "primary").at("observed_total")),
                         primary)
            << level;
        EXPECT_DOUBLE_EQ(std::stod(summaryRow(outDir->path, level, "junior").at("observed_total")),
                         junior)
            << level;
    }
}

TEST_F(XueweiBackTest, ErrorFiguresFollowFromTheRows) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    // MAE, MAPE and the projected total of primary recomputed from backtest.csv.
    int rows = 0;
    int percentRows = 0;
    double absSum = 0.0;
    double percentSum = 0.0;
    double projected = 0.0;
    for (const auto& row : readCsv((outDir->path / "backtest.csv").string()).rows) {
        if (row.at("level") != "grade" || row.at("stage") != "primary")
            continue;
        const double obs = std::stod(row.at("observed"));
        const double proj = std::stod(row.at("projected"));
        EXPECT_NEAR(std::stod(row.at("error")), proj - obs, 2e-3);
        EXPECT_EQ(row.at("years_ahead"), "4");
        ++rows;
        absSum += std::abs(proj - obs);
        projected += proj;
        if (obs > 0.0) {
            percentSum += 100.0 * std::abs(proj - obs) / obs;
            ++percentRows;
        }
    }
    const auto s = summaryRow(outDir->path, "grade", "primary");
    EXPECT_EQ(std::stoi(s.at("rows")), rows);
    EXPECT_GT(rows, 48 * 5); // 48 towns × 6 grades, less towns without a school of a grade
    // Rows are written with 3 decimals: the recomputed sums agree to rows × 0.0005.
    EXPECT_NEAR(std::stod(s.at("mae")), absSum / rows, 1e-3);
    EXPECT_NEAR(std::stod(s.at("mape_percent")), percentSum / percentRows, 1e-3);
    EXPECT_NEAR(std::stod(s.at("projected_total")), projected, rows * 5e-4);
}

TEST_F(XueweiBackTest, PrimaryErrorIsSmallAndFinite) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    // Every 2020 primary pupil (aged 6–11, born 2008–2014) was already counted in 2016, so only
    // what happened between 2016 and 2020 is unknown to the projection. In the generator
    // (data/yangjiang/README.md, "2016 snapshot") that is (1) net migration the model does not
    // have: relative to the city average a few percent per town (mountain towns' 户籍 0.96, i.e.
    // +4 % projected), and (2) the ±4 % uniform noise of each town × age in 2020, which enters the
    // ratio projected ÷ observed twice (ages a and a + 4; two independent U(0.96, 1.04): mean
    // absolute deviation of the ratio ≈ 2.6 %), since the schools split their pupils over grades
    // by the city's ages. Together ≈ 3 % per town × grade. Carrying a cohort one year too far or
    // too short would add the ≈ 4 % difference between neighbouring birth cohorts (births fell
    // ≈ 1,470 a year from 40,100 in 2008), so the bound is 5 %. The city total is off only by the
    // mean migration (≈ 0.6 %): bound 2 %.
    const auto g = summaryRow(outDir->path, "grade", "primary");
    const double mape = std::stod(g.at("mape_percent"));
    EXPECT_TRUE(std::isfinite(mape));
    EXPECT_GT(mape, 0.0); // the migration of the generator is not in the model
    EXPECT_LT(mape, 5.0);
    const double totalError = std::stod(g.at("total_error_percent"));
    EXPECT_LT(std::abs(totalError), 2.0);
    // Town totals: the grade noise largely cancels over a town's six grades.
    const double townMape =
        std::stod(summaryRow(outDir->path, "town", "primary").at("mape_percent"));
    EXPECT_LT(townMape, mape);
}

TEST_F(XueweiBackTest, TheFertilityVariantMovesKindergartenButNotPrimary) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    // 2020 kindergarten grade 1 (age 3) was born in 2016–2017, after the 2016 snapshot's births
    // series ends; primary pupils were all born by 2014. The series fell ≈ 5 % a year
    // (26,900 → 22,500 in 2017–2020), so the low variant (−4 %/year) is closest and high (+1 %)
    // over-projects most.
    Scratch low("xw_backtest_low");
    Scratch high("xw_backtest_high");
    ASSERT_EQ(runXuewei("backtest --fertility low --out " + low.path.string()).exitCode, 0);
    ASSERT_EQ(runXuewei("backtest --fertility high --out " + high.path.string()).exitCode, 0);
    auto total = [](const fs::path& out, const std::string& stage) {
        return std::stod(summaryRow(out, "grade", stage).at("projected_total"));
    };
    const double observed =
        std::stod(summaryRow(outDir->path, "grade", "kindergarten").at("observed_total"));
    EXPECT_LT(total(low.path, "kindergarten"), total(outDir->path, "kindergarten"));
    EXPECT_LT(total(outDir->path, "kindergarten"), total(high.path, "kindergarten"));
    EXPECT_GT(total(low.path, "kindergarten"), observed); // even −4 % is above the −5 % series
    EXPECT_DOUBLE_EQ(total(low.path, "primary"), total(high.path, "primary"));
}

TEST(XueweiBackTestSeveralYears, EachLaterDatasetIsAYearAndAllSumsThem) {
    // A copy of the 2020 dataset relabelled 2018 stands for a second later year: the projection
    // then runs to 2020 and the summary has rows for 2018, 2020 and all years.
    Scratch work("xw_backtest_years");
    const fs::path copy = work.path / "yangjiang-2018";
    fs::create_directories(copy);
    for (const auto& entry : fs::directory_iterator(kData))
        fs::copy_file(entry.path(), copy / entry.path().filename());
    {
        std::ifstream in(kData / "dataset.yaml");
        std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        const auto at = text.find("base_year: 2020");
        ASSERT_NE(at, std::string::npos);
        text.replace(at, 15, "base_year: 2018");
        std::ofstream(copy / "dataset.yaml", std::ios::trunc) << text;
    }
    const fs::path out = work.path / "out";
    const auto r = runXuewei("backtest --to " + copy.string() + " --to " + kData.string() +
                             " --out " + out.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    std::map<std::string, double> observed; // year → primary observed total (grade level)
    for (const auto& row : readCsv((out / "backtest_summary.csv").string()).rows)
        if (row.at("level") == "grade" && row.at("stage") == "primary")
            observed[row.at("year")] = std::stod(row.at("observed_total"));
    ASSERT_EQ(observed.size(), 3u);
    const double primary = enrolled(kData, "小学");
    EXPECT_DOUBLE_EQ(observed["2018"], primary);
    EXPECT_DOUBLE_EQ(observed["2020"], primary);
    EXPECT_DOUBLE_EQ(observed["all"], 2.0 * primary);
    std::map<std::string, int> ahead;
    for (const auto& row : readCsv((out / "backtest.csv").string()).rows)
        ahead[row.at("year")] = std::stoi(row.at("years_ahead"));
    EXPECT_EQ(ahead["2018"], 2);
    EXPECT_EQ(ahead["2020"], 4);
}

TEST(XueweiBackTestData, The2016ChildrenAreThe2020ChildrenFourYearsYounger) {
    // The 2020 primary cohorts (6–11) are the 2016 children aged 2–7; the generator changes them
    // only by survival (> 99.8 %), net migration (factors 0.90–1.08) and new-housing movers
    // (17,191 children in 2020 of all ages): the city totals agree within 5 %.
    const double in2016 = residents(kData2016, 2, 7);
    const double in2020 = residents(kData, 6, 11);
    EXPECT_GT(in2016, 0.0);
    EXPECT_NEAR(in2020 / in2016, 1.0, 0.05) << in2016 << " vs " << in2020;
    // Births as known in 2016: the series ends there.
    const auto births = readCsv((kData2016 / "births.csv").string());
    ASSERT_FALSE(births.rows.empty());
    EXPECT_EQ(births.rows.back().at("年份"), "2016");
    // The snapshot reuses the 2020 outlines through paths relative to its manifest.
    std::ifstream in(kData2016 / "dataset.yaml");
    const std::string manifest{std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>()};
    EXPECT_NE(manifest.find("source: ../yangjiang/towns.geojson"), std::string::npos);
    EXPECT_NE(manifest.find("base_year: 2016"), std::string::npos);
}

TEST(XueweiBackTestErrors, ALaterDatasetNotAfterTheEarlierOneIsBadInputNamingBothYears) {
    Scratch out("xw_backtest_bad");
    const auto swapped = runXuewei("backtest --from " + kData.string() + " --to " +
                                   kData2016.string() + " --out " + out.path.string());
    EXPECT_EQ(swapped.exitCode, 1) << swapped.out;
    EXPECT_NE(swapped.out.find("基准年 2016"), std::string::npos) << swapped.out;
    EXPECT_NE(swapped.out.find("基准年 2020"), std::string::npos) << swapped.out;
    EXPECT_FALSE(fs::exists(out.path / "backtest.csv"));

    const auto same = runXuewei("backtest --from " + kData.string() + " --to " + kData.string() +
                                " --out " + out.path.string());
    EXPECT_EQ(same.exitCode, 1) << same.out;
    EXPECT_NE(same.out.find("须晚于"), std::string::npos) << same.out;

    // Two later datasets of the same year.
    const auto twice = runXuewei("backtest --to " + kData.string() + " --to " + kData.string() +
                                 " --out " + out.path.string());
    EXPECT_EQ(twice.exitCode, 1) << twice.out;
    EXPECT_NE(twice.out.find("2020"), std::string::npos) << twice.out;
}

TEST(XueweiBackTestErrors, MissingFoldersAndBadOptions) {
    const auto missing = runXuewei("backtest --from /nonexistent/xw_dataset");
    EXPECT_EQ(missing.exitCode, 1) << missing.out;
    EXPECT_NE(missing.out.find("/nonexistent/xw_dataset"), std::string::npos) << missing.out;
    EXPECT_EQ(runXuewei("backtest --fertility sideways").exitCode, 2);
    EXPECT_EQ(runXuewei("backtest --housing-delay -1").exitCode, 2);
}

} // namespace
