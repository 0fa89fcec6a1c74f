// Every table checked and prepared before an export writes anything: the table's names, cells
// and text, its geometries in the target CRS, its style.
#include "export/export_detail.hpp"

#include <xw/gis/error.hpp>

#include "detail/text.hpp"
#include "export/text_encoding.hpp"

#include <ogr_core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace xw::gis::detail {

namespace fs = std::filesystem;

void badTable(const fs::path& out, const std::string& table, const std::string& zh,
              const std::string& en) {
    throw GisError(out.string(), table,
                   "无法导出 / cannot export " + out.string() + ": " + zh + " / " + en);
}

namespace {

bool validTableName(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

/// `place()` names the text: a cell (where()) or a column's Chinese name; it is called only to
/// word an error (a string per cell would cost more than the check).
template <typename Place>
void checkText(const fs::path& out, const core::Table& t, const Place& place,
               const std::string& text, ExportFormat format, TextEncoding enc) {
    if (!isValidUtf8(text)) {
        badTable(out, t.name, place() + "：不是有效的 UTF-8 文本", "not valid UTF-8 text");
    }
    if (format == ExportFormat::Shapefile && enc == TextEncoding::Gbk) {
        std::string bad;
        if (!toGbk(text, &bad)) {
            badTable(out, t.name, place() + "：字符“" + bad + "”无法用 GBK 编码，请改用 UTF-8",
                     "the character \"" + bad +
                         "\" has no GBK code; export the Shapefile as UTF-8");
        }
    }
}

/// Names the writers use themselves (GeoPackage tables, the mapping file) or that a GeoPackage
/// reserves; a table may not take them.
bool reservedTableName(const std::string& name) {
    const std::string lower = lowerAscii(name);
    for (const char* prefix : {"gpkg_", "rtree_", "sqlite_"}) {
        if (lower.rfind(prefix, 0) == 0)
            return true;
    }
    return lower == "fields" || lower == "layer_styles" || lower == "xw_fields";
}

} // namespace

void checkTable(const fs::path& out, const core::Table& t, ExportFormat format, TextEncoding enc) {
    if (!validTableName(t.name)) {
        badTable(out, t.name, "表名“" + t.name + "”只能由字母、数字和下划线组成",
                 "table name \"" + t.name + "\" must be letters, digits and _ only");
    }
    if (reservedTableName(t.name)) {
        badTable(out, t.name, "表名“" + t.name + "”为导出保留",
                 "table name \"" + t.name +
                     "\" is reserved by the exports (fields, layer_styles, xw_fields, gpkg_*, "
                     "rtree_*, sqlite_*)");
    }
    std::set<std::string> keys;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const core::Column& col = t.columns[c];
        if (col.key.empty() || !keys.insert(col.key).second) {
            badTable(out, t.name, "表 " + t.name + " 的列键“" + col.key + "”为空或重复",
                     "table " + t.name + ": column key \"" + col.key + "\" is empty or repeated");
        }
        const auto place = [&] {
            return "表 " + t.name + " 列 " + col.key + " 的中文名 / table " + t.name + ", column " +
                   col.key + ", Chinese name";
        };
        checkText(out, t, place, col.nameZh, format, enc);
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        if (row.size() != t.columns.size()) {
            badTable(out, t.name,
                     where(t, r, t.columns.size()) + "：有 " + std::to_string(row.size()) +
                         " 个单元格，应为 " + std::to_string(t.columns.size()),
                     "has " + std::to_string(row.size()) + " cells, expected " +
                         std::to_string(t.columns.size()));
        }
        for (std::size_t c = 0; c < row.size(); ++c) {
            const core::Cell& cell = row[c];
            if (std::holds_alternative<std::monostate>(cell))
                continue;
            const core::ColumnType type = t.columns[c].type;
            if (const auto* d = std::get_if<double>(&cell)) {
                if (type != core::ColumnType::Real) {
                    badTable(out, t.name, where(t, r, c) + "：小数写在非小数列中",
                             "a real number in a column that is not Real");
                }
                if (!std::isfinite(*d)) {
                    const std::string v = std::isnan(*d) ? "NaN" : (*d > 0 ? "inf" : "-inf");
                    badTable(out, t.name, where(t, r, c) + "：非有限数值 " + v,
                             "not a finite number (" + v + ")");
                }
            } else if (std::holds_alternative<std::int64_t>(cell)) {
                if (type == core::ColumnType::Text) {
                    badTable(out, t.name, where(t, r, c) + "：整数写在文本列中",
                             "an integer in a Text column");
                }
            } else if (const auto* s = std::get_if<std::string>(&cell)) {
                if (type != core::ColumnType::Text) {
                    badTable(out, t.name, where(t, r, c) + "：文本写在数值列中",
                             "text in a numeric column");
                }
                checkText(
                    out, t, [&] { return where(t, r, c); }, *s, format, enc);
            }
        }
    }
    if (t.spatial() && t.geometries.size() != t.rows.size()) {
        badTable(out, t.name,
                 "表 " + t.name + " 有 " + std::to_string(t.geometries.size()) + " 个几何、" +
                     std::to_string(t.rows.size()) + " 行",
                 "table " + t.name + " has " + std::to_string(t.geometries.size()) +
                     " geometries for " + std::to_string(t.rows.size()) + " rows");
    }
}

