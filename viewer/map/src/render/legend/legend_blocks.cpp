#include "render/legend/legend_blocks.hpp"

#include "render/attributes.hpp"
#include "render/symbols.hpp"

#include <xw/viewer/map/classify.hpp>

namespace xw::viewer::render {

namespace {

/// The lines a point layer adds below its classes: one per symbol shape shown, the size
/// examples, and the ring that marks features, with their counts.
void addPointLines(LegendBlock& b, const MapLayer& layer, SymbolShape pointShape) {
    const SymbolStyle& s = layer.style.symbol;
    if (!s.shapeAttribute.empty()) {
        std::vector<std::size_t> shapeCounts(s.shapes.size(), 0);
        for (const auto& f : layer.features) {
            const std::string key = text(attribute(f, s.shapeAttribute));
            for (std::size_t k = 0; k < s.shapes.size(); ++k)
                if (s.shapes[k].category == key)
                    ++shapeCounts[k];
        }
        for (std::size_t k = 0; k < s.shapes.size(); ++k) {
            if (shapeCounts[k] == 0)
                continue;
            LegendLine line;
            line.kind = SwatchKind::Symbol;
            line.shape = s.shapes[k].shape;
            line.label = s.shapes[k].label;
            line.colour = {0, 0, 0, 0};
            line.stroke = layer.style.stroke;
            line.count = shapeCounts[k];
            b.lines.push_back(line);
        }
    }
    if (!s.sizeAttribute.empty()) {
        for (double v : s.sizeLegendValues) {
            LegendLine line;
            line.kind = SwatchKind::Symbol;
            line.shape = pointShape;
            line.symbolPt = sizeForValuePt(s, v);
            line.label = formatNumber(v) +
                         (s.sizeLegendUnit.empty() ? std::string() : " " + s.sizeLegendUnit);
            line.colour = {0, 0, 0, 0};
            line.stroke = layer.style.stroke;
            b.lines.push_back(line);
        }
    }
    if (!s.markAttribute.empty()) {
        std::size_t m = 0;
        for (const auto& f : layer.features)
            m += marked(s, f) ? 1 : 0;
        if (m > 0) {
            LegendLine line;
            line.kind = SwatchKind::Ring;
            line.label = s.markLabel;
            line.colour = s.markColour;
            line.count = m;
            b.lines.push_back(line);
        }
    }
}

} // namespace

std::vector<LegendBlock> legendBlocks(const MapDescription& map,
                                      const std::vector<LayerClasses>& classes) {
    std::vector<LegendBlock> blocks;
    for (std::size_t li = map.layers.size(); li-- > 0;) { // top layer first
        const MapLayer& layer = map.layers[li];
        if (!layer.inLegend)
            continue;
        const LayerClasses& lc = classes[li];
        LegendBlock b;
        b.layerId = layer.id;
        const bool hasClasses = layer.style.classes.has_value();
        b.heading = hasClasses && !layer.style.classes->title.empty() ? layer.style.classes->title
                                                                      : layer.title;
        const SwatchKind kind = layer.kind == LayerKind::Lines    ? SwatchKind::Line
                                : layer.kind == LayerKind::Points ? SwatchKind::Symbol
                                                                  : SwatchKind::Fill;
        const std::size_t n =
            layer.kind == LayerKind::Grid ? layer.grid.values.size() : layer.features.size();
        if (n == 0)
            continue;
        // Colour and size swatches of a point layer take its symbol's shape when all its
        // features share one.
        SymbolShape pointShape = layer.style.symbol.shape;
        if (layer.kind == LayerKind::Points && !layer.features.empty()) {
            pointShape = shapeOf(layer.style.symbol, layer.features.front());
            for (const auto& f : layer.features)
                if (shapeOf(layer.style.symbol, f) != pointShape) {
                    pointShape = SymbolShape::Circle;
                    break;
                }
        }
        if (hasClasses) {
            const auto& c = *layer.style.classes;
            for (std::size_t k = 0; k < c.classes.size(); ++k) {
                if (lc.counts[k] == 0)
                    continue; // the legend lists the classes shown, no more
                LegendLine line;
                line.kind = kind;
                line.label = c.classes[k].label;
                line.colour = c.classes[k].colour;
                line.stroke = layer.style.stroke;
                line.shape = pointShape;
                line.count = lc.counts[k];
                b.lines.push_back(line);
            }
            if (lc.noData > 0) {
                LegendLine line;
                line.kind = kind;
                line.label = c.noDataLabel;
                line.colour = c.noData;
                line.stroke = layer.style.stroke;
                line.shape = pointShape;
                line.count = lc.noData;
                b.lines.push_back(line);
            }
            b.footnote = c.method;
        } else {
            LegendLine line;
            line.kind = kind;
            line.label = layer.title;
            line.colour = layer.style.fill;
            line.stroke = layer.style.stroke;
            line.shape = pointShape;
            line.count = n;
            b.lines.push_back(line);
            b.heading.clear();
        }
        if (layer.kind == LayerKind::Points)
            addPointLines(b, layer, pointShape);
        if (!b.lines.empty())
            blocks.push_back(std::move(b));
    }
    return blocks;
}

} // namespace xw::viewer::render
