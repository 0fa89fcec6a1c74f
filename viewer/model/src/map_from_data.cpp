#include <xw/viewer/model/map_from_data.hpp>

#include <xw/core/projection/monte_carlo.hpp>
#include <xw/gis/raster_image.hpp>
#include <xw/scenarios/norms_file.hpp>
#include <xw/viewer/map/classify.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <stdexcept>

namespace xw::viewer {

namespace {

using core::Stage;

std::string stageLabel(Stage s) {
    return std::string(core::stageNameZh(s)) + " " + std::string(core::stageNameEn(s));
}

std::string percent(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f%%", decimals, v * 100.0);
    return buf;
}

bool illustrative(const ViewerData& d) {
    const std::string& n = d.data.city.name;
    return n.find("示意") != std::string::npos || n.find("llustrative") != std::string::npos;
}

std::vector<PolygonPart> parts(const gis::AreaGeometry& g) {
    std::vector<PolygonPart> out;
    out.reserve(g.polygons.size());
    for (const auto& p : g.polygons)
        out.push_back({p.rings});
    return out;
}

Extent cityExtent(const ViewerData& d) {
    Extent e;
    bool any = false;
    for (const auto& g : d.districts.empty() ? d.towns : d.districts)
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
    std::vector<Rgba> colours;
    if (k >= 3) {
        colours = brewerColours(Palette::YlOrRd, k);
    } else {
        const auto five = brewerColours(Palette::YlOrRd, 5);
        colours = k == 1 ? std::vector<Rgba>{five[3]} : std::vector<Rgba>{five[1], five[3]};
    }
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

std::string townName(const core::CityData& c, const std::string& code) {
    const auto i = c.regions.townIndex(code);
    return i ? c.regions.towns[*i].name : code;
}

std::string housingStatus(const core::KindergartenCheck& k) {
    if (!k.required && k.problems.empty())
        return "not_required";
    if (k.problems.empty())
        return "complies";
    return std::string(core::problemNameEn(k.problems.front()));
}

MapLayer housingLayer(const ViewerData& d) {
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
    for (const auto& k : d.kindergartens) {
        const auto& h = d.data.city.housing[k.housingIndex];
        MapFeature f;
        f.id = h.id;
        f.point = h.location;
        f.attributes["kindergarten"] = housingStatus(k);
        f.attributes["dwellings"] = static_cast<double>(h.dwellings);
        layer.features.push_back(std::move(f));
    }
    return layer;
}

MapLayer districtOutlines(const ViewerData& d, bool labelled) {
    MapLayer layer;
    layer.id = "districts";
    layer.title = "区县界 District boundary";
    layer.kind = LayerKind::Polygons;
    layer.style.stroke = {rgbHex(0x252525), 1.4, false};
    layer.style.labelSizePt = 10.0;
    layer.style.labelBold = true;
    for (std::size_t i = 0; i < d.districts.size(); ++i) {
        MapFeature f;
        f.id = d.data.districtShapes[i].code;
        f.polygons = parts(d.districts[i]);
        f.labelAnchor = d.districts[i].inside;
        if (labelled) {
            const auto di = d.data.city.regions.districtIndex(f.id);
            f.label = di ? d.data.city.regions.districts[*di].name : f.id;
            f.labelPriority = 2e9;
        }
        layer.features.push_back(std::move(f));
    }
    return layer;
}

} // namespace

ViewerData loadViewerData(const std::filesystem::path& folder, int horizonYear) {
    ViewerData d;
    d.folder = folder;
    d.data = gis::loadDataset(folder);
    if (d.data.normsFile)
        d.data.city.norms = scenarios::loadNorms(*d.data.normsFile, core::Norms::defaults());
    const core::CityData& city = d.data.city;
    d.balance = core::computeSeatBalance(city);
    d.indicators = core::computeIndicators(city);
    d.kindergartens = core::checkKindergartens(city);
    core::ProjectionConfig config;
    config.horizonYear = horizonYear;
    d.projection = core::project(city, config);
    if (!d.projection.ok()) {
        std::string all;
        for (const auto& e : d.projection.errors)
            all += (all.empty() ? "" : "; ") + e;
        throw std::runtime_error("预测失败 / the projection failed: " + all);
    }
    for (int y = d.projection.firstYear; y <= d.projection.lastYear; ++y)
        d.years.push_back(core::computeSeatBalanceForYear(city, d.projection, y));
    for (const auto& s : d.data.townShapes)
        d.towns.push_back(gis::decodeArea(s.wkb));
    for (const auto& s : d.data.districtShapes)
        d.districts.push_back(gis::decodeArea(s.wkb));
    for (const auto& z : d.data.zones)
        d.zones.push_back(gis::decodeArea(z.wkb));
    d.crsName = gis::crsDisplayName(d.data.workingCrs);
    return d;
}

MapLayer demandGridLayer(const gis::DemandGrid& grid) {
    MapLayer layer;
    layer.id = "demand_grid";
    layer.title = "需求点 Demand points";
    layer.kind = LayerKind::Grid;
    layer.grid.cellMeters = grid.cellMeters;
    layer.grid.centres.reserve(grid.points.size());
    layer.grid.values.reserve(grid.points.size());
    for (const auto& p : grid.points) {
        layer.grid.centres.push_back(p.location);
        layer.grid.values.push_back(p.weight);
    }
    Classification c;
    c.attribute = "weight";
    c.title = "每格权重 Weight per " + formatNumber(grid.cellMeters) + " m cell (" +
              gis::weightingCode(grid.weighting) + ")";
    c.method = "五分位 Quintiles";
    std::vector<double> bounds = quantileBounds(layer.grid.values, 5);
    if (bounds.size() < 2)
        bounds = {0.0, 1.0};
    const int k = static_cast<int>(bounds.size()) - 1;
    std::vector<Rgba> colours;
    if (k >= 3) {
        colours = brewerColours(Palette::Blues, k);
    } else {
        const auto five = brewerColours(Palette::Blues, 5);
        colours = k == 1 ? std::vector<Rgba>{five[3]} : std::vector<Rgba>{five[1], five[3]};
    }
    c.classes =
        graduatedClasses(bounds, colours, [](double v) { return formatNumber(v, v < 10 ? 2 : 0); });
    layer.style.classes = c;
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

MapDescription buildMap(const ViewerData& d, const MapRequest& request) {
    const core::CityData& city = d.data.city;
    MapDescription map;
    map.widthPx = request.widthPx;
    map.heightPx = request.heightPx;
    map.dpi = request.dpi;
    map.extent = cityExtent(d);
    map.crsNote = "坐标系 CRS: " + d.crsName;
    map.sourceNote =
        "数据来源 Source: " + city.name + "，基准年 base year " + std::to_string(city.baseYear);
    if (illustrative(d))
        map.note = "示意数据，非真实统计 Illustrative data, not official statistics";
    const Stage stage = request.stage;
    const std::string year = std::to_string(d.balance.year);

    // Towns: the theme's choropleth (or plain outlines for the district theme).
    MapLayer towns;
    towns.id = "towns";
    towns.title = "乡镇 Towns";
    towns.kind = LayerKind::Polygons;
    towns.style.stroke = {rgbHex(0x8c8c8c), 0.4, false};
    towns.style.labelSizePt = 7.5;
    std::vector<double> shortfalls;
    for (std::size_t t = 0; t < d.towns.size(); ++t) {
        MapFeature f;
        f.id = d.data.townShapes[t].code;
        f.polygons = parts(d.towns[t]);
        f.labelAnchor = d.towns[t].inside;
        const auto ti = city.regions.townIndex(f.id);
        f.label = ti ? city.regions.towns[*ti].name : f.id;
        for (const auto& row : d.balance.towns) {
            if (row.code != f.id || row.stage != stage)
                continue;
            const double shortfall = std::round(row.shortfall);
            f.attributes["shortfall"] = shortfall;
            f.attributes["demand"] = row.demand;
            f.attributes["seats"] = static_cast<double>(row.seats);
            if (row.utilisation)
                f.attributes["utilisation"] = *row.utilisation;
            f.labelPriority = row.residentsInBand; // larger towns are labelled first
            shortfalls.push_back(shortfall);
        }
        towns.features.push_back(std::move(f));
    }
    switch (request.theme) {
    case MapTheme::Shortfall:
        map.title = city.regions.cityName + " " + std::string(core::stageNameZh(stage)) +
                    "学位缺口（" + year + " 年）";
        map.subtitle = std::string(core::stageNameEn(stage)) + " seat shortfall by town, " + year +
                       " · 缺口 = 需求 − 学位（为正时） shortfall = demand − seats where positive";
        towns.style.classes = shortfallClasses(
            shortfalls, std::string(core::stageNameZh(stage)) + "学位缺口 " +
                            std::string(core::stageNameEn(stage)) + " seat shortfall");
        break;
    case MapTheme::Utilisation:
        map.title = city.regions.cityName + " " + std::string(core::stageNameZh(stage)) +
                    "学位使用率（" + year + " 年）";
        map.subtitle = std::string(core::stageNameEn(stage)) +
                       " seat utilisation by town (enrolment ÷ seats), " + year;
        towns.style.classes = utilisationClasses("utilisation", "乡镇学位使用率 Town utilisation");
        break;
    case MapTheme::IndicatorsFailed:
        map.title = city.regions.cityName + " 各区县未达标指标数（" + year + " 年）";
        map.subtitle = "Seed-plan indicators not met, by district, " + year;
        towns.style.fill = rgbHex(0xffffff);
        towns.inLegend = false;
        for (auto& f : towns.features)
            f.label.clear();
        break;
    }
    if (request.grid != nullptr) {
        // The grid covers the towns: outlines only, so the legend lists only what shows.
        towns.style.classes.reset();
        towns.style.fill = {0, 0, 0, 0};
        towns.inLegend = false;
        map.layers.push_back(demandGridLayer(*request.grid)); // under the outlines
    }
    map.layers.push_back(std::move(towns));

    if (request.theme == MapTheme::IndicatorsFailed) {
        MapLayer districts = districtOutlines(d, true);
        Classification c;
        c.attribute = "failed";
        c.title = "未达标指标数 Indicators not met";
        c.method = "固定分级 Fixed classes";
        const auto colours = brewerColours(Palette::YlOrRd, 4);
        c.classes = {{"0 全部达标 All met", colours[0], 0, 1, {}},
                     {"1–2", colours[1], 1, 3, {}},
                     {"3–5", colours[2], 3, 6, {}},
                     {"≥ 6", colours[3], 6, 1e9, {}}};
        for (auto& f : districts.features)
            for (const auto& area : d.indicators)
                if (area.level == "district" && area.code == f.id) {
                    double failed = 0;
                    for (const auto& item : area.items)
                        failed += item.pass && !*item.pass ? 1 : 0;
                    f.attributes["failed"] = failed;
                    f.label += "（" + formatNumber(failed) + "）";
                }
        districts.style.classes = c;
        districts.style.fillOpacity = 0.9;
        map.layers.push_back(std::move(districts));
    } else {
        map.layers.push_back(districtOutlines(d, false));
    }

    if (request.basemap) {
        gis::RasterImageRequest r;
        r.extent = {map.extent.minX, map.extent.minY, map.extent.maxX, map.extent.maxY};
        const double aspect = map.extent.width() / map.extent.height();
        r.width = std::min(4096, std::max(256, request.widthPx));
        r.height = std::max(1, static_cast<int>(std::lround(r.width / aspect)));
        r.workingCrs = d.data.workingCrs;
        const gis::RasterImage img = gis::readRasterImage(*request.basemap, r);
        RasterBasemap b;
        b.width = img.width;
        b.height = img.height;
        b.rgba = img.rgba;
        b.extent = map.extent;
        b.opacity = 0.6; // under translucent choropleths
        b.attribution = "底图 Basemap: " + request.basemap->filename().string();
        map.basemap = std::move(b);
        for (auto& l : map.layers)
            if (l.id == "towns")
                l.style.fillOpacity = 0.75;
    }

    if (request.zones && !d.zones.empty()) {
        MapLayer zones;
        zones.id = "zones";
        zones.title = "学区 Attendance zones";
        zones.kind = LayerKind::Polygons;
        zones.style.stroke = {rgbHex(0x542788), 0.8, true};
        for (std::size_t z = 0; z < d.zones.size(); ++z) {
            MapFeature f;
            f.id = d.data.zones[z].schoolId;
            f.polygons = parts(d.zones[z]);
            zones.features.push_back(std::move(f));
        }
        map.layers.push_back(std::move(zones));
    }
    if (request.roads != nullptr)
        map.layers.push_back(roadLayer(*request.roads));
    if (request.housing)
        map.layers.push_back(housingLayer(d));

    if (request.schools) {
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
        for (const auto& row : d.balance.schools)
            if (row.stage == stage) {
                rows.push_back(&row);
                maxSeats = std::max(maxSeats, static_cast<double>(row.seats));
            }
        schools.style.symbol = schoolSymbols(maxSeats);
        schools.style.symbol.sizeMinPt *= request.symbolScale;
        schools.style.symbol.sizeMaxPt *= request.symbolScale;
        schools.style.classes = utilisationClasses(
            "utilisation", "学校使用率（在校生÷学位） School utilisation (enrolment ÷ seats)");
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
        for (std::size_t i = 0;
             i < ranked.size() &&
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
            f.attributes["stage"] = std::string(core::stageCode(stage));
            f.attributes["seats"] = static_cast<double>(r->seats);
            if (r->utilisation)
                f.attributes["utilisation"] = *r->utilisation;
            f.attributes["large_classes"] = static_cast<double>(r->largeClasses);
            if (const auto it = labelled.find(r->schoolIndex); it != labelled.end()) {
                f.label = s.name;
                f.labelPriority = it->second;
            }
            schools.features.push_back(std::move(f));
        }
        map.layers.push_back(std::move(schools));
    }
    return map;
}

ReportDocument sampleReport(const ViewerData& d, Paper paper) {
    const core::CityData& city = d.data.city;
    ReportDocument doc;
    doc.paper = paper;
    doc.orientation = PageOrientation::Landscape;
    doc.title = city.regions.cityName + "学位供需报告 School places report";
    doc.sourceLine = "数据来源 Source: " + city.name + "（" + d.folder.filename().string() +
                     "），基准年 base year " + std::to_string(city.baseYear) +
                     "；由 Xuewei 学位 计算 computed by Xuewei";
    if (illustrative(d))
        doc.illustrativeNote =
            "示意数据：数字为合成数据，非真实统计 Illustrative data: synthesised figures, not "
            "official statistics";

    TitlePage title;
    title.title = city.regions.cityName + "学位供需报告";
    title.subtitle = "School places in " + city.regions.cityName + ": supply, demand and targets";
    title.lines = {"数据集 Dataset: " + city.name,
                   "基准年 Base year " + std::to_string(city.baseYear) + " · 预测至 Projected to " +
                       std::to_string(d.projection.lastYear),
                   std::to_string(city.regions.districts.size()) + " 个区县 districts · " +
                       std::to_string(city.regions.towns.size()) + " 个乡镇 towns · " +
                       std::to_string(city.schools.size()) + " 所学校 schools · " +
                       std::to_string(city.housing.size()) + " 个新建小区 housing projects",
                   "坐标系 CRS: " + d.crsName};
    doc.pages.emplace_back(std::move(title));

    // Scorecard.
    ScorecardPage score;
    score.title = "指标达标情况 Indicator scorecard (" + std::to_string(city.baseYear) + ")";
    for (const auto& area : d.indicators) {
        ScorecardArea a;
        a.name = area.level == "city" ? area.name + "（全市 City）" : area.name;
        for (const auto& it : area.items) {
            ScorecardRow r;
            r.indicator = it.nameZh + " " + it.nameEn;
            switch (it.comparison) {
            case core::Comparison::AtLeast:
                r.target = "≥ " + percent(it.target);
                break;
            case core::Comparison::AtMost:
                r.target = "≤ " + percent(it.target);
                break;
            case core::Comparison::Between:
                r.target = percent(it.target) + "–" + percent(it.targetHigh);
                break;
            }
            r.value = it.value ? percent(*it.value) : "—";
            r.pass = it.pass;
            if (it.value && it.pass && !*it.pass) {
                const double v = *it.value;
                double gap = 0.0;
                bool shortOf = true;
                switch (it.comparison) {
                case core::Comparison::AtLeast:
                    gap = it.target - v;
                    break;
                case core::Comparison::AtMost:
                    gap = v - it.target;
                    shortOf = false;
                    break;
                case core::Comparison::Between:
                    shortOf = v < it.target;
                    gap = shortOf ? it.target - v : v - it.targetHigh;
                    break;
                }
                char buf[96];
                std::snprintf(buf, sizeof buf, "%s %.1f 个百分点 pp %s", shortOf ? "差" : "超",
                              gap * 100.0, shortOf ? "short" : "over");
                r.gap = buf;
            }
            a.rows.push_back(std::move(r));
        }
        score.areas.push_back(std::move(a));
    }
    score.caption = "目标：阳江市推进教育现代化先进市实施方案（2017），大班额目标据教育部（2018、"
                    "2020）；✓ 达标，✗ 未达标，差距以百分点计。Targets: Yangjiang education "
                    "modernisation plan (2017); class-size targets MOE (2018, 2020). Gaps in "
                    "percentage points.";
    doc.pages.emplace_back(std::move(score));

    // Shortfall maps.
    for (Stage s : {Stage::Kindergarten, Stage::Primary, Stage::Junior}) {
        MapRequest req;
        req.stage = s;
        req.labelMostOvercrowded = 5;
        req.symbolScale = 0.7; // an A4 map is a third of a screen's width: smaller symbols
        req.housing = s == Stage::Kindergarten;
        MapPage page;
        MapDescription map = buildMap(d, req);
        page.title = map.title;
        page.caption = map.subtitle;
        map.title.clear();
        map.subtitle.clear();
        map.note.clear();       // the page footer carries it
        map.sourceNote.clear(); // likewise
        page.map = std::move(map);
        doc.pages.emplace_back(std::move(page));
    }
    {
        MapRequest req;
        req.theme = MapTheme::IndicatorsFailed;
        req.schools = false;
        MapPage page;
        MapDescription map = buildMap(d, req);
        page.title = map.title;
        page.caption = map.subtitle;
        map.title.clear();
        map.subtitle.clear();
        map.note.clear();
        map.sourceNote.clear();
        page.map = std::move(map);
        doc.pages.emplace_back(std::move(page));
    }

    // Demand against seats by year.
    ChartPage charts;
    charts.title = "需求与学位（按年） Demand and seats by year";
    for (Stage s : {Stage::Kindergarten, Stage::Primary, Stage::Junior, Stage::Senior}) {
        LineChart chart;
        chart.title = stageLabel(s);
        chart.yLabel = "人 / 学位 children / seats";
        ChartSeries demand{"需求 Demand", rgbHex(0xd7301f), false, {}, {}};
        ChartSeries expected{"预计在校生 Expected enrolment", rgbHex(0xfc8d59), true, {}, {}};
        ChartSeries seats{"学位 Seats", rgbHex(0x2166ac), false, {}, {}};
        for (const auto& y : d.years)
            for (const auto& row : y.city)
                if (row.stage == s) {
                    demand.x.push_back(y.year);
                    demand.y.push_back(row.demand);
                    expected.x.push_back(y.year);
                    expected.y.push_back(static_cast<double>(row.enrolment));
                    seats.x.push_back(y.year);
                    seats.y.push_back(static_cast<double>(row.seats));
                }
        chart.series = {demand, expected, seats};
        charts.charts.push_back(std::move(chart));
    }
    charts.caption = "需求 = 适龄常住人口 × 目标入学率；预计在校生按基准年校准；学位 = 班数 × "
                     "标准班额，含按期交付的配套幼儿园。 Demand = residents of the age band × "
                     "target rate; expected enrolment calibrated on the base year; seats = classes "
                     "× standard class size, plus planned kindergartens when delivered.";
    doc.pages.emplace_back(std::move(charts));

    // The 20 most overcrowded schools.
    TablePage ranked;
    ranked.title = "最拥挤的 20 所学校 The 20 most overcrowded schools (" +
                   std::to_string(city.baseYear) + ")";
    ranked.columns = {{"排名 Rank", Align::Right, 0.6},
                      {"学校 School", Align::Left, 3.0},
                      {"学段 Stage", Align::Left, 1.3},
                      {"乡镇 Town", Align::Left, 1.4},
                      {"班数 Classes", Align::Right, 0.9},
                      {"学位 Seats", Align::Right, 0.9},
                      {"在校生 Pupils", Align::Right, 0.9},
                      {"使用率 Utilisation", Align::Right, 1.1},
                      {"大班额班数 Classes ≥56", Align::Right, 1.1}};
    std::vector<const core::SchoolStageBalance*> rows;
    for (const auto& r : d.balance.schools)
        if (r.seats > 0)
            rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
        if (a->utilisation != b->utilisation)
            return a->utilisation > b->utilisation;
        return a->enrolment - a->seats > b->enrolment - b->seats;
    });
    for (std::size_t i = 0; i < rows.size() && i < 20; ++i) {
        const auto* r = rows[i];
        const core::School& s = city.schools[r->schoolIndex];
        ranked.rows.push_back({std::to_string(i + 1), s.name, stageLabel(r->stage),
                               townName(city, s.townCode),
                               formatNumber(static_cast<double>(r->classes)),
                               formatNumber(static_cast<double>(r->seats)),
                               formatNumber(static_cast<double>(r->enrolment)),
                               r->utilisation ? percent(*r->utilisation) : std::string("n/a"),
                               formatNumber(static_cast<double>(r->largeClasses))});
    }
    ranked.caption = "使用率 = 在校生 ÷ 学位；学位 = 班数 × 标准班额。 Utilisation = pupils ÷ "
                     "seats; seats = classes × standard class size.";
    doc.pages.emplace_back(std::move(ranked));

