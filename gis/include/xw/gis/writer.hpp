#pragma once
// Writing results: GeoPackage layers with the seat balance, and CSV tables. Both write a
// temporary file beside the target and rename it on success, so a failed write never leaves a
// half-written file and never damages an existing one.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/error.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace xw::gis {

/// One stage's allocation, for the `demand_points` and `catchments` layers. Both pointers must be
/// set and stay valid during the call; result must come from allocate(city, *problem).
struct StageAllocationLayers {
    const core::AllocationProblem* problem = nullptr;
    const core::AllocationResult* result = nullptr;
};

struct AllocationLayers {
    double cellMeters = 0.0; ///< spacing of the demand grid, metres (the catchments' cells)
    std::vector<StageAllocationLayers> stages;
    /// Every cell of the demand grid, with or without children (gis::DemandGrid::points). With
    /// it, a cell whose town has children but which has none itself joins the catchment of the
    /// nearest cell with children in the same town (4-neighbour steps), so catchments cover the
    /// towns instead of only their inhabited cells; without it only cells with children count.
    const std::vector<core::DemandPoint>* grid = nullptr;
};

/// Writes layers `districts` and `towns` (multipolygons) and `schools` (points), all in
/// data.workingCrs, with the balance in wide form: per stage code in core::kAllStages,
/// towns: <stage>_demand, _seats, _enrolment, _shortfall, _surplus, _utilisation, _large_classes;
/// districts: the same plus _local_shortfall_sum; schools: <stage>_classes, _seats, _enrolment,
/// _utilisation, _mean_class_size, _large_classes, _huge_classes (null for stages not served).
/// With `allocation`, also `demand_points` (points: one feature per point × destination, with
/// stage, town, point, demand, children, school_id, distance_m, radius_m, accessibility, status
/// "assigned"/"unplaced") and `catchments` (multipolygons: per stage and school, the union of the
/// grid cells whose children mostly go to the school — and, with AllocationLayers::grid, the
/// childless cells nearest to them in the same town — made with GDALPolygonize on the grid;
/// field `cells` counts the cells).
/// \throws GisError if the file cannot be written or the balance does not match the data.
void writeGeoPackage(const std::filesystem::path& out, const DatasetLoad& data,
                     const core::SeatBalance& balance,
                     const AllocationLayers* allocation = nullptr);

enum class ColumnType { Text, Integer, Real };

/// A table of text cells with a declared type per column; an empty cell is null.
struct Table {
    std::string name; ///< layer name in a GeoPackage
    std::vector<std::string> columns;
    std::vector<ColumnType> types; ///< one per column
    std::vector<std::vector<std::string>> rows;
};

/// Writes the `towns` layer of `data` (outline, code, name, district) and every table in
/// `tables` as a non-spatial GeoPackage table, in one transaction, atomically.
/// \throws GisError if the file cannot be written, or a cell does not parse as its column's type.
void writeGeoPackageTables(const std::filesystem::path& out, const DatasetLoad& data,
                           const std::vector<Table>& tables);

/// Writes a CSV table: UTF-8 with a byte-order mark (so Excel shows Chinese), CRLF line ends and
/// RFC 4180 quoting. Every row must have header.size() cells.
/// \throws GisError if the file cannot be written or a row has the wrong number of cells.
void writeCsv(const std::filesystem::path& out, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows);

} // namespace xw::gis