namespace {

GeometryKind kindOf(OGRwkbGeometryType type, bool& multi) {
    switch (wkbFlatten(type)) {
    case wkbPoint:
        return GeometryKind::Point;
    case wkbMultiPoint:
        multi = true;
        return GeometryKind::Point;
    case wkbLineString:
        return GeometryKind::Line;
    case wkbMultiLineString:
        multi = true;
        return GeometryKind::Line;
    case wkbPolygon:
        return GeometryKind::Polygon;
    case wkbMultiPolygon:
        multi = true;
        return GeometryKind::Polygon;
    default:
        return GeometryKind::None;
    }
}

bool finiteEnvelope(const OGRGeometry& g) {
    OGREnvelope e;
    g.getEnvelope(&e);
    return std::isfinite(e.MinX) && std::isfinite(e.MinY) && std::isfinite(e.MaxX) &&
           std::isfinite(e.MaxY);
}

} // namespace

/// Reads, checks and transforms the geometries of a spatial table into `ctx.targetSrs`.
void prepareGeometries(const ExportContext& ctx, PreparedTable& p) {
    const core::Table& t = *p.table;
    const SrsPtr source = parseSrs(t.crs);
    if (!source) {
        badTable(ctx.out, t.name, "表 " + t.name + " 的坐标系“" + t.crs + "”无法识别",
                 "table " + t.name + ": unknown CRS \"" + t.crs + "\"");
    }
    CtPtr ct;
    if (!source->IsSame(ctx.targetSrs.get())) {
        ct.reset(OGRCreateCoordinateTransformation(source.get(), ctx.targetSrs.get()));
        if (!ct) {
            badTable(ctx.out, t.name,
                     "无法从 " + t.crs + " 转换到 " + ctx.targetCrsLabel + "：" + lastGdalError(),
                     "cannot transform from " + t.crs + " to " + ctx.targetCrsLabel);
        }
    }
    p.geometries.reserve(t.rows.size());
    for (std::size_t r = 0; r < t.geometries.size(); ++r) {
        const core::Wkb& wkb = t.geometries[r];
        if (wkb.empty()) {
            p.geometries.emplace_back();
            continue;
        }
        OGRGeometry* raw = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) !=
            OGRERR_NONE) {
            badTable(ctx.out, t.name, where(t, r, t.columns.size()) + "：几何无法读取 (WKB)",
                     "unreadable geometry (WKB)");
        }
        OGRGeometryUniquePtr g(raw);
        bool multi = false;
        const GeometryKind kind = kindOf(g->getGeometryType(), multi);
        if (kind == GeometryKind::None) {
            badTable(ctx.out, t.name,
                     where(t, r, t.columns.size()) + "：不支持的几何类型 " + g->getGeometryName(),
                     std::string("unsupported geometry type ") + g->getGeometryName());
        }
        if (p.kind != GeometryKind::None && kind != p.kind) {
            badTable(ctx.out, t.name,
                     where(t, r, t.columns.size()) + "：几何类型混杂（点、线、面只能一种）",
                     "mixed geometry kinds (points, lines or polygons, one kind per table)");
        }
        p.kind = kind;
        p.multi = p.multi || multi;
        if (ct && g->transform(ct.get()) != OGRERR_NONE) {
            badTable(ctx.out, t.name,
                     where(t, r, t.columns.size()) + "：坐标无法转换到 " + ctx.targetCrsLabel,
                     "coordinates cannot be transformed to " + ctx.targetCrsLabel);
        }
        if (!finiteEnvelope(*g)) {
            badTable(ctx.out, t.name, where(t, r, t.columns.size()) + "：坐标不是有限数值",
                     "coordinates are not finite");
        }
        p.geometries.push_back(std::move(g));
    }
    // One layer type per table: singles join the multis when both occur.
    if (p.multi) {
        const OGRwkbGeometryType multiType = p.kind == GeometryKind::Point  ? wkbMultiPoint
                                             : p.kind == GeometryKind::Line ? wkbMultiLineString
                                                                            : wkbMultiPolygon;
        for (auto& g : p.geometries) {
            if (g && wkbFlatten(g->getGeometryType()) != multiType)
                g.reset(OGRGeometryFactory::forceTo(g.release(), multiType));
        }
    }
}

