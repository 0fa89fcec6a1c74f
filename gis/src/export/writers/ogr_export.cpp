// The exports GDAL writes as vector datasets: GeoPackage (with QGIS layer styles), ESRI File
// Geodatabase (OpenFileGDB), Shapefile (one set per table) and GeoJSON (one file per table).
#include "export/export_detail.hpp"
#include "export/text_encoding.hpp"
#include "export/writers/qgis_style.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace xw::gis::detail {
namespace {

namespace fs = std::filesystem;

/// Sets GDAL configuration options for this thread while alive and restores them after.
class ThreadConfig {
public:
    ThreadConfig(std::initializer_list<std::pair<const char*, const char*>> options) {
        for (const auto& [key, value] : options) {
            const char* old = CPLGetThreadLocalConfigOption(key, nullptr);
            m_saved.emplace_back(key,
                                 old != nullptr ? std::optional<std::string>(old) : std::nullopt);
            CPLSetThreadLocalConfigOption(key, value);
        }
    }
    ~ThreadConfig() {
        for (const auto& [key, value] : m_saved)
            CPLSetThreadLocalConfigOption(key.c_str(), value ? value->c_str() : nullptr);
    }
    ThreadConfig(const ThreadConfig&) = delete;
    ThreadConfig& operator=(const ThreadConfig&) = delete;

private:
    std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

OGRwkbGeometryType layerType(const PreparedTable& p) {
    switch (p.kind) {
    case GeometryKind::Point:
        return p.multi ? wkbMultiPoint : wkbPoint;
    case GeometryKind::Line:
        return p.multi ? wkbMultiLineString : wkbLineString;
    case GeometryKind::Polygon:
        return p.multi ? wkbMultiPolygon : wkbPolygon;
    case GeometryKind::None:
        break;
    }
    // A spatial table whose every geometry is null still gets a geometry column.
    return p.table->spatial() ? wkbUnknown : wkbNone;
}

/// Widest value of a Real column in characters of its integer part (sign included).
int integerDigits(const core::Table& t, std::size_t c) {
    double maxAbs = 0.0;
    bool negative = false;
    for (const auto& row : t.rows) {
        double v = 0.0;
        if (const auto* d = std::get_if<double>(&row[c]))
            v = *d;
        else if (const auto* i = std::get_if<std::int64_t>(&row[c]))
            v = static_cast<double>(*i);
        maxAbs = std::max(maxAbs, std::abs(v));
        negative = negative || v < 0.0;
    }
    const int digits = maxAbs < 1.0 ? 1 : static_cast<int>(std::floor(std::log10(maxAbs))) + 1;
    return digits + (negative ? 1 : 0);
}

struct FieldPlan {
    OGRFieldType type = OFTString;
    int width = 0;
    int precision = 0;
};

/// The DBF layout of each column: text as wide as its longest value in the file's encoding
/// (at most 254 bytes), reals 24 wide with as many decimals as fit the largest value (up to
/// 15), so nothing a double holds is lost to the fixed-width text of a DBF.
std::vector<FieldPlan> shapefilePlan(const ExportContext& ctx, const PreparedTable& p) {
    const core::Table& t = *p.table;
    std::vector<FieldPlan> plan(t.columns.size());
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        plan[c].type = static_cast<OGRFieldType>(ogrFieldType(t, c));
        if (plan[c].type == OFTReal) {
            constexpr int kWidth = 24;
            const int digits = integerDigits(t, c);
            if (digits > kWidth - 2) {
                exportFailed(ctx, t.name,
                             "列 " + t.columns[c].key + " 的数值太大，DBF 放不下 / column " +
                                 t.columns[c].key + " holds numbers too large for a DBF field");
            }
            plan[c].width = kWidth;
            plan[c].precision = std::min(15, kWidth - digits - 1);
        } else if (plan[c].type == OFTString) {
            std::size_t widest = 1;
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                const auto* s = std::get_if<std::string>(&t.rows[r][c]);
                if (s == nullptr)
                    continue;
                const std::size_t bytes = ctx.options->shapefileEncoding == TextEncoding::Gbk
                                              ? toGbk(*s)->size()
                                              : s->size();
                if (bytes > 254) {
                    exportFailed(ctx, t.name,
                                 where(t, r, c) +
                                     "：文本超过 DBF 的 254 字节上限，请改用 gpkg 或 gdb "
                                     "/ text longer than the 254 bytes a DBF field "
                                     "holds; export gpkg or gdb instead");
                }
                widest = std::max(widest, bytes);
            }
            plan[c].width = static_cast<int>(widest);
        }
    }
    return plan;
}

