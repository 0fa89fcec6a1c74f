// Basemap rasters read as RGBA for a requested extent of the working CRS.
#include <xw/gis/raster_image.hpp>

#include "test_support.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>

#include <array>
#include <cstdint>

namespace xw::gis {
namespace {

using test::ScratchDir;

// A 2 × 2-pixel GeoTIFF in EPSG:4546 (metres): each pixel 1,000 m wide, the raster covering
// x 500,000–502,000, y 2,400,000–2,402,000. Pixel colours (R, G, B): top-left red, top-right
// green, bottom-left blue, bottom-right white.
constexpr double kMinX = 500000.0;
constexpr double kMaxY = 2402000.0;
const std::array<std::array<std::uint8_t, 3>, 4> kColours{{
    {255, 0, 0},
    {0, 255, 0},
    {0, 0, 255},
    {255, 255, 255},
}};

std::string wktOf(const char* crs) {
    OGRSpatialReference srs;
    srs.SetFromUserInput(crs);
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    std::string out = wkt;
    CPLFree(wkt);
    return out;
}

std::filesystem::path writeQuadrants(const std::filesystem::path& dir) {
    GDALAllRegister();
    auto path = dir / "quadrants.tif";
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* ds = drv->Create(path.c_str(), 2, 2, 3, GDT_Byte, nullptr);
    double gt[6] = {kMinX, 1000.0, 0.0, kMaxY, 0.0, -1000.0};
    ds->SetGeoTransform(gt);
    ds->SetProjection(wktOf("EPSG:4546").c_str());
    for (int b = 0; b < 3; ++b) {
        std::array<std::uint8_t, 4> values{};
        for (int i = 0; i < 4; ++i)
            values[i] = kColours[i][b];
        EXPECT_EQ(ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, 2, 2, values.data(), 2, 2,
                                                     GDT_Byte, 0, 0, nullptr),
                  CE_None);
    }
    GDALClose(ds);
    return path;
}

std::array<int, 4> pixel(const RasterImage& img, int x, int y) {
    const std::size_t i = (static_cast<std::size_t>(y) * img.width + x) * 4;
    return {img.rgba[i], img.rgba[i + 1], img.rgba[i + 2], img.rgba[i + 3]};
}

TEST(RasterImage, QuadrantsLandWhereTheirCoordinatesSay) {
    ScratchDir dir;
    const auto tif = writeQuadrants(dir.path());
    // Request the raster's own extent plus 1,000 m of nothing on the right, at 30 × 20 pixels:
    // 100 m a pixel, so the raster's pixels are 10 × 10 output pixels each.
    RasterImageRequest req;
    req.extent = {kMinX, kMaxY - 2000.0, kMinX + 3000.0, kMaxY};
    req.width = 30;
    req.height = 20;
    req.workingCrs = "EPSG:4546";
    const RasterImage img = readRasterImage(tif, req);
    ASSERT_EQ(img.width, 30);
    ASSERT_EQ(img.height, 20);
    ASSERT_EQ(img.rgba.size(), 30u * 20u * 4u);
    // Centres of the four raster pixels (away from the bilinear blend at their edges).
    EXPECT_EQ(pixel(img, 3, 3), (std::array<int, 4>{255, 0, 0, 255}));
    EXPECT_EQ(pixel(img, 16, 3), (std::array<int, 4>{0, 255, 0, 255}));
    EXPECT_EQ(pixel(img, 3, 16), (std::array<int, 4>{0, 0, 255, 255}));
    EXPECT_EQ(pixel(img, 16, 16), (std::array<int, 4>{255, 255, 255, 255}));
    // East of the raster there is nothing: transparent.
    EXPECT_EQ(pixel(img, 27, 10)[3], 0);
}

TEST(RasterImage, ARasterInAnotherCrsIsReprojected) {
    ScratchDir dir;
    const auto tif = writeQuadrants(dir.path());
    // The same quadrants written to lon/lat (CGCS2000 geographic) by GDAL, then read back into
    // EPSG:4546: the red quadrant must still be at the top left.
    GDALDatasetH src = GDALOpen(tif.c_str(), GA_ReadOnly);
    ASSERT_NE(src, nullptr);
    const auto geo = dir.path() / "quadrants_4490.tif";
    char* args[] = {const_cast<char*>("-t_srs"), const_cast<char*>("EPSG:4490"), nullptr};
    GDALWarpAppOptions* opt = GDALWarpAppOptionsNew(args, nullptr);
    GDALDatasetH out = GDALWarp(geo.c_str(), nullptr, 1, &src, opt, nullptr);
    GDALWarpAppOptionsFree(opt);
    ASSERT_NE(out, nullptr);
    GDALClose(out);
    GDALClose(src);

    RasterImageRequest req;
    req.extent = {kMinX, kMaxY - 2000.0, kMinX + 2000.0, kMaxY};
    req.width = 20;
    req.height = 20;
    req.workingCrs = "EPSG:4546";
    const RasterImage img = readRasterImage(geo, req);
    const auto topLeft = pixel(img, 4, 4);
    EXPECT_GT(topLeft[0], 200);
    EXPECT_LT(topLeft[2], 60);
    const auto bottomLeft = pixel(img, 4, 15);
    EXPECT_GT(bottomLeft[2], 200);
    EXPECT_LT(bottomLeft[0], 60);
}

TEST(RasterImage, AFloatBandIsStretchedToGrey) {
    ScratchDir dir;
    GDALAllRegister();
    const auto path = dir.path() / "density.tif";
    GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(
        path.c_str(), 2, 1, 1, GDT_Float32, nullptr);
    double gt[6] = {kMinX, 1000.0, 0.0, kMaxY, 0.0, -1000.0};
    ds->SetGeoTransform(gt);
    ds->SetProjection(wktOf("EPSG:4546").c_str());
    std::array<float, 2> values{10.0F, 5010.0F};
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 2, 1, values.data(), 2, 1, GDT_Float32,
                                             0, 0, nullptr),
              CE_None);
    GDALClose(ds);
    RasterImageRequest req;
    req.extent = {kMinX, kMaxY - 1000.0, kMinX + 2000.0, kMaxY};
    req.width = 20;
    req.height = 10;
    req.workingCrs = "EPSG:4546";
    const RasterImage img = readRasterImage(path, req);
    const auto low = pixel(img, 2, 5);
    const auto high = pixel(img, 17, 5);
    EXPECT_EQ(low[0], low[1]);
    EXPECT_EQ(low[1], low[2]);
    EXPECT_LE(low[0], 2);    // the minimum maps to 1
    EXPECT_GE(high[0], 254); // the maximum to 255
    EXPECT_EQ(high[3], 255);
}

