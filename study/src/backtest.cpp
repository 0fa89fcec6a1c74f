#include <xw/study/backtest.hpp>
#include <xw/study/study.hpp>

#include "detail/table_builder.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

namespace xw::study {
namespace fs = std::filesystem;
using namespace detail;

namespace {

std::vector<core::ObservedEnrolment> townTotals(const std::vector<core::ObservedEnrolment>& rows) {
    std::map<std::tuple<int, std::string, int>, double> sums;
    for (const auto& o : rows)
        sums[{o.year, o.townCode, core::stageIndex(o.stage)}] += o.students;
    std::vector<core::ObservedEnrolment> out;
    out.reserve(sums.size());
    for (const auto& [key, students] : sums)
        out.push_back({std::get<0>(key), std::get<1>(key),
                       static_cast<core::Stage>(std::get<2>(key)), 0, students});
    return out;
}

core::Cell percentOrNull(double projected, double observed) {
    return observed > 0.0 ? core::Cell(100.0 * (projected - observed) / observed) : core::Cell();
}

} // namespace

BackTestResults backTest(const fs::path& earlierDir, const std::vector<fs::path>& laterDirs,
                         const scenarios::Assumptions& assumptions,
                         const core::Progress& progress) {
    BackTestResults out;
    progress.report("load", 0, static_cast<std::int64_t>(laterDirs.size() + 1));
    // Loading counts datasets here: each Study::open only polls the cancel flag.
    const core::Progress cancelOnly({}, progress.cancelFlag());
    Study earlier = Study::open(earlierDir, cancelOnly);
    progress.report("load", 1, static_cast<std::int64_t>(laterDirs.size() + 1));
    const core::CityData& city = earlier.city();
    out.earlierName = city.name;
    out.earlierYear = city.baseYear;
    out.diagnostics = earlier.diagnostics();
    std::vector<core::ObservedEnrolment> byGrade;
    for (const fs::path& dir : laterDirs) {
        const Study later = Study::open(dir, cancelOnly);
        const core::CityData& lc = later.city();
        for (const auto& d : later.diagnostics())
            out.diagnostics.push_back(d);
        if (lc.baseYear <= city.baseYear)
            throw StudyError("较晚数据集 " + dir.string() + " 的基准年 " +
                             std::to_string(lc.baseYear) + " 须晚于较早数据集 " +
                             earlierDir.string() + " 的基准年 " + std::to_string(city.baseYear) +
                             " / the later dataset " + dir.string() + " has base year " +
                             std::to_string(lc.baseYear) + ", which must be after the base year " +
                             std::to_string(city.baseYear) + " of the earlier dataset " +
                             earlierDir.string());
        if (lc.regions.cityCode != city.regions.cityCode)
            throw StudyError(
                "城市代码不同 / the datasets are of different cities: " + earlierDir.string() +
                " is " + city.regions.cityCode + " (" + city.name + "), " + dir.string() + " is " +
                lc.regions.cityCode + " (" + lc.name + ")");
        if (!out.years.insert(lc.baseYear).second)
            throw StudyError("两个较晚数据集的基准年相同 / two later datasets have the same base "
                             "year " +
                             std::to_string(lc.baseYear) + " (" + dir.string() + ")");
        out.later.emplace_back(lc.name, lc.baseYear);
        progress.throwIfCancelled();
        auto rows = core::observedEnrolment(lc);
        byGrade.insert(byGrade.end(), rows.begin(), rows.end());
        progress.report("load", static_cast<std::int64_t>(out.later.size() + 1),
                        static_cast<std::int64_t>(laterDirs.size() + 1));
    }
    if (out.years.empty())
        throw StudyError("没有较晚的数据集 / no later dataset to compare with");
    const std::vector<core::ObservedEnrolment> byTown = townTotals(byGrade);

    const int popYear = city.population.year != 0 ? city.population.year : city.baseYear;
    StudyConfig sc;
    sc.years = std::make_pair(popYear, *out.years.rbegin());
    const auto years = projectedYears(sc, popYear, std::nullopt);
    out.firstYear = years->first;
    core::ProjectionConfig config;
    config.horizonYear = years->second;
    scenarios::applyAssumptions(assumptions, config);

    progress.report("backtest", 0, 1);
    out.byGrade = core::backTest(city, config, byGrade);
    out.byTown = core::backTest(city, config, byTown);
    for (const auto* r : {&out.byGrade, &out.byTown})
        if (!r->ok()) {
            std::string message = "回测无法进行 / the back-test cannot be made:";
            for (const core::Diagnostic& e : r->errors)
                message += "\n  " + core::toString(e); // as failWith: a front end lists them once
            throw StudyError(message, r->errors);
        }
    out.diagnostics.insert(out.diagnostics.end(), out.byGrade.warnings.begin(),
                           out.byGrade.warnings.end());
    const auto addSummaries = [&](const std::string& level,
                                  const std::vector<core::ObservedEnrolment>& o,
                                  const core::BackTestResult& all) {
        if (out.years.size() > 1)
            for (int y : out.years) {
                std::vector<core::ObservedEnrolment> sub;
                std::copy_if(o.begin(), o.end(), std::back_inserter(sub),
                             [y](const core::ObservedEnrolment& r) { return r.year == y; });
                out.summaries.emplace_back(level + "|" + std::to_string(y),
                                           core::backTest(city, config, sub));
            }
        out.summaries.emplace_back(
            level + "|" +
                (out.years.size() > 1 ? std::string("all") : std::to_string(*out.years.begin())),
            all);
    };
    addSummaries("grade", byGrade, out.byGrade);
    addSummaries("town", byTown, out.byTown);
    for (const auto& t : city.regions.towns)
        out.unitNames[t.code] = t.name;
    for (const auto& d : city.regions.districts)
        out.unitNames[d.code] = d.name;
    progress.report("backtest", 1, 1);
    return out;
}

std::vector<core::Table> backTestTables(const BackTestResults& r) {
    core::Table rows;
    rows.name = "backtest";
    rows.titleZh = "回测明细";
    rows.titleEn = "Back-test rows";
    rows.columns = {
        text("level", "层级", "Level (grade, town)"),
        integer("year", "年份", "Observed year"),
        integer("years_ahead", "预测年数", "Years ahead of the projection's start"),
        text("town_code", "片区代码", "Town (or district) code"),
        text("town_name", "片区", "Town (or district)"),
        text("stage", "学段", "Stage"),
        integer("grade", "年级", "Grade (0: the whole stage)"),
        real("observed", "观测", "Observed pupils", "pupils", 0),
        real("projected_raw", "预测（未校准）", "Projected demand", "children", 3),
        real("projected", "预测", "Projected, calibrated", "pupils", 3),
        real("error", "误差", "Projected − observed", "pupils", 3),
        real("percent_error", "误差百分比", "Error ÷ observed (empty: none observed)", "%", 3)};
    for (const auto* res : {&r.byGrade, &r.byTown})
        for (const core::BackTestRow& row : res->rows) {
            const auto name = r.unitNames.find(row.observed.townCode);
            rows.rows.push_back(
                {cell(res == &r.byGrade ? "grade" : "town"), cell(row.observed.year),
                 cell(row.yearsAhead), cell(row.observed.townCode),
                 cell(name != r.unitNames.end() ? name->second : std::string()),
                 stageCell(row.observed.stage), cell(row.observed.grade),
                 cell(row.observed.students), cell(row.projectedRaw), cell(row.projectedCalibrated),
                 cell(row.error), percentOrNull(row.projectedCalibrated, row.observed.students)});
        }
    core::Table summary;
    summary.name = "backtest_summary";
    summary.titleZh = "回测汇总";
    summary.titleEn = "Back-test summary";
    summary.columns = {
        text("level", "层级", "Level (grade, town)"),
        text("year", "年份", "Observed year, or all"),
        text("stage", "学段", "Stage"),
        integer("rows", "行数", "Rows compared"),
        real("mae", "平均绝对误差", "Mean absolute error", "pupils", 3),
        real("mape_percent", "平均绝对百分比误差",
             "Mean absolute percentage error over rows observed > 0", "%", 3),
        real("observed_total", "观测合计", "Observed total", "pupils", 0),
        real("projected_total", "预测合计", "Projected total", "pupils", 3),
        real("total_error_percent", "合计误差百分比", "Total error ÷ observed", "%", 3)};
    for (const auto& [key, res] : r.summaries) {
        const auto bar = key.find('|');
        for (const core::BackTestStageSummary& s : res.stages)
            summary.rows.push_back({cell(key.substr(0, bar)), cell(key.substr(bar + 1)),
                                    stageCell(s.stage), cell(s.rows), cell(s.meanAbsoluteError),
                                    cell(s.meanAbsolutePercentError), cell(s.totalObserved),
                                    cell(s.totalProjected),
                                    percentOrNull(s.totalProjected, s.totalObserved)});
    }
    return {rows, summary};
}

} // namespace xw::study
