// The maps of a study's results: buildMap puts the layers of map_layers.cpp together with the
// theme's title and classes (map_classes.cpp); buildDifferenceMap compares two scenarios.
#include <xw/viewer/model/map_builder.hpp>

#include "detail/map_classes.hpp"
#include "detail/map_layers.hpp"

#include <xw/study/compare.hpp>
#include <xw/viewer/map/classify.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace xw::viewer {

using core::Stage;
using detail::accessibilityClasses;
using detail::addBasemap;
using detail::addCatchments;
using detail::addSelection;
using detail::differenceClasses;
using detail::districtLayer;
using detail::frame;
using detail::gridLayer;
using detail::housingLayer;
using detail::parts;
using detail::roadLayer;
using detail::scenarioSuffix;
using detail::schoolLayer;
using detail::setBalanceAttributes;
using detail::shortfallClasses;
using detail::townsLayer;
using detail::utilisationClasses;
using detail::warningClasses;
using detail::yearText;
using detail::zonesLayer;

std::string stageLabel(Stage s) {
    return std::string(core::stageNameZh(s)) + " " + std::string(core::stageNameEn(s));
}

const char* themeCode(MapTheme theme) {
    switch (theme) {
    case MapTheme::Shortfall:
        return "shortfall";
    case MapTheme::Utilisation:
        return "utilisation";
    case MapTheme::Warning:
        return "warning";
    case MapTheme::Indicators:
        return "indicators";
    case MapTheme::Accessibility:
        return "accessibility";
    }
    return "shortfall";
}

std::optional<MapTheme> parseTheme(const std::string& code) {
    for (MapTheme t : {MapTheme::Shortfall, MapTheme::Utilisation, MapTheme::Warning,
                       MapTheme::Indicators, MapTheme::Accessibility})
        if (code == themeCode(t))
            return t;
    return std::nullopt;
}

namespace {

Extent extentOf(const std::vector<gis::AreaGeometry>& areas) {
    Extent e;
    bool any = false;
    for (const auto& g : areas)
        for (const auto& p : g.polygons)
            for (const auto& ring : p.rings)
                for (const auto& pt : ring) {
                    if (!any) {
                        e = {pt.x, pt.y, pt.x, pt.y};
                        any = true;
                    }
                    e.minX = std::min(e.minX, pt.x);
                    e.minY = std::min(e.minY, pt.y);
                    e.maxX = std::max(e.maxX, pt.x);
                    e.maxY = std::max(e.maxY, pt.y);
                }
    return e.grown(0.02);
}

/// The rows of one stage of a balance table, by area code.
std::map<std::string, const core::AreaStageBalance*>
stageRows(const std::vector<core::AreaStageBalance>& rows, Stage stage) {
    std::map<std::string, const core::AreaStageBalance*> out;
    for (const auto& row : rows)
        if (row.stage == stage)
            out[row.code] = &row;
    return out;
}

/// The town and district layers of a map, and the rounded shortfalls of their areas that have a
/// balance row (for the shortfall classes).
struct AreaLayers {
    MapLayer towns;
    MapLayer districts;
    std::vector<double> townShortfalls;
    std::vector<double> districtShortfalls;

