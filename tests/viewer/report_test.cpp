// The leaders' report as a PDF: pages, page numbers, notes and selectable text checked with
// poppler-utils (pdfinfo, pdftotext).
#include <xw/viewer/report/line_chart.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include "viewer_test_support.hpp"

#include <QImage>

#include <gtest/gtest.h>

namespace xw::viewer {
namespace {

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

MapDescription tinyMap() {
    MapDescription map;
    MapLayer towns;
    towns.id = "towns";
    towns.kind = LayerKind::Polygons;
    towns.style.fill = rgbHex(0xfecc5c);
    MapFeature f;
    f.id = "T";
    f.label = "城南街道";
    f.polygons = {{{{{0, 0}, {1000, 0}, {1000, 800}, {0, 800}}}}};
    towns.features = {f};
    map.layers = {towns};
    return map;
}

ReportDocument sample(int tableRows) {
    ReportDocument doc;
    doc.title = "测试市学位报告 Test report";
    doc.sourceLine = "数据来源 Source: 测试数据集 test dataset";
    doc.illustrativeNote = "示意数据 Illustrative data";
    doc.pages.emplace_back(
        TitlePage{"测试市学位供需报告", "School places, test city", {"基准年 2020"}});
    ScorecardPage score;
    score.title = "指标达标情况 Scorecard";
    score.areas = {{"江城区",
                    {{"大班额(56人及以上)比例 Classes of 56+", "≤ 5.0%", "31.2%", false,
                      "超 26.2 个百分点 pp over"},
                     {"学前三年毛入园率 Gross enrolment", "≥ 98.0%", "100.0%", true, ""},
                     {"三类残疾儿童少年入学率 Disabled", "≥ 97.0%", "—", std::nullopt, ""}}}};
    doc.pages.emplace_back(score);
    MapPage map;
    map.title = "小学学位缺口 Primary shortfall";
    map.map = tinyMap();
    doc.pages.emplace_back(map);
    ChartPage charts;
    charts.title = "需求与学位 Demand and seats";
    LineChart c;
    c.title = "小学 Primary";
    c.series = {{"需求 Demand", rgbHex(0xd7301f), false, {2020, 2021, 2022}, {100, 120, 90}},
                {"学位 Seats", rgbHex(0x2166ac), false, {2020, 2021, 2022}, {110, 110, 110}}};
    charts.charts = {c};
    doc.pages.emplace_back(charts);
    TablePage table;
    table.title = "最拥挤的学校 Most overcrowded schools";
    table.columns = {{"排名 Rank", Align::Right, 1}, {"学校 School", Align::Left, 4}};
    for (int i = 1; i <= tableRows; ++i)
        table.rows.push_back({std::to_string(i), "第" + std::to_string(i) + "小学"});
    doc.pages.emplace_back(table);
    return doc;
}

TEST(Report, PagesNumbersNotesAndSelectableChineseText) {
    test::ScratchDir dir;
    const auto file = dir.path() / "report.pdf";
    const ReportWriteResult r = writeReportPdf(sample(5), file);
    EXPECT_EQ(r.pages, 5); // title, scorecard, map, charts, table
    EXPECT_EQ(test::pdfPages(file), 5);
    const std::string text = test::pdfText(file);
    EXPECT_TRUE(has(text, "测试市学位供需报告")) << text;
    EXPECT_TRUE(has(text, "第 1 页 / 共 5 页"));
    EXPECT_TRUE(has(text, "Page 5 of 5"));
    EXPECT_TRUE(has(text, "示意数据 Illustrative data"));
    EXPECT_TRUE(has(text, "数据来源 Source: 测试数据集"));
    // ✓/✗ marks, the value and the gap of the scorecard.
    EXPECT_TRUE(has(text, "✓ 达标"));
    EXPECT_TRUE(has(text, "✗ 未达标"));
    EXPECT_TRUE(has(text, "31.2%"));
    EXPECT_TRUE(has(text, "超 26.2 个百分点"));
    // Ideographs that are also Kangxi radicals come out as themselves (大, not U+2F24 ⼤), and
    // digits survive: the PDF font choice in fonts.hpp.
    EXPECT_TRUE(has(text, "大班额(56人及以上)比例"));
    EXPECT_FALSE(has(text, "\u2F24"));
    EXPECT_TRUE(has(text, "城南街道")); // the map's label is text too
    EXPECT_TRUE(has(text, "第5小学"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "report.pdf.part"));
}

TEST(Report, ALongTableContinuesOnMorePagesWithItsHeader) {
    test::ScratchDir dir;
    const auto file = dir.path() / "report.pdf";
    const ReportWriteResult r = writeReportPdf(sample(120), file);
    EXPECT_GT(r.pages, 6);
    EXPECT_EQ(test::pdfPages(file), r.pages);
    const std::string text = test::pdfText(file);
    EXPECT_TRUE(has(text, "（续） (continued)"));
    EXPECT_TRUE(has(text, "第120小学"));
    EXPECT_TRUE(has(text, "共 " + std::to_string(r.pages) + " 页"));
}

TEST(Report, A3PagesAreA3) {
    test::ScratchDir dir;
    const auto file = dir.path() / "report.pdf";
    ReportDocument doc = sample(3);
    doc.paper = Paper::A3;
    doc.orientation = PageOrientation::Portrait;
    (void)writeReportPdf(doc, file);
    const std::string size = test::pdfPageSize(file);
    EXPECT_TRUE(has(size, "(A3)")) << size;
}

TEST(Report, ARowWithTheWrongNumberOfCellsIsAnErrorAndLeavesNoFile) {
    test::ScratchDir dir;
    const auto file = dir.path() / "report.pdf";
    ReportDocument doc = sample(3);
    std::get<TablePage>(doc.pages.back()).rows.push_back({"only one cell"});
    EXPECT_THROW((void)writeReportPdf(doc, file), std::invalid_argument);
    EXPECT_FALSE(std::filesystem::exists(file));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "report.pdf.part"));
}

TEST(Report, AnUnwritableFolderIsAnErrorNamingTheFile) {
    try {
        (void)writeReportPdf(sample(1), "/nonexistent/folder/report.pdf");
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_TRUE(has(e.what(), "/nonexistent/folder/report.pdf")) << e.what();
    }
}

TEST(LineChart, NiceTicksCoverTheDataInRoundSteps) {
    EXPECT_EQ(niceTicks(0, 93, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));
    // 260,000 ÷ 5 = 52,000 → the next of 1, 2, 5, 10 × 10⁴ at or above it is 100,000.
    EXPECT_EQ(niceTicks(40, 260000, 5), (std::vector<double>{0, 100000, 200000, 300000}));
    EXPECT_EQ(niceTicks(0, 0, 5), (std::vector<double>{0, 1}));
}

TEST(LineChart, SeriesAreDrawnInTheirColours) {
    QImage img(600, 400, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::white);
    LineChart c;
    c.series = {{"需求", {10, 200, 30, 255}, false, {2020, 2030}, {50, 50}}};
    QPainter p(&img);
    drawLineChart(p, QRectF(0, 0, 600, 400), c);
    p.end();
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += img.pixelColor(x, y) == QColor(10, 200, 30) ? 1 : 0;
    EXPECT_GT(n, 400); // a 1.6 pt line across the plot
}

} // namespace
} // namespace xw::viewer
