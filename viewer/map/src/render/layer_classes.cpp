#include "render/layer_classes.hpp"

#include "render/attributes.hpp"

#include <xw/viewer/map/classify.hpp>

namespace xw::viewer::render {

LayerClasses classify(const MapLayer& layer) {
    LayerClasses out;
    if (!layer.style.classes)
        return out;
    const Classification& c = *layer.style.classes;
    out.counts.assign(c.classes.size(), 0);
    auto tally = [&](std::optional<std::size_t> k) {
        if (k)
            ++out.counts[*k];
        else
            ++out.noData;
        out.ofFeature.push_back(k);
    };
    if (layer.kind == LayerKind::Grid) {
        out.ofFeature.reserve(layer.grid.values.size());
        for (double v : layer.grid.values)
            tally(classOf(c, v));
    } else {
        out.ofFeature.reserve(layer.features.size());
        for (const auto& f : layer.features)
            tally(classOf(c, attribute(f, c.attribute)));
    }
    return out;
}

Rgba colourOf(const MapLayer& layer, const LayerClasses& lc, std::size_t i) {
    if (!layer.style.classes)
        return layer.style.fill;
    const auto& k = lc.ofFeature[i];
    return k ? layer.style.classes->classes[*k].colour : layer.style.classes->noData;
}

} // namespace xw::viewer::render
