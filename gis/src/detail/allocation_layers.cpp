// The allocation layers. Catchments are polygonised from a raster of the demand grid (one pixel
// per cell, value = the school most of the cell's children go to): GDALPolygonize is linear in
// the cells, needs no geometric union and cannot produce invalid or overlapping polygons.
#include "detail/allocation_layers.hpp"

#include "detail/ogr_util.hpp"

#include <gdal_alg.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>

namespace xw::gis::detail {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& out, const std::string& layer, const std::string& what) {
    throw GisError(out.string(), layer,
                   "无法写入文件 / cannot write file: " + out.string() + " [" + layer +
                       "]: " + what);
}

OGRLayer& createLayer(GDALDataset& ds, const fs::path& out, const char* name,
                      OGRSpatialReference& srs, OGRwkbGeometryType type,
                      const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
    OGRLayer* layer = ds.CreateLayer(name, &srs, type, nullptr);
    if (layer == nullptr)
        fail(out, name, "无法创建图层 / cannot create layer: " + lastGdalError());
    for (const auto& [field, fieldType] : fields) {
        OGRFieldDefn defn(field, fieldType);
        if (layer->CreateField(&defn) != OGRERR_NONE)
            fail(out, name,
                 std::string("无法创建字段 / cannot create field ") + field + ": " +
                     lastGdalError());
    }
    return *layer;
}

void write(OGRLayer& layer, OGRFeature& f, const fs::path& out, const char* name) {
    if (layer.CreateFeature(&f) != OGRERR_NONE)
        fail(out, name, "无法写入要素 / cannot write feature: " + lastGdalError());
}

void checkStage(const StageAllocationLayers& s, const DatasetLoad& data, const fs::path& out) {
    if (s.problem == nullptr || s.result == nullptr)
        fail(out, "demand_points", "缺少分配结果 / allocation missing");
    const auto& pb = *s.problem;
    const auto& r = *s.result;
    if (r.accessibility.size() != pb.points.size() || r.schools.size() != pb.facilities.size())
        fail(out, "demand_points", "分配结果与问题不符 / allocation does not match its problem");
    for (const auto& f : pb.facilities)
        if (f.schoolIndex >= data.city.schools.size())
            fail(out, "demand_points", "分配结果与数据不符 / allocation does not match the data");
    for (const auto& piece : r.pieces)
        if (piece.point >= pb.points.size() ||
            (piece.facility != core::kUnplaced && piece.facility >= pb.facilities.size()))
            fail(out, "demand_points",
                 "分配结果与问题不符 / allocation does not match its problem");
}

void writeDemandPoints(GDALDataset& ds, const fs::path& out, OGRSpatialReference& srs,
                       const DatasetLoad& data, const AllocationLayers& a) {
    constexpr const char* kName = "demand_points";
    OGRLayer& layer = createLayer(ds, out, kName, srs, wkbPoint,
                                  {{"stage", OFTString},
                                   {"town", OFTString},
                                   {"point", OFTInteger64},
                                   {"demand", OFTInteger64},
                                   {"children", OFTInteger64},
                                   {"school_id", OFTString},
                                   {"distance_m", OFTReal},
                                   {"radius_m", OFTReal},
                                   {"accessibility", OFTReal},
                                   {"status", OFTString}});
    const auto& towns = data.city.regions.towns;
    for (const StageAllocationLayers& s : a.stages) {
        const auto& pb = *s.problem;
        const auto& r = *s.result;
        const std::string stage(core::stageCode(pb.stage));
        for (const core::AllocationPiece& piece : r.pieces) {
            const core::AllocationPoint& p = pb.points[piece.point];
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
            f->SetField("stage", stage.c_str());
            if (p.townIndex < towns.size())
                f->SetField("town", towns[p.townIndex].code.c_str());
            f->SetField("point", static_cast<GIntBig>(p.gridIndex));
            f->SetField("demand", static_cast<GIntBig>(p.demand));
            f->SetField("children", static_cast<GIntBig>(piece.amount));
            const bool placed = piece.facility != core::kUnplaced;
            if (placed)
                f->SetField(
                    "school_id",
                    data.city.schools[pb.facilities[piece.facility].schoolIndex].id.c_str());
            if (piece.distanceMeters >= 0.0)
                f->SetField("distance_m", piece.distanceMeters);
            f->SetField("radius_m", p.radiusMeters);
            f->SetField("accessibility", r.accessibility[piece.point]);
            f->SetField("status", placed ? "assigned" : "unplaced");
            f->SetGeometryDirectly(new OGRPoint(p.location.x, p.location.y));
            write(layer, *f, out, kName);
        }
    }
}

