#include <xw/viewer/model/report_builder.hpp>

#include "detail/model_text.hpp"
#include "detail/report_parts.hpp"

#include <xw/study/compare.hpp>
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/model/map_builder.hpp>
#include <xw/viewer/model/year_view.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <type_traits>

namespace xw::viewer {

using core::Stage;
using detail::addComparison;
using detail::addWarnings;
using detail::mapPage;
using detail::percent;
using detail::ReportContext;
using detail::reportRequest;
using detail::townName;
using detail::whole;

study::StudyConfig reportStudyConfig(const study::Study& study,
                                     std::optional<std::pair<int, int>> years, int draws) {
    study::StudyConfig c;
    c.years = years ? *years : study.defaultYears();
    c.allocation.reset();
    c.catchmentShapes = false;
    c.monteCarloDraws = draws;
    return c;
}

namespace {

std::string targetText(const core::Indicator& it) {
    switch (it.comparison) {
    case core::Comparison::AtLeast:
        return "≥ " + percent(it.target);
    case core::Comparison::AtMost:
        return "≤ " + percent(it.target);
    case core::Comparison::Between:
        return percent(it.target) + "–" + percent(it.targetHigh);
    }
    return {};
}

std::string gapText(const core::Indicator& it) {
    if (!it.value || !it.pass || *it.pass)
        return {};
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
    std::snprintf(buf, sizeof buf, "%s %.1f 个百分点 pp %s", shortOf ? "差" : "超", gap * 100.0,
                  shortOf ? "short" : "over");
    return buf;
}

ScorecardPage scorecard(const std::vector<core::AreaIndicators>& areas, int year, int deadline,
                        bool projected) {
    ScorecardPage score;
    score.title = "指标达标情况 Indicator scorecard (" + std::to_string(year) +
                  (projected ? " 预测 projected" : "") + ")";
    for (const auto& area : areas) {
        ScorecardArea a;
        a.name = area.level == "city" ? area.name + "（全市 City）" : area.name;
        for (const auto& it : area.items)
            a.rows.push_back({it.nameZh + " " + it.nameEn, targetText(it),
                              it.value ? percent(*it.value) : std::string("—"), it.pass,
                              gapText(it)});
        score.areas.push_back(std::move(a));
    }
    const bool due = year >= deadline;
    score.caption =
        "目标：阳江市推进教育现代化先进市实施方案（2017），须于 " + std::to_string(deadline) +
        " 年底前达到" + (due ? "（已到期：未达标即未完成）" : "（尚未到期）") +
        "；大班额目标据教育部（2018、2020）；✓ 达标，✗ 未达标，差距以百分点计。Targets: "
        "Yangjiang education modernisation plan (2017), due by the end of " +
        std::to_string(deadline) + (due ? " (due: a fail is a target missed)" : " (not yet due)") +
        "; class-size targets MOE (2018, 2020). Gaps in percentage points.";
    return score;
}

/// City rows of a balance for the stages, one table row each.
void summaryRows(TablePage& t, const std::string& year, const core::SeatBalance& b,
                 const std::vector<Stage>& stages) {
    for (Stage s : stages)
        for (const auto& row : b.city)
            if (row.stage == s)
                t.rows.push_back({year, stageLabel(s), whole(row.demand), whole(row.seats),
                                  whole(row.enrolment), whole(row.shortfall),
                                  whole(row.localShortfallSum), percent(row.utilisation),
                                  whole(row.largeClasses)});
}

LineChart demandChart(const study::StudyResults& r, Stage s) {
    LineChart chart;
    chart.title = stageLabel(s);
    chart.yLabel = "人 / 学位 children / seats";
    ChartSeries demand{"需求 Demand", rgbHex(0xd7301f), false, {}, {}};
    ChartSeries expected{"预计在校生 Expected enrolment", rgbHex(0xfc8d59), true, {}, {}};
    ChartSeries seats{"学位 Seats", rgbHex(0x2166ac), false, {}, {}};
    for (const auto& y : r.years)
        for (const auto& row : y.balance.city)
            if (row.stage == s) {
                demand.x.push_back(y.year);
                demand.y.push_back(row.demand);
                expected.x.push_back(y.year);
                expected.y.push_back(static_cast<double>(row.enrolment));
                seats.x.push_back(y.year);
                seats.y.push_back(static_cast<double>(row.seats));
            }
    chart.series = {demand, expected, seats};
    return chart;
}

/// The title page: dataset, scenarios, years, counts and CRS.
void addTitlePage(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const core::CityData& city = ctx.city;
    const MapGeometry& geometry = ctx.geometry;
    const bool projected = ctx.projected;
    const int lastYear = ctx.lastYear;
    const std::vector<ReportScenario>& scenarios = ctx.scenarios;
    TitlePage title;
    title.title = city.regions.cityName + "学位供需报告";
    title.subtitle = "School places in " + city.regions.cityName + ": supply, demand and targets";
    std::string names;
    for (const auto& s : scenarios)
        names += (names.empty() ? "" : " · ") + s.name;
    title.lines = {"数据集 Dataset: " + r.datasetName,
                   "方案 Scenario" + std::string(scenarios.size() > 1 ? "s" : "") + ": " + names,
                   "基准年 Base year " + std::to_string(r.baseYear) +
                       (projected ? " · 预测至 Projected to " + std::to_string(lastYear) : ""),
                   std::to_string(city.regions.districts.size()) + " 个区县 districts · " +
                       std::to_string(city.regions.towns.size()) + " 个乡镇 towns · " +
                       std::to_string(city.schools.size()) + " 所学校 schools · " +
                       std::to_string(city.housing.size()) + " 个新建小区 housing projects",
                   "坐标系 CRS: " + geometry.crsName};
    if (r.warnings)
        title.lines.push_back(
            "学位预警 Seat warnings: " + std::to_string(r.warnings->result.draws) +
            " 次蒙特卡洛模拟，种子 Monte Carlo draws, seed " +
            std::to_string(r.warnings->result.seed));
    doc.pages.emplace_back(std::move(title));
}

/// The city's balance by stage in the base year and the last projected year.
void addCitySummary(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const bool projected = ctx.projected;
    const int lastYear = ctx.lastYear;
    const std::vector<Stage>& stages = ctx.stages;
    TablePage summary;
    summary.title = "全市学位供需概况 City seat balance by stage";
    summary.columns = {
        {"年份 Year", Align::Left, 0.9},
        {"学段 Stage", Align::Left, 1.6},
        {"需求 Demand", Align::Right, 1.0},
        {"学位 Seats", Align::Right, 1.0},
        {"在校生 Pupils", Align::Right, 1.0},
        {"缺口 Shortfall", Align::Right, 1.0},
        {"分片缺口合计 Short within units", Align::Right, 1.4},
        {"使用率 Utilisation", Align::Right, 1.0},
        {"大班额班数 Classes ≥" + std::to_string(r.city->norms.largeClassMin), Align::Right, 1.1}};
    summaryRows(summary, std::to_string(r.baseYear), r.balance, stages);
    if (projected && lastYear != r.baseYear)
        summaryRows(summary, std::to_string(lastYear) + " 预测 projected", r.years.back().balance,
                    stages);
    summary.caption = "需求 = 适龄常住人口 × 目标入学率；学位 = 班数 × 标准班额；全市缺口 = 需求 − "
                      "学位（为正时）；分片缺口合计为各乡镇（高中、中职、特教为各区县）缺口之和。"
                      "Demand = residents of the age band × target rate; seats = classes × "
                      "standard class size; the city's shortfall nets all areas, the sum of units "
                      "nets none.";
    doc.pages.emplace_back(std::move(summary));
}

/// The indicator scorecards: the base year and, when projected, the targets' deadline year.
void addScorecards(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const core::CityData& city = ctx.city;
    doc.pages.emplace_back(
        scorecard(r.indicators, r.baseYear, city.norms.indicatorTargets.deadlineYear, false));
    if (const study::YearResult* due = r.yearResult(city.norms.indicatorTargets.deadlineYear);
        due != nullptr && due->year != r.baseYear && due->indicators)
        doc.pages.emplace_back(
            scorecard(due->indicators->areas, due->year, due->indicators->deadlineYear, true));
}

/// One shortfall map per stage.
void addShortfallMaps(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const MapGeometry& geometry = ctx.geometry;
    const std::vector<Stage>& stages = ctx.stages;
    for (Stage s : stages) {
        MapRequest req = reportRequest(s);
        req.housing = s == Stage::Kindergarten;
        doc.pages.emplace_back(mapPage(buildMap(r, geometry, req)));
    }
}

/// The towns and districts short of seats in the base year.
void addShortAreas(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const core::CityData& city = ctx.city;
    const std::vector<Stage>& stages = ctx.stages;
    TablePage shortAreas;
    shortAreas.title = "缺学位的乡镇与区县 Towns and districts short of seats (" +
                       std::to_string(r.baseYear) + ")";
    shortAreas.columns = {
        {"学段 Stage", Align::Left, 1.4},         {"区域 Area", Align::Left, 1.6},
        {"层级 Level", Align::Left, 0.9},         {"需求 Demand", Align::Right, 1.0},
        {"学位 Seats", Align::Right, 1.0},        {"缺口 Shortfall", Align::Right, 1.0},
        {"使用率 Utilisation", Align::Right, 1.0}};
    for (Stage s : stages) {
        const bool byDistrict = districtStage(city, s);
        std::vector<const core::AreaStageBalance*> rows;
        for (const auto& row : byDistrict ? r.balance.districts : r.balance.towns)
            if (row.stage == s && std::round(row.shortfall) >= 1.0)
                rows.push_back(&row);
        std::stable_sort(rows.begin(), rows.end(),
                         [](const auto* a, const auto* b) { return a->shortfall > b->shortfall; });
        for (const auto* row : rows)
            shortAreas.rows.push_back({stageLabel(s), row->name,
                                       byDistrict ? "区县 district" : "乡镇 town",
                                       whole(row->demand), whole(row->seats), whole(row->shortfall),
                                       percent(row->utilisation)});
    }
    shortAreas.caption = "幼儿园、小学、初中按乡镇核算，高中、中职、特教按区县核算。 Kindergarten "
                         "and compulsory stages are netted per town, senior, vocational and "
                         "special per district.";
    shortAreas.emptyText = "无缺学位的区域 No area is short of seats";
    doc.pages.emplace_back(std::move(shortAreas));
}

/// Demand, expected enrolment and seats by year, four stages per page.
void addDemandCharts(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const bool projected = ctx.projected;
    const int lastYear = ctx.lastYear;
    const std::vector<Stage>& stages = ctx.stages;
    if (projected) {
        for (std::size_t first = 0; first < stages.size(); first += 4) {
            ChartPage charts;
            charts.title = "需求与学位（按年） Demand and seats by year, " +
                           std::to_string(r.years.front().year) + "–" + std::to_string(lastYear);
            for (std::size_t k = first; k < stages.size() && k < first + 4; ++k)
                charts.charts.push_back(demandChart(r, stages[k]));
            charts.caption =
                "需求 = 适龄常住人口 × 目标入学率；预计在校生按基准年校准；学位 = 班数 × 标准班额，"
                "含方案的新建、扩建、撤并与按期交付的配套幼儿园。 Demand = residents of the age "
                "band × target rate; expected enrolment calibrated on the base year; seats = "
                "classes × standard class size, with the plan's new schools, expansions, "
                "closures and kindergartens of new housing when delivered.";
            doc.pages.emplace_back(std::move(charts));
        }
    }
}

/// The most overcrowded schools of the base year.
void addOvercrowded(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const core::CityData& city = ctx.city;
    const ReportOptions& options = ctx.options;
    TablePage ranked;
    ranked.title = "最拥挤的 " + std::to_string(options.overcrowded) + " 所学校 The " +
                   std::to_string(options.overcrowded) + " most overcrowded schools (" +
                   std::to_string(r.baseYear) + ")";
    ranked.columns = {
        {"排名 Rank", Align::Right, 0.6},
        {"学校 School", Align::Left, 3.0},
        {"学段 Stage", Align::Left, 1.3},
        {"乡镇 Town", Align::Left, 1.4},
        {"班数 Classes", Align::Right, 0.9},
        {"学位 Seats", Align::Right, 0.9},
        {"在校生 Pupils", Align::Right, 0.9},
        {"使用率 Utilisation", Align::Right, 1.1},
        {"大班额班数 Classes ≥" + std::to_string(r.city->norms.largeClassMin), Align::Right, 1.1}};
    std::vector<const core::SchoolStageBalance*> rows;
    for (const auto& row : r.balance.schools)
        if (row.seats > 0)
            rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
        if (a->utilisation != b->utilisation)
            return a->utilisation > b->utilisation;
        return a->enrolment - a->seats > b->enrolment - b->seats;
    });
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(options.overcrowded);
         ++i) {
        const auto* row = rows[i];
        const core::School& s = city.schools[row->schoolIndex];
        ranked.rows.push_back({std::to_string(i + 1), s.name, stageLabel(row->stage),
                               townName(city, s.townCode), whole(row->classes), whole(row->seats),
                               whole(row->enrolment), percent(row->utilisation),
                               whole(row->largeClasses)});
    }
    ranked.caption = "使用率 = 在校生 ÷ 学位；学位 = 班数 × 标准班额。 Utilisation = pupils ÷ "
                     "seats; seats = classes × standard class size.";
    doc.pages.emplace_back(std::move(ranked));
}

