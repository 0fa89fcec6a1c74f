// Demand points on a regular grid inside each town. Cells are found by a scanline
// over the town's rings, not by a point-in-polygon test per cell: one pass per grid row over the
// edges crossing it, so 800,000 cells cost well under a second.
#include <xw/gis/demand_grid.hpp>

#include "detail/ogr_util.hpp"

#include <gdal_priv.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>

namespace xw::gis {
namespace {

/// The grid's progress: one unit per town outline scanned, per built-up polygon and for the
/// weighting; reported as step "demand_grid" and polled for cancellation after each unit.
class GridProgress {
public:
    GridProgress(const core::Progress& progress, std::int64_t total)
        : m_progress(progress), m_total(total) {
        m_progress.report("demand_grid", 0, m_total);
    }
    /// One unit done. \throws core::Cancelled when the run was cancelled.
    void advance() {
        m_progress.report("demand_grid", ++m_done, m_total);
        m_progress.throwIfCancelled();
    }
    [[nodiscard]] const core::Progress& progress() const { return m_progress; }

private:
    const core::Progress& m_progress;
    std::int64_t m_total = 0;
    std::int64_t m_done = 0;
};

/// GDAL's progress callback of a raster read: returns FALSE (GDAL then stops the read with an
/// error) once the run is cancelled.
int CPL_STDCALL rasterReadGoesOn(double /*complete*/, const char* /*message*/, void* data) {
    const auto* progress = static_cast<const core::Progress*>(data);
    return progress->cancelled() ? FALSE : TRUE;
}

/// An edge with its endpoints in canonical order ((ay, ax) < (by, bx)), so two towns sharing
/// the edge compute bit-identical crossings whatever the direction of their rings.
struct Edge {
    double ax, ay, bx, by;
};

struct Outline {
    std::vector<Edge> edges; ///< sorted by ay
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
};

OGRGeometryUniquePtr geometryFromWkb(const std::vector<unsigned char>& wkb,
                                     const std::string& what) {
    OGRGeometry* g = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE) {
        throw GisError("", "demand_points", "几何无法读取 / unreadable geometry of " + what);
    }
    return OGRGeometryUniquePtr(g);
}

void addRing(const OGRLinearRing& ring, Outline& out) {
    const int n = ring.getNumPoints();
    for (int k = 0; k + 1 < n; ++k) {
        double ax = ring.getX(k), ay = ring.getY(k), bx = ring.getX(k + 1), by = ring.getY(k + 1);
        if (ay == by)
            continue; // horizontal edges never cross a row
        if (std::tie(ay, ax) > std::tie(by, bx)) {
            std::swap(ax, bx);
            std::swap(ay, by);
        }
        out.edges.push_back({ax, ay, bx, by});
    }
}

Outline outlineOf(const OGRGeometry& g, const std::string& what) {
    Outline out;
    const auto addPolygon = [&](const OGRPolygon& p) {
        for (const OGRLinearRing* ring : p)
            addRing(*ring, out);
    };
    const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
    if (type == wkbPolygon) {
        addPolygon(*g.toPolygon());
    } else if (type == wkbMultiPolygon) {
        for (const OGRPolygon* p : *g.toMultiPolygon())
            addPolygon(*p);
    } else {
        throw GisError("", "demand_points", "不是面 / not a polygon: " + what);
    }
    OGREnvelope env;
    g.getEnvelope(&env);
    out.minX = env.MinX;
    out.minY = env.MinY;
    out.maxX = env.MaxX;
    out.maxY = env.MaxY;
    std::sort(out.edges.begin(), out.edges.end(),
              [](const Edge& a, const Edge& b) { return a.ay < b.ay; });
    return out;
}

double centre(long i, double cell) {
    return (static_cast<double>(i) + 0.5) * cell;
}

/// Smallest i with centre(i) ≥ x.
long firstCentreAtOrAfter(double x, double cell) {
    long i = static_cast<long>(std::ceil(x / cell - 0.5));
    while (centre(i, cell) < x)
        ++i;
    while (centre(i - 1, cell) >= x)
        --i;
    return i;
}

/// Calls emit(j, i0, i1) for the cells i0 ≤ i < i1 of row j whose centres lie inside the outline
/// (even-odd rule; a centre on an edge is inside when the edge is its interval's left end).
template <typename Emit> void scan(const Outline& o, double cell, Emit&& emit) {
    const long j0 = firstCentreAtOrAfter(o.minY, cell);
    std::vector<const Edge*> active;
    std::vector<double> xs;
    std::size_t next = 0;
    for (long j = j0; centre(j, cell) <= o.maxY; ++j) {
        const double y = centre(j, cell);
        while (next < o.edges.size() && o.edges[next].ay <= y)
            active.push_back(&o.edges[next++]);
        active.erase(
            std::remove_if(active.begin(), active.end(), [y](const Edge* e) { return e->by <= y; }),
            active.end());
        xs.clear();
        for (const Edge* e : active)
            xs.push_back(e->ax + (y - e->ay) * (e->bx - e->ax) / (e->by - e->ay));
        std::sort(xs.begin(), xs.end());
        for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
            const long i0 = firstCentreAtOrAfter(xs[k], cell);
            const long i1 = firstCentreAtOrAfter(xs[k + 1], cell);
            if (i1 > i0)
                emit(j, i0, i1);
        }
    }
}

