// The leaders' report built from the embedded study: the pages the issue lists, in order, with
// the engine's figures, and as a PDF whose text carries them (pdftotext).
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/model/report_builder.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include "viewer_study_fixture.hpp"
#include "viewer_test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace xw::viewer {
namespace {

using test::yangjiang;

std::string titleOf(const ReportPage& p) {
    return std::visit([](const auto& page) { return page.title; }, p);
}

TEST(ReportBuilder, HasThePagesOfTheLeadersReportInOrder) {
    const ReportDocument doc = buildReport({{"基准 baseline", "yangjiang", &yangjiang()}});
    std::vector<std::string> titles;
    for (const auto& p : doc.pages)
        titles.push_back(titleOf(p));
    const auto index = [&](const std::string& part) {
        for (std::size_t i = 0; i < titles.size(); ++i)
            if (titles[i].find(part) != std::string::npos)
                return static_cast<int>(i);
        return -1;
    };
    EXPECT_TRUE(std::holds_alternative<TitlePage>(doc.pages.front()));
    const int summary = index("全市学位供需概况");
    const int scorecard = index("指标达标情况");
    const int shortfall = index("小学学位缺口");
    const int charts = index("需求与学位");
    const int warning = index("学位预警（2030");
    const int ranked = index("最拥挤的 20 所学校");
    const int housing = index("配套幼儿园不符合要求");
    for (int i : {summary, scorecard, shortfall, charts, warning, ranked, housing})
        EXPECT_GE(i, 0);
    EXPECT_LT(summary, scorecard);
    EXPECT_LT(scorecard, shortfall);
    EXPECT_LT(shortfall, charts);
    EXPECT_LT(charts, warning);
    EXPECT_LT(warning, ranked);
    EXPECT_LT(ranked, housing);
    // One shortfall map per stage with schools; 学位预警 maps for 2025 and 2030 (five years on,
    // the last year) for kindergarten, primary and junior.
    int shortfallMaps = 0, warningMaps = 0;
    for (const auto& t : titles) {
        shortfallMaps += t.find("学位缺口（2020") != std::string::npos;
        warningMaps += t.find("学位预警（20") != std::string::npos;
    }
    EXPECT_EQ(shortfallMaps, 6);
    EXPECT_EQ(warningMaps, 6);
    EXPECT_FALSE(doc.illustrativeNote.empty());
}

TEST(ReportBuilder, TheSummaryRowsAreTheCitysBalance) {
    const study::StudyResults& r = yangjiang();
    const ReportDocument doc = buildReport({{"基准", "yangjiang", &r}});
    const TablePage* summary = nullptr;
    for (const auto& p : doc.pages)
        if (const auto* t = std::get_if<TablePage>(&p); t && t->title.find("全市学位供需概况") == 0)
            summary = t;
    ASSERT_NE(summary, nullptr);
    int checked = 0;
    for (const auto& row : summary->rows) {
        if (row[0] != "2020")
            continue;
        for (const auto& b : r.balance.city)
            if (row[1].find(std::string(core::stageNameEn(b.stage))) != std::string::npos) {
                EXPECT_EQ(row[2], formatNumber(std::round(b.demand)));
                EXPECT_EQ(row[3], formatNumber(static_cast<double>(b.seats)));
                EXPECT_EQ(row[5], formatNumber(std::round(b.shortfall)));
                ++checked;
            }
    }
    EXPECT_EQ(checked, 6);
}

TEST(ReportBuilder, AWarningYearThatIsNotProjectedIsRefused) {
    ReportOptions o;
    o.warningYears = {2040};
    EXPECT_THROW((void)buildReport({{"基准", "yangjiang", &yangjiang()}}, o),
                 std::invalid_argument);
}

TEST(ReportBuilder, ThePdfCarriesTheTitlesAndTheFigures) {
    const study::StudyResults& r = yangjiang();
    test::ScratchDir dir;
    const auto file = dir.path() / "report.pdf";
    const ReportWriteResult w = writeReportPdf(buildReport({{"基准", "yangjiang", &r}}), file);
    EXPECT_EQ(test::pdfPages(file), w.pages);
    const std::string text = test::pdfText(file);
    for (const char* s : {"阳江市学位供需报告", "示意数据", "全市学位供需概况", "指标达标情况",
                          "最拥挤的 20 所学校", "学位预警", "第 1 页"})
        EXPECT_NE(text.find(s), std::string::npos) << s;
    for (const auto& b : r.balance.city)
        if (b.stage == core::Stage::Primary) {
            EXPECT_NE(text.find(formatNumber(static_cast<double>(b.seats))), std::string::npos);
        }
}

} // namespace
} // namespace xw::viewer