    /// Towns in white and out of the legend: the districts carry the theme.
    void plainTowns() {
        towns.style.fill = rgbHex(0xffffff);
        towns.inLegend = false;
    }
};

/// The towns and districts with their balance attributes for the request's stage and year, the
/// towns' accessibility, and the warning level on the areas the theme is drawn by (districts when
/// `byDistrict`).
AreaLayers areaLayers(const study::StudyResults& r, const MapGeometry& g, const MapRequest& request,
                      const YearView& v, bool byDistrict) {
    const core::CityData& city = *v.city;
    const Stage stage = request.stage;
    AreaLayers out;
    out.towns = townsLayer();
    const auto townRow = stageRows(v.balance->towns, stage);
    std::map<std::string, const core::AreaAllocation*> townAllocation;
    if (const core::AllocationResult* a = v.allocationOf(stage))
        for (const auto& t : a->towns)
            townAllocation[t.code] = &t;
    for (std::size_t t = 0; t < g.towns.size() && t < r.townShapes.size(); ++t) {
        MapFeature f;
        f.id = r.townShapes[t].code;
        f.polygons = parts(g.towns[t]);
        f.labelAnchor = g.towns[t].inside;
        const auto ti = city.regions.townIndex(f.id);
        f.label = ti ? city.regions.towns[*ti].name : f.id;
        f.attributes["name"] = f.label;
        if (const auto it = townRow.find(f.id); it != townRow.end()) {
            setBalanceAttributes(f, *it->second);
            f.labelPriority = it->second->residentsInBand; // larger towns are labelled first
            out.townShortfalls.push_back(std::round(it->second->shortfall));
        }
        if (const auto it = townAllocation.find(f.id); it != townAllocation.end())
            if (it->second->demand > 0)
                f.attributes["accessibility"] = it->second->meanAccessibility;
        if (const core::WarningCell* w = warningCell(r, f.id, stage, v.year);
            w != nullptr && !byDistrict)
            f.attributes["warning"] = std::string(core::warningLevelCode(w->level));
        out.towns.features.push_back(std::move(f));
    }
    out.districts = districtLayer(r, g, request.theme == MapTheme::Indicators || byDistrict);
    const auto districtRow = stageRows(v.balance->districts, stage);
    for (auto& f : out.districts.features) {
        if (const auto it = districtRow.find(f.id); it != districtRow.end()) {
            setBalanceAttributes(f, *it->second);
            out.districtShortfalls.push_back(std::round(it->second->shortfall));
        }
        if (const core::WarningCell* w = warningCell(r, f.id, stage, v.year);
            w != nullptr && byDistrict)
            f.attributes["warning"] = std::string(core::warningLevelCode(w->level));
    }
    return out;
}

/// The indicators theme: districts classed and labelled by the number of the year's indicators
/// they do not meet; towns plain and unlabelled.
void showFailedIndicators(AreaLayers& areas, const YearView& v) {
    areas.plainTowns();
    for (auto& f : areas.towns.features)
        f.label.clear();
    Classification c;
    c.attribute = "failed";
    c.title = "未达标指标数 Indicators not met";
    c.method = "固定分级 Fixed classes";
    const auto colours = brewerColours(Palette::YlOrRd, 4);
    c.classes = {{"0 全部达标 All met", colours[0], 0, 1, {}},
                 {"1–2", colours[1], 1, 3, {}},
                 {"3–5", colours[2], 3, 6, {}},
                 {"≥ 6", colours[3], 6, 1e9, {}}};
    for (auto& f : areas.districts.features) {
        f.label = std::get<std::string>(f.attributes["name"]);
        f.labelPriority = 2e9;
        for (const auto& area : *v.indicators)
            if (area.level == "district" && area.code == f.id) {
                double failed = 0;
                for (const auto& item : area.items)
                    failed += item.pass && !*item.pass ? 1 : 0;
                f.attributes["failed"] = failed;
                f.label += "（" + formatNumber(failed) + "）";
            }
    }
    areas.districts.style.classes = c;
    areas.districts.style.fillOpacity = 0.9;
}

/// The theme's title, subtitle and classes (on the districts when `byDistrict`, else the towns).
/// \throws std::invalid_argument when the study lacks what the theme shows.
void applyTheme(MapDescription& map, AreaLayers& areas, const study::StudyResults& r,
                const MapRequest& request, const YearView& v, bool byDistrict) {
    const core::CityData& city = *v.city;
    const Stage stage = request.stage;
    const std::string stageZh(core::stageNameZh(stage));
    const std::string stageEn(core::stageNameEn(stage));
    const std::string year = std::to_string(v.year);
    const std::string unitZh = byDistrict ? "区县" : "乡镇";
    const std::string unitEn = byDistrict ? "district" : "town";
    MapLayer& choropleth = byDistrict ? areas.districts : areas.towns;
    if (byDistrict) {
        areas.plainTowns();
        areas.districts.style.fillOpacity = 0.9;
        for (auto& f : areas.towns.features)
            f.labelPriority *= 0.5;
    }
    switch (request.theme) {
    case MapTheme::Shortfall:
        map.title = city.regions.cityName + " " + stageZh + "学位缺口（" + year + " 年）";
        map.subtitle = stageEn + " seat shortfall by " + unitEn + ", " + yearText(v) +
                       " · 缺口 = 需求 − 学位（为正时） shortfall = demand − seats where positive" +
                       scenarioSuffix(request);
        choropleth.style.classes =
            shortfallClasses(byDistrict ? areas.districtShortfalls : areas.townShortfalls,
                             unitZh + stageZh + "学位缺口 " + stageEn + " seat shortfall");
        break;
    case MapTheme::Utilisation:
        map.title = city.regions.cityName + " " + stageZh + "学位使用率（" + year + " 年）";
        map.subtitle = stageEn + " seat utilisation by " + unitEn + " (" +
                       (v.baseYear ? "enrolment" : "projected enrolment") + " ÷ seats), " +
                       yearText(v) + scenarioSuffix(request);
        choropleth.style.classes =
            utilisationClasses("utilisation", unitZh + "学位使用率 " + unitEn + " utilisation");
        break;
    case MapTheme::Warning: {
        if (!r.warnings)
            throw std::invalid_argument(
                "研究没有学位预警（未做蒙特卡洛模拟）/ the study has no seat warnings (no Monte "
                "Carlo draws were run)");
        map.title = city.regions.cityName + " " + stageZh + "学位预警（" + year + " 年）";
        map.subtitle = stageEn + " seat warning by " + unitEn + ", " + year + ", " +
                       std::to_string(r.warnings->result.draws) + " 次模拟 draws" +
                       scenarioSuffix(request);
        choropleth.style.classes = warningClasses();
        break;
    }
    case MapTheme::Indicators: {
        if (v.indicators == nullptr)
            throw std::invalid_argument("研究没有 " + year +
                                        " 年的规划指标 / the study has no "
                                        "indicators for " +
                                        year);
        map.title = city.regions.cityName + " 各区县未达标指标数（" + year + " 年）";
        map.subtitle =
            "Indicators of the plan not met, by district, " + yearText(v) + scenarioSuffix(request);
        showFailedIndicators(areas, v);
        break;
    }
    case MapTheme::Accessibility: {
        const core::AllocationResult* a = v.allocationOf(stage);
        if (a == nullptr || a->towns.empty())
            throw std::invalid_argument("研究没有 " + year + " 年" + stageZh +
                                        "的学位分配，无法显示可达性 / the study has no " + stageEn +
                                        " allocation for " + year + ": no accessibility");
        map.title = city.regions.cityName + " " + stageZh + "学位可达性（" + year + " 年）";
        map.subtitle = stageEn + " accessibility by town: 2SFCA seats per child within reach, " +
                       "averaged over the town's children, " + yearText(v) +
                       scenarioSuffix(request);
        areas.towns.style.classes =
            accessibilityClasses("accessibility", "乡镇平均可达性 Town mean accessibility (2SFCA)");
        break;
    }
    }
}

} // namespace