bool lessYX(const core::DemandPoint& a, const core::DemandPoint& b) {
    return std::tie(a.location.y, a.location.x) < std::tie(b.location.y, b.location.x);
}

/// Samples the raster at every point (nearest pixel); values that are no-data, negative or not
/// finite count 0.
void weightFromRaster(const RasterSource& raster, const std::string& workingCrs,
                      std::vector<core::DemandPoint>& points, std::vector<Diagnostic>& problems,
                      const core::Progress& progress) {
    const auto fail = [&](const std::string& why) -> void {
        throw GisError(raster.label, "population_raster",
                       "人口栅格不可用 / population raster unusable: " + raster.label + ": " + why);
    };
    GDALDatasetUniquePtr ds(GDALDataset::FromHandle(GDALOpenEx(raster.path.string().c_str(),
                                                               GDAL_OF_RASTER | GDAL_OF_READONLY,
                                                               nullptr, nullptr, nullptr)));
    if (!ds)
        fail("无法打开 / cannot open: " + detail::lastGdalError());
    if (ds->GetRasterCount() < 1)
        fail("没有波段 / no band");
    GDALRasterBand* band = ds->GetRasterBand(1);
    double gt[6];
    double inv[6];
    if (ds->GetGeoTransform(gt) != CE_None || !GDALInvGeoTransform(gt, inv))
        fail("没有有效的地理变换 / no usable geotransform");
    detail::SrsPtr rasterSrs;
    if (raster.crs) {
        rasterSrs = detail::parseSrs(*raster.crs);
    } else if (const OGRSpatialReference* s = ds->GetSpatialRef()) {
        rasterSrs = detail::cloneSrs(*s);
    }
    if (!rasterSrs)
        fail("坐标系未知 / unknown CRS (give crs: in the manifest)");
    const detail::SrsPtr working = detail::parseSrs(workingCrs);
    if (!working)
        fail("未知工作坐标系 / unknown working CRS " + workingCrs);
    detail::CtPtr ct(OGRCreateCoordinateTransformation(working.get(), rasterSrs.get()));
    if (!ct)
        fail("无法转换坐标 / cannot transform coordinates: " + detail::lastGdalError());
    const std::size_t n = points.size();
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = points[i].location.x;
        y[i] = points[i].location.y;
    }
    std::vector<int> ok(n, 0);
    ct->Transform(static_cast<int>(n), x.data(), y.data(), nullptr, nullptr, ok.data());
    // Pixel of every point, and the window that holds them all.
    const long width = ds->GetRasterXSize();
    const long height = ds->GetRasterYSize();
    std::vector<long> col(n, -1), row(n, -1);
    long c0 = width, c1 = -1, r0 = height, r1 = -1;
    for (std::size_t i = 0; i < n; ++i) {
        if (!ok[i])
            continue;
        const double px = inv[0] + inv[1] * x[i] + inv[2] * y[i];
        const double py = inv[3] + inv[4] * x[i] + inv[5] * y[i];
        if (!(px >= 0.0 && py >= 0.0 && px < static_cast<double>(width) &&
              py < static_cast<double>(height)))
            continue;
        col[i] = static_cast<long>(px);
        row[i] = static_cast<long>(py);
        c0 = std::min(c0, col[i]);
        c1 = std::max(c1, col[i]);
        r0 = std::min(r0, row[i]);
        r1 = std::max(r1, row[i]);
    }
    std::size_t outside = 0;
    for (auto& p : points)
        p.weight = 0.0;
    if (c1 >= c0) {
        const long w = c1 - c0 + 1;
        const long h = r1 - r0 + 1;
        if (static_cast<double>(w) * static_cast<double>(h) > 2.0e8)
            fail("覆盖范围过大 / window of " + std::to_string(w) + " × " + std::to_string(h) +
                 " pixels is too large");
        std::vector<double> values(static_cast<std::size_t>(w * h));
        GDALRasterIOExtraArg read;
        INIT_RASTERIO_EXTRA_ARG(read);
        read.pfnProgress = rasterReadGoesOn;
        read.pProgressData = const_cast<core::Progress*>(&progress);
        if (band->RasterIO(GF_Read, static_cast<int>(c0), static_cast<int>(r0), static_cast<int>(w),
                           static_cast<int>(h), values.data(), static_cast<int>(w),
                           static_cast<int>(h), GDT_Float64, 0, 0, &read) != CE_None) {
            progress.throwIfCancelled();
            fail("读取失败 / read failed: " + detail::lastGdalError());
        }
        int hasNoData = 0;
        const double noData = band->GetNoDataValue(&hasNoData);
        for (std::size_t i = 0; i < n; ++i) {
            if (col[i] < 0) {
                ++outside;
                continue;
            }
            const double v = values[static_cast<std::size_t>((row[i] - r0) * w + (col[i] - c0))];
            if ((hasNoData && v == noData) || !std::isfinite(v) || v < 0.0)
                continue;
            points[i].weight = v;
        }
    } else {
        outside = n;
    }
    if (outside > 0)
        problems.push_back({Severity::Warning, raster.label, "population_raster", "", "",
                            std::to_string(outside) +
                                " 个格网点在栅格范围外，权重为 0 / grid points outside the "
                                "raster, weight 0"});
}

