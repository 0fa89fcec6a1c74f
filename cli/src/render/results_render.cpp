// Terminal tables of the allocation, the years, the 学位预警 and the back-test.
#include "render/render.hpp"
#include "text_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace xw::cli {
namespace {

using core::Stage;

bool byDistrict(const core::CityData& city, Stage s) {
    return city.norms[s].catchment == core::CatchmentLevel::District;
}

std::string percentOrEmpty(double projected, double observed) {
    return observed > 0.0 ? fmt::format("{:.1f}", 100.0 * (projected - observed) / observed)
                          : std::string();
}

} // namespace

std::string renderAllocation(const study::StudyResults& r, const std::vector<Stage>& stages,
                             bool verbose) {
    if (!r.allocation)
        return "";
    const study::AllocationResults& a = *r.allocation;
    std::string out;
    for (const auto& n : a.notes)
        out += "  " + n + "\n";
    for (const study::StageAllocation& s : a.stages) {
        const core::AllocationResult& res = s.result;
        if (!stages.empty() && std::find(stages.begin(), stages.end(), res.stage) == stages.end())
            continue;
        out += fmt::format("\n-- {} {} ({}) --\n", core::stageNameZh(res.stage),
                           core::stageNameEn(res.stage), core::allocationModeCode(res.mode));
        TextTable t({"区域 Area", "需求 Demand", "已分配 Assigned", "未安置 Unplaced",
                     "超出服务半径 Beyond radius", "超额 Over seats", "无学位 Without seat",
                     "富余 Surplus", "可达性 2SFCA"},
                    {false, true, true, true, true, true, true, true, true});
        const auto row = [&](const core::AreaAllocation& x) {
            t.addRow({x.name.empty() ? x.code : x.name, std::to_string(x.demand),
                      std::to_string(x.assigned), std::to_string(x.unplaced),
                      std::to_string(x.beyondRadius), std::to_string(x.overCapacity),
                      std::to_string(x.childrenWithoutSeat), std::to_string(x.surplus),
                      std::isfinite(x.meanAccessibility)
                          ? fmt::format("{:.2f}", x.meanAccessibility)
                          : std::string("—")});
        };
        for (const auto& d : res.districts)
            row(d);
        t.addRule();
        row(res.city);
        out += t.render();
        const double mean = res.city.assigned > 0
                                ? res.totalDistanceMeters / static_cast<double>(res.city.assigned)
                                : 0.0;
        out += fmt::format("  平均上学距离 mean home–school distance {:.0f} m", mean);
        if (res.city.assigned > 0 && s.problem.metersPerMinute > 0.0) {
            const auto share = [&](std::int64_t n) {
                return 100.0 * static_cast<double>(n) / static_cast<double>(res.city.assigned);
            };
            out += fmt::format("; 5/10/15 分钟内 within 5/10/15 min {:.0f} / {:.0f} / {:.0f} %",
                               share(res.city.withinMinutes[0]), share(res.city.withinMinutes[1]),
                               share(res.city.withinMinutes[2]));
        }
        if (res.city.crossingBarrier > 0)
            out += fmt::format("; 穿越障碍 crossing a barrier {}", res.city.crossingBarrier);
        if (verbose && res.transport)
            out +=
                fmt::format("; 总距离 total {:.2f} m; 求解目标 solver objective {:.2f} m "
                            "(整厘米计, 含未安置罚分 {:.0f} m/人 / whole centimetres, with the "
                            "penalty for unplaced children); 对偶证书差 dual certificate gap {}",
                            res.totalDistanceMeters, res.transport->objectiveMeters,
                            s.problem.config.unplacedPenaltyMeters, res.transport->optimalityGap);
        out += "\n";
    }
    out +=
        "\n未安置 = 无学区 (zones) / 服务半径内无学校 (nearest) / 无空余学位 (optimal); 无学位 = "
        "超额 + 未安置; 可达性 = 2SFCA 每名儿童可及学位, 按服务半径内有学校的儿童加权平均 (— = "
        "半径内无学校)。\n"
        "Unplaced = no zone (zones) / no school within the service radius (nearest) / no seat "
        "left (optimal); without seat = children above seats + unplaced; accessibility = 2SFCA "
        "seats per child, weighted by the children with a school within their radius (— = "
        "none has one).\n";
    out += a.odTable ? std::string("距离: 数据集的 OD 表 / distance: the dataset's OD table\n")
           : a.roadNetwork.empty()
               ? std::string("距离: 直线 (未用路网) / distance: straight line (no road network)\n")
               : "距离: 道路 (路网 " + a.roadNetwork +
                     ") / distance: road network: " + a.roadNetwork + "\n";
    return out;
}

