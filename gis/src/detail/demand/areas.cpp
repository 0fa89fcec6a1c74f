// Built-up areas and barriers to walking.
#include "detail/demand/layer_reader.hpp"
#include "detail/demand/loaders.hpp"

#include <cmath>

namespace xw::gis::detail::demand {

void loadBuiltUp(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out) {
    const Reader r(s, {}, true, working, out.problems);
    const GeosContext geos;
    r.forEach([&](OGRFeature& f, std::size_t row) {
        const std::string id = rowId(row);
        OGRGeometryUniquePtr g = r.geometry(f, id);
        if (!g)
            return;
        if (!isPolygonal(*g)) {
            r.error(id, "", std::string("不是面 / not a polygon: ") + g->getGeometryName());
            return;
        }
        const GeomPtr poly = validPolygon(geos, *g, r, id);
        if (poly)
            out.builtUp.push_back(toWkb(geos, *poly));
    });
}

void loadBarriers(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out) {
    const Reader r(s, {{"id", false}, {"kind", false}}, true, working, out.problems);
    r.forEach([&](OGRFeature& f, std::size_t row) {
        bool bad = false;
        core::BarrierLine line;
        line.id = r.text(f, "id", rowId(row), bad).value_or(rowId(row));
        line.kind = r.text(f, "kind", line.id, bad).value_or("");
        OGRGeometryUniquePtr g = r.geometry(f, line.id);
        if (!g)
            return;
        const auto addCurve = [&](const OGRSimpleCurve& c) {
            std::vector<core::PointM> part;
            part.reserve(static_cast<std::size_t>(c.getNumPoints()));
            for (int k = 0; k < c.getNumPoints(); ++k)
                part.push_back({c.getX(k), c.getY(k)});
            if (part.size() >= 2)
                line.parts.push_back(std::move(part));
        };
        const auto addPolygon = [&](const OGRPolygon& p) {
            for (const OGRLinearRing* ring : p)
                addCurve(*ring);
        };
        switch (wkbFlatten(g->getGeometryType())) {
        case wkbLineString:
            addCurve(*g->toLineString());
            break;
        case wkbMultiLineString:
            for (const OGRLineString* l : *g->toMultiLineString())
                addCurve(*l);
            break;
        case wkbPolygon: // a river drawn as an area: its banks
            addPolygon(*g->toPolygon());
            break;
        case wkbMultiPolygon:
            for (const OGRPolygon* p : *g->toMultiPolygon())
                addPolygon(*p);
            break;
        default:
            r.error(line.id, "",
                    std::string("不是线或面 / not a line or polygon: ") + g->getGeometryName());
            return;
        }
        for (const auto& part : line.parts)
            for (const core::PointM& p : part)
                if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
                    r.error(line.id, "", "坐标不是有限数 / coordinate is not a finite number");
                    return;
                }
        if (line.parts.empty()) {
            r.error(line.id, "", "线少于两个点 / line has fewer than two points");
            return;
        }
        out.barriers.push_back(std::move(line));
    });
}

} // namespace xw::gis::detail::demand
