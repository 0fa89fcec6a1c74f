#pragma once
// Private to core: integer distances between demand points and facility columns (the oracle),
// and the instance the uncapacitated searches and bounds work on (active points, their
// fallback costs and their candidate sites sorted by distance).
//
// Costs: a point u served from an option at distance d (integer units) costs
//   median:   w_u × min(d, penalty)
//   coverage: 0 when d ≤ R_u, else w_u
// and the fallback F_u is what the point costs served by the existing schools only (median:
// w_u × min(distance to the nearest existing school, penalty); coverage: 0 when an existing
// school covers it, else w_u). Options are the candidate sites. Both costs are nondecreasing in
// d, so "options cheaper than c" is "options closer than some distance", which the sorted
// lists and the spatial grid answer.
#include <xw/core/siting/siting_problem.hpp>

#include "detail/facility_grid.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace xw::core::detail::siting {

inline constexpr std::int64_t kNoRoute = std::int64_t{1} << 62;
/// Largest finite distance in units; longer ones are clamped (they exceed any penalty anyway).
inline constexpr std::int64_t kMaxUnits = std::int64_t{1} << 50;
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// Distances in integer units (round(metres × unitsPerMeter)) between demand points and facility
/// columns, from the matrix, the callback or the straight line. Not copyable or movable (the
/// grids point into it); thread-safe for reading.
class DistanceOracle {
public:
    DistanceOracle(const SitingProblem& problem, double unitsPerMeter, int threads);
    DistanceOracle(const DistanceOracle&) = delete;
    DistanceOracle& operator=(const DistanceOracle&) = delete;

    [[nodiscard]] std::size_t points() const { return m_points; }
    [[nodiscard]] std::size_t existingCount() const { return m_existing; }
    [[nodiscard]] std::size_t siteCount() const { return m_sites; }
    [[nodiscard]] double unitsPerMeter() const { return m_scale; }
    [[nodiscard]] bool geometric() const { return m_matrix == nullptr; }

    /// round(metres × scale), clamped to kMaxUnits; kNoRoute for +infinity.
    [[nodiscard]] std::int64_t toUnits(double meters) const;
    /// Distance units from a point to a facility column.
    [[nodiscard]] std::int64_t units(std::size_t point, std::size_t column) const;
    /// A lower bound on units(point, column) that is cheap (the straight line, or the exact value
    /// for matrices).
    [[nodiscard]] std::int64_t lowerUnits(std::size_t point, std::size_t column) const;
    /// Calls f(column, units) once for every existing facility with units ≤ maxUnits.
    template <class F>
    void forExistingWithin(std::size_t point, std::int64_t maxUnits, F&& f) const {
        if (maxUnits < 0 || m_existing == 0)
            return;
        if (m_matrix != nullptr) {
            for (std::size_t c = 0; c < m_existing; ++c) {
                const std::int64_t d = units(point, c);
                if (d <= maxUnits)
                    f(static_cast<std::uint32_t>(c), d);
            }
            return;
        }
        const double radius = (static_cast<double>(maxUnits) + 1.0) / m_scale;
        m_existingGrid->within(m_pointLocation[point], radius, [&](std::uint32_t c, double meters) {
            const std::int64_t d = m_fn ? toUnits(m_fn(point, c)) : toUnits(meters);
            if (d <= maxUnits)
                f(c, d);
        });
    }
    /// Location of a demand point and of a facility column (geometric oracles only).
    [[nodiscard]] PointM pointLocation(std::size_t point) const { return m_pointLocation[point]; }
    [[nodiscard]] PointM columnLocation(std::size_t column) const {
        return column < m_existing ? m_existingLocation[column]
                                   : m_siteLocation[column - m_existing];
    }
    [[nodiscard]] const SitingDistanceFn& callback() const { return m_fn; }
    /// Straight-line units to the k-th nearest candidate site (geometric oracles; k ≥ 1), a
    /// lower bound on the true distance of the k-th nearest.
    [[nodiscard]] std::int64_t kthSiteLowerUnits(std::size_t point, std::size_t k) const;
    /// Nearest existing facility: (column, units), or (kNone, kNoRoute) when none is reachable.
    [[nodiscard]] std::pair<std::uint32_t, std::int64_t> nearestExisting(std::size_t point) const;

