// The tables that exist only for exports (the plan's schools, land reservations, shortfall by
// school, attendance zones, housing) and the content of one export.
#include "detail/table_builder.hpp"

#include <xw/core/balance/seats.hpp>
#include <xw/gis/area_geometry.hpp>
#include <xw/study/export_tables.hpp>
#include <xw/study/study.hpp>
#include <xw/study/tables.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace xw::study {

using namespace detail;

namespace {

/// Appends to `into` the columns `take` of `from`, matched on the text columns `on` (every one
/// present in both); rows of `into` without a match get nulls. Reuses `from`'s schema.
void joinColumns(core::Table& into, const core::Table& from, const std::vector<std::string>& on,
                 const std::vector<std::string>& take) {
    const auto keyOf = [&](const core::Table& t, const std::vector<core::Cell>& row) {
        std::vector<std::string> k;
        for (const std::string& c : on) {
            const auto* s = std::get_if<std::string>(&row[t.columnIndex(c)]);
            k.push_back(s ? *s : std::string());
        }
        return k;
    };
    std::map<std::vector<std::string>, const std::vector<core::Cell>*> index;
    for (const auto& row : from.rows)
        index.emplace(keyOf(from, row), &row);
    std::vector<std::size_t> columns;
    for (const std::string& key : take) {
        columns.push_back(from.columnIndex(key));
        into.columns.push_back(from.columns[columns.back()]);
    }
    for (auto& row : into.rows) {
        const auto it = index.find(keyOf(into, row));
        for (std::size_t c : columns)
            row.push_back(it != index.end() ? (*it->second)[c] : core::Cell());
    }
}

const core::Wkb* shapeOf(const std::vector<gis::AreaShape>& shapes, const std::string& code) {
    for (const auto& s : shapes)
        if (s.code == code)
            return &s.wkb;
    return nullptr;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : separator) + s;
    return out;
}

std::string stageList(const core::School& s) {
    std::vector<std::string> codes;
    for (const core::StageProvision& p : s.stages)
        codes.emplace_back(core::stageCode(p.stage));
    return joined(codes, ",");
}

bool urbanTown(const core::CityData& city, const std::string& townCode) {
    const auto t = city.regions.townIndex(townCode);
    return t && city.regions.towns[*t].urban;
}

int lastYearOf(const StudyResults& r) {
    return r.years.empty() ? r.baseYear : r.years.back().year;
}

} // namespace

// ---- school_shortfall ------------------------------------------------------------------------

core::Table schoolShortfallTable(const StudyResults& r) {
    const core::CityData& city = *r.city;
    core::Table t = schoolBalanceTable(city, r.balance);
    t.name = "school_shortfall";
    t.titleZh = "学校学位缺口";
    t.titleEn = "Seat shortfall by school";
    t.crs = r.workingCrs;
    const std::size_t seatsCol = t.columnIndex("seats");
    const std::size_t enrolmentCol = t.columnIndex("enrolment");
    t.columns.push_back(integer("over_enrolment", "超学位在校生",
                                "Pupils enrolled above the seats: max(0, enrolment − seats)",
                                "pupils"));
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        auto& row = t.rows[i];
        const auto seats = std::get<std::int64_t>(row[seatsCol]);
        const auto enrolment = std::get<std::int64_t>(row[enrolmentCol]);
        row.push_back(cell(std::max<std::int64_t>(0, enrolment - seats)));
        const core::SchoolStageBalance& b = r.balance.schools[i];
        t.geometries.push_back(pointWkb(city.schools[b.schoolIndex].location));
    }
    if (!r.allocation)
        return t;
    const core::Table allocated = allocationSchoolTable(city, baseAllocationResults(r));
    joinColumns(t, allocated, {"school_id", "stage"},
                {"assigned", "classes_needed", "mean_distance_m", "beyond_radius"});
    // Over capacity against the allocation's seats (the figure allocation_areas sums).
    std::map<std::pair<std::string, std::string>, std::int64_t> over;
    const std::size_t idCol = allocated.columnIndex("school_id");
    const std::size_t stageCol = allocated.columnIndex("stage");
    const std::size_t assignedCol = allocated.columnIndex("assigned");
    const std::size_t allocSeatsCol = allocated.columnIndex("seats");
    for (const auto& row : allocated.rows)
        over[{std::get<std::string>(row[idCol]), std::get<std::string>(row[stageCol])}] =
            std::max<std::int64_t>(0, std::get<std::int64_t>(row[assignedCol]) -
                                          std::get<std::int64_t>(row[allocSeatsCol]));
    t.columns.push_back(integer("over_capacity", "分配超学位人数",
                                "Children assigned above the seats: max(0, assigned − seats)",
                                "children"));
    const std::size_t tId = t.columnIndex("school_id");
    const std::size_t tStage = t.columnIndex("stage");
    for (auto& row : t.rows) {
        const auto it =
            over.find({std::get<std::string>(row[tId]), std::get<std::string>(row[tStage])});
        row.push_back(it != over.end() ? cell(it->second) : core::Cell());
    }
    return t;
}

