// The transport solver's pricing: omitted pairs with a negative reduced cost are found with the
// facility grid and added as arcs; and over-full facilities are emptied point by point after an
// edit (detail/transport_solver.hpp).
#include "detail/transport_solver.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace xw::core::detail::transport {

std::vector<std::uint32_t> Solver::priceOut(std::int64_t& pairsChecked, std::int64_t& arcsAdded,
                                            bool full) {
    struct Found {
        std::uint32_t point;
        std::uint32_t facility;
        std::int64_t cost;
    };
    constexpr std::size_t kFewFallen = 64;
    full = full || m_checkedAlpha.size() != m_n || m_checkedPrice.size() != m_m;
    std::vector<std::uint32_t> fallen; // facilities whose price fell since the last round
    if (!full) {
        for (std::uint32_t j = 0; j < m_m; ++j) {
            if (m_price[j] < m_checkedPrice[j]) {
                fallen.push_back(j);
            }
        }
    }
    const bool fewFallen = fallen.size() <= kFewFallen;
    m_checkedAlpha.resize(m_n, kInfinity);
    m_grid.priceBounds(m_price, m_bounds);
    const int blocks = threadsFor(m_threadsRequested, m_n);
    std::vector<std::vector<Found>> found(static_cast<std::size_t>(blocks));
    std::vector<std::int64_t> checked(static_cast<std::size_t>(blocks), 0);
    forBlocks(m_n, blocks, [&](std::size_t b, std::size_t begin, std::size_t end) {
        std::vector<std::uint32_t> have;
        for (std::size_t i = begin; i < end; ++i) {
            const std::int64_t alpha = potential(i);
            const bool rose = full || alpha > m_checkedAlpha[i];
            m_checkedAlpha[i] = alpha; // each block writes only its own points
            if (alpha <= m_kthCost[i] || (!rose && fallen.empty())) {
                continue; // every omitted facility costs at least kthCost ≥ α_i
            }
            have.clear();
            forArcs(i, [&](std::uint32_t e) { have.push_back(m_arcHead[e]); });
            const auto test = [&](std::uint32_t j) {
                if (std::find(have.begin(), have.end(), j) != have.end()) {
                    return;
                }
                ++checked[b];
                const std::int64_t c = cost(i, j);
                if (c + m_price[j] < alpha) {
                    found[b].push_back({static_cast<std::uint32_t>(i), j, c});
                }
            };
            if (!rose && fewFallen) {
                for (const std::uint32_t j : fallen) {
                    test(j);
                }
            } else {
                m_grid.withinPriced(m_pr.demandPoints[i], alpha, m_bounds, test);
            }
        }
    });
    m_checkedPrice.assign(m_price.begin(), m_price.end());
    std::vector<std::uint32_t> touched;
    for (std::size_t b = 0; b < found.size(); ++b) {
        pairsChecked += checked[b];
        for (const Found& f : found[b]) {
            m_extra[f.point].push_back(static_cast<std::uint32_t>(m_arcHead.size()));
            pushArc(f.point, f.facility, f.cost);
            m_arcFlow.push_back(0);
            if (m_hasFlow.size() * 64 <= m_arcFlow.size()) {
                m_hasFlow.push_back(0);
            }
            ++arcsAdded;
            if (touched.empty() || touched.back() != f.point) {
                touched.push_back(f.point);
            }
        }
    }
    return touched;
}

std::vector<std::uint32_t> Solver::evictExcess() {
    std::vector<std::uint32_t> evicted;
    std::vector<std::vector<std::uint32_t>> pointsOn;
    bool any = false;
    for (std::size_t j = 0; j < m_m; ++j) {
        any = any || m_load[j] > m_cap[j];
    }
    if (!any) {
        return evicted;
    }
    pointsOn.resize(m_m);
    for (std::size_t i = 0; i < m_n; ++i) {
        forArcs(i, [&](std::uint32_t e) {
            if (m_arcFlow[e] > 0 && m_arcHead[e] != m_sink &&
                m_load[m_arcHead[e]] > m_cap[m_arcHead[e]]) {
                pointsOn[m_arcHead[e]].push_back(static_cast<std::uint32_t>(i));
            }
        });
    }
    for (std::size_t j = 0; j < m_m; ++j) {
        // Evict the points for which this facility is farthest first (deterministic).
        auto& list = pointsOn[j];
        std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
            const std::int64_t ca = cost(a, j);
            const std::int64_t cb = cost(b, j);
            return ca != cb ? ca > cb : a < b;
        });
        for (std::uint32_t i : list) {
            if (m_load[j] <= m_cap[j]) {
                break;
            }
            if (placed(i) > 0) {
                clearPoint(i);
                evicted.push_back(i);
            }
        }
    }
    return evicted;
}

} // namespace xw::core::detail::transport
