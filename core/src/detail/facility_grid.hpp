#pragma once
// Uniform grid over facility locations: nearest, k-nearest, fixed-radius and price-bounded
// queries (internal to core; the one facility index of the allocation and the transport solver).
//
// Cells are squares of about two sites each, at most 4096 per side, so the grid's size is bounded
// by the number of sites whatever their layout. The nearest searches start from the cell nearest
// the query point (clamped into the grid, so a point far outside costs no more than one inside),
// visit the grid in square rings of cells, only the cells of each ring that lie in the grid, and
// stop as soon as no unvisited cell can hold a nearer site (a lower bound from the cell boxes).
// Coincident sites, a single site, sites on a line and query points far away all take a bounded
// number of rings: no search grows by a fixed distance per ring.
#include <xw/core/allocation/transport.hpp>
#include <xw/core/model/region.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace xw::core::detail {

class FacilityGrid {
public:
    static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

    /// Indexes `sites`, which must outlive the grid and stay unchanged.
    explicit FacilityGrid(const std::vector<PointM>& sites) : m_sites(&sites) {
        const std::size_t m = sites.size();
        if (m == 0) {
            return;
        }
        double maxX = sites[0].x;
        double maxY = sites[0].y;
        m_minX = sites[0].x;
        m_minY = sites[0].y;
        for (const PointM& s : sites) {
            m_minX = std::min(m_minX, s.x);
            m_minY = std::min(m_minY, s.y);
            maxX = std::max(maxX, s.x);
            maxY = std::max(maxY, s.y);
        }
        const double w = std::max(maxX - m_minX, 1.0);
        const double h = std::max(maxY - m_minY, 1.0);
        // About two sites per cell.
        m_cell = std::max(std::sqrt(w * h * 2.0 / static_cast<double>(m)), 1.0);
        m_nx = static_cast<int>(std::min(w / m_cell, 4096.0)) + 1;
        m_ny = static_cast<int>(std::min(h / m_cell, 4096.0)) + 1;
        m_cell = std::max(w / (m_nx - 0.5), h / (m_ny - 0.5));
        std::vector<std::uint32_t> count(static_cast<std::size_t>(m_nx) * m_ny + 1, 0);
        std::vector<std::uint32_t> cellOf(m);
        for (std::size_t j = 0; j < m; ++j) {
            cellOf[j] = cellIndex(cellX(sites[j].x), cellY(sites[j].y));
            ++count[cellOf[j] + 1];
        }
        for (std::size_t c = 1; c < count.size(); ++c) {
            count[c] += count[c - 1];
        }
        m_cellStart = count;
        m_items.resize(m);
        for (std::size_t j = 0; j < m; ++j) {
            m_items[count[cellOf[j]]++] = static_cast<std::uint32_t>(j);
        }
    }

    /// The nearest site to p and its straight-line distance (ties: the lowest index);
    /// {kNone, +infinity} when there is no site.
    [[nodiscard]] std::pair<std::uint32_t, double> nearest(PointM p) const {
        std::uint32_t best = kNone;
        double bestD = std::numeric_limits<double>::infinity();
        const std::vector<PointM>& sites = *m_sites;
        searchRings(
            p,
            [&](std::uint32_t j) {
                const double d = straightLineMeters(p, sites[j]);
                if (d < bestD || (d == bestD && j < best)) {
                    bestD = d;
                    best = j;
                }
            },
            [&](double lowerBound) { return best != kNone && beyond(lowerBound, bestD); });
        return {best, bestD};
    }

    /// The k nearest sites to p (k ≤ number of sites), nearest first, ties by index. Also returns
    /// the distance of the k-th; on return heap holds the (distance, site) pairs in that order.
    double nearest(PointM p, std::size_t k, std::vector<std::uint32_t>& out,
                   std::vector<std::pair<double, std::uint32_t>>& heap) const {
        out.clear();
        heap.clear();
        const std::vector<PointM>& sites = *m_sites;
        if (k == 0 || sites.empty()) {
            return 0.0;
        }
        searchRings(
            p,
            [&](std::uint32_t j) {
                const double dx = sites[j].x - p.x;
                const double dy = sites[j].y - p.y;
                if (heap.size() == k) {
                    // Cheap reject of sites certainly farther than the k-th so far (the margin
                    // covers the rounding of both forms, so the result equals the sqrt-only one).
                    const double top = heap.front().first;
                    if (dx * dx + dy * dy > top * top * (1.0 + 1e-9)) {
                        return;
                    }
                }
                const double d = std::sqrt(dx * dx + dy * dy); // = straightLineMeters
                const std::pair<double, std::uint32_t> item{d, j};
                if (heap.size() < k) {
                    heap.push_back(item);
                    std::push_heap(heap.begin(), heap.end());
                } else if (item < heap.front()) {
                    std::pop_heap(heap.begin(), heap.end());
                    heap.back() = item;
                    std::push_heap(heap.begin(), heap.end());
                }
            },
            [&](double lowerBound) {
                return heap.size() == k && beyond(lowerBound, heap.front().first);
            });
        std::sort_heap(heap.begin(), heap.end());
        for (const auto& [d, j] : heap) {
            out.push_back(j);
        }
        return heap.back().first;
    }