namespace {

// ---- styles

/// Colours a planner's map tells apart at a glance (ColorBrewer Set1, without yellow).
constexpr std::array<Rgb, 8> kQgisPalette{{{228, 26, 28},
                                           {55, 126, 184},
                                           {77, 175, 74},
                                           {152, 78, 163},
                                           {255, 127, 0},
                                           {166, 86, 40},
                                           {247, 129, 191},
                                           {153, 153, 153}}};
/// AutoCAD Colour Index entries that read on both white and black model space: red, blue,
/// green, orange, magenta, cyan, azure, violet, brown-orange, grey (no yellow 2, no white 7).
constexpr std::array<int, 10> kAciPalette{1, 5, 3, 30, 6, 4, 140, 200, 32, 8};

std::size_t columnByKey(const core::Table& t, const std::string& key, const char* what) {
    if (key.empty())
        return t.columns.size();
    const std::size_t c = t.columnIndex(key);
    if (c == t.columns.size()) {
        throw GisError("", t.name,
                       std::string("样式引用的列不存在 / the style's ") + what + " column \"" +
                           key + "\" is not in table " + t.name);
    }
    return c;
}

} // namespace

void prepareStyle(const ExportContext& ctx, PreparedTable& p, std::size_t position) {
    const core::Table& t = *p.table;
    if (const auto it = ctx.options->styles.find(t.name); it != ctx.options->styles.end())
        p.style = it->second;
    if (!p.style.hasColour) {
        p.style.colour = kQgisPalette[position % kQgisPalette.size()];
        p.style.hasColour = true;
    }
    if (p.style.aci == 0)
        p.style.aci = kAciPalette[position % kAciPalette.size()];
    if (p.style.aci < 1 || p.style.aci > 255) {
        badTable(ctx.out, t.name, "ACI 颜色号必须在 1–255 之间", "ACI colour must be 1-255");
    }
    p.labelColumn = p.style.labelKey.empty() ? t.columnIndex("name")
                                             : columnByKey(t, p.style.labelKey, "label");
    p.classifyColumn = columnByKey(t, p.style.classifyKey, "classify");
    if (p.classifyColumn < t.columns.size() &&
        t.columns[p.classifyColumn].type == core::ColumnType::Text) {
        badTable(ctx.out, t.name, "分级着色的列必须是数值列：" + p.style.classifyKey,
                 "the graduated colour column must be numeric: " + p.style.classifyKey);
    }
}

} // namespace xw::gis::detail
