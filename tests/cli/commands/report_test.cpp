// `xuewei report`, `xuewei map` and the pictures of `xuewei run` on the embedded data: the PDF has
// the pages the leaders' report lists (pdfinfo, pdftotext), and its figures are those of the CSV
// tables `xuewei run` writes (balance_areas.csv, balance_schools.csv).
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;
using xw::testing::Scratch;

std::string capture(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
        return out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0)
        out.append(buf.data(), n);
    pclose(pipe);
    return out;
}

std::string pdfText(const fs::path& pdf) {
    return capture(std::string(XW_PDFTOTEXT) + " -layout -enc UTF-8 '" + pdf.string() + "' -");
}

int pdfPages(const fs::path& pdf) {
    const std::string info = capture(std::string(XW_PDFINFO) + " '" + pdf.string() + "'");
    const auto at = info.find("Pages:");
    return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

/// 12,345 as the report prints a whole number.
std::string grouped(long long v) {
    std::string digits = std::to_string(std::llabs(v));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

long long whole(const std::string& csvCell) {
    return std::llround(std::stod(csvCell));
}

/// The lines of the PDF text (layout mode: one table row per line).
std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string line;
    while (std::getline(in, line))
        out.push_back(line);
    return out;
}

/// The numbers of a line in order (thousands separators dropped, percentages as printed).
std::vector<std::string> numbersOf(const std::string& line) {
    static const std::regex number(R"((\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?)");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), number);
         it != std::sregex_iterator(); ++it)
        out.push_back(it->str());
    return out;
}

/// The report's stage labels: the stage names of core/src/model/stage.cpp (the domain's, as in
/// every table and map), Chinese then English.
const std::map<std::string, std::string> kStageLabel{{"kindergarten", "学前 Kindergarten"},
                                                     {"primary", "小学 Primary"},
                                                     {"junior", "初中 Junior middle"},
                                                     {"senior", "普通高中 General senior high"},
                                                     {"vocational", "中职 Secondary vocational"},
                                                     {"special", "特殊教育 Special education"}};

/// One `xuewei run` with its pictures, shared by the tests.
struct RunWithReport {
    Scratch out{"xw_run_report"};
    xw::testing::RunResult result;
    RunWithReport() { result = runXuewei("run -q --grid-m 1000 --out " + out.path.string()); }
};

const RunWithReport& shared() {
    static const RunWithReport r;
    return r;
}

TEST(RunPictures, TheMainJobWritesTheReportAndMapsBesideTheTables) {
    const RunWithReport& r = shared();
    ASSERT_EQ(r.result.exitCode, 0) << r.result.out;
    EXPECT_TRUE(fs::exists(r.out.path / "report.pdf"));
    for (const char* map : {"primary_shortfall.png", "kindergarten_shortfall.png",
                            "junior_shortfall.png", "primary_utilisation.png", "indicators.png",
                            "primary_accessibility.png", "primary_warning_2035.png"})
        EXPECT_TRUE(fs::exists(r.out.path / "maps" / map)) << map;
    // No half-written file is left anywhere in the set.
    for (const auto& e : fs::recursive_directory_iterator(r.out.path))
        EXPECT_EQ(e.path().string().find(".part"), std::string::npos) << e.path();
    EXPECT_NE(r.result.out.find("report.pdf"), std::string::npos);
}

