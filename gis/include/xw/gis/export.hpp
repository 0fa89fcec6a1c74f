#pragma once
// Exports of result tables (core::Table) for the land and planning departments (ArcGIS, QGIS,
// AutoCAD) and for leaders (Excel): ESRI File Geodatabase, Shapefile, GeoPackage with QGIS
// styles, DXF, XLSX, GeoJSON and CSV. Generic over core::Table: which tables and columns are
// exported is decided by the caller; this header decides only how each format carries them.
// The rules per format (field names, CRS, encodings, nulls) are in docs/exports.md.
//
// Every export is all-or-nothing (gis/output/atomic_output.hpp): it is written beside `out` and
// renamed onto it when complete, so a failure leaves nothing behind and never touches an older
// output.
#include <xw/core/common/progress.hpp>
#include <xw/core/common/table.hpp>
#include <xw/gis/crs_defaults.hpp>
#include <xw/gis/error.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace xw::gis {

enum class ExportFormat { FileGdb, Shapefile, GeoPackage, Dxf, Xlsx, GeoJson, Csv };

/// Every format, in the order front ends list them (with exportFormatName: the CLI's --format
/// values).
inline constexpr std::array<ExportFormat, 7> kExportFormats{
    ExportFormat::FileGdb, ExportFormat::Shapefile, ExportFormat::GeoPackage, ExportFormat::Dxf,
    ExportFormat::Xlsx,    ExportFormat::GeoJson,   ExportFormat::Csv};

/// "gdb", "shp", "gpkg", "dxf", "xlsx", "geojson", "csv": the one spelling of each format's name.
/// \throws GisError naming the value and the accepted ones.
[[nodiscard]] ExportFormat parseExportFormat(std::string_view name);
/// The name parseExportFormat reads, e.g. "gpkg".
[[nodiscard]] std::string_view exportFormatName(ExportFormat format);
/// True for the formats written as a folder of one file (set) per table: shp, geojson, csv.
/// A File Geodatabase is a folder too, but one dataset named *.gdb.
[[nodiscard]] bool exportWritesFolder(ExportFormat format);

enum class TextEncoding { Gbk, Utf8 };

/// An sRGB colour, 0–255 per channel.
struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
};

/// How one table is drawn where a format carries styling (GeoPackage's QGIS styles, DXF).
struct TableStyle {
    /// Column (by key) whose values label the features: QGIS labels, DXF TEXT entities. Empty:
    /// the column keyed "name" when the table has one, else no labels.
    std::string labelKey;
    /// Numeric column (by key) coloured by a graduated ramp in QGIS (five equal-count classes
    /// of its non-null values, light yellow to dark red). Empty: one symbol in `colour`.
    std::string classifyKey;
    /// Symbol colour in QGIS, used when `hasColour`; otherwise a palette colour by the table's
    /// position.
    Rgb colour;
    bool hasColour = false;
    /// Polygons filled (translucent, or by the ramp) in QGIS; false: outline only, for
    /// boundaries drawn over other layers (districts, zones).
    bool fill = true;
    /// AutoCAD Colour Index (1–255) of the table's DXF layers; 0: a CAD palette colour by the
    /// table's position (red, blue, green, orange, magenta, cyan, …; never yellow or white).
    int aci = 0;
};

struct ExportOptions {
    /// Target CRS of every geometry, as an EPSG code: "EPSG:4546" (CGCS2000 3-degree
    /// Gauss-Krüger CM 111°E, eastings without zone prefix, the default), "EPSG:4525" (zone 37:
    /// eastings carry the prefix 37, i.e. +37 000 000 m), "EPSG:4490" (CGCS2000 degrees), or any
    /// other EPSG code GDAL knows. Geometries are transformed from each table's `crs`; x is the
    /// easting or longitude in every file. GeoJSON ignores it (RFC 7946: always WGS 84 lon/lat).
    std::string crs = kDefaultWorkingCrs;
    /// Encoding of Shapefile attributes and field names, announced by the DBF language driver
    /// id and the .cpg file. GBK (code page 936) is what Chinese desktop GIS expects.
    TextEncoding shapefileEncoding = TextEncoding::Gbk;
    /// Replace an existing output; without it an existing `out` is an error.
    bool force = false;
    /// Styling per table, by core::Table::name; tables not listed get the defaults.
    std::map<std::string, TableStyle> styles;
    /// Height of DXF text labels in target CRS units (metres, or degrees for EPSG:4490); 0: a
    /// 1-2-5 value near 1/250 of the larger side of the data's extent.
    double dxfTextHeight = 0.0;
    /// Progress per table ("export <table>", rows written, rows in the table); cancellable
    /// between rows (core::Cancelled, and nothing is left behind).
    const core::Progress* progress = nullptr;
};

/// One column as a format writes it.
struct ExportedField {
    std::string table; ///< core::Table::name
    std::string key;   ///< core::Column::key (or a synthetic key: "x", "y", "wkt")
    std::string field; ///< the name written to the file (field, column header)
    std::string alias; ///< field alias where the format has one (File Geodatabase), else ""
};

struct ExportReport {
    std::filesystem::path out;                ///< the committed output
    std::vector<std::filesystem::path> files; ///< files or layers written, relative to `out`
    std::vector<ExportedField> fields;        ///< every column of every table as written
    std::vector<std::string> notes; ///< what a format could not carry ("中文 / English")
};

/// Writes `tables` to `out` in options.format. `out` is a file for gpkg, dxf and xlsx (its
/// extension must match), a folder named *.gdb for gdb, and a folder (created) for shp, geojson
/// and csv, which get one file set per table plus `fields.csv`, the field-name mapping (table,
/// field as written, key, Chinese and English name, type, unit).
///
/// Every table is checked before anything is written: unique machine names ([A-Za-z0-9_]),
/// unique column keys, rows of columns.size() cells whose types match their columns (Integer:
/// int64; Real: double or int64; Text: UTF-8 string; monostate is null everywhere), finite
/// numbers only (inf or NaN is an error naming the table, row and column), one geometry per row
/// in a parseable `crs`, all of one kind (points, lines or polygons; single and multi mixed).
/// Null cells stay null in every format (an empty CSV field, a blank XLSX cell, SQL NULL; in a
/// Shapefile the DBF null of asterisks).
/// \throws GisError naming the file, table, row and column and why (Chinese first, then
/// English); core::Cancelled when cancelled. Either way nothing is left at or beside `out`.
ExportReport exportTables(const std::vector<core::Table>& tables, const std::filesystem::path& out,
                          ExportFormat format, const ExportOptions& options = {});

/// The field names `format` writes for `table`, in column order (without synthetic columns):
/// gdb — the keys, made valid File Geodatabase names (letters, digits, _; a letter first; not
/// an SQL reserved word; ≤ 64 characters), with the Chinese name as alias; shp — the Chinese
/// names cut to 10 bytes in `shapefileEncoding` at a character boundary, then numbered (…1, …2)
/// where two would collide (case-insensitively); gpkg, geojson, csv, xlsx — the Chinese names,
/// numbered where two are equal. Deterministic for a table.
[[nodiscard]] std::vector<std::string>
exportFieldNames(const core::Table& table, ExportFormat format, TextEncoding shapefileEncoding);

} // namespace xw::gis
