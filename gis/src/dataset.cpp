// Dataset loader: manifest (yaml-cpp), layers and tables (GDAL/OGR), CRS (PROJ via GDAL),
// geometry validation and point-in-polygon (GEOS). See docs/dataset-format.md.
#include <xw/gis/dataset.hpp>

#include "detail/demand_layers.hpp"
#include "detail/geos_util.hpp"
#include "detail/ogr_util.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <system_error>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;
using detail::GeomPtr;
using detail::GeosContext;

constexpr const char* kManifestName = "dataset.yaml";
constexpr const char* kDefaultWorkingCrs = "EPSG:4546";

// ----------------------------------------------------------------------------------------------
// Manifest

struct GeometrySpec {
    std::optional<std::string> x, y; ///< coordinate columns
    std::optional<std::string> wkt;  ///< WKT column
};

struct SourceSpec {
    std::string key;         ///< our layer or table name
    std::string sourceLabel; ///< as written in the manifest, used in messages
    fs::path path;           ///< resolved against the dataset folder
    std::optional<std::string> layer, crs, encoding;
    GeometrySpec geometry;
    std::map<std::string, std::string> fields; ///< ours → user's column
};

struct Manifest {
    std::string name;
    std::string cityCode, cityName;
    int baseYear = 0;
    std::optional<std::string> workingCrs;
    std::optional<std::string> norms;
    std::vector<core::TownGrouping> groupings;
    std::map<std::string, SourceSpec> sources; ///< by key
};

[[noreturn]] void malformed(const std::string& what) {
    throw GisError(kManifestName, "",
                   "数据集清单格式错误 / malformed manifest: " + std::string(kManifestName) + ": " +
                       what);
}

std::optional<std::string> optionalScalar(const YAML::Node& node, const std::string& key,
                                          const std::string& where) {
    const YAML::Node value = node[key];
    if (!value || value.IsNull()) {
        return std::nullopt;
    }
    if (!value.IsScalar()) {
        malformed(where + key + " 应为文本 / must be a scalar");
    }
    return value.as<std::string>();
}

SourceSpec parseSource(const YAML::Node& node, const std::string& key, const fs::path& folder,
                       const std::string& section) {
    const std::string where = section + "." + key + ".";
    if (!node.IsMap()) {
        malformed(section + "." + key + " 应为映射 / must be a mapping");
    }
    SourceSpec spec;
    spec.key = key;
    const auto source = optionalScalar(node, "source", where);
    if (!source || source->empty()) {
        malformed(where + "source 缺失 / is missing");
    }
    spec.sourceLabel = *source;
    spec.path = fs::path(*source).is_absolute() ? fs::path(*source) : folder / *source;
    spec.layer = optionalScalar(node, "layer", where);
    spec.crs = optionalScalar(node, "crs", where);
    spec.encoding = optionalScalar(node, "encoding", where);
    if (const YAML::Node geometry = node["geometry"]; geometry && !geometry.IsNull()) {
        if (!geometry.IsMap()) {
            malformed(where + "geometry 应为映射 / must be a mapping");
        }
        spec.geometry.x = optionalScalar(geometry, "x", where + "geometry.");
        spec.geometry.y = optionalScalar(geometry, "y", where + "geometry.");
        spec.geometry.wkt = optionalScalar(geometry, "wkt", where + "geometry.");
        if (spec.geometry.x.has_value() != spec.geometry.y.has_value()) {
            malformed(where + "geometry 需要同时给出 x 和 y / needs both x and y");
        }
        if (spec.geometry.x && spec.geometry.wkt) {
            malformed(where + "geometry 只能是 {x, y} 或 {wkt} / must be either {x, y} or {wkt}");
        }
    }
    if (const YAML::Node fields = node["fields"]; fields && !fields.IsNull()) {
        if (!fields.IsMap()) {
            malformed(where + "fields 应为映射 / must be a mapping");
        }
        for (const auto& entry : fields) {
            if (!entry.second.IsScalar()) {
                malformed(where + "fields." + entry.first.as<std::string>() +
                          " 应为列名 / must be a column name");
            }
            spec.fields[entry.first.as<std::string>()] = entry.second.as<std::string>();
        }
    }
    return spec;
}

Manifest readManifest(const fs::path& folder) {
    const fs::path file = folder / kManifestName;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        throw GisError(kManifestName, "",
                       "数据集清单不存在 / manifest not found: " + file.string());
    }
    Manifest m;
    try {
        const YAML::Node root = YAML::LoadFile(file.string());
        if (!root.IsMap()) {
            malformed("顶层应为映射 / the top level must be a mapping");
        }
        m.name = optionalScalar(root, "name", "").value_or("");
        if (const YAML::Node city = root["city"]; city && city.IsMap()) {
            m.cityCode = optionalScalar(city, "code", "city.").value_or("");
            m.cityName = optionalScalar(city, "name", "city.").value_or("");
        } else if (city) {
            malformed("city 应为映射 / must be a mapping {code, name}");
        }
        const auto baseYear = optionalScalar(root, "base_year", "");
        if (!baseYear) {
            malformed("base_year 缺失 / is missing");
        }
        try {
            m.baseYear = root["base_year"].as<int>();
        } catch (const YAML::BadConversion&) {
            malformed("base_year 不是整数 / is not an integer: " + *baseYear);
        }
        m.workingCrs = optionalScalar(root, "working_crs", "");
        m.norms = optionalScalar(root, "norms", "");
        if (const YAML::Node groupings = root["groupings"]; groupings && !groupings.IsNull()) {
            if (!groupings.IsSequence()) {
                malformed("groupings 应为列表 / must be a list");
            }
            for (const auto& g : groupings) {
                core::TownGrouping grouping;
                grouping.name = g.IsMap() ? optionalScalar(g, "name", "groupings.").value_or("")
                                          : std::string();
                if (grouping.name.empty() || !g["towns"] || !g["towns"].IsSequence()) {
                    malformed("groupings 每项需要 name 和 towns 列表 / each grouping needs a name "
                              "and a list of towns");
                }
                for (const auto& t : g["towns"]) {
                    grouping.townCodes.push_back(t.as<std::string>());
                }
                m.groupings.push_back(std::move(grouping));
            }
        }
        for (const char* section : {"layers", "tables"}) {
            const YAML::Node list = root[section];
            if (!list || list.IsNull()) {
                continue;
            }
            if (!list.IsMap()) {
                malformed(std::string(section) + " 应为映射 / must be a mapping");
            }
            for (const auto& entry : list) {
                const auto key = entry.first.as<std::string>();
                m.sources[key] = parseSource(entry.second, key, folder, section);
            }
        }
    } catch (const YAML::Exception& e) {
        malformed(e.what());
    }
    for (const char* required : {"districts", "towns", "schools"}) {
        if (m.sources.count(required) == 0) {
            malformed(std::string("缺少必需图层 / required layer missing: layers.") + required);
        }
    }
    return m;
}

