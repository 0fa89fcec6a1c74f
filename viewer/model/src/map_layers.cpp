#include "detail/map_layers.hpp"

#include "detail/map_classes.hpp"

#include <xw/gis/raster_image.hpp>
#include <xw/viewer/map/classify.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace xw::viewer::detail {

using core::Stage;

std::vector<PolygonPart> parts(const gis::AreaGeometry& g) {
    std::vector<PolygonPart> out;
    out.reserve(g.polygons.size());
    for (const auto& p : g.polygons)
        out.push_back({p.rings});
    return out;
}

MapLayer townsLayer() {
    MapLayer towns;
    towns.id = "towns";
    towns.title = "乡镇 Towns";
    towns.kind = LayerKind::Polygons;
    towns.style.stroke = {rgbHex(0x8c8c8c), 0.4, false};
    towns.style.labelSizePt = 7.5;
    return towns;
}

std::string housingStatus(const core::KindergartenCheck& k) {
    if (!k.required && k.problems.empty())
        return "not_required";
    if (k.problems.empty())
        return "complies";
    return std::string(core::problemNameEn(k.problems.front()));
}

MapLayer housingLayer(const study::StudyResults& r) {
    MapLayer layer;
    layer.id = "housing";
    layer.title = "新建小区 Housing projects";
    layer.kind = LayerKind::Points;
    // The most severe problem first: core lists them in the order Missing, TooSmall, Late,
    // NotPublic.
    Classification c;
    c.attribute = "kindergarten";
    c.kind = ClassKind::Categorical;
    c.title = "新建小区配套幼儿园 Housing: planned kindergarten";
    const std::vector<std::pair<core::KindergartenProblem, std::uint32_t>> problems = {
        {core::KindergartenProblem::Missing, 0xd73027},
        {core::KindergartenProblem::TooSmall, 0xfc8d59},
        {core::KindergartenProblem::Late, 0xfee090},
        {core::KindergartenProblem::NotPublic, 0x91bfdb}};
    for (const auto& [p, hex] : problems)
        c.classes.push_back(
            {std::string(core::problemNameZh(p)) + " " + std::string(core::problemNameEn(p)),
             rgbHex(hex), 0, 0, std::string(core::problemNameEn(p))});
    c.classes.push_back({"符合要求 Complies", rgbHex(0x4575b4), 0, 0, "complies"});
    c.classes.push_back(
        {"规模以下不要求 Below the threshold", rgbHex(0xe0e0e0), 0, 0, "not_required"});
    layer.style.classes = c;
    layer.style.symbol.shape = SymbolShape::House;
    layer.style.symbol.sizePt = 8.0;
    layer.style.stroke = {rgbHex(0x252525), 0.5, false};
    for (const auto& k : r.kindergartens) {
        const auto& h = r.city->housing[k.housingIndex];
        MapFeature f;
        f.id = h.id;
        f.point = h.location;
        f.attributes["kindergarten"] = housingStatus(k);
        f.attributes["dwellings"] = static_cast<double>(h.dwellings);
        layer.features.push_back(std::move(f));
    }
    return layer;
}

MapLayer districtLayer(const study::StudyResults& r, const MapGeometry& g, bool labelled) {
    MapLayer layer;
    layer.id = "districts";
    layer.title = "区县界 District boundary";
    layer.kind = LayerKind::Polygons;
    layer.style.stroke = {rgbHex(0x252525), 1.4, false};
    layer.style.labelSizePt = 10.0;
    layer.style.labelBold = true;
    const core::Regions& regions = r.city->regions;
    for (std::size_t i = 0; i < g.districts.size() && i < r.districtShapes.size(); ++i) {
        MapFeature f;
        f.id = r.districtShapes[i].code;
        f.polygons = parts(g.districts[i]);
        f.labelAnchor = g.districts[i].inside;
        const auto di = regions.districtIndex(f.id);
        f.attributes["name"] = di ? regions.districts[*di].name : f.id;
        if (labelled) {
            f.label = di ? regions.districts[*di].name : f.id;
            f.labelPriority = 2e9;
        }
        layer.features.push_back(std::move(f));
    }
    return layer;
}

