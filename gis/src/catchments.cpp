// Catchment polygons from a raster of the demand grid (one pixel per cell, value = the school
// most of the cell's children go to).
#include <xw/gis/catchments.hpp>
#include <xw/gis/error.hpp>

#include "detail/ogr_util.hpp"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace xw::gis {
namespace {

[[noreturn]] void fail(const std::string& what) {
    throw GisError("", "catchments", "服务范围无法生成 / cannot build catchments: " + what);
}

/// Gives every grid cell without a school the school of the nearest labelled cell of the same
/// town: a breadth-first flood in 4-neighbour steps from all labelled cells at once, in pixel
/// order, so ties go to the cell reached first (deterministic). A town none of whose cells has a
/// school stays empty; cells never cross into another town.
template <class PixelOf>
void fillEmptyCells(std::vector<std::int32_t>& pixels, long nx, long ny,
                    const std::vector<core::DemandPoint>& grid, PixelOf pixelOf) {
    if (nx <= 0 || ny <= 0)
        return; // no pixel to fill (the caller's extent holds at least one cell)
    constexpr std::int32_t kOffGrid = -1;
    std::vector<std::int32_t> town(pixels.size(), kOffGrid);
    for (const auto& p : grid)
        town[pixelOf(p.location)] = static_cast<std::int32_t>(p.townIndex);
    std::vector<std::size_t> queue;
    queue.reserve(pixels.size());
    for (std::size_t q = 0; q < pixels.size(); ++q)
        if (pixels[q] > 0 && town[q] != kOffGrid)
            queue.push_back(q);
    const auto w = static_cast<std::size_t>(nx);
    const auto h = static_cast<std::size_t>(ny);
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::size_t q = queue[head];
        const std::size_t x = q % w;
        const std::size_t y = q / w;
        const auto visit = [&](std::size_t n) {
            if (pixels[n] == 0 && town[n] == town[q]) {
                pixels[n] = pixels[q];
                queue.push_back(n);
            }
        };
        if (y > 0)
            visit(q - w);
        if (x > 0)
            visit(q - 1);
        if (x + 1 < w)
            visit(q + 1);
        if (y + 1 < h)
            visit(q + w);
    }
}

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};

} // namespace