// ----------------------------------------------------------------------------------------------
// Text parsing

std::string_view trim(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return out;
}

std::optional<double> parseDouble(std::string_view s) {
    double value = 0.0;
    const char* end = s.data() + s.size();
    const auto result = std::from_chars(s.data(), end, value);
    if (result.ec != std::errc() || result.ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<bool> parseBool(std::string_view s, bool urbanWords) {
    const std::string v = lower(s);
    if (v == "是" || v == "true" || v == "yes" || v == "1" || v == "y") {
        return true;
    }
    if (v == "否" || v == "false" || v == "no" || v == "0" || v == "n") {
        return false;
    }
    if (urbanWords) {
        if (v == "城镇" || v == "urban" || v == "城市" || v == "街道") {
            return true;
        }
        if (v == "乡村" || v == "rural" || v == "农村") {
            return false;
        }
    }
    return std::nullopt;
}

std::string inQuotes(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

// ----------------------------------------------------------------------------------------------
// Reading one source

enum class GeometryKind { None, Point, Polygon };

struct FieldDef {
    const char* ours;
    bool required;
};

/// An opened layer or table with its fields resolved and its transformation to the working CRS.
class SourceReader {
public:
    SourceReader(const SourceSpec& spec, const std::vector<FieldDef>& fields, GeometryKind kind,
                 const OGRSpatialReference* working, std::vector<Diagnostic>& problems,
                 bool requiredLayer)
        : m_spec(spec) {
        std::error_code ec;
        if (spec.path.string().rfind("/vsi", 0) != 0 && !fs::exists(spec.path, ec)) {
            fail("文件不存在 / file not found: " + spec.sourceLabel + " (" + spec.path.string() +
                 ")");
        }
        std::vector<std::string> options;
        const std::string ext = lower(spec.path.extension().string());
        if (ext == ".csv") {
            // Every value as text: numbers are parsed by us, so a bad number gets our message.
            options.emplace_back("AUTODETECT_TYPE=NO");
            options.emplace_back("KEEP_GEOM_COLUMNS=YES");
        }
        if (spec.encoding && (ext == ".shp" || ext == ".dbf")) {
            options.push_back("ENCODING=" + *spec.encoding);
        }
        std::vector<const char*> optionPtrs;
        for (const auto& o : options) {
            optionPtrs.push_back(o.c_str());
        }
        optionPtrs.push_back(nullptr);
        m_dataset.reset(GDALDataset::FromHandle(GDALOpenEx(spec.path.string().c_str(),
                                                           GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                           nullptr, optionPtrs.data(), nullptr)));
        if (!m_dataset) {
            fail("无法打开数据源 / cannot open source: " + spec.sourceLabel + ": " +
                 detail::lastGdalError());
        }
        m_layer = spec.layer ? m_dataset->GetLayerByName(spec.layer->c_str())
                             : (m_dataset->GetLayerCount() > 0 ? m_dataset->GetLayer(0) : nullptr);
        if (m_layer == nullptr) {
            fail("图层不存在 / layer not found: " + spec.sourceLabel +
                 (spec.layer ? " 图层 layer " + *spec.layer : std::string()));
        }
        // An empty layer may lack the columns too: say it is empty rather than a field is absent.
        if (requiredLayer && m_layer->GetFeatureCount(TRUE) == 0) {
            fail("必需图层为空 / required layer is empty: " + spec.sourceLabel + " [" + spec.key +
                 "]");
        }
        resolveFields(fields, problems);
        if (kind != GeometryKind::None) {
            resolveCrs(working);
        }
    }

    [[nodiscard]] const SourceSpec& spec() const { return m_spec; }
    [[nodiscard]] OGRLayer& layer() const { return *m_layer; }

    /// The user's column for one of our fields (for messages).
    [[nodiscard]] const std::string& column(const std::string& ours) const {
        return m_columns.at(ours).name;
    }
    [[nodiscard]] std::optional<std::string> text(const OGRFeature& f,
                                                  const std::string& ours) const {
        return textAt(f, m_columns.at(ours).index);
    }
    [[nodiscard]] static std::optional<std::string> textAt(const OGRFeature& f, int index) {
        if (index < 0 || !f.IsFieldSetAndNotNull(index)) {
            return std::nullopt;
        }
        const std::string_view value = trim(f.GetFieldAsString(index));
        if (value.empty()) {
            return std::nullopt;
        }
        return std::string(value);
    }

    /// The feature's geometry in the working CRS, or nullptr with `why` set.
    OGRGeometryUniquePtr geometry(OGRFeature& f, std::string& why, std::string& field) const {
        OGRGeometryUniquePtr g;
        if (m_geomX >= 0) {
            field = m_spec.geometry.x.value_or("");
            const auto xs = textAt(f, m_geomX);
            const auto ys = textAt(f, m_geomY);
            if (!xs || !ys) {
                field = !xs ? *m_spec.geometry.x : *m_spec.geometry.y;
                why = "缺少坐标 / missing coordinate";
                return nullptr;
            }
            const auto x = parseDouble(*xs);
            const auto y = parseDouble(*ys);
            if (!x || !y) {
                field = !x ? *m_spec.geometry.x : *m_spec.geometry.y;
                why = "不是数字 / not a number: " + inQuotes(!x ? *xs : *ys);
                return nullptr;
            }
            g.reset(new OGRPoint(*x, *y));
        } else if (m_geomWkt >= 0) {
            field = *m_spec.geometry.wkt;
            const auto wkt = textAt(f, m_geomWkt);
            if (!wkt) {
                why = "缺少几何 / missing geometry";
                return nullptr;
            }
            OGRGeometry* parsed = nullptr;
            if (OGRGeometryFactory::createFromWkt(wkt->c_str(), nullptr, &parsed) != OGRERR_NONE ||
                parsed == nullptr) {
                why = "WKT 无法解析 / unreadable WKT: " + inQuotes(wkt->substr(0, 60));
                return nullptr;
            }
            g.reset(parsed);
        } else {
            field.clear();
            g.reset(f.StealGeometry());
            if (!g) {
                why = "缺少几何 / missing geometry";
                return nullptr;
            }
        }
        if (g->IsEmpty()) {
            why = "几何为空 / empty geometry";
            return nullptr;
        }
        if (m_transform && g->transform(m_transform.get()) != OGRERR_NONE) {
            why = "坐标无法转换到工作坐标系 / cannot transform to the working CRS: " +
                  detail::lastGdalError();
            return nullptr;
        }
        return g;
    }

    [[noreturn]] void fail(const std::string& message) const {
        throw GisError(m_spec.sourceLabel, m_spec.key, message);
    }

private:
    struct Column {
        std::string name;
        int index = -1;
    };

    void resolveFields(const std::vector<FieldDef>& fields, std::vector<Diagnostic>& problems) {
        const OGRFeatureDefn* defn = m_layer->GetLayerDefn();
        std::set<std::string> known;
        for (const auto& def : fields) {
            known.insert(def.ours);
            const auto mapped = m_spec.fields.find(def.ours);
            Column c;
            c.name = mapped != m_spec.fields.end() ? mapped->second : std::string(def.ours);
            c.index = defn->GetFieldIndex(c.name.c_str());
            if (c.index < 0 && def.required) {
                fail("缺少必需字段 / required field missing: " + m_spec.sourceLabel + " [" +
                     m_spec.key + "] 字段 field " + def.ours + " (列 column \"" + c.name + "\")");
            }
            m_columns[def.ours] = c;
        }
        for (const auto& [ours, theirs] : m_spec.fields) {
            if (known.count(ours) == 0) {
                problems.push_back({Severity::Warning, m_spec.sourceLabel, m_spec.key, "", theirs,
                                    "清单中的未知字段 " + ours + "，已忽略 / unknown field " +
                                        ours + " in the manifest, ignored"});
            }
        }
        const auto geometryColumn = [&](const std::optional<std::string>& name) {
            if (!name) {
                return -1;
            }
            const int index = defn->GetFieldIndex(name->c_str());
            if (index < 0) {
                fail("缺少几何字段 / geometry column missing: " + m_spec.sourceLabel + " [" +
                     m_spec.key + "] 列 column \"" + *name + "\"");
            }
            return index;
        };
        m_geomX = geometryColumn(m_spec.geometry.x);
        m_geomY = geometryColumn(m_spec.geometry.y);
        m_geomWkt = geometryColumn(m_spec.geometry.wkt);
    }

    void resolveCrs(const OGRSpatialReference* working) {
        detail::SrsPtr source;
        if (m_spec.crs) {
            source = detail::parseSrs(*m_spec.crs);
            if (!source) {
                fail("未知坐标系 / unknown CRS: " + m_spec.sourceLabel + " [" + m_spec.key +
                     "] crs \"" + *m_spec.crs + "\"");
            }
        } else if (m_geomX < 0 && m_geomWkt < 0 && m_layer->GetSpatialRef() != nullptr) {
            source = detail::cloneSrs(*m_layer->GetSpatialRef());
        }
        if (!source) {
            fail("未知坐标系 / unknown CRS: " + m_spec.sourceLabel + " [" + m_spec.key +
                 "] 数据源未声明坐标系，请在清单中写 crs / the source declares no CRS; give crs "
                 "in the manifest");
        }
        if (!source->IsSame(working)) {
            m_transform.reset(OGRCreateCoordinateTransformation(source.get(), working));
            if (!m_transform) {
                fail("无法转换坐标系 / cannot transform CRS: " + m_spec.sourceLabel + " " +
                     detail::srsLabel(*source) + " → " + detail::srsLabel(*working) + ": " +
                     detail::lastGdalError());
            }
        }
    }

    const SourceSpec& m_spec;
    GDALDatasetUniquePtr m_dataset;
    OGRLayer* m_layer = nullptr;
    std::map<std::string, Column> m_columns;
    int m_geomX = -1, m_geomY = -1, m_geomWkt = -1;
    detail::CtPtr m_transform;
};

/// Parses the fields of one record, collecting its problems; the record is kept only if ok().
class Record {
public:
    Record(const SourceReader& reader, const OGRFeature& feature, std::vector<Diagnostic>& out,
           std::string id)
        : m_reader(reader), m_feature(feature), m_out(out), m_id(std::move(id)) {}

    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] const std::string& id() const { return m_id; }
    void setId(std::string id) { m_id = std::move(id); }

    /// The trimmed text of a field, nullopt when empty. Text that is not UTF-8 (typically a GBK
    /// CSV saved by Excel, or a .dbf without .cpg or encoding) is an error, never passed on.
    std::optional<std::string> text(const std::string& field) {
        auto v = m_reader.text(m_feature, field);
        m_badText = false;
        if (v && CPLIsUTF8(v->c_str(), static_cast<int>(v->size())) == FALSE) {
            error(field, "文本不是 UTF-8 编码（GBK？请另存为 UTF-8 或在清单中写 encoding） / text "
                         "is not UTF-8 (GBK? save as UTF-8 or give encoding in the manifest)");
            m_badText = true;
            return std::nullopt;
        }
        return v;
    }
    std::string required(const std::string& field) {
        auto v = text(field);
        if (!v) {
            if (!m_badText) {
                error(field, "缺少值 / missing value");
            }
            return {};
        }
        return *v;
    }
    /// A number ≥ 0; nullopt when empty (an error when required) or bad.
    std::optional<double> number(const std::string& field, bool isRequired) {
        const auto v = text(field);
        if (!v) {
            if (isRequired && !m_badText) {
                error(field, "缺少值 / missing value");
            }
            return std::nullopt;
        }
        const auto d = parseDouble(*v);
        if (!d) {
            error(field, "不是数字 / not a number: " + inQuotes(*v));
            return std::nullopt;
        }
        if (*d < 0.0) {
            error(field, "不能为负数 / must not be negative: " + inQuotes(*v));
            return std::nullopt;
        }
        return d;
    }
    /// A whole number ≥ 0 (written as 12 or 12.0).
    std::optional<int> integer(const std::string& field, bool isRequired) {
        const auto v = text(field);
        const auto d = number(field, isRequired);
        if (!d) {
            return std::nullopt;
        }
        if (*d != std::floor(*d) || *d > 1e9) {
            error(field, "不是整数 / not a whole number: " + inQuotes(*v));
            return std::nullopt;
        }
        return static_cast<int>(*d);
    }
    std::optional<bool> boolean(const std::string& field, bool urbanWords = false) {
        const auto v = text(field);
        if (!v) {
            return std::nullopt;
        }
        const auto b = parseBool(*v, urbanWords);
        if (!b) {
            error(field, "不是是/否值 / not a yes/no value: " + inQuotes(*v));
        }
        return b;
    }
    /// An error about a column that is not one of our fields (e.g. a coordinate column).
    void errorColumn(const std::string& column, const std::string& message) {
        report(Severity::Error, column, message);
        m_ok = false;
    }
    void error(const std::string& field, const std::string& message) {
        report(Severity::Error, field.empty() ? std::string() : m_reader.column(field), message);
        m_ok = false;
    }
    void report(Severity s, const std::string& column, const std::string& message) {
        m_out.push_back(
            {s, m_reader.spec().sourceLabel, m_reader.spec().key, m_id, column, message});
    }

private:
    const SourceReader& m_reader;
    const OGRFeature& m_feature;
    std::vector<Diagnostic>& m_out;
    std::string m_id;
    bool m_ok = true;
    bool m_badText = false; ///< the last text() was rejected as not UTF-8 (already reported)
};

/// Runs `onFeature(feature, rowNumber)` for every feature; rows are 1-based in reading order.
template <typename F> std::size_t forEachFeature(const SourceReader& reader, F&& onFeature) {
    OGRLayer& layer = reader.layer();
    layer.ResetReading();
    std::size_t row = 0;
    while (OGRFeatureUniquePtr feature{layer.GetNextFeature()}) {
        ++row;
        onFeature(*feature, row);
    }
    return row;
}

std::string rowId(std::size_t row) {
    return "row " + std::to_string(row);
}

// ----------------------------------------------------------------------------------------------
// Geometry

/// Keeps only the polygonal parts of a geometry, as one (multi)polygon; nullptr if none.
GeomPtr polygonalPart(const GeosContext& ctx, GeomPtr g) {
    const int type = GEOSGeomTypeId_r(ctx.handle(), g.get());
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {
        return g;
    }
    if (type != GEOS_GEOMETRYCOLLECTION) {
        return detail::own(ctx, nullptr);
    }
    std::vector<GEOSGeometry*> parts;
    const int n = GEOSGetNumGeometries_r(ctx.handle(), g.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx.handle(), g.get(), i);
        const int partType = part != nullptr ? GEOSGeomTypeId_r(ctx.handle(), part) : -1;
        if (partType == GEOS_POLYGON) {
            parts.push_back(GEOSGeom_clone_r(ctx.handle(), part));
        } else if (partType == GEOS_MULTIPOLYGON) {
            const int m = GEOSGetNumGeometries_r(ctx.handle(), part);
            for (int j = 0; j < m; ++j) {
                parts.push_back(
                    GEOSGeom_clone_r(ctx.handle(), GEOSGetGeometryN_r(ctx.handle(), part, j)));
            }
        }
    }
    if (std::find(parts.begin(), parts.end(), nullptr) != parts.end() || parts.empty()) {
        for (GEOSGeometry* p : parts) {
            if (p != nullptr) {
                GEOSGeom_destroy_r(ctx.handle(), p);
            }
        }
        return detail::own(ctx, nullptr);
    }
    // Takes ownership of the parts.
    return detail::own(ctx,
                       GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTIPOLYGON, parts.data(),
                                                   static_cast<unsigned>(parts.size())));
}

