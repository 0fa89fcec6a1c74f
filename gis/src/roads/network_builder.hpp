#pragma once
// Internal to the road networks: turns polylines into a RoadNetwork's vertices and segments.
// Not installed.
#include <xw/gis/road_network.hpp>

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace xw::gis::detail {

/// Adds lines to a RoadNetwork, merging coordinates within the tolerance into one vertex: a hash
/// grid with cells of the tolerance's size, so a coordinate's possible partners lie in the 3 × 3
/// cells around it. Collisions of the cell hash only add candidates that the distance test drops.
class NetworkBuilder {
public:
    /// Adds to `net` (which must outlive the builder); coordinates closer than
    /// `toleranceMeters` become one vertex.
    NetworkBuilder(RoadNetwork& net, double toleranceMeters);

    /// Adds one polyline; returns the number of segments it gave.
    /// \throws std::length_error past 4 billion vertices.
    std::size_t addLine(const std::vector<core::PointM>& line);

private:
    std::uint32_t vertex(const core::PointM& p);
    static std::uint64_t key(std::int64_t x, std::int64_t y);

    RoadNetwork& m_net;
    double m_tol;
    double m_cell;
    std::unordered_map<std::uint64_t, std::uint32_t> m_head; ///< cell → last vertex added
    std::vector<std::uint32_t> m_next;                       ///< vertex → previous in its cell
};

} // namespace xw::gis::detail