TEST(RunPictures, NoReportSkipsThePictures) {
    const Scratch out("xw_run_no_report");
    const auto r = runXuewei("run -q --allocate none --no-report --out " + out.path.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_TRUE(fs::exists(out.path / "balance_areas.csv"));
    EXPECT_FALSE(fs::exists(out.path / "report.pdf"));
    EXPECT_FALSE(fs::exists(out.path / "maps"));
}

TEST(RunPictures, TheReportHasThePagesTheIssueLists) {
    const fs::path pdf = shared().out.path / "report.pdf";
    const int pages = pdfPages(pdf);
    EXPECT_GE(pages, 20);
    const std::string text = pdfText(pdf);
    for (const char* title :
         {"阳江市学位供需报告", "全市学位供需概况", "指标达标情况", "学前学位缺口", "小学学位缺口",
          "初中学位缺口", "缺学位的乡镇与区县", "需求与学位（按年）", "小学学位预警（2025 年）",
          "小学学位预警（2035 年）", "最拥挤的 20 所学校", "配套幼儿园不符合要求的新建小区",
          "示意数据", "数据来源 Source"})
        EXPECT_NE(text.find(title), std::string::npos) << title;
    // Page numbers on every page: "第 n 页 / 共 N 页".
    for (int p = 1; p <= pages; ++p)
        EXPECT_NE(
            text.find("第 " + std::to_string(p) + " 页 / 共 " + std::to_string(pages) + " 页"),
            std::string::npos)
            << p;
}

TEST(RunPictures, TheReportsCityFiguresAreThoseOfBalanceAreasCsv) {
    const fs::path dir = shared().out.path;
    const auto csv = readCsv((dir / "balance_areas.csv").string());
    const std::vector<std::string> text = lines(pdfText(dir / "report.pdf"));
    int checked = 0;
    for (const auto& row : csv.rows) {
        if (row.at("level") != "city")
            continue;
        const std::string& label = kStageLabel.at(row.at("stage"));
        // The summary row of the base year: year, stage, demand, seats, pupils, shortfall, …
        for (const std::string& line : text) {
            if (line.find(label) == std::string::npos || line.find("2020") == std::string::npos ||
                line.find("预测") != std::string::npos)
                continue;
            const std::vector<std::string> n = numbersOf(line.substr(line.find(label)));
            if (n.size() < 7)
                continue;
            EXPECT_EQ(n[0], grouped(whole(row.at("demand")))) << line;
            EXPECT_EQ(n[1], grouped(whole(row.at("seats")))) << line;
            EXPECT_EQ(n[2], grouped(whole(row.at("enrolment")))) << line;
            EXPECT_EQ(n[3], grouped(whole(row.at("shortfall")))) << line;
            EXPECT_EQ(n[4], grouped(whole(row.at("local_shortfall_sum")))) << line;
            EXPECT_EQ(n[6], grouped(whole(row.at("large_classes")))) << line;
            ++checked;
            break;
        }
    }
    EXPECT_EQ(checked, 6);
}

TEST(RunPictures, TheReportsTownsShortOfSeatsAreThoseOfBalanceAreasCsv) {
    const fs::path dir = shared().out.path;
    const auto csv = readCsv((dir / "balance_areas.csv").string());
    const std::string text = pdfText(dir / "report.pdf");
    const std::vector<std::string> all = lines(text);
    int checked = 0;
    for (const auto& row : csv.rows) {
        if (row.at("level") != "town" || row.at("stage") != "primary" ||
            whole(row.at("shortfall")) < 1)
            continue;
        // "小学 Primary  <town>  乡镇 town  demand  seats  shortfall  utilisation"
        bool found = false;
        for (const std::string& line : all) {
            const auto at = line.find(row.at("name"));
            if (at == std::string::npos || line.find("乡镇 town") == std::string::npos ||
                line.find("小学 Primary") == std::string::npos)
                continue;
            const std::vector<std::string> n = numbersOf(line.substr(line.find("乡镇 town")));
            ASSERT_GE(n.size(), 3u) << line;
            EXPECT_EQ(n[0], grouped(whole(row.at("demand")))) << line;
            EXPECT_EQ(n[1], grouped(whole(row.at("seats")))) << line;
            EXPECT_EQ(n[2], grouped(whole(row.at("shortfall")))) << line;
            found = true;
            break;
        }
        EXPECT_TRUE(found) << row.at("name");
        ++checked;
    }
    EXPECT_GT(checked, 0);
}

TEST(RunPictures, TheMostOvercrowdedSchoolsAreThoseOfBalanceSchoolsCsv) {
    const fs::path dir = shared().out.path;
    const auto csv = readCsv((dir / "balance_schools.csv").string());
    const std::vector<std::string> all = lines(pdfText(dir / "report.pdf"));
    // The 20 highest utilisations of the CSV (seats > 0).
    std::vector<const std::map<std::string, std::string>*> rows;
    for (const auto& row : csv.rows)
        if (!row.at("utilisation").empty() && std::stoll(row.at("seats")) > 0)
            rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
        return std::stod(a->at("utilisation")) > std::stod(b->at("utilisation"));
    });
    ASSERT_GE(rows.size(), 20u);
    int found = 0;
    for (std::size_t i = 0; i < 20; ++i) {
        const auto& row = *rows[i];
        for (const std::string& line : all) {
            if (line.find(row.at("name")) == std::string::npos ||
                line.find(kStageLabel.at(row.at("stage"))) == std::string::npos)
                continue;
            const std::vector<std::string> n =
                numbersOf(line.substr(line.find(kStageLabel.at(row.at("stage")))));
            // classes, seats, pupils, utilisation, classes ≥ 56 (after the town's name)
            if (n.size() < 5)
                continue;
            const std::size_t k = n.size() - 5;
            EXPECT_EQ(n[k], grouped(std::stoll(row.at("classes")))) << line;
            EXPECT_EQ(n[k + 1], grouped(std::stoll(row.at("seats")))) << line;
            EXPECT_EQ(n[k + 2], grouped(std::stoll(row.at("enrolment")))) << line;
            ++found;
            break;
        }
    }
    EXPECT_EQ(found, 20);
}