class LayerOptions {
public:
    void set(const char* key, const std::string& value) {
        m_list = CSLSetNameValue(m_list, key, value.c_str());
    }
    [[nodiscard]] char** get() const { return m_list; }
    LayerOptions() = default;
    ~LayerOptions() { CSLDestroy(m_list); }
    LayerOptions(const LayerOptions&) = delete;
    LayerOptions& operator=(const LayerOptions&) = delete;

private:
    char** m_list = nullptr;
};

/// Creates the layer of one table and writes its rows. `plan` may be empty (driver defaults).
OGRLayer* writeLayer(const ExportContext& ctx, GDALDataset& ds, const PreparedTable& p,
                     const std::string& layerName, const LayerOptions& options,
                     const std::vector<FieldPlan>& plan, bool aliases) {
    const core::Table& t = *p.table;
    const OGRwkbGeometryType type = layerType(p);
    OGRLayer* layer = ds.CreateLayer(
        layerName.c_str(), type == wkbNone ? nullptr : ctx.targetSrs.get(), type, options.get());
    if (layer == nullptr) {
        exportFailed(ctx, t.name, "无法创建图层 / cannot create layer: " + lastGdalError());
    }
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        auto fieldType = static_cast<OGRFieldType>(ogrFieldType(t, c));
        if (ctx.format == ExportFormat::FileGdb && fieldType == OFTInteger64)
            fieldType = OFTReal; // no 64-bit integers in a File Geodatabase GDAL 3.6 writes
        OGRFieldDefn defn(p.fieldNames[c].c_str(), fieldType);
        if (!plan.empty()) {
            defn.SetWidth(plan[c].width);
            defn.SetPrecision(plan[c].precision);
        }
        if (aliases)
            defn.SetAlternativeName(t.columns[c].nameZh.c_str());
        if (layer->CreateField(&defn, FALSE) != OGRERR_NONE) {
            exportFailed(ctx, t.name,
                         "无法创建字段 / cannot create field " + p.fieldNames[c] + ": " +
                             lastGdalError());
        }
        // A driver that renamed the field would break the documented mapping: refuse.
        const char* written =
            layer->GetLayerDefn()->GetFieldDefn(static_cast<int>(c))->GetNameRef();
        if (p.fieldNames[c] != written) {
            exportFailed(ctx, t.name,
                         "驱动改了字段名 / the driver renamed field " + p.fieldNames[c] + " to " +
                             written);
        }
    }

    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        feature->SetFID(OGRNullFID);
        for (std::size_t c = 0; c < row.size(); ++c) {
            const int i = static_cast<int>(c);
            const core::Cell& cell = row[c];
            if (const auto* v = std::get_if<std::int64_t>(&cell)) {
                if (t.columns[c].type == core::ColumnType::Real ||
                    feature->GetFieldDefnRef(i)->GetType() == OFTReal) {
                    if (std::abs(static_cast<double>(*v)) > 9007199254740992.0) {
                        exportFailed(ctx, t.name,
                                     where(t, r, c) + "：整数超出 2^53，无法精确写成小数 / integer "
                                                      "beyond 2^53 cannot be stored exactly");
                    }
                    feature->SetField(i, static_cast<double>(*v));
                } else {
                    feature->SetField(i, static_cast<GIntBig>(*v));
                }
            } else if (const auto* d = std::get_if<double>(&cell)) {
                feature->SetField(i, *d);
            } else if (const auto* s = std::get_if<std::string>(&cell)) {
                feature->SetField(i, s->c_str());
            } else {
                feature->SetFieldNull(i);
            }
        }
        if (type != wkbNone) {
            const OGRGeometry* g = p.geometries[r].get();
            if (g == nullptr) {
                feature->SetGeometryDirectly(nullptr);
            } else if (feature->SetGeometry(g) != OGRERR_NONE) {
                exportFailed(ctx, t.name, where(t, r, t.columns.size()) + "：几何无法写入");
            }
        }
        if (layer->CreateFeature(feature.get()) != OGRERR_NONE) {
            exportFailed(ctx, t.name,
                         where(t, r, t.columns.size()) +
                             "：写入失败 / write failed: " + lastGdalError());
        }
        tick(ctx, p, r + 1);
    }
    tick(ctx, p, t.rows.size());
    return layer;
}

GDALDriver* driverNamed(const ExportContext& ctx, const char* name) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(name);
    if (driver == nullptr) {
        exportFailed(ctx, "", std::string("GDAL 缺少驱动 / GDAL has no driver ") + name);
    }
    return driver;
}

GDALDatasetUniquePtr createVector(const ExportContext& ctx, const char* driverName,
                                  const fs::path& path) {
    GDALDatasetUniquePtr ds(
        driverNamed(ctx, driverName)->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) {
        exportFailed(ctx, "", "无法创建 / cannot create " + path.string() + ": " + lastGdalError());
    }
    return ds;
}

