#include "roads/network_builder.hpp"

#include "roads/road_common.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace xw::gis::detail {

using core::PointM;

NetworkBuilder::NetworkBuilder(RoadNetwork& net, double toleranceMeters)
    : m_net(net), m_tol(std::max(0.0, toleranceMeters)), m_cell(std::max(toleranceMeters, 1.0e-3)) {
}

std::size_t NetworkBuilder::addLine(const std::vector<PointM>& line) {
    std::size_t added = 0;
    std::uint32_t prev = kNone;
    for (const PointM& p : line) {
        const std::uint32_t v = vertex(p);
        if (prev != kNone && v != prev) {
            m_net.segments.push_back({prev, v, dist(m_net.vertices[prev], m_net.vertices[v])});
            ++added;
        }
        prev = v;
    }
    return added;
}

std::uint32_t NetworkBuilder::vertex(const PointM& p) {
    const auto cx = static_cast<std::int64_t>(std::floor(p.x / m_cell));
    const auto cy = static_cast<std::int64_t>(std::floor(p.y / m_cell));
    std::uint32_t best = kNone;
    double bestD = std::numeric_limits<double>::infinity();
    for (std::int64_t dy = -1; dy <= 1; ++dy)
        for (std::int64_t dx = -1; dx <= 1; ++dx) {
            const auto it = m_head.find(key(cx + dx, cy + dy));
            if (it == m_head.end())
                continue;
            for (std::uint32_t v = it->second; v != kNone; v = m_next[v]) {
                const double d = dist(p, m_net.vertices[v]);
                if (d <= m_tol && (d < bestD || (d == bestD && v < best))) {
                    best = v;
                    bestD = d;
                }
            }
        }
    if (best != kNone)
        return best;
    if (m_net.vertices.size() >= kNone)
        throw std::length_error("road network: more than 4 billion vertices");
    const auto v = static_cast<std::uint32_t>(m_net.vertices.size());
    m_net.vertices.push_back(p);
    auto [it, inserted] = m_head.try_emplace(key(cx, cy), v);
    m_next.push_back(inserted ? kNone : it->second);
    it->second = v;
    return v;
}

std::uint64_t NetworkBuilder::key(std::int64_t x, std::int64_t y) {
    return static_cast<std::uint64_t>(x) * 0x9E3779B97F4A7C15ULL ^ static_cast<std::uint64_t>(y);
}

} // namespace xw::gis::detail