/// Gives every grid cell without a school the school of the nearest labelled cell of the same
/// town: a breadth-first flood in 4-neighbour steps from all labelled cells at once, in pixel
/// order, so ties go to the cell reached first (deterministic). A town none of whose cells has a
/// school stays empty; cells never cross into another town.
template <class PixelOf>
void fillEmptyCells(std::vector<std::int32_t>& pixels, long nx, long ny,
                    const std::vector<core::DemandPoint>& grid, PixelOf pixelOf) {
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

void writeCatchments(GDALDataset& ds, const fs::path& out, OGRSpatialReference& srs,
                     const DatasetLoad& data, const AllocationLayers& a) {
    constexpr const char* kName = "catchments";
    OGRLayer& layer = createLayer(ds, out, kName, srs, wkbMultiPolygon,
                                  {{"stage", OFTString},
                                   {"school_id", OFTString},
                                   {"school_name", OFTString},
                                   {"assigned", OFTInteger64},
                                   {"seats", OFTInteger64},
                                   {"utilisation", OFTReal},
                                   {"cells", OFTInteger}});
    const double cell = a.cellMeters;
    if (!(cell > 0.0))
        fail(out, kName, "格网间距无效 / bad grid spacing");
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* memVector = GetGDALDriverManager()->GetDriverByName("Memory");
    if (mem == nullptr || memVector == nullptr)
        fail(out, kName, "GDAL 缺少 MEM 驱动 / GDAL has no MEM driver");
    for (const StageAllocationLayers& s : a.stages) {
        const auto& pb = *s.problem;
        const auto& r = *s.result;
        if (pb.points.empty())
            continue;
        // The school taking most of each point's children (ties: the lower index).
        std::vector<std::uint32_t> main(pb.points.size(), core::kUnplaced);
        std::vector<std::int64_t> mainAmount(pb.points.size(), 0);
        for (const auto& piece : r.pieces)
            if (piece.facility != core::kUnplaced && piece.amount > mainAmount[piece.point]) {
                main[piece.point] = piece.facility;
                mainAmount[piece.point] = piece.amount;
            }
        // Pixels: every grid cell (with or without children) when the grid is given, else the
        // cells of the points with children. Extent first.
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
        if (a.grid != nullptr)
            for (const auto& p : *a.grid)
                extend(cellIndex(p.location));
        const long nx = i1 - i0 + 1;
        const long ny = j1 - j0 + 1;
        if (static_cast<double>(nx) * static_cast<double>(ny) > 4.0e8)
            fail(out, kName, "格网范围过大 / grid extent too large for catchments");
        const auto pixelOf = [&](std::pair<long, long> ij) {
            return static_cast<std::size_t>((j1 - ij.second) * nx + (ij.first - i0));
        };
        std::vector<std::int32_t> pixels(static_cast<std::size_t>(nx * ny), 0);
        for (std::size_t k = 0; k < pb.points.size(); ++k)
            if (main[k] != core::kUnplaced)
                pixels[pixelOf(cellIndex(pb.points[k].location))] =
                    static_cast<std::int32_t>(main[k]) + 1;
        if (a.grid != nullptr)
            fillEmptyCells(pixels, nx, ny, *a.grid,
                           [&](const core::PointM& p) { return pixelOf(cellIndex(p)); });
        std::vector<std::int64_t> cells(pb.facilities.size(), 0);
        for (const std::int32_t v : pixels)
            if (v > 0)
                ++cells[static_cast<std::size_t>(v - 1)];
        std::unique_ptr<GDALDataset, DatasetCloser> raster(
            mem->Create("", static_cast<int>(nx), static_cast<int>(ny), 1, GDT_Int32, nullptr));
        if (!raster)
            fail(out, kName, "无法创建内存栅格 / cannot create raster: " + lastGdalError());
        double gt[6] = {static_cast<double>(i0) * cell,     cell, 0.0,
                        static_cast<double>(j1 + 1) * cell, 0.0,  -cell};
        raster->SetGeoTransform(gt);
        GDALRasterBand* band = raster->GetRasterBand(1);
        if (band->RasterIO(GF_Write, 0, 0, static_cast<int>(nx), static_cast<int>(ny),
                           pixels.data(), static_cast<int>(nx), static_cast<int>(ny), GDT_Int32, 0,
                           0, nullptr) != CE_None)
            fail(out, kName, "无法写入内存栅格 / cannot fill raster: " + lastGdalError());
        std::unique_ptr<GDALDataset, DatasetCloser> polys(
            memVector->Create("", 0, 0, 0, GDT_Unknown, nullptr));
        if (!polys)
            fail(out, kName, "无法创建内存图层 / cannot create memory layer: " + lastGdalError());
        OGRLayer* polyLayer = polys->CreateLayer("p", &srs, wkbPolygon, nullptr);
        OGRFieldDefn value("v", OFTInteger);
        if (polyLayer == nullptr || polyLayer->CreateField(&value) != OGRERR_NONE)
            fail(out, kName, "无法创建内存图层 / cannot create memory layer: " + lastGdalError());
        // The band is its own mask: cells without a school (0) yield no polygon.
        if (GDALPolygonize(band, band, OGRLayer::ToHandle(polyLayer), 0, nullptr, nullptr,
                           nullptr) != CE_None)
            fail(out, kName, "栅格转面失败 / polygonize failed: " + lastGdalError());
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
        const std::string stage(core::stageCode(pb.stage));
        for (auto& [v, mp] : bySchool) {
            const std::size_t j = static_cast<std::size_t>(v - 1);
            const core::School& school = data.city.schools[pb.facilities[j].schoolIndex];
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
            f->SetField("stage", stage.c_str());
            f->SetField("school_id", school.id.c_str());
            f->SetField("school_name", school.name.c_str());
            f->SetField("assigned", static_cast<GIntBig>(r.schools[j].assigned));
            f->SetField("seats", static_cast<GIntBig>(r.schools[j].seats));
            f->SetField("utilisation", r.schools[j].utilisation);
            f->SetField("cells", static_cast<int>(cells[j]));
            f->SetGeometryDirectly(mp.release());
            write(layer, *f, out, kName);
        }
    }
}

} // namespace

void writeAllocationLayers(GDALDataset& ds, const fs::path& out, OGRSpatialReference& srs,
                           const DatasetLoad& data, const AllocationLayers& allocation) {
    for (const auto& s : allocation.stages)
        checkStage(s, data, out);
    writeDemandPoints(ds, out, srs, data, allocation);
    writeCatchments(ds, out, srs, data, allocation);
}

} // namespace xw::gis::detail