/// Closes a dataset and fails when GDAL reported an error while flushing it (GDALClose of GDAL
/// 3.6 returns nothing).
void closeChecked(const ExportContext& ctx, GDALDatasetUniquePtr& ds) {
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) {
        exportFailed(ctx, "", "关闭时失败 / failed while closing: " + lastGdalError());
    }
}

void writeText(const ExportContext& ctx, const fs::path& path, const std::string& text) {
    std::ofstream os(path, std::ios::binary | std::ios::trunc);
    os << text;
    os.close();
    if (!os) {
        exportFailed(ctx, "", "无法写入 / cannot write " + path.string());
    }
}

// ---------------------------------------------------------------------------------------------

/// QGIS's own layer_styles table (what "Save as default in datasource" creates in a
/// GeoPackage), one default style per spatial layer, so QGIS opens each layer styled.
void writeLayerStyles(const ExportContext& ctx, GDALDataset& ds) {
    LayerOptions options;
    options.set("FID", "id");
    OGRLayer* layer = ds.CreateLayer("layer_styles", nullptr, wkbNone, options.get());
    if (layer == nullptr) {
        exportFailed(ctx, "layer_styles", "无法创建 / cannot create: " + lastGdalError());
    }
    const std::vector<std::pair<const char*, int>> fields{{"f_table_catalog", 256},
                                                          {"f_table_schema", 256},
                                                          {"f_table_name", 256},
                                                          {"f_geometry_column", 256},
                                                          {"styleName", 30},
                                                          {"styleQML", 0},
                                                          {"styleSLD", 0},
                                                          {"useAsDefault", -1},
                                                          {"description", 0},
                                                          {"owner", 30},
                                                          {"ui", 30},
                                                          {"update_time", -2}};
    for (const auto& [name, width] : fields) {
        OGRFieldDefn defn(name, width == -1 ? OFTInteger : width == -2 ? OFTDateTime : OFTString);
        if (width == -1)
            defn.SetSubType(OFSTBoolean);
        if (width > 0)
            defn.SetWidth(width);
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            exportFailed(ctx, "layer_styles",
                         "无法创建字段 / cannot create field: " + lastGdalError());
        }
    }
    for (const PreparedTable& p : ctx.tables) {
        if (!p.table->spatial())
            continue;
        const QgisStyle style = qgisStyle(p, p.fieldNames, ctx.geographic);
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        f->SetField("f_table_catalog", "");
        f->SetField("f_table_schema", "");
        f->SetField("f_table_name", p.table->name.c_str());
        f->SetField("f_geometry_column", "geom");
        f->SetField("styleName", p.table->name.c_str());
        f->SetField("styleQML", style.qml.c_str());
        f->SetField("styleSLD", style.sld.c_str());
        f->SetField("useAsDefault", 1);
        f->SetField("description", (p.table->titleZh + " / " + p.table->titleEn).c_str());
        f->SetField("owner", "");
        f->SetField("ui", "");
        // Fixed, so that the same tables give the same file.
        f->SetField("update_time", 2000, 1, 1, 0, 0, 0.0F, 100);
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
            exportFailed(ctx, "layer_styles", "写入失败 / write failed: " + lastGdalError());
        }
    }
}

/// The field-name mapping as a table inside the GeoPackage (as fields.csv beside a folder).
void writeFieldTable(const ExportContext& ctx, GDALDataset& ds) {
    LayerOptions options;
    options.set("IDENTIFIER", "字段对照 / field names");
    OGRLayer* layer = ds.CreateLayer("xw_fields", nullptr, wkbNone, options.get());
    if (layer == nullptr) {
        exportFailed(ctx, "xw_fields", "无法创建 / cannot create: " + lastGdalError());
    }
    const char* names[] = {"table_name", "field", "key", "name_zh", "name_en", "unit"};
    for (const char* n : names) {
        OGRFieldDefn defn(n, OFTString);
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            exportFailed(ctx, "xw_fields",
                         "无法创建字段 / cannot create field: " + lastGdalError());
        }
    }
    for (const PreparedTable& p : ctx.tables) {
        const core::Table& t = *p.table;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            f->SetField(0, t.name.c_str());
            f->SetField(1, p.fieldNames[c].c_str());
            f->SetField(2, t.columns[c].key.c_str());
            f->SetField(3, t.columns[c].nameZh.c_str());
            f->SetField(4, t.columns[c].nameEn.c_str());
            f->SetField(5, t.columns[c].unit.c_str());
            if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
                exportFailed(ctx, "xw_fields", "写入失败 / write failed: " + lastGdalError());
            }
        }
    }
}

