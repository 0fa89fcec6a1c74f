#include <xw/viewer/map/label_placement.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace xw::viewer {

namespace {

/// A uniform grid of buckets over the bounds holding the indices of the boxes that touch each.
class BoxGrid {
public:
    BoxGrid(const Box& bounds, double cell) : m_bounds(bounds), m_cell(std::max(cell, 1.0)) {
        m_cols = std::max(1, static_cast<int>(std::ceil(bounds.w / m_cell)));
        m_rows = std::max(1, static_cast<int>(std::ceil(bounds.h / m_cell)));
        m_buckets.resize(static_cast<std::size_t>(m_cols) * static_cast<std::size_t>(m_rows));
    }

    void add(const Box& b) {
        const std::size_t id = m_boxes.size();
        m_boxes.push_back(b);
        forCells(b, [&](std::size_t cell) { m_buckets[cell].push_back(id); });
    }

    [[nodiscard]] bool hits(const Box& b) const {
        bool hit = false;
        forCells(b, [&](std::size_t cell) {
            if (hit)
                return;
            for (std::size_t id : m_buckets[cell])
                if (m_boxes[id].overlaps(b)) {
                    hit = true;
                    return;
                }
        });
        return hit;
    }

private:
    template <typename F> void forCells(const Box& b, F&& f) const {
        const auto clampCol = [&](double x) {
            return std::clamp(static_cast<int>(std::floor((x - m_bounds.x) / m_cell)), 0,
                              m_cols - 1);
        };
        const auto clampRow = [&](double y) {
            return std::clamp(static_cast<int>(std::floor((y - m_bounds.y) / m_cell)), 0,
                              m_rows - 1);
        };
        const int c0 = clampCol(b.x), c1 = clampCol(b.right());
        const int r0 = clampRow(b.y), r1 = clampRow(b.bottom());
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                f(static_cast<std::size_t>(r) * static_cast<std::size_t>(m_cols) +
                  static_cast<std::size_t>(c));
    }

    Box m_bounds;
    double m_cell;
    int m_cols = 1;
    int m_rows = 1;
    std::vector<Box> m_boxes;
    std::vector<std::vector<std::size_t>> m_buckets;
};

} // namespace

std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates,
                                     const std::vector<Box>& obstacles, const Box& bounds,
                                     double padding) {
    std::vector<std::size_t> order(candidates.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return candidates[a].priority > candidates[b].priority;
    });
    // Bucket size: about twice a typical label height keeps buckets short.
    double typical = 0.0;
    std::size_t counted = 0;
    for (const auto& c : candidates)
        for (const auto& p : c.positions) {
            typical += p.h;
            ++counted;
        }
    typical = counted > 0 ? typical / static_cast<double>(counted) : 20.0;
    BoxGrid grid(bounds, 4.0 * std::max(typical, 4.0));
    for (const auto& o : obstacles)
        grid.add(o);

    std::vector<PlacedLabel> placed;
    padding = std::max(0.0, padding);
    for (std::size_t idx : order) {
        const auto& cand = candidates[idx];
        for (std::size_t p = 0; p < cand.positions.size(); ++p) {
            const Box& b = cand.positions[p];
            if (!b.inside(bounds))
                continue;
            const Box padded{b.x - padding, b.y - padding, b.w + 2 * padding, b.h + 2 * padding};
            if (grid.hits(padded))
                continue;
            grid.add(padded);
            placed.push_back({idx, p, b});
            break;
        }
    }
    return placed;
}

} // namespace xw::viewer
