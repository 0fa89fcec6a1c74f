// The report's pages that look ahead: the 学位预警 (maps and the red and yellow units) and the
// comparison of scenarios; see detail/report_parts.hpp.
#include "detail/report_parts.hpp"

#include <xw/core/projection/monte_carlo.hpp>
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/model/year_view.hpp>

#include <algorithm>
#include <stdexcept>

namespace xw::viewer::detail {

using core::Stage;

namespace {

/// The default warning years: five years after the base year and the last projected year.
std::vector<int> defaultWarningYears(const study::StudyResults& r) {
    std::vector<int> out;
    if (!r.warnings || r.years.empty())
        return out;
    const int last = r.years.back().year;
    if (r.yearResult(r.baseYear + 5) != nullptr && r.baseYear + 5 < last)
        out.push_back(r.baseYear + 5);
    out.push_back(last);
    return out;
}

} // namespace

/// The 学位预警 maps and the table of red and yellow units.
void addWarnings(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const core::CityData& city = ctx.city;
    const MapGeometry& geometry = ctx.geometry;
    const std::vector<Stage>& stages = ctx.stages;
    const ReportOptions& options = ctx.options;
    if (r.warnings) {
        std::vector<int> years =
            options.warningYears.empty() ? defaultWarningYears(r) : options.warningYears;
        for (int y : years)
            if (r.yearResult(y) == nullptr)
                throw std::invalid_argument("预警年份 " + std::to_string(y) +
                                            " 不在预测年份内 / the warning year " +
                                            std::to_string(y) + " is not a projected year");
        std::vector<Stage> wStages = options.warningStages;
        if (wStages.empty())
            for (Stage s : stages)
                if (s == Stage::Kindergarten || s == Stage::Primary || s == Stage::Junior)
                    wStages.push_back(s);
        TablePage units;
        units.title = "学位预警：红色与黄色片区 Seat warnings: red and yellow units";
        units.columns = {{"年份 Year", Align::Left, 0.7},
                         {"学段 Stage", Align::Left, 1.3},
                         {"片区 Unit", Align::Left, 1.4},
                         {"预警 Level", Align::Left, 1.0},
                         {"需求中位数 Demand p50", Align::Right, 1.1},
                         {"学位 Seats", Align::Right, 0.9},
                         {"需求超学位概率 P(demand > seats)", Align::Right, 1.5},
                         {"使用率 Utilisation (p50)", Align::Right, 1.1}};
        for (int y : years)
            for (Stage s : wStages) {
                MapRequest req = reportRequest(s);
                req.year = y;
                req.theme = MapTheme::Warning;
                doc.pages.emplace_back(mapPage(buildMap(r, geometry, req)));
            }
        const core::MonteCarloResult& mc = r.warnings->result;
        for (int y : years)
            for (Stage s : wStages) {
                const bool byDistrict = districtStage(city, s);
                const auto& cells = byDistrict ? mc.districtCells : mc.cells;
                const auto& codes = byDistrict ? mc.districtCodes : mc.townCodes;
                std::vector<const core::WarningCell*> shown;
                for (const auto& c : cells)
                    if (c.year == y && c.stage == s && c.level != core::WarningLevel::Green)
                        shown.push_back(&c);
                std::stable_sort(shown.begin(), shown.end(), [](const auto* a, const auto* b) {
                    if (a->level != b->level)
                        return a->level > b->level;
                    return a->probabilityOverSeats > b->probabilityOverSeats;
                });
                for (const auto* c : shown) {
                    const std::string& code = codes[c->town];
                    std::string name = code;
                    if (byDistrict) {
                        if (const auto d = city.regions.districtIndex(code))
                            name = city.regions.districts[*d].name;
                    } else {
                        name = townName(city, code);
                    }
                    units.rows.push_back({std::to_string(y), stageLabel(s), name,
                                          std::string(core::warningLevelLabel(c->level)),
                                          whole(c->p50), whole(c->seats),
                                          percent(c->probabilityOverSeats, 0),
                                          percent(c->utilisation)});
                }
            }
        units.caption = "红色：需求超过学位的概率 ≥ 阈值或使用率过高；黄色：次之（阈值见 "
                        "docs/projection.md）。 Red: demand exceeds seats with high probability "
                        "or utilisation is far above 100 %; yellow: the lower thresholds.";
        units.emptyText = "所选年份无红色或黄色片区 No red or yellow unit in the years shown";
        doc.pages.emplace_back(std::move(units));
    }
}

/// The comparison of scenarios: table, difference maps and seats by scenario.
void addComparison(const ReportContext& ctx, ReportDocument& doc) {
    const study::StudyResults& r = ctx.r;
    const core::CityData& city = ctx.city;
    const MapGeometry& geometry = ctx.geometry;
    const bool projected = ctx.projected;
    const int lastYear = ctx.lastYear;
    const std::vector<Stage>& stages = ctx.stages;
    const std::vector<ReportScenario>& scenarios = ctx.scenarios;
    if (scenarios.size() > 1) {
        for (const auto& s : scenarios)
            if (s.results == nullptr || s.results->datasetName != r.datasetName ||
                s.results->years.size() != r.years.size())
                throw std::invalid_argument("比较的方案须使用同一数据集和相同年份 / compared "
                                            "scenarios must share the dataset and the years");
        TablePage t;
        t.title = "方案比较（" + std::to_string(lastYear) + " 年） Scenarios compared, " +
                  std::to_string(lastYear);
        t.columns = {{"学段 Stage", Align::Left, 1.4},
                     {"方案 Scenario", Align::Left, 2.0},
                     {"需求 Demand", Align::Right, 1.0},
                     {"学位 Seats", Align::Right, 1.0},
                     {"缺口 Shortfall", Align::Right, 1.0},
                     {"分片缺口合计 Short within units", Align::Right, 1.4},
                     {"与方案 1 之差 vs scenario 1", Align::Right, 1.4}};
        for (Stage st : stages) {
            const core::AreaStageBalance* firstRow = nullptr;
            for (std::size_t k = 0; k < scenarios.size(); ++k) {
                const study::StudyResults& rk = *scenarios[k].results;
                const core::SeatBalance& b = projected ? rk.years.back().balance : rk.balance;
                for (const auto& row : b.city)
                    if (row.stage == st) {
                        if (k == 0)
                            firstRow = &row;
                        t.rows.push_back({stageLabel(st),
                                          std::to_string(k + 1) + " " + scenarios[k].name,
                                          whole(row.demand), whole(row.seats), whole(row.shortfall),
                                          whole(row.localShortfallSum),
                                          k == 0 || firstRow == nullptr
                                              ? std::string("—")
                                              : signedWhole(row.localShortfallSum -
                                                            firstRow->localShortfallSum)});
                    }
            }
        }
        t.caption = "差 = 该方案 − 方案 1 的分片缺口合计；负数表示缺口减少。 Difference = the "
                    "scenario's sum of unit shortfalls − scenario 1's; negative: fewer seats "
                    "short.";
        doc.pages.emplace_back(std::move(t));
        for (std::size_t k = 1; k < scenarios.size(); ++k)
            for (Stage st : stages) {
                if (districtStage(city, st))
                    continue; // netted per district: a town map of differences says little
                MapRequest req = reportRequest(st);
                req.year = lastYear;
                doc.pages.emplace_back(
                    mapPage(buildDifferenceMap(r, *scenarios[k].results, geometry, req,
                                               scenarios.front().name, scenarios[k].name)));
            }
        if (projected) {
            ChartPage charts;
            charts.title = "各方案的学位与需求 Seats and demand by scenario";
            const std::vector<Rgba> colours{rgbHex(0x2166ac), rgbHex(0x1b9e77), rgbHex(0x7570b3),
                                            rgbHex(0xe7298a)};
            for (std::size_t i = 0; i < stages.size() && i < 4; ++i) {
                LineChart chart;
                chart.title = stageLabel(stages[i]);
                chart.yLabel = "人 / 学位 children / seats";
                for (std::size_t k = 0; k < scenarios.size(); ++k) {
                    ChartSeries seats{"学位 Seats: " + scenarios[k].name,
                                      colours[k % colours.size()],
                                      k > 0,
                                      {},
                                      {}};
                    ChartSeries demand{
                        "需求 Demand: " + scenarios[k].name, rgbHex(0xd7301f), k > 0, {}, {}};
                    for (const auto& y : scenarios[k].results->years)
                        for (const auto& row : y.balance.city)
                            if (row.stage == stages[i]) {
                                seats.x.push_back(y.year);
                                seats.y.push_back(static_cast<double>(row.seats));
                                demand.x.push_back(y.year);
                                demand.y.push_back(row.demand);
                            }
                    chart.series.push_back(std::move(seats));
                    if (k == 0)
                        chart.series.push_back(std::move(demand));
                }
                charts.charts.push_back(std::move(chart));
            }
            charts.caption = "虚线为比较方案的学位。 Dashed: the seats of the compared scenarios.";
            doc.pages.emplace_back(std::move(charts));
        }
    }
}

} // namespace xw::viewer::detail
