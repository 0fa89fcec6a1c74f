// The geometry of a source's features in the working CRS, the source CRS resolved, and the hints
// when coordinates do not fit it (outside its area of use, not degrees, axes swapped).
#include "detail/source/source_reader.hpp"

#include <xw/gis/error.hpp>

#include "detail/checks/file_checks.hpp"
#include "detail/encoding.hpp"
#include "detail/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace xw::gis::detail {
namespace {

std::string degrees(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", v);
    return buffer;
}

bool insideArea(const std::array<double, 4>& a, double lon, double lat, double marginDegrees) {
    const double west = a[0] - marginDegrees;
    const double east = a[2] + marginDegrees;
    const bool lonInside =
        a[0] <= a[2] ? (lon >= west && lon <= east) : (lon >= west || lon <= east); // across 180°
    return lonInside && lat >= a[1] - marginDegrees && lat <= a[3] + marginDegrees;
}

} // namespace

GeometryRead SourceReader::geometry(OGRFeature& f) const {
    GeometryRead out;
    OGRGeometryUniquePtr g;
    if (m_geomX >= 0) {
        out.field = m_spec.geometry.x.value_or("");
        const auto xs = textAt(f, m_geomX);
        const auto ys = textAt(f, m_geomY);
        if (!xs || !ys) {
            out.field = !xs ? *m_spec.geometry.x : *m_spec.geometry.y;
            out.why = "缺少坐标 / missing coordinate";
            return out;
        }
        const auto x = parseDouble(*xs);
        const auto y = parseDouble(*ys);
        if (!x || !y) {
            out.field = !x ? *m_spec.geometry.x : *m_spec.geometry.y;
            out.why = "不是数字 / not a number: " + inQuotes(!x ? *xs : *ys);
            return out;
        }
        g.reset(new OGRPoint(*x, *y));
    } else if (m_geomWkt >= 0) {
        out.field = *m_spec.geometry.wkt;
        const auto wkt = textAt(f, m_geomWkt);
        if (!wkt) {
            out.why = "缺少几何 / missing geometry";
            return out;
        }
        OGRGeometry* parsed = nullptr;
        if (OGRGeometryFactory::createFromWkt(wkt->c_str(), nullptr, &parsed) != OGRERR_NONE ||
            parsed == nullptr) {
            out.why = "WKT 无法解析 / unreadable WKT: " + inQuotes(wkt->substr(0, 60));
            return out;
        }
        g.reset(parsed);
    } else {
        out.field.clear();
        g.reset(f.StealGeometry());
        if (!g) {
            out.why = "缺少几何 / missing geometry";
            return out;
        }
    }
    if (g->IsEmpty()) {
        out.why = "几何为空 / empty geometry";
        return out;
    }
    // One-part MultiPoints (QGIS's default export of a point layer) are points.
    if (wkbFlatten(g->getGeometryType()) == wkbMultiPoint &&
        g->toMultiPoint()->getNumGeometries() == 1) {
        g.reset(g->toMultiPoint()->getGeometryRef(0)->clone());
    }
    if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
        out.rawPoint = std::make_pair(g->toPoint()->getX(), g->toPoint()->getY());
    }
    OGREnvelope raw;
    g->getEnvelope(&raw);
    if (!std::isfinite(raw.MinX) || !std::isfinite(raw.MaxX) || !std::isfinite(raw.MinY) ||
        !std::isfinite(raw.MaxY)) {
        out.why = "坐标不是有限数 / a coordinate is not finite";
        return out;
    }
    if (m_transform && g->transform(m_transform.get()) != OGRERR_NONE) {
        out.why = "坐标无法转换到工作坐标系 / cannot transform to the working CRS";
        const std::string hint =
            coordinateHint((raw.MinX + raw.MaxX) / 2, (raw.MinY + raw.MaxY) / 2);
        if (!hint.empty()) {
            out.why += "; " + hint;
        }
        return out;
    }
    OGREnvelope env;
    g->getEnvelope(&env);
    if (!std::isfinite(env.MinX) || !std::isfinite(env.MaxX) || !std::isfinite(env.MinY) ||
        !std::isfinite(env.MaxY)) {
        out.why = "转换后的坐标不是有限数 / the transformed coordinates are not finite";
        const std::string hint =
            coordinateHint((raw.MinX + raw.MaxX) / 2, (raw.MinY + raw.MaxY) / 2);
        if (!hint.empty()) {
            out.why += "; " + hint;
        }
        return out;
    }
    out.geometry = std::move(g);
    return out;
}

