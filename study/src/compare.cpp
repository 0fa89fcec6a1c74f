#include <xw/core/balance/seats.hpp>
#include <xw/study/compare.hpp>
#include <xw/study/study.hpp>

#include "detail/table_builder.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace xw::study {

using namespace detail;

PlanCost planCost(const core::CityData& base, const core::Plan& plan, int year,
                  const std::string& district) {
    PlanCost c;
    const core::RegionIndex index(base.regions);
    const core::Norms& n = base.norms;
    const auto inDistrict = [&](const std::string& town) {
        return district.empty() || districtOfTown(index, base.regions, town) == district;
    };
    const auto urban = [&](const std::string& town) {
        const auto t = index.townIndex(town);
        return t && base.regions.towns[*t].urban;
    };
    for (const core::NewSchool& s : plan.newSchools) {
        if (s.year > year || !inDistrict(s.school.townCode))
            continue;
        ++c.newSchools;
        double land = 0.0;
        double floor = 0.0;
        for (const core::StageProvision& p : s.school.stages) {
            const core::StageNorms& sn = n[p.stage];
            const auto seats = static_cast<double>(core::stageSeats(p, sn));
            land += seats *
                    (urban(s.school.townCode) ? sn.landPerStudentCentralM2 : sn.landPerStudentM2);
            floor += seats * sn.floorPerStudentM2;
            c.classesAdded += p.classes();
        }
        c.landM2 += s.school.landM2 > 0.0 ? s.school.landM2 : land;
        c.floorM2 += s.school.floorM2 > 0.0 ? s.school.floorM2 : floor;
    }
    for (const core::ClassChange& ch : plan.classChanges) {
        if (ch.year > year)
            continue;
        const core::School* school = nullptr;
        for (const core::School& s : base.schools)
            if (s.id == ch.schoolId)
                school = &s;
        for (const core::NewSchool& s : plan.newSchools)
            if (s.school.id == ch.schoolId)
                school = &s.school;
        if (school == nullptr || !inDistrict(school->townCode))
            continue;
        const core::GradeDeltaSeats change = core::gradeDeltaSeats(ch.gradeDeltas, n[ch.stage]);
        c.classesAdded += change.classesAdded;
        c.floorM2 += static_cast<double>(change.added) * n[ch.stage].floorPerStudentM2;
    }
    c.costYuan = c.landM2 * n.capitalCost.perLandM2Yuan + c.floorM2 * n.capitalCost.perFloorM2Yuan +
                 static_cast<double>(c.classesAdded) * n.capitalCost.perClassYuan;
    return c;
}