/// Area figures of one balance row as feature attributes (tooltips and tests read them).
void setBalanceAttributes(MapFeature& f, const core::AreaStageBalance& row) {
    f.attributes["shortfall"] = std::round(row.shortfall);
    f.attributes["demand"] = row.demand;
    f.attributes["seats"] = static_cast<double>(row.seats);
    f.attributes["enrolment"] = static_cast<double>(row.enrolment);
    if (row.utilisation)
        f.attributes["utilisation"] = *row.utilisation;
}

std::string yearText(const YearView& v) {
    return std::to_string(v.year) + (v.baseYear ? "" : " 预测 projected");
}

MapLayer gridLayer(const study::StudyResults& r, Stage stage, GridLayer which) {
    MapLayer layer;
    layer.kind = LayerKind::Grid;
    if (!r.allocation)
        throw std::invalid_argument("研究没有学位分配，无法画需求点或可达性格网 / the study has no "
                                    "allocation: no demand points or accessibility grid to draw");
    const study::StageAllocation* sa = nullptr;
    for (const auto& s : r.allocation->stages)
        if (s.problem.stage == stage)
            sa = &s;
    layer.grid.cellMeters = r.allocation->gridMeters;
    if (sa == nullptr)
        return layer; // no school of the stage: nothing allocated
    const auto& points = sa->problem.points;
    layer.grid.centres.reserve(points.size());
    layer.grid.values.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (which == GridLayer::Demand && points[i].demand <= 0)
            continue;
        layer.grid.centres.push_back(points[i].location);
        layer.grid.values.push_back(
            which == GridLayer::Demand
                ? static_cast<double>(points[i].demand)
                : (i < sa->result.accessibility.size() ? sa->result.accessibility[i] : 0.0));
    }
    if (which == GridLayer::Accessibility) {
        layer.id = "accessibility_grid";
        layer.title = "可达性 Accessibility (2SFCA)";
        layer.style.classes = accessibilityClasses(
            "accessibility", "需求点可达性（2SFCA） Accessibility per demand point (" +
                                 formatNumber(r.allocation->gridMeters) + " m)");
    } else {
        layer.id = "demand_grid";
        layer.title = "需求点 Demand points";
        Classification c;
        c.attribute = "demand";
        c.title = "每格儿童 Children per " + formatNumber(r.allocation->gridMeters) + " m cell (" +
                  gis::weightingCode(r.allocation->weighting) + ")";
        c.method = "五分位 Quintiles";
        std::vector<double> bounds = quantileBounds(layer.grid.values, 5);
        if (bounds.size() < 2)
            bounds = {0.0, 1.0};
        const int k = static_cast<int>(bounds.size()) - 1;
        c.classes = graduatedClasses(bounds, coloursFor(Palette::Blues, k),
                                     [](double v) { return formatNumber(v, v < 10 ? 1 : 0); });
        layer.style.classes = c;
    }
    layer.style.fillOpacity = 0.85;
    return layer;
}

MapLayer roadLayer(const gis::RoadNetwork& roads) {
    MapLayer layer;
    layer.id = "roads";
    layer.title = "道路 Roads";
    layer.kind = LayerKind::Lines;
    layer.style.stroke = {rgbHex(0x969696), 0.5, false};
    MapFeature f;
    f.id = roads.source;
    f.lines.reserve(roads.segments.size());
    for (const auto& s : roads.segments)
        f.lines.push_back({roads.vertices[s.a], roads.vertices[s.b]});
    layer.features.push_back(std::move(f));
    return layer;
}