void writeGeoPackage(const ExportContext& ctx, const fs::path& staged, ExportReport& report) {
    // Speed without risk: the file is private until renamed (and fsynced before that), so
    // SQLite's own syncing buys nothing; a large page cache keeps the R-tree build in memory.
    const ThreadConfig config{{"OGR_SQLITE_SYNCHRONOUS", "OFF"},
                              {"OGR_SQLITE_CACHE", "512"},
                              {"OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z"}};
    GDALDatasetUniquePtr ds = createVector(ctx, "GPKG", staged);
    // One transaction for everything: all or nothing, and far faster than one per feature.
    if (ds->StartTransaction() != OGRERR_NONE) {
        exportFailed(ctx, "", "无法开始事务 / cannot start a transaction: " + lastGdalError());
    }
    for (const PreparedTable& p : ctx.tables) {
        LayerOptions options;
        options.set("FID", "fid");
        options.set("GEOMETRY_NAME", "geom");
        if (!p.table->titleZh.empty())
            options.set("IDENTIFIER", p.table->titleZh);
        if (!p.table->titleEn.empty())
            options.set("DESCRIPTION", p.table->titleEn);
        writeLayer(ctx, *ds, p, p.table->name, options, {}, false);
        report.files.emplace_back(p.table->name);
    }
    writeLayerStyles(ctx, *ds);
    writeFieldTable(ctx, *ds);
    if (ds->CommitTransaction() != OGRERR_NONE) {
        exportFailed(ctx, "", "无法提交事务 / cannot commit: " + lastGdalError());
    }
    closeChecked(ctx, ds);
}

void writeFileGdb(const ExportContext& ctx, const fs::path& staged, ExportReport& report) {
    GDALDatasetUniquePtr ds = createVector(ctx, "OpenFileGDB", staged);
    for (const PreparedTable& p : ctx.tables) {
        LayerOptions options;
        if (!p.table->titleZh.empty())
            options.set("LAYER_ALIAS", p.table->titleZh);
        writeLayer(ctx, *ds, p, p.table->name, options, {}, true);
        report.files.emplace_back(p.table->name);
    }
    closeChecked(ctx, ds);
}

void writeShapefiles(const ExportContext& ctx, const fs::path& folder, ExportReport& report) {
    const bool gbk = ctx.options->shapefileEncoding == TextEncoding::Gbk;
    // The DBF header's language driver id 0x4D (77) is code page 936, what ArcGIS reads first;
    // the .cpg beside it says the same for every other reader.
    GDALDatasetUniquePtr ds = createVector(ctx, "ESRI Shapefile", folder);
    for (const PreparedTable& p : ctx.tables) {
        LayerOptions options;
        options.set("ENCODING", gbk ? "LDID/77" : "UTF-8");
        options.set("SPATIAL_INDEX", "NO");
        writeLayer(ctx, *ds, p, p.table->name, options, shapefilePlan(ctx, p), false);
        const bool spatial = p.table->spatial();
        for (const char* ext : spatial ? std::vector<const char*>{".shp", ".shx", ".dbf", ".prj"}
                                       : std::vector<const char*>{".dbf"}) {
            report.files.emplace_back(p.table->name + ext);
        }
        report.files.emplace_back(p.table->name + ".cpg");
    }
    closeChecked(ctx, ds);
    for (const PreparedTable& p : ctx.tables) {
        writeText(ctx, folder / (p.table->name + ".cpg"), gbk ? "936" : "UTF-8");
    }
}

void writeGeoJsons(const ExportContext& ctx, const fs::path& folder, ExportReport& report) {
    for (const PreparedTable& p : ctx.tables) {
        const fs::path file = folder / (p.table->name + ".geojson");
        GDALDatasetUniquePtr ds = createVector(ctx, "GeoJSON", file);
        LayerOptions options;
        // RFC 7946: WGS 84 longitude/latitude, no "crs" member, exterior rings
        // counter-clockwise (right-hand rule), 7 decimals (about 1 cm).
        options.set("RFC7946", "YES");
        options.set("WRITE_NAME", "YES");
        if (!p.table->titleZh.empty())
            options.set("DESCRIPTION", p.table->titleZh);
        writeLayer(ctx, *ds, p, p.table->name, options, {}, false);
        closeChecked(ctx, ds);
        report.files.emplace_back(p.table->name + ".geojson");
    }
}

} // namespace

void writeOgrExport(const ExportContext& ctx, const fs::path& staged, ExportReport& report) {
    switch (ctx.format) {
    case ExportFormat::GeoPackage:
        writeGeoPackage(ctx, staged, report);
        break;
    case ExportFormat::FileGdb:
        writeFileGdb(ctx, staged, report);
        break;
    case ExportFormat::Shapefile:
        writeShapefiles(ctx, staged, report);
        break;
    case ExportFormat::GeoJson:
        writeGeoJsons(ctx, staged, report);
        break;
    default:
        exportFailed(ctx, "", "不是 GDAL 矢量格式 / not a GDAL vector format");
    }
}

} // namespace xw::gis::detail
