#pragma once
// Internal to the demand layers: one loader per layer of docs/dataset-format.md ("Where children
// live"), each reading its source into the dataset load. Not installed.
#include "detail/demand/demand_layers.hpp"

namespace xw::gis::detail::demand {

/// demand_units: residential units (points, or polygons taken at a point inside) with their town;
/// a unit outside its town is kept with a warning. Needs the towns loaded.
void loadUnits(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out);

/// unit_population: persons by unit, age and category. Needs the units loaded.
void loadUnitPopulation(const SourceLocation& s, const OGRSpatialReference& working,
                        DatasetLoad& out);

/// built_up: the built-up area as valid polygons.
void loadBuiltUp(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out);

/// barriers: lines (or polygons, by their outlines) that walking does not cross.
void loadBarriers(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out);

/// od_table: metres or minutes from origins to schools; schools not in the dataset are counted
/// in one warning. Needs the schools loaded.
void loadOdTable(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out);

} // namespace xw::gis::detail::demand