// ---- plan_schools ------------------------------------------------------------------------------

namespace {

/// One row of plan_schools before it is written.
struct PlanRow {
    int year = 0;
    int order = 0; ///< new, class changes, closures: the order cityInYear applies them
    std::size_t index = 0;
    std::vector<core::Cell> cells;
    core::Wkb wkb;
};

const core::School* findSchool(const core::CityData& city, const std::string& id) {
    for (const core::School& s : city.schools)
        if (s.id == id)
            return &s;
    return nullptr;
}

} // namespace

core::Table planSchoolTable(const core::CityData& base, const core::Plan& plan,
                            const std::string& crs) {
    core::Table t;
    t.name = "plan_schools";
    t.titleZh = "规划新建扩建撤并学校";
    t.titleEn = "Schools the plan builds, expands or closes";
    t.crs = crs;
    t.columns = {
        text("school_id", "学校标识码", "School id"),
        text("name", "学校名称", "School name"),
        text("town_code", "乡镇代码", "Town code"),
        text("district_code", "区县代码", "District code"),
        text("status", "状态", "Intervention (new, expand, reduce, close, merge)"),
        integer("year", "实施年份", "Year it takes effect (a new school's opening year)", "year"),
        text("ownership", "办学性质", "Ownership (public, private)"),
        text("stages", "学段", "Stages concerned"),
        integer("classes", "班数变化",
                "Classes added (negative: removed; closures: the school's classes)", "classes"),
        integer("seats", "学位变化",
                "Seats added: classes × standard class size (negative: removed)", "seats"),
        real("land_required_m2", "规范用地面积",
             "Land the norms require for a new school's seats (expansions: on the existing "
             "site, empty)",
             "m²", 0),
        real("floor_required_m2", "规范建筑面积",
             "Floor area the norms require for the seats added", "m²", 0),
        text("land_norm", "用地指标", "Land norm used (central, ordinary)"),
        real("land_planned_m2", "方案用地面积", "Land the scenario gives (empty: not given)", "m²",
             0),
        real("floor_planned_m2", "方案建筑面积", "Floor area the scenario gives (empty: not given)",
             "m²", 0),
        text("pupils_to", "学生去向", "Closures: school id the pupils go to")};
    const core::RegionIndex index(base.regions);
    std::map<int, core::CityData> cities;
    const auto cityOf = [&](int year) -> const core::CityData& {
        if (year < base.baseYear)
            return base;
        auto it = cities.find(year);
        if (it == cities.end())
            it = cities.emplace(year, core::cityInYear(base, plan, year)).first;
        return it->second;
    };
    const auto districtOf = [&](const std::string& town) {
        return districtOfTown(index, base.regions, town);
    };
    std::vector<PlanRow> rows;
    for (std::size_t i = 0; i < plan.newSchools.size(); ++i) {
        const core::NewSchool& n = plan.newSchools[i];
        const core::School& s = n.school;
        const core::Norms& norms = cityOf(n.year).norms;
        const bool central = urbanTown(base, s.townCode);
        std::int64_t classes = 0;
        core::Seats seats = 0;
        double land = 0.0;
        double floor = 0.0;
        for (const core::StageProvision& p : s.stages) {
            const core::StageNorms& sn = norms[p.stage];
            const core::Seats stageSeats = core::stageSeats(p, sn);
            classes += p.classes();
            seats += stageSeats;
            land += static_cast<double>(stageSeats) *
                    (central ? sn.landPerStudentCentralM2 : sn.landPerStudentM2);
            floor += static_cast<double>(stageSeats) * sn.floorPerStudentM2;
        }
        rows.push_back(
            {n.year,
             0,
             i,
             {cell(s.id), cell(s.name), cell(s.townCode), cell(districtOf(s.townCode)), cell("new"),
              cell(n.year), cell(s.ownership == core::Ownership::Public ? "public" : "private"),
              cell(stageList(s)), cell(classes), cell(seats), cell(land), cell(floor),
              cell(central ? "central" : "ordinary"),
              s.landM2 > 0.0 ? cell(s.landM2) : core::Cell(),
              s.floorM2 > 0.0 ? cell(s.floorM2) : core::Cell(), core::Cell()},
             pointWkb(s.location)});
    }
    for (std::size_t i = 0; i < plan.classChanges.size(); ++i) {
        const core::ClassChange& ch = plan.classChanges[i];
        // The school as it stands in the year of the change (it may be one the plan builds).
        const core::CityData& city = cityOf(ch.year);
        const core::School* s = findSchool(city, ch.schoolId);
        if (s == nullptr)
            continue; // validatePlan reports it
        const core::StageNorms& sn = city.norms[ch.stage];
        const core::GradeDeltaSeats change = core::gradeDeltaSeats(ch.gradeDeltas, sn);
        const std::int64_t classes = change.classes;
        const core::Seats seats = change.net;
        const core::Seats added = change.added;
        const bool expansion = classes >= 0;
        rows.push_back(
            {ch.year,
             1,
             i,
             {cell(s->id), cell(s->name), cell(s->townCode), cell(districtOf(s->townCode)),
              cell(expansion ? "expand" : "reduce"), cell(ch.year),
              cell(s->ownership == core::Ownership::Public ? "public" : "private"),
              stageCell(ch.stage), cell(classes), cell(seats), core::Cell(),
              added > 0 ? cell(static_cast<double>(added) * sn.floorPerStudentM2) : core::Cell(),
              core::Cell(), core::Cell(), core::Cell(), core::Cell()},
             pointWkb(s->location)});
    }
    for (std::size_t i = 0; i < plan.closures.size(); ++i) {
        const core::Closure& c = plan.closures[i];
        // The school the year before it closes.
        const core::CityData& city = cityOf(c.year - 1);
        const core::School* s = findSchool(city, c.schoolId);
        if (s == nullptr)
            continue;
        std::int64_t classes = 0;
        core::Seats seats = 0;
        for (const core::StageProvision& p : s->stages) {
            classes += p.classes();
            seats += core::stageSeats(p, city.norms[p.stage]);
        }
        rows.push_back(
            {c.year,
             2,
             i,
             {cell(s->id), cell(s->name), cell(s->townCode), cell(districtOf(s->townCode)),
              cell(c.merge ? "merge" : "close"), cell(c.year),
              cell(s->ownership == core::Ownership::Public ? "public" : "private"),
              cell(stageList(*s)), cell(-classes), cell(-seats), core::Cell(), core::Cell(),
              core::Cell(), core::Cell(), core::Cell(),
              c.pupilsTo.empty() ? core::Cell() : cell(c.pupilsTo)},
             pointWkb(s->location)});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const PlanRow& a, const PlanRow& b) {
        return std::tie(a.year, a.order, a.index) < std::tie(b.year, b.order, b.index);
    });
    for (PlanRow& row : rows) {
        t.rows.push_back(std::move(row.cells));
        t.geometries.push_back(std::move(row.wkb));
    }
    return t;
}

