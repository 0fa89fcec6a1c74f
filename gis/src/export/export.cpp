// The export entry point: checks every table, prepares field names and geometries for the
// format, stages the output beside its target, lets the format's writer fill it and commits it.
#include <xw/gis/atomic_output.hpp>
#include <xw/gis/export.hpp>
#include <xw/gis/writer.hpp>

#include "export/export_detail.hpp"
#include "export/text_encoding.hpp"

#include <ogr_core.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

namespace xw::gis {
namespace detail {

namespace fs = std::filesystem;

void tick(const ExportContext& ctx, const PreparedTable& t, std::size_t rowsDone) {
    const core::Progress* p = ctx.options->progress;
    if (p == nullptr)
        return;
    if (rowsDone % 4096 == 0 || rowsDone == t.table->rows.size()) {
        p->throwIfCancelled();
        p->report("export " + t.table->name, static_cast<std::int64_t>(rowsDone),
                  static_cast<std::int64_t>(t.table->rows.size()));
    }
}

std::string where(const core::Table& t, std::size_t row, std::size_t column) {
    const std::string r = std::to_string(row + 1);
    if (column >= t.columns.size()) {
        return "表 " + t.name + " 第 " + r + " 行 / table " + t.name + ", row " + r;
    }
    const core::Column& c = t.columns[column];
    return "表 " + t.name + " 第 " + r + " 行 列 " + c.key + "（" + c.nameZh + "）/ table " +
           t.name + ", row " + r + ", column " + c.key;
}

std::string formatCell(const core::Cell& cell, const core::Column& column) {
    if (const auto* i = std::get_if<std::int64_t>(&cell))
        return std::to_string(*i);
    if (const auto* s = std::get_if<std::string>(&cell))
        return *s;
    const auto* d = std::get_if<double>(&cell);
    if (d == nullptr)
        return {};
    std::array<char, 64> buf{};
    if (column.decimals >= 0) {
        const int n = std::snprintf(buf.data(), buf.size(), "%.*f", column.decimals, *d);
        std::string text(buf.data(), static_cast<std::size_t>(std::max(n, 0)));
        // "-0.0" reads as a sign where there is none worth showing.
        if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-')
            text.erase(0, 1);
        return text;
    }
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), *d);
    return std::string(buf.data(), res.ptr);
}

int ogrFieldType(const core::Table& t, std::size_t column) {
    switch (t.columns[column].type) {
    case core::ColumnType::Text:
        return OFTString;
    case core::ColumnType::Real:
        return OFTReal;
    case core::ColumnType::Integer:
        break;
    }
    for (const auto& row : t.rows) {
        if (const auto* v = std::get_if<std::int64_t>(&row[column])) {
            if (*v < INT32_MIN || *v > INT32_MAX)
                return OFTInteger64;
        }
    }
    return OFTInteger;
}

void exportFailed(const ExportContext& ctx, const std::string& table, const std::string& what) {
    throw GisError(ctx.out.string(), table,
                   "无法写入 / cannot write " + ctx.out.string() +
                       (table.empty() ? std::string() : " [" + table + "]") + ": " + what);
}

