#include <xw/viewer/map/map_description.hpp>

#include <algorithm>
#include <cmath>

namespace xw::viewer {

Extent Extent::grown(double fraction) const {
    const double dx = width() * fraction;
    const double dy = height() * fraction;
    return {minX - dx, minY - dy, maxX + dx, maxY + dy};
}

Extent layersExtent(const MapDescription& map) {
    Extent e;
    bool any = false;
    auto add = [&](const core::PointM& p) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            return;
        if (!any) {
            e = {p.x, p.y, p.x, p.y};
            any = true;
        } else {
            e.minX = std::min(e.minX, p.x);
            e.minY = std::min(e.minY, p.y);
            e.maxX = std::max(e.maxX, p.x);
            e.maxY = std::max(e.maxY, p.y);
        }
    };
    for (const auto& layer : map.layers) {
        for (const auto& f : layer.features) {
            switch (layer.kind) {
            case LayerKind::Polygons:
                for (const auto& part : f.polygons)
                    for (const auto& ring : part.rings)
                        for (const auto& p : ring)
                            add(p);
                break;
            case LayerKind::Lines:
                for (const auto& line : f.lines)
                    for (const auto& p : line)
                        add(p);
                break;
            case LayerKind::Points:
                add(f.point);
                break;
            case LayerKind::Grid:
                break;
            }
        }
        const double half = layer.grid.cellMeters / 2.0;
        for (const auto& c : layer.grid.centres) {
            add({c.x - half, c.y - half});
            add({c.x + half, c.y + half});
        }
    }
    return e;
}

} // namespace xw::viewer
