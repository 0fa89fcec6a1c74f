#pragma once
// Internals shared by the export writers: a table checked and prepared for one format (field
// names, geometries in the target CRS, style). Not public.
#include <xw/gis/export.hpp>

#include "detail/ogr_util.hpp"

#include <ogr_geometry.h>

#include <filesystem>
#include <string>
#include <vector>

namespace xw::gis::detail {

enum class GeometryKind { None, Point, Line, Polygon };

struct PreparedTable {
    const core::Table* table = nullptr;
    std::vector<std::string> fieldNames; ///< one per column, as the format writes it
    GeometryKind kind = GeometryKind::None;
    bool multi = false; ///< some geometry is a multi-geometry (layers are then multi)
    /// One per row when the table is spatial, in the export's target CRS; null = no geometry.
    std::vector<OGRGeometryUniquePtr> geometries;
    TableStyle style;           ///< with palette defaults filled in
    std::size_t labelColumn;    ///< column index of the label, or columns.size() for none
    std::size_t classifyColumn; ///< column index of the graduated ramp, or columns.size()
};

struct ExportContext {
    ExportFormat format;
    const ExportOptions* options = nullptr;
    SrsPtr targetSrs;           ///< the CRS geometries are in (EPSG:4326 for GeoJSON)
    std::string targetCrsLabel; ///< "EPSG:4546"
    bool geographic = false;    ///< target CRS in degrees
    std::vector<PreparedTable> tables;
    std::filesystem::path out; ///< the final target (for messages)
};

/// Reports progress and polls the cancel flag, every 4096 rows and at the end of a table.
void tick(const ExportContext& ctx, const PreparedTable& t, std::size_t rowsDone);

/// "表 T 第 r 行 列 key（名）/ table T, row r, column key" (r 1-based) for messages.
[[nodiscard]] std::string where(const core::Table& t, std::size_t row, std::size_t column);

/// A cell as CSV text: null → "", integers in full, reals with Column::decimals places when
/// ≥ 0, else the shortest text that reads back as the same double.
[[nodiscard]] std::string formatCell(const core::Cell& cell, const core::Column& column);

/// The OGR field type for a column: Integer → OFTInteger when every value fits 32 bits, else
/// OFTInteger64; Real → OFTReal; Text → OFTString.
[[nodiscard]] int ogrFieldType(const core::Table& t, std::size_t column);

/// Throws GisError about `out` (and `table` when not empty): "无法写入 / cannot write …: what".
[[noreturn]] void exportFailed(const ExportContext& ctx, const std::string& table,
                               const std::string& what);

/// Throws GisError about exporting `out`: "无法导出 / cannot export out: zh / en".
[[noreturn]] void badTable(const std::filesystem::path& out, const std::string& table,
                           const std::string& zh, const std::string& en);

/// Checks a table before anything is written: its name (letters, digits and _, not one the
/// exports reserve), non-empty unique column keys, cells of their column's type, finite reals,
/// valid UTF-8 (with a GBK code for a GBK Shapefile), one geometry per row.
/// \throws GisError (badTable) naming the table, and the row and column of a bad cell.
void checkTable(const std::filesystem::path& out, const core::Table& t, ExportFormat format,
                TextEncoding enc);

/// Reads, checks and transforms the geometries of a spatial table into `ctx.targetSrs`; sets
/// the table's kind, and makes every geometry multi when singles and multis occur together.
/// \throws GisError for an unknown CRS, unreadable WKB, mixed kinds, a failed transformation
/// or coordinates that are not finite.
void prepareGeometries(const ExportContext& ctx, PreparedTable& p);

/// The style of the table at `position` of the export: the caller's, with colours from the
/// palettes when it gives none, and its label and graduated colour columns.
/// \throws GisError when a style names a column the table lacks, the ACI colour is outside
/// 1–255 or the graduated colour column is text.
void prepareStyle(const ExportContext& ctx, PreparedTable& p, std::size_t position);

// The writers: each writes the whole export into `staged` (a file or a folder as the format
// needs) and appends what it wrote to `report`.
void writeOgrExport(const ExportContext& ctx, const std::filesystem::path& staged,
                    ExportReport& report);
void writeDxfExport(const ExportContext& ctx, const std::filesystem::path& staged,
                    ExportReport& report);
void writeXlsxExport(const ExportContext& ctx, const std::filesystem::path& staged,
                     ExportReport& report);
void writeCsvExport(const ExportContext& ctx, const std::filesystem::path& staged,
                    ExportReport& report);

/// The extra columns CSV and XLSX add for a spatial table: X and Y for points (target CRS:
/// easting/northing or longitude/latitude), WKT for lines and polygons (CSV only).
struct GeometryColumns {
    bool xy = false;
    bool wkt = false;
    std::string xName, yName, wktName;
};
[[nodiscard]] GeometryColumns geometryColumns(const ExportContext& ctx, const PreparedTable& t,
                                              bool allowWkt);

} // namespace xw::gis::detail