// ---- land_reservations -------------------------------------------------------------------------

int planCompleteYear(const core::Plan& plan, int baseYear) {
    int year = baseYear;
    for (const core::NewSchool& n : plan.newSchools)
        year = std::max(year, n.year);
    for (const core::ClassChange& c : plan.classChanges)
        year = std::max(year, c.year);
    for (const core::Closure& c : plan.closures)
        year = std::max(year, c.year);
    for (const core::PolicyChange& p : plan.policies)
        if (!p.classSizes.empty())
            year = std::max(year, p.year);
    return year;
}

core::Table landReservationTable(const StudyResults& r, const core::Plan& plan) {
    const core::CityData& city = *r.city;
    core::Table t;
    t.name = "land_reservations";
    t.titleZh = "教育用地预留";
    t.titleEn = "Land to reserve for the seats the plan leaves missing";
    t.crs = r.workingCrs;
    t.columns = {
        text("level", "层级", "Level (town, district: the stage's catchment unit)"),
        text("code", "代码", "Code"),
        text("name", "名称", "Name"),
        text("district_code", "区县代码", "District code"),
        text("stage", "学段", "Stage"),
        integer("base_year", "基准年", "Base year", "year"),
        real("missing_seats_base", "基准年缺学位", "Missing seats in the base year", "seats", 0),
        integer("plan_year", "方案完成年份",
                "Year the plan's last school intervention takes effect (capped at the last year)",
                "year"),
        integer("peak_year", "缺口峰值年份",
                "First year, from the plan year on, of the largest shortfall", "year"),
        real("missing_seats_peak", "缺口峰值学位",
             "Largest number of missing seats from the plan year to the last year", "seats", 0),
        integer("last_year", "末年", "Last year of the results", "year"),
        real("missing_seats_last", "末年缺学位", "Missing seats in the last year", "seats", 0),
        real("land_m2", "预留用地面积", "Land the norms require for the peak's missing seats", "m²",
             0),
        real("floor_m2", "预留建筑面积",
             "Floor area the norms require for the peak's missing seats", "m²", 0),
        text("land_norm", "用地指标", "Land norm used (central, ordinary)"),
        real("land_per_student_m2", "生均用地指标", "Land per student of that norm", "m²", 1),
        real("floor_per_student_m2", "生均建筑面积指标", "Floor area per student", "m²", 1)};
    // Every year's resources, base year first.
    std::vector<std::pair<int, const std::vector<core::AreaResources>*>> years{
        {r.baseYear, &r.resources}};
    for (const YearResult& y : r.years)
        if (y.year != r.baseYear && !y.resources.empty())
            years.emplace_back(y.year, &y.resources);
    const int lastYear = years.back().first;
    const int planYear = std::min(planCompleteYear(plan, r.baseYear), lastYear);
    const core::RegionIndex index(city.regions);
    struct Need {
        double base = 0.0, last = 0.0, peak = 0.0;
        int peakYear = 0;
        const core::AreaResources* atPeak = nullptr;
    };
    // Rows in the base year's order (towns in region order, then districts).
    std::vector<std::tuple<std::string, std::string, core::Stage>> order;
    std::map<std::tuple<std::string, std::string, core::Stage>, Need> needs;
    for (const auto& [year, rows] : years)
        for (const core::AreaResources& a : *rows) {
            const bool byTown = city.norms[a.stage].catchment == core::CatchmentLevel::Town;
            if (a.level != (byTown ? "town" : "district"))
                continue;
            const auto key = std::make_tuple(a.level, a.code, a.stage);
            auto [it, fresh] = needs.try_emplace(key);
            if (fresh)
                order.push_back(key);
            Need& n = it->second;
            if (year == r.baseYear)
                n.base = a.missingSeats;
            if (year == lastYear)
                n.last = a.missingSeats;
            if (year >= planYear && a.missingSeats > n.peak) {
                n.peak = a.missingSeats;
                n.peakYear = year;
                n.atPeak = &a;
            }
        }
    for (const auto& key : order) {
        const Need& n = needs.at(key);
        if (n.atPeak == nullptr)
            continue;
        const auto& [level, code, stage] = key;
        const core::AreaResources& a = *n.atPeak;
        const core::StageNorms& sn = city.norms[stage];
        const bool town = level == "town";
        const bool central = town && urbanTown(city, code);
        t.rows.push_back({cell(level), cell(code), cell(a.name),
                          cell(town ? districtOfTown(index, city.regions, code) : code),
                          stageCell(stage), cell(r.baseYear), cell(n.base), cell(planYear),
                          cell(n.peakYear), cell(n.peak), cell(lastYear), cell(n.last),
                          cell(a.landForMissingM2), cell(a.floorForMissingM2),
                          cell(central ? "central" : "ordinary"),
                          cell(central ? sn.landPerStudentCentralM2 : sn.landPerStudentM2),
                          cell(sn.floorPerStudentM2)});
        const core::Wkb* wkb = shapeOf(town ? r.townShapes : r.districtShapes, code);
        t.geometries.push_back(wkb ? *wkb : core::Wkb{});
    }
    return t;
}