/// A polygon in the working CRS: valid (repaired when needed) with its area, or nullptr.
struct CheckedPolygon {
    GeomPtr geometry;
    double areaKm2 = 0.0;
};

/// Validates and, if needed, repairs a polygon, reporting through `record`.
CheckedPolygon checkPolygon(const GeosContext& ctx, const OGRGeometry& g, Record& record) {
    CheckedPolygon out{detail::own(ctx, nullptr), 0.0};
    const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon) {
        record.error("", std::string("不是面 / not a polygon: ") + g.getGeometryName());
        return out;
    }
    std::vector<unsigned char> wkb(g.WkbSize());
    if (g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
        record.error("", "几何无法导出 / cannot export geometry: " + detail::lastGdalError());
        return out;
    }
    GeomPtr geos = detail::fromWkb(ctx, wkb);
    if (!geos) {
        record.error("", "几何无法读取 / unreadable geometry: " + ctx.lastError());
        return out;
    }
    const char valid = GEOSisValid_r(ctx.handle(), geos.get());
    if (valid == 2) {
        record.error("", "几何检查失败 / geometry check failed: " + ctx.lastError());
        return out;
    }
    if (valid == 0) {
        std::string reason = "?";
        if (char* r = GEOSisValidReason_r(ctx.handle(), geos.get()); r != nullptr) {
            reason = r;
            GEOSFree_r(ctx.handle(), r);
        }
        GeomPtr repaired = detail::own(ctx, GEOSMakeValid_r(ctx.handle(), geos.get()));
        if (repaired) {
            repaired = polygonalPart(ctx, std::move(repaired));
        }
        if (!repaired || GEOSisEmpty_r(ctx.handle(), repaired.get()) != 0) {
            record.error("", "几何无效且无法修复 / invalid geometry that cannot be repaired: " +
                                 reason);
            return out;
        }
        record.report(Severity::Warning, "",
                      "几何无效，已修复 / invalid geometry repaired: " + reason);
        geos = std::move(repaired);
    }
    double areaM2 = 0.0;
    if (GEOSArea_r(ctx.handle(), geos.get(), &areaM2) == 0) {
        record.error("", "无法计算面积 / cannot compute area: " + ctx.lastError());
        return out;
    }
    out.geometry = std::move(geos);
    out.areaKm2 = areaM2 / 1e6;
    return out;
}