/// Refuses a spacing that is not a positive number or that would exhaust memory (32 bytes per
/// point; limit 50 million cells over the towns' areas).
void checkSpacing(const std::vector<core::Town>& towns, double cell) {
    if (!(cell > 0.0) || !std::isfinite(cell))
        throw GisError("", "demand_points",
                       "格网间距必须为正 / grid spacing must be positive: " + std::to_string(cell));
    double cellsEstimate = 0.0;
    for (const auto& t : towns)
        cellsEstimate += t.areaKm2 * 1.0e6 / (cell * cell);
    if (cellsEstimate > 5.0e7)
        throw GisError("", "demand_points",
                       "格网过密 / grid too fine: about " + std::to_string(cellsEstimate) +
                           " cells at " + std::to_string(cell) + " m (limit 50 million)");
}

/// The cell centres inside each town, town by town (weight 1); a town smaller than a cell gets
/// one point on its surface and is listed in out.townsWithoutCell. Returns where each town's
/// points start in out.points (towns.size() + 1 entries, the last = the number of points).
std::vector<std::size_t> townCells(const DatasetLoad& data, double cell, DemandGrid& out,
                                   GridProgress& progress) {
    const auto& towns = data.city.regions.towns;
    std::vector<std::size_t> townStart(towns.size() + 1, 0);
    for (std::size_t t = 0; t < towns.size(); ++t) {
        townStart[t] = out.points.size();
        const std::vector<unsigned char>* wkb = nullptr;
        for (const auto& s : data.townShapes)
            if (s.code == towns[t].code)
                wkb = &s.wkb;
        if (wkb == nullptr)
            throw GisError("", "demand_points",
                           "缺少乡镇轮廓 / no outline for town " + towns[t].code);
        const OGRGeometryUniquePtr g = geometryFromWkb(*wkb, "town " + towns[t].code);
        const Outline o = outlineOf(*g, "town " + towns[t].code);
        const auto town = static_cast<std::uint32_t>(t);
        scan(o, cell, [&](long j, long i0, long i1) {
            for (long i = i0; i < i1; ++i)
                out.points.push_back({{centre(i, cell), centre(j, cell)}, town, 1.0});
        });
        if (out.points.size() == townStart[t]) {
            OGRGeometryUniquePtr p(OGRGeometry::FromHandle(
                OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g.get())))));
            if (!p || wkbFlatten(p->getGeometryType()) != wkbPoint)
                throw GisError("", "demand_points",
                               "无法在乡镇内取点 / no point inside town " + towns[t].code);
            out.points.push_back({{p->toPoint()->getX(), p->toPoint()->getY()}, town, 1.0});
            out.townsWithoutCell.push_back(t);
        }
        progress.advance();
    }
    townStart[towns.size()] = out.points.size();
    return townStart;
}