/// The stage's schools of the year's city as symbols sized by seats and coloured by utilisation.
MapLayer schoolLayer(const YearView& v, const MapRequest& request) {
    const core::CityData& city = *v.city;
    const Stage stage = request.stage;
    MapLayer schools;
    schools.id = "schools";
    schools.title = std::string(core::stageNameZh(stage)) + "学校 " +
                    std::string(core::stageNameEn(stage)) + " schools";
    schools.kind = LayerKind::Points;
    schools.style.labelSizePt = 7.0;
    schools.style.labelColour = rgbHex(0x08306b);
    schools.style.stroke = {rgbHex(0x252525), 0.4, false};
    double maxSeats = 0;
    std::vector<const core::SchoolStageBalance*> rows;
    for (const auto& row : v.balance->schools)
        if (row.stage == stage) {
            rows.push_back(&row);
            maxSeats = std::max(maxSeats, static_cast<double>(row.seats));
        }
    schools.style.symbol = schoolSymbols(maxSeats, city.norms.largeClassMin);
    schools.style.symbol.sizeMinPt *= request.symbolScale;
    schools.style.symbol.sizeMaxPt *= request.symbolScale;
    schools.style.classes = utilisationClasses(
        "utilisation", v.baseYear
                           ? "学校使用率（在校生÷学位） School utilisation (enrolment ÷ seats)"
                           : "学校使用率（预计在校生÷学位） School utilisation (projected "
                             "enrolment ÷ seats)");
    // The most overcrowded schools are labelled (utilisation, then excess pupils, then id).
    std::vector<const core::SchoolStageBalance*> ranked;
    for (const auto* r : rows)
        if (r->seats > 0)
            ranked.push_back(r);
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto* a, const auto* b) {
        if (a->utilisation != b->utilisation)
            return a->utilisation > b->utilisation;
        return a->enrolment - a->seats > b->enrolment - b->seats;
    });
    std::map<std::size_t, double> labelled; // school index → priority
    for (std::size_t i = 0; i < ranked.size() &&
                            i < static_cast<std::size_t>(std::max(0, request.labelMostOvercrowded));
         ++i)
        labelled[ranked[i]->schoolIndex] = 1e9 - static_cast<double>(i);
    for (std::size_t k = 0; k < request.selectedSchools.size(); ++k)
        for (const auto* r : rows)
            if (city.schools[r->schoolIndex].id == request.selectedSchools[k])
                labelled[r->schoolIndex] = 3e9 - static_cast<double>(k);
    for (const auto* r : rows) {
        const core::School& s = city.schools[r->schoolIndex];
        MapFeature f;
        f.id = s.id;
        f.point = s.location;
        f.attributes["name"] = s.name;
        f.attributes["stage"] = std::string(core::stageCode(stage));
        f.attributes["seats"] = static_cast<double>(r->seats);
        f.attributes["enrolment"] = static_cast<double>(r->enrolment);
        f.attributes["classes"] = static_cast<double>(r->classes);
        if (r->utilisation)
            f.attributes["utilisation"] = *r->utilisation;
        f.attributes["large_classes"] = static_cast<double>(r->largeClasses);
        if (const auto it = labelled.find(r->schoolIndex); it != labelled.end()) {
            f.label = s.name;
            f.labelPriority = it->second;
        }
        schools.features.push_back(std::move(f));
    }
    return schools;
}

/// Rings around the selected schools and housing, a thick outline around the selected town.
void addSelection(MapDescription& map, const YearView& v, const study::StudyResults& r,
                  const MapGeometry& g, const MapRequest& request) {
    const Rgba highlight = rgbHex(0x00e5ff);
    if (!request.selectedTown.empty()) {
        MapLayer town;
        town.id = "selected_town";
        town.title = "选中的乡镇 Selected town";
        town.kind = LayerKind::Polygons;
        town.inLegend = false;
        town.style.stroke = {highlight, 2.5, false};
        for (std::size_t t = 0; t < r.townShapes.size() && t < g.towns.size(); ++t)
            if (r.townShapes[t].code == request.selectedTown) {
                MapFeature f;
                f.id = r.townShapes[t].code;
                f.polygons = parts(g.towns[t]);
                town.features.push_back(std::move(f));
            }
        if (!town.features.empty())
            map.layers.push_back(std::move(town));
    }
    MapLayer ring;
    ring.id = "selection";
    ring.title = "选中 Selected";
    ring.kind = LayerKind::Points;
    ring.inLegend = false;
    ring.style.fill = {0, 0, 0, 0};
    ring.style.stroke = {highlight, 2.5, false};
    ring.style.symbol.shape = SymbolShape::Circle;
    ring.style.symbol.sizePt = 18.0;
    ring.style.symbol.outline = highlight;
    for (const std::string& id : request.selectedSchools)
        for (const core::School& s : v.city->schools)
            if (s.id == id) {
                MapFeature f;
                f.id = s.id;
                f.point = s.location;
                ring.features.push_back(std::move(f));
            }
    if (!request.selectedHousing.empty())
        for (const core::HousingProject& h : r.city->housing)
            if (h.id == request.selectedHousing) {
                MapFeature f;
                f.id = h.id;
                f.point = h.location;
                ring.features.push_back(std::move(f));
            }
    if (!ring.features.empty())
        map.layers.push_back(std::move(ring));
}

