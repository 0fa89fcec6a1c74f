// The export entry point: checks every table, prepares field names and geometries for the
// format (prepare_tables.cpp, field_names.cpp), stages the output beside its target, lets the
// format's writer fill it and commits it.
#include <xw/gis/export.hpp>
#include <xw/gis/output/atomic_output.hpp>
#include <xw/gis/output/writer.hpp>

#include "detail/text.hpp"
#include "export/export_detail.hpp"

#include <ogr_spatialref.h>

#include <array>
#include <set>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;
using namespace detail;

std::string requiredExtension(ExportFormat f) {
    switch (f) {
    case ExportFormat::FileGdb:
        return ".gdb";
    case ExportFormat::GeoPackage:
        return ".gpkg";
    case ExportFormat::Dxf:
        return ".dxf";
    case ExportFormat::Xlsx:
        return ".xlsx";
    default:
        return "";
    }
}

std::string typeName(core::ColumnType t) {
    switch (t) {
    case core::ColumnType::Integer:
        return "整数 integer";
    case core::ColumnType::Real:
        return "小数 real";
    case core::ColumnType::Text:
        return "文本 text";
    }
    return "";
}

/// fields.csv: how each written field name maps to its key, names, type and unit.
void writeFieldMapping(const ExportContext& ctx, const fs::path& folder, ExportReport& report) {
    std::vector<std::vector<std::string>> rows;
    for (const PreparedTable& p : ctx.tables) {
        const core::Table& t = *p.table;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const core::Column& col = t.columns[c];
            rows.push_back({t.name, t.titleZh, p.fieldNames[c], col.key, col.nameZh, col.nameEn,
                            typeName(col.type), col.unit});
        }
    }
    writeCsv(folder / "fields.csv",
             {"表 table", "表名 title", "字段 field", "键 key", "中文名 name_zh", "英文名 name_en",
              "类型 type", "单位 unit"},
             rows);
    report.files.emplace_back("fields.csv");
}

constexpr std::array<std::pair<ExportFormat, std::string_view>, 7> kFormatNames{{
    {ExportFormat::FileGdb, "gdb"},
    {ExportFormat::Shapefile, "shp"},
    {ExportFormat::GeoPackage, "gpkg"},
    {ExportFormat::Dxf, "dxf"},
    {ExportFormat::Xlsx, "xlsx"},
    {ExportFormat::GeoJson, "geojson"},
    {ExportFormat::Csv, "csv"},
}};

} // namespace

ExportFormat parseExportFormat(std::string_view name) {
    for (const auto& [format, text] : kFormatNames) {
        if (text == name)
            return format;
    }
    std::string known;
    for (const auto& [format, text] : kFormatNames)
        known += (known.empty() ? "" : ", ") + std::string(text);
    throw GisError("", "",
                   "未知的导出格式 / unknown export format \"" + std::string(name) +
                       "\"; 可选 / one of: " + known);
}

std::string_view exportFormatName(ExportFormat format) {
    for (const auto& [f, text] : kFormatNames) {
        if (f == format)
            return text;
    }
    return "?";
}

bool exportWritesFolder(ExportFormat format) {
    return format == ExportFormat::Shapefile || format == ExportFormat::GeoJson ||
           format == ExportFormat::Csv;
}

ExportReport exportTables(const std::vector<core::Table>& tables, const fs::path& out,
                          ExportFormat format, const ExportOptions& options) {
    ensureGdalRegistered();
    const QuietGdal quiet;
    const std::string ext = requiredExtension(format);
    if (!ext.empty() && out.extension() != ext) {
        throw GisError(out.string(), "",
                       "输出文件名须以 " + ext + " 结尾 / the output name must end in " + ext +
                           ": " + out.string());
    }

    ExportContext ctx;
    ctx.format = format;
    ctx.options = &options;
    ctx.out = out;
    const std::string targetCrs = format == ExportFormat::GeoJson ? "EPSG:4326" : options.crs;
    ctx.targetSrs = parseSrs(targetCrs);
    const char* authority = ctx.targetSrs ? ctx.targetSrs->GetAuthorityName(nullptr) : nullptr;
    if (!ctx.targetSrs || authority == nullptr || std::string(authority) != "EPSG") {
        throw GisError(out.string(), "",
                       "目标坐标系须为 EPSG 代码 / the target CRS must be an EPSG code: \"" +
                           options.crs + "\"");
    }
    ctx.targetCrsLabel = srsLabel(*ctx.targetSrs);
    ctx.geographic = ctx.targetSrs->IsGeographic() != 0;

    std::set<std::string> names;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const core::Table& t = tables[i];
        checkTable(out, t, format, options.shapefileEncoding);
        if (!names.insert(lowerAscii(t.name)).second) {
            badTable(out, t.name, "表名重复：" + t.name, "repeated table name " + t.name);
        }
        PreparedTable p;
        p.table = &t;
        p.fieldNames = exportFieldNames(t, format, options.shapefileEncoding);
        prepareStyle(ctx, p, i);
        if (t.spatial())
            prepareGeometries(ctx, p);
        ctx.tables.push_back(std::move(p));
    }
    for (const auto& [name, style] : options.styles) {
        if (names.count(lowerAscii(name)) == 0) {
            throw GisError(out.string(), name,
                           "样式指向不存在的表 / a style names no exported table: " + name);
        }
    }

    ExportReport report;
    report.out = out;
    const bool folder = exportWritesFolder(format) || format == ExportFormat::FileGdb;
    StagedOutput staged(out,
                        folder && format != ExportFormat::FileGdb ? StagedOutput::Kind::Folder
                                                                  : StagedOutput::Kind::File,
                        options.force);
    try {
        switch (format) {
        case ExportFormat::FileGdb:
        case ExportFormat::GeoPackage:
        case ExportFormat::Shapefile:
        case ExportFormat::GeoJson:
            writeOgrExport(ctx, staged.path(), report);
            break;
        case ExportFormat::Dxf:
            writeDxfExport(ctx, staged.path(), report);
            break;
        case ExportFormat::Xlsx:
            writeXlsxExport(ctx, staged.path(), report);
            break;
        case ExportFormat::Csv:
            writeCsvExport(ctx, staged.path(), report);
            break;
        }
        if (exportWritesFolder(format))
            writeFieldMapping(ctx, staged.path(), report);
    } catch (const GisError& e) {
        // Name the output the caller asked for (errors from inside name the staged path), and
        // a full disk, which drivers often report only as "write failed".
        std::string message = e.what();
        if (message.find(out.string()) == std::string::npos)
            message = "无法写入 / cannot write " + out.string() + ": " + message;
        throw GisError(out.string(), e.layer(), staged.describeFailure(message));
    }
    for (const PreparedTable& p : ctx.tables) {
        const core::Table& t = *p.table;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            report.fields.push_back(
                {t.name, t.columns[c].key, p.fieldNames[c],
                 format == ExportFormat::FileGdb ? t.columns[c].nameZh : std::string()});
        }
    }
    staged.commit();
    return report;
}

} // namespace xw::gis
