#include "detail/siting/instance.hpp"

#include <xw/core/allocation/transport.hpp>

#include "xw/core/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace xw::core::detail::siting {

namespace {

/// Matrices up to this many entries are converted to integer units once.
constexpr std::size_t kDenseUnitsLimit = std::size_t{40} << 20;

} // namespace

DistanceOracle::DistanceOracle(const SitingProblem& problem, double unitsPerMeter, int threads)
    : m_points(problem.demand.size()), m_existing(problem.existing.size()),
      m_sites(problem.candidates.size()), m_scale(unitsPerMeter), m_matrix(problem.matrix.get()),
      m_fn(problem.matrix ? SitingDistanceFn{} : problem.distance) {
    if (m_matrix != nullptr) {
        const std::size_t columns = m_existing + m_sites;
        if (m_points * columns <= kDenseUnitsLimit) {
            m_denseUnits.resize(m_points * columns);
            const int t = threadsFor(threads, m_points, 8, 256);
            forBlocks(m_points, t, [&](std::size_t, std::size_t begin, std::size_t end) {
                for (std::size_t i = begin; i < end; ++i)
                    for (std::size_t c = 0; c < columns; ++c)
                        m_denseUnits[i * columns + c] = toUnits(m_matrix->meters(i, c));
            });
        }
        return;
    }
    m_pointLocation.reserve(m_points);
    for (const SitingDemandPoint& d : problem.demand)
        m_pointLocation.push_back(d.location);
    for (const ExistingFacility& f : problem.existing)
        m_existingLocation.push_back(f.location);
    for (const CandidateSite& s : problem.candidates)
        m_siteLocation.push_back(s.location);
    m_existingGrid = std::make_unique<FacilityGrid>(m_existingLocation);
    m_siteGrid = std::make_unique<FacilityGrid>(m_siteLocation);
}

std::int64_t DistanceOracle::toUnits(double meters) const {
    if (!std::isfinite(meters))
        return kNoRoute;
    const double v = std::round(meters * m_scale);
    if (v >= static_cast<double>(kMaxUnits))
        return kMaxUnits;
    return static_cast<std::int64_t>(v);
}

std::int64_t DistanceOracle::units(std::size_t point, std::size_t column) const {
    if (m_matrix != nullptr) {
        if (!m_denseUnits.empty())
            return m_denseUnits[point * (m_existing + m_sites) + column];
        return toUnits(m_matrix->meters(point, column));
    }
    if (m_fn)
        return toUnits(m_fn(point, column));
    const PointM f =
        column < m_existing ? m_existingLocation[column] : m_siteLocation[column - m_existing];
    return toUnits(straightLineMeters(m_pointLocation[point], f));
}

std::int64_t DistanceOracle::lowerUnits(std::size_t point, std::size_t column) const {
    if (m_matrix != nullptr || !m_fn)
        return units(point, column);
    const PointM f =
        column < m_existing ? m_existingLocation[column] : m_siteLocation[column - m_existing];
    return toUnits(straightLineMeters(m_pointLocation[point], f));
}

std::pair<std::uint32_t, std::int64_t> DistanceOracle::nearestExisting(std::size_t point) const {
    std::pair<std::uint32_t, std::int64_t> best{kNone, kNoRoute};
    const auto consider = [&](std::size_t column, std::int64_t d) {
        if (d < best.second || (d == best.second && d < kNoRoute && column < best.first))
            best = {static_cast<std::uint32_t>(column), d};
    };
    if (m_existing == 0)
        return best;
    if (m_matrix != nullptr) {
        for (std::size_t c = 0; c < m_existing; ++c)
            consider(c, units(point, c));
        return best;
    }
    // Straight line: the nearest by the grid. With a callback (≥ the straight line), widen a
    // disc until the best true distance lies inside it.
    std::vector<std::uint32_t> near;
    std::vector<std::pair<double, std::uint32_t>> heap;
    double radius = m_existingGrid->nearest(m_pointLocation[point], 1, near, heap);
    if (!m_fn) {
        // Ties of rounded units: take every facility within the nearest distance + one unit.
        m_existingGrid->within(
            m_pointLocation[point], radius + 1.0 / m_scale,
            [&](std::uint32_t j, double meters) { consider(j, toUnits(meters)); });
        return best;
    }
    radius = std::max(radius, 1.0);
    for (;;) {
        m_existingGrid->within(m_pointLocation[point], radius, [&](std::uint32_t j, double) {
            consider(j, toUnits(m_fn(point, j)));
        });
        if (best.second < kNoRoute &&
            static_cast<double>(best.second) <= std::floor(radius * m_scale))
            return best;
        if (radius > 1.0e9) {
            // Every facility has been looked at.
            return best;
        }
        radius *= 2.0;
    }
}

std::int64_t DistanceOracle::kthSiteLowerUnits(std::size_t point, std::size_t k) const {
    std::vector<std::uint32_t> near;
    std::vector<std::pair<double, std::uint32_t>> heap;
    const double d = m_siteGrid->nearest(m_pointLocation[point], std::min(k, m_sites), near, heap);
    return toUnits(d);
}

