// The adapter on the embedded Yangjiang data: the maps and the report carry the core's figures.
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/map_from_data.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include "viewer_test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace xw::viewer {
namespace {

const ViewerData& yangjiang() {
    static const ViewerData data =
        loadViewerData(std::filesystem::path(XW_SOURCE_ROOT) / "data/yangjiang");
    return data;
}

const MapLayer& layer(const MapDescription& m, const std::string& id) {
    for (const auto& l : m.layers)
        if (l.id == id)
            return l;
    throw std::runtime_error("no layer " + id);
}

TEST(MapFromData, EveryTownIsColouredByItsOwnShortfall) {
    const ViewerData& d = yangjiang();
    MapRequest req;
    req.stage = core::Stage::Primary;
    const MapDescription map = buildMap(d, req);
    const MapLayer& towns = layer(map, "towns");
    ASSERT_EQ(towns.features.size(), d.data.city.regions.towns.size());
    const Classification& c = *towns.style.classes;
    int short_ = 0;
    for (const auto& f : towns.features) {
        const core::AreaStageBalance* row = nullptr;
        for (const auto& r : d.balance.towns)
            if (r.code == f.id && r.stage == core::Stage::Primary)
                row = &r;
        ASSERT_NE(row, nullptr) << f.id;
        const double v = std::get<double>(f.attributes.at("shortfall"));
        EXPECT_EQ(v, std::round(row->shortfall));
        const auto k = classOf(c, &f.attributes.at("shortfall"));
        ASSERT_TRUE(k.has_value()) << f.id << " " << v;
        if (v >= 1) {
            ++short_;
            EXPECT_GT(*k, 0u) << f.id; // never the "no shortfall" class
        } else {
            EXPECT_EQ(*k, 0u) << f.id;
        }
    }
    EXPECT_GT(short_, 0); // the embedded data has towns short of primary seats
}

TEST(MapFromData, SchoolsAreTheStagesSchoolsAtTheirLocations) {
    const ViewerData& d = yangjiang();
    MapRequest req;
    req.stage = core::Stage::Junior;
    req.labelMostOvercrowded = 3;
    req.selectedSchools = {d.data.city.schools.front().id};
    const MapDescription map = buildMap(d, req);
    const MapLayer& schools = layer(map, "schools");
    std::size_t expected = 0;
    for (const auto& r : d.balance.schools)
        expected += r.stage == core::Stage::Junior ? 1 : 0;
    EXPECT_EQ(schools.features.size(), expected);
    int labelled = 0;
    for (const auto& f : schools.features) {
        const auto it = std::find_if(d.data.city.schools.begin(), d.data.city.schools.end(),
                                     [&](const core::School& s) { return s.id == f.id; });
        ASSERT_NE(it, d.data.city.schools.end());
        EXPECT_EQ(f.point.x, it->location.x);
        EXPECT_EQ(f.point.y, it->location.y);
        labelled += f.label.empty() ? 0 : 1;
    }
    // Three most overcrowded, plus the selected one when it teaches junior classes.
    EXPECT_GE(labelled, 3);
    EXPECT_LE(labelled, 4);
}

TEST(MapFromData, TheYangjiangMapRendersWithItsLabelsApart) {
    MapRequest req;
    const MapDescription map = buildMap(yangjiang(), req);
    MapRenderResult r;
    const QImage img = renderMapImage(map, &r);
    EXPECT_EQ(img.width(), 1920);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_GT(r.labels.size(), 20u);
    for (std::size_t i = 0; i < r.labels.size(); ++i)
        for (std::size_t j = i + 1; j < r.labels.size(); ++j)
            EXPECT_FALSE(r.labels[i].box.overlaps(r.labels[j].box));
}

TEST(MapFromData, TheSampleReportCarriesTheCoresIndicatorValues) {
    const ViewerData& d = yangjiang();
    test::ScratchDir dir;
    const auto file = dir.path() / "report.pdf";
    const ReportWriteResult r = writeReportPdf(sampleReport(d), file);
    EXPECT_EQ(test::pdfPages(file), r.pages);
    const std::string text = test::pdfText(file);
    EXPECT_NE(text.find("阳江市学位供需报告"), std::string::npos);
    EXPECT_NE(text.find("示意数据"), std::string::npos);
    EXPECT_NE(text.find("最拥挤的 20 所学校"), std::string::npos);
    // The city's large-class share, as the core computed it, is printed in the scorecard.
    const auto& city = d.indicators.back();
    ASSERT_EQ(city.level, "city");
    for (const auto& item : city.items)
        if (item.key == "large_class_share" && item.value) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.1f%%", *item.value * 100.0);
            EXPECT_NE(text.find(buf), std::string::npos) << buf;
        }
}

} // namespace
} // namespace xw::viewer
