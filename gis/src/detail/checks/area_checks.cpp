// Polygon validation and repair, and point-in-town look-up (GEOS _r API).
#include "detail/checks/area_checks.hpp"

#include <xw/gis/error.hpp>

#include <algorithm>
#include <numeric>
#include <string>

namespace xw::gis::detail {
namespace {

/// Keeps only the polygonal parts of a geometry, as one (multi)polygon; nullptr if none.
GeomPtr polygonalPart(const GeosContext& ctx, GeomPtr g) {
    const int type = GEOSGeomTypeId_r(ctx.handle(), g.get());
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {
        return g;
    }
    if (type != GEOS_GEOMETRYCOLLECTION) {
        return own(ctx, nullptr);
    }
    std::vector<GEOSGeometry*> parts;
    const int n = GEOSGetNumGeometries_r(ctx.handle(), g.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx.handle(), g.get(), i);
        const int partType = part != nullptr ? GEOSGeomTypeId_r(ctx.handle(), part) : -1;
        if (partType == GEOS_POLYGON) {
            parts.push_back(GEOSGeom_clone_r(ctx.handle(), part));
        } else if (partType == GEOS_MULTIPOLYGON) {
            const int m = GEOSGetNumGeometries_r(ctx.handle(), part);
            for (int j = 0; j < m; ++j) {
                parts.push_back(
                    GEOSGeom_clone_r(ctx.handle(), GEOSGetGeometryN_r(ctx.handle(), part, j)));
            }
        }
    }
    if (std::find(parts.begin(), parts.end(), nullptr) != parts.end() || parts.empty()) {
        for (GEOSGeometry* p : parts) {
            if (p != nullptr) {
                GEOSGeom_destroy_r(ctx.handle(), p);
            }
        }
        return own(ctx, nullptr);
    }
    // Takes ownership of the parts.
    return own(ctx, GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTIPOLYGON, parts.data(),
                                                static_cast<unsigned>(parts.size())));
}

/// GEOSSTRtree_query_r callback: the item points at a town's index (an element of an id array
/// that outlives the tree); `userdata` is the std::vector<std::size_t> of candidates.
void collectTownIndex(void* item, void* userdata) {
    static_cast<std::vector<std::size_t>*>(userdata)->push_back(
        *static_cast<const std::size_t*>(item));
}

} // namespace

CheckedPolygon checkPolygon(const GeosContext& ctx, const OGRGeometry& g, Record& record) {
    CheckedPolygon out{own(ctx, nullptr), 0.0};
    const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon) {
        record.error("", std::string("不是面 / not a polygon: ") + g.getGeometryName());
        return out;
    }
    std::vector<unsigned char> wkb(g.WkbSize());
    if (g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
        record.error("", "几何无法导出 / cannot export geometry: " + lastGdalError());
        return out;
    }
    GeomPtr geos = fromWkb(ctx, wkb);
    if (!geos) {
        record.error("", "几何无法读取 / unreadable geometry: " + ctx.lastError());
        return out;
    }
    const char valid = GEOSisValid_r(ctx.handle(), geos.get());
    if (valid == 2) {
        record.error("", "几何检查失败 / geometry check failed: " + ctx.lastError());
        return out;
    }
    if (valid == 0) {
        std::string reason = "?";
        if (char* r = GEOSisValidReason_r(ctx.handle(), geos.get()); r != nullptr) {
            reason = r;
            GEOSFree_r(ctx.handle(), r);
        }
        GeomPtr repaired = own(ctx, GEOSMakeValid_r(ctx.handle(), geos.get()));
        if (repaired) {
            repaired = polygonalPart(ctx, std::move(repaired));
        }
        if (!repaired || GEOSisEmpty_r(ctx.handle(), repaired.get()) != 0) {
            record.error("", "几何无效且无法修复 / invalid geometry that cannot be repaired: " +
                                 reason);
            return out;
        }
        record.report(Severity::Warning, "",
                      "几何无效，已修复 / invalid geometry repaired: " + reason);
        geos = std::move(repaired);
    }
    double areaM2 = 0.0;
    if (GEOSArea_r(ctx.handle(), geos.get(), &areaM2) == 0) {
        record.error("", "无法计算面积 / cannot compute area: " + ctx.lastError());
        return out;
    }
    out.geometry = std::move(geos);
    out.areaKm2 = areaM2 / 1e6;
    return out;
}

TownIndex::TownIndex(const GeosContext& ctx, std::vector<GeomPtr> towns)
    : m_ctx(ctx), m_towns(std::move(towns)), m_ids(m_towns.size()),
      m_tree(GEOSSTRtree_create_r(ctx.handle(), 10), TreeDeleter{ctx.handle()}) {
    if (!m_tree) {
        throw GisError("", "towns",
                       "无法建立空间索引 / cannot build the spatial index: " + ctx.lastError());
    }
    std::iota(m_ids.begin(), m_ids.end(), std::size_t{0});
    for (std::size_t i = 0; i < m_towns.size(); ++i) {
        m_prepared.emplace_back(GEOSPrepare_r(ctx.handle(), m_towns[i].get()),
                                PreparedDeleter{ctx.handle()});
        if (!m_prepared.back()) {
            throw GisError("", "towns",
                           "无法准备几何 / cannot prepare geometry: " + ctx.lastError());
        }
        // The tree's item is the town's index; the towns and the ids outlive the tree (member
        // order).
        GEOSSTRtree_insert_r(ctx.handle(), m_tree.get(), m_towns[i].get(), &m_ids[i]);
    }
}