    /// Calls f(j, distance) for every site within radius of p (cells in row order, sites in index
    /// order within a cell).
    template <class F> void within(PointM p, double radius, F&& f) const {
        const std::vector<PointM>& sites = *m_sites;
        if (sites.empty()) {
            return;
        }
        const int x0 = cellX(p.x - radius);
        const int x1 = cellX(p.x + radius);
        const int y0 = cellY(p.y - radius);
        const int y1 = cellY(p.y + radius);
        for (int y = y0; y <= y1; ++y) {
            for (int x = x0; x <= x1; ++x) {
                const std::uint32_t c = cellIndex(x, y);
                for (std::uint32_t t = m_cellStart[c]; t < m_cellStart[c + 1]; ++t) {
                    const std::uint32_t j = m_items[t];
                    const double d = straightLineMeters(sites[j], p);
                    if (d <= radius) {
                        f(j, d);
                    }
                }
            }
        }
    }

    /// Lower bounds for withinPriced: the least price (integer centimetres) of the sites in
    /// each cell and in each block of kBlock × kBlock cells (kNoSite where there is none).
    static constexpr std::int64_t kNoSite = std::numeric_limits<std::int64_t>::max() / 4;
    static constexpr int kBlock = 4;
    struct PriceBounds {
        std::vector<std::int64_t> cell;
        std::vector<std::int64_t> block;
    };
    void priceBounds(const std::vector<std::int64_t>& priceCm, PriceBounds& b) const {
        const int bx = (m_nx + kBlock - 1) / kBlock;
        const int by = (m_ny + kBlock - 1) / kBlock;
        b.cell.assign(static_cast<std::size_t>(m_nx) * m_ny, kNoSite);
        b.block.assign(static_cast<std::size_t>(bx) * by, kNoSite);
        for (int y = 0; y < m_ny; ++y) {
            for (int x = 0; x < m_nx; ++x) {
                const std::uint32_t c = cellIndex(x, y);
                std::int64_t least = kNoSite;
                for (std::uint32_t t = m_cellStart[c]; t < m_cellStart[c + 1]; ++t) {
                    least = std::min(least, priceCm[m_items[t]]);
                }
                b.cell[c] = least;
                auto& blk = b.block[static_cast<std::size_t>(y / kBlock) * bx + x / kBlock];
                blk = std::min(blk, least);
            }
        }
    }

    /// Calls f(j) for every site j whose cell does not prove straight-line cost (centimetres,
    /// rounded) + price ≥ boundCm; the caller tests each site exactly. With prices ≥ 0 this
    /// finds every site with cost + price < boundCm.
    template <class F>
    void withinPriced(PointM p, std::int64_t boundCm, const PriceBounds& b, F&& f) const {
        if (m_sites->empty()) {
            return;
        }
        const double radius = (static_cast<double>(boundCm) + 1.0) / 100.0;
        const int x0 = cellX(p.x - radius);
        const int x1 = cellX(p.x + radius);
        const int y0 = cellY(p.y - radius);
        const int y1 = cellY(p.y + radius);
        const int bx = (m_nx + kBlock - 1) / kBlock;
        // Lower bound (cm) on the rounded straight-line cost from p to any point of the cells
        // [cx0, cx1] × [cy0, cy1].
        const auto lowerBound = [&](int cx0, int cx1, int cy0, int cy1) {
            const double lox = m_minX + (cx0 - 0.5) * m_cell;
            const double hix = m_minX + (cx1 + 0.5) * m_cell;
            const double loy = m_minY + (cy0 - 0.5) * m_cell;
            const double hiy = m_minY + (cy1 + 0.5) * m_cell;
            const double dx = std::max({0.0, lox - p.x, p.x - hix});
            const double dy = std::max({0.0, loy - p.y, p.y - hiy});
            return static_cast<std::int64_t>(std::floor(std::sqrt(dx * dx + dy * dy) * 100.0)) - 1;
        };
        for (int by = y0 / kBlock; by <= y1 / kBlock; ++by) {
            for (int bxi = x0 / kBlock; bxi <= x1 / kBlock; ++bxi) {
                const std::int64_t blockMin = b.block[static_cast<std::size_t>(by) * bx + bxi];
                const int cx0 = std::max(bxi * kBlock, x0);
                const int cx1 = std::min(bxi * kBlock + kBlock - 1, x1);
                const int cy0 = std::max(by * kBlock, y0);
                const int cy1 = std::min(by * kBlock + kBlock - 1, y1);
                if (blockMin >= kNoSite || lowerBound(cx0, cx1, cy0, cy1) + blockMin >= boundCm) {
                    continue;
                }
                for (int y = cy0; y <= cy1; ++y) {
                    for (int x = cx0; x <= cx1; ++x) {
                        const std::uint32_t c = cellIndex(x, y);
                        const std::int64_t cellMin = b.cell[c];
                        if (cellMin >= kNoSite || lowerBound(x, x, y, y) + cellMin >= boundCm) {
                            continue;
                        }
                        for (std::uint32_t t = m_cellStart[c]; t < m_cellStart[c + 1]; ++t) {
                            f(m_items[t]);
                        }
                    }
                }
            }
        }
    }

private:
    /// True when every site at least `lowerBound` away is certainly farther than `distance` (a
    /// relative margin covers the rounding of the two computations, so ties are never missed).
    [[nodiscard]] static bool beyond(double lowerBound, double distance) {
        return lowerBound > distance + 1e-9 * (1.0 + distance);
    }