bool nearestSites(const DistanceOracle& oracle, std::size_t point, std::size_t limit,
                  std::int64_t cap, std::vector<std::pair<std::int64_t, std::uint32_t>>& out,
                  std::int64_t& listMax) {
    out.clear();
    if (cap < 0) {
        listMax = cap;
        return true;
    }
    std::int64_t reach = cap;
    if (limit > 0 && oracle.geometric() && limit < oracle.siteCount()) {
        // Start from the disc that holds `limit` sites by the straight line and widen it until
        // it holds `limit` sites by the true distance (never closer than the straight line).
        reach = std::clamp<std::int64_t>(oracle.kthSiteLowerUnits(point, limit), 1, cap);
        for (;;) {
            out.clear();
            oracle.forSitesWithin(point, reach,
                                  [&](std::uint32_t s, std::int64_t d) { out.emplace_back(d, s); });
            if (out.size() >= limit || reach >= cap)
                break;
            const double grow =
                out.empty()
                    ? 4.0
                    : std::sqrt(static_cast<double>(limit) / static_cast<double>(out.size())) * 1.2;
            const auto next = static_cast<std::int64_t>(std::min(
                static_cast<double>(cap), std::max(static_cast<double>(reach) * std::max(grow, 1.5),
                                                   static_cast<double>(reach) + 1.0)));
            reach = std::max(next, reach + 1);
        }
    } else {
        oracle.forSitesWithin(point, cap,
                              [&](std::uint32_t s, std::int64_t d) { out.emplace_back(d, s); });
    }
    std::sort(out.begin(), out.end());
    if (limit > 0 && out.size() > limit) {
        std::size_t keep = limit;
        while (keep < out.size() && out[keep].first == out[keep - 1].first)
            ++keep;
        if (keep < out.size()) {
            out.resize(keep);
            listMax = out.back().first;
            return false;
        }
    }
    listMax = reach;
    return reach >= cap;
}

UncapInstance::UncapInstance(const SitingProblem& problem, const DistanceOracle& oracle,
                             const InstanceOptions& options)
    : m_oracle(&oracle), m_kind(options.kind), m_penalty(options.penaltyUnits),
      m_uniform(options.uniformRadius) {
    const std::size_t n = problem.demand.size();
    if (m_uniform)
        m_uniformRadius = options.listCapUnits;
    // Per point: weight, nearest existing, radius, cap; decided in blocks, merged in order.
    struct Row {
        std::uint32_t point;
        std::int64_t weight;
        std::int64_t existing;
        std::int64_t radius;
        std::int64_t fallback;
        std::int64_t cap;
        std::int64_t listMax;
        bool complete;
        std::vector<std::pair<std::int64_t, std::uint32_t>> list;
    };
    const int threads = threadsFor(options.threads, n, 8, 256);
    constexpr std::size_t kBlock = 2048;
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    std::vector<std::vector<Row>> rows(blocks);
    std::vector<std::int64_t> dropped(blocks, 0);
    std::atomic<std::size_t> next{0};
    runWorkers(threads, [&](int) {
        std::vector<std::pair<std::int64_t, std::uint32_t>> list;
        for (;;) {
            const std::size_t b = next.fetch_add(1);
            if (b >= blocks)
                return;
            for (std::size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
                const SitingDemandPoint& dp = problem.demand[i];
                std::int64_t w = dp.objectiveWeight ? *dp.objectiveWeight : dp.children;
                if (options.unitWeight > 0)
                    w = (dp.children > 0 || w > 0) ? options.unitWeight : 0;
                if (w <= 0)
                    continue;
                Row r;
                r.point = static_cast<std::uint32_t>(i);
                r.weight = w;
                r.existing = oracle.nearestExisting(i).second;
                if (m_kind == CostKind::Median) {
                    r.radius = 0;
                    const std::int64_t base = std::min(r.existing, m_penalty);
                    r.fallback = w * base;
                    r.cap = base - 1;
                } else {
                    r.radius =
                        m_uniform ? options.listCapUnits : oracle.toUnits(dp.serviceRadiusMeters);
                    const bool covered = r.existing <= r.radius;
                    r.fallback = covered ? 0 : w;
                    r.cap = covered && !m_uniform ? -1 : r.radius;
                }
                r.complete =
                    nearestSites(oracle, i, options.neighbourLimit, r.cap, list, r.listMax);
                if (list.empty() && r.complete && !options.keepAllWeighted) {
                    dropped[b] += r.fallback;
                    continue;
                }
                r.list = list;
                rows[b].push_back(std::move(r));
            }
        }
    });
    for (std::size_t b = 0; b < blocks; ++b) {
        m_constant += dropped[b];
        for (Row& r : rows[b]) {
            m_point.push_back(r.point);
            m_weight.push_back(r.weight);
            m_existingUnits.push_back(r.existing);
            m_radius.push_back(r.radius);
            m_fallback.push_back(r.fallback);
            m_listCap.push_back(r.cap);
            m_listMax.push_back(r.listMax);
            m_complete.push_back(r.complete ? 1 : 0);
            for (const auto& [d, s] : r.list) {
                m_listSite.push_back(s);
                m_listUnits.push_back(d);
            }
            m_listStart.push_back(m_listSite.size());
            std::vector<std::pair<std::int64_t, std::uint32_t>>().swap(r.list);
        }
    }
    if (m_uniform)
        setRadius(options.listCapUnits);
}

std::int64_t UncapInstance::maxUsefulUnits(std::size_t u, std::int64_t bound) const {
    bound = std::min(bound, m_fallback[u]);
    if (bound <= 0)
        return -1;
    if (m_kind == CostKind::Median)
        return std::min((bound - 1) / m_weight[u], m_penalty - 1);
    return radius(u);
}

void UncapInstance::setRadius(std::int64_t radiusUnits) {
    m_uniformRadius = radiusUnits;
    for (std::size_t u = 0; u < m_point.size(); ++u)
        m_fallback[u] = m_existingUnits[u] <= radiusUnits ? 0 : m_weight[u];
}

} // namespace xw::core::detail::siting
