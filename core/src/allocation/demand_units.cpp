#include <xw/core/allocation/demand_units.hpp>

#include "detail/facility_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace xw::core {
namespace {

std::string whole(double v) {
    return std::to_string(std::llround(v));
}

/// "+14.3 %" (signed) or "5.0 %" (unsigned).
std::string percent(double fraction, bool sign = true) {
    char text[32];
    std::snprintf(text, sizeof text, sign ? "%+.1f %%" : "%.1f %%", fraction * 100.0);
    return text;
}

/// Whether the population table gives the town persons of the stage's ages (true when the table
/// has no row for the town: nothing says it has none).
bool townHasChildren(const CityData& city, const std::string& town, const StageNorms& sn) {
    for (const TownPopulation& tp : city.population.towns)
        if (tp.townCode == town)
            return tp.total(sn.rateAgeMin, sn.rateAgeMax) > 0.0;
    return true;
}

} // namespace

UnitWeights unitWeights(const std::vector<ResidentialUnit>& units, const Regions& regions,
                        const Norms& norms) {
    UnitWeights w;
    const std::size_t towns = regions.towns.size();
    std::vector<std::optional<std::size_t>> townOf(units.size());
    std::vector<int> unitsIn(towns, 0), withAges(towns, 0);
    for (std::size_t u = 0; u < units.size(); ++u) {
        townOf[u] = regions.townIndex(units[u].townCode);
        if (!townOf[u])
            continue;
        ++unitsIn[*townOf[u]];
        if (units[u].hasAges())
            ++withAges[*townOf[u]];
    }
    w.townByAge.assign(towns, 0);
    for (std::size_t t = 0; t < towns; ++t)
        w.townByAge[t] = unitsIn[t] > 0 && withAges[t] == unitsIn[t] ? 1 : 0;
    for (const Stage s : kAllStages) {
        const StageNorms& sn = norms[s];
        std::vector<double>& out = w.byStage[static_cast<std::size_t>(stageIndex(s))];
        out.assign(units.size(), 0.0);
        for (std::size_t u = 0; u < units.size(); ++u) {
            if (!townOf[u])
                continue;
            const double v = w.townByAge[*townOf[u]] != 0
                                 ? units[u].personsAged(sn.rateAgeMin, sn.rateAgeMax)
                                 : units[u].total();
            out[u] = std::isfinite(v) && v > 0.0 ? v : 0.0;
        }
    }
    return w;
}

std::vector<Diagnostic> checkUnitTotals(const std::vector<ResidentialUnit>& units,
                                        const CityData& city, double tolerance) {
    const Regions& regions = city.regions;
    const std::size_t towns = regions.towns.size();
    const UnitWeights w = unitWeights(units, regions, city.norms);
    std::vector<int> unitsIn(towns, 0);
    std::vector<const TownPopulation*> table(towns, nullptr);
    for (const TownPopulation& tp : city.population.towns)
        if (const auto t = regions.townIndex(tp.townCode))
            table[*t] = &tp;
    std::vector<double> sum(towns, 0.0);
    for (const ResidentialUnit& u : units) {
        const auto t = regions.townIndex(u.townCode);
        if (!t)
            continue;
        ++unitsIn[*t];
        if (w.townByAge[*t] != 0) {
            const int maxAge = table[*t] != nullptr ? table[*t]->maxAge() : -1;
            sum[*t] += u.personsAged(0, maxAge);
        } else {
            sum[*t] += u.total();
        }
    }
    std::vector<Diagnostic> out;
    const auto warn = [&](const Town& town, const std::string& message) {
        out.push_back({Severity::Warning, "", "demand_units", town.code, "", message});
    };
    for (std::size_t t = 0; t < towns; ++t) {
        const Town& town = regions.towns[t];
        if (unitsIn[t] == 0) {
            const double children =
                table[t] != nullptr ? table[t]->total(0, table[t]->maxAge()) : 0.0;
            if (children > 0.0)
                warn(town, "乡镇 " + town.name + " 有 " + whole(children) +
                               " 名 0–18 岁居民但没有居住单元 / town " + town.code +
                               " has residents aged 0–18 in the population table but no "
                               "residential unit");
            continue;
        }
        double data = 0.0;
        std::string what;
        if (w.townByAge[t] != 0) {
            if (table[t] == nullptr) {
                warn(town,
                     "乡镇 " + town.name +
                         " 的居住单元有分年龄人口, 但人口表中没有该乡镇 / the units of town " +
                         town.code +
                         " give ages but the population table has no row for "
                         "the town");
                continue;
            }
            data = table[t]->total(0, table[t]->maxAge());
            what = "0–" + std::to_string(table[t]->maxAge());
        } else {
            const auto it = city.population.totalResidents.find(town.code);
            if (it == city.population.totalResidents.end())
                continue; // nothing to compare a total with
            data = it->second;
            what = "all ages";
        }
        const double diff = sum[t] - data;
        const bool off = data > 0.0 ? std::abs(diff) > tolerance * data : sum[t] > 0.0;
        if (!off)
            continue;
        const std::string share = data > 0.0 ? percent(diff / data) : std::string("∞");
        warn(town, "乡镇 " + town.name + " 的居住单元人口 " + whole(sum[t]) + " 与人口数据 " +
                       whole(data) + " 相差 " + share + " (容差 " + percent(tolerance, false) +
                       ") / the residential units of town " + town.code + " hold " + whole(sum[t]) +
                       " persons (" + what + "), the population data " + whole(data) + ": " +
                       share + " off (tolerance " + percent(tolerance, false) + ")");
    }
    return out;
}

