#include <xw/viewer/map/hit_test.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace xw::viewer {

namespace {

/// Even-odd point-in-polygon over every ring of the part (holes included), in world units.
bool contains(const PolygonPart& part, core::PointM p) {
    bool inside = false;
    for (const auto& ring : part.rings) {
        const std::size_t n = ring.size();
        for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
            const core::PointM& a = ring[i];
            const core::PointM& b = ring[j];
            if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
                inside = !inside;
        }
    }
    return inside;
}

bool searched(const std::vector<std::string>& ids, const std::string& id) {
    return ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

core::PointM deviceToWorld(const MapRenderResult& render, QPointF device) {
    bool invertible = false;
    const QPointF w = render.worldToDevice.inverted(&invertible).map(device);
    return {w.x(), w.y()};
}

std::optional<FeatureHit> featureAt(const MapDescription& map, const MapRenderResult& render,
                                    QPointF device, double tolerancePt,
                                    const std::vector<std::string>& layerIds) {
    if (!render.mapFrame.contains(device) || map.layers.empty())
        return std::nullopt;
    const double perPt = render.deviceUnitsPerPt > 0.0 ? render.deviceUnitsPerPt : 96.0 / 72.0;
    for (std::size_t l = map.layers.size(); l-- > 0;) {
        const MapLayer& layer = map.layers[l];
        if (layer.kind != LayerKind::Points || !searched(layerIds, layer.id))
            continue;
        double best = std::numeric_limits<double>::max();
        std::optional<std::size_t> found;
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            const MapFeature& f = layer.features[i];
            const QPointF at = render.worldToDevice.map(QPointF(f.point.x, f.point.y));
            const double d = std::hypot(at.x() - device.x(), at.y() - device.y());
            const double reach =
                (symbolDiameterPt(layer.style.symbol, f) / 2.0 + tolerancePt) * perPt;
            if (d <= reach && d < best) {
                best = d;
                found = i;
            }
        }
        if (found)
            return FeatureHit{l, *found, layer.id, layer.features[*found].id};
    }
    const core::PointM world = deviceToWorld(render, device);
    for (std::size_t l = map.layers.size(); l-- > 0;) {
        const MapLayer& layer = map.layers[l];
        if (layer.kind != LayerKind::Polygons || !searched(layerIds, layer.id))
            continue;
        for (std::size_t i = 0; i < layer.features.size(); ++i)
            for (const PolygonPart& part : layer.features[i].polygons)
                if (contains(part, world))
                    return FeatureHit{l, i, layer.id, layer.features[i].id};
    }
    return std::nullopt;
}

} // namespace xw::viewer
