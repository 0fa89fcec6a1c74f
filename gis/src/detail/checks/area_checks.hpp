#pragma once
// Internal: polygon validation and repair (GEOS MakeValid) and point-in-town look-up.
#include "detail/geos_util.hpp"
#include "detail/source/source_reader.hpp"

#include <ogr_geometry.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace xw::gis::detail {

/// A polygon in the working CRS: valid (repaired when needed) with its area, or nullptr.
struct CheckedPolygon {
    GeomPtr geometry;
    double areaKm2 = 0.0;
};

/// Validates and, if needed, repairs a polygon, reporting through `record` (a repair is a
/// warning; a non-polygon or an unrepairable geometry an error, with a null result).
[[nodiscard]] CheckedPolygon checkPolygon(const GeosContext& ctx, const OGRGeometry& g,
                                          Record& record);

/// Point-in-polygon over the towns, with a GEOS STRtree of prepared polygons. Keeps a reference
/// to `ctx`, which must outlive it.
class TownIndex {
public:
    /// \throws GisError when GEOS cannot build the tree or prepare a polygon.
    TownIndex(const GeosContext& ctx, std::vector<GeomPtr> towns);

    /// Index of the town containing (x, y) (boundary included; the lowest index when several),
    /// or nullopt.
    [[nodiscard]] std::optional<std::size_t> locate(double x, double y) const;

private:
    const GeosContext& m_ctx;
    std::vector<GeomPtr> m_towns;
    std::vector<PreparedPtr> m_prepared;
    std::vector<std::size_t> m_ids; ///< 0 … n-1; the tree's items point into it, so never resized
    TreePtr m_tree;
};

} // namespace xw::gis::detail

namespace xw::gis::detail {

/// Two towns whose outlines overlap.
struct TownOverlap {
    std::size_t larger;  ///< the town cut back (index into the towns given)
    std::size_t smaller; ///< the town that keeps the overlap
    double areaKm2 = 0.0;
};

/// Makes town outlines disjoint by one rule, whatever their order in the file: where two towns
/// overlap, the overlap belongs to the smaller town (by area before any cut; equal areas: the
/// lower code) and is cut out of the larger one — a new 街道 drawn over the old 镇 keeps its area.
/// `towns[i]` is replaced by its cut outline (polygonal, possibly empty); `codes[i]` and
/// `areaKm2[i]` describe town i. Returns every overlap of positive area (measured before the
/// cut) in order of the larger town, then the smaller.
/// \throws GisError when GEOS fails on an intersection or difference.
[[nodiscard]] std::vector<TownOverlap> resolveTownOverlaps(const GeosContext& ctx,
                                                           std::vector<GeomPtr>& towns,
                                                           const std::vector<std::string>& codes,
                                                           const std::vector<double>& areaKm2);

/// Planar area of a geometry, km²; 0 for an empty one.
/// \throws GisError when GEOS fails.
[[nodiscard]] double areaKm2Of(const GeosContext& ctx, const GEOSGeometry& g);

} // namespace xw::gis::detail
