#include <xw/gis/raster_image.hpp>

#include "detail/ogr_util.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace xw::gis {

namespace {

constexpr int kMaxSide = 16384;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& zh,
                       const std::string& en) {
    std::string message =
        "底图 " + file.string() + "：" + zh + " / basemap " + file.string() + ": " + en;
    const std::string gdal = detail::lastGdalError();
    if (!gdal.empty())
        message += " (GDAL: " + gdal + ")";
    throw GisError(file.string(), "basemap", message);
}

/// argv-style list for the GDAL utility option parsers.
class Args {
public:
    void add(const std::string& s) { m_items.push_back(s); }
    void add(double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        m_items.emplace_back(buf);
    }
    char** argv() {
        m_ptrs.clear();
        for (auto& s : m_items)
            m_ptrs.push_back(s.data());
        m_ptrs.push_back(nullptr);
        return m_ptrs.data();
    }

private:
    std::vector<std::string> m_items;
    std::vector<char*> m_ptrs;
};

struct DatasetCloser {
    void operator()(GDALDatasetH h) const {
        if (h != nullptr)
            GDALClose(h);
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

/// A VRT view of `src` whose bands are 8-bit and not paletted, so that bilinear resampling and
/// the RGBA read below are meaningful; nullptr (and `src` is used as it is) when nothing is needed.
DatasetPtr byteView(GDALDatasetH src, const std::filesystem::path& file) {
    const int bands = GDALGetRasterCount(src);
    GDALRasterBandH first = GDALGetRasterBand(src, 1);
    Args args;
    args.add("-of");
    args.add("VRT");
    if (GDALGetRasterColorTable(first) != nullptr) {
        args.add("-expand");
        args.add("rgba");
    } else if (GDALGetRasterDataType(first) != GDT_Byte) {
        if (bands != 1)
            fail(file, "多波段栅格必须为 8 位", "a raster of several bands must be 8-bit");
        double minMax[2] = {0.0, 0.0};
        if (GDALComputeRasterMinMax(first, FALSE, minMax) != CE_None)
            fail(file, "无法计算取值范围", "cannot compute its value range");
        args.add("-ot");
        args.add("Byte");
        args.add("-scale");
        args.add(minMax[0]);
        args.add(minMax[1] > minMax[0] ? minMax[1] : minMax[0] + 1.0);
        args.add(1.0); // 0 stays free for no-data
        args.add(255.0);
    } else {
        return nullptr;
    }
    std::unique_ptr<GDALTranslateOptions, decltype(&GDALTranslateOptionsFree)> options(
        GDALTranslateOptionsNew(args.argv(), nullptr), &GDALTranslateOptionsFree);
    if (!options)
        fail(file, "无法准备转换", "cannot prepare the band conversion");
    int usageError = FALSE;
    DatasetPtr out(GDALTranslate("", src, options.get(), &usageError));
    if (!out || usageError)
        fail(file, "无法转换波段", "cannot convert its bands");
    return out;
}

/// Refuses an empty or non-finite extent, an image size outside 1…kMaxSide, an unknown CRS and a
/// missing file, before GDAL opens anything.
void checkRequest(const std::filesystem::path& file, const RasterImageRequest& request) {
    const auto& e = request.extent;
    if (!(e.maxX > e.minX) || !(e.maxY > e.minY) || !std::isfinite(e.minX) ||
        !std::isfinite(e.maxX) || !std::isfinite(e.minY) || !std::isfinite(e.maxY))
        fail(file, "请求的范围无效", "the requested extent is empty or not finite");
    if (request.width < 1 || request.height < 1 || request.width > kMaxSide ||
        request.height > kMaxSide)
        fail(file, "请求的图像尺寸无效（1–16384 像素）",
             "the requested image size must be 1–16384 pixels a side");
    if (!detail::parseSrs(request.workingCrs))
        fail(file, "工作坐标系无法识别：" + request.workingCrs,
             "unknown working CRS " + request.workingCrs);
    if (request.crs && !detail::parseSrs(*request.crs))
        fail(file, "坐标系无法识别：" + *request.crs, "unknown CRS " + *request.crs);
    if (!std::filesystem::exists(file))
        fail(file, "文件不存在", "the file does not exist");
}

/// The raster opened read-only: it has a band, and a CRS unless the request names one.
DatasetPtr openRaster(const std::filesystem::path& file, const RasterImageRequest& request) {
    DatasetPtr src(
        GDALOpenEx(file.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!src)
        fail(file, "不是可读的栅格", "not a raster GDAL can read");
    if (GDALGetRasterCount(src.get()) < 1)
        fail(file, "没有波段", "it has no band");
    const char* wkt = GDALGetProjectionRef(src.get());
    if (!request.crs && (wkt == nullptr || *wkt == '\0'))
        fail(file, "栅格没有坐标系，请在清单中指定", "the raster has no CRS; name one");
    return src;
}

/// `input` reprojected to the working CRS and resampled (bilinear) to the requested extent and
/// size, in memory, with an alpha band added last.
DatasetPtr warpToRequest(GDALDatasetH input, const std::filesystem::path& file,
                         const RasterImageRequest& request) {
    const auto& e = request.extent;
    Args args;
    args.add("-of");
    args.add("MEM");
    if (request.crs) {
        args.add("-s_srs");
        args.add(*request.crs);
    }
    args.add("-t_srs");
    args.add(request.workingCrs);
    args.add("-te");
    args.add(e.minX);
    args.add(e.minY);
    args.add(e.maxX);
    args.add(e.maxY);
    args.add("-ts");
    args.add(std::to_string(request.width));
    args.add(std::to_string(request.height));
    args.add("-r");
    args.add("bilinear");
    args.add("-dstalpha");
    std::unique_ptr<GDALWarpAppOptions, decltype(&GDALWarpAppOptionsFree)> options(
        GDALWarpAppOptionsNew(args.argv(), nullptr), &GDALWarpAppOptionsFree);
    if (!options)
        fail(file, "无法准备重投影", "cannot prepare the reprojection");
    int usageError = FALSE;
    GDALDatasetH inputs[1] = {input};
    DatasetPtr warped(GDALWarp("", nullptr, 1, inputs, options.get(), &usageError));
    if (!warped || usageError)
        fail(file, "无法重投影到工作坐标系 " + request.workingCrs,
             "cannot reproject it to the working CRS " + request.workingCrs);
    return warped;
}

/// The 1-based bands of the warped raster that feed R, G, B and A.
struct RgbaBands {
    int red = 0;
    int green = 0;
    int blue = 0;
    int alpha = 0;
};

/// Which band feeds R, G, B and A: by colour interpretation, else by band count.
RgbaBands rgbaBands(GDALDatasetH warped) {
    const int bands = GDALGetRasterCount(warped);
    RgbaBands out;
    int grey = 0;
    for (int b = 1; b <= bands; ++b) {
        switch (GDALGetRasterColorInterpretation(GDALGetRasterBand(warped, b))) {
        case GCI_RedBand:
            out.red = b;
            break;
        case GCI_GreenBand:
            out.green = b;
            break;
        case GCI_BlueBand:
            out.blue = b;
            break;
        case GCI_AlphaBand:
            out.alpha = b;
            break;
        case GCI_GrayIndex:
            grey = b;
            break;
        default:
            break;
        }
    }
    if (out.alpha == 0)
        out.alpha = bands; // -dstalpha always adds the last band
    if (out.red == 0 || out.green == 0 || out.blue == 0) {
        // No RGB interpretation (a GeoTIFF written without PHOTOMETRIC=RGB says grey or
        // undefined): three colour bands or more are read as R, G, B, fewer as grey.
        if (bands - 1 >= 3) {
            out.red = 1;
            out.green = 2;
            out.blue = 3;
        } else {
            out.red = out.green = out.blue = grey != 0 ? grey : 1;
        }
    }
    return out;
}

/// The warped raster's pixels, interleaved as RGBA.
RasterImage readRgba(GDALDatasetH warped, const std::filesystem::path& file,
                     const RasterImageRequest& request) {
    const std::size_t pixels = static_cast<std::size_t>(request.width) * request.height;
    const RgbaBands bands = rgbaBands(warped);
    RasterImage image;
    image.width = request.width;
    image.height = request.height;
    image.extent = request.extent;
    image.rgba.assign(pixels * 4, 0);
    std::vector<std::uint8_t> band(pixels);
    const int sources[4] = {bands.red, bands.green, bands.blue, bands.alpha};
    for (int c = 0; c < 4; ++c) {
        GDALRasterBandH h = GDALGetRasterBand(warped, sources[c]);
        if (GDALRasterIO(h, GF_Read, 0, 0, request.width, request.height, band.data(),
                         request.width, request.height, GDT_Byte, 0, 0) != CE_None)
            fail(file, "无法读取像素", "cannot read its pixels");
        for (std::size_t i = 0; i < pixels; ++i)
            image.rgba[i * 4 + c] = band[i];
    }
    return image;
}

} // namespace

RasterImage readRasterImage(const std::filesystem::path& file, const RasterImageRequest& request) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    checkRequest(file, request);
    const DatasetPtr src = openRaster(file, request);
    // Paletted or non-8-bit bands go through an 8-bit view first.
    const DatasetPtr view = byteView(src.get(), file);
    const DatasetPtr warped = warpToRequest(view ? view.get() : src.get(), file, request);
    return readRgba(warped.get(), file, request);
}

} // namespace xw::gis