MapGeometry decodeGeometry(const study::StudyResults& r) {
    MapGeometry g;
    for (const auto& s : r.townShapes)
        g.towns.push_back(gis::decodeArea(s.wkb));
    for (const auto& s : r.districtShapes)
        g.districts.push_back(gis::decodeArea(s.wkb));
    for (const auto& z : r.zones)
        g.zones.push_back(gis::decodeArea(z.wkb));
    if (r.allocation)
        for (const auto& c : r.allocation->catchments)
            g.catchments.push_back(gis::decodeArea(c.wkb));
    g.crsName = gis::crsDisplayName(r.workingCrs);
    g.cityExtent = extentOf(g.districts.empty() ? g.towns : g.districts);
    return g;
}

MapDescription buildMap(const study::StudyResults& r, const MapRequest& request) {
    return buildMap(r, decodeGeometry(r), request);
}

MapDescription buildMap(const study::StudyResults& r, const MapGeometry& g,
                        const MapRequest& request) {
    if (r.city == nullptr)
        throw std::invalid_argument("结果为空 / the results are empty");
    const YearView v = yearView(r, request.year);
    const Stage stage = request.stage;
    const bool byDistrict =
        districtStage(*v.city, stage) && request.theme != MapTheme::Accessibility;
    MapDescription map = frame(r, g, request);
    AreaLayers areas = areaLayers(r, g, request, v, byDistrict);
    applyTheme(map, areas, r, request, v, byDistrict);

    if (request.grid != GridLayer::None) {
        // The grid covers the towns: outlines only, so the legend lists only what shows.
        map.layers.push_back(gridLayer(r, stage, request.grid));
        if (!v.baseYear)
            map.subtitle += " · 格网为基准年 grid: base year";
        areas.towns.style.classes.reset();
        areas.towns.style.fill = {0, 0, 0, 0};
        areas.towns.inLegend = false;
        if (byDistrict) {
            areas.districts.style.classes.reset();
            areas.districts.style.fill = {0, 0, 0, 0};
        }
    }
    map.layers.push_back(std::move(areas.towns));
    map.layers.push_back(std::move(areas.districts));
    addBasemap(map, r.workingCrs, request);

    if (request.zones && !g.zones.empty())
        map.layers.push_back(zonesLayer(r, g));
    if (request.catchments && r.allocation && v.baseYear)
        addCatchments(map, r, g, request);
    if (request.roads && r.allocation && r.allocation->roads)
        map.layers.push_back(roadLayer(*r.allocation->roads));
    if (request.housing)
        map.layers.push_back(housingLayer(r));
    if (request.schools)
        map.layers.push_back(schoolLayer(v, request));
    addSelection(map, v, r, g, request);
    return map;
}

