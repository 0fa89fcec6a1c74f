// Residential units and their population by age and category.
#include "detail/demand/layer_reader.hpp"
#include "detail/demand/loaders.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace xw::gis::detail::demand {

namespace {

/// The towns' areas (in regions order) prepared for point-in-area tests; null where a town has
/// no usable shape.
struct TownAreas {
    std::vector<GeomPtr> geoms;
    std::vector<PreparedPtr> prepared;
};

TownAreas townAreas(const GeosContext& geos, const std::vector<AreaShape>& shapes) {
    TownAreas out;
    for (const AreaShape& shape : shapes) {
        out.geoms.push_back(fromWkb(geos, shape.wkb));
        out.prepared.emplace_back(
            out.geoms.back() ? GEOSPrepare_r(geos.handle(), out.geoms.back().get()) : nullptr,
            PreparedDeleter{geos.handle()});
    }
    return out;
}

/// Where a unit is: its point, or a point inside its polygon; `located` gets it as a GEOS point
/// (null when GEOS could not make one). Nullopt, with the problem reported, for another geometry
/// or when there is no finite point.
std::optional<core::PointM> unitPoint(const GeosContext& geos, const OGRGeometry& g,
                                      const Reader& r, const std::string& id, GeomPtr& located) {
    core::PointM at;
    if (wkbFlatten(g.getGeometryType()) == wkbPoint) {
        at = {g.toPoint()->getX(), g.toPoint()->getY()};
        located = own(geos, GEOSGeom_createPointFromXY_r(geos.handle(), at.x, at.y));
    } else if (isPolygonal(g)) {
        const GeomPtr poly = validPolygon(geos, g, r, id);
        if (!poly)
            return std::nullopt;
        located = own(geos, GEOSPointOnSurface_r(geos.handle(), poly.get()));
        double x = 0.0, y = 0.0;
        if (!located || GEOSGeomGetX_r(geos.handle(), located.get(), &x) != 1 ||
            GEOSGeomGetY_r(geos.handle(), located.get(), &y) != 1) {
            r.error(id, "", "无法在面内取点 / no point inside the polygon: " + geos.lastError());
            return std::nullopt;
        }
        at = {x, y};
    } else {
        r.error(id, "", std::string("不是点或面 / not a point or polygon: ") + g.getGeometryName());
        return std::nullopt;
    }
    if (!std::isfinite(at.x) || !std::isfinite(at.y)) {
        r.error(id, "", "坐标不是有限数 / coordinate is not a finite number");
        return std::nullopt;
    }
    return at;
}

/// Warns when unit `u` (at `located`) lies outside its town `t`: how far, and in which town it
/// lies. The unit is kept: the town code says whose cohorts it shares, the point where its
/// children live.
void warnOutsideTown(const GeosContext& geos, const TownAreas& areas,
                     const std::vector<core::Town>& towns, std::size_t t,
                     const GEOSGeometry* located, const core::ResidentialUnit& u, const Reader& r,
                     const std::string& id) {
    if (located == nullptr || t >= areas.prepared.size() || !areas.prepared[t] ||
        GEOSPreparedIntersects_r(geos.handle(), areas.prepared[t].get(), located) == 1)
        return;
    double d = 0.0;
    if (areas.geoms[t])
        GEOSDistance_r(geos.handle(), areas.geoms[t].get(), located, &d);
    std::string where = "不在任何乡镇内 / in no town";
    for (std::size_t k = 0; k < areas.prepared.size(); ++k)
        if (areas.prepared[k] &&
            GEOSPreparedIntersects_r(geos.handle(), areas.prepared[k].get(), located) == 1) {
            where = "位于 / lies in " + towns[k].name + " (" + towns[k].code + ")";
            break;
        }
    r.warning(id, r.column("town"),
              "居住单元在其乡镇 " + u.townCode + " 之外 " + std::to_string(std::llround(d)) +
                  " m, " + where + "; 仍按所填乡镇计 / the unit lies " +
                  std::to_string(std::llround(d)) + " m outside its town " + u.townCode +
                  "; kept with that town");
}

} // namespace

void loadUnits(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out) {
    const Reader r(
        s, {{"id", true}, {"town", true}, {"name", false}, {"kind", false}, {"population", false}},
        true, working, out.problems);
    const GeosContext geos;
    const TownAreas areas = townAreas(geos, out.townShapes);
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
        const std::optional<core::PointM> at = unitPoint(geos, *g, r, id, located);
        if (!at)
            return;
        u.location = *at;
        warnOutsideTown(geos, areas, out.city.regions.towns, *town, located.get(), u, r, id);
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

} // namespace xw::gis::detail::demand
