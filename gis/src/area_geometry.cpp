#include <xw/gis/area_geometry.hpp>

#include "detail/geos_util.hpp"
#include "detail/ogr_util.hpp"

#include <ogr_api.h>
#include <ogr_geometry.h>

#include <memory>

namespace xw::gis {

namespace {

std::vector<core::PointM> ringPoints(const OGRLinearRing& ring) {
    std::vector<core::PointM> points;
    points.reserve(static_cast<std::size_t>(ring.getNumPoints()));
    for (int i = 0; i < ring.getNumPoints(); ++i)
        points.push_back({ring.getX(i), ring.getY(i)});
    return points;
}

PolygonRings polygonRings(const OGRPolygon& polygon) {
    PolygonRings out;
    if (const OGRLinearRing* outer = polygon.getExteriorRing(); outer != nullptr)
        out.rings.push_back(ringPoints(*outer));
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i)
        out.rings.push_back(ringPoints(*polygon.getInteriorRing(i)));
    return out;
}

[[noreturn]] void fail(const std::string& zh, const std::string& en) {
    throw GisError("", "", "多边形 WKB " + zh + " / polygon WKB: " + en);
}

} // namespace

AreaGeometry decodeArea(const std::vector<unsigned char>& wkb) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    OGRGeometry* raw = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE ||
        raw == nullptr)
        fail("无法解析", "cannot be parsed");
    const std::unique_ptr<OGRGeometry> geometry(raw);
    if (geometry->IsEmpty())
        fail("为空", "is empty");
    AreaGeometry area;
    switch (wkbFlatten(geometry->getGeometryType())) {
    case wkbPolygon:
        area.polygons.push_back(polygonRings(*geometry->toPolygon()));
        area.areaM2 = geometry->toPolygon()->get_Area();
        break;
    case wkbMultiPolygon:
        for (const OGRPolygon* p : *geometry->toMultiPolygon())
            area.polygons.push_back(polygonRings(*p));
        area.areaM2 = geometry->toMultiPolygon()->get_Area();
        break;
    default:
        fail("不是多边形", "is not a polygon or multipolygon");
    }
    const std::unique_ptr<OGRGeometry> inside(
        OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(geometry.get()))));
    if (inside && !inside->IsEmpty() && wkbFlatten(inside->getGeometryType()) == wkbPoint) {
        area.inside = {inside->toPoint()->getX(), inside->toPoint()->getY()};
    } else {
        OGRPoint centroid;
        if (geometry->Centroid(&centroid) != OGRERR_NONE)
            fail("无法求内点", "has no interior point");
        area.inside = {centroid.getX(), centroid.getY()};
    }
    return area;
}

std::vector<unsigned char> unionAreas(const std::vector<std::vector<unsigned char>>& parts) {
    if (parts.empty())
        fail("没有可合并的面", "nothing to unite");
    const detail::GeosContext ctx;
    std::vector<GEOSGeometry*> geometries;
    geometries.reserve(parts.size());
    const auto release = [&] {
        for (GEOSGeometry* g : geometries)
            GEOSGeom_destroy_r(ctx.handle(), g);
    };
    for (const auto& wkb : parts) {
        detail::GeomPtr g = detail::fromWkb(ctx, wkb);
        const int type = g ? GEOSGeomTypeId_r(ctx.handle(), g.get()) : -1;
        if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) {
            release();
            fail("不是多边形", "is not a polygon or multipolygon");
        }
        geometries.push_back(g.release());
    }
    // The collection takes ownership of the parts.
    const detail::GeomPtr collection = detail::own(
        ctx, GEOSGeom_createCollection_r(ctx.handle(), GEOS_GEOMETRYCOLLECTION, geometries.data(),
                                         static_cast<unsigned>(geometries.size())));
    if (!collection) {
        // Whether GEOS kept the parts on failure differs between versions: leak rather than risk
        // a double free (GEOS fails here only when out of memory).
        fail("无法合并：" + ctx.lastError(), "cannot be united: " + ctx.lastError());
    }
    const detail::GeomPtr united =
        detail::own(ctx, GEOSUnaryUnion_r(ctx.handle(), collection.get()));
    const int type = united ? GEOSGeomTypeId_r(ctx.handle(), united.get()) : -1;
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
        fail("合并失败：" + ctx.lastError(), "union failed: " + ctx.lastError());
    std::vector<unsigned char> out = detail::toWkb(ctx, *united);
    if (out.empty())
        fail("无法写出合并结果", "cannot write the union");
    return out;
}

std::string crsDisplayName(const std::string& crs) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const detail::SrsPtr srs = detail::parseSrs(crs);
    if (!srs)
        return crs;
    const char* name = srs->GetName();
    std::string label = detail::srsLabel(*srs);
    if (name == nullptr || label == name)
        return label;
    return std::string(name) + " (" + label + ")";
}

} // namespace xw::gis
