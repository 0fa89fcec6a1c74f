// Opening a demand layer and parsing its cells (layer_reader.hpp).
#include "detail/demand/layer_reader.hpp"

#include <xw/gis/error.hpp>

#include "detail/text.hpp"

#include <cpl_string.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <system_error>

namespace xw::gis::detail::demand {
namespace {

namespace fs = std::filesystem;

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string lowerExtension(const fs::path& p) {
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return e;
}

} // namespace

Reader::Reader(const SourceLocation& s, const std::vector<FieldDef>& fields, bool spatial,
               const OGRSpatialReference& working, std::vector<Diagnostic>& problems)
    : m_s(s), m_problems(problems) {
    std::error_code ec;
    if (s.path.string().rfind("/vsi", 0) != 0 && !fs::exists(s.path, ec))
        fail("文件不存在 / file not found: " + s.sourceLabel + " (" + s.path.string() + ")");
    std::vector<std::string> options;
    const std::string ext = lowerExtension(s.path);
    if (ext == ".csv") {
        options.emplace_back("AUTODETECT_TYPE=NO"); // numbers are parsed (and reported) here
        options.emplace_back("KEEP_GEOM_COLUMNS=YES");
    }
    if (s.encoding && (ext == ".shp" || ext == ".dbf"))
        options.push_back("ENCODING=" + *s.encoding);
    std::vector<const char*> ptrs;
    ptrs.reserve(options.size() + 1);
    for (const auto& o : options)
        ptrs.push_back(o.c_str());
    ptrs.push_back(nullptr);
    m_ds.reset(GDALDataset::FromHandle(GDALOpenEx(s.path.string().c_str(),
                                                  GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                                  ptrs.data(), nullptr)));
    if (!m_ds)
        fail("无法打开数据源 / cannot open source: " + s.sourceLabel + ": " + lastGdalError());
    m_layer = s.layer ? m_ds->GetLayerByName(s.layer->c_str())
                      : (m_ds->GetLayerCount() > 0 ? m_ds->GetLayer(0) : nullptr);
    if (m_layer == nullptr)
        fail("图层不存在 / layer not found: " + s.sourceLabel +
             (s.layer ? " 图层 layer " + *s.layer : std::string()));
    const OGRFeatureDefn* defn = m_layer->GetLayerDefn();
    std::set<std::string> known;
    for (const FieldDef& f : fields) {
        known.insert(f.ours);
        const auto mapped = s.fields.find(f.ours);
        Column c{mapped != s.fields.end() ? mapped->second : std::string(f.ours), -1};
        c.index = defn->GetFieldIndex(c.name.c_str());
        if (c.index < 0 && f.required)
            fail("缺少必需字段 / required field missing: " + s.sourceLabel + " [" + s.key +
                 "] 字段 field " + f.ours + " (列 column \"" + c.name + "\")");
        if (c.index < 0 && mapped != s.fields.end())
            fail("字段不存在 / field not found: " + s.sourceLabel + " [" + s.key + "] 字段 field " +
                 f.ours + " (列 column \"" + c.name + "\")");
        m_columns[f.ours] = c;
    }
    for (const auto& [ours, theirs] : s.fields)
        if (known.count(ours) == 0)
            problems.push_back({Severity::Warning, s.sourceLabel, s.key, "", theirs,
                                "清单中的未知字段 " + ours + "，已忽略 / unknown field " + ours +
                                    " in the manifest, ignored"});
    const auto geometryColumn = [&](const std::optional<std::string>& name) {
        if (!name)
            return -1;
        const int index = defn->GetFieldIndex(name->c_str());
        if (index < 0)
            fail("缺少几何字段 / geometry column missing: " + s.sourceLabel + " [" + s.key +
                 "] 列 column \"" + *name + "\"");
        return index;
    };
    m_x = geometryColumn(s.x);
    m_y = geometryColumn(s.y);
    m_wkt = geometryColumn(s.wkt);
    if (!spatial)
        return;
    SrsPtr source;
    if (s.crs) {
        source = parseSrs(*s.crs);
        if (!source)
            fail("未知坐标系 / unknown CRS: " + s.sourceLabel + " [" + s.key + "] crs \"" + *s.crs +
                 "\"");
    } else if (m_x < 0 && m_wkt < 0 && m_layer->GetSpatialRef() != nullptr) {
        source = cloneSrs(*m_layer->GetSpatialRef());
    }
    if (!source)
        fail("未知坐标系 / unknown CRS: " + s.sourceLabel + " [" + s.key +
             "] 数据源未声明坐标系，请在清单中写 crs / the source declares no CRS; give crs in "
             "the manifest");
    if (!source->IsSame(&working)) {
        m_transform.reset(OGRCreateCoordinateTransformation(source.get(), &working));
        if (!m_transform)
            fail("无法转换坐标系 / cannot transform CRS: " + s.sourceLabel + " " +
                 srsLabel(*source) + " → " + srsLabel(working) + ": " + lastGdalError());
    }
}

std::optional<std::string> Reader::text(const OGRFeature& f, const char* ours,
                                        const std::string& id, bool& bad) const {
    bad = false;
    const int index = m_columns.at(ours).index;
    if (index < 0 || !f.IsFieldSetAndNotNull(index))
        return std::nullopt;
    const std::string_view v = trim(f.GetFieldAsString(index));
    if (v.empty())
        return std::nullopt;
    if (CPLIsUTF8(v.data(), static_cast<int>(v.size())) == FALSE) {
        error(id, column(ours),
              "文本不是 UTF-8 编码（GBK？请另存为 UTF-8 或在清单中写 encoding） / text is "
              "not UTF-8 (GBK? save as UTF-8 or give encoding in the manifest)");
        bad = true;
        return std::nullopt;
    }
    return std::string(v);
}

OGRGeometryUniquePtr Reader::geometry(OGRFeature& f, const std::string& id) const {
    OGRGeometryUniquePtr g;
    std::string field;
    const auto text = [&](int index) -> std::optional<std::string> {
        if (!f.IsFieldSetAndNotNull(index))
            return std::nullopt;
        const std::string_view v = trim(f.GetFieldAsString(index));
        return v.empty() ? std::nullopt : std::optional<std::string>(v);
    };
    if (m_x >= 0) {
        const auto xs = text(m_x);
        const auto ys = text(m_y);
        field = !xs ? *m_s.x : *m_s.y;
        if (!xs || !ys) {
            error(id, field, "缺少坐标 / missing coordinate");
            return nullptr;
        }
        const auto x = detail::parseDouble(*xs);
        const auto y = detail::parseDouble(*ys);
        if (!x || !y) {
            error(id, !x ? *m_s.x : *m_s.y, "不是数字 / not a number: " + inQuotes(!x ? *xs : *ys));
            return nullptr;
        }
        g.reset(new OGRPoint(*x, *y));
    } else if (m_wkt >= 0) {
        field = *m_s.wkt;
        const auto wkt = text(m_wkt);
        OGRGeometry* parsed = nullptr;
        if (!wkt ||
            OGRGeometryFactory::createFromWkt(wkt->c_str(), nullptr, &parsed) != OGRERR_NONE ||
            parsed == nullptr) {
            error(id, field,
                  wkt ? "WKT 无法解析 / unreadable WKT: " + inQuotes(*wkt)
                      : std::string("缺少几何 / missing geometry"));
            return nullptr;
        }
        g.reset(parsed);
    } else {
        g.reset(f.StealGeometry());
        if (!g) {
            error(id, "", "缺少几何 / missing geometry");
            return nullptr;
        }
    }
    if (g->IsEmpty()) {
        error(id, field, "几何为空 / empty geometry");
        return nullptr;
    }
    if (g->hasCurveGeometry())
        g.reset(g->getLinearGeometry());
    if (m_transform && g->transform(m_transform.get()) != OGRERR_NONE) {
        error(id, field,
              "坐标无法转换到工作坐标系 / cannot transform to the working CRS: " + lastGdalError());
        return nullptr;
    }
    return g;
}

std::string rowId(std::size_t row) {
    return "row " + std::to_string(row);
}

std::string inQuotes(std::string_view s) {
    return detail::inQuotes(s.substr(0, 60));
}

/// A number ≥ 0 from one of our fields: nullopt when empty (an error when required) or bad.
std::optional<double> number(const Reader& r, const OGRFeature& f, const char* ours,
                             const std::string& id, bool required, bool& ok) {
    bool bad = false;
    const auto t = r.text(f, ours, id, bad);
    if (bad) {
        ok = false;
        return std::nullopt;
    }
    if (!t) {
        if (required) {
            r.error(id, r.column(ours), "缺少值 / missing value");
            ok = false;
        }
        return std::nullopt;
    }
    const auto v = detail::parseDouble(*t);
    if (!v) {
        r.error(id, r.column(ours), "不是数字 / not a number: " + inQuotes(*t));
        ok = false;
        return std::nullopt;
    }
    if (*v < 0.0) {
        r.error(id, r.column(ours), "不能为负数 / must not be negative: " + inQuotes(*t));
        ok = false;
        return std::nullopt;
    }
    return v;
}

std::string required(const Reader& r, const OGRFeature& f, const char* ours, const std::string& id,
                     bool& ok) {
    bool bad = false;
    const auto t = r.text(f, ours, id, bad);
    if (!t) {
        if (!bad)
            r.error(id, r.column(ours), "缺少值 / missing value");
        ok = false;
        return {};
    }
    return *t;
}

/// A valid GEOS polygon from an OGR polygon (repaired with MakeValid when needed), or nullptr
/// after reporting why.
GeomPtr validPolygon(const GeosContext& geos, const OGRGeometry& g, const Reader& r,
                     const std::string& id) {
    std::vector<unsigned char> wkb(g.WkbSize());
    if (g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
        r.error(id, "", "几何无法导出 / cannot export geometry: " + lastGdalError());
        return detail::own(geos, nullptr);
    }
    GeomPtr p = fromWkb(geos, wkb);
    if (!p) {
        r.error(id, "", "几何无法读取 / unreadable geometry: " + geos.lastError());
        return p;
    }
    if (GEOSisValid_r(geos.handle(), p.get()) != 1) {
        GeomPtr repaired = own(geos, GEOSMakeValid_r(geos.handle(), p.get()));
        if (!repaired || GEOSisEmpty_r(geos.handle(), repaired.get()) != 0) {
            r.error(id, "", "几何无效且无法修复 / invalid geometry that cannot be repaired");
            return own(geos, nullptr);
        }
        r.warning(id, "", "几何无效，已修复 / invalid geometry repaired");
        p = std::move(repaired);
    }
    return p;
}

bool isPolygonal(const OGRGeometry& g) {
    const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
    return t == wkbPolygon || t == wkbMultiPolygon;
}

} // namespace xw::gis::detail::demand