std::optional<std::size_t> TownIndex::locate(double x, double y) const {
    GeomPtr point = own(m_ctx, GEOSGeom_createPointFromXY_r(m_ctx.handle(), x, y));
    if (!point) {
        return std::nullopt;
    }
    std::vector<std::size_t> candidates;
    GEOSSTRtree_query_r(m_ctx.handle(), m_tree.get(), point.get(), collectTownIndex, &candidates);
    std::sort(candidates.begin(), candidates.end());
    for (const std::size_t i : candidates) {
        if (GEOSPreparedIntersects_r(m_ctx.handle(), m_prepared[i].get(), point.get()) == 1) {
            return i;
        }
    }
    return std::nullopt;
}

} // namespace xw::gis::detail

namespace xw::gis::detail {

double areaKm2Of(const GeosContext& ctx, const GEOSGeometry& g) {
    if (GEOSisEmpty_r(ctx.handle(), &g) == 1) {
        return 0.0;
    }
    double m2 = 0.0;
    if (GEOSArea_r(ctx.handle(), &g, &m2) == 0) {
        throw GisError("", "towns", "无法计算面积 / cannot compute area: " + ctx.lastError());
    }
    return m2 / 1e6;
}

std::vector<TownOverlap> resolveTownOverlaps(const GeosContext& ctx, std::vector<GeomPtr>& towns,
                                             const std::vector<std::string>& codes,
                                             const std::vector<double>& areaKm2) {
    const GEOSContextHandle_t h = ctx.handle();
    const std::size_t n = towns.size();
    // Does town j keep the overlap with town i?
    const auto keeps = [&](std::size_t j, std::size_t i) {
        return areaKm2[j] < areaKm2[i] || (areaKm2[j] == areaKm2[i] && codes[j] < codes[i]);
    };
    std::vector<std::size_t> ids(n); // the tree's items point into it; outlives the tree
    std::iota(ids.begin(), ids.end(), std::size_t{0});
    TreePtr tree(GEOSSTRtree_create_r(h, 10), TreeDeleter{h});
    if (!tree) {
        throw GisError("", "towns",
                       "无法建立空间索引 / cannot build the spatial index: " + ctx.lastError());
    }
    std::vector<PreparedPtr> prepared;
    for (std::size_t i = 0; i < n; ++i) {
        GEOSSTRtree_insert_r(h, tree.get(), towns[i].get(), &ids[i]);
        prepared.emplace_back(GEOSPrepare_r(h, towns[i].get()), PreparedDeleter{h});
        if (!prepared.back()) {
            throw GisError("", "towns",
                           "无法准备几何 / cannot prepare geometry: " + ctx.lastError());
        }
    }
    std::vector<TownOverlap> overlaps;
    std::vector<GeomPtr> cut(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::size_t> candidates;
        GEOSSTRtree_query_r(h, tree.get(), towns[i].get(), collectTownIndex, &candidates);
        std::sort(candidates.begin(), candidates.end());
        std::vector<GEOSGeometry*> winners; // clones of the smaller overlapping towns
        for (const std::size_t j : candidates) {
            if (j == i || !keeps(j, i) ||
                GEOSPreparedIntersects_r(h, prepared[i].get(), towns[j].get()) != 1) {
                continue;
            }
            GeomPtr common = own(ctx, GEOSIntersection_r(h, towns[i].get(), towns[j].get()));
            if (!common) {
                throw GisError("", "towns",
                               "无法计算乡镇重叠 / cannot intersect towns " + codes[i] + " and " +
                                   codes[j] + ": " + ctx.lastError());
            }
            const double area = areaKm2Of(ctx, *common);
            if (area <= 0.0) {
                continue; // touching along a boundary only
            }
            overlaps.push_back({i, j, area});
            winners.push_back(GEOSGeom_clone_r(h, towns[j].get()));
        }
        if (winners.empty()) {
            continue;
        }
        // Takes ownership of the clones.
        GeomPtr others =
            own(ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, winners.data(),
                                                 static_cast<unsigned>(winners.size())));
        GeomPtr merged = others ? own(ctx, GEOSUnaryUnion_r(h, others.get())) : nullptr;
        GeomPtr rest =
            merged ? own(ctx, GEOSDifference_r(h, towns[i].get(), merged.get())) : nullptr;
        if (!rest) {
            throw GisError("", "towns",
                           "无法切除乡镇重叠 / cannot cut the overlaps out of town " + codes[i] +
                               ": " + ctx.lastError());
        }
        GeomPtr polygons = polygonalPart(ctx, std::move(rest));
        cut[i] = polygons ? std::move(polygons) : own(ctx, GEOSGeom_createEmptyPolygon_r(h));
    }
    prepared.clear();
    tree.reset();
    for (std::size_t i = 0; i < n; ++i) {
        if (cut[i]) {
            towns[i] = std::move(cut[i]);
        }
    }
    return overlaps;
}

} // namespace xw::gis::detail