void addBasemap(MapDescription& map, const std::string& workingCrs, const MapRequest& request) {
    if (!request.basemap)
        return;
    gis::RasterImageRequest q;
    q.extent = {map.extent.minX, map.extent.minY, map.extent.maxX, map.extent.maxY};
    const double aspect = map.extent.width() / map.extent.height();
    q.width = std::min(4096, std::max(256, request.widthPx));
    q.height = std::max(1, static_cast<int>(std::lround(q.width / aspect)));
    q.workingCrs = workingCrs;
    const gis::RasterImage img = gis::readRasterImage(*request.basemap, q);
    RasterBasemap b;
    b.width = img.width;
    b.height = img.height;
    b.rgba = img.rgba;
    b.extent = map.extent;
    b.opacity = 0.6; // under translucent choropleths
    b.attribution = "底图 Basemap: " + request.basemap->filename().string();
    map.basemap = std::move(b);
    for (auto& l : map.layers)
        if (l.id == "towns" || l.id == "districts")
            l.style.fillOpacity = 0.75;
}

MapDescription frame(const study::StudyResults& r, const MapGeometry& g, const MapRequest& req) {
    MapDescription map;
    map.widthPx = req.widthPx;
    map.heightPx = req.heightPx;
    map.dpi = req.dpi;
    map.extent = req.extent && req.extent->valid() ? *req.extent : g.cityExtent;
    map.crsNote = "坐标系 CRS: " + g.crsName;
    map.sourceNote =
        "数据来源 Source: " + r.datasetName + "，基准年 base year " + std::to_string(r.baseYear);
    if (r.illustrativeData)
        map.note = "示意数据，非真实统计 Illustrative data, not official statistics";
    return map;
}

std::string scenarioSuffix(const MapRequest& req) {
    return req.scenarioName.empty() ? std::string() : " · 方案 Scenario: " + req.scenarioName;
}

MapLayer zonesLayer(const study::StudyResults& r, const MapGeometry& g) {
    MapLayer zones;
    zones.id = "zones";
    zones.title = "学区 Attendance zones";
    zones.kind = LayerKind::Polygons;
    zones.style.stroke = {rgbHex(0x542788), 0.8, true};
    for (std::size_t z = 0; z < g.zones.size() && z < r.zones.size(); ++z) {
        MapFeature f;
        f.id = r.zones[z].schoolId;
        f.polygons = parts(g.zones[z]);
        zones.features.push_back(std::move(f));
    }
    return zones;
}

void addCatchments(MapDescription& map, const study::StudyResults& r, const MapGeometry& g,
                   const MapRequest& request) {
    const Stage stage = request.stage;
    MapLayer c;
    c.id = "catchments";
    c.title = "服务范围（计算） Computed catchments";
    c.kind = LayerKind::Polygons;
    c.style.stroke = {rgbHex(0x6a51a3), 0.7, false};
    MapLayer chosen;
    chosen.id = "selected_catchment";
    chosen.title = "选中学校的服务范围 Catchment of the selected school";
    chosen.kind = LayerKind::Polygons;
    chosen.style.fill = rgbHex(0x9e9ac8);
    chosen.style.fillOpacity = 0.45;
    chosen.style.stroke = {rgbHex(0x3f007d), 2.0, false};
    for (std::size_t k = 0; k < r.allocation->catchments.size() && k < g.catchments.size(); ++k) {
        const gis::CatchmentShape& shape = r.allocation->catchments[k];
        if (shape.stage != stage || shape.schoolIndex >= r.city->schools.size())
            continue;
        MapFeature f;
        f.id = r.city->schools[shape.schoolIndex].id;
        f.polygons = parts(g.catchments[k]);
        f.attributes["cells"] = static_cast<double>(shape.cells);
        const bool selected =
            std::find(request.selectedSchools.begin(), request.selectedSchools.end(), f.id) !=
            request.selectedSchools.end();
        (selected ? chosen : c).features.push_back(std::move(f));
    }
    map.layers.push_back(std::move(c));
    if (!chosen.features.empty())
        map.layers.push_back(std::move(chosen));
}

} // namespace xw::viewer::detail
