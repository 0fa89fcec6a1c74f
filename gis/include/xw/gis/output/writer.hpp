#pragma once
// Writing result tables (core::Table: typed columns, optional geometry) as CSV and GeoPackage.
// Every file is written beside its target and renamed on success, so a failed write never leaves
// a half-written file and never damages an existing one; for a whole set of files use
// StagedFolder (output_folder.hpp). The schema comes from each table; nothing here decides which
// columns a result has.
#include <xw/core/common/table.hpp>
#include <xw/gis/error.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace xw::gis {

/// A cell as text, as the CSV files and the terminal show it: integers in full; reals with the
/// column's decimals (Column::decimals; −1 = six significant digits, never an exponent); text as
/// it is; null as "".
/// \throws GisError for a real that is not finite (no output may hold inf or NaN).
[[nodiscard]] std::string cellText(const core::Cell& cell, const core::Column& column);

/// Writes one table as CSV: UTF-8 with a byte-order mark (so Excel shows Chinese), CRLF line ends,
/// RFC 4180 quoting, the column keys as the header. Geometries are not written.
/// \throws GisError if the file cannot be written (with the reason: no space, no permission, …),
/// a row has the wrong number of cells, or a cell is not finite.
void writeCsv(const std::filesystem::path& out, const core::Table& table);

/// The same for rows of ready-made text (the exports format their own cells).
/// \throws GisError as above.
void writeCsv(const std::filesystem::path& out, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows);

/// Writes the tables into one GeoPackage, in one transaction: spatial tables (Table::geometries)
/// as layers in their CRS — points, multilinestrings or multipolygons after the first non-null
/// geometry —, the others as attribute tables. Integer columns are 64-bit; null cells are NULL.
/// \throws GisError if the file cannot be written, a table's CRS is unknown, a geometry cannot be
/// read or is of another kind than the layer's, a row has the wrong number of cells, a cell does
/// not match its column's type, or a real is not finite.
void writeGeoPackage(const std::filesystem::path& out,
                     const std::vector<const core::Table*>& tables);

} // namespace xw::gis