namespace {

/// The results of one year of a run, base year or projected.
struct YearView {
    int year = 0;
    const core::CityData* city = nullptr;
    const core::SeatBalance* balance = nullptr;
    const std::vector<core::AreaIndicators>* indicators = nullptr;
    const std::vector<core::AreaResources>* resources = nullptr;
    std::vector<const core::AllocationResult*> allocation;
};

std::vector<YearView> yearsOf(const StudyResults& r) {
    std::vector<YearView> out;
    if (r.years.empty()) {
        YearView v{r.baseYear, r.city.get(), &r.balance, &r.indicators, &r.resources, {}};
        if (r.allocation)
            for (const auto& s : r.allocation->stages)
                v.allocation.push_back(&s.result);
        out.push_back(v);
        return out;
    }
    for (const YearResult& y : r.years) {
        YearView v{y.year,       y.city.get(),
                   &y.balance,   y.indicators ? &y.indicators->areas : nullptr,
                   &y.resources, {}};
        for (const auto& a : y.allocation)
            v.allocation.push_back(&a);
        out.push_back(v);
    }
    return out;
}

/// One figure of an area × stage in one year's results; null when the run lacks it.
struct Metric {
    const char* key;
    const char* zh;
    std::string en;
    const char* unit;
    int decimals;
    std::function<core::Cell(const YearView&, const std::string& level, const std::string& code,
                             core::Stage)>
        value;
};

const core::AreaStageBalance* balanceRow(const YearView& y, const std::string& level,
                                         const std::string& code, core::Stage s) {
    for (const auto& a : level == "city" ? y.balance->city : y.balance->districts)
        if (a.code == code && a.stage == s)
            return &a;
    return nullptr;
}

const core::AreaResources* resourceRow(const YearView& y, const std::string& level,
                                       const std::string& code, core::Stage s) {
    for (const auto& a : *y.resources)
        if (a.level == level && a.code == code && a.stage == s)
            return &a;
    return nullptr;
}

const core::AreaAllocation* allocationRow(const YearView& y, const std::string& level,
                                          const std::string& code, core::Stage s) {
    for (const auto* a : y.allocation) {
        if (a->stage != s)
            continue;
        if (level == "city")
            return &a->city;
        for (const auto& d : a->districts)
            if (d.code == code)
                return &d;
    }
    return nullptr;
}

std::vector<Metric> metrics() {
    const auto balance = [](auto field) {
        return [field](const YearView& y, const std::string& l, const std::string& c,
                       core::Stage s) -> core::Cell {
            const auto* a = balanceRow(y, l, c, s);
            return a ? core::Cell(static_cast<double>(field(*a))) : core::Cell();
        };
    };
    const auto resource = [](auto field) {
        return [field](const YearView& y, const std::string& l, const std::string& c,
                       core::Stage s) -> core::Cell {
            const auto* a = resourceRow(y, l, c, s);
            return a ? core::Cell(field(*a)) : core::Cell();
        };
    };
    const auto allocation = [](auto field) {
        return [field](const YearView& y, const std::string& l, const std::string& c,
                       core::Stage s) -> core::Cell {
            const auto* a = allocationRow(y, l, c, s);
            return a ? core::Cell(static_cast<double>(field(*a))) : core::Cell();
        };
    };
    using B = core::AreaStageBalance;
    using R = core::AreaResources;
    using A = core::AreaAllocation;
    return {
        {"demand", "需求", "Demand", "children", 0, balance([](const B& a) { return a.demand; })},
        {"seats", "学位", "Seats", "seats", 0,
         balance([](const B& a) { return static_cast<double>(a.seats); })},
        {"shortfall", "学位缺口", "Seat shortfall (demand − seats)", "seats", 0,
         balance([](const B& a) { return a.shortfall; })},
        {"local_shortfall_sum", "分片缺口合计", "Shortfall within the catchment units", "seats", 0,
         balance([](const B& a) { return a.localShortfallSum; })},
        {"large_classes", "大班额班数", "Large classes: pupils " + largeClassMinText(), "classes",
         0, balance([](const B& a) { return static_cast<double>(a.largeClasses); })},
        {"huge_classes", "超大班额班数", "Huge classes: pupils " + hugeClassMinText(), "classes", 0,
         balance([](const B& a) { return static_cast<double>(a.hugeClasses); })},
        {"teachers_short", "缺教师", "Teachers short of the staffing ratio", "teachers", 0,
         resource([](const R& a) { return a.teacherGap; })},
        {"teachers_for_missing", "补缺位所需教师", "Teachers for the missing seats", "teachers", 0,
         resource([](const R& a) { return a.teachersForMissing; })},
        {"land_for_missing_m2", "补缺位所需用地", "Land for the missing seats", "m²", 0,
         resource([](const R& a) { return a.landForMissingM2; })},
        {"children_without_seat", "无标准学位儿童", "Children without a seat (allocation)",
         "children", 0, allocation([](const A& a) { return a.childrenWithoutSeat; })},
        {"beyond_radius", "超出服务半径", "Children beyond the service radius (allocation)",
         "children", 0, allocation([](const A& a) { return a.beyondRadius; })},
        {"mean_distance_m", "平均上学距离", "Mean home–school distance (city, allocation)", "m", 0,
         [](const YearView& y, const std::string& l, const std::string&,
            core::Stage s) -> core::Cell {
             if (l != "city")
                 return {};
             for (const auto* a : y.allocation)
                 if (a->stage == s && a->city.assigned > 0)
                     return a->totalDistanceMeters / static_cast<double>(a->city.assigned);
             return {};
         }},
    };
}

core::Cell difference(const core::Cell& a, const core::Cell& b) {
    const auto* x = std::get_if<double>(&a);
    const auto* y = std::get_if<double>(&b);
    return x && y ? core::Cell(*y - *x) : core::Cell();
}

void checkYears(const std::vector<ComparedRun>& runs) {
    if (runs.empty())
        throw StudyError("没有要比较的方案 / no scenario to compare");
    std::vector<int> first;
    for (const YearView& y : yearsOf(*runs.front().results))
        first.push_back(y.year);
    for (const ComparedRun& run : runs) {
        std::vector<int> years;
        for (const YearView& y : yearsOf(*run.results))
            years.push_back(y.year);
        if (years != first)
            throw StudyError("方案的年份不同, 请用 --years 指定 / the scenarios cover different "
                             "years; give them with --years: " +
                             run.name);
    }
}

std::string suffix(std::size_t k) {
    return "_" + std::to_string(k + 1);
}

/// compare_scenarios: one row per scenario, with what its plan builds by `lastYear` and costs.
core::Table scenariosTable(const std::vector<ComparedRun>& runs, int lastYear) {
    const std::size_t n = runs.size();
    core::Table scenarios;
    scenarios.name = "compare_scenarios";
    scenarios.titleZh = "比较的方案";
    scenarios.titleEn = "Scenarios compared";
    scenarios.columns = {
        integer("index", "序号", "Suffix of the scenario's columns"),
        text("name", "方案", "Scenario"),
        text("file", "文件", "File"),
        integer("year", "年份", "Built by this year"),
        integer("new_schools", "新建学校", "New schools", "schools"),
        integer("classes_added", "新增班级", "Classes added", "classes"),
        real("land_m2", "用地", "Land of new schools", "m²", 0),
        real("floor_m2", "建筑面积", "Floor area built", "m²", 0),
        real("capital_cost_yuan", "投资估算", "Capital cost [A unit costs]", "yuan", 0)};
    for (std::size_t k = 0; k < n; ++k) {
        const PlanCost c = planCost(*runs[k].base, *runs[k].plan, lastYear);
        scenarios.rows.push_back({cell(static_cast<std::int64_t>(k + 1)), cell(runs[k].name),
                                  cell(runs[k].file), cell(lastYear), cell(c.newSchools),
                                  cell(c.classesAdded), cell(c.landM2), cell(c.floorM2),
                                  cell(c.costYuan)});
    }
    return scenarios;
}

/// compare_areas: per year, area (city, districts) and stage, every metric of every scenario,
/// its difference to the first, and each scenario's capital cost by the year.
core::Table areasTable(const std::vector<ComparedRun>& runs,
                       const std::vector<std::vector<YearView>>& views) {
    const std::size_t n = runs.size();
    core::Table areas;
    areas.name = "compare_areas";
    areas.titleZh = "方案比较（区县、学段、年份）";
    areas.titleEn = "Scenarios side by side by district, stage and year";
    areas.columns = {integer("year", "年份", "Year"), text("level", "层级", "city or district"),
                     text("code", "代码", "Code"), text("name", "名称", "Name"),
                     text("stage", "学段", "Stage")};
    const std::vector<Metric> ms = metrics();
    for (const Metric& m : ms) {
        for (std::size_t k = 0; k < n; ++k)
            areas.columns.push_back(real(m.key + suffix(k), std::string(m.zh) + suffix(k),
                                         std::string(m.en) + ", scenario " + std::to_string(k + 1),
                                         m.unit, m.decimals));
        for (std::size_t k = 1; k < n; ++k)
            areas.columns.push_back(
                real(std::string(m.key) + "_diff" + suffix(k), std::string(m.zh) + "差" + suffix(k),
                     std::string(m.en) + ", scenario " + std::to_string(k + 1) + " − scenario 1",
                     m.unit, m.decimals));
    }
    for (std::size_t k = 0; k < n; ++k)
        areas.columns.push_back(real("capital_cost_yuan" + suffix(k), "投资估算" + suffix(k),
                                     "Capital cost by the year, scenario " + std::to_string(k + 1),
                                     "yuan", 0));
    const core::CityData& city = *runs.front().results->city;
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> units{
        {"city", {city.regions.cityCode, city.regions.cityName}}};
    for (const auto& d : city.regions.districts)
        units.push_back({"district", {d.code, d.name}});
    for (std::size_t y = 0; y < views.front().size(); ++y)
        for (const auto& [level, unit] : units)
            for (core::Stage s : core::kAllStages) {
                std::vector<core::Cell> row{cell(views.front()[y].year), cell(level),
                                            cell(unit.first), cell(unit.second), stageCell(s)};
                for (const Metric& m : ms) {
                    std::vector<core::Cell> values;
                    for (std::size_t k = 0; k < n; ++k)
                        values.push_back(m.value(views[k][y], level, unit.first, s));
                    row.insert(row.end(), values.begin(), values.end());
                    for (std::size_t k = 1; k < n; ++k)
                        row.push_back(difference(values.front(), values[k]));
                }
                for (std::size_t k = 0; k < n; ++k)
                    row.push_back(cell(planCost(*runs[k].base, *runs[k].plan, views.front()[y].year,
                                                level == "city" ? "" : unit.first)
                                           .costYuan));
                areas.rows.push_back(std::move(row));
            }
    return areas;
}

/// compare_indicators: per year, area and indicator, each scenario's value and pass.
core::Table indicatorsTable(const std::vector<std::vector<YearView>>& views) {
    const std::size_t n = views.size();
    core::Table indicators;
    indicators.name = "compare_indicators";
    indicators.titleZh = "方案比较（规划指标）";
    indicators.titleEn = "Indicators side by side";
    indicators.columns = {integer("year", "年份", "Year"),
                          text("level", "层级", "city or district"),
                          text("code", "代码", "Code"),
                          text("name", "名称", "Name"),
                          text("indicator", "指标键", "Indicator key"),
                          text("name_zh", "指标", "Indicator")};
    for (std::size_t k = 0; k < n; ++k) {
        indicators.columns.push_back(real("value" + suffix(k), "数值" + suffix(k),
                                          "Value, scenario " + std::to_string(k + 1), "share", 4));
        indicators.columns.push_back(
            text("pass" + suffix(k), "达标" + suffix(k),
                 "pass, fail or undefined, scenario " + std::to_string(k + 1)));
    }
    for (std::size_t y = 0; y < views.front().size(); ++y) {
        const auto* first = views.front()[y].indicators;
        if (first == nullptr)
            continue;
        for (std::size_t a = 0; a < first->size(); ++a)
            for (std::size_t i = 0; i < (*first)[a].items.size(); ++i) {
                const core::AreaIndicators& area = (*first)[a];
                std::vector<core::Cell> row{cell(views.front()[y].year),
                                            cell(area.level),
                                            cell(area.code),
                                            cell(area.name),
                                            cell(area.items[i].key),
                                            cell(area.items[i].nameZh)};
                for (std::size_t k = 0; k < n; ++k) {
                    const auto* ind = views[k][y].indicators;
                    if (ind == nullptr || a >= ind->size() || i >= (*ind)[a].items.size()) {
                        row.insert(row.end(), {core::Cell(), core::Cell()});
                        continue;
                    }
                    const core::Indicator& it = (*ind)[a].items[i];
                    row.push_back(cell(it.value));
                    row.push_back(cell(it.pass ? (*it.pass ? "pass" : "fail") : "undefined"));
                }
                indicators.rows.push_back(std::move(row));
            }
    }
    return indicators;
}

} // namespace

