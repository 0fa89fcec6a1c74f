// The seat balance, indicators, balance coefficients, 配套幼儿园 check, resources and validation
// as tables.
#include "detail/table_builder.hpp"

#include <xw/study/tables.hpp>

namespace xw::study {
namespace detail {

void appendWithYear(core::Table& into, int year, const core::Table& t,
                    const std::vector<std::pair<core::Column, core::Cell>>& extra) {
    if (into.columns.empty()) {
        into.columns.push_back(integer("year", "年份", "Year"));
        for (const auto& [column, value] : extra)
            into.columns.push_back(column);
        into.columns.insert(into.columns.end(), t.columns.begin(), t.columns.end());
    }
    for (const auto& r : t.rows) {
        std::vector<core::Cell> row{static_cast<std::int64_t>(year)};
        for (const auto& [column, value] : extra)
            row.push_back(value);
        row.insert(row.end(), r.begin(), r.end());
        into.rows.push_back(std::move(row));
    }
}

std::string districtOfTown(const core::RegionIndex& index, const core::Regions& regions,
                           const std::string& townCode) {
    const auto t = index.townIndex(townCode);
    const auto d = t ? index.districtOfTown(*t) : std::nullopt;
    return d ? regions.districts[*d].code : std::string();
}

} // namespace detail

using namespace detail;

namespace {

void addAreaRows(core::Table& t, const char* level, const std::vector<core::AreaStageBalance>& rows,
                 const core::CityData& city, const core::RegionIndex& index) {
    const bool town = std::string(level) == "town";
    for (const core::AreaStageBalance& a : rows)
        t.rows.push_back({cell(level), cell(a.code), cell(a.name),
                          cell(town ? districtOfTown(index, city.regions, a.code) : ""),
                          stageCell(a.stage), cell(a.residentsInBand), cell(a.demand),
                          cell(a.seats), cell(a.enrolment), cell(a.classes), cell(a.shortfall),
                          cell(a.surplus), cell(a.localShortfallSum), cell(a.utilisation),
                          cell(a.largeClasses), cell(a.hugeClasses)});
}

} // namespace

core::Table areaBalanceTable(const core::CityData& city, const core::SeatBalance& b) {
    core::Table t;
    t.name = "balance_areas";
    t.titleZh = "区域学位供需";
    t.titleEn = "Seat balance by area";
    t.columns = {
        text("level", "层级", "Level (city, district, grouping, town)"),
        text("code", "代码", "Code"),
        text("name", "名称", "Name"),
        text("district_code", "区县代码", "District code (towns)"),
        text("stage", "学段", "Stage"),
        real("residents_in_band", "适龄常住人口", "Residents of the stage's ages", "persons", 2),
        real("demand", "学位需求", "Demand: residents × target rate, whole children per town",
             "children", 2),
        integer("seats", "学位数", "Seats: classes × standard class size", "seats"),
        integer("enrolment", "在校生", "Pupils enrolled", "pupils"),
        integer("classes", "班数", "Classes", "classes"),
        real("shortfall", "学位缺口", "Seat shortfall: demand − seats when positive", "seats", 2),
        real("surplus", "富余学位", "Surplus seats: seats − demand when positive", "seats", 2),
        real("local_shortfall_sum", "分片缺口合计",
             "Sum of the shortfalls of the catchment units (towns or districts)", "seats", 2),
        real("utilisation", "学位使用率", "Utilisation: enrolment ÷ seats (empty: no seats)",
             "share", 4),
        integer("large_classes", "大班额班数", "Large classes: pupils " + largeClassMinText(),
                "classes"),
        integer("huge_classes", "超大班额班数", "Huge classes: pupils " + hugeClassMinText(),
                "classes")};
    const core::RegionIndex index(city.regions);
    addAreaRows(t, "city", b.city, city, index);
    addAreaRows(t, "district", b.districts, city, index);
    addAreaRows(t, "grouping", b.groupings, city, index);
    addAreaRows(t, "town", b.towns, city, index);
    return t;
}

core::Table schoolBalanceTable(const core::CityData& city, const core::SeatBalance& b) {
    core::Table t;
    t.name = "balance_schools";
    t.titleZh = "学校学位供需";
    t.titleEn = "Seat balance by school";
    t.columns = {
        text("school_id", "学校标识码", "School id"),
        text("campus", "校区", "Campus (empty: a school on one site)"),
        text("name", "学校名称", "School name"),
        text("town_code", "乡镇代码", "Town code"),
        text("ownership", "办学性质", "Ownership (public, private)"),
        text("stage", "学段", "Stage"),
        integer("classes", "班数", "Classes", "classes"),
        integer("seats", "学位数", "Seats", "seats"),
        integer("enrolment", "在校生", "Pupils enrolled", "pupils"),
        real("utilisation", "学位使用率", "Utilisation: enrolment ÷ seats (empty: no seats)",
             "share", 4),
        real("mean_class_size", "平均班额", "Mean class size (empty: no classes)", "pupils", 2),
        integer("large_classes", "大班额班数", "Large classes: pupils " + largeClassMinText(),
                "classes"),
        integer("huge_classes", "超大班额班数", "Huge classes: pupils " + hugeClassMinText(),
                "classes"),
        text("large_classes_source", "大班额来源",
             "Where the large-class counts come from (reported, even_split)")};
    for (const core::SchoolStageBalance& s : b.schools) {
        const core::School& sc = city.schools[s.schoolIndex];
        t.rows.push_back({cell(sc.id), cell(sc.campus), cell(sc.name), cell(sc.townCode),
                          cell(sc.ownership == core::Ownership::Public ? "public" : "private"),
                          stageCell(s.stage), cell(s.classes), cell(s.seats), cell(s.enrolment),
                          cell(s.utilisation), cell(s.meanClassSize), cell(s.largeClasses),
                          cell(s.hugeClasses),
                          cell(s.classesReported ? "reported" : "even_split")});
    }
    return t;
}

core::Table indicatorTable(const std::vector<core::AreaIndicators>& areas) {
    core::Table t;
    t.name = "indicators";
    t.titleZh = "规划指标";
    t.titleEn = "Indicators of the 2017 plan";
    t.columns = {
        text("level", "层级", "Level (city, district)"),
        text("code", "代码", "Code"),
        text("name", "名称", "Name"),
        text("indicator", "指标键", "Indicator key"),
        text("name_zh", "指标", "Indicator (Chinese)"),
        text("name_en", "指标（英文）", "Indicator (English)"),
        real("numerator", "分子", "Numerator", "", 2),
        real("denominator", "分母", "Denominator", "", 2),
        real("value", "数值", "Value: numerator ÷ denominator (empty: undefined)", "share", 4),
        text("comparison", "比较", "Comparison (at_least, at_most, between)"),
        real("target", "目标", "Target (lower bound for between)", "share", 4),
        real("target_high", "目标上限", "Upper bound (between)", "share", 4),
        text("pass", "是否达标", "Pass, fail or undefined")};
    for (const auto& a : areas)
        for (const auto& i : a.items)
            t.rows.push_back(
                {cell(a.level), cell(a.code), cell(a.name), cell(i.key), cell(i.nameZh),
                 cell(i.nameEn), cell(i.numerator), cell(i.denominator), cell(i.value),
                 cell(i.comparison == core::Comparison::AtLeast  ? "at_least"
                      : i.comparison == core::Comparison::AtMost ? "at_most"
                                                                 : "between"),
                 cell(i.target),
                 i.comparison == core::Comparison::Between ? cell(i.targetHigh) : core::Cell(),
                 cell(i.pass ? (*i.pass ? "pass" : "fail") : "undefined")});
    return t;
}

core::Table coefficientTable(const core::CityData& city,
                             const std::vector<core::BalanceResult>& results) {
    core::Table t;
    t.name = "balance_coefficients";
    t.titleZh = "义务教育均衡差异系数";
    t.titleEn = "Balance coefficients (差异系数)";
    t.columns = {
        text("district_code", "区县代码", "District code"),
        text("district", "区县", "District"),
        text("stage", "学段", "Stage"),
        integer("schools", "学校数", "Schools counted", "schools"),
        real("cv_teachers_per_100", "生师比差异系数", "CV of teachers per 100 pupils", "", 4),
        real("cv_bachelor_teachers_per_100", "本科教师差异系数",
             "CV of bachelor teachers per 100 pupils", "", 4),
        real("cv_land_per_student", "生均占地差异系数", "CV of land per pupil", "", 4),
        real("cv_floor_per_student", "生均建筑差异系数", "CV of floor area per pupil", "", 4),
        real("mean_cv", "平均差异系数", "Mean of the CVs", "", 4),
        real("threshold", "限值", "The standard's limit", "", 2),
        text("pass", "是否达标", "Pass or fail")};
    for (const auto& r : results) {
        const auto d = city.regions.districtIndex(r.districtCode);
        t.rows.push_back({cell(r.districtCode), cell(d ? city.regions.districts[*d].name : ""),
                          stageCell(r.stage), cell(r.schools), cell(r.cv[0]), cell(r.cv[1]),
                          cell(r.cv[2]), cell(r.cv[3]), cell(r.meanCv), cell(r.threshold),
                          cell(r.pass ? "pass" : "fail")});
    }
    return t;
}

core::Table kindergartenCheckTable(const core::CityData& city,
                                   const std::vector<core::KindergartenCheck>& checks) {
    core::Table t;
    t.name = "kindergarten_check";
    t.titleZh = "新建小区配套幼儿园核查";
    t.titleEn = "Kindergartens of new housing (配套幼儿园)";
    t.columns = {
        text("housing_id", "项目编号", "Housing project id"),
        text("name", "项目名称", "Name"),
        text("town_code", "乡镇代码", "Town code"),
        integer("dwellings", "住宅套数", "Dwellings", "dwellings"),
        integer("completion_year", "竣工年份", "Completion year", "year"),
        real("residents", "居住人口", "Residents: dwellings × persons per household", "persons", 0),
        text("required", "须配建", "Needs its own kindergarten (yes, no)"),
        integer("kindergartens_required", "须配建园数", "Kindergartens required"),
        real("seats_required", "所需学位", "Seats required (40 per 1,000 residents)", "seats", 1),
        integer("classes_required", "所需班数", "Classes required", "classes"),
        integer("classes_planned", "规划班数", "Classes planned", "classes"),
        integer("delivery_year", "交付年份", "Delivery year (empty: unknown)", "year"),
        text("public_or_puhui", "公办或普惠", "To be run as 公办 or 普惠 (yes, no)"),
        text("problems", "问题", "Problems")};
    for (const auto& c : checks) {
        const core::HousingProject& h = city.housing[c.housingIndex];
        std::string problems;
        for (auto p : c.problems)
            problems += (problems.empty() ? "" : "; ") + std::string(core::problemNameZh(p)) + " " +
                        std::string(core::problemNameEn(p));
        t.rows.push_back({cell(h.id), cell(h.name), cell(h.townCode), cell(h.dwellings),
                          cell(h.completionYear), cell(c.residents), yesNo(c.required),
                          cell(c.kindergartensRequired), cell(c.seatsRequired),
                          cell(c.classesRequired), cell(c.classesPlanned),
                          cell(h.kindergarten.deliveryYear), yesNo(h.kindergarten.publicOrPuhui),
                          cell(problems)});
    }
    return t;
}

core::Table resourcesTable(const std::vector<core::AreaResources>& rows) {
    core::Table t;
    t.name = "resources";
    t.titleZh = "教师与用地";
    t.titleEn = "Teachers, land and floor area";
    t.columns = {
        text("level", "层级", "Level (city, district, town)"),
        text("code", "代码", "Code"),
        text("name", "名称", "Name"),
        text("stage", "学段", "Stage"),
        real("teachers_on_record", "在编教师", "Teachers on record", "teachers", 2),
        real("teachers_for_enrolment", "按编制需教师",
             "Teachers the staffing ratio requires for the pupils", "teachers", 2),
        real("teacher_gap", "缺教师", "Teachers short", "teachers", 2),
        real("missing_seats", "缺学位", "Missing seats (local shortfall)", "seats", 2),
        real("teachers_for_missing", "补缺位所需教师", "Teachers for the missing seats", "teachers",
             2),
        real("land_for_missing_m2", "补缺位所需用地", "Land for the missing seats", "m²", 0),
        real("floor_for_missing_m2", "补缺位所需建筑面积", "Floor area for the missing seats", "m²",
             0)};
    for (const auto& r : rows)
        t.rows.push_back({cell(r.level), cell(r.code), cell(r.name), stageCell(r.stage),
                          cell(r.teachersOnRecord), cell(r.teachersForEnrolment),
                          cell(r.teacherGap), cell(r.missingSeats), cell(r.teachersForMissing),
                          cell(r.landForMissingM2), cell(r.floorForMissingM2)});
    return t;
}

core::Table validationTable(const std::vector<core::Diagnostic>& diagnostics) {
    core::Table t;
    t.name = "validation";
    t.titleZh = "数据校验";
    t.titleEn = "Validation";
    t.columns = {text("severity", "级别", "Severity (info, warning, error)"),
                 text("file", "文件", "File"),
                 text("layer", "图层", "Layer or table"),
                 text("feature", "要素", "Feature id or row"),
                 text("field", "字段", "Field"),
                 text("message", "说明", "Message")};
    for (const auto& d : diagnostics) {
        std::string file = d.file;
        if (d.line > 0)
            file +=
                ":" + std::to_string(d.line) + (d.column > 0 ? ":" + std::to_string(d.column) : "");
        t.rows.push_back({cell(core::severityCode(d.severity)), cell(file), cell(d.layer),
                          cell(d.featureId), cell(d.field), cell(d.message)});
    }
    return t;
}

std::vector<core::Table> yearTables(const StudyResults& r) {
    std::vector<core::Table> out;
    if (r.years.empty())
        return out;
    core::Table areas, schools, indicators, coefficients, resources, allocAreas, allocSchools;
    for (const YearResult& y : r.years) {
        appendWithYear(areas, y.year, areaBalanceTable(*y.city, y.balance));
        if (!y.indicators)
            continue;
        appendWithYear(schools, y.year, schoolBalanceTable(*y.city, y.balance));
        appendWithYear(indicators, y.year, indicatorTable(y.indicators->areas),
                       {{integer("deadline_year", "目标年份", "Year the target was due", "year"),
                         cell(y.indicators->deadlineYear)},
                        {text("due", "已到期", "Whether the target year has passed (yes, no)"),
                         yesNo(y.indicators->due)}});
        appendWithYear(coefficients, y.year, coefficientTable(*y.city, y.coefficients));
        appendWithYear(resources, y.year, resourcesTable(y.resources));
    }
    if (r.allocation)
        for (const YearResult& y : r.years) {
            appendWithYear(allocAreas, y.year, allocationAreaTable(*y.city, y.allocation));
            appendWithYear(allocSchools, y.year, allocationSchoolTable(*y.city, y.allocation));
        }
    const auto add = [&](core::Table t, const char* name, const char* zh, const char* en) {
        if (t.columns.empty())
            return;
        t.name = name;
        t.titleZh = zh;
        t.titleEn = en;
        out.push_back(std::move(t));
    };
    add(std::move(areas), "balance_by_year", "逐年区域学位供需", "Seat balance by year and area");
    add(std::move(schools), "balance_schools_by_year", "逐年学校学位供需",
        "Seat balance by year and school");
    add(std::move(indicators), "indicators_by_year", "逐年规划指标", "Indicators by year");
    add(std::move(coefficients), "balance_coefficients_by_year", "逐年均衡差异系数",
        "Balance coefficients by year");
    add(std::move(resources), "resources_by_year", "逐年教师与用地", "Teachers and land by year");
    add(std::move(allocAreas), "allocation_areas_by_year", "逐年区域学位分配",
        "Allocation by year and area");
    add(std::move(allocSchools), "allocation_schools_by_year", "逐年学校学位分配",
        "Allocation by year and school");
    return out;
}

} // namespace xw::study