    /// Calls f(site, units) once for every candidate site (0-based site index, column = E + site)
    /// with units ≤ maxUnits, in no particular order.
    template <class F> void forSitesWithin(std::size_t point, std::int64_t maxUnits, F&& f) const {
        if (maxUnits < 0 || m_sites == 0)
            return;
        if (m_matrix != nullptr) {
            if (m_denseUnits.empty() && !m_matrix->isDense()) {
                m_matrix->forRow(point, [&](std::size_t column, double meters) {
                    if (column < m_existing)
                        return;
                    const std::int64_t d = toUnits(meters);
                    if (d <= maxUnits)
                        f(static_cast<std::uint32_t>(column - m_existing), d);
                });
                return;
            }
            for (std::size_t s = 0; s < m_sites; ++s) {
                const std::int64_t d = units(point, m_existing + s);
                if (d <= maxUnits)
                    f(static_cast<std::uint32_t>(s), d);
            }
            return;
        }
        const double radius = (static_cast<double>(maxUnits) + 1.0) / m_scale;
        m_siteGrid->within(m_pointLocation[point], radius, [&](std::uint32_t s, double meters) {
            const std::int64_t d = m_fn ? toUnits(m_fn(point, m_existing + s)) : toUnits(meters);
            if (d <= maxUnits)
                f(s, d);
        });
    }

private:
    std::size_t m_points = 0;
    std::size_t m_existing = 0;
    std::size_t m_sites = 0;
    double m_scale = 100.0;
    const SitingDistanceMatrix* m_matrix = nullptr;
    std::vector<std::int64_t> m_denseUnits; ///< matrices up to a size: units, row-major
    SitingDistanceFn m_fn;
    std::vector<PointM> m_pointLocation;
    std::vector<PointM> m_existingLocation;
    std::vector<PointM> m_siteLocation;
    std::unique_ptr<FacilityGrid> m_existingGrid;
    std::unique_ptr<FacilityGrid> m_siteGrid;
};

enum class CostKind { Median, Coverage };

struct InstanceOptions {
    CostKind kind = CostKind::Median;
    std::int64_t penaltyUnits = kMaxUnits; ///< median: distance charged when unserved
    /// Coverage: radius per demand point in units (empty → the points' service radii); p-center
    /// sets one radius for all with setRadius.
    bool uniformRadius = false;
    std::int64_t listCapUnits = kMaxUnits; ///< uniform radius: lists hold sites up to this
    bool keepAllWeighted = false;          ///< keep points even when no site can help them
    std::size_t neighbourLimit = 0;        ///< sites per list; 0 → all
    std::int64_t unitWeight = 0;           ///< > 0: every point with children weighs this
    int threads = 1;
};

/// The uncapacitated instance: active points (weight > 0 and some site could lower their cost),
/// fallback costs and sorted candidate-site lists (by distance, then site; all ties of the last
/// distance kept), truncated to the neighbour limit; beyond a truncated list the oracle is asked.
class UncapInstance {
public:
    UncapInstance(const SitingProblem& problem, const DistanceOracle& oracle,
                  const InstanceOptions& options);

    [[nodiscard]] std::size_t size() const { return m_point.size(); }
    [[nodiscard]] std::size_t options() const { return m_oracle->siteCount(); }
    [[nodiscard]] const DistanceOracle& oracle() const { return *m_oracle; }
    [[nodiscard]] CostKind kind() const { return m_kind; }
    [[nodiscard]] std::uint32_t point(std::size_t u) const { return m_point[u]; }
    [[nodiscard]] std::int64_t weight(std::size_t u) const { return m_weight[u]; }
    [[nodiscard]] std::int64_t fallback(std::size_t u) const { return m_fallback[u]; }
    /// Σ fallback of the points left out (their cost never changes).
    [[nodiscard]] std::int64_t constant() const { return m_constant; }
    [[nodiscard]] std::int64_t penaltyUnits() const { return m_penalty; }
    [[nodiscard]] std::int64_t radius(std::size_t u) const {
        return m_uniform ? m_uniformRadius : m_radius[u];
    }
    /// Nearest existing facility of active point u: units (kNoRoute when none).
    [[nodiscard]] std::int64_t existingUnits(std::size_t u) const { return m_existingUnits[u]; }

