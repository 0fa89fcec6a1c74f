#pragma once
// Greedy label placement with collision boxes (no Qt): labels are taken from the highest priority
// down; each tries its candidate positions in order and takes the first that stays inside the
// bounds and overlaps neither an obstacle nor a label already placed; a label with no free
// position is dropped. The same greedy rule as QGIS's and Mapnik's simple placement; not an
// optimal packing.
#include <cstddef>
#include <vector>

namespace xw::viewer {

/// A rectangle in device units (x right, y down).
struct Box {
    double x = 0.0;
    double y = 0.0;
    double w = 0.0;
    double h = 0.0;

    [[nodiscard]] double right() const { return x + w; }
    [[nodiscard]] double bottom() const { return y + h; }
    /// True when the interiors intersect (touching edges do not).
    [[nodiscard]] bool overlaps(const Box& o) const {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }
    [[nodiscard]] bool inside(const Box& o) const {
        return x >= o.x && y >= o.y && right() <= o.right() && bottom() <= o.bottom();
    }
};

struct LabelCandidate {
    std::vector<Box> positions; ///< in order of preference
    double priority = 0.0;      ///< higher first; ties keep input order
};

struct PlacedLabel {
    std::size_t candidate = 0; ///< index into the candidates
    std::size_t position = 0;  ///< index into its positions
    Box box;
};

/// Places labels greedily. `padding` (device units, ≥ 0) is kept free around every placed label.
/// Result in placement order (highest priority first). O(n · positions · local density) with a
/// uniform grid over `bounds`.
[[nodiscard]] std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates,
                                                   const std::vector<Box>& obstacles,
                                                   const Box& bounds, double padding = 0.0);

} // namespace xw::viewer