/// Point-in-polygon over the towns, with a GEOS STRtree of prepared polygons.
class TownIndex {
public:
    TownIndex(const GeosContext& ctx, std::vector<GeomPtr> towns)
        : m_ctx(ctx), m_towns(std::move(towns)),
          m_tree(GEOSSTRtree_create_r(ctx.handle(), 10), detail::TreeDeleter{ctx.handle()}) {
        if (!m_tree) {
            throw GisError("", "towns",
                           "无法建立空间索引 / cannot build the spatial index: " + ctx.lastError());
        }
        for (std::size_t i = 0; i < m_towns.size(); ++i) {
            m_prepared.emplace_back(GEOSPrepare_r(ctx.handle(), m_towns[i].get()),
                                    detail::PreparedDeleter{ctx.handle()});
            if (!m_prepared.back()) {
                throw GisError("", "towns",
                               "无法准备几何 / cannot prepare geometry: " + ctx.lastError());
            }
            // The tree stores the index as its item; the towns outlive the tree (member order).
            GEOSSTRtree_insert_r(ctx.handle(), m_tree.get(), m_towns[i].get(),
                                 reinterpret_cast<void*>(i + 1));
        }
    }

    /// Index of the town containing (x, y) (boundary included; the lowest index when several),
    /// or nullopt.
    [[nodiscard]] std::optional<std::size_t> locate(double x, double y) const {
        GeomPtr point = detail::own(m_ctx, GEOSGeom_createPointFromXY_r(m_ctx.handle(), x, y));
        if (!point) {
            return std::nullopt;
        }
        std::vector<std::size_t> candidates;
        GEOSSTRtree_query_r(
            m_ctx.handle(), m_tree.get(), point.get(),
            [](void* item, void* userdata) {
                static_cast<std::vector<std::size_t>*>(userdata)->push_back(
                    reinterpret_cast<std::size_t>(item) - 1);
            },
            &candidates);
        std::sort(candidates.begin(), candidates.end());
        for (const std::size_t i : candidates) {
            if (GEOSPreparedIntersects_r(m_ctx.handle(), m_prepared[i].get(), point.get()) == 1) {
                return i;
            }
        }
        return std::nullopt;
    }

private:
    const GeosContext& m_ctx;
    std::vector<GeomPtr> m_towns;
    std::vector<detail::PreparedPtr> m_prepared;
    detail::TreePtr m_tree;
};

