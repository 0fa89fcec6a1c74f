#pragma once
// School catchments as polygons: the demand-grid cells whose children mostly go to each school,
// dissolved into one multipolygon per school. Geometry that results need, apart from any writer:
// the study engine puts them in its results, the GeoPackage writer and the map renderer read them.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/demand_points.hpp>
#include <xw/core/common/table.hpp>

#include <cstdint>
#include <vector>

namespace xw::gis {

struct CatchmentShape {
    core::Stage stage = core::Stage::Primary;
    std::size_t facility = 0;    ///< index into the problem's facilities
    std::size_t schoolIndex = 0; ///< index into the city's schools the problem was built from
    std::int64_t cells = 0;      ///< grid cells in the catchment
    core::Wkb wkb;               ///< ISO WKB multipolygon, working CRS
};

/// One shape per school with at least one cell, in facility order. A cell belongs to the school
/// taking most of its children (ties: the lower facility index). With `grid` (every cell of the
/// demand grid, gis::DemandGrid::points), a cell without children joins the catchment of the
/// nearest cell with children in the same town (breadth-first, 4-neighbour steps, deterministic
/// ties), so catchments tile their towns; without it only cells with children count. Cells are
/// squares of `cellMeters` centred on the points; the union is made with GDALPolygonize on a
/// raster of the cells, which is linear in the cells and cannot produce invalid or overlapping
/// polygons. `result` must come from allocate(city, problem).
/// \throws GisError when cellMeters is not positive, the grid extent exceeds 4·10⁸ cells or
/// GDAL fails; std::invalid_argument when result does not match problem.
[[nodiscard]] std::vector<CatchmentShape>
catchmentShapes(double cellMeters, const core::AllocationProblem& problem,
                const core::AllocationResult& result,
                const std::vector<core::DemandPoint>* grid = nullptr);

} // namespace xw::gis