/// The built-up mask: 1 for the points that are cell centres inside a built_up polygon. A town
/// with no such cell keeps all its cells (and is reported as Info), so no town loses its
/// children. Sets each point's weight to its mask value and the weighting to BuiltUp.
std::vector<char> builtUpMask(const DatasetLoad& data, double cell,
                              const std::vector<std::size_t>& townStart, DemandGrid& out,
                              GridProgress& progress) {
    std::unordered_set<std::uint64_t> inside;
    const auto key = [](long i, long j) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(j)) << 32U) |
               static_cast<std::uint32_t>(i);
    };
    for (std::size_t k = 0; k < data.builtUp.size(); ++k) {
        const std::string what = "built_up polygon " + std::to_string(k + 1);
        const OGRGeometryUniquePtr g = geometryFromWkb(data.builtUp[k], what);
        scan(outlineOf(*g, what), cell, [&](long j, long i0, long i1) {
            for (long i = i0; i < i1; ++i)
                inside.insert(key(i, j));
        });
        progress.advance();
    }
    std::vector<char> builtUp(out.points.size(), 0);
    std::size_t townsWithout = 0;
    for (std::size_t t = 0; t + 1 < townStart.size(); ++t) {
        bool any = false;
        for (std::size_t k = townStart[t]; k < townStart[t + 1]; ++k) {
            const auto& p = out.points[k].location;
            const long i = firstCentreAtOrAfter(p.x, cell);
            const long j = firstCentreAtOrAfter(p.y, cell);
            builtUp[k] =
                centre(i, cell) == p.x && centre(j, cell) == p.y && inside.count(key(i, j)) != 0
                    ? 1
                    : 0;
            any = any || builtUp[k] != 0;
        }
        if (!any) {
            ++townsWithout;
            for (std::size_t k = townStart[t]; k < townStart[t + 1]; ++k)
                builtUp[k] = 1;
        }
    }
    out.weighting = DemandWeighting::BuiltUp;
    if (townsWithout > 0)
        out.problems.push_back({Severity::Info, "", "built_up", "", "",
                                std::to_string(townsWithout) +
                                    " 个乡镇没有建成区格网, 人口在全乡镇均匀分布 / towns "
                                    "have no cell in a built-up area: their residents are "
                                    "spread over the whole town"});
    for (std::size_t k = 0; k < out.points.size(); ++k)
        out.points[k].weight = builtUp[k];
    return builtUp;
}

