#include <xw/core/allocation/barriers.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace xw::core {
namespace {

/// Sign of the cross product (b − a) × (c − a): > 0 left turn, < 0 right, 0 collinear.
double orient(PointM a, PointM b, PointM c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool onSegment(PointM a, PointM b, PointM p) {
    return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
           p.y <= std::max(a.y, b.y);
}

/// Closed segments p1–p2 and q1–q2 intersect (touching and collinear overlap included).
bool intersect(PointM p1, PointM p2, PointM q1, PointM q2) {
    const double d1 = orient(q1, q2, p1);
    const double d2 = orient(q1, q2, p2);
    const double d3 = orient(p1, p2, q1);
    const double d4 = orient(p1, p2, q2);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        return true;
    return (d1 == 0 && onSegment(q1, q2, p1)) || (d2 == 0 && onSegment(q1, q2, p2)) ||
           (d3 == 0 && onSegment(p1, p2, q1)) || (d4 == 0 && onSegment(p1, p2, q2));
}

/// Calls f(cell) for every cell of the grid (origin minX, minY; square cells of `cell` metres;
/// nx × ny cells) that the closed segment a–b passes through, each at most once, in order along
/// the segment (Amanatides & Woo 1987). The segment is first clipped to the grid's box
/// (Liang–Barsky). Where the segment passes within a whisker of a cell corner, both neighbours of
/// the corner are visited, so rounding never skips a cell the segment touches.
template <class F>
void walkCells(PointM a, PointM b, double minX, double minY, double cell, long nx, long ny, F&& f) {
    const double boxX1 = minX + static_cast<double>(nx) * cell;
    const double boxY1 = minY + static_cast<double>(ny) * cell;
    double t0 = 0.0, t1 = 1.0;
    const double dx = b.x - a.x, dy = b.y - a.y;
    const auto clip = [&](double p, double q) {
        if (p == 0.0)
            return q >= 0.0;
        const double r = q / p;
        if (p < 0.0) {
            if (r > t1)
                return false;
            t0 = std::max(t0, r);
        } else {
            if (r < t0)
                return false;
            t1 = std::min(t1, r);
        }
        return true;
    };
    if (!clip(-dx, a.x - minX) || !clip(dx, boxX1 - a.x) || !clip(-dy, a.y - minY) ||
        !clip(dy, boxY1 - a.y))
        return;
    const auto cellX = [&](double x) {
        return std::clamp(static_cast<long>(std::floor((x - minX) / cell)), 0L, nx - 1);
    };
    const auto cellY = [&](double y) {
        return std::clamp(static_cast<long>(std::floor((y - minY) / cell)), 0L, ny - 1);
    };
    long cx = cellX(a.x + t0 * dx);
    long cy = cellY(a.y + t0 * dy);
    const long ex = cellX(a.x + t1 * dx);
    const long ey = cellY(a.y + t1 * dy);
    const long stepX = ex > cx ? 1 : (ex < cx ? -1 : 0);
    const long stepY = ey > cy ? 1 : (ey < cy ? -1 : 0);
    const double inf = std::numeric_limits<double>::infinity();
    // Parameter t along a–b at which the walk crosses the next vertical / horizontal line.
    const auto nextT = [&](long c, long step, double origin, double from, double d) {
        if (step == 0)
            return inf;
        const double line = origin + static_cast<double>(c + (step > 0 ? 1 : 0)) * cell;
        return (line - from) / d;
    };
    const double deltaX = stepX != 0 ? cell / std::abs(dx) : inf;
    const double deltaY = stepY != 0 ? cell / std::abs(dy) : inf;
    double tx = nextT(cx, stepX, minX, a.x, dx);
    double ty = nextT(cy, stepY, minY, a.y, dy);
    const double whisker = 1e-9;
    const auto emit = [&](long x, long y) { f(static_cast<std::size_t>(y * nx + x)); };
    emit(cx, cy);
    while (cx != ex || cy != ey) {
        if (cx != ex && (cy == ey || tx < ty - whisker)) {
            cx += stepX;
            tx += deltaX;
        } else if (cy != ey && (cx == ex || ty < tx - whisker)) {
            cy += stepY;
            ty += deltaY;
        } else { // through a corner: both side cells, then the diagonal one
            emit(cx + stepX, cy);
            emit(cx, cy + stepY);
            cx += stepX;
            cy += stepY;
            tx += deltaX;
            ty += deltaY;
        }
        emit(cx, cy);
    }
}

} // namespace

BarrierIndex::BarrierIndex(const std::vector<BarrierLine>& lines) {
    double maxX = -std::numeric_limits<double>::infinity();
    double maxY = maxX;
    m_minX = m_minY = std::numeric_limits<double>::infinity();
    double length = 0.0;
    for (std::size_t l = 0; l < lines.size(); ++l) {
        bool any = false;
        for (const auto& part : lines[l].parts) {
            bool finite = part.size() >= 2;
            for (const PointM& p : part)
                finite = finite && std::isfinite(p.x) && std::isfinite(p.y);
            if (!finite)
                continue;
            for (std::size_t k = 0; k + 1 < part.size(); ++k) {
                m_segments.push_back({part[k], part[k + 1], static_cast<std::uint32_t>(l)});
                length += std::hypot(part[k + 1].x - part[k].x, part[k + 1].y - part[k].y);
                any = true;
            }
            for (const PointM& p : part) {
                m_minX = std::min(m_minX, p.x);
                m_minY = std::min(m_minY, p.y);
                maxX = std::max(maxX, p.x);
                maxY = std::max(maxY, p.y);
            }
        }
        m_lineCount += any ? 1 : 0;
    }
    if (m_segments.empty())
        return;
    // Cells about the mean segment length, at most ~4 million cells.
    const double w = std::max(maxX - m_minX, 1.0);
    const double h = std::max(maxY - m_minY, 1.0);
    m_cell =
        std::max({length / static_cast<double>(m_segments.size()), 1.0, std::sqrt(w * h / 4.0e6)});
    m_nx = static_cast<long>(w / m_cell) + 1;
    m_ny = static_cast<long>(h / m_cell) + 1;
    const auto cellsOf = [&](const Segment& seg, auto&& f) {
        walkCells(seg.a, seg.b, m_minX, m_minY, m_cell, m_nx, m_ny, f);
    };
    m_cellStart.assign(static_cast<std::size_t>(m_nx * m_ny) + 1, 0);
    for (const Segment& s : m_segments)
        cellsOf(s, [&](std::size_t c) { ++m_cellStart[c + 1]; });
    for (std::size_t c = 1; c < m_cellStart.size(); ++c)
        m_cellStart[c] += m_cellStart[c - 1];
    m_items.resize(m_cellStart.back());
    std::vector<std::uint32_t> next(m_cellStart.begin(), m_cellStart.end() - 1);
    for (std::uint32_t k = 0; k < m_segments.size(); ++k)
        cellsOf(m_segments[k], [&](std::size_t c) { m_items[next[c]++] = k; });
}

int BarrierIndex::crossings(PointM a, PointM b) const {
    if (m_segments.empty())
        return 0;
    std::vector<std::uint32_t> lines;
    walkCells(a, b, m_minX, m_minY, m_cell, m_nx, m_ny, [&](std::size_t c) {
        for (std::uint32_t k = m_cellStart[c]; k < m_cellStart[c + 1]; ++k) {
            const Segment& seg = m_segments[m_items[k]];
            if (std::find(lines.begin(), lines.end(), seg.line) == lines.end() &&
                intersect(a, b, seg.a, seg.b))
                lines.push_back(seg.line);
        }
    });
    return static_cast<int>(lines.size());
}

} // namespace xw::core
