#pragma once
// The siting problem as plain data: demand points with children, the existing schools (always
// open), candidate sites where a school may be built and expansions of existing schools, and the
// distances between them. Every siting model (siting.hpp) and its bounds read this one type.
//
// Facility columns: distances are indexed by (demand point, facility column) where the columns
// are the existing facilities 0 … E−1 followed by the candidate sites E … E+C−1. An expansion
// stands at its existing facility, so it uses that facility's column.
//
// Distances come, in this order of precedence, from an explicit matrix (SitingDistanceMatrix, for
// instances published as matrices such as OR-Library's), from a callback (road distances), or
// from the straight line between the locations (metres, working CRS).
#include <xw/core/model/region.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace xw::core {

/// A place where children live (a demand-grid cell, a village, an estate).
struct SitingDemandPoint {
    PointM location;                  ///< working CRS, metres (unused with a distance matrix)
    std::int64_t children = 0;        ///< whole children needing a seat, ≥ 0
    double serviceRadiusMeters = 0.0; ///< covering models: covered within this distance, ≥ 0
    /// Weight of the point in the objective (distance sums, coverage); empty → children. The
    /// classic capacitated p-median benchmarks (Osman & Christofides 1994) count every customer
    /// once whatever its demand: weight 1 there. Seats always count `children`.
    std::optional<std::int64_t> objectiveWeight;
};

/// A school that stays open whatever the answer.
struct ExistingFacility {
    PointM location;        ///< working CRS, metres
    std::int64_t seats = 0; ///< ≥ 0; read by the capacitated models only
};

/// A place where a new school may be built (a 教育用地 parcel or a grid cell inside a town).
struct CandidateSite {
    PointM location;                ///< working CRS, metres
    std::int64_t seats = 0;         ///< seats when built: maximum classes × class size, ≥ 0
    std::int64_t seatsPerClass = 0; ///< class size, to report whole classes; 0 → not in classes
    double fixedCostYuan = 0.0;     ///< cost of building it at all, ≥ 0 (budget models)
    double costPerSeatYuan = 0.0;   ///< cost of each of its seats, ≥ 0 (budget models)
};

/// Extra seats an existing school can get (more classes on its land).
struct FacilityExpansion {
    std::size_t facility = 0;       ///< index into SitingProblem::existing
    std::int64_t extraSeats = 0;    ///< seats added when chosen, > 0
    std::int64_t seatsPerClass = 0; ///< class size, to report whole classes; 0 → not in classes
    double fixedCostYuan = 0.0;     ///< ≥ 0
    double costPerSeatYuan = 0.0;   ///< ≥ 0
};

/// Distance in metres from demand point `point` to facility column `facility` (see the top of
/// this file). Must never be below the straight line between the two locations (true of road
/// distances), because spatial searches prune with the straight line; +infinity when there is
/// no route. May be called from several threads at once.
using SitingDistanceFn = std::function<double(std::size_t point, std::size_t facility)>;

/// Explicit distances in metres between every demand point and every facility column, dense
/// (row-major, a row per demand point) or sparse (listed pairs only; an unlisted pair has no
/// route). Immutable after construction; share it through a shared_ptr.
class SitingDistanceMatrix {
public:
    struct Entry {
        std::uint32_t point = 0;
        std::uint32_t facility = 0; ///< facility column
        double meters = 0.0;        ///< ≥ 0, or +infinity for no route
    };

    /// metersRowMajor[point × facilities + facility]; +infinity = no route.
    /// \throws std::invalid_argument if the size is not points × facilities or a value is
    /// negative or NaN.
    [[nodiscard]] static SitingDistanceMatrix dense(std::size_t points, std::size_t facilities,
                                                    std::vector<double> metersRowMajor);
    /// The listed pairs; of duplicate pairs the last listed wins (OR-Library's rule).
    /// \throws std::invalid_argument if an index is out of range or a value is negative or NaN.
    [[nodiscard]] static SitingDistanceMatrix sparse(std::size_t points, std::size_t facilities,
                                                     std::vector<Entry> entries);

    [[nodiscard]] std::size_t points() const { return m_points; }
    [[nodiscard]] std::size_t facilities() const { return m_facilities; }
    [[nodiscard]] bool isDense() const { return m_dense; }
    /// Metres, +infinity when there is no route. O(1) dense, O(log row) sparse.
    [[nodiscard]] double meters(std::size_t point, std::size_t facility) const;
    /// Sparse only: calls f(facility, meters) for the listed pairs of a point, by facility.
    template <class F> void forRow(std::size_t point, F&& f) const {
        for (std::size_t t = m_rowStart[point]; t < m_rowStart[point + 1]; ++t)
            f(static_cast<std::size_t>(m_column[t]), m_values[t]);
    }

private:
    std::size_t m_points = 0;
    std::size_t m_facilities = 0;
    bool m_dense = true;
    std::vector<double> m_values;           ///< dense: row-major; sparse: by row, then column
    std::vector<std::uint32_t> m_column;    ///< sparse: facility of each value
    std::vector<std::size_t> m_rowStart{0}; ///< sparse: size points + 1
};

struct SitingProblem {
    std::vector<SitingDemandPoint> demand;
    std::vector<ExistingFacility> existing; ///< always open; columns 0 … E−1
    std::vector<CandidateSite> candidates;  ///< columns E … E+C−1
    std::vector<FacilityExpansion> expansions;
    SitingDistanceFn distance; ///< empty → straight line (ignored when `matrix` is set)
    /// When set, every distance comes from it (points() = demand.size(), facilities() = E + C)
    /// and the locations are not used.
    std::shared_ptr<const SitingDistanceMatrix> matrix;
};

/// Checks sizes, signs and finiteness of every field.
/// \throws std::invalid_argument naming the first bad record and field, Chinese first.
void validateSitingProblem(const SitingProblem& problem);

/// Cost of choosing a site at its full size: fixed + per seat × seats (yuan).
[[nodiscard]] double siteCostYuan(const CandidateSite& site);
/// Cost of choosing an expansion: fixed + per seat × extra seats (yuan).
[[nodiscard]] double expansionCostYuan(const FacilityExpansion& expansion);

} // namespace xw::core