    // Housing projects failing the 配套幼儿园 rule.
    TablePage housing;
    housing.title = "配套幼儿园不符合要求的新建小区 Housing projects failing the kindergarten rule";
    housing.columns = {{"项目 Project", Align::Left, 2.0},
                       {"乡镇 Town", Align::Left, 1.3},
                       {"套数 Dwellings", Align::Right, 0.9},
                       {"竣工 Completion", Align::Right, 0.9},
                       {"应配班数 Classes required", Align::Right, 1.1},
                       {"规划班数 Classes planned", Align::Right, 1.1},
                       {"问题 Problems", Align::Left, 3.2}};
    for (const auto& k : d.kindergartens) {
        if (k.problems.empty())
            continue;
        const auto& h = city.housing[k.housingIndex];
        std::string problems;
        for (const auto p : k.problems)
            problems += (problems.empty() ? "" : "；") + std::string(core::problemNameZh(p)) + " " +
                        std::string(core::problemNameEn(p));
        housing.rows.push_back({h.name, townName(city, h.townCode), formatNumber(h.dwellings),
                                std::to_string(h.completionYear), formatNumber(k.classesRequired),
                                formatNumber(k.classesPlanned), problems});
    }
    housing.caption =
        "规则：常住 4,500 人以上的小区须配建 6 班以上幼儿园，每千人 40 个学位，与住宅同步"
        "交付，办成公办或普惠园（广东省 2016；国务院 2019 年 3 号）。 Rule: a "
        "residential area of 4,500+ people reserves a kindergarten of 6+ classes, "
        "40 seats per 1,000 residents, delivered with the housing, run as public or "
        "普惠.";
    housing.emptyText = "无不符合要求的项目 No project fails the rule";
    doc.pages.emplace_back(std::move(housing));
    return doc;
}

} // namespace xw::viewer
