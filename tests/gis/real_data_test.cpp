// readAreas on the real district boundaries of Yangjiang (../shared/realdata, read in place, never
// copied). The outlines are simplified web boundaries in GCJ-02 that declare WGS 84.
#include "test_support.hpp"

#include <xw/gis/detail/read_areas.hpp>

#include <ogr_geometry.h>

#include <map>

namespace xw::gis::detail {
namespace {

const std::filesystem::path kDistricts =
    test::sharedRoot() / "realdata/yangjiang-districts-441700.geojson";

int partsOf(const std::vector<unsigned char>& wkb) {
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE) {
        return -1;
    }
    const OGRGeometryUniquePtr owned(g);
    const auto type = wkbFlatten(g->getGeometryType());
    return type == wkbMultiPolygon ? g->toMultiPolygon()->getNumGeometries()
                                   : (type == wkbPolygon ? 1 : 0);
}

TEST(ReadAreas, YangjiangDistrictsHaveTheirCodesNamesAndAreas) {
    if (!std::filesystem::exists(kDistricts)) {
        GTEST_SKIP() << "shared real data not present: " << kDistricts;
    }
    const AreaLoad load = readAreas(kDistricts, "adcode", "name");
    EXPECT_TRUE(load.problems.empty());
    ASSERT_EQ(load.areas.size(), 4U);
    std::map<std::string, AreaRecord> byCode;
    for (const auto& a : load.areas) {
        byCode[a.code] = a;
    }
    ASSERT_EQ(byCode.count("441702"), 1U);
    ASSERT_EQ(byCode.count("441704"), 1U);
    ASSERT_EQ(byCode.count("441721"), 1U);
    ASSERT_EQ(byCode.count("441781"), 1U);
    EXPECT_EQ(byCode["441702"].name, "江城区");
    EXPECT_EQ(byCode["441704"].name, "阳东区");
    EXPECT_EQ(byCode["441721"].name, "阳西县");
    EXPECT_EQ(byCode["441781"].name, "阳春市");
    // Islands: 江城区 includes 海陵岛 and smaller islands, so it is a multipolygon of many parts.
    EXPECT_GT(partsOf(byCode["441702"].wkb), 1);

    // Independent computation of the same outlines: ogr2ogr -t_srs EPSG:4546 to GeoPackage, then
    // SpatiaLite ST_Area (GDAL 3.6.2, PROJ 9): 844.76, 1719.83, 1470.05, 4036.92 km².
    EXPECT_NEAR(byCode["441702"].areaKm2, 844.76, 0.5);
    EXPECT_NEAR(byCode["441704"].areaKm2, 1719.83, 0.5);
    EXPECT_NEAR(byCode["441721"].areaKm2, 1470.05, 0.5);
    EXPECT_NEAR(byCode["441781"].areaKm2, 4036.92, 0.5);

    // Published areas, tolerance a few percent (simplified web outlines, GCJ-02 shift, coast
    // lines): city 7,955 km² (广东统计年鉴-2016, docs/domain.md §8 [V]); 阳春市 4,054.7 km²
    // (阳春市 2019 figure as reported in the press); 阳西县 1,435 km² (Baidu Baike / Wikipedia
    // infobox). 江城区 and 阳东区 are not compared one by one: published figures for them differ
    // between sources (434.67 km² of land vs 666 km² for 江城区, with or without 海陵/高新).
    double sum = 0.0;
    for (const auto& a : load.areas) {
        sum += a.areaKm2;
    }
    EXPECT_NEAR(sum, 7955.0, 0.03 * 7955.0);
    EXPECT_NEAR(byCode["441781"].areaKm2, 4054.7, 0.03 * 4054.7);
    EXPECT_NEAR(byCode["441721"].areaKm2, 1435.0, 0.05 * 1435.0);
    EXPECT_GT(byCode["441781"].areaKm2, byCode["441704"].areaKm2);
    EXPECT_GT(byCode["441704"].areaKm2, byCode["441721"].areaKm2);
    EXPECT_GT(byCode["441721"].areaKm2, byCode["441702"].areaKm2);
}

TEST(ReadAreas, MissingCodeFieldIsFatalAndNamesTheColumn) {
    if (!std::filesystem::exists(kDistricts)) {
        GTEST_SKIP() << "shared real data not present: " << kDistricts;
    }
    try {
        (void)readAreas(kDistricts, "区划代码", "name");
        FAIL() << "no error";
    } catch (const GisError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("required field missing: yangjiang-districts-441700.geojson"),
                  std::string::npos)
            << msg;
        EXPECT_NE(msg.find("区划代码"), std::string::npos) << msg;
    }
}

} // namespace
} // namespace xw::gis::detail
