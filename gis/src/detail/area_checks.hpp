#pragma once
// Internal: polygon validation and repair (GEOS MakeValid) and point-in-town look-up.
#include "detail/geos_util.hpp"
#include "detail/source_reader.hpp"

#include <ogr_geometry.h>

#include <cstddef>
#include <optional>
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
    TreePtr m_tree;
};

} // namespace xw::gis::detail