GeometryColumns geometryColumns(const ExportContext& ctx, const PreparedTable& t, bool allowWkt) {
    GeometryColumns g;
    if (!t.table->spatial())
        return g;
    if (t.kind == GeometryKind::Point && !t.multi) {
        g.xy = true;
        g.xName = ctx.geographic ? "经度" : "X（东）";
        g.yName = ctx.geographic ? "纬度" : "Y（北）";
    } else if (allowWkt) {
        g.wkt = true;
        g.wktName = "WKT";
    }
    return g;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Field names

std::string lowerAscii(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

/// Makes `wanted` unique (ASCII case-insensitively, also against `reserved`), in order: a name
/// that collides gets the suffix 1, 2, … through `fit(base, suffix)`, which also shortens it.
std::vector<std::string>
uniqueNames(const std::vector<std::string>& wanted,
            const std::function<std::string(const std::string&, const std::string&)>& fit,
            const std::set<std::string>& reserved) {
    std::set<std::string> used;
    for (const auto& r : reserved)
        used.insert(lowerAscii(r));
    std::vector<std::string> out;
    for (const auto& w : wanted) {
        std::string name = fit(w, "");
        for (int n = 1; used.count(lowerAscii(name)) > 0; ++n) {
            name = fit(w, std::to_string(n));
        }
        used.insert(lowerAscii(name));
        out.push_back(name);
    }
    return out;
}

/// Code point of one UTF-8 character.
char32_t codePoint(const std::string& ch) {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(ch[i]); };
    switch (ch.size()) {
    case 1:
        return b(0);
    case 2:
        return ((b(0) & 0x1Fu) << 6) | (b(1) & 0x3Fu);
    case 3:
        return ((b(0) & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
    default:
        return ((b(0) & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) |
               (b(3) & 0x3Fu);
    }
}

/// Whether a character may stand in a Shapefile (dBASE) field name as ArcGIS accepts them:
/// ASCII letters, digits and _, and non-ASCII letters (CJK); not punctuation or symbols.
bool fieldNameCharacter(char32_t c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    if (c < 0xC0 || c == 0xD7 || c == 0xF7)
        return false; // Latin-1 symbols (², °, ·, ×, ÷)
    if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F))
        return false; // general punctuation, arrows, maths, CJK punctuation (、。《》【】)
    if ((c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
        (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65))
        return false; // full-width punctuation (（）％，：)
    return true;
}

/// `name` with every character outside fieldNameCharacter replaced by one _ (runs merged,
/// none at the ends) and a letter first (F before a leading digit); "F" if nothing is left.
std::vector<std::string> sanitisedCharacters(const std::string& name) {
    std::vector<std::string> out;
    for (const auto& ch : utf8Characters(name)) {
        if (fieldNameCharacter(codePoint(ch))) {
            out.push_back(ch);
        } else if (!out.empty() && out.back() != "_") {
            out.emplace_back("_");
        }
    }
    while (!out.empty() && out.back() == "_")
        out.pop_back();
    if (out.empty())
        out.emplace_back("F");
    if (out.front().size() == 1 && out.front()[0] >= '0' && out.front()[0] <= '9')
        out.insert(out.begin(), "F");
    return out;
}

std::size_t encodedSize(const std::string& utf8, TextEncoding enc) {
    if (enc == TextEncoding::Utf8)
        return utf8.size();
    const auto gbk = toGbk(utf8);
    return gbk ? gbk->size() : utf8.size();
}

constexpr std::size_t kDbfFieldNameBytes = 10;

std::vector<std::string> shapefileNames(const std::vector<std::string>& wanted, TextEncoding enc) {
    const auto fit = [enc](const std::string& base, const std::string& suffix) {
        std::string name;
        std::size_t bytes = suffix.size(); // the suffix is ASCII digits
        for (const auto& ch : sanitisedCharacters(base)) {
            const std::size_t n = encodedSize(ch, enc);
            if (bytes + n > kDbfFieldNameBytes)
                break;
            name += ch;
            bytes += n;
        }
        return name + suffix;
    };
    return uniqueNames(wanted, fit, {});
}

/// SQL words ArcGIS refuses as geodatabase field names (its documented reserved words).
const std::set<std::string>& gdbReservedWords() {
    static const std::set<std::string> words{
        "add",   "alter",  "and",    "between", "by",       "column", "create",       "delete",
        "drop",  "exists", "for",    "from",    "group",    "in",     "insert",       "into",
        "is",    "like",   "not",    "null",    "or",       "order",  "select",       "set",
        "table", "update", "values", "where",   "objectid", "shape",  "shape_length", "shape_area"};
    return words;
}

std::vector<std::string> gdbNames(const std::vector<std::string>& keys) {
    const auto fit = [](const std::string& base, const std::string& suffix) {
        std::string name;
        for (const char c : base) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '_';
            name += ok ? c : '_';
        }
        if (name.empty() ||
            !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
            name.insert(0, "F");
        if (gdbReservedWords().count(lowerAscii(name)) > 0)
            name += "_";
        constexpr std::size_t kMax = 64;
        if (name.size() + suffix.size() > kMax)
            name.resize(kMax - suffix.size());
        return name + suffix;
    };
    return uniqueNames(keys, fit, gdbReservedWords());
}

std::vector<std::string> plainNames(const std::vector<std::string>& wanted,
                                    const std::set<std::string>& reserved) {
    const auto fit = [](const std::string& base, const std::string& suffix) {
        return base + suffix;
    };
    return uniqueNames(wanted, fit, reserved);
}

// ---------------------------------------------------------------------------------------------
// Checks

[[noreturn]] void badTable(const fs::path& out, const std::string& table, const std::string& zh,
                           const std::string& en) {
    throw GisError(out.string(), table,
                   "无法导出 / cannot export " + out.string() + ": " + zh + " / " + en);
}

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

// ---------------------------------------------------------------------------------------------
// Styles

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

} // namespace
} // namespace detail

namespace {
namespace fs = std::filesystem;
using namespace detail;

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
    throw GisError("", "",
                   "未知的导出格式 / unknown export format \"" + std::string(name) +
                       "\"; 可选 / one of: gdb, shp, gpkg, dxf, xlsx, geojson, csv");
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

std::vector<std::string> exportFieldNames(const core::Table& table, ExportFormat format,
                                          TextEncoding shapefileEncoding) {
    std::vector<std::string> zh;
    std::vector<std::string> keys;
    for (const core::Column& c : table.columns) {
        zh.push_back(c.nameZh.empty() ? c.key : c.nameZh);
        keys.push_back(c.key);
    }
    switch (format) {
    case ExportFormat::FileGdb:
        return gdbNames(keys);
    case ExportFormat::Shapefile:
        return shapefileNames(zh, shapefileEncoding);
    case ExportFormat::GeoPackage:
        return plainNames(zh, {"fid", "geom"});
    default:
        return plainNames(zh, {});
    }
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