/// The housing projects that fail the 配套幼儿园 rule.
void addHousing(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const core::CityData& city = ctx.city;
    TablePage housing;
    housing.title = "配套幼儿园不符合要求的新建小区 Housing projects failing the kindergarten rule";
    housing.columns = {{"项目 Project", Align::Left, 2.0},
                       {"乡镇 Town", Align::Left, 1.3},
                       {"套数 Dwellings", Align::Right, 0.9},
                       {"竣工 Completion", Align::Right, 0.9},
                       {"应配班数 Classes required", Align::Right, 1.1},
                       {"规划班数 Classes planned", Align::Right, 1.1},
                       {"问题 Problems", Align::Left, 3.2}};
    for (const auto& k : r.kindergartens) {
        if (k.problems.empty())
            continue;
        const auto& h = city.housing[k.housingIndex];
        std::string problems;
        for (const auto p : k.problems)
            problems += (problems.empty() ? "" : "；") + std::string(core::problemNameZh(p)) + " " +
                        std::string(core::problemNameEn(p));
        housing.rows.push_back({h.name, townName(city, h.townCode), whole(h.dwellings),
                                std::to_string(h.completionYear), whole(k.classesRequired),
                                whole(k.classesPlanned), problems});
    }
    housing.caption =
        "规则：常住 4,500 人以上的小区须配建 6 班以上幼儿园，每千人 40 个学位，与住宅同步"
        "交付，办成公办或普惠园（广东省 2016；国务院 2019 年 3 号）。 Rule: a "
        "residential area of 4,500+ people reserves a kindergarten of 6+ classes, "
        "40 seats per 1,000 residents, delivered with the housing, run as public or "
        "普惠.";
    housing.emptyText = "无不符合要求的项目 No project fails the rule";
    doc.pages.emplace_back(std::move(housing));
}

} // namespace

