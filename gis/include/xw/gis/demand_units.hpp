#pragma once
// Demand where children live: the residential units of a dataset (layer `demand_units`, table
// `unit_population`) as the demand points, and the dataset's optional OD table and barriers
// prepared for the allocation. docs/allocation.md ("Demand points") and docs/dataset-format.md.
#include <xw/core/allocation/pair_inputs.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>

namespace xw::gis {

/// The demand points each town's demand is split over — the one call a front end makes instead
/// of buildDemandGrid:
///  - with residential units (DatasetLoad::demandUnits): one point per unit at its location,
///    grouped by town in region order and in source order within a town, weighting Units;
///    stageWeights from core::unitWeights (children of the stage's ages when every unit of the
///    town gives ages, else totals); pointIds the unit ids. A town without any unit keeps the grid
///    cells buildDemandGrid gives it (pointIds "", its grid weight for every stage). `cells` holds
///    the whole grid for catchment maps. `problems` gains core::checkUnitTotals (tolerance
///    config.unitTotalTolerance) and core::checkUnitsReach.
///  - without units: buildDemandGrid(data, config), unchanged (masked by built_up when the
///    dataset has that layer and no raster).
/// Reports and cancels through `progress` as buildDemandGrid.
/// \throws GisError as buildDemandGrid; core::Cancelled when cancelled.
[[nodiscard]] DemandGrid buildDemandPoints(const DatasetLoad& data, const DemandGridConfig& config,
                                           const core::Progress& progress = {});

/// The dataset's OD table (DatasetLoad::odTable) and barriers (DatasetLoad::barriers) ready for
/// core::applyPairInputs on each stage's problem built from `points`: origin ids are the unit ids
/// of the points (grid cells by their index).
[[nodiscard]] core::PairInputs pairInputs(const DatasetLoad& data, const DemandGrid& points);

} // namespace xw::gis