MapDescription buildDifferenceMap(const study::StudyResults& first,
                                  const study::StudyResults& second, const MapGeometry& g,
                                  const MapRequest& request, const std::string& firstName,
                                  const std::string& secondName) {
    if (first.city == nullptr || second.city == nullptr)
        throw std::invalid_argument("结果为空 / the results are empty");
    if (first.townShapes.size() != second.townShapes.size() ||
        first.datasetName != second.datasetName)
        throw std::invalid_argument("两个方案的数据集不同，无法比较 / the two scenarios use "
                                    "different datasets and cannot be compared");
    const int year = request.year.value_or(first.baseYear);
    const std::vector<study::TownDifference> diff =
        study::townShortfallDifference(first, second, request.stage, year);
    const YearView v = yearView(second, year);
    const std::string stageZh(core::stageNameZh(request.stage));
    MapDescription map = frame(second, g, request);
    map.title = first.city->regions.cityName + " " + stageZh + "学位缺口之差（" +
                std::to_string(year) + " 年）：" + secondName + " − " + firstName;
    map.subtitle = std::string(core::stageNameEn(request.stage)) + " seat shortfall, " +
                   secondName + " minus " + firstName + ", by town, " + std::to_string(year);
    MapLayer towns = townsLayer();
    std::map<std::string, const study::TownDifference*> byCode;
    for (const auto& d : diff)
        byCode[d.code] = &d;
    std::vector<double> values;
    for (std::size_t t = 0; t < g.towns.size() && t < first.townShapes.size(); ++t) {
        MapFeature f;
        f.id = first.townShapes[t].code;
        f.polygons = parts(g.towns[t]);
        f.labelAnchor = g.towns[t].inside;
        if (const auto it = byCode.find(f.id); it != byCode.end()) {
            f.label = it->second->name;
            f.attributes["name"] = it->second->name;
            f.attributes["difference"] = std::round(it->second->difference);
            f.attributes["shortfall_first"] = std::round(it->second->first);
            f.attributes["shortfall_second"] = std::round(it->second->second);
            f.labelPriority = std::abs(it->second->difference);
            values.push_back(std::round(it->second->difference));
        }
        towns.features.push_back(std::move(f));
    }
    towns.style.classes = differenceClasses(values, "学位缺口之差 Shortfall difference (" +
                                                        secondName + " − " + firstName + ")");
    map.layers.push_back(std::move(towns));
    map.layers.push_back(districtLayer(first, g, false));
    if (request.schools)
        map.layers.push_back(schoolLayer(v, request));
    addSelection(map, v, second, g, request);
    return map;
}

} // namespace xw::viewer