/// The points of town t whose cell centre lies within `spread` of `at`; when none does, the
/// town's point nearest to it.
std::vector<std::size_t> pointsNear(const DemandGrid& grid,
                                    const std::vector<std::size_t>& townStart, std::size_t t,
                                    core::PointM at, double spread, double cell) {
    std::vector<std::size_t> near;
    const auto first = grid.points.begin() + static_cast<long>(townStart[t]);
    const auto last = grid.points.begin() + static_cast<long>(townStart[t + 1]);
    const long j0 = firstCentreAtOrAfter(at.y - spread, cell);
    const long i0 = firstCentreAtOrAfter(at.x - spread, cell);
    for (long j = j0; centre(j, cell) <= at.y + spread; ++j)
        for (long i = i0; centre(i, cell) <= at.x + spread; ++i) {
            const core::DemandPoint probe{{centre(i, cell), centre(j, cell)}, 0, 0};
            if (std::hypot(probe.location.x - at.x, probe.location.y - at.y) > spread)
                continue;
            const auto hit = std::lower_bound(first, last, probe, lessYX);
            if (hit != last && hit->location.x == probe.location.x &&
                hit->location.y == probe.location.y)
                near.push_back(static_cast<std::size_t>(hit - grid.points.begin()));
        }
    if (near.empty()) { // no cell centre that close: the town's nearest point
        std::size_t best = townStart[t];
        double bestD = INFINITY;
        for (std::size_t k = townStart[t]; k < townStart[t + 1]; ++k) {
            const double d =
                std::hypot(grid.points[k].location.x - at.x, grid.points[k].location.y - at.y);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        near.push_back(best);
    }
    return near;
}

/// Housing weighting (no raster): each town's residents spread evenly over its cells (its
/// built-up cells when there is a mask), plus the people of every housing project completed by
/// the grid's year, spread over the town's cells within config.housingSpreadMeters of it.
void weightByHousing(const DatasetLoad& data, const DemandGridConfig& config,
                     const std::vector<std::size_t>& townStart, const std::vector<char>& builtUp,
                     DemandGrid& out) {
    const auto& towns = data.city.regions.towns;
    if (builtUp.empty())
        out.weighting = DemandWeighting::Housing;
    const int year = config.year > 0 ? config.year : data.city.baseYear;
    for (std::size_t t = 0; t < towns.size(); ++t) {
        const auto it = data.city.population.totalResidents.find(towns[t].code);
        const double residents = it != data.city.population.totalResidents.end() ? it->second : 0.0;
        std::size_t count = 0;
        for (std::size_t k = townStart[t]; k < townStart[t + 1]; ++k)
            count += builtUp.empty() || builtUp[k] != 0 ? 1 : 0;
        for (std::size_t k = townStart[t]; k < townStart[t + 1]; ++k)
            out.points[k].weight =
                builtUp.empty() || builtUp[k] != 0 ? residents / static_cast<double>(count) : 0.0;
    }
    const double spread = std::max(config.housingSpreadMeters, 0.0);
    for (const core::HousingProject& h : data.city.housing) {
        if (h.completionYear > year)
            continue;
        const auto t = data.city.regions.townIndex(h.townCode);
        if (!t)
            continue;
        const double persons = h.dwellings * data.city.norms.personsPerHousehold;
        const std::vector<std::size_t> near =
            pointsNear(out, townStart, *t, h.location, spread, config.cellMeters);
        for (const std::size_t k : near)
            out.points[k].weight += persons / static_cast<double>(near.size());
    }
}

/// Merges points at the same place within a town (only possible for a fallback point), in
/// (town, y, x) order.
void mergeCoincident(std::vector<core::DemandPoint>& points) {
    std::stable_sort(points.begin(), points.end(),
                     [](const core::DemandPoint& a, const core::DemandPoint& b) {
                         if (a.townIndex != b.townIndex)
                             return a.townIndex < b.townIndex;
                         return lessYX(a, b);
                     });
    std::size_t kept = 0;
    for (std::size_t k = 0; k < points.size(); ++k) {
        if (kept > 0 && points[kept - 1].townIndex == points[k].townIndex &&
            points[kept - 1].location.x == points[k].location.x &&
            points[kept - 1].location.y == points[k].location.y) {
            points[kept - 1].weight += points[k].weight;
            continue;
        }
        points[kept++] = points[k];
    }
    points.resize(kept);
    points.shrink_to_fit();
}

} // namespace

const char* weightingCode(DemandWeighting w) {
    switch (w) {
    case DemandWeighting::PopulationRaster:
        return "population_raster";
    case DemandWeighting::Housing:
        return "housing";
    case DemandWeighting::Uniform:
        return "uniform";
    case DemandWeighting::BuiltUp:
        return "built_up";
    case DemandWeighting::Units:
        return "units";
    }
    return "uniform";
}

std::vector<core::DemandPoint> DemandGrid::pointsFor(core::Stage stage) const {
    std::vector<core::DemandPoint> out = points;
    const auto& w = stageWeights[static_cast<std::size_t>(core::stageIndex(stage))];
    if (w.size() == out.size())
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i].weight = w[i];
    return out;
}