std::string renderYearSeries(const study::StudyResults& r) {
    const core::CityData& city = *r.city;
    std::vector<std::string> header{"年份 Year"};
    for (Stage s : core::kAllStages)
        header.emplace_back(core::stageNameZh(s));
    std::vector<bool> right(header.size(), true);
    TextTable demand(header, right);
    TextTable shortage(header, right);
    for (const study::YearResult& y : r.years) {
        std::vector<std::string> d{std::to_string(y.year)};
        std::vector<std::string> s{std::to_string(y.year)};
        for (Stage st : core::kAllStages) {
            const auto& c = y.balance.city[static_cast<std::size_t>(core::stageIndex(st))];
            d.push_back(fmt::format("{} / {}", whole(c.demand), c.seats));
            const bool district = byDistrict(city, st);
            int unitsShort = 0;
            for (const auto& u : district ? y.balance.districts : y.balance.towns)
                if (u.stage == st && u.shortfall >= 0.5)
                    ++unitsShort;
            s.push_back(fmt::format("{} ({})", whole(c.localShortfallSum), unitsShort));
        }
        demand.addRow(d);
        shortage.addRow(s);
    }
    return "需求 / 学位 Demand / seats (全市 city):\n" + demand.render() +
           "\n片区缺口合计 (缺位片区数) Seats short within units (units short):\n" +
           shortage.render();
}

std::string renderYearResults(const study::StudyResults& r) {
    std::string out;
    if (r.allocation && !r.years.empty() && !r.years.front().allocation.empty()) {
        std::vector<std::string> header{"年份 Year"};
        for (const auto& a : r.years.front().allocation)
            header.push_back(
                fmt::format("{} {}", core::stageNameZh(a.stage), core::stageNameEn(a.stage)));
        TextTable t(header, std::vector<bool>(header.size(), true));
        for (const study::YearResult& y : r.years) {
            std::vector<std::string> row{std::to_string(y.year)};
            for (const auto& a : y.allocation)
                row.push_back(fmt::format("{} ({})", a.city.childrenWithoutSeat, a.city.unplaced));
            t.addRow(row);
        }
        out += fmt::format("\n== 逐年无学位儿童 Children without a seat by year ({}; 全市 city: "
                           "无学位 (其中未安置) without a seat (of which unplaced)) ==\n",
                           core::allocationModeCode(r.allocation->mode)) +
               t.render();
    }
    TextTable t({"年份 Year", "指标达标 Pass", "未达标 Fail", "目标期限 Deadline",
                 fmt::format("大班额 ≥{}", r.city->norms.largeClassMin), "均衡达标 CV pass",
                 "缺教师 Teachers short", "新增教师 New teachers", "用地 Land m²", "建筑 Floor m²"},
                {true, true, true, false, true, true, true, true, true, true});
    bool any = false;
    for (const study::YearResult& y : r.years) {
        if (!y.indicators)
            continue;
        any = true;
        int pass = 0;
        int fail = 0;
        std::string large = "-";
        for (const auto& a : y.indicators->areas) {
            if (a.level != "city")
                continue;
            for (const auto& i : a.items) {
                if (i.pass)
                    ++(*i.pass ? pass : fail);
                if (i.key == "large_class_share" && i.value)
                    large =
                        fmt::format("{:.1f}% {}", *i.value * 100.0, i.pass && *i.pass ? "✓" : "✗");
            }
        }
        int cvPass = 0;
        for (const auto& c : y.coefficients)
            cvPass += c.pass ? 1 : 0;
        double gap = 0.0, teachers = 0.0, land = 0.0, floor = 0.0;
        for (const auto& res : y.resources)
            if (res.level == "city") {
                gap += res.teacherGap;
                teachers += res.teachersForMissing;
                land += res.landForMissingM2;
                floor += res.floorForMissingM2;
            }
        t.addRow({std::to_string(y.year), std::to_string(pass), std::to_string(fail),
                  y.indicators->due ? fmt::format("已过 past {}", y.indicators->deadlineYear)
                                    : fmt::format("未到 before {}", y.indicators->deadlineYear),
                  large, fmt::format("{}/{}", cvPass, y.coefficients.size()), whole(gap),
                  whole(teachers), whole(land), whole(floor)});
    }
    if (!any)
        return out;
    out += "\n== 逐年规划指标与资源 Indicators and resources by year (全市 city) ==\n" +
           t.render() +
           "预测年: 在校生 = 基准年各校各年级在校生 × 所在片区预期在校生增长, 班级数、教师、"
           "标准化等按基准年记录 (方案中的新建、扩建、撤并按年份计入); 缺教师 = 按编制需教师 − "
           "在编教师; 新增教师、用地、建筑按缺学位计。明细见 *_by_year.csv。\n"
           "Projected years: pupils = each school's base-year pupils per grade × the growth of "
           "its unit's expected enrolment; classes, teachers and school records as in the base "
           "year (with the plan's new, expanded and closed schools from their year); teachers "
           "short = needed by the staffing ratio − on record; new teachers, land and floor area "
           "for the missing seats. Detail in the *_by_year.csv files.\n";
    return out;
}

