#include "roads/segment_index.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace xw::gis::detail {

using core::PointM;

template <typename F> void SegmentIndex::forEachCell(std::uint32_t s, F&& f) const {
    const PointM& a = m_net.vertices[m_net.segments[s].a];
    const PointM& b = m_net.vertices[m_net.segments[s].b];
    const double y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
    for (long row = cy(y0); row <= cy(y1); ++row) {
        const double lo = std::max(y0, m_minY + static_cast<double>(row) * m_cell);
        const double hi = std::min(y1, m_minY + static_cast<double>(row + 1) * m_cell);
        double xlo = std::min(a.x, b.x), xhi = std::max(a.x, b.x);
        if (b.y != a.y) {
            const double xa = a.x + (lo - a.y) / (b.y - a.y) * (b.x - a.x);
            const double xb = a.x + (hi - a.y) / (b.y - a.y) * (b.x - a.x);
            xlo = std::max(xlo, std::min(xa, xb));
            xhi = std::min(xhi, std::max(xa, xb));
        }
        for (long col = cx(xlo - 1e-6); col <= cx(xhi + 1e-6); ++col)
            f(static_cast<std::size_t>(row * m_nx + col));
    }
}

SegmentIndex::SegmentIndex(const RoadNetwork& net, std::vector<std::uint32_t> segments)
    : m_net(net), m_segments(std::move(segments)) {
    if (m_segments.empty())
        return;
    m_minX = m_minY = std::numeric_limits<double>::infinity();
    double maxX = -m_minX, maxY = -m_minY;
    for (const std::uint32_t s : m_segments)
        for (const std::uint32_t v : {m_net.segments[s].a, m_net.segments[s].b}) {
            const PointM& p = m_net.vertices[v];
            m_minX = std::min(m_minX, p.x);
            m_minY = std::min(m_minY, p.y);
            maxX = std::max(maxX, p.x);
            maxY = std::max(maxY, p.y);
        }
    const double area = std::max(maxX - m_minX, 1.0) * std::max(maxY - m_minY, 1.0);
    m_cell = std::max(std::sqrt(area / static_cast<double>(m_segments.size())), 1.0);
    m_nx = static_cast<long>((maxX - m_minX) / m_cell) + 1;
    m_ny = static_cast<long>((maxY - m_minY) / m_cell) + 1;
    m_start.assign(static_cast<std::size_t>(m_nx * m_ny) + 1, 0);
    for (const std::uint32_t s : m_segments)
        forEachCell(s, [&](std::size_t c) { ++m_start[c + 1]; });
    for (std::size_t c = 1; c < m_start.size(); ++c)
        m_start[c] += m_start[c - 1];
    m_items.resize(m_start.back());
    std::vector<std::size_t> next(m_start.begin(), m_start.end() - 1);
    for (const std::uint32_t s : m_segments)
        forEachCell(s, [&](std::size_t c) { m_items[next[c]++] = s; });
}

SegmentIndex::Hit SegmentIndex::nearest(const PointM& p) const {
    Hit best;
    if (m_items.empty())
        return best;
    const long cxp = cx(p.x);
    const long cyp = cy(p.y);
    const long maxRing = std::max({cxp, m_nx - 1 - cxp, cyp, m_ny - 1 - cyp});
    const auto visit = [&](long x, long y) {
        const auto c = static_cast<std::size_t>(y * m_nx + x);
        for (std::size_t k = m_start[c]; k < m_start[c + 1]; ++k)
            consider(p, m_items[k], best);
    };
    // Distance from p to the box of cells [x0, x1] × [y0, y1] (cell i spans
    // [min + i·cell, min + (i + 1)·cell]).
    const auto boxDistance = [&](long x0, long x1, long y0, long y1) {
        const double dx = std::max({0.0, m_minX + static_cast<double>(x0) * m_cell - p.x,
                                    p.x - (m_minX + static_cast<double>(x1 + 1) * m_cell)});
        const double dy = std::max({0.0, m_minY + static_cast<double>(y0) * m_cell - p.y,
                                    p.y - (m_minY + static_cast<double>(y1 + 1) * m_cell)});
        return std::sqrt(dx * dx + dy * dy);
    };
    for (long ring = 0; ring <= maxRing; ++ring) {
        const long x0 = cxp - ring, x1 = cxp + ring, y0 = cyp - ring, y1 = cyp + ring;
        if (ring == 0) {
            visit(cxp, cyp);
        } else {
            for (const long y : {y0, y1})
                if (y >= 0 && y < m_ny)
                    for (long x = std::max(x0, 0L); x <= std::min(x1, m_nx - 1); ++x)
                        visit(x, y);
            for (const long x : {x0, x1})
                if (x >= 0 && x < m_nx)
                    for (long y = std::max(y0 + 1, 0L); y <= std::min(y1 - 1, m_ny - 1); ++y)
                        visit(x, y);
        }
        if (ring == maxRing || best.segment == kNone)
            continue;
        // A segment's nearest point to p lies in a cell that lists it, so every segment not
        // yet seen is at least as far as the nearest unvisited cell.
        double bound = std::numeric_limits<double>::infinity();
        if (x0 > 0)
            bound = std::min(bound, boxDistance(0, x0 - 1, 0, m_ny - 1));
        if (x1 < m_nx - 1)
            bound = std::min(bound, boxDistance(x1 + 1, m_nx - 1, 0, m_ny - 1));
        if (y0 > 0)
            bound = std::min(bound, boxDistance(0, m_nx - 1, 0, y0 - 1));
        if (y1 < m_ny - 1)
            bound = std::min(bound, boxDistance(0, m_nx - 1, y1 + 1, m_ny - 1));
        if (bound > best.d + 1e-9 * (1.0 + best.d))
            break;
    }
    return best;
}

void SegmentIndex::consider(const PointM& p, std::uint32_t s, Hit& best) const {
    const PointM& a = m_net.vertices[m_net.segments[s].a];
    const PointM& b = m_net.vertices[m_net.segments[s].b];
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const PointM at{a.x + t * dx, a.y + t * dy};
    const double d = dist(p, at);
    if (d < best.d || (d == best.d && s < best.segment))
        best = {s, t, at, d};
}

} // namespace xw::gis::detail
