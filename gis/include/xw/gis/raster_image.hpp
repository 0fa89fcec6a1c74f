#pragma once
// A raster basemap for maps: any GDAL raster (GeoTIFF, MBTiles, a PNG or JPEG with a world file,
// a VRT, ...) resampled to an RGBA image that covers a requested extent of the working CRS.
#include <xw/gis/error.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xw::gis {

/// An axis-aligned rectangle in the working CRS, metres.
struct RasterExtent {
    double minX = 0.0;
    double minY = 0.0;
    double maxX = 0.0;
    double maxY = 0.0;
};

/// What to read: the extent and the pixel size of the image wanted.
struct RasterImageRequest {
    RasterExtent extent;    ///< working CRS, metres; maxX > minX, maxY > minY
    int width = 0;          ///< pixels, 1 … 16384
    int height = 0;         ///< pixels, 1 … 16384
    std::string workingCrs; ///< any string GDAL's SetFromUserInput accepts, e.g. "EPSG:4546"
    std::optional<std::string> crs; ///< overrides the CRS the raster declares
};

/// An RGBA image covering RasterImageRequest::extent exactly.
struct RasterImage {
    int width = 0;
    int height = 0;
    /// width × height × 4 bytes (R, G, B, A), rows from the top (north) down, straight (not
    /// premultiplied) alpha. Pixels outside the raster, or where it has no data, are transparent.
    std::vector<std::uint8_t> rgba;
    RasterExtent extent; ///< as requested
};

/// Reads the raster, reprojects it to the working CRS and resamples it (bilinear; GDAL picks an
/// overview or MBTiles zoom level near the output resolution) to the requested extent and size.
/// Bands: grey, grey + alpha, RGB, RGBA and paletted rasters are shown as they are; a single band
/// that is not 8-bit (a DEM, a population density) is stretched linearly from its minimum to its
/// maximum to grey. No-data pixels become transparent.
/// \throws GisError naming the file when it is missing or not a raster GDAL can open, has no CRS
/// (and none is given), cannot be transformed to the working CRS, or the request is invalid.
[[nodiscard]] RasterImage readRasterImage(const std::filesystem::path& file,
                                          const RasterImageRequest& request);

} // namespace xw::gis