std::vector<CatchmentShape> catchmentShapes(double cell, const core::AllocationProblem& pb,
                                            const core::AllocationResult& r,
                                            const std::vector<core::DemandPoint>* grid) {
    if (!(cell > 0.0) || !std::isfinite(cell))
        fail("格网间距无效 / bad grid spacing");
    if (r.schools.size() != pb.facilities.size())
        throw std::invalid_argument("catchmentShapes: the result does not match the problem");
    for (const auto& piece : r.pieces)
        if (piece.point >= pb.points.size() ||
            (piece.facility != core::kUnplaced && piece.facility >= pb.facilities.size()))
            throw std::invalid_argument("catchmentShapes: the result does not match the problem");
    std::vector<CatchmentShape> out;
    if (pb.points.empty())
        return out;
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* memVector = GetGDALDriverManager()->GetDriverByName("Memory");
    if (mem == nullptr || memVector == nullptr)
        fail("GDAL 缺少 MEM 驱动 / GDAL has no MEM driver");
    // The school taking most of each point's children (ties: the lower index).
    std::vector<std::uint32_t> main(pb.points.size(), core::kUnplaced);
    std::vector<std::int64_t> mainAmount(pb.points.size(), 0);
    for (const auto& piece : r.pieces)
        if (piece.facility != core::kUnplaced && piece.amount > mainAmount[piece.point]) {
            main[piece.point] = piece.facility;
            mainAmount[piece.point] = piece.amount;
        }
    // Pixels: every grid cell (with or without children) when the grid is given, else the cells
    // of the points with children. Extent first.
    const auto cellIndex = [cell](const core::PointM& p) {
        return std::pair<long, long>{static_cast<long>(std::floor(p.x / cell)),
                                     static_cast<long>(std::floor(p.y / cell))};
    };
    long i0 = 0, i1 = -1, j0 = 0, j1 = -1;
    const auto extend = [&](std::pair<long, long> ij) {
        const auto [i, j] = ij;
        if (i1 < i0) {
            i0 = i1 = i;
            j0 = j1 = j;
        }
        i0 = std::min(i0, i);
        i1 = std::max(i1, i);
        j0 = std::min(j0, j);
        j1 = std::max(j1, j);
    };
    for (const auto& p : pb.points)
        extend(cellIndex(p.location));
    if (grid != nullptr)
        for (const auto& p : *grid)
            extend(cellIndex(p.location));
    const long nx = i1 - i0 + 1;
    const long ny = j1 - j0 + 1;
    if (static_cast<double>(nx) * static_cast<double>(ny) > 4.0e8)
        fail("格网范围过大 / grid extent too large for catchments");
    const auto pixelOf = [&](std::pair<long, long> ij) {
        return static_cast<std::size_t>((j1 - ij.second) * nx + (ij.first - i0));
    };
    std::vector<std::int32_t> pixels(static_cast<std::size_t>(nx * ny), 0);
    for (std::size_t k = 0; k < pb.points.size(); ++k)
        if (main[k] != core::kUnplaced)
            pixels[pixelOf(cellIndex(pb.points[k].location))] =
                static_cast<std::int32_t>(main[k]) + 1;
    if (grid != nullptr)
        fillEmptyCells(pixels, nx, ny, *grid,
                       [&](const core::PointM& p) { return pixelOf(cellIndex(p)); });
    std::vector<std::int64_t> cells(pb.facilities.size(), 0);
    for (const std::int32_t v : pixels)
        if (v > 0)
            ++cells[static_cast<std::size_t>(v - 1)];
    std::unique_ptr<GDALDataset, DatasetCloser> raster(
        mem->Create("", static_cast<int>(nx), static_cast<int>(ny), 1, GDT_Int32, nullptr));
    if (!raster)
        fail("无法创建内存栅格 / cannot create raster: " + detail::lastGdalError());
    double gt[6] = {static_cast<double>(i0) * cell,     cell, 0.0,
                    static_cast<double>(j1 + 1) * cell, 0.0,  -cell};
    raster->SetGeoTransform(gt);
    GDALRasterBand* band = raster->GetRasterBand(1);
    if (band->RasterIO(GF_Write, 0, 0, static_cast<int>(nx), static_cast<int>(ny), pixels.data(),
                       static_cast<int>(nx), static_cast<int>(ny), GDT_Int32, 0, 0,
                       nullptr) != CE_None)
        fail("无法写入内存栅格 / cannot fill raster: " + detail::lastGdalError());
    std::unique_ptr<GDALDataset, DatasetCloser> polys(
        memVector->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    if (!polys)
        fail("无法创建内存图层 / cannot create memory layer: " + detail::lastGdalError());
    OGRLayer* polyLayer = polys->CreateLayer("p", nullptr, wkbPolygon, nullptr);
    OGRFieldDefn value("v", OFTInteger);
    if (polyLayer == nullptr || polyLayer->CreateField(&value) != OGRERR_NONE)
        fail("无法创建内存图层 / cannot create memory layer: " + detail::lastGdalError());
    // The band is its own mask: cells without a school (0) yield no polygon.
    if (GDALPolygonize(band, band, OGRLayer::ToHandle(polyLayer), 0, nullptr, nullptr, nullptr) !=
        CE_None)
        fail("栅格转面失败 / polygonize failed: " + detail::lastGdalError());
    std::map<int, std::unique_ptr<OGRMultiPolygon>> bySchool;
    polyLayer->ResetReading();
    while (OGRFeatureUniquePtr f{polyLayer->GetNextFeature()}) {
        const int v = f->GetFieldAsInteger(0);
        OGRGeometry* g = f->GetGeometryRef();
        if (v <= 0 || g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPolygon)
            continue;
        auto& mp = bySchool[v];
        if (!mp)
            mp = std::make_unique<OGRMultiPolygon>();
        mp->addGeometry(g);
    }
    for (auto& [v, mp] : bySchool) {
        const auto j = static_cast<std::size_t>(v - 1);
        CatchmentShape s;
        s.stage = pb.stage;
        s.facility = j;
        s.schoolIndex = pb.facilities[j].schoolIndex;
        s.cells = cells[j];
        s.wkb.resize(mp->WkbSize());
        mp->exportToWkb(wkbNDR, s.wkb.data(), wkbVariantIso);
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace xw::gis