    /// Distance from p to the box of cells [x0, x1] × [y0, y1] (cell i spans
    /// minX + (i ± ½)·cell), 0 inside.
    [[nodiscard]] double boxDistance(PointM p, int x0, int x1, int y0, int y1) const {
        const double lox = m_minX + (x0 - 0.5) * m_cell;
        const double hix = m_minX + (x1 + 0.5) * m_cell;
        const double loy = m_minY + (y0 - 0.5) * m_cell;
        const double hiy = m_minY + (y1 + 0.5) * m_cell;
        const double dx = std::max({0.0, lox - p.x, p.x - hix});
        const double dy = std::max({0.0, loy - p.y, p.y - hiy});
        return std::sqrt(dx * dx + dy * dy);
    }

    /// Visits the sites of the grid ring by ring around the cell nearest p (visit(j) once per
    /// site) until done(lowerBound) says that no unvisited cell, at least lowerBound away, can
    /// matter. Only cells inside the grid are touched, each once; at most max(nx, ny) rings.
    template <class Visit, class Done>
    void searchRings(PointM p, Visit&& visit, Done&& done) const {
        if (m_sites->empty()) {
            return;
        }
        const int cx = cellX(p.x);
        const int cy = cellY(p.y);
        const int maxRing = std::max({cx, m_nx - 1 - cx, cy, m_ny - 1 - cy});
        const auto visitCell = [&](int x, int y) {
            const std::uint32_t c = cellIndex(x, y);
            for (std::uint32_t t = m_cellStart[c]; t < m_cellStart[c + 1]; ++t) {
                visit(m_items[t]);
            }
        };
        for (int r = 0; r <= maxRing; ++r) {
            const int x0 = cx - r;
            const int x1 = cx + r;
            const int y0 = cy - r;
            const int y1 = cy + r;
            if (r == 0) {
                visitCell(cx, cy);
            } else {
                const int xa = std::max(x0, 0);
                const int xb = std::min(x1, m_nx - 1);
                for (const int y : {y0, y1}) {
                    if (y >= 0 && y < m_ny) {
                        for (int x = xa; x <= xb; ++x) {
                            visitCell(x, y);
                        }
                    }
                }
                const int ya = std::max(y0 + 1, 0);
                const int yb = std::min(y1 - 1, m_ny - 1);
                for (const int x : {x0, x1}) {
                    if (x >= 0 && x < m_nx) {
                        for (int y = ya; y <= yb; ++y) {
                            visitCell(x, y);
                        }
                    }
                }
            }
            if (r == maxRing) {
                break;
            }
            // The unvisited cells lie in up to four strips beside the visited square; the nearest
            // of their boxes bounds every site not yet seen.
            double bound = std::numeric_limits<double>::infinity();
            if (x0 > 0) {
                bound = std::min(bound, boxDistance(p, 0, x0 - 1, 0, m_ny - 1));
            }
            if (x1 < m_nx - 1) {
                bound = std::min(bound, boxDistance(p, x1 + 1, m_nx - 1, 0, m_ny - 1));
            }
            if (y0 > 0) {
                bound = std::min(bound, boxDistance(p, 0, m_nx - 1, 0, y0 - 1));
            }
            if (y1 < m_ny - 1) {
                bound = std::min(bound, boxDistance(p, 0, m_nx - 1, y1 + 1, m_ny - 1));
            }
            if (done(bound)) {
                break;
            }
        }
    }

    // Cells are centred on minX + i·cell so that the extreme sites fall inside the grid.
    [[nodiscard]] int cellX(double x) const {
        const double c = std::floor((x - m_minX) / m_cell + 0.5);
        return static_cast<int>(std::clamp(c, 0.0, static_cast<double>(m_nx - 1)));
    }
    [[nodiscard]] int cellY(double y) const {
        const double c = std::floor((y - m_minY) / m_cell + 0.5);
        return static_cast<int>(std::clamp(c, 0.0, static_cast<double>(m_ny - 1)));
    }
    [[nodiscard]] std::uint32_t cellIndex(int x, int y) const {
        return static_cast<std::uint32_t>(y) * static_cast<std::uint32_t>(m_nx) +
               static_cast<std::uint32_t>(x);
    }

    const std::vector<PointM>* m_sites;
    double m_minX = 0.0;
    double m_minY = 0.0;
    double m_cell = 1.0;
    int m_nx = 1;
    int m_ny = 1;
    std::vector<std::uint32_t> m_cellStart;
    std::vector<std::uint32_t> m_items;
};

} // namespace xw::core::detail