std::vector<core::Table> comparisonTables(const std::vector<ComparedRun>& runs) {
    checkYears(runs);
    std::vector<std::vector<YearView>> views;
    views.reserve(runs.size());
    for (const ComparedRun& r : runs)
        views.push_back(yearsOf(*r.results));
    const int lastYear = views.front().back().year;
    return {scenariosTable(runs, lastYear), areasTable(runs, views), indicatorsTable(views)};
}

std::vector<TownDifference> townShortfallDifference(const StudyResults& first,
                                                    const StudyResults& second, core::Stage stage,
                                                    int year) {
    const auto balanceOf = [&](const StudyResults& r, const std::string& which) {
        if (year == r.baseYear)
            return &r.balance;
        if (const YearResult* y = r.yearResult(year))
            return &y->balance;
        throw StudyError("方案 " + which + " 没有 " + std::to_string(year) +
                         " 年的结果 / scenario " + which + " has no results for " +
                         std::to_string(year));
    };
    const core::SeatBalance* a = balanceOf(first, "1");
    const core::SeatBalance* b = balanceOf(second, "2");
    std::map<std::string, double> secondByTown;
    for (const core::AreaStageBalance& row : b->towns)
        if (row.stage == stage)
            secondByTown[row.code] = row.shortfall;
    std::vector<TownDifference> out;
    for (const core::AreaStageBalance& row : a->towns) {
        if (row.stage != stage)
            continue;
        TownDifference d;
        d.code = row.code;
        d.name = row.name;
        d.first = row.shortfall;
        const auto it = secondByTown.find(row.code);
        d.second = it != secondByTown.end() ? it->second : 0.0;
        d.difference = d.second - d.first;
        out.push_back(std::move(d));
    }
    return out;
}

