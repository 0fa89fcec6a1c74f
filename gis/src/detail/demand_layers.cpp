// The optional demand layers: residential units and their population, built-up areas, barriers
// and origin–destination tables. See demand_layers.hpp and docs/dataset-format.md.
#include "detail/demand_layers.hpp"

#include "detail/geos_util.hpp"
#include "detail/ogr_util.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string_view>
#include <system_error>

namespace xw::gis::detail {
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

std::optional<double> parseNumber(std::string_view s) {
    double v = 0.0;
    const char* end = s.data() + s.size();
    const auto r = std::from_chars(s.data(), end, v);
    if (r.ec != std::errc() || r.ptr != end || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::string inQuotes(std::string_view s) {
    // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict inside libstdc++ for
    // "\"" + std::string(...), which -Werror turns into a build failure.
    std::string out;
    s = s.substr(0, 60);
    out.reserve(s.size() + 2);
    out += '"';
    out += s;
    out += '"';
    return out;
}

struct FieldDef {
    const char* ours;
    bool required;
};

/// One opened source with its fields resolved and its transformation to the working CRS.
class Reader {
public:
    Reader(const SourceLocation& s, const std::vector<FieldDef>& fields, bool spatial,
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
                fail("字段不存在 / field not found: " + s.sourceLabel + " [" + s.key +
                     "] 字段 field " + f.ours + " (列 column \"" + c.name + "\")");
            m_columns[f.ours] = c;
        }
        for (const auto& [ours, theirs] : s.fields)
            if (known.count(ours) == 0)
                problems.push_back({Severity::Warning, s.sourceLabel, s.key, "", theirs,
                                    "清单中的未知字段 " + ours + "，已忽略 / unknown field " +
                                        ours + " in the manifest, ignored"});
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
                fail("未知坐标系 / unknown CRS: " + s.sourceLabel + " [" + s.key + "] crs \"" +
                     *s.crs + "\"");
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

    [[nodiscard]] OGRLayer& layer() const { return *m_layer; }
    [[nodiscard]] const SourceLocation& source() const { return m_s; }
    [[nodiscard]] bool has(const char* ours) const { return m_columns.at(ours).index >= 0; }
    [[nodiscard]] const std::string& column(const char* ours) const {
        return m_columns.at(ours).name;
    }

    /// The trimmed text of one of our fields; nullopt when unmapped or empty. Text that is not
    /// UTF-8 is an error reported against the record and returned as nullopt with bad = true.
    std::optional<std::string> text(const OGRFeature& f, const char* ours, const std::string& id,
                                    bool& bad) const {
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

    /// The feature's geometry in the working CRS, or nullptr after reporting why.
    OGRGeometryUniquePtr geometry(OGRFeature& f, const std::string& id) const {
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
            const auto x = parseNumber(*xs);
            const auto y = parseNumber(*ys);
            if (!x || !y) {
                error(id, !x ? *m_s.x : *m_s.y,
                      "不是数字 / not a number: " + inQuotes(!x ? *xs : *ys));
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
                  "坐标无法转换到工作坐标系 / cannot transform to the working CRS: " +
                      lastGdalError());
            return nullptr;
        }
        return g;
    }

    void error(const std::string& id, const std::string& column, const std::string& why) const {
        m_problems.push_back({Severity::Error, m_s.sourceLabel, m_s.key, id, column, why});
    }
    void warning(const std::string& id, const std::string& column, const std::string& why) const {
        m_problems.push_back({Severity::Warning, m_s.sourceLabel, m_s.key, id, column, why});
    }
    [[noreturn]] void fail(const std::string& message) const {
        throw GisError(m_s.sourceLabel, m_s.key, message);
    }

    /// Runs f(feature, row) for every feature; rows are 1-based.
    template <class F> void forEach(F&& f) const {
        m_layer->ResetReading();
        std::size_t row = 0;
        while (OGRFeatureUniquePtr feature{m_layer->GetNextFeature()})
            f(*feature, ++row);
    }

private:
    struct Column {
        std::string name;
        int index = -1;
    };
    const SourceLocation& m_s;
    std::vector<Diagnostic>& m_problems;
    GDALDatasetUniquePtr m_ds;
    OGRLayer* m_layer = nullptr;
    std::map<std::string, Column> m_columns;
    int m_x = -1, m_y = -1, m_wkt = -1;
    CtPtr m_transform;
};

std::string rowId(std::size_t row) {
    return "row " + std::to_string(row);
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
    const auto v = parseNumber(*t);
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

// ----------------------------------------------------------------------------------------------

void loadUnits(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out) {
    const Reader r(
        s, {{"id", true}, {"town", true}, {"name", false}, {"kind", false}, {"population", false}},
        true, working, out.problems);
    const GeosContext geos;
    const auto& towns = out.city.regions.towns;
    std::vector<GeomPtr> townGeoms;
    std::vector<PreparedPtr> prepared;
    for (const AreaShape& shape : out.townShapes) {
        townGeoms.push_back(fromWkb(geos, shape.wkb));
        prepared.emplace_back(
            townGeoms.back() ? GEOSPrepare_r(geos.handle(), townGeoms.back().get()) : nullptr,
            PreparedDeleter{geos.handle()});
    }
    std::set<std::string> seen;
    std::size_t rows = 0;
    r.forEach([&](OGRFeature& f, std::size_t row) {
        ++rows;
        bool ok = true;
        bool bad = false;
        const auto idText = r.text(f, "id", rowId(row), bad);
        const std::string id = idText ? *idText : rowId(row);
        core::ResidentialUnit u;
        u.id = required(r, f, "id", id, ok);
        u.townCode = required(r, f, "town", id, ok);
        u.name = r.text(f, "name", id, bad).value_or("");
        ok = ok && !bad;
        u.kind = r.text(f, "kind", id, bad).value_or("");
        ok = ok && !bad;
        u.totalPersons = number(r, f, "population", id, false, ok);
        const auto town =
            u.townCode.empty() ? std::nullopt : out.city.regions.townIndex(u.townCode);
        if (ok && !town) {
            r.error(id, r.column("town"),
                    "未知的乡镇代码 / unknown town code: " + inQuotes(u.townCode));
            ok = false;
        }
        if (ok && seen.count(u.id) != 0) {
            r.error(id, r.column("id"), "重复的标识，已跳过 / duplicate id, skipped");
            ok = false;
        }
        OGRGeometryUniquePtr g = ok ? r.geometry(f, id) : nullptr;
        if (!g)
            return;
        GeomPtr located = own(geos, nullptr);
        if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
            u.location = {g->toPoint()->getX(), g->toPoint()->getY()};
            located =
                own(geos, GEOSGeom_createPointFromXY_r(geos.handle(), u.location.x, u.location.y));
        } else if (isPolygonal(*g)) {
            const GeomPtr poly = validPolygon(geos, *g, r, id);
            if (!poly)
                return;
            located = own(geos, GEOSPointOnSurface_r(geos.handle(), poly.get()));
            double x = 0.0, y = 0.0;
            if (!located || GEOSGeomGetX_r(geos.handle(), located.get(), &x) != 1 ||
                GEOSGeomGetY_r(geos.handle(), located.get(), &y) != 1) {
                r.error(id, "",
                        "无法在面内取点 / no point inside the polygon: " + geos.lastError());
                return;
            }
            u.location = {x, y};
        } else {
            r.error(id, "",
                    std::string("不是点或面 / not a point or polygon: ") + g->getGeometryName());
            return;
        }
        if (!std::isfinite(u.location.x) || !std::isfinite(u.location.y)) {
            r.error(id, "", "坐标不是有限数 / coordinate is not a finite number");
            return;
        }
        // The unit's point should lie in its town: else say where it is (kept: the town code
        // says whose cohorts it shares, the point where its children live).
        const std::size_t t = *town;
        if (located && t < prepared.size() && prepared[t] &&
            GEOSPreparedIntersects_r(geos.handle(), prepared[t].get(), located.get()) != 1) {
            double d = 0.0;
            if (townGeoms[t])
                GEOSDistance_r(geos.handle(), townGeoms[t].get(), located.get(), &d);
            std::string where = "不在任何乡镇内 / in no town";
            for (std::size_t k = 0; k < prepared.size(); ++k)
                if (prepared[k] && GEOSPreparedIntersects_r(geos.handle(), prepared[k].get(),
                                                            located.get()) == 1) {
                    where = "位于 / lies in " + towns[k].name + " (" + towns[k].code + ")";
                    break;
                }
            r.warning(id, r.column("town"),
                      "居住单元在其乡镇 " + u.townCode + " 之外 " +
                          std::to_string(std::llround(d)) + " m, " + where +
                          "; 仍按所填乡镇计 / the unit lies " + std::to_string(std::llround(d)) +
                          " m outside its town " + u.townCode + "; kept with that town");
        }
        seen.insert(u.id);
        out.demandUnits.push_back(std::move(u));
    });
    if (rows > 0 && out.demandUnits.empty())
        r.fail("居住单元图层没有可用要素 / layer demand_units has no usable feature: " +
               s.sourceLabel + " (" + std::to_string(rows) +
               " 个要素均有错误 / features all have "
               "errors)");
}

void loadUnitPopulation(const SourceLocation& s, const OGRSpatialReference& working,
                        DatasetLoad& out) {
    const Reader r(s, {{"unit", true}, {"age", true}, {"category", true}, {"persons", true}}, false,
                   working, out.problems);
    std::map<std::string, std::size_t> unitIndex;
    for (std::size_t u = 0; u < out.demandUnits.size(); ++u)
        unitIndex.emplace(out.demandUnits[u].id, u);
    std::set<std::tuple<std::size_t, int, int>> seen;
    constexpr int kMaxAge = 120;
    r.forEach([&](OGRFeature& f, std::size_t row) {
        bool ok = true;
        bool bad = false;
        const auto unitText = r.text(f, "unit", rowId(row), bad);
        const std::string id = rowId(row) + (unitText ? " (" + *unitText + ")" : std::string());
        const std::string unit = required(r, f, "unit", id, ok);
        const auto age = number(r, f, "age", id, true, ok);
        const std::string categoryText = required(r, f, "category", id, ok);
        const auto persons = number(r, f, "persons", id, true, ok);
        const auto category = core::parseCategory(categoryText);
        if (!categoryText.empty() && !category) {
            r.error(id, r.column("category"),
                    "未知的人口类别 / unknown category: " + inQuotes(categoryText) +
                        " (户籍/随迁, registered/migrant)");
            ok = false;
        }
        if (age && (*age != std::floor(*age) || *age > kMaxAge)) {
            r.error(id, r.column("age"), "年龄不是 0–120 的整数 / age is not a whole number 0–120");
            ok = false;
        }
        const auto u = unitIndex.find(unit);
        if (ok && u == unitIndex.end()) {
            r.error(id, r.column("unit"),
                    "未知的居住单元（或已被跳过） / unknown residential unit (or one that was "
                    "skipped): " +
                        inQuotes(unit));
            ok = false;
        }
        if (!ok)
            return;
        const int a = static_cast<int>(*age);
        const int c = static_cast<int>(*category);
        if (!seen.insert({u->second, a, c}).second) {
            r.error(id, r.column("age"),
                    "重复的单元×年龄×类别，已跳过 / duplicate unit × age × category, skipped");
            return;
        }
        auto& table = out.demandUnits[u->second].persons;
        if (static_cast<int>(table.size()) <= a)
            table.resize(static_cast<std::size_t>(a) + 1, {0.0, 0.0});
        table[static_cast<std::size_t>(a)][static_cast<std::size_t>(c)] = *persons;
    });
    // A total given beside ages must agree with them (ages may cover only children, so only a
    // total below the persons by age is a contradiction).
    for (const core::ResidentialUnit& u : out.demandUnits)
        if (u.hasAges() && u.totalPersons) {
            const double byAge = u.personsAged(0, static_cast<int>(u.persons.size()) - 1);
            if (*u.totalPersons + 0.5 < byAge)
                out.problems.push_back(
                    {Severity::Warning, s.sourceLabel, s.key, u.id, "",
                     "居住单元总人口 " + std::to_string(std::llround(*u.totalPersons)) +
                         " 少于分年龄人口之和 " + std::to_string(std::llround(byAge)) +
                         " / the unit's total " + std::to_string(std::llround(*u.totalPersons)) +
                         " is below the sum of its persons by age " +
                         std::to_string(std::llround(byAge))});
        }
}

void loadBuiltUp(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out) {
    const Reader r(s, {}, true, working, out.problems);
    const GeosContext geos;
    r.forEach([&](OGRFeature& f, std::size_t row) {
        const std::string id = rowId(row);
        OGRGeometryUniquePtr g = r.geometry(f, id);
        if (!g)
            return;
        if (!isPolygonal(*g)) {
            r.error(id, "", std::string("不是面 / not a polygon: ") + g->getGeometryName());
            return;
        }
        const GeomPtr poly = validPolygon(geos, *g, r, id);
        if (poly)
            out.builtUp.push_back(toWkb(geos, *poly));
    });
}

void loadBarriers(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out) {
    const Reader r(s, {{"id", false}, {"kind", false}}, true, working, out.problems);
    r.forEach([&](OGRFeature& f, std::size_t row) {
        bool bad = false;
        core::BarrierLine line;
        line.id = r.text(f, "id", rowId(row), bad).value_or(rowId(row));
        line.kind = r.text(f, "kind", line.id, bad).value_or("");
        OGRGeometryUniquePtr g = r.geometry(f, line.id);
        if (!g)
            return;
        const auto addCurve = [&](const OGRSimpleCurve& c) {
            std::vector<core::PointM> part;
            for (int k = 0; k < c.getNumPoints(); ++k)
                part.push_back({c.getX(k), c.getY(k)});
            if (part.size() >= 2)
                line.parts.push_back(std::move(part));
        };
        const auto addPolygon = [&](const OGRPolygon& p) {
            for (const OGRLinearRing* ring : p)
                addCurve(*ring);
        };
        switch (wkbFlatten(g->getGeometryType())) {
        case wkbLineString:
            addCurve(*g->toLineString());
            break;
        case wkbMultiLineString:
            for (const OGRLineString* l : *g->toMultiLineString())
                addCurve(*l);
            break;
        case wkbPolygon: // a river drawn as an area: its banks
            addPolygon(*g->toPolygon());
            break;
        case wkbMultiPolygon:
            for (const OGRPolygon* p : *g->toMultiPolygon())
                addPolygon(*p);
            break;
        default:
            r.error(line.id, "",
                    std::string("不是线或面 / not a line or polygon: ") + g->getGeometryName());
            return;
        }
        for (const auto& part : line.parts)
            for (const core::PointM& p : part)
                if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
                    r.error(line.id, "", "坐标不是有限数 / coordinate is not a finite number");
                    return;
                }
        if (line.parts.empty()) {
            r.error(line.id, "", "线少于两个点 / line has fewer than two points");
            return;
        }
        out.barriers.push_back(std::move(line));
    });
}

void loadOdTable(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out) {
    const Reader r(s, {{"origin", true}, {"school", true}, {"meters", false}, {"minutes", false}},
                   false, working, out.problems);
    if (r.has("meters") == r.has("minutes"))
        r.fail("OD 表需要且只能有 meters 或 minutes 之一 / the OD table needs exactly one of the "
               "fields meters and minutes: " +
               s.sourceLabel);
    const char* valueField = r.has("meters") ? "meters" : "minutes";
    core::OdTable table;
    table.unit = r.has("meters") ? core::OdUnit::Meters : core::OdUnit::Minutes;
    std::set<std::string> schoolIds;
    for (const core::School& school : out.city.schools)
        schoolIds.insert(school.id);
    std::size_t unknownSchools = 0;
    std::string firstUnknown;
    r.forEach([&](OGRFeature& f, std::size_t row) {
        bool ok = true;
        const std::string id = rowId(row);
        const std::string origin = required(r, f, "origin", id, ok);
        const std::string school = required(r, f, "school", id, ok);
        const auto value = number(r, f, valueField, id, true, ok);
        if (!ok)
            return;
        if (schoolIds.count(school) == 0) {
            if (unknownSchools++ == 0)
                firstUnknown = school;
            return;
        }
        if (!table.add(origin, school, *value))
            r.error(id, r.column("school"),
                    "重复的起点×学校，已跳过 / duplicate origin × school, skipped");
    });
    if (unknownSchools > 0)
        out.problems.push_back({Severity::Warning, s.sourceLabel, s.key, "", r.column("school"),
                                std::to_string(unknownSchools) +
                                    " 行的学校不在数据集中，已忽略 (如 " + inQuotes(firstUnknown) +
                                    ") / rows name a school that is not in the dataset, "
                                    "ignored (e.g. " +
                                    inQuotes(firstUnknown) + ")"});
    out.odTable = std::move(table);
}

} // namespace

void loadDemandLayers(const std::map<std::string, SourceLocation>& sources,
                      const OGRSpatialReference& working, DatasetLoad& out) {
    const auto find = [&](const char* key) -> const SourceLocation* {
        const auto it = sources.find(key);
        return it == sources.end() ? nullptr : &it->second;
    };
    if (const SourceLocation* s = find("demand_units"))
        loadUnits(*s, working, out);
    if (const SourceLocation* s = find("unit_population")) {
        if (find("demand_units") == nullptr)
            throw GisError(s->sourceLabel, s->key,
                           "有 unit_population 表但没有 demand_units 图层 / table unit_population "
                           "is given without a demand_units layer");
        loadUnitPopulation(*s, working, out);
    }
    if (const SourceLocation* s = find("built_up"))
        loadBuiltUp(*s, working, out);
    if (const SourceLocation* s = find("barriers"))
        loadBarriers(*s, working, out);
    if (const SourceLocation* s = find("od_table"))
        loadOdTable(*s, working, out);
}

} // namespace xw::gis::detail