detail::SrsPtr workingSrs(const std::string& text) {
    detail::SrsPtr srs = detail::parseSrs(text);
    if (!srs) {
        throw GisError(kManifestName, "", "未知坐标系 / unknown CRS: working_crs \"" + text + "\"");
    }
    if (!srs->IsProjected() || std::abs(srs->GetLinearUnits() - 1.0) > 1e-9) {
        throw GisError(kManifestName, "",
                       "工作坐标系必须是以米为单位的投影坐标系 / the working CRS must be projected "
                       "in metres: \"" +
                           text + "\"");
    }
    return srs;
}

void requireFeatures(const SourceReader& reader, std::size_t rows, std::size_t kept) {
    const auto& s = reader.spec();
    if (rows == 0) {
        reader.fail("必需图层为空 / required layer is empty: " + s.sourceLabel + " [" + s.key +
                    "]");
    }
    if (kept == 0) {
        reader.fail(
            "必需图层没有可用要素 / required layer has no usable feature: " + s.sourceLabel + " [" +
            s.key + "] (" + std::to_string(rows) + " 个要素均有错误 / features all have errors)");
    }
}

// ----------------------------------------------------------------------------------------------
// The layers

struct Loader {
    const fs::path& folder;
    Manifest manifest;
    detail::SrsPtr working;
    GeosContext geos;
    DatasetLoad out;
    std::vector<GeomPtr> townGeometries;

    SourceReader open(const std::string& key, const std::vector<FieldDef>& fields,
                      GeometryKind kind) {
        const bool required = key == "districts" || key == "towns" || key == "schools";
        return SourceReader(manifest.sources.at(key), fields, kind, working.get(), out.problems,
                            required);
    }