// ---- zones -------------------------------------------------------------------------------------

core::Table zoneLayer(const gis::DatasetLoad& dataset, const core::Plan& plan, int year,
                      const StudyResults& r) {
    core::Table t;
    t.name = "zones";
    t.titleZh = "学区";
    t.titleEn = "Attendance zones";
    t.crs = r.workingCrs;
    t.columns = {text("school_id", "学校标识码", "School id"),
                 text("school_name", "学校名称", "School name"),
                 text("stages", "学段", "Stages of the school"),
                 text("towns", "所含乡镇", "Town codes of a zone given as towns (else empty)"),
                 text("source", "来源", "Where the zone comes from (dataset, plan)"),
                 integer("year", "起始年份", "Year a plan's redraw takes effect", "year"),
                 real("area_km2", "面积", "Area of the zone", "km²", 3)};
    const core::ZoneRedraw* latest = nullptr;
    for (const core::ZoneRedraw& z : plan.zoneRedraws)
        if (z.year <= year && (latest == nullptr || z.year >= latest->year))
            latest = &z;
    std::vector<std::pair<std::string, core::Wkb>> polygons;
    std::vector<std::pair<std::string, std::string>> schoolTowns;
    if (latest != nullptr) {
        polygons = latest->polygons;
        schoolTowns = latest->schoolTowns;
    } else {
        for (const gis::ZoneShape& z : dataset.zones)
            polygons.emplace_back(z.schoolId, z.wkb);
        schoolTowns = dataset.schoolTowns;
    }
    // The school as the year's city has it, else the base city's.
    const YearResult* y = r.yearResult(year);
    const auto school = [&](const std::string& id) -> const core::School* {
        if (y != nullptr)
            if (const core::School* s = findSchool(*y->city, id))
                return s;
        return findSchool(*r.city, id);
    };
    const auto add = [&](const std::string& id, const std::string& towns, core::Wkb wkb) {
        const core::School* s = school(id);
        t.rows.push_back({cell(id), s ? cell(s->name) : core::Cell(),
                          s ? cell(stageList(*s)) : core::Cell(),
                          towns.empty() ? core::Cell() : cell(towns),
                          cell(latest != nullptr ? "plan" : "dataset"),
                          latest != nullptr ? cell(latest->year) : core::Cell(),
                          cell(gis::decodeArea(wkb).areaM2 / 1.0e6)});
        t.geometries.push_back(std::move(wkb));
    };
    for (auto& [id, wkb] : polygons)
        add(id, "", wkb);
    // Zones given as towns: the union of the towns' outlines, schools in first-mention order.
    std::vector<std::string> ids;
    std::map<std::string, std::vector<std::string>> townsOf;
    for (const auto& [id, town] : schoolTowns) {
        auto& list = townsOf[id];
        if (list.empty())
            ids.push_back(id);
        if (std::find(list.begin(), list.end(), town) == list.end())
            list.push_back(town);
    }
    for (const std::string& id : ids) {
        std::vector<core::Wkb> parts;
        for (const std::string& town : townsOf[id])
            if (const core::Wkb* w = shapeOf(r.townShapes, town))
                parts.push_back(*w);
        if (!parts.empty())
            add(id, joined(townsOf[id], ","), gis::unionAreas(parts));
    }
    return t;
}

