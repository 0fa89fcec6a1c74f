// The transport solver's candidate arcs (the k nearest facilities of every point, plus the pairs a
// warm start needs) and its move heaps, built in bulk (detail/transport_solver.hpp).
#include "detail/transport_solver.hpp"

#include <xw/core/detail/parallel.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace xw::core::detail::transport {

void Solver::buildArcs(const std::vector<std::vector<std::uint32_t>>* mustHave) {
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(m_pr.candidateArcs), m_m);
    const auto t0 = Clock::now();
    m_pointFirst.assign(m_n + 1, 0);
    m_kthCost.assign(m_n, kInfinity);
    if (mustHave == nullptr) {
        buildNearestArcs(k);
        m_arcFlow.reserve(m_arcHead.capacity());
        m_arcFlow.assign(m_arcHead.size(), 0);
        m_hasFlow.assign(m_arcHead.size() / 64 + 1, 0);
        m_phases.arcs += secondsSince(t0);
        return;
    }
    // Each point's arcs depend only on the point: blocks of points are searched in parallel and
    // appended in block order, so the arcs do not depend on the number of threads.
    struct Block {
        std::vector<std::uint32_t> count; // arcs per point of the block
        std::vector<std::uint32_t> head;
        std::vector<std::int64_t> cost;
    };
    const int blocks = threadsFor(m_threadsRequested, m_n);
    std::vector<Block> out(static_cast<std::size_t>(blocks));
    forBlocks(m_n, blocks, [&](std::size_t b, std::size_t begin, std::size_t end) {
        Block& blk = out[b];
        blk.count.reserve(end - begin);
        blk.head.reserve((end - begin) * (k + 1));
        blk.cost.reserve((end - begin) * (k + 1));
        std::vector<std::uint32_t> near;
        std::vector<std::pair<double, std::uint32_t>> scratch;
        for (std::size_t i = begin; i < end; ++i) {
            const double kth = m_grid.nearest(m_pr.demandPoints[i], k, near, scratch);
            // With k = all facilities nothing is omitted; otherwise omitted facilities are at
            // least kth away (straight line), a lower bound on their cost.
            m_kthCost[i] = (k == m_m) ? kInfinity : transportCostCentimeters(kth);
            for (std::uint32_t j : (*mustHave)[i]) {
                if (std::find(near.begin(), near.end(), j) == near.end()) {
                    near.push_back(j);
                }
            }
            blk.count.push_back(static_cast<std::uint32_t>(near.size() + 1));
            blk.head.push_back(m_sink);
            blk.cost.push_back(m_penalty);
            for (std::uint32_t j : near) {
                blk.head.push_back(j);
                blk.cost.push_back(cost(i, j));
            }
        }
    });
    std::size_t total = 0;
    for (const Block& blk : out) {
        total += blk.head.size();
    }
    const std::size_t room = total + total / 32 + 1024;
    m_arcCost.reserve(room);
    m_arcHead.reserve(room);
    m_arcPoint.reserve(room);
    std::size_t i = 0;
    for (const Block& blk : out) {
        std::size_t a = 0;
        for (const std::uint32_t c : blk.count) {
            m_pointFirst[i] = static_cast<std::uint32_t>(m_arcHead.size());
            for (std::uint32_t t = 0; t < c; ++t, ++a) {
                m_arcHead.push_back(blk.head[a]);
                m_arcCost.push_back(blk.cost[a]);
                m_arcPoint.push_back(static_cast<std::uint32_t>(i));
            }
            ++i;
        }
    }
    m_pointFirst[m_n] = static_cast<std::uint32_t>(m_arcHead.size());
    m_arcFlow.reserve(m_arcHead.capacity());
    m_arcFlow.assign(m_arcHead.size(), 0);
    m_hasFlow.assign(m_arcHead.size() / 64 + 1, 0);
    m_phases.arcs += secondsSince(t0);
}

void Solver::buildNearestArcs(std::size_t k) {
    const std::size_t stride = k + 1;
    const std::size_t total = m_n * stride;
    // Room for the pairs pricing adds (typically < 1 % of the arcs): growing a full vector
    // would copy it whole and briefly double its memory.
    const std::size_t room = total + total / 32 + 1024;
    m_arcCost.reserve(room);
    m_arcHead.reserve(room);
    m_arcPoint.reserve(room);
    m_arcCost.resize(total);
    m_arcHead.resize(total);
    m_arcPoint.resize(total);
    const bool omitted = k < m_m;
    forBlocks(m_n, threadsFor(m_threadsRequested, m_n),
              [&](std::size_t, std::size_t begin, std::size_t end) {
                  std::vector<std::uint32_t> near;
                  std::vector<std::pair<double, std::uint32_t>> sorted;
                  for (std::size_t i = begin; i < end; ++i) {
                      std::size_t a = i * stride;
                      m_pointFirst[i] = static_cast<std::uint32_t>(a);
                      m_arcCost[a] = m_penalty;
                      m_arcHead[a] = m_sink;
                      m_arcPoint[a] = static_cast<std::uint32_t>(i);
                      const double kth = m_grid.nearest(m_pr.demandPoints[i], k, near, sorted);
                      // Omitted facilities are at least kth away (straight line), a lower
                      // bound on their cost.
                      m_kthCost[i] = omitted ? transportCostCentimeters(kth) : kInfinity;
                      for (std::size_t t = 0; t < k; ++t) {
                          ++a;
                          const std::uint32_t j = near[t];
                          m_arcHead[a] = j;
                          m_arcPoint[a] = static_cast<std::uint32_t>(i);
                          // sorted[t].first is the same straightLineMeters as cost().
                          m_arcCost[a] =
                              m_pr.cost ? cost(i, j) : transportCostCentimeters(sorted[t].first);
                      }
                  }
              });
    m_pointFirst[m_n] = static_cast<std::uint32_t>(total);
}

void Solver::buildMoveHeaps() {
    const auto t0 = Clock::now();
    std::vector<std::uint32_t> count;
    const auto forMoves = [&](auto&& g) {
        for (std::size_t i = 0; i < m_n; ++i) {
            forArcs(i, [&](std::uint32_t e) {
                if (m_arcFlow[e] == 0) {
                    return;
                }
                const std::uint32_t a = m_arcHead[e];
                forArcs(i, [&](std::uint32_t f) {
                    if (f != e) {
                        g(heapFor(a, m_arcHead[f]), e, f);
                    }
                });
            });
        }
    };
    forMoves([&](std::uint32_t h, std::uint32_t, std::uint32_t) {
        if (h >= count.size()) {
            count.resize(h + 1, 0);
        }
        ++count[h];
    });
    for (std::size_t h = 0; h < count.size(); ++h) {
        m_heaps[h].reserve(m_heaps[h].size() + count[h]);
    }
    forMoves([&](std::uint32_t h, std::uint32_t e, std::uint32_t f) {
        m_heaps[h].push_back({m_arcCost[f] - m_arcCost[e], e, f});
        ++m_heapEntries;
    });
    for (std::size_t h = 0; h < count.size(); ++h) {
        if (count[h] > 0) {
            std::make_heap(m_heaps[h].begin(), m_heaps[h].end(), std::greater<>());
            refreshTop(static_cast<std::uint32_t>(h));
        }
    }
    m_phases.heaps += secondsSince(t0);
}

} // namespace xw::core::detail::transport