    void loadDistricts() {
        SourceReader reader =
            open("districts", {{"code", true}, {"name", true}}, GeometryKind::Polygon);
        std::set<std::string> seen;
        std::size_t kept = 0;
        const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            const auto code = r.text("code");
            if (code) {
                r.setId(*code);
            }
            core::District d{r.required("code"), r.required("name")};
            if (r.ok() && !seen.insert(d.code).second) {
                r.error("code", "重复的代码，已跳过 / duplicate code, skipped");
            }
            std::string why, field;
            OGRGeometryUniquePtr g = r.ok() ? reader.geometry(f, why, field) : nullptr;
            if (r.ok() && !g) {
                r.errorColumn(field, why);
            }
            if (!r.ok()) {
                return;
            }
            CheckedPolygon poly = checkPolygon(geos, *g, r);
            if (!poly.geometry) {
                return;
            }
            out.districtShapes.push_back({d.code, detail::toWkb(geos, *poly.geometry)});
            out.city.regions.districts.push_back(std::move(d));
            ++kept;
        });
        requireFeatures(reader, rows, kept);
    }

    void loadTowns() {
        SourceReader reader = open("towns",
                                   {{"code", true},
                                    {"name", true},
                                    {"district", true},
                                    {"urban", false},
                                    {"residents", false}},
                                   GeometryKind::Polygon);
        std::set<std::string> seen;
        std::size_t kept = 0;
        const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto code = r.text("code")) {
                r.setId(*code);
            }
            core::Town t;
            t.code = r.required("code");
            t.name = r.required("name");
            t.districtCode = r.required("district");
            t.urban = r.boolean("urban", true).value_or(false);
            const auto residents = r.number("residents", false);
            if (r.ok() && !seen.insert(t.code).second) {
                r.error("code", "重复的代码，已跳过 / duplicate code, skipped");
            }
            if (r.ok() && !out.city.regions.districtIndex(t.districtCode)) {
                r.error("district",
                        "未知的区县代码 / unknown district code: " + inQuotes(t.districtCode));
            }
            std::string why, field;
            OGRGeometryUniquePtr g = r.ok() ? reader.geometry(f, why, field) : nullptr;
            if (r.ok() && !g) {
                r.errorColumn(field, why);
            }
            if (!r.ok()) {
                return;
            }
            CheckedPolygon poly = checkPolygon(geos, *g, r);
            if (!poly.geometry) {
                return;
            }
            t.areaKm2 = poly.areaKm2;
            if (residents) {
                out.city.population.totalResidents[t.code] = *residents;
            }
            out.townShapes.push_back({t.code, detail::toWkb(geos, *poly.geometry)});
            townGeometries.push_back(std::move(poly.geometry));
            out.city.regions.towns.push_back(std::move(t));
            ++kept;
        });
        requireFeatures(reader, rows, kept);
    }

    /// The location of a point feature and its town, or nullopt after reporting why not.
    std::optional<std::pair<core::PointM, std::string>>
    placePoint(const SourceReader& reader, OGRFeature& f, Record& r, const TownIndex& towns) {
        std::string why, field;
        OGRGeometryUniquePtr g = reader.geometry(f, why, field);
        if (!g) {
            r.report(Severity::Error, field, why);
            return std::nullopt;
        }
        if (wkbFlatten(g->getGeometryType()) != wkbPoint) {
            r.report(Severity::Error, field,
                     std::string("不是点 / not a point: ") + g->getGeometryName());
            return std::nullopt;
        }
        const auto* p = g->toPoint();
        const auto town = towns.locate(p->getX(), p->getY());
        if (!town) {
            r.report(Severity::Error, field,
                     "位置不在任何乡镇内，已跳过 / location outside every town, skipped");
            return std::nullopt;
        }
        return std::make_pair(core::PointM{p->getX(), p->getY()},
                              out.city.regions.towns[*town].code);
    }

    void loadSchools(const TownIndex& towns) {
        SourceReader reader = open("schools",
                                   {{"id", true},
                                    {"name", true},
                                    {"ownership", true},
                                    {"puhui", false},
                                    {"provincial_standard", false},
                                    {"standardised", false},
                                    {"quality", false},
                                    {"provincial_key", false},
                                    {"teaching_point", false},
                                    {"land_m2", false},
                                    {"floor_m2", false},
                                    {"teachers", false},
                                    {"teachers_college", false},
                                    {"teachers_bachelor", false},
                                    {"teachers_postgrad", false},
                                    {"teachers_dual", false}},
                                   GeometryKind::Point);
        std::set<std::string> seen;
        std::size_t kept = 0;
        const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto id = r.text("id")) {
                r.setId(*id);
            }
            core::School s;
            s.id = r.required("id");
            s.name = r.required("name");
            const std::string ownership = r.required("ownership");
            if (const auto o = core::parseOwnership(ownership)) {
                s.ownership = *o;
            } else if (!ownership.empty()) {
                r.error("ownership", "未知的办学性质 / unknown ownership: " + inQuotes(ownership) +
                                         " (公办/民办, public/private)");
            }
            s.flags.puhui = r.boolean("puhui").value_or(false);
            s.flags.provincialStandard = r.boolean("provincial_standard").value_or(false);
            s.flags.standardised = r.boolean("standardised").value_or(false);
            s.flags.quality = r.boolean("quality").value_or(false);
            s.flags.provincialKey = r.boolean("provincial_key").value_or(false);
            s.flags.teachingPoint = r.boolean("teaching_point").value_or(false);
            s.landM2 = r.number("land_m2", false).value_or(0.0);
            s.floorM2 = r.number("floor_m2", false).value_or(0.0);
            s.staff.teachers = r.integer("teachers", false).value_or(0);
            s.staff.collegePlus = r.integer("teachers_college", false).value_or(0);
            s.staff.bachelorPlus = r.integer("teachers_bachelor", false).value_or(0);
            s.staff.postgraduate = r.integer("teachers_postgrad", false).value_or(0);
            s.staff.dualQualified = r.integer("teachers_dual", false).value_or(0);
            if (r.ok() && seen.count(s.id) != 0) {
                r.error("id", "重复的标识，已跳过 / duplicate id, skipped");
            }
            if (!r.ok()) {
                return;
            }
            const auto place = placePoint(reader, f, r, towns);
            if (!place) {
                return;
            }
            seen.insert(s.id);
            s.location = place->first;
            s.townCode = place->second;
            out.city.schools.push_back(std::move(s));
            ++kept;
        });
        requireFeatures(reader, rows, kept);
    }

    void loadHousing(const TownIndex& towns) {
        if (manifest.sources.count("housing") == 0) {
            return;
        }
        SourceReader reader = open("housing",
                                   {{"id", true},
                                    {"name", true},
                                    {"dwellings", true},
                                    {"completion_year", true},
                                    {"kg_classes", false},
                                    {"kg_year", false},
                                    {"kg_public", false}},
                                   GeometryKind::Point);
        std::set<std::string> seen;
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto id = r.text("id")) {
                r.setId(*id);
            }
            core::HousingProject h;
            h.id = r.required("id");
            h.name = r.required("name");
            h.dwellings = r.integer("dwellings", true).value_or(0);
            h.completionYear = r.integer("completion_year", true).value_or(0);
            h.kindergarten.classes = r.integer("kg_classes", false).value_or(0);
            h.kindergarten.deliveryYear = r.integer("kg_year", false);
            h.kindergarten.publicOrPuhui = r.boolean("kg_public").value_or(false);
            if (r.ok() && seen.count(h.id) != 0) {
                r.error("id", "重复的标识，已跳过 / duplicate id, skipped");
            }
            if (!r.ok()) {
                return;
            }
            const auto place = placePoint(reader, f, r, towns);
            if (!place) {
                return;
            }
            seen.insert(h.id);
            h.location = place->first;
            h.townCode = place->second;
            out.city.housing.push_back(std::move(h));
        });
    }

    /// Optional attendance zones: polygons with the id of their school.
    void loadZones() {
        if (manifest.sources.count("zones") == 0) {
            return;
        }
        SourceReader reader = open("zones", {{"school", true}}, GeometryKind::Polygon);
        std::set<std::string> schoolIds;
        for (const auto& s : out.city.schools) {
            schoolIds.insert(s.id);
        }
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            const std::string school = r.required("school");
            if (r.ok() && schoolIds.count(school) == 0) {
                r.error("school", "未知的学校标识 / unknown school id: " + inQuotes(school));
            }
            std::string why, field;
            OGRGeometryUniquePtr g = r.ok() ? reader.geometry(f, why, field) : nullptr;
            if (r.ok() && !g) {
                r.errorColumn(field, why);
            }
            if (!r.ok()) {
                return;
            }
            CheckedPolygon poly = checkPolygon(geos, *g, r);
            if (poly.geometry) {
                out.zones.push_back({school, detail::toWkb(geos, *poly.geometry)});
            }
        });
    }

    /// Optional school → town table: the towns each school's zone covers.
    void loadSchoolTowns() {
        if (manifest.sources.count("school_towns") == 0) {
            return;
        }
        SourceReader reader =
            open("school_towns", {{"school", true}, {"town", true}}, GeometryKind::None);
        std::set<std::string> schoolIds;
        for (const auto& s : out.city.schools) {
            schoolIds.insert(s.id);
        }
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            const std::string school = r.required("school");
            const std::string town = r.required("town");
            if (r.ok() && schoolIds.count(school) == 0) {
                r.error("school", "未知的学校标识 / unknown school id: " + inQuotes(school));
            }
            if (r.ok() && !out.city.regions.townIndex(town)) {
                r.error("town", "未知的乡镇代码 / unknown town code: " + inQuotes(town));
            }
            if (r.ok()) {
                out.schoolTowns.emplace_back(school, town);
            }
        });
    }

    /// Optional population raster: only located here; buildDemandGrid reads it.
    void locatePopulationRaster() {
        const auto it = manifest.sources.find("population_raster");
        if (it == manifest.sources.end()) {
            return;
        }
        const SourceSpec& spec = it->second;
        std::error_code ec;
        if (spec.path.string().rfind("/vsi", 0) != 0 && !fs::exists(spec.path, ec)) {
            throw GisError(spec.sourceLabel, spec.key,
                           "文件不存在 / file not found: " + spec.sourceLabel + " (" +
                               spec.path.string() + ")");
        }
        out.populationRaster = RasterSource{fs::absolute(spec.path), spec.sourceLabel, spec.crs};
    }

    /// Grade numbers may be given within the stage (1..n) or, for junior and senior, in the
    /// national numbering (7–9, 10–12); returns the 1-based grade within the stage.
    static std::optional<int> gradeWithinStage(core::Stage stage, int grade) {
        const int grades = core::Norms::defaults()[stage].grades;
        if (grade >= 1 && grade <= grades) {
            return grade;
        }
        const int offset =
            stage == core::Stage::Junior ? 6 : (stage == core::Stage::Senior ? 9 : 0);
        if (offset > 0 && grade > offset && grade <= offset + grades) {
            return grade - offset;
        }
        return std::nullopt;
    }

    void loadGrades() {
        if (manifest.sources.count("school_grades") == 0) {
            return;
        }
        SourceReader reader = open("school_grades",
                                   {{"school", true},
                                    {"stage", true},
                                    {"grade", true},
                                    {"classes", true},
                                    {"students", true},
                                    {"migrant", false},
                                    {"disabled", false},
                                    {"large_classes", false},
                                    {"huge_classes", false}},
                                   GeometryKind::None);
        std::map<std::string, std::size_t> schoolIndex;
        for (std::size_t i = 0; i < out.city.schools.size(); ++i) {
            schoolIndex[out.city.schools[i].id] = i;
        }
        struct StageData {
            std::map<int, core::GradeRecord> grades;
            int disabled = 0;
        };
        std::map<std::pair<std::size_t, core::Stage>, StageData> data;
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto school = r.text("school")) {
                r.setId(rowId(row) + " (" + *school + ")");
            }
            const std::string school = r.required("school");
            const std::string stageText = r.required("stage");
            const auto grade = r.integer("grade", true);
            const auto classes = r.integer("classes", true);
            const auto students = r.integer("students", true);
            const auto migrant = r.integer("migrant", false);
            const auto disabled = r.integer("disabled", false);
            const auto large = r.integer("large_classes", false);
            const auto huge = r.integer("huge_classes", false);
            const auto stage = core::parseStage(stageText);
            if (!stageText.empty() && !stage) {
                r.error("stage", "未知的学段 / unknown stage: " + inQuotes(stageText));
            }
            const auto it = schoolIndex.find(school);
            if (!school.empty() && it == schoolIndex.end()) {
                r.error("school",
                        "未知的学校（或该学校已被跳过） / unknown school (or one that was "
                        "skipped): " +
                            inQuotes(school));
            }
            std::optional<int> g;
            if (stage && grade) {
                g = gradeWithinStage(*stage, *grade);
                if (!g) {
                    r.error("grade", "年级超出学段范围 / grade out of range for the stage: " +
                                         std::to_string(*grade));
                }
            }
            if (r.ok() && migrant && *migrant > *students) {
                r.error("migrant", "随迁子女多于在校生 / more migrant pupils than students");
            }
            if (!r.ok()) {
                return;
            }
            StageData& sd = data[{it->second, *stage}];
            if (sd.grades.count(*g) != 0) {
                r.error("grade", "重复的学校×学段×年级，已跳过 / duplicate school × stage × grade, "
                                 "skipped");
                return;
            }
            core::GradeRecord record{*g, *classes, *students, migrant.value_or(0)};
            record.reportedLargeClasses = large;
            record.reportedHugeClasses = huge;
            sd.grades[*g] = record;
            sd.disabled += disabled.value_or(0);
        });
        // std::map order: school index, then stage in schooling order, then grade.
        for (auto& [key, sd] : data) {
            core::StageProvision p;
            p.stage = key.second;
            for (auto& [grade, record] : sd.grades) {
                p.grades.push_back(record);
            }
            p.disabledStudents = sd.disabled;
            out.city.schools[key.first].stages.push_back(std::move(p));
        }
    }

    void loadPopulation() {
        out.city.population.year = manifest.baseYear;
        if (manifest.sources.count("population") == 0) {
            return;
        }
        SourceReader reader = open(
            "population", {{"town", true}, {"age", true}, {"category", true}, {"persons", true}},
            GeometryKind::None);
        constexpr int kMaxAge = 120;
        std::map<std::string, core::TownPopulation> byTown;
        std::set<std::tuple<std::string, int, int>> seen;
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto town = r.text("town")) {
                r.setId(rowId(row) + " (" + *town + ")");
            }
            const std::string town = r.required("town");
            const auto age = r.integer("age", true);
            const std::string categoryText = r.required("category");
            const auto persons = r.number("persons", true);
            const auto category = core::parseCategory(categoryText);
            if (!categoryText.empty() && !category) {
                r.error("category", "未知的人口类别 / unknown category: " + inQuotes(categoryText) +
                                        " (户籍/随迁, registered/migrant)");
            }
            if (!town.empty() && !out.city.regions.townIndex(town)) {
                r.error("town", "未知的乡镇代码 / unknown town code: " + inQuotes(town));
            }
            if (age && *age > kMaxAge) {
                r.error("age", "年龄超出范围 / age out of range: " + std::to_string(*age));
            }
            if (!r.ok()) {
                return;
            }
            const int c = static_cast<int>(*category);
            if (!seen.insert({town, *age, c}).second) {
                r.error("age", "重复的乡镇×年龄×类别，已跳过 / duplicate town × age × category, "
                               "skipped");
                return;
            }
            core::TownPopulation& tp = byTown[town];
            tp.townCode = town;
            if (static_cast<int>(tp.persons.size()) <= *age) {
                tp.persons.resize(static_cast<std::size_t>(*age) + 1, {0.0, 0.0});
            }
            tp.persons[static_cast<std::size_t>(*age)][static_cast<std::size_t>(c)] = *persons;
        });
        for (const auto& t : out.city.regions.towns) {
            if (auto it = byTown.find(t.code); it != byTown.end()) {
                out.city.population.towns.push_back(std::move(it->second));
            }
        }
    }

    void loadBirths() {
        if (manifest.sources.count("births") == 0) {
            return;
        }
        SourceReader reader =
            open("births", {{"area", true}, {"year", true}, {"births", true}}, GeometryKind::None);
        forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            Record r(reader, f, out.problems, rowId(row));
            if (const auto area = r.text("area")) {
                r.setId(rowId(row) + " (" + *area + ")");
            }
            const std::string area = r.required("area");
            const auto year = r.integer("year", true);
            const auto births = r.number("births", true);
            if (!area.empty() && area != manifest.cityCode &&
                !out.city.regions.districtIndex(area)) {
                r.error("area",
                        "未知的市或区县代码 / unknown city or district code: " + inQuotes(area));
            }
            if (!r.ok()) {
                return;
            }
            auto it = std::find_if(out.city.births.begin(), out.city.births.end(),
                                   [&](const core::BirthsSeries& s) { return s.areaCode == area; });
            if (it == out.city.births.end()) {
                out.city.births.push_back(core::BirthsSeries{area, {}});
                it = std::prev(out.city.births.end());
            }
            if (!it->byYear.emplace(*year, *births).second) {
                r.error("year", "重复的地区×年份，已跳过 / duplicate area × year, skipped");
            }
        });
    }

    void checkGroupings() {
        for (auto& g : manifest.groupings) {
            std::vector<std::string> kept;
            for (const auto& code : g.townCodes) {
                if (out.city.regions.townIndex(code)) {
                    kept.push_back(code);
                } else {
                    out.problems.push_back(
                        {Severity::Error, kManifestName, "groupings", g.name, "towns",
                         "未知的乡镇代码，已忽略 / unknown town code, ignored: " + inQuotes(code)});
                }
            }
            g.townCodes = std::move(kept);
        }
        out.city.regions.groupings = manifest.groupings;
    }

    /// Optional demand layers (demand_units, unit_population, built_up, barriers, od_table),
    /// read by detail/demand_layers.cpp from their manifest entries.
    void loadDemandLayers() {
        std::map<std::string, detail::SourceLocation> found;
        for (const char* key : detail::kDemandLayerKeys) {
            const auto it = manifest.sources.find(key);
            if (it == manifest.sources.end()) {
                continue;
            }
            const SourceSpec& s = it->second;
            found[key] = {s.key,      s.sourceLabel, s.path,       s.layer,        s.crs,
                          s.encoding, s.geometry.x,  s.geometry.y, s.geometry.wkt, s.fields};
        }
        detail::loadDemandLayers(found, *working, out);
    }

    void run(const LoadOptions& options) {
        out.workingCrs = options.workingCrs.value_or(
            manifest.workingCrs.value_or(std::string(kDefaultWorkingCrs)));
        working = workingSrs(out.workingCrs);
        out.city.name = manifest.name;
        out.city.baseYear = manifest.baseYear;
        out.city.regions.cityCode = manifest.cityCode;
        out.city.regions.cityName = manifest.cityName;
        if (manifest.norms) {
            const fs::path norms = fs::path(*manifest.norms).is_absolute()
                                       ? fs::path(*manifest.norms)
                                       : folder / *manifest.norms;
            std::error_code ec;
            if (!fs::is_regular_file(norms, ec)) {
                throw GisError(*manifest.norms, "norms",
                               "文件不存在 / file not found: " + *manifest.norms + " (" +
                                   norms.string() + ")");
            }
            out.normsFile = fs::absolute(norms);
        }
        loadDistricts();
        loadTowns();
        checkGroupings();
        const TownIndex towns(geos, std::move(townGeometries));
        loadSchools(towns);
        loadHousing(towns);
        loadGrades();
        loadPopulation();
        loadBirths();
        loadZones();
        loadSchoolTowns();
        locatePopulationRaster();
        loadDemandLayers();
    }
};

} // namespace

