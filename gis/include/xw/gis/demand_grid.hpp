#pragma once
// Demand points at fine resolution: the cells of a regular grid inside each town,
// weighted by a population raster, by new housing, or uniformly. Core splits the demand over
// them (core::splitDemand); this header only makes the points.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/demand_points.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/diagnostic.hpp>

#include <optional>
#include <vector>

namespace xw::gis {

/// What the weights of the points are.
enum class DemandWeighting {
    PopulationRaster, ///< the raster's value at each cell centre (persons per pixel or density)
    Housing, ///< the town's residents spread evenly over its cells, plus the people of new housing
             ///< completed by the year, spread over the cells within housingSpreadMeters
    Uniform, ///< every cell of a town weighs the same (no raster, no housing)
};

/// "population_raster", "housing", "uniform".
[[nodiscard]] const char* weightingCode(DemandWeighting w);

struct DemandGridConfig {
    double cellMeters = 100.0; ///< grid spacing in the working CRS, metres, > 0
    /// Housing weighting: the year whose completed housing counts (completionYear ≤ year);
    /// 0 means the dataset's base year.
    int year = 0;
    double housingSpreadMeters = 250.0; ///< radius over which a project's people are spread
};

struct DemandGrid {
    double cellMeters = 0.0;
    DemandWeighting weighting = DemandWeighting::Uniform;
    /// Grouped by town in region order; within a town sorted by (y, x). Cell centres lie at
    /// ((i + ½)·cellMeters, (j + ½)·cellMeters) for integers i, j.
    std::vector<core::DemandPoint> points;
    /// Towns too small to hold a cell centre: each got one point inside it instead (GDAL's
    /// PointOnSurface), which is not on the grid.
    std::vector<std::size_t> townsWithoutCell;
    std::vector<Diagnostic> problems; ///< e.g. raster cells without data
};

/// Builds the grid. A cell belongs to the town containing its centre; a centre on a boundary
/// shared by two towns belongs to exactly one of them (half-open scanline rule on edges taken in
/// a canonical direction), so points never repeat across towns; points at the same place within
/// a town are merged (weights added).
/// \throws GisError if cellMeters is not positive, the grid would exceed 50 million cells, a town
/// outline is unreadable, or the population raster cannot be opened, has no CRS or cannot be
/// transformed to.
[[nodiscard]] DemandGrid buildDemandGrid(const DatasetLoad& data, const DemandGridConfig& config);

/// Attendance-zone membership of the grid's points from the dataset's `zones` polygons (a point
/// is in a zone when its location is inside the polygon, same rule as the grid), else from its
/// `school_towns` table; nullopt when the dataset has neither.
[[nodiscard]] std::optional<core::ZoneMembership> zoneMembership(const DatasetLoad& data,
                                                                 const DemandGrid& grid);

} // namespace xw::gis