TEST(RasterImage, MbtilesAreReadLikeAnyRaster) {
    ScratchDir dir;
    GDALAllRegister();
    GDALDriver* mbtiles = GetGDALDriverManager()->GetDriverByName("MBTiles");
    if (mbtiles == nullptr)
        GTEST_SKIP() << "GDAL built without the MBTiles driver";
    const auto tif = writeQuadrants(dir.path());
    GDALDataset* src = GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER);
    ASSERT_NE(src, nullptr);
    const auto path = dir.path() / "quadrants.mbtiles";
    GDALDataset* out = mbtiles->CreateCopy(path.c_str(), src, FALSE, nullptr, nullptr, nullptr);
    ASSERT_NE(out, nullptr) << CPLGetLastErrorMsg();
    GDALClose(out);
    GDALClose(src);
    RasterImageRequest req;
    req.extent = {kMinX, kMaxY - 2000.0, kMinX + 2000.0, kMaxY};
    req.width = 20;
    req.height = 20;
    req.workingCrs = "EPSG:4546";
    const RasterImage img = readRasterImage(path, req);
    const auto topRight = pixel(img, 15, 4);
    EXPECT_GT(topRight[1], 200);
    EXPECT_LT(topRight[0], 60);
    EXPECT_EQ(topRight[3], 255);
}

TEST(RasterImage, AMissingFileIsAnErrorNamingIt) {
    RasterImageRequest req;
    req.extent = {0.0, 0.0, 10.0, 10.0};
    req.width = 10;
    req.height = 10;
    req.workingCrs = "EPSG:4546";
    try {
        (void)readRasterImage("/nonexistent/basemap.tif", req);
        FAIL() << "no exception";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/basemap.tif"), std::string::npos);
        EXPECT_EQ(e.layer(), "basemap");
    }
}

TEST(RasterImage, AnEmptyExtentIsRejected) {
    ScratchDir dir;
    const auto tif = writeQuadrants(dir.path());
    RasterImageRequest req;
    req.extent = {10.0, 0.0, 10.0, 10.0};
    req.width = 10;
    req.height = 10;
    req.workingCrs = "EPSG:4546";
    EXPECT_THROW((void)readRasterImage(tif, req), GisError);
}

} // namespace
} // namespace xw::gis