std::string SourceReader::coordinateHint(double x, double y) const {
    if (!m_source) {
        return {};
    }
    const std::string crs = srsLabel(*m_source);
    double lon = x;
    double lat = y;
    const std::string swapped = "经度/纬度两列似乎颠倒 / the longitude/latitude (经度/纬度) "
                                "columns look swapped";
    if (m_sourceGeographic) {
        if (std::abs(x) > 180.0 || std::abs(y) > 90.0) {
            if (std::abs(y) <= 180.0 && std::abs(x) <= 90.0 &&
                (!m_areaOfUse || insideArea(*m_areaOfUse, y, x, 1.0))) {
                return "纬度超出 ±90°，互换后成立：" + swapped;
            }
            return "坐标不是经纬度，更像以米为单位的投影坐标：请检查 crs（现为 " + crs +
                   "） / the coordinates are not degrees but look like projected metres: check "
                   "crs (now " +
                   crs + ")";
        }
    } else if (m_toGeographic) {
        if (!m_toGeographic->Transform(1, &lon, &lat)) {
            return "坐标超出坐标系 " + crs +
                   " 的定义范围：请检查 crs / the coordinates lie outside "
                   "the domain of " +
                   crs + ": check crs";
        }
    }
    if (!m_areaOfUse) {
        return {};
    }
    const auto& a = *m_areaOfUse;
    if (insideArea(a, lon, lat, 1.0)) {
        return {};
    }
    std::string hint = "坐标在坐标系 " + crs + " 的适用范围之外（经度 " + degrees(a[0]) + "–" +
                       degrees(a[2]) + "，纬度 " + degrees(a[1]) + "–" + degrees(a[3]) +
                       "）：请检查 crs / the coordinates lie outside the area of use of " + crs +
                       " (lon " + degrees(a[0]) + "–" + degrees(a[2]) + ", lat " + degrees(a[1]) +
                       "–" + degrees(a[3]) + "): check crs";
    if (m_sourceGeographic && insideArea(a, y, x, 1.0)) {
        hint += "; 互换后落在范围内：" + swapped;
    }
    return hint;
}

std::optional<std::pair<double, double>> SourceReader::swappedInWorking(double x, double y) const {
    double sx = y;
    double sy = x;
    if (m_transform && !m_transform->Transform(1, &sx, &sy)) {
        return std::nullopt;
    }
    if (!std::isfinite(sx) || !std::isfinite(sy)) {
        return std::nullopt;
    }
    return std::make_pair(sx, sy);
}

void SourceReader::resolveCrs(const OGRSpatialReference* working) {
    SrsPtr source;
    if (m_spec.crs) {
        source = parseSrs(*m_spec.crs);
        if (!source) {
            fail("未知坐标系 / unknown CRS: " + m_spec.sourceLabel + " [" + m_spec.key +
                 "] crs \"" + *m_spec.crs + "\"");
        }
    } else if (m_geomX < 0 && m_geomWkt < 0 && m_layer->GetSpatialRef() != nullptr) {
        source = cloneSrs(*m_layer->GetSpatialRef());
    }
    if (!source) {
        fail("未知坐标系 / unknown CRS: " + m_spec.sourceLabel + " [" + m_spec.key +
             "] 数据源未声明坐标系，请在清单中写 crs / the source declares no CRS; give crs "
             "in the manifest");
    }
    if (!source->IsSame(working)) {
        m_transform.reset(OGRCreateCoordinateTransformation(source.get(), working));
        if (!m_transform) {
            fail("无法转换坐标系 / cannot transform CRS: " + m_spec.sourceLabel + " " +
                 srsLabel(*source) + " → " + srsLabel(*working) + ": " + lastGdalError());
        }
    }
    // For hints about coordinates that fail: the area of use and a way to degrees.
    m_sourceGeographic = source->IsGeographic() != 0;
    double west = 0, south = 0, east = 0, north = 0;
    const char* areaName = nullptr;
    if (source->GetAreaOfUse(&west, &south, &east, &north, &areaName) && west > -1000.0) {
        m_areaOfUse = std::array<double, 4>{west, south, east, north};
    }
    if (!m_sourceGeographic) {
        OGRSpatialReference geographic;
        if (geographic.CopyGeogCSFrom(source.get()) == OGRERR_NONE) {
            geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            m_toGeographic.reset(OGRCreateCoordinateTransformation(source.get(), &geographic));
        }
    }
    m_source = std::move(source);
}

} // namespace xw::gis::detail