TEST(ReportCommand, WritesTheReportOfTwoScenariosWithTheirDifference) {
    const Scratch out("xw_report_cmd");
    fs::create_directories(out.path);
    // A second scenario: one new primary school in the base year.
    const fs::path scenario = out.path / "new_school.yaml";
    {
        std::ofstream f(scenario);
        f << "xuewei_scenario: 1\nname: 新校方案\ndataset: " << XW_SOURCE_ROOT
          << "/data/yangjiang\nhorizon: 2030\ninterventions:\n"
             "  - new_school:\n      id: TEST-NEW\n      name: 测试新校\n      year: 2020\n"
             "      location: {lon: 111.98, lat: 21.86}\n      stages: {primary: 24}\n";
    }
    const fs::path base = out.path / "baseline.yaml";
    {
        std::ofstream f(base);
        f << "xuewei_scenario: 1\nname: 基准\ndataset: " << XW_SOURCE_ROOT
          << "/data/yangjiang\nhorizon: 2030\n";
    }
    const auto r =
        runXuewei("report --scenario " + base.string() + " --scenario " + scenario.string() +
                  " --draws 40 --out " + (out.path / "compare.pdf").string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    const std::string text = pdfText(out.path / "compare.pdf");
    EXPECT_NE(text.find("方案比较"), std::string::npos);
    EXPECT_NE(text.find("学位缺口之差"), std::string::npos);
    EXPECT_NE(text.find("新校方案"), std::string::npos);
}

TEST(MapCommand, DrawsPngAndPdfMapsOfTheRequestedSizeAndRefusesBadOptions) {
    const Scratch out("xw_map_cmd");
    const fs::path png = out.path / "junior.png";
    const auto r = runXuewei("map --stage junior --size 800x600 --out " + png.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    std::ifstream f(png, std::ios::binary);
    std::array<unsigned char, 24> head{};
    f.read(reinterpret_cast<char*>(head.data()), head.size());
    ASSERT_EQ(head[1], 'P'); // \x89PNG
    const auto be32 = [&](int at) {
        return (head[at] << 24) | (head[at + 1] << 16) | (head[at + 2] << 8) | head[at + 3];
    };
    EXPECT_EQ(be32(16), 800);
    EXPECT_EQ(be32(20), 600);
    const fs::path pdf = out.path / "warning.pdf";
    const auto w = runXuewei("map --theme warning --year 2025 --years 2020-2026 --draws 30 --out " +
                             pdf.string());
    ASSERT_EQ(w.exitCode, 0) << w.out;
    EXPECT_NE(pdfText(pdf).find("学位预警（2025 年）"), std::string::npos);
    EXPECT_EQ(runXuewei("map --theme rainbow --out " + png.string()).exitCode, 2);
    EXPECT_EQ(runXuewei("map --out " + (out.path / "map.gif").string()).exitCode, 2);
    EXPECT_EQ(runXuewei("map --year 2031 --years 2020-2030 --out " + png.string()).exitCode, 2);
}

} // namespace