std::string renderWarnings(const study::StudyResults& r, bool expectedEnrolment) {
    if (!r.warnings)
        return "";
    const core::MonteCarloResult& mc = r.warnings->result;
    const core::CityData& city = *r.city;
    std::vector<const core::WarningCell*> judged;
    for (const auto& c : mc.cells)
        if (!byDistrict(city, c.stage))
            judged.push_back(&c);
    for (const auto& c : mc.districtCells)
        if (byDistrict(city, c.stage))
            judged.push_back(&c);
    const auto counts = [&](const std::vector<const core::WarningCell*>& cells) {
        std::vector<std::string> header{"年份 Year"};
        for (Stage s : core::kAllStages)
            header.push_back(fmt::format("{} 红/黄", core::stageNameZh(s)));
        TextTable t(header, std::vector<bool>(header.size(), true));
        for (const study::YearResult& y : r.years) {
            std::array<int, core::kStageCount> red{}, yellow{};
            for (const core::WarningCell* c : cells) {
                if (c->year != y.year)
                    continue;
                if (c->level == core::WarningLevel::Red)
                    ++red[core::stageIndex(c->stage)];
                else if (c->level == core::WarningLevel::Yellow)
                    ++yellow[core::stageIndex(c->stage)];
            }
            std::vector<std::string> row{std::to_string(y.year)};
            for (int s = 0; s < core::kStageCount; ++s)
                row.push_back(fmt::format("{}/{}", red[s], yellow[s]));
            t.addRow(row);
        }
        return t.render();
    };
    const int last = r.years.empty() ? r.baseYear : r.years.back().year;
    TextTable reds({"片区 Unit", "学段 Stage", "学位 Seats", "P10", "P50", "P90", "P(需求>学位)"},
                   {false, false, true, true, true, true, true});
    for (const core::WarningCell* c : judged) {
        if (c->year != last || c->level != core::WarningLevel::Red)
            continue;
        reds.addRow({byDistrict(city, c->stage) ? city.regions.districts[c->town].name
                                                : city.regions.towns[c->town].name,
                     std::string(core::stageNameZh(c->stage)), whole(c->seats), whole(c->p10),
                     whole(c->p50), whole(c->p90),
                     fmt::format("{:.0f}%", c->probabilityOverSeats * 100.0)});
    }
    std::string out = fmt::format(
        "\n== 学位预警 Seat warnings (片区数 units: 红 red / 黄 yellow; 学前、义务教育按乡镇, "
        "高中、中职、特教按区县 / towns for kindergarten and compulsory, districts for the "
        "others; {} 次模拟 draws; 比较 {}) ==\n",
        mc.draws,
        expectedEnrolment ? "预期在校生 expected enrolment" : "常住适龄需求 resident demand");
    out += counts(judged) + fmt::format("\n{} 年红色预警 Red in {}:\n", last, last) + reds.render();
    if (!mc.catchmentCells.empty()) {
        std::vector<const core::WarningCell*> schools;
        for (const auto& c : mc.catchmentCells)
            schools.push_back(&c);
        out += "\n== 学校服务范围预警 School catchment warnings (学校数 schools: 红 red / 黄 "
               "yellow) ==\n" +
               counts(schools);
    }
    return out;
}

