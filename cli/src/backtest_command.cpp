#include "backtest_command.hpp"

#include "commands.hpp"
#include "report.hpp"
#include "text_table.hpp"

#include <xw/gis/writer.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <system_error>
#include <tuple>

namespace xw::cli {
namespace {

namespace fs = std::filesystem;
using core::Stage;

/// Warnings printed in full; the rest are counted.
constexpr std::size_t kWarningsShown = 5;

std::string integer(double v) {
    return fmt::format("{:.0f}", std::round(v));
}

/// 100 · (projected − observed) / observed, or empty text when nothing was observed.
std::string percentOrEmpty(double projected, double observed, int decimals) {
    return observed > 0.0 ? fixed(100.0 * (projected - observed) / observed, decimals)
                          : std::string();
}

/// A later dataset's observations, and the whole-stage sums per town (grade 0).
struct Observations {
    std::vector<core::ObservedEnrolment> byGrade;
    std::vector<core::ObservedEnrolment> byTown;
};

std::vector<core::ObservedEnrolment> townTotals(const std::vector<core::ObservedEnrolment>& rows) {
    std::map<std::tuple<int, std::string, int>, double> sums;
    for (const auto& o : rows)
        sums[{o.year, o.townCode, core::stageIndex(o.stage)}] += o.students;
    std::vector<core::ObservedEnrolment> out;
    for (const auto& [key, students] : sums)
        out.push_back({std::get<0>(key), std::get<1>(key), static_cast<Stage>(std::get<2>(key)), 0,
                       students});
    return out;
}

void printMessages(const std::vector<std::string>& messages, const char* label) {
    for (std::size_t i = 0; i < messages.size() && i < kWarningsShown; ++i)
        std::cerr << label << messages[i] << "\n";
    if (messages.size() > kWarningsShown)
        std::cerr << fmt::format("{}… 另有 {} 条 and {} more\n", label,
                                 messages.size() - kWarningsShown,
                                 messages.size() - kWarningsShown);
}

} // namespace

fs::path earlierSnapshotDir(const fs::path& dir, int year) {
    fs::path d = dir.lexically_normal();
    if (d.filename().empty())
        d = d.parent_path();
    return d.parent_path() / (d.filename().string() + "-" + std::to_string(year));
}

fs::path defaultEarlierDataDir() {
    return earlierSnapshotDir(defaultDataDir());
}

int backTestCommand(const BackTestOptions& options) {
    const fs::path fromDir = options.fromDir.value_or(defaultEarlierDataDir());
    const std::vector<fs::path> toDirs =
        options.toDirs.empty() ? std::vector<fs::path>{defaultDataDir()} : options.toDirs;

    std::cerr << fmt::format("[1/4] 读取较早数据集 Loading the earlier dataset {} …\n",
                             fromDir.string());
    const auto earlier = load(fromDir);
    if (!earlier)
        return kExitBadInput;
    const core::CityData& city = earlier->data.city;
    std::cout << summaryLine(*earlier);

    std::cerr << "[2/4] 读取较晚数据集 Loading the later datasets …\n";
    Observations obs;
    std::set<int> years;
    for (const fs::path& dir : toDirs) {
        const auto later = load(dir);
        if (!later)
            return kExitBadInput;
        const core::CityData& lc = later->data.city;
        std::cout << summaryLine(*later);
        if (lc.baseYear <= city.baseYear) {
            std::cerr << fmt::format(
                "错误 error: 较晚数据集 {0} 的基准年 {1} 须晚于较早数据集 {2} 的基准年 {3} / the "
                "later dataset {0} has base year {1}, which must be after the base year {3} of "
                "the earlier dataset {2}\n",
                dir.string(), lc.baseYear, fromDir.string(), city.baseYear);
            return kExitBadInput;
        }
        if (lc.regions.cityCode != city.regions.cityCode) {
            std::cerr << fmt::format("错误 error: 城市代码不同 / the datasets are of different "
                                     "cities: {} is {} ({}), {} is {} ({})\n",
                                     fromDir.string(), city.regions.cityCode, city.name,
                                     dir.string(), lc.regions.cityCode, lc.name);
            return kExitBadInput;
        }
        if (!years.insert(lc.baseYear).second) {
            std::cerr << fmt::format("错误 error: 两个较晚数据集的基准年相同 / two later datasets "
                                     "have the same base year {} ({})\n",
                                     lc.baseYear, dir.string());
            return kExitBadInput;
        }
        auto rows = core::observedEnrolment(lc);
        obs.byGrade.insert(obs.byGrade.end(), rows.begin(), rows.end());
    }
    obs.byTown = townTotals(obs.byGrade);

    ProjectionOptions po = options.projection;
    const int popYear = city.population.year != 0 ? city.population.year : city.baseYear;
    po.years = std::make_pair(popYear, *years.rbegin());
    const ProjectionSetup setup = makeProjectionConfig(city, po);
    if (!setup.error.empty()) {
        std::cerr << "错误 error: " << setup.error << "\n";
        return kExitBadInput;
    }

    std::cerr << fmt::format("[3/4] 回测: {}–{} 年预测对比观测 Back-test: projecting {}–{} and "
                             "comparing with the observed enrolment …\n",
                             setup.firstYear, setup.lastYear, setup.firstYear, setup.lastYear);
    const core::BackTestResult byGrade = core::backTest(city, setup.config, obs.byGrade);
    const core::BackTestResult byTown = core::backTest(city, setup.config, obs.byTown);
    printMessages(byGrade.warnings, "警告 warning: ");
    if (!byGrade.ok() || !byTown.ok()) {
        for (const auto& e : byGrade.ok() ? byTown.errors : byGrade.errors)
            std::cerr << "错误 error: " << e << "\n";
        return kExitBadInput;
    }
    // Per year too when several later datasets are given.
    std::vector<std::pair<std::string, core::BackTestResult>> summaries;
    auto addSummaries = [&](const std::string& level, const std::vector<core::ObservedEnrolment>& o,
                            const core::BackTestResult& all) {
        if (years.size() > 1)
            for (int y : years) {
                std::vector<core::ObservedEnrolment> sub;
                std::copy_if(o.begin(), o.end(), std::back_inserter(sub),
                             [y](const core::ObservedEnrolment& r) { return r.year == y; });
                summaries.emplace_back(level + "|" + std::to_string(y),
                                       core::backTest(city, setup.config, sub));
            }
        summaries.emplace_back(
            level + "|" + (years.size() > 1 ? std::string("all") : std::to_string(*years.begin())),
            all);
    };
    addSummaries("grade", obs.byGrade, byGrade);
    addSummaries("town", obs.byTown, byTown);

    // Rows are towns, or districts for stages compared county-wide (core::backTest).
    std::map<std::string, std::string> townName;
    for (const auto& t : city.regions.towns)
        townName[t.code] = t.name;
    for (const auto& d : city.regions.districts)
        townName[d.code] = d.name;

    // ---- terminal ----
    std::cout << fmt::format(
        "\n== 回测 Back-test: {} 年数据预测至 {} 年, 对比观测在校生 / projected from {} to {}, "
        "against the enrolment observed in {} ==\n"
        "误差 = 预测(按 {} 年校准) − 观测; MAE 平均绝对误差 (人), MAPE 平均绝对百分比误差 "
        "(观测 > 0 的行) / error = projected (calibrated on {}) − observed\n",
        setup.firstYear, setup.lastYear, setup.firstYear, setup.lastYear, fmt::join(years, ", "),
        setup.firstYear, setup.firstYear);
    TextTable table({"学段 Stage", "年份 Year", "行 Rows", "MAE 年级", "MAPE 年级", "MAE 镇街",
                     "MAPE 镇街", "观测 Observed", "预测 Projected", "差 Diff"},
                    {false, false, true, true, true, true, true, true, true, true});
    for (const auto& [key, r] : summaries) {
        if (key.rfind("grade|", 0) != 0)
            continue;
        const std::string when = key.substr(6);
        const auto townIt = std::find_if(summaries.begin(), summaries.end(),
                                         [&](const auto& s) { return s.first == "town|" + when; });
        if (key != summaries.front().first)
            table.addRule(); // between years
        for (const core::BackTestStageSummary& s : r.stages) {
            const core::BackTestStageSummary* t = nullptr;
            if (townIt != summaries.end())
                for (const auto& ts : townIt->second.stages)
                    if (ts.stage == s.stage)
                        t = &ts;
            table.addRow({std::string(core::stageNameZh(s.stage)), when, std::to_string(s.rows),
                          fixed(s.meanAbsoluteError, 1), fixed(s.meanAbsolutePercentError, 1) + "%",
                          t ? fixed(t->meanAbsoluteError, 1) : "",
                          t ? fixed(t->meanAbsolutePercentError, 1) + "%" : "",
                          integer(s.totalObserved), integer(s.totalProjected),
                          percentOrEmpty(s.totalProjected, s.totalObserved, 1) + "%"});
        }
    }
    std::cout << table.render();

    const int lastYear = *years.rbegin();
    std::cout << fmt::format("\n{} 年误差最大的片区 Units (towns; districts for county-wide "
                             "stages) with the largest error in {} (全学段 "
                             "whole stage):\n",
                             lastYear, lastYear);
    TextTable worst(
        {"学段 Stage", "片区 Unit", "观测 Observed", "预测 Projected", "误差 Error", "误差 %"},
        {false, false, true, true, true, true});
    for (Stage st : core::kAllStages) {
        std::vector<const core::BackTestRow*> rows;
        for (const auto& row : byTown.rows)
            if (row.observed.stage == st && row.observed.year == lastYear)
                rows.push_back(&row);
        std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
            return std::abs(a->error) > std::abs(b->error);
        });
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(options.worstTowns);
             ++i) {
            const auto& r = *rows[i];
            worst.addRow({std::string(core::stageNameZh(st)), townName[r.observed.townCode],
                          integer(r.observed.students), integer(r.projectedCalibrated),
                          fmt::format("{:+.0f}", r.error),
                          percentOrEmpty(r.projectedCalibrated, r.observed.students, 1)});
        }
        if (!rows.empty())
            worst.addRule();
    }
    std::cout << worst.render();

    // ---- files ----
    std::cerr << fmt::format("[4/4] 写出结果 Writing results to {} …\n", options.outDir.string());
    CsvTable rows{{"level", "year", "years_ahead", "town_code", "town_name", "stage", "grade",
                   "observed", "projected_raw", "projected", "error", "percent_error"},
                  {}};
    for (const auto* r : {&byGrade, &byTown})
        for (const core::BackTestRow& row : r->rows)
            rows.rows.push_back(
                {r == &byGrade ? "grade" : "town", std::to_string(row.observed.year),
                 std::to_string(row.yearsAhead), row.observed.townCode,
                 townName[row.observed.townCode], std::string(core::stageCode(row.observed.stage)),
                 std::to_string(row.observed.grade), fixed(row.observed.students, 0),
                 fixed(row.projectedRaw, 3), fixed(row.projectedCalibrated, 3), fixed(row.error, 3),
                 percentOrEmpty(row.projectedCalibrated, row.observed.students, 3)});
    CsvTable summary{{"level", "year", "stage", "rows", "mae", "mape_percent", "observed_total",
                      "projected_total", "total_error_percent"},
                     {}};
    for (const auto& [key, r] : summaries) {
        const auto bar = key.find('|');
        for (const core::BackTestStageSummary& s : r.stages)
            summary.rows.push_back(
                {key.substr(0, bar), key.substr(bar + 1), std::string(core::stageCode(s.stage)),
                 std::to_string(s.rows), fixed(s.meanAbsoluteError, 3),
                 fixed(s.meanAbsolutePercentError, 3), fixed(s.totalObserved, 0),
                 fixed(s.totalProjected, 3), percentOrEmpty(s.totalProjected, s.totalObserved, 3)});
    }
    try {
        createOutputFolder(options.outDir);
        gis::writeCsv(options.outDir / "backtest.csv", rows.header, rows.rows);
        gis::writeCsv(options.outDir / "backtest_summary.csv", summary.header, summary.rows);
    } catch (const gis::GisError& e) {
        std::cerr << "错误 error: " << e.what() << "\n";
        return kExitBadInput;
    }
    std::cout << fmt::format("\n已写出 Written: {0}/backtest.csv, {0}/backtest_summary.csv\n",
                             options.outDir.string());
    return kExitOk;
}

} // namespace xw::cli
