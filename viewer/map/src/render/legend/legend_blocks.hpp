#pragma once
// Internal to the map renderer: the legend as plain lines, built from the layers and their
// classes before anything is painted (the layout needs its size). Not installed.
#include "render/layer_classes.hpp"

#include <xw/viewer/map/map_description.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace xw::viewer::render {

/// How a legend line's swatch is drawn.
enum class SwatchKind { Fill, Line, Symbol, Ring };

struct LegendLine {
    SwatchKind kind = SwatchKind::Fill;
    std::string label;
    Rgba colour;
    Stroke stroke;
    SymbolShape shape = SymbolShape::Circle;
    double symbolPt = 7.0;
    std::size_t count = 0;
};

struct LegendBlock {
    std::string layerId;
    std::string heading;
    std::vector<LegendLine> lines;
    std::string footnote;
};

/// The legend's blocks, top layer first: one line per class shown (with its count), the no-data
/// line, and for point layers the symbol shapes, sizes and the marking ring. `classes` holds one
/// entry per layer of `map`.
[[nodiscard]] std::vector<LegendBlock> legendBlocks(const MapDescription& map,
                                                    const std::vector<LayerClasses>& classes);

} // namespace xw::viewer::render
