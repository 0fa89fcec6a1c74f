// Opening one layer or table through GDAL/OGR and parsing its cells.
#include "detail/source_reader.hpp"

#include <xw/gis/error.hpp>

#include "detail/text.hpp"

#include <cpl_string.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <system_error>

namespace xw::gis::detail {

namespace fs = std::filesystem;

SourceReader::SourceReader(const SourceSpec& spec, const std::vector<FieldDef>& fields,
                           GeometryKind kind, const OGRSpatialReference* working,
                           std::vector<Diagnostic>& problems, bool requiredLayer)
    : m_spec(spec) {
    std::error_code ec;
    if (spec.path.string().rfind("/vsi", 0) != 0 && !fs::exists(spec.path, ec)) {
        fail("文件不存在 / file not found: " + spec.sourceLabel + " (" + spec.path.string() + ")");
    }
    std::vector<std::string> options;
    const std::string ext = lowerAscii(spec.path.extension().string());
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
                                                       GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                                       optionPtrs.data(), nullptr)));
    if (!m_dataset) {
        fail("无法打开数据源 / cannot open source: " + spec.sourceLabel + ": " + lastGdalError());
    }
    m_layer = spec.layer ? m_dataset->GetLayerByName(spec.layer->c_str())
                         : (m_dataset->GetLayerCount() > 0 ? m_dataset->GetLayer(0) : nullptr);
    if (m_layer == nullptr) {
        fail("图层不存在 / layer not found: " + spec.sourceLabel +
             (spec.layer ? " 图层 layer " + *spec.layer : std::string()));
    }
    // An empty layer may lack the columns too: say it is empty rather than a field is absent.
    if (requiredLayer && m_layer->GetFeatureCount(TRUE) == 0) {
        fail("必需图层为空 / required layer is empty: " + spec.sourceLabel + " [" + spec.key + "]");
    }
    resolveFields(fields, problems);
    if (kind != GeometryKind::None) {
        resolveCrs(working);
    }
}

std::optional<std::string> SourceReader::textAt(const OGRFeature& f, int index) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) {
        return std::nullopt;
    }
    const std::string_view value = trimAscii(f.GetFieldAsString(index));
    if (value.empty()) {
        return std::nullopt;
    }
    return std::string(value);
}

OGRGeometryUniquePtr SourceReader::geometry(OGRFeature& f, std::string& why,
                                            std::string& field) const {
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
        why = "坐标无法转换到工作坐标系 / cannot transform to the working CRS: " + lastGdalError();
        return nullptr;
    }
    return g;
}

void SourceReader::fail(const std::string& message) const {
    throw GisError(m_spec.sourceLabel, m_spec.key, message);
}

void SourceReader::resolveFields(const std::vector<FieldDef>& fields,
                                 std::vector<Diagnostic>& problems) {
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
                                "清单中的未知字段 " + ours + "，已忽略 / unknown field " + ours +
                                    " in the manifest, ignored"});
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

void SourceReader::resolveCrs(const OGRSpatialReference* working) {
    SrsPtr source;
    if (m_spec.crs) {
        source = parseSrs(*m_spec.crs);
        if (!source) {
            fail("未知坐标系 / unknown CRS: " + m_spec.sourceLabel + " [" + m_spec.key +
                 "] crs \"" + *m_spec.crs + "\"");
        }
    } else if (m_geomX < 0 && m_geomWkt < 0 && m_layer->GetSpatialRef() != nullptr) {
        source = cloneSrs(*m_layer->GetSpatialRef());
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
                 srsLabel(*source) + " → " + srsLabel(*working) + ": " + lastGdalError());
        }
    }
}

std::optional<std::string> Record::text(const std::string& field) {
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

std::string Record::required(const std::string& field) {
    auto v = text(field);
    if (!v) {
        if (!m_badText) {
            error(field, "缺少值 / missing value");
        }
        return {};
    }
    return *v;
}

std::optional<double> Record::number(const std::string& field, bool isRequired) {
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

std::optional<int> Record::integer(const std::string& field, bool isRequired) {
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

std::optional<bool> Record::boolean(const std::string& field, bool urbanWords) {
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

void Record::errorColumn(const std::string& column, const std::string& message) {
    report(Severity::Error, column, message);
    m_ok = false;
}

void Record::error(const std::string& field, const std::string& message) {
    report(Severity::Error, field.empty() ? std::string() : m_reader.column(field), message);
    m_ok = false;
}

void Record::report(Severity s, const std::string& column, const std::string& message) {
    m_out.push_back({s, m_reader.spec().sourceLabel, m_reader.spec().key, m_id, column, message});
}

std::string rowId(std::size_t row) {
    return "row " + std::to_string(row);
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

} // namespace xw::gis::detail