DemandGrid buildDemandGrid(const DatasetLoad& data, const DemandGridConfig& config,
                           const core::Progress& progress) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    checkSpacing(data.city.regions.towns, config.cellMeters);
    const bool masked = !data.populationRaster && !data.builtUp.empty();
    GridProgress steps(progress, static_cast<std::int64_t>(data.city.regions.towns.size() +
                                                           (masked ? data.builtUp.size() : 0) + 1));
    DemandGrid out;
    out.cellMeters = config.cellMeters;
    const std::vector<std::size_t> townStart = townCells(data, config.cellMeters, out, steps);
    std::vector<char> builtUp; // without a raster: the built-up mask
    if (masked)
        builtUp = builtUpMask(data, config.cellMeters, townStart, out, steps);
    if (data.populationRaster) {
        out.weighting = DemandWeighting::PopulationRaster;
        weightFromRaster(*data.populationRaster, data.workingCrs, out.points, out.problems,
                         progress);
    } else if (!data.city.housing.empty()) {
        weightByHousing(data, config, townStart, builtUp, out);
    }
    mergeCoincident(out.points);
    steps.advance();
    return out;
}

std::optional<core::ZoneMembership> zoneMembership(const DatasetLoad& data,
                                                   const DemandGrid& grid) {
    if (data.zones.empty()) {
        if (data.schoolTowns.empty())
            return std::nullopt;
        return core::zonesFromTownTable(data.city, grid.points, data.schoolTowns);
    }
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const double cell = grid.cellMeters;
    // A zone names a school id and, optionally, one campus; without a campus it is the zone of
    // every campus of the school (a child goes to the nearest of them).
    std::map<std::string, std::vector<std::uint32_t>> schoolsById;
    for (std::size_t s = 0; s < data.city.schools.size(); ++s)
        schoolsById[data.city.schools[s].id].push_back(static_cast<std::uint32_t>(s));
    // On-grid points by (row, column); off-grid (fallback) points tested one by one.
    struct Key {
        long j, i;
        std::uint32_t point;
    };
    std::vector<Key> onGrid;
    std::vector<std::uint32_t> offGrid;
    for (std::size_t k = 0; k < grid.points.size(); ++k) {
        const auto& p = grid.points[k].location;
        const long i = firstCentreAtOrAfter(p.x, cell);
        const long j = firstCentreAtOrAfter(p.y, cell);
        if (centre(i, cell) == p.x && centre(j, cell) == p.y)
            onGrid.push_back({j, i, static_cast<std::uint32_t>(k)});
        else
            offGrid.push_back(static_cast<std::uint32_t>(k));
    }
    std::sort(onGrid.begin(), onGrid.end(), [](const Key& a, const Key& b) {
        return std::tie(a.j, a.i, a.point) < std::tie(b.j, b.i, b.point);
    });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs; // (point, school)
    for (const ZoneShape& z : data.zones) {
        const auto found = schoolsById.find(z.schoolId);
        if (found == schoolsById.end())
            continue;
        std::vector<std::uint32_t> schools;
        for (const std::uint32_t s : found->second)
            if (z.campus.empty() || data.city.schools[s].campus == z.campus)
                schools.push_back(s);
        const OGRGeometryUniquePtr g = geometryFromWkb(z.wkb, "zone of school " + z.schoolId);
        scan(outlineOf(*g, "zone of school " + z.schoolId), cell, [&](long j, long i0, long i1) {
            auto it = std::lower_bound(onGrid.begin(), onGrid.end(), std::make_pair(j, i0),
                                       [](const Key& k, const std::pair<long, long>& v) {
                                           return std::tie(k.j, k.i) < std::tie(v.first, v.second);
                                       });
            for (; it != onGrid.end() && it->j == j && it->i < i1; ++it)
                for (const std::uint32_t s : schools)
                    pairs.emplace_back(it->point, s);
        });
        for (const std::uint32_t k : offGrid) {
            const OGRPoint p(grid.points[k].location.x, grid.points[k].location.y);
            if (g->Contains(&p))
                for (const std::uint32_t s : schools)
                    pairs.emplace_back(k, s);
        }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    core::ZoneMembership z;
    z.offsets.assign(grid.points.size() + 1, 0);
    for (const auto& pr : pairs)
        ++z.offsets[pr.first + 1];
    for (std::size_t k = 1; k < z.offsets.size(); ++k)
        z.offsets[k] += z.offsets[k - 1];
    z.schools.reserve(pairs.size());
    for (const auto& pr : pairs)
        z.schools.push_back(pr.second);
    return z;
}

} // namespace xw::gis
