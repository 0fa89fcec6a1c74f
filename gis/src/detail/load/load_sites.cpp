// The optional `sites` layer: land set aside for new schools (教育用地 parcels), points or
// polygons, read into core::SiteParcel. See detail/load/dataset_loader.hpp and
// docs/dataset-format.md.
#include "detail/load/dataset_loader.hpp"

#include "detail/text.hpp"

#include <cmath>
#include <set>
#include <string_view>

namespace xw::gis::detail {

namespace {

/// A whole school, every grade together: far above any real one (a 12-year school of 100
/// classes per grade is 1,200).
constexpr int kMaxClassesPerSchool = 5000;
/// Yuan: far above any school (a trillion yuan).
constexpr double kMaxCostYuan = 1.0e12;
/// A given area above the polygon's by more than this share is reported.
constexpr double kAreaTolerance = 0.01;

/// The stages of a list such as "primary;junior", "小学、初中" or "primary junior"; the first
/// word that is not a stage when there is one.
struct StageList {
    std::vector<core::Stage> stages;
    std::optional<std::string> unknown;
};

StageList parseStages(std::string_view text) {
    StageList out;
    const auto isSeparator = [&](std::size_t at, std::size_t& width) {
        for (const std::string_view sep : {",", ";", "/", "|", " ", "\t", "、", "，", "；"}) {
            if (text.substr(at, sep.size()) == sep) {
                width = sep.size();
                return true;
            }
        }
        return false;
    };
    std::size_t start = 0;
    const auto take = [&](std::size_t end) {
        if (end > start) {
            const std::string_view word = text.substr(start, end - start);
            if (const auto s = core::parseStage(word)) {
                if (std::find(out.stages.begin(), out.stages.end(), *s) == out.stages.end()) {
                    out.stages.push_back(*s);
                }
            } else if (!out.unknown) {
                out.unknown = std::string(word);
            }
        }
    };
    for (std::size_t i = 0; i < text.size();) {
        std::size_t width = 0;
        if (isSeparator(i, width)) {
            take(i);
            i += width;
            start = i;
        } else {
            ++i;
        }
    }
    take(text.size());
    return out;
}

/// (x, y) of a GEOS point; nullopt when GEOS cannot read it.
std::optional<core::PointM> xyOf(const GeosContext& geos, const GEOSGeometry* point) {
    double x = 0.0;
    double y = 0.0;
    if (point == nullptr || GEOSGeomGetX_r(geos.handle(), point, &x) != 1 ||
        GEOSGeomGetY_r(geos.handle(), point, &y) != 1 || !std::isfinite(x) || !std::isfinite(y)) {
        return std::nullopt;
    }
    return core::PointM{x, y};
}

/// A point inside a valid polygon: its centroid when that lies inside (the natural middle of a
/// compact parcel), else GEOS PointOnSurface (an L-shaped or ring-shaped parcel).
std::optional<core::PointM> interiorPoint(const GeosContext& geos, const GEOSGeometry& polygon) {
    const GeomPtr centroid = own(geos, GEOSGetCentroid_r(geos.handle(), &polygon));
    if (centroid && GEOSContains_r(geos.handle(), &polygon, centroid.get()) == 1) {
        return xyOf(geos, centroid.get());
    }
    const GeomPtr inside = own(geos, GEOSPointOnSurface_r(geos.handle(), &polygon));
    return xyOf(geos, inside.get());
}

std::string squareMetres(double m2) {
    return std::to_string(std::llround(m2)) + " m²";
}

} // namespace

void Loader::loadSites(const TownIndex& towns) {
    if (!has("sites")) {
        return;
    }
    SourceReader reader = open("sites");
    std::set<std::string> seen;
    std::size_t rows = 0;
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        ++rows;
        Record r(reader, f, out.problems, rowId(row));
        core::SiteParcel p;
        p.id = r.required("id");
        if (!p.id.empty()) {
            r.setId(p.id);
        }
        p.name = r.text("name").value_or("");
        const auto area = r.number("area_m2", false, kMaxAreaM2);
        if (area && !(*area > 0.0)) {
            r.error("area_m2", "面积须为正数 / the area must be positive");
        }
        p.maxClasses = r.count("max_classes", false, kMaxClassesPerSchool);
        if (p.maxClasses && *p.maxClasses == 0) {
            r.error("max_classes", "最多班数为 0：地块容不下学校 / at most 0 classes: the parcel "
                                   "holds no school");
        }
        p.costYuan = r.number("cost", false, kMaxCostYuan);
        if (const auto stages = r.text("stages")) {
            StageList list = parseStages(*stages);
            if (list.unknown) {
                r.error("stages",
                        "未知的学段 / unknown stage: " + inQuotes(*list.unknown) +
                            " (kindergarten primary junior senior vocational special, 或 or "
                            "幼儿园 小学 初中 高中 中职 特殊教育)");
            }
            p.stages = std::move(list.stages);
        }
        if (r.ok() && !seen.insert(p.id).second) {
            r.error("id", "重复的标识，已跳过 / duplicate id, skipped");
        }
        if (!r.ok()) {
            return;
        }
        const GeometryRead g = reader.geometry(f);
        const OGRwkbGeometryType type =
            g.geometry ? wkbFlatten(g.geometry->getGeometryType()) : wkbUnknown;
        if (g.geometry && (type == wkbPolygon || type == wkbMultiPolygon)) {
            const CheckedPolygon poly = checkPolygon(geos, *g.geometry, r);
            if (!poly.geometry) {
                return;
            }
            const auto at = interiorPoint(geos, *poly.geometry);
            if (!at) {
                r.errorColumn(g.field,
                              "无法在面内取点 / no point inside the polygon: " + geos.lastError());
                return;
            }
            const auto town = towns.locate(at->x, at->y);
            if (!town) {
                r.errorColumn(g.field, "地块不在任何乡镇内，已跳过 / the parcel lies outside "
                                       "every town, skipped");
                return;
            }
            const double polygonM2 = poly.areaKm2 * 1e6;
            p.location = *at;
            p.townCode = out.city.regions.towns[*town].code;
            p.areaM2 = area.value_or(polygonM2);
            if (area && *area > polygonM2 * (1.0 + kAreaTolerance)) {
                r.warning("area_m2", "所填面积 " + squareMetres(*area) + " 大于地块多边形的 " +
                                         squareMetres(polygonM2) + "，按所填面积计 / area_m2 " +
                                         squareMetres(*area) + " exceeds the polygon's " +
                                         squareMetres(polygonM2) + "; the given area is used");
            }
        } else if (g.geometry && type != wkbPoint && type != wkbMultiPoint) {
            r.errorColumn(g.field, std::string("不是点或面 / not a point or polygon: ") +
                                       g.geometry->getGeometryName());
            return;
        } else {
            const auto place = placePoint(reader, g, r, towns);
            if (!place) {
                return;
            }
            p.location = place->first;
            p.townCode = place->second;
            p.areaM2 = area.value_or(0.0);
        }
        out.sites.push_back(std::move(p));
    });
    if (rows > 0 && out.sites.empty()) {
        out.problems.push_back(
            {Severity::Warning, reader.spec().sourceLabel, "sites", "", "",
             "sites 图层没有可用的地块：优化选址改用需求点作候选 / the sites layer has no usable "
             "parcel: the optimiser falls back to demand points as candidates"});
    }
}

} // namespace xw::gis::detail