std::vector<Diagnostic> checkUnitsReach(const std::vector<ResidentialUnit>& units,
                                        const UnitWeights& weights, const CityData& city) {
    struct Miss {
        std::size_t unit;
        Stage stage;
        double radius, nearest;
    };
    std::vector<Miss> misses;
    for (const Stage s : kAllStages) {
        const auto si = static_cast<std::size_t>(stageIndex(s));
        std::vector<PointM> sites;
        for (const School& school : city.schools)
            if (school.stage(s) != nullptr)
                sites.push_back(school.location);
        if (sites.empty() || weights.byStage[si].size() != units.size())
            continue;
        const detail::FacilityGrid grid(sites);
        std::vector<std::uint32_t> found;
        std::vector<std::pair<double, std::uint32_t>> heap;
        const StageNorms& sn = city.norms[s];
        for (std::size_t u = 0; u < units.size(); ++u) {
            if (!(weights.byStage[si][u] > 0.0))
                continue;
            const auto t = city.regions.townIndex(units[u].townCode);
            // A unit weighed by its total has children of the stage only if its town has.
            if (t && *t < weights.townByAge.size() && weights.townByAge[*t] == 0 &&
                !townHasChildren(city, units[u].townCode, sn))
                continue;
            const bool urban = t && city.regions.towns[*t].urban;
            const double r = urban ? sn.radiusUrbanMeters : sn.radiusRuralMeters;
            const double nearest = grid.nearest(units[u].location, 1, found, heap);
            if (nearest > r)
                misses.push_back({u, s, r, nearest});
        }
    }
    std::stable_sort(misses.begin(), misses.end(),
                     [](const Miss& a, const Miss& b) { return a.unit < b.unit; });
    std::vector<Diagnostic> out;
    out.reserve(misses.size());
    for (const Miss& m : misses) {
        const std::string r = whole(m.radius);
        const std::string d = whole(m.nearest);
        out.push_back({Severity::Warning, "", "demand_units", units[m.unit].id,
                       std::string(stageCode(m.stage)),
                       "居住单元有" + std::string(stageNameZh(m.stage)) + "适龄儿童, 但 " + r +
                           " m 服务半径内没有该学段学校 (最近 " + d + " m) / the unit has " +
                           std::string(stageNameEn(m.stage)) +
                           " children but no school of the stage within its " + r +
                           " m radius (nearest " + d + " m)"});
    }
    return out;
}

} // namespace xw::core
