#pragma once
// Barriers on the way to school: trunk roads, railways, rivers without a bridge (domain.md §4:
// primary day pupils should not have to cross trunk roads, highways or railways). A child's path
// to a school "crosses a barrier" when the straight segment from the demand point to the school
// intersects the barrier's line: a barrier line between two places separates them for any path
// unless the path goes round one of its ends, which the straight segment cannot. Pure geometry;
// gis reads the optional `barriers` layer (docs/dataset-format.md).
#include <xw/core/model/region.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace xw::core {

struct BarrierLine {
    std::string id;                         ///< as in the data, for messages
    std::string kind;                       ///< free text: trunk road, railway, river …
    std::vector<std::vector<PointM>> parts; ///< polylines, working CRS, ≥ 2 points each
};

/// Segments of every barrier line on a uniform grid; a query walks the grid cells the segment
/// passes through (Amanatides & Woo 1987), so it costs about the segment's length in cells.
/// Read-only after construction: safe to query from several threads.
class BarrierIndex {
public:
    /// Parts with fewer than two points or a non-finite coordinate are ignored.
    explicit BarrierIndex(const std::vector<BarrierLine>& lines);

    /// Number of distinct barrier lines the closed segment a–b intersects (touching counts).
    [[nodiscard]] int crossings(PointM a, PointM b) const;

    [[nodiscard]] std::size_t lineCount() const { return m_lineCount; }
    [[nodiscard]] std::size_t segmentCount() const { return m_segments.size(); }

private:
    struct Segment {
        PointM a, b;
        std::uint32_t line;
    };
    std::vector<Segment> m_segments;
    std::vector<std::uint32_t> m_cellStart; ///< CSR over cells
    std::vector<std::uint32_t> m_items;     ///< segment indices per cell
    double m_minX = 0, m_minY = 0, m_cell = 1.0;
    long m_nx = 0, m_ny = 0;
    std::size_t m_lineCount = 0;
};

} // namespace xw::core
