#pragma once
// Demand at fine resolution: each town's demand spread over demand points (the cells
// of a regular grid inside the town) as whole children, conserving every town's total exactly.
// The points themselves come from gis::buildDemandGrid; this header is arithmetic only.
#include <xw/core/model/region.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xw::core {

/// One place where children live: a grid cell's centre (or, for a town too small to contain a
/// cell centre, a point inside the town).
struct DemandPoint {
    PointM location;             ///< working CRS, metres
    std::uint32_t townIndex = 0; ///< index into Regions::towns
    /// Relative weight within its town, ≥ 0, in any unit shared by the town's points (persons
    /// from a raster or from housing, or 1 per cell when spread uniformly).
    double weight = 0.0;
};

struct DemandSplit {
    std::vector<std::int64_t> perPoint; ///< whole children per point, in point order
    /// Per town: the town's demand rounded half away from zero (std::llround of max(0, d)); the
    /// points of the town carry exactly this many children unless the town has no point.
    std::vector<std::int64_t> townTotals;
    /// Towns with a rounded demand > 0 and no demand point: their children are not placed.
    std::vector<std::size_t> townsWithoutPoints;
};

/// Distributes each town's demand (children, a double ≥ 0; townDemand[t] for town index t) over
/// the town's points in proportion to their weights (equally when all weights of the town are
/// 0), as whole children, by largest remainder (Hamilton's method):
///   T = llround(max(0, d_t));  q_i = T · w_i / Σ_town w;  n_i = ⌊q_i⌋;
///   the T − Σ n_i children left go one each to the points with the largest q_i − ⌊q_i⌋.
/// Equal remainders (the rule when weights are uniform) are broken by a fixed scramble of the
/// point index (splitmix64), then by the index, so the children left over are spread over the
/// town instead of piling up at the first points in grid order; the result is deterministic.
/// Σ perPoint over a town's points == townTotals[t] exactly.
/// \throws std::invalid_argument when a point's town index is out of range, a weight is negative
/// or not finite, or a demand is not finite.
[[nodiscard]] DemandSplit splitDemand(const std::vector<DemandPoint>& points,
                                      const std::vector<double>& townDemand);

} // namespace xw::core