namespace {

/// towns_difference: each town's seat shortfall per stage in every scenario's last year, and its
/// difference to the first scenario's; the town outlines of the first scenario as geometry.
core::Table townsLayer(const StudyResults& first, const std::vector<YearView>& last) {
    const std::size_t n = last.size();
    core::Table towns;
    towns.name = "towns_difference";
    towns.titleZh = "乡镇学位缺口比较";
    towns.titleEn = "Town shortfall by scenario";
    towns.crs = first.workingCrs;
    towns.columns = {text("code", "代码", "Town code"), text("name", "名称", "Town"),
                     integer("year", "年份", "Year")};
    for (core::Stage s : core::kAllStages) {
        const std::string code(core::stageCode(s));
        for (std::size_t k = 0; k < n; ++k)
            towns.columns.push_back(
                real(code + "_shortfall" + suffix(k),
                     std::string(core::stageNameZh(s)) + "缺口" + suffix(k),
                     code + " seat shortfall, scenario " + std::to_string(k + 1), "seats", 0));
        for (std::size_t k = 1; k < n; ++k)
            towns.columns.push_back(
                real(code + "_shortfall_diff" + suffix(k),
                     std::string(core::stageNameZh(s)) + "缺口差" + suffix(k),
                     code + " shortfall, scenario " + std::to_string(k + 1) + " − scenario 1",
                     "seats", 0));
    }
    const core::CityData& city = *first.city;
    for (const auto& town : city.regions.towns) {
        std::vector<core::Cell> row{cell(town.code), cell(town.name), cell(last.front().year)};
        for (core::Stage s : core::kAllStages) {
            std::vector<double> v;
            for (std::size_t k = 0; k < n; ++k) {
                double x = 0.0;
                for (const auto& a : last[k].balance->towns)
                    if (a.code == town.code && a.stage == s)
                        x = a.shortfall;
                v.push_back(x);
                row.push_back(cell(x));
            }
            for (std::size_t k = 1; k < n; ++k)
                row.push_back(cell(v[k] - v[0]));
        }
        towns.rows.push_back(std::move(row));
        core::Wkb wkb;
        for (const auto& shape : first.townShapes)
            if (shape.code == town.code)
                wkb = shape.wkb;
        towns.geometries.push_back(std::move(wkb));
    }
    return towns;
}

/// A school (its id and campus) and a stage it teaches.
using SchoolStage = std::pair<std::string, core::Stage>;

/// Every (school, stage) of any scenario's last year, in the order met, with the school of the
/// first scenario that has it.
std::vector<std::pair<SchoolStage, const core::School*>>
schoolStages(const std::vector<YearView>& last) {
    std::vector<std::pair<SchoolStage, const core::School*>> out;
    std::set<SchoolStage> seen;
    for (const YearView& year : last)
        for (const auto& b : year.balance->schools) {
            const core::School& s = year.city->schools[b.schoolIndex];
            const SchoolStage key(s.key(), b.stage);
            if (seen.insert(key).second)
                out.emplace_back(key, &s);
        }
    return out;
}

/// The row of schools_difference for one (school, stage): seats and children assigned in each
/// scenario (empty where it lacks them), then each scenario's differences to the first.
std::vector<core::Cell> schoolRow(const core::School& school, const SchoolStage& key,
                                  const std::vector<YearView>& last) {
    const std::size_t n = last.size();
    std::vector<core::Cell> row{cell(school.id), cell(school.campus), cell(school.name),
                                stageCell(key.second), cell(last.front().year)};
    std::vector<std::optional<std::int64_t>> seats(n), assigned(n);
    for (std::size_t k = 0; k < n; ++k) {
        for (const auto& b : last[k].balance->schools)
            if (b.stage == key.second && last[k].city->schools[b.schoolIndex].key() == key.first)
                seats[k] = b.seats;
        for (const auto* a : last[k].allocation)
            if (a->stage == key.second)
                for (const auto& s : a->schools)
                    if (last[k].city->schools[s.schoolIndex].key() == key.first)
                        assigned[k] = s.assigned;
    }
    for (const auto& v : seats)
        row.push_back(v ? core::Cell(*v) : core::Cell());
    for (const auto& v : assigned)
        row.push_back(v ? core::Cell(*v) : core::Cell());
    for (std::size_t k = 1; k < n; ++k) {
        row.emplace_back(seats[k].value_or(0) - seats[0].value_or(0));
        row.push_back(assigned[k] || assigned[0]
                          ? core::Cell(assigned[k].value_or(0) - assigned[0].value_or(0))
                          : core::Cell());
    }
    return row;
}

/// schools_difference: per school and stage, seats and children assigned in every scenario's
/// last year and their differences to the first scenario's; the school points as geometry.
core::Table schoolsLayer(const StudyResults& first, const std::vector<YearView>& last) {
    const std::size_t n = last.size();
    core::Table schools;
    schools.name = "schools_difference";
    schools.titleZh = "学校比较";
    schools.titleEn = "Schools by scenario";
    schools.crs = first.workingCrs;
    schools.columns = {text("school_id", "学校标识码", "School id"),
                       text("campus", "校区", "Campus (empty: a school on one site)"),
                       text("name", "学校名称", "School"), text("stage", "学段", "Stage"),
                       integer("year", "年份", "Year")};
    for (std::size_t k = 0; k < n; ++k)
        schools.columns.push_back(integer("seats" + suffix(k), "学位" + suffix(k),
                                          "Seats, scenario " + std::to_string(k + 1), "seats"));
    for (std::size_t k = 0; k < n; ++k)
        schools.columns.push_back(integer("assigned" + suffix(k), "分配人数" + suffix(k),
                                          "Children assigned, scenario " + std::to_string(k + 1),
                                          "children"));
    for (std::size_t k = 1; k < n; ++k) {
        schools.columns.push_back(
            integer("seats_diff" + suffix(k), "学位差" + suffix(k),
                    "Seats, scenario " + std::to_string(k + 1) + " − scenario 1", "seats"));
        schools.columns.push_back(
            integer("assigned_diff" + suffix(k), "分配差" + suffix(k),
                    "Assigned, scenario " + std::to_string(k + 1) + " − scenario 1", "children"));
    }
    for (const auto& [key, school] : schoolStages(last)) {
        schools.rows.push_back(schoolRow(*school, key, last));
        schools.geometries.push_back(pointWkb(school->location));
    }
    return schools;
}

} // namespace

std::vector<core::Table> comparisonLayers(const std::vector<ComparedRun>& runs) {
    checkYears(runs);
    std::vector<YearView> last;
    last.reserve(runs.size());
    for (const ComparedRun& r : runs)
        last.push_back(yearsOf(*r.results).back());
    const StudyResults& first = *runs.front().results;
    return {townsLayer(first, last), schoolsLayer(first, last)};
}

} // namespace xw::study