std::string renderBackTest(const study::BackTestResults& r, int worstUnits) {
    const int last = *r.years.rbegin();
    std::string out = fmt::format(
        "\n== 回测 Back-test: {} 年数据预测至 {} 年, 对比观测在校生 / projected from {} to {}, "
        "against the enrolment observed in {} ==\n"
        "误差 = 预测(按 {} 年校准) − 观测; MAE 平均绝对误差 (人), MAPE 平均绝对百分比误差 "
        "(观测 > 0 的行) / error = projected (calibrated on {}) − observed\n",
        r.firstYear, last, r.firstYear, last, fmt::join(r.years, ", "), r.firstYear, r.firstYear);
    TextTable table({"学段 Stage", "年份 Year", "行 Rows", "MAE 年级", "MAPE 年级", "MAE 镇街",
                     "MAPE 镇街", "观测 Observed", "预测 Projected", "差 Diff"},
                    {false, false, true, true, true, true, true, true, true, true});
    for (const auto& [key, res] : r.summaries) {
        if (key.rfind("grade|", 0) != 0)
            continue;
        const std::string when = key.substr(6);
        const auto townIt = std::find_if(r.summaries.begin(), r.summaries.end(),
                                         [&](const auto& s) { return s.first == "town|" + when; });
        if (key != r.summaries.front().first)
            table.addRule();
        for (const core::BackTestStageSummary& s : res.stages) {
            const core::BackTestStageSummary* t = nullptr;
            if (townIt != r.summaries.end())
                for (const auto& ts : townIt->second.stages)
                    if (ts.stage == s.stage)
                        t = &ts;
            table.addRow({std::string(core::stageNameZh(s.stage)), when, std::to_string(s.rows),
                          fmt::format("{:.1f}", s.meanAbsoluteError),
                          fmt::format("{:.1f}%", s.meanAbsolutePercentError),
                          t ? fmt::format("{:.1f}", t->meanAbsoluteError) : "",
                          t ? fmt::format("{:.1f}%", t->meanAbsolutePercentError) : "",
                          whole(s.totalObserved), whole(s.totalProjected),
                          percentOrEmpty(s.totalProjected, s.totalObserved) + "%"});
        }
    }
    out += table.render();
    out += fmt::format("\n{} 年误差最大的片区 Units (towns; districts for county-wide stages) with "
                       "the largest error in {} (全学段 whole stage):\n",
                       last, last);
    TextTable worst(
        {"学段 Stage", "片区 Unit", "观测 Observed", "预测 Projected", "误差 Error", "误差 %"},
        {false, false, true, true, true, true});
    for (Stage st : core::kAllStages) {
        std::vector<const core::BackTestRow*> rows;
        for (const auto& row : r.byTown.rows)
            if (row.observed.stage == st && row.observed.year == last)
                rows.push_back(&row);
        std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
            return std::abs(a->error) > std::abs(b->error);
        });
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(worstUnits); ++i) {
            const auto& row = *rows[i];
            const auto name = r.unitNames.find(row.observed.townCode);
            worst.addRow({std::string(core::stageNameZh(st)),
                          name != r.unitNames.end() ? name->second : row.observed.townCode,
                          whole(row.observed.students), whole(row.projectedCalibrated),
                          fmt::format("{:+.0f}", row.error),
                          percentOrEmpty(row.projectedCalibrated, row.observed.students)});
        }
        if (!rows.empty())
            worst.addRule();
    }
    return out + worst.render();
}

} // namespace xw::cli