DatasetLoad loadDataset(const std::filesystem::path& folder, const LoadOptions& options) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    Loader loader{folder, readManifest(folder), nullptr, {}, {}, {}};
    loader.run(options);
    return std::move(loader.out);
}

AreaLoad readAreas(const std::filesystem::path& source, const std::string& codeField,
                   const std::string& nameField, const std::optional<std::string>& crsOverride,
                   const std::string& workingCrs) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const detail::SrsPtr working = workingSrs(workingCrs);
    SourceSpec spec;
    spec.key = "areas";
    spec.sourceLabel = source.filename().string();
    spec.path = source;
    spec.crs = crsOverride;
    spec.fields = {{"code", codeField}, {"name", nameField}};
    AreaLoad out;
    const GeosContext geos;
    SourceReader reader(spec, {{"code", true}, {"name", true}}, GeometryKind::Polygon,
                        working.get(), out.problems, false);
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto code = r.text("code")) {
            r.setId(*code);
        }
        AreaRecord a;
        a.code = r.required("code");
        a.name = r.required("name");
        std::string why, field;
        OGRGeometryUniquePtr g = r.ok() ? reader.geometry(f, why, field) : nullptr;
        if (r.ok() && !g) {
            r.errorColumn(field, why);
        }
        if (!r.ok()) {
            return;
        }
        CheckedPolygon poly = checkPolygon(geos, *g, r);
        if (!poly.geometry) {
            return;
        }
        a.areaKm2 = poly.areaKm2;
        a.wkb = detail::toWkb(geos, *poly.geometry);
        out.areas.push_back(std::move(a));
    });
    return out;
}

} // namespace xw::gis
