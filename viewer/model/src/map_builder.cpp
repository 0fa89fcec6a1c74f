#include <xw/viewer/model/map_builder.hpp>

#include "detail/model_text.hpp"

#include <xw/gis/raster_image.hpp>
#include <xw/study/compare.hpp>
#include <xw/viewer/map/classify.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>

namespace xw::viewer {

using core::Stage;
using detail::percent;

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

std::vector<PolygonPart> parts(const gis::AreaGeometry& g) {
    std::vector<PolygonPart> out;
    out.reserve(g.polygons.size());
    for (const auto& p : g.polygons)
        out.push_back({p.rings});
    return out;
}

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

std::vector<Rgba> coloursFor(Palette palette, int k) {
    if (k >= 3)
        return brewerColours(palette, k);
    const auto five = brewerColours(palette, 5);
    return k == 1 ? std::vector<Rgba>{five[3]} : std::vector<Rgba>{five[1], five[3]};
}

/// Utilisation classes, fixed so that maps of different stages and years compare: the middle
/// class 95–105 % matches the 学位预警 utilisation thresholds (core WarningThresholds).
Classification utilisationClasses(const std::string& attribute, const std::string& title) {
    Classification c;
    c.attribute = attribute;
    c.kind = ClassKind::Graduated;
    c.title = title;
    c.method = "固定分级 Fixed classes; 95–105% = 学位预警阈值 warning thresholds";
    const auto colours = brewerColours(Palette::RdBu, 5);
    const std::vector<std::pair<double, double>> bounds = {
        {0.0, 0.8}, {0.8, 0.95}, {0.95, 1.05}, {1.05, 1.2}, {1.2, 1e9}};
    const std::vector<std::string> labels = {"< 80%", "80–95%", "95–105%", "105–120%", "≥ 120%"};
    for (std::size_t i = 0; i < bounds.size(); ++i)
        c.classes.push_back({labels[i], colours[i], bounds[i].first, bounds[i].second, {}});
    c.noDataLabel = "无学位 No seats";
    return c;
}

/// 2SFCA accessibility (seats per child within reach), fixed classes around one seat per child;
/// YlGnBu, so that better-served areas are darker.
Classification accessibilityClasses(const std::string& attribute, const std::string& title) {
    Classification c;
    c.attribute = attribute;
    c.kind = ClassKind::Graduated;
    c.title = title;
    c.method = "固定分级，1 = 每名儿童一个学位 Fixed classes; 1 = one seat per child (2SFCA)";
    const auto colours = brewerColours(Palette::YlGnBu, 5);
    const std::vector<std::pair<double, double>> bounds = {
        {0.0, 0.5}, {0.5, 0.9}, {0.9, 1.1}, {1.1, 1.5}, {1.5, 1e9}};
    const std::vector<std::string> labels = {"< 0.5", "0.5–0.9", "0.9–1.1", "1.1–1.5", "≥ 1.5"};
    for (std::size_t i = 0; i < bounds.size(); ++i)
        c.classes.push_back({labels[i] + " 学位/儿童 seats/child",
                             colours[i],
                             bounds[i].first,
                             bounds[i].second,
                             {}});
    c.noDataLabel = "无儿童 No children";
    return c;
}

/// Shortfall classes: "no shortfall" below one seat, then Jenks natural breaks of the positive
/// whole-seat shortfalls (at most five classes, YlOrRd), rounded to round numbers between
/// classes. Labels give whole seats: 1–119, 120–479, …
Classification shortfallClasses(const std::vector<double>& shortfalls, const std::string& title) {
    Classification c;
    c.attribute = "shortfall";
    c.kind = ClassKind::Graduated;
    c.title = title;
    c.classes.push_back({"无缺口 No shortfall", rgbHex(0xf7f7f7), 0.0, 1.0, {}});
    std::vector<double> positive;
    for (double v : shortfalls)
        if (v >= 1.0)
            positive.push_back(v);
    c.method = "Jenks 自然断点（取整） Natural breaks, rounded";
    if (positive.empty())
        return c;
    std::vector<double> bounds = niceBounds(jenksBounds(positive, 5), positive);
    bounds.front() = 1.0;
    const int k = static_cast<int>(bounds.size()) - 1;
    const std::vector<Rgba> colours = coloursFor(Palette::YlOrRd, k);
    for (int i = 0; i < k; ++i) {
        const double lo = bounds[static_cast<std::size_t>(i)];
        const double hi = bounds[static_cast<std::size_t>(i) + 1];
        const bool last = i + 1 == k;
        const double shownHi = last ? hi : std::ceil(hi) - 1.0;
        std::string label = formatNumber(std::ceil(lo));
        if (shownHi > std::ceil(lo))
            label += "–" + formatNumber(shownHi);
        c.classes.push_back(
            {label + " 个学位 seats", colours[static_cast<std::size_t>(i)], lo, hi, {}});
    }
    return c;
}

/// Diverging classes of a difference in whole seats short: "no change" for 0, then Jenks breaks
/// of |d| mirrored on both sides (RdBu: blue = fewer short in the second scenario, red = more).
Classification differenceClasses(const std::vector<double>& diffs, const std::string& title) {
    Classification c;
    c.attribute = "difference";
    c.kind = ClassKind::Graduated;
    c.title = title;
    c.method = "以 0 为中心，|差| 的 Jenks 自然断点（取整） Centred on 0; natural breaks of "
               "|difference|, rounded";
    std::vector<double> magnitudes;
    for (double v : diffs)
        if (std::abs(v) >= 1.0)
            magnitudes.push_back(std::abs(v));
    // Whole-seat ranges per side: [lo_i, hi_i], from the centre out.
    std::vector<std::pair<double, double>> ranges;
    if (!magnitudes.empty()) {
        std::vector<double> b = niceBounds(jenksBounds(magnitudes, 3), magnitudes);
        b.front() = 1.0;
        for (std::size_t i = 0; i + 1 < b.size(); ++i) {
            const bool last = i + 2 == b.size();
            ranges.emplace_back(std::ceil(b[i]),
                                last ? std::floor(b[i + 1]) : std::ceil(b[i + 1]) - 1.0);
        }
    }
    const int k = static_cast<int>(ranges.size());        // classes per side, 0–3
    const auto colours = brewerColours(Palette::RdBu, 7); // dark blue … white … dark red
    const auto colour = [&](int i, bool more) {
        const int step = 3 - k + i + 1; // the outermost class gets the darkest colour
        return colours[static_cast<std::size_t>(more ? 3 + step : 3 - step)];
    };
    const auto span = [](double lo, double hi, const char* sign) {
        std::string t = sign + formatNumber(lo);
        if (hi > lo)
            t += " … " + std::string(sign) + formatNumber(hi);
        return t;
    };
    for (int i = k - 1; i >= 0; --i) {
        const auto [lo, hi] = ranges[static_cast<std::size_t>(i)];
        c.classes.push_back(
            {span(lo, hi, "−") + " 少缺 fewer short", colour(i, false), -hi - 0.5, -lo + 0.5, {}});
    }
    c.classes.push_back({"0 无变化 No change", rgbHex(0xf7f7f7), -0.5, 0.5, {}});
    for (int i = 0; i < k; ++i) {
        const auto [lo, hi] = ranges[static_cast<std::size_t>(i)];
        c.classes.push_back(
            {span(lo, hi, "+") + " 多缺 more short", colour(i, true), lo - 0.5, hi + 0.5, {}});
    }
    return c;
}

Classification warningClasses() {
    Classification c;
    c.attribute = "warning";
    c.kind = ClassKind::Categorical;
    c.title = "学位预警 Seat warning";
    c.method = "蒙特卡洛：需求超过学位的概率与使用率 Monte Carlo: probability that demand exceeds "
               "seats, and utilisation";
    c.classes = {{"红色 Red", rgbHex(0xd73027), 0, 0, "red"},
                 {"黄色 Yellow", rgbHex(0xfee08b), 0, 0, "yellow"},
                 {"绿色 Green", rgbHex(0x91cf60), 0, 0, "green"}};
    c.noDataLabel = "无学位无需求 No seats, no demand";
    return c;
}

SymbolStyle schoolSymbols(double maxSeats) {
    SymbolStyle s;
    s.shapeAttribute = "stage";
    const std::array<SymbolShape, core::kStageCount> shapes = {
        SymbolShape::Circle,  SymbolShape::Square,  SymbolShape::Triangle,
        SymbolShape::Diamond, SymbolShape::Hexagon, SymbolShape::Star};
    for (Stage st : core::kAllStages)
        s.shapes.push_back({std::string(core::stageCode(st)),
                            shapes[static_cast<std::size_t>(core::stageIndex(st))],
                            stageLabel(st)});
    s.sizeAttribute = "seats";
    // The largest size at a round number just above the largest school.
    double top = 100.0;
    while (top < maxSeats)
        top *= top < 1000 ? 2.0 : 1.5;
    top = roundestBetween(top * 0.8, top);
    s.sizeValueAtMax = top;
    s.sizeMinPt = 3.5;
    s.sizeMaxPt = 15.0;
    s.sizeLegendValues = {roundestBetween(top * 0.15, top * 0.3),
                          roundestBetween(top * 0.4, top * 0.6), top};
    s.sizeLegendUnit = "学位 seats";
    s.markAttribute = "large_classes";
    s.markLabel = "有大班额（≥56人）Has classes of 56+";
    s.markColour = rgbHex(0x000000);
    return s;
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
    schools.style.symbol = schoolSymbols(maxSeats);
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
    const core::CityData& city = *v.city;
    const Stage stage = request.stage;
    const bool byDistrict = districtStage(city, stage) && request.theme != MapTheme::Accessibility;
    const std::string stageZh(core::stageNameZh(stage));
    const std::string stageEn(core::stageNameEn(stage));
    const std::string year = std::to_string(v.year);
    MapDescription map = frame(r, g, request);

    // Towns: the theme's choropleth, unless it is drawn by district.
    MapLayer towns;
    towns.id = "towns";
    towns.title = "乡镇 Towns";
    towns.kind = LayerKind::Polygons;
    towns.style.stroke = {rgbHex(0x8c8c8c), 0.4, false};
    towns.style.labelSizePt = 7.5;
    std::map<std::string, const core::AreaStageBalance*> townRow;
    for (const auto& row : v.balance->towns)
        if (row.stage == stage)
            townRow[row.code] = &row;
    std::map<std::string, const core::AreaAllocation*> townAllocation;
    if (const core::AllocationResult* a = v.allocationOf(stage))
        for (const auto& t : a->towns)
            townAllocation[t.code] = &t;
    std::vector<double> shortfalls;
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
            shortfalls.push_back(std::round(it->second->shortfall));
        }
        if (const auto it = townAllocation.find(f.id); it != townAllocation.end())
            if (it->second->demand > 0)
                f.attributes["accessibility"] = it->second->meanAccessibility;
        if (const core::WarningCell* w = warningCell(r, f.id, stage, v.year);
            w != nullptr && !byDistrict)
            f.attributes["warning"] = std::string(core::warningLevelCode(w->level));
        towns.features.push_back(std::move(f));
    }
    MapLayer districts = districtLayer(r, g, request.theme == MapTheme::Indicators || byDistrict);
    std::map<std::string, const core::AreaStageBalance*> districtRow;
    for (const auto& row : v.balance->districts)
        if (row.stage == stage)
            districtRow[row.code] = &row;
    std::vector<double> districtShortfalls;
    for (auto& f : districts.features) {
        if (const auto it = districtRow.find(f.id); it != districtRow.end()) {
            setBalanceAttributes(f, *it->second);
            districtShortfalls.push_back(std::round(it->second->shortfall));
        }
        if (const core::WarningCell* w = warningCell(r, f.id, stage, v.year);
            w != nullptr && byDistrict)
            f.attributes["warning"] = std::string(core::warningLevelCode(w->level));
    }
    const auto plainTowns = [&] {
        towns.style.fill = rgbHex(0xffffff);
        towns.inLegend = false;
    };
    const std::string unitZh = byDistrict ? "区县" : "乡镇";
    const std::string unitEn = byDistrict ? "district" : "town";
    MapLayer& choropleth = byDistrict ? districts : towns;
    if (byDistrict) {
        plainTowns();
        districts.style.fillOpacity = 0.9;
        for (auto& f : towns.features)
            f.labelPriority *= 0.5;
    }
    switch (request.theme) {
    case MapTheme::Shortfall:
        map.title = city.regions.cityName + " " + stageZh + "学位缺口（" + year + " 年）";
        map.subtitle = stageEn + " seat shortfall by " + unitEn + ", " + yearText(v) +
                       " · 缺口 = 需求 − 学位（为正时） shortfall = demand − seats where positive" +
                       scenarioSuffix(request);
        choropleth.style.classes =
            shortfallClasses(byDistrict ? districtShortfalls : shortfalls,
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
        plainTowns();
        for (auto& f : towns.features)
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
        for (auto& f : districts.features) {
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
        districts.style.classes = c;
        districts.style.fillOpacity = 0.9;
        break;
    }
    case MapTheme::Accessibility: {
        if (townAllocation.empty())
            throw std::invalid_argument("研究没有 " + year + " 年" + stageZh +
                                        "的学位分配，无法显示可达性 / the study has no " + stageEn +
                                        " allocation for " + year + ": no accessibility");
        map.title = city.regions.cityName + " " + stageZh + "学位可达性（" + year + " 年）";
        map.subtitle = stageEn + " accessibility by town: 2SFCA seats per child within reach, " +
                       "averaged over the town's children, " + yearText(v) +
                       scenarioSuffix(request);
        towns.style.classes =
            accessibilityClasses("accessibility", "乡镇平均可达性 Town mean accessibility (2SFCA)");
        break;
    }
    }

    if (request.grid != GridLayer::None) {
        // The grid covers the towns: outlines only, so the legend lists only what shows.
        map.layers.push_back(gridLayer(r, stage, request.grid));
        if (!v.baseYear)
            map.subtitle += " · 格网为基准年 grid: base year";
        towns.style.classes.reset();
        towns.style.fill = {0, 0, 0, 0};
        towns.inLegend = false;
        if (byDistrict) {
            districts.style.classes.reset();
            districts.style.fill = {0, 0, 0, 0};
        }
    }
    map.layers.push_back(std::move(towns));
    map.layers.push_back(std::move(districts));
    addBasemap(map, r.workingCrs, request);

    if (request.zones && !g.zones.empty()) {
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
        map.layers.push_back(std::move(zones));
    }
    if (request.catchments && r.allocation && v.baseYear) {
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
        for (std::size_t k = 0; k < r.allocation->catchments.size() && k < g.catchments.size();
             ++k) {
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
    MapLayer towns;
    towns.id = "towns";
    towns.title = "乡镇 Towns";
    towns.kind = LayerKind::Polygons;
    towns.style.stroke = {rgbHex(0x8c8c8c), 0.4, false};
    towns.style.labelSizePt = 7.5;
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