    /// Cost of serving point u from a site at distance d.
    [[nodiscard]] std::int64_t cost(std::size_t u, std::int64_t d) const {
        if (m_kind == CostKind::Median)
            return m_weight[u] * std::min(d, m_penalty);
        return d <= radius(u) ? 0 : m_weight[u];
    }
    /// Largest distance whose cost is below `bound` and below the fallback (−1 when none).
    [[nodiscard]] std::int64_t maxUsefulUnits(std::size_t u, std::int64_t bound) const;
    /// Distance units from point u to site s.
    [[nodiscard]] std::int64_t unitsTo(std::size_t u, std::uint32_t s) const {
        return m_oracle->units(m_point[u], m_oracle->existingCount() + s);
    }
    [[nodiscard]] std::int64_t lowerUnitsTo(std::size_t u, std::uint32_t s) const {
        return m_oracle->lowerUnits(m_point[u], m_oracle->existingCount() + s);
    }

    /// p-center: one coverage radius for every point (≤ the list cap given at construction);
    /// recomputes the fallbacks.
    void setRadius(std::int64_t radiusUnits);

    /// Calls f(site, units, cost) for every site with cost(u, ·) < bound and below the fallback:
    /// the list in order, then (truncated lists only) the farther ones in no order.
    template <class F> void forCheaper(std::size_t u, std::int64_t bound, F&& f) const {
        bound = std::min(bound, m_fallback[u]);
        const std::uint64_t end = m_listStart[u + 1];
        for (std::uint64_t t = m_listStart[u]; t < end; ++t) {
            const std::int64_t d = m_listUnits[t];
            const std::int64_t c = cost(u, d);
            if (c >= bound)
                return;
            f(m_listSite[t], d, c);
        }
        if (m_complete[u])
            return;
        const std::int64_t maxD = maxUsefulUnits(u, bound);
        const std::int64_t listMax = m_listMax[u];
        if (maxD <= listMax)
            return;
        m_oracle->forSitesWithin(m_point[u], maxD, [&](std::uint32_t s, std::int64_t d) {
            if (d > listMax)
                f(s, d, cost(u, d));
        });
    }
    /// The list of u: sites and units, nearest first.
    [[nodiscard]] std::uint64_t listBegin(std::size_t u) const { return m_listStart[u]; }
    [[nodiscard]] std::uint64_t listEnd(std::size_t u) const { return m_listStart[u + 1]; }
    [[nodiscard]] std::uint32_t listSite(std::uint64_t t) const { return m_listSite[t]; }
    [[nodiscard]] std::int64_t listUnits(std::uint64_t t) const { return m_listUnits[t]; }
    [[nodiscard]] bool complete(std::size_t u) const { return m_complete[u] != 0; }
    /// Every site within listMax(u) is in the list.
    [[nodiscard]] std::int64_t listMax(std::size_t u) const { return m_listMax[u]; }
    [[nodiscard]] std::int64_t listCap(std::size_t u) const { return m_listCap[u]; }
    [[nodiscard]] std::size_t listEntries() const { return m_listSite.size(); }

private:
    const DistanceOracle* m_oracle;
    CostKind m_kind;
    std::int64_t m_penalty = kMaxUnits;
    bool m_uniform = false;
    std::int64_t m_uniformRadius = 0;
    std::vector<std::uint32_t> m_point;
    std::vector<std::int64_t> m_weight;
    std::vector<std::int64_t> m_fallback;
    std::vector<std::int64_t> m_radius;
    std::vector<std::int64_t> m_existingUnits;
    std::int64_t m_constant = 0;
    std::vector<std::uint64_t> m_listStart{0};
    std::vector<std::uint32_t> m_listSite;
    std::vector<std::int64_t> m_listUnits;
    std::vector<std::int64_t> m_listMax;
    std::vector<std::int64_t> m_listCap;
    std::vector<std::uint8_t> m_complete;
};

/// Sites with units ≤ cap nearest to point `point`, at most `limit` (0 → all) plus the ties of
/// the last distance, sorted by (units, site). On return every site with units ≤ listMax is in
/// `out`; returns true when listMax ≥ cap (the list holds every site within cap).
bool nearestSites(const DistanceOracle& oracle, std::size_t point, std::size_t limit,
                  std::int64_t cap, std::vector<std::pair<std::int64_t, std::uint32_t>>& out,
                  std::int64_t& listMax);

} // namespace xw::core::detail::siting
