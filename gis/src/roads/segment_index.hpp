#pragma once
// Internal to the road networks: the nearest segment of a set to a point. Not installed.
#include "roads/road_common.hpp"

#include <xw/gis/road_network.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace xw::gis::detail {

/// Nearest segment of a set, by a uniform grid over the segments: a segment is listed in every
/// cell it passes through, so the point of a segment nearest to p lies in a listed cell, and a
/// cell k rings away from p's cell is at least (k − 1) cells away.
class SegmentIndex {
public:
    /// Indexes `segments` (indices into net.segments) of `net`, which must outlive the index.
    SegmentIndex(const RoadNetwork& net, std::vector<std::uint32_t> segments);

    /// A nearest point: its segment, where along it and how far from the point, metres.
    struct Hit {
        std::uint32_t segment = kNone;
        double t = 0.0; ///< 0 at the segment's a, 1 at b
        core::PointM at;
        double d = std::numeric_limits<double>::infinity();
    };

    /// The nearest point on the nearest segment (ties: lowest segment index). The search starts
    /// from the cell nearest p (clamped into the grid), visits square rings of cells, only those
    /// inside the grid, and stops when no unvisited cell can hold a nearer segment: at most
    /// max(nx, ny) rings wherever p lies, however the segments are laid out.
    [[nodiscard]] Hit nearest(const core::PointM& p) const;

private:
    void consider(const core::PointM& p, std::uint32_t s, Hit& best) const;

    [[nodiscard]] long cx(double x) const {
        return std::clamp(static_cast<long>(std::floor((x - m_minX) / m_cell)), 0L, m_nx - 1);
    }
    [[nodiscard]] long cy(double y) const {
        return std::clamp(static_cast<long>(std::floor((y - m_minY) / m_cell)), 0L, m_ny - 1);
    }

    /// Every cell the segment passes through (row by row: the x range of the segment within the
    /// row's band, widened by a micrometre against rounding).
    template <typename F> void forEachCell(std::uint32_t s, F&& f) const;

    const RoadNetwork& m_net;
    std::vector<std::uint32_t> m_segments;
    double m_minX = 0, m_minY = 0, m_cell = 1.0;
    long m_nx = 0, m_ny = 0;
    std::vector<std::size_t> m_start;
    std::vector<std::uint32_t> m_items;
};

} // namespace xw::gis::detail