namespace detail {

MapPage mapPage(MapDescription map) {
    MapPage page;
    page.title = map.title;
    page.caption = map.subtitle;
    map.title.clear();
    map.subtitle.clear();
    map.note.clear();
    map.sourceNote.clear();
    page.map = std::move(map);
    return page;
}

MapRequest reportRequest(Stage stage) {
    MapRequest req;
    req.stage = stage;
    req.labelMostOvercrowded = 5;
    req.symbolScale = 0.7; // an A4 map is a third of a screen's width: smaller symbols
    req.roads = false;
    return req;
}

} // namespace detail

ReportDocument buildReport(const std::vector<ReportScenario>& scenarios,
                           const ReportOptions& options) {
    if (scenarios.empty() || scenarios.front().results == nullptr)
        throw std::invalid_argument("报告至少需要一个方案的结果 / a report needs the results of at "
                                    "least one scenario");
    const study::StudyResults& r = *scenarios.front().results;
    const core::CityData& city = *r.city;
    const MapGeometry geometry = decodeGeometry(r);
    const bool projected = !r.years.empty();
    const int lastYear = projected ? r.years.back().year : r.baseYear;

    std::vector<Stage> stages = options.stages;
    if (stages.empty())
        for (Stage s : core::kAllStages)
            if (std::any_of(r.balance.schools.begin(), r.balance.schools.end(),
                            [&](const auto& row) { return row.stage == s; }))
                stages.push_back(s);

    ReportDocument doc;
    doc.paper = options.paper;
    doc.orientation = PageOrientation::Landscape;
    doc.title = city.regions.cityName + "学位供需报告 School places report";
    doc.sourceLine = "数据来源 Source: " + r.datasetName + "（" + scenarios.front().file +
                     "），基准年 base year " + std::to_string(r.baseYear) +
                     "；由 Xuewei 学位 计算 computed by Xuewei";
    if (r.illustrativeData)
        doc.illustrativeNote =
            "示意数据：数字为合成数据，非真实统计 Illustrative data: synthesised figures, not "
            "official statistics";

    const ReportContext ctx{scenarios, options, r, city, geometry, projected, lastYear, stages};
    addTitlePage(ctx, doc);
    addCitySummary(ctx, doc);
    addScorecards(ctx, doc);
    addShortfallMaps(ctx, doc);
    addShortAreas(ctx, doc);
    addDemandCharts(ctx, doc);
    addWarnings(ctx, doc);
    addOvercrowded(ctx, doc);
    addHousing(ctx, doc);
    addComparison(ctx, doc);
    return doc;
}

} // namespace xw::viewer
