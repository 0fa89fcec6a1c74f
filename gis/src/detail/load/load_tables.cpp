// The other layers and tables of a dataset: housing, population, births, attendance zones and
// the school → town table. See detail/load/dataset_loader.hpp.
#include "detail/load/dataset_loader.hpp"

#include "detail/text.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace xw::gis::detail {

void Loader::loadHousing(const TownIndex& towns) {
    if (!has("housing")) {
        return;
    }
    SourceReader reader = open("housing");
    std::map<std::string, std::size_t> seen;
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto id = r.text("id")) {
            r.setId(*id);
        }
        core::HousingProject h;
        h.id = r.required("id");
        h.name = r.required("name");
        h.dwellings = r.count("dwellings", true, kMaxDwellings).value_or(0);
        h.completionYear = r.year("completion_year", true).value_or(0);
        h.kindergarten.classes = r.count("kg_classes", false, kMaxKindergartenClasses).value_or(0);
        h.kindergarten.deliveryYear = r.year("kg_year", false);
        h.kindergarten.publicOrPuhui = r.boolean("kg_public").value_or(false);
        if (r.ok()) {
            if (const auto it = seen.find(h.id); it != seen.end()) {
                r.error("id", "重复的标识（与第 " + std::to_string(it->second) +
                                  " 行相同），已跳过 / duplicate id (same as row " +
                                  std::to_string(it->second) + "), skipped");
            }
        }
        if (!r.ok()) {
            return;
        }
        const auto place = placePoint(reader, f, r, towns);
        if (!place) {
            return;
        }
        seen.emplace(h.id, row);
        h.location = place->first;
        h.townCode = place->second;
        out.city.housing.push_back(std::move(h));
    });
}

void Loader::loadZones() {
    if (!has("zones")) {
        return;
    }
    SourceReader reader = open("zones");
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        const std::string school = r.required("school");
        const auto campus = r.text("campus");
        if (r.ok() && schoolsFor(r, school, campus, true).empty()) {
            return;
        }
        CheckedPolygon poly = readPolygon(reader, f, r);
        if (poly.geometry) {
            out.zones.push_back({school, detail::toWkb(geos, *poly.geometry), campus.value_or("")});
        }
    });
}

void Loader::loadSchoolTowns() {
    if (!has("school_towns")) {
        return;
    }
    SourceReader reader = open("school_towns");
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        const std::string school = r.required("school");
        const std::string town = r.required("town");
        if (r.ok() && schoolsFor(r, school, std::nullopt, true).empty()) {
            return;
        }
        if (r.ok() && !out.city.regions.townIndex(town)) {
            r.error("town", "未知的乡镇代码 / unknown town code: " + inQuotes(town));
        }
        if (r.ok()) {
            out.schoolTowns.emplace_back(school, town);
        }
    });
}

void Loader::loadPopulation() {
    out.city.population.year = manifest.baseYear;
    if (!has("population")) {
        out.problems.push_back({Severity::Warning, kManifestName, "population", "", "",
                                "清单中没有 population 表：各乡镇的适龄人口和需求都为 0 / no "
                                "population table: every town's children and demand are 0"});
        return;
    }
    SourceReader reader = open("population");
    std::map<std::string, core::TownPopulation> byTown;
    std::set<std::tuple<std::string, int, int>> seen;
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto town = r.text("town")) {
            r.setId(rowId(row) + " (" + *town + ")");
        }
        const std::string town = r.required("town");
        const auto age = r.count("age", true, kMaxAge);
        const std::string categoryText = r.required("category");
        const auto persons = r.number("persons", true, kMaxPersons);
        const auto category = core::parseCategory(categoryText);
        if (!categoryText.empty() && !category) {
            r.error("category", "未知的人口类别 / unknown category: " + inQuotes(categoryText) +
                                    " (户籍/随迁, registered/migrant)");
        }
        if (!town.empty() && !out.city.regions.townIndex(town)) {
            r.error("town", "未知的乡镇代码 / unknown town code: " + inQuotes(town));
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

void Loader::loadBirths() {
    if (!has("births")) {
        return;
    }
    SourceReader reader = open("births");
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto area = r.text("area")) {
            r.setId(rowId(row) + " (" + *area + ")");
        }
        const std::string area = r.required("area");
        const auto year = r.year("year", true);
        const auto births = r.number("births", true, kMaxBirths);
        if (!area.empty() && area != manifest.cityCode && !out.city.regions.districtIndex(area)) {
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

} // namespace xw::gis::detail
