// The map renderer on QImage (and PDF): colours where the data says, symbols where their
// coordinates say, labels that do not overlap, a legend of exactly the classes shown.
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/map/map_renderer.hpp>

#include "viewer_test_support.hpp"

#include <QImage>

#include <gtest/gtest.h>

namespace xw::viewer {
namespace {

std::vector<core::PointM> square(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

QColor pixelAt(const QImage& img, const QPointF& p) {
    return img.pixelColor(static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y())));
}

QColor qc(Rgba c) {
    return {c.r, c.g, c.b, c.a};
}

/// Two 1 km square towns side by side: A (x 0–1000) short of 300 seats, B (1000–2000) of none.
MapDescription twoTowns() {
    MapDescription map;
    map.widthPx = 900;
    map.heightPx = 500;
    map.title = "学位缺口测试 Shortfall test";
    map.extent = {0, 0, 2000, 1000};
    MapLayer towns;
    towns.id = "towns";
    towns.kind = LayerKind::Polygons;
    Classification c;
    c.attribute = "shortfall";
    c.title = "学位缺口 Shortfall";
    const auto colours = brewerColours(Palette::YlOrRd, 3);
    c.classes = {{"无缺口 None", rgbHex(0xf7f7f7), 0, 1, {}},
                 {"1–99", colours[0], 1, 100, {}},
                 {"100–499", colours[1], 100, 500, {}},
                 {"500–999", colours[2], 500, 1000, {}}};
    towns.style.classes = c;
    MapFeature a;
    a.id = "A";
    a.polygons = {{{square(0, 0, 1000, 1000)}}};
    a.attributes["shortfall"] = 300.0;
    MapFeature b;
    b.id = "B";
    b.polygons = {{{square(1000, 0, 2000, 1000)}}};
    b.attributes["shortfall"] = 0.0;
    towns.features = {a, b};
    map.layers.push_back(towns);
    return map;
}

TEST(MapRenderer, ThePixelInsideATownWithAShortfallHasItsClassColour) {
    const MapDescription map = twoTowns();
    MapRenderResult r;
    const QImage img = renderMapImage(map, &r);
    ASSERT_EQ(img.width(), 900);
    const auto& classes = map.layers[0].style.classes->classes;
    const QPointF insideA = r.worldToDevice.map(QPointF(500, 500));
    const QPointF insideB = r.worldToDevice.map(QPointF(1500, 500));
    EXPECT_EQ(pixelAt(img, insideA), qc(classes[2].colour)); // 300 → "100–499"
    EXPECT_EQ(pixelAt(img, insideB), qc(classes[0].colour)); // 0 → "无缺口"
    // And the two towns really are where the transform says: y grows downwards on the image.
    EXPECT_LT(insideA.x(), insideB.x());
    EXPECT_TRUE(r.mapFrame.contains(insideA));
}

TEST(MapRenderer, ASchoolSymbolIsWhereItsCoordinatesSay) {
    MapDescription map = twoTowns();
    MapLayer schools;
    schools.id = "schools";
    schools.kind = LayerKind::Points;
    schools.style.fill = {0, 200, 0, 255};
    schools.style.symbol.sizePt = 12;
    schools.style.stroke.widthPt = 0;
    MapFeature s;
    s.id = "S1";
    s.point = {1730, 260};
    schools.features = {s};
    map.layers.push_back(schools);
    MapRenderResult r;
    const QImage img = renderMapImage(map, &r);
    double sx = 0, sy = 0;
    int n = 0;
    // Inside the map frame only: the legend shows the same symbol.
    const QRect frame = r.mapFrame.toAlignedRect();
    for (int y = frame.top(); y <= frame.bottom(); ++y)
        for (int x = frame.left(); x <= frame.right(); ++x)
            if (img.pixelColor(x, y) == QColor(0, 200, 0)) {
                sx += x + 0.5;
                sy += y + 0.5;
                ++n;
            }
    ASSERT_GT(n, 50); // 12 pt at 96 dpi: a 16-pixel disc
    const QPointF expected = r.worldToDevice.map(QPointF(1730, 260));
    EXPECT_NEAR(sx / n, expected.x(), 1.0);
    EXPECT_NEAR(sy / n, expected.y(), 1.0);
}

TEST(MapRenderer, LabelsDoNotOverlap) {
    MapDescription map = twoTowns();
    MapLayer schools;
    schools.id = "schools";
    schools.kind = LayerKind::Points;
    schools.style.fill = rgbHex(0x3182bd);
    for (int i = 0; i < 120; ++i) {
        MapFeature s;
        // Built with += : GCC 12 warns (-Wrestrict, a false positive) on "literal" + string.
        s.id = "S";
        s.id += std::to_string(i);
        const int column = i % 12, row = i / 12; // 12 labels a row
        s.point = {100.0 + column * 150.0, 100.0 + row * 80.0};
        s.label = "第";
        s.label += std::to_string(i);
        s.label += "小学";
        s.labelPriority = i;
        schools.features.push_back(s);
    }
    map.layers.push_back(schools);
    MapRenderResult r;
    (void)renderMapImage(map, &r);
    ASSERT_GT(r.labels.size(), 10u);
    EXPECT_GT(r.labelsDropped, 0u); // 120 labels in 2 km² cannot all fit
    EXPECT_EQ(r.labels.size() + r.labelsDropped, 120u);
    for (std::size_t i = 0; i < r.labels.size(); ++i) {
        const Box& a = r.labels[i].box;
        EXPECT_TRUE(r.mapFrame.contains(QRectF(a.x, a.y, a.w, a.h)));
        for (std::size_t j = i + 1; j < r.labels.size(); ++j)
            EXPECT_FALSE(a.overlaps(r.labels[j].box))
                << r.labels[i].text << " and " << r.labels[j].text;
    }
    // Highest priority first: the last school's label is always placed.
    EXPECT_EQ(r.labels.front().featureId, "S119");
}

TEST(MapRenderer, TheLegendListsExactlyTheClassesShown) {
    MapDescription map = twoTowns();
    MapFeature c;
    c.id = "C"; // no shortfall attribute: no data
    c.polygons = {{{square(0, 1000, 1000, 1500)}}};
    map.layers[0].features.push_back(c);
    map.layers[0].features[1].attributes["shortfall"] = 700.0; // B now in "500–999"
    map.extent = {0, 0, 2000, 1500};
    MapRenderResult r;
    const QImage img = renderMapImage(map, &r);
    std::vector<std::string> labels;
    for (const auto& e : r.legend)
        if (e.layerId == "towns") {
            labels.push_back(e.label);
            EXPECT_EQ(e.features, 1u) << e.label;
            // The swatch is painted in the class's colour.
            EXPECT_EQ(pixelAt(img, e.swatch.center()), qc(e.colour)) << e.label;
        }
    // 300 → "100–499", 700 → "500–999", C → no data; "无缺口" and "1–99" have no town.
    EXPECT_EQ(labels, (std::vector<std::string>{"100–499", "500–999", "无数据 No data"}));
}

TEST(MapRenderer, ThreeHundredThousandGridCellsAreDrawnInTheirClassColours) {
    MapDescription map;
    map.widthPx = 1200;
    map.heightPx = 800;
    map.legend = LegendPlacement::None;
    MapLayer grid;
    grid.id = "grid";
    grid.kind = LayerKind::Grid;
    grid.grid.cellMeters = 100;
    Classification c;
    c.attribute = "v";
    c.classes = {{"0", rgbHex(0xdeebf7), 0, 1, {}},
                 {"1", rgbHex(0x9ecae1), 1, 2, {}},
                 {"2", rgbHex(0x3182bd), 2, 3, {}}};
    grid.style.classes = c;
    for (int j = 0; j < 500; ++j)
        for (int i = 0; i < 600; ++i) {
            grid.grid.centres.push_back({(i + 0.5) * 100, (j + 0.5) * 100});
            grid.grid.values.push_back(i < 200 ? 0 : (i < 400 ? 1 : 2));
        }
    ASSERT_EQ(grid.grid.centres.size(), 300000u);
    map.layers.push_back(grid);
    MapRenderResult r;
    const QImage img = renderMapImage(map, &r);
    EXPECT_EQ(pixelAt(img, r.worldToDevice.map(QPointF(10050, 25050))), QColor(0xde, 0xeb, 0xf7));
    EXPECT_EQ(pixelAt(img, r.worldToDevice.map(QPointF(30050, 25050))), QColor(0x9e, 0xca, 0xe1));
    EXPECT_EQ(pixelAt(img, r.worldToDevice.map(QPointF(50050, 25050))), QColor(0x31, 0x82, 0xbd));
}

TEST(MapRenderer, TheBasemapIsDrawnUnderTheLayers) {
    MapDescription map = twoTowns();
    map.layers[0].features.pop_back(); // B gone: the basemap shows there
    map.extent = {0, 0, 2000, 1000};
    RasterBasemap b;
    b.width = 4;
    b.height = 2;
    b.extent = {0, 0, 2000, 1000};
    for (int i = 0; i < 8; ++i)
        b.rgba.insert(b.rgba.end(), {200, 30, 40, 255});
    map.basemap = b;
    MapRenderResult r;
    const QImage img = renderMapImage(map, &r);
    EXPECT_EQ(pixelAt(img, r.worldToDevice.map(QPointF(1500, 500))), QColor(200, 30, 40));
    // Town A (opaque) covers it.
    EXPECT_EQ(pixelAt(img, r.worldToDevice.map(QPointF(500, 500))),
              qc(map.layers[0].style.classes->classes[2].colour));
}

TEST(MapRenderer, TheScaleBarIsARoundLengthAboutAFifthOfTheFrame) {
    MapRenderResult r;
    (void)renderMapImage(twoTowns(), &r);
    const double frameMetres = r.mapFrame.width() * r.metresPerDeviceUnit;
    EXPECT_LE(r.scaleBarMetres, frameMetres / 5 + 1e-9);
    EXPECT_GT(r.scaleBarMetres, frameMetres / 5 / 2.5 - 1e-9);
    const double mantissa =
        r.scaleBarMetres / std::pow(10.0, std::floor(std::log10(r.scaleBarMetres)));
    EXPECT_TRUE(mantissa == 1.0 || mantissa == 2.0 || mantissa == 5.0) << r.scaleBarMetres;
}

TEST(MapRenderer, APdfMapIsOnePageWithSelectableChineseText) {
    test::ScratchDir dir;
    MapDescription map = twoTowns();
    map.layers[0].features[0].label = "南恩街道";
    map.crsNote = "坐标系 CRS: EPSG:4546";
    const auto file = dir.path() / "map.pdf";
    (void)writeMap(map, file);
    EXPECT_EQ(test::pdfPages(file), 1);
    const std::string text = test::pdfText(file);
    EXPECT_NE(text.find("学位缺口测试"), std::string::npos) << text;
    EXPECT_NE(text.find("南恩街道"), std::string::npos) << text;
    EXPECT_NE(text.find("EPSG:4546"), std::string::npos) << text;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "map.pdf.part"));
}

TEST(MapRenderer, APngMapHasTheRequestedSize) {
    test::ScratchDir dir;
    const auto file = dir.path() / "map.png";
    (void)writeMap(twoTowns(), file);
    const QImage img(QString::fromStdString(file.string()));
    EXPECT_EQ(img.width(), 900);
    EXPECT_EQ(img.height(), 500);
    EXPECT_THROW((void)writeMap(twoTowns(), dir.path() / "map.svg"), std::invalid_argument);
}

TEST(MapRenderer, AMapWithNothingToShowIsAnError) {
    MapDescription empty;
    EXPECT_THROW((void)renderMapImage(empty), std::invalid_argument);
}

} // namespace
} // namespace xw::viewer