// ---- housing -----------------------------------------------------------------------------------

core::Table housingLayer(const StudyResults& r) {
    const core::CityData& city = *r.city;
    core::Table t = kindergartenCheckTable(city, r.kindergartens);
    t.name = "housing";
    t.titleZh = "新建住宅小区配套幼儿园";
    t.titleEn = "New housing and its kindergartens (配套幼儿园)";
    t.crs = r.workingCrs;
    t.columns.push_back(text("kindergarten_status", "配套园状态",
                             "Kindergarten status (compliant, non_compliant, not_required)"));
    for (std::size_t i = 0; i < r.kindergartens.size(); ++i) {
        const core::KindergartenCheck& c = r.kindergartens[i];
        t.rows[i].push_back(cell(!c.problems.empty() ? "non_compliant"
                                 : c.required        ? "compliant"
                                                     : "not_required"));
        t.geometries.push_back(pointWkb(city.housing[c.housingIndex].location));
    }
    return t;
}

// ---- The content of one export -----------------------------------------------------------------

ExportContent exportContent(const Study& study, const StudyResults& r) {
    ExportContent c;
    const auto add = [&](core::Table t, const char* whyZh, const char* whyEn) {
        if (t.rows.empty()) {
            c.notes.push_back(t.name + "（" + t.titleZh + "）未导出：" + whyZh + " / " + t.name +
                              " (" + t.titleEn + ") not exported: " + whyEn);
            return;
        }
        translateCodedValues(t);
        c.tables.push_back(std::move(t));
    };
    const auto style = [&](const std::string& name) -> gis::TableStyle& { return c.styles[name]; };

    add(districtLayer(r), "没有区县", "no districts");
    style("districts") = {"name", "", {90, 90, 90}, true, false, 8};
    core::Table towns = townLayer(r);
    towns.titleZh = "乡镇学位供需";
    towns.titleEn = "Seat balance and shortfall by town";
    add(std::move(towns), "没有乡镇", "no towns");
    style("towns").classifyKey = "primary_shortfall";
    add(zoneLayer(study.dataset(), study.scenario().plan, lastYearOf(r), r),
        "数据集和方案都没有学区", "neither the dataset nor the plan has attendance zones");
    style("zones") = {"school_name", "", {31, 120, 180}, true, false, 5};
    if (r.allocation) {
        add(catchmentLayer(r), "分配没有服务范围", "the allocation has no catchments");
        style("catchments") = {"", "", {77, 175, 74}, true, false, 3};
    } else {
        c.notes.emplace_back("catchments（学校服务范围）未导出：未做学位分配 / catchments not "
                             "exported: no allocation (--allocate none)");
    }
    add(landReservationTable(r, study.scenario().plan), "方案实施后不缺学位",
        "no seats are missing once the plan is in place");
    style("land_reservations").classifyKey = "land_m2";
    add(schoolLayer(r), "没有学校", "no schools");
    style("schools") = {"name", "", {55, 126, 184}, true, true, 5};
    add(schoolShortfallTable(r), "没有学校", "no schools");
    style("school_shortfall") = {"name", "over_enrolment", {}, false, true, 1};
    add(planSchoolTable(study.city(), study.scenario().plan, r.workingCrs),
        "方案没有新建、扩建或撤并学校", "the plan builds, expands or closes no school");
    style("plan_schools") = {"name", "", {228, 26, 28}, true, true, 1};
    add(housingLayer(r), "没有新建住宅小区", "no housing projects");
    style("housing") = {"name", "", {255, 127, 0}, true, true, 30};
    add(indicatorTable(r.indicators), "没有规划指标", "no indicators");
    bool years = false;
    for (core::Table& t : yearTables(r))
        if (t.name == "balance_by_year") {
            add(std::move(t), "没有预测年份", "no projected years");
            years = true;
        }
    if (!years)
        c.notes.emplace_back("balance_by_year（逐年区域学位供需）未导出：没有预测年份 (--years) / "
                             "balance_by_year not exported: no projected years (--years)");
    // Styles only for the tables exported (a style of an absent table is an export error).
    for (auto it = c.styles.begin(); it != c.styles.end();) {
        const bool exported =
            std::any_of(c.tables.begin(), c.tables.end(),
                        [&](const core::Table& t) { return t.name == it->first; });
        it = exported ? std::next(it) : c.styles.erase(it);
    }
    return c;
}

} // namespace xw::study
