// Polygon WKB decoded to plain rings for drawing.
#include <xw/gis/area_geometry.hpp>

#include <gtest/gtest.h>
#include <ogr_geometry.h>

namespace xw::gis {
namespace {

std::vector<unsigned char> wkbOf(const char* wkt) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE);
    std::vector<unsigned char> out(static_cast<std::size_t>(g->WkbSize()));
    g->exportToWkb(wkbNDR, out.data(), wkbVariantIso);
    OGRGeometryFactory::destroyGeometry(g);
    return out;
}

TEST(AreaGeometry, APolygonWithAHoleKeepsBothRings) {
    const auto area = decodeArea(wkbOf("POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))"));
    ASSERT_EQ(area.polygons.size(), 1u);
    ASSERT_EQ(area.polygons[0].rings.size(), 2u);
    EXPECT_EQ(area.polygons[0].rings[0].size(), 5u);
    EXPECT_DOUBLE_EQ(area.polygons[0].rings[1][1].x, 6.0);
    EXPECT_DOUBLE_EQ(area.areaM2, 100.0 - 4.0);
    // The interior point is inside the outer ring and not in the hole.
    const auto p = area.inside;
    EXPECT_TRUE(p.x > 0 && p.x < 10 && p.y > 0 && p.y < 10);
    EXPECT_FALSE(p.x > 4 && p.x < 6 && p.y > 4 && p.y < 6);
}

TEST(AreaGeometry, AMultipolygonGivesOnePolygonPerPart) {
    const auto area =
        decodeArea(wkbOf("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,7 5,7 7,5 7,5 5)))"));
    ASSERT_EQ(area.polygons.size(), 2u);
    EXPECT_DOUBLE_EQ(area.areaM2, 0.5 + 4.0);
}

TEST(AreaGeometry, AdjacentSquaresUniteIntoOnePolygon) {
    // Two 10 × 10 squares sharing an edge and a third apart: the shared edge dissolves.
    const auto wkb = unionAreas({wkbOf("POLYGON((0 0,10 0,10 10,0 10,0 0))"),
                                 wkbOf("POLYGON((10 0,20 0,20 10,10 10,10 0))"),
                                 wkbOf("MULTIPOLYGON(((30 0,31 0,31 1,30 1,30 0)))")});
    const auto area = decodeArea(wkb);
    ASSERT_EQ(area.polygons.size(), 2u);
    EXPECT_DOUBLE_EQ(area.areaM2, 201.0);
    const auto one = decodeArea(unionAreas({wkbOf("POLYGON((0 0,10 0,10 10,0 10,0 0))"),
                                            wkbOf("POLYGON((10 0,20 0,20 10,10 10,10 0))")}));
    EXPECT_EQ(one.polygons.size(), 1u);
    EXPECT_DOUBLE_EQ(one.areaM2, 200.0);
}

TEST(AreaGeometry, UnionRefusesNothingAndNonPolygons) {
    EXPECT_THROW((void)unionAreas({}), GisError);
    EXPECT_THROW((void)unionAreas({wkbOf("LINESTRING(0 0,1 1)")}), GisError);
}

TEST(AreaGeometry, ALineIsNotAnArea) {
    EXPECT_THROW((void)decodeArea(wkbOf("LINESTRING(0 0,1 1)")), GisError);
    EXPECT_THROW((void)decodeArea({1, 2, 3}), GisError);
}

TEST(AreaGeometry, TheCrsNoteNamesTheGaussKrugerZone) {
    const std::string name = crsDisplayName("EPSG:4546");
    EXPECT_NE(name.find("CGCS2000"), std::string::npos) << name;
    EXPECT_NE(name.find("EPSG:4546"), std::string::npos) << name;
    EXPECT_EQ(crsDisplayName("not a crs"), "not a crs");
}

} // namespace
} // namespace xw::gis
