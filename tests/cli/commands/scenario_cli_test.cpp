// xuewei run --scenario, scenario check and compare, as a user runs them; every command that
// opens a study from --data or --scenario reports the same problems in the same words.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using xw::testing::runXuewei;
using xw::testing::Scratch;

const fs::path kRoot = XW_SOURCE_ROOT;
const fs::path kSmall = kRoot / "tests/data/study/small";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeText(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
}

TEST(RunScenario, TheBaselineScenarioGivesTheTablesOfAPlainRunByteForByte) {
    Scratch dir("xw_scenario_baseline");
    fs::create_directories(dir.path);
    writeText(dir.path / "baseline.yaml", "xuewei_scenario: 1\nname: baseline\ndataset: " +
                                              kSmall.string() + "\nhorizon: 2026\n");
    const auto a = runXuewei("run --no-report --scenario " + (dir.path / "baseline.yaml").string() +
                             " --grid-m 1000 --out " + (dir.path / "a").string());
    ASSERT_EQ(a.exitCode, 0) << a.out;
    const auto b = runXuewei("run --no-report --data " + kSmall.string() +
                             " --years 2020-2026 --grid-m 1000 --out " + (dir.path / "b").string());
    ASSERT_EQ(b.exitCode, 0) << b.out;
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir.path / "a")) {
        if (e.path().extension() != ".csv")
            continue;
        ++files;
        EXPECT_EQ(slurp(e.path()), slurp(dir.path / "b" / e.path().filename()))
            << e.path().filename();
    }
    EXPECT_GE(files, 15);
}

TEST(RunScenario, TheShippedYangjiangBaselineEqualsThePlainBaseYearRun) {
    Scratch dir("xw_scenario_yj");
    const auto a = runXuewei("run -q --no-report --allocate none --base-year-only --scenario " +
                             (kRoot / "scenarios/yangjiang/baseline.yaml").string() + " --out " +
                             (dir.path / "a").string());
    ASSERT_EQ(a.exitCode, 0) << a.out;
    const auto b =
        runXuewei("run -q --no-report --allocate none --out " + (dir.path / "b").string());
    ASSERT_EQ(b.exitCode, 0) << b.out;
    for (const char* f : {"balance_areas.csv", "balance_schools.csv", "indicators.csv",
                          "kindergarten_check.csv", "resources.csv", "balance_coefficients.csv"})
        EXPECT_EQ(slurp(dir.path / "a" / f), slurp(dir.path / "b" / f)) << f;
}

TEST(ScenarioCheck, AGoodFileIsValidAndABadOneNamesLineColumnAndKey) {
    const auto ok =
        runXuewei("scenario check " + (kRoot / "scenarios/yangjiang/plan-2017.yaml").string());
    EXPECT_EQ(ok.exitCode, 0) << ok.out;
    EXPECT_NE(ok.out.find("方案有效 / the scenario is valid"), std::string::npos) << ok.out;
    Scratch dir("xw_scenario_bad");
    fs::create_directories(dir.path);
    writeText(dir.path / "bad.yaml", "xuewei_scenario: 1\ndataset: " + kSmall.string() +
                                         "\nhorizon: 2026\ninterventions:\n"
                                         "  - expand: {school: P1, year: 2024, stage: primary, "
                                         "clases: 2}\n");
    const auto bad = runXuewei("scenario check " + (dir.path / "bad.yaml").string());
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_NE(bad.out.find("bad.yaml:5:"), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("did you mean \"classes\"?"), std::string::npos) << bad.out;
}

TEST(Compare, WritesTheTablesAndTheDifferenceLayers) {
    Scratch dir("xw_compare");
    fs::create_directories(dir.path);
    writeText(dir.path / "a.yaml", "dataset: " + kSmall.string() + "\nhorizon: 2024\nname: a\n");
    writeText(dir.path / "b.yaml",
              "dataset: " + kSmall.string() +
                  "\nhorizon: 2024\nname: b\ninterventions:\n"
                  "  - new_school: {id: N1, name: 新学校, year: 2022, location: {x: 615000, y: "
                  "2423000}, stages: {primary: 12}}\n");
    const auto r = runXuewei("compare " + (dir.path / "a.yaml").string() + " " +
                             (dir.path / "b.yaml").string() + " --grid-m 1000 --out " +
                             (dir.path / "out").string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    for (const char* f :
         {"compare_scenarios.csv", "compare_areas.csv", "compare_indicators.csv", "compare.gpkg"})
        EXPECT_TRUE(fs::exists(dir.path / "out" / f)) << f;
    // The new school's 540 seats in 2022: the city's primary seats differ by exactly that.
    const auto areas = xw::testing::readCsv((dir.path / "out/compare_areas.csv").string());
    bool found = false;
    for (const auto& row : areas.rows)
        if (row.at("year") == "2022" && row.at("level") == "city" && row.at("stage") == "primary") {
            EXPECT_EQ(row.at("seats_diff_2"), "540");
            found = true;
        }
    EXPECT_TRUE(found);
    EXPECT_EQ(runXuewei("compare " + (dir.path / "a.yaml").string()).exitCode, 2);
}

TEST(StudyCommands, OpenTheirStudyAlikeAndReportItsProblemsInTheSameWords) {
    const Scratch dir("xw_study_commands");
    const std::vector<std::string> commands{"run --no-report --out " + (dir.path / "run").string(),
                                            "project --out " + (dir.path / "project").string(),
                                            "map --out " + (dir.path / "map.png").string(),
                                            "report --out " + (dir.path / "report.pdf").string(),
                                            "export --format gpkg --out " +
                                                (dir.path / "export.gpkg").string()};
    const std::string both =
        "用法错误 usage: --data 与 --scenario 只能给一个 (方案文件已指明数据集) "
        "/ give --data or --scenario, not both (a scenario names its "
        "dataset)\n";
    const fs::path missing = dir.path / "missing.yaml";
    const std::string loading = "读取数据集 Loading " + missing.string();
    const std::string error =
        "错误 error: 找不到方案文件或数据集目录 / no scenario file or dataset "
        "folder: " +
        missing.string() + "\n";
    for (const std::string& command : commands) {
        const auto r = runXuewei(command + " --data a --scenario b");
        EXPECT_EQ(r.exitCode, 2) << command;
        EXPECT_EQ(r.out, both) << command;
        const auto m = runXuewei(command + " --scenario " + missing.string());
        EXPECT_EQ(m.exitCode, 1) << command;
        EXPECT_NE(m.out.find(loading), std::string::npos) << command << "\n" << m.out;
        EXPECT_NE(m.out.find(error), std::string::npos) << command << "\n" << m.out;
    }
}

} // namespace
