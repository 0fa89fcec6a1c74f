#pragma once
// Demand points at fine resolution: the cells of a regular grid inside each town,
// weighted by a population raster, by new housing, or uniformly. Core splits the demand over
// them (core::splitDemand); this header only makes the points.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/demand_points.hpp>
#include <xw/core/common/progress.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/diagnostic.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace xw::gis {

/// What the weights of the points are.
enum class DemandWeighting {
    PopulationRaster, ///< the raster's value at each cell centre (persons per pixel or density)
    Housing, ///< the town's residents spread evenly over its cells, plus the people of new housing
             ///< completed by the year, spread over the cells within housingSpreadMeters
    Uniform, ///< every cell of a town weighs the same (no raster, no housing)
    /// Like Housing or Uniform, but the town's residents are spread over the cells whose centre
    /// lies in a `built_up` polygon (towns without such a cell: over all their cells)
    BuiltUp,
    /// The dataset's residential units (buildDemandPoints), each weighted per stage by its
    /// children of the stage's ages or by its total; towns without a unit keep grid cells
    Units,
};

/// "population_raster", "housing", "uniform", "built_up", "units".
[[nodiscard]] const char* weightingCode(DemandWeighting w);

/// Demand-grid spacing when none is given, metres: the project's one definition (the study's
/// default, hence the CLI's --grid-m and the viewer's, is this). 250 m rather than 100 m: 127,423
/// cells instead of 796,432 for Yangjiang, about half the run time (docs/allocation.md, "Why
/// 250 m by default"); still half the 500 m primary walking radius.
inline constexpr double kDefaultCellMeters = 250.0;

struct DemandGridConfig {
    double cellMeters = kDefaultCellMeters; ///< grid spacing in the working CRS, metres, > 0
    /// Housing weighting: the year whose completed housing counts (completionYear ≤ year);
    /// 0 means the dataset's base year.
    int year = 0;
    double housingSpreadMeters = 250.0; ///< radius over which a project's people are spread
    /// Residential units (buildDemandPoints): a town whose units hold more or fewer people than
    /// the population data by more than this fraction is reported (core::checkUnitTotals).
    /// 0.05 [A]: unit registers and the census rarely agree better than a few per cent.
    double unitTotalTolerance = 0.05;
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
    /// Per stage (core::stageIndex): each point's weight in its town's split of that stage, same
    /// order as `points`; empty → points[i].weight for every stage. Set with residential units
    /// (children of the stage's ages, or the unit's total).
    std::array<std::vector<double>, core::kStageCount> stageWeights;
    /// Per point: the id of its residential unit, "" for a grid cell; empty without units. An OD
    /// table names a point by this id, or by its index when it is "".
    std::vector<std::string> pointIds;
    /// With residential units: every cell of the regular grid (as buildDemandGrid makes it), for
    /// catchment maps; empty otherwise.
    std::vector<core::DemandPoint> cells;

    /// The points of one stage: `points` with that stage's weights (a copy).
    [[nodiscard]] std::vector<core::DemandPoint> pointsFor(core::Stage stage) const;
    /// The cells catchments are drawn on: `cells` when set, else `points`.
    [[nodiscard]] const std::vector<core::DemandPoint>& catchmentCells() const {
        return cells.empty() ? points : cells;
    }
};

/// Builds the grid. With a `built_up` layer and no population raster, a town's residents are
/// spread only over its cells inside the built-up polygons (DemandWeighting::BuiltUp). A cell
/// belongs to the town containing its centre; a centre on a boundary shared by two towns belongs to
/// exactly one of them (half-open scanline rule on edges taken in a canonical direction), so points
/// never repeat across towns; points at the same place within a town are merged (weights added).
/// Reports step "demand_grid" (one unit per town, per built-up polygon, and one for the weighting)
/// and polls `progress` for cancellation after each unit and during the raster read.
/// \throws GisError if cellMeters is not positive, the grid would exceed 50 million cells, a town
/// outline is unreadable, or the population raster cannot be opened, has no CRS or cannot be
/// transformed to; core::Cancelled when cancelled.
[[nodiscard]] DemandGrid buildDemandGrid(const DatasetLoad& data, const DemandGridConfig& config,
                                         const core::Progress& progress = {});

/// Attendance-zone membership of the grid's points from the dataset's `zones` polygons (a point
/// is in a zone when its location is inside the polygon, same rule as the grid), else from its
/// `school_towns` table; nullopt when the dataset has neither.
[[nodiscard]] std::optional<core::ZoneMembership> zoneMembership(const DatasetLoad& data,
                                                                 const DemandGrid& grid);

} // namespace xw::gis
