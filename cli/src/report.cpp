#include "report.hpp"

#include "text_table.hpp"

#include <fmt/format.h>

#include <cmath>

namespace xw::cli {
namespace {

using core::AreaStageBalance;
using core::Stage;

std::string integer(double v) {
    return fmt::format("{:.0f}", std::round(v));
}

std::string percent(double ratio, bool haveSeats) {
    return haveSeats ? fmt::format("{:.0f}%", ratio * 100.0) : "-";
}

std::string districtOf(const core::CityData& city, const std::string& townCode) {
    for (const auto& t : city.regions.towns)
        if (t.code == townCode)
            return t.districtCode;
    return "";
}

void addAreaRows(CsvTable& t, const std::string& level, const std::vector<AreaStageBalance>& rows,
                 const core::CityData& city) {
    for (const AreaStageBalance& a : rows) {
        t.rows.push_back({level, a.code, a.name,
                          level == "town" ? districtOf(city, a.code) : std::string(),
                          std::string(core::stageCode(a.stage)), fixed(a.residentsInBand, 2),
                          fixed(a.demand, 2), std::to_string(a.seats), std::to_string(a.enrolment),
                          std::to_string(a.classes), fixed(a.shortfall, 2), fixed(a.surplus, 2),
                          fixed(a.localShortfallSum, 2), fixed(a.utilisation, 4),
                          std::to_string(a.largeClasses), std::to_string(a.hugeClasses)});
    }
}

const AreaStageBalance* find(const std::vector<AreaStageBalance>& rows, const std::string& code,
                             Stage s) {
    for (const auto& a : rows)
        if (a.code == code && a.stage == s)
            return &a;
    return nullptr;
}

std::vector<std::string> cells(const std::string& label, const AreaStageBalance& a, bool total) {
    return {label,
            integer(a.residentsInBand),
            integer(a.demand),
            std::to_string(a.seats),
            std::to_string(a.enrolment),
            integer(a.shortfall),
            integer(a.surplus),
            total ? integer(a.localShortfallSum) : "",
            percent(a.utilisation, a.seats > 0),
            std::to_string(a.largeClasses),
            std::to_string(a.hugeClasses)};
}

} // namespace

std::string fixed(double v, int decimals) {
    if (v == 0.0)
        v = 0.0; // no "-0.00"
    return fmt::format("{:.{}f}", v, decimals);
}

std::vector<std::string> areaBalanceHeader() {
    return {"level",
            "code",
            "name",
            "district_code",
            "stage",
            "residents_in_band",
            "demand",
            "seats",
            "enrolment",
            "classes",
            "shortfall",
            "surplus",
            "local_shortfall_sum",
            "utilisation",
            "large_classes",
            "huge_classes"};
}

CsvTable areaBalanceTable(const core::CityData& city, const core::SeatBalance& b) {
    CsvTable t;
    t.header = areaBalanceHeader();
    addAreaRows(t, "city", b.city, city);
    addAreaRows(t, "district", b.districts, city);
    addAreaRows(t, "grouping", b.groupings, city);
    addAreaRows(t, "town", b.towns, city);
    return t;
}

CsvTable schoolBalanceTable(const core::CityData& city, const core::SeatBalance& b) {
    CsvTable t;
    t.header = {
        "school_id",     "name",         "town_code",           "ownership",   "stage",
        "classes",       "seats",        "enrolment",           "utilisation", "mean_class_size",
        "large_classes", "huge_classes", "large_classes_source"};
    for (const core::SchoolStageBalance& s : b.schools) {
        const core::School& sc = city.schools[s.schoolIndex];
        t.rows.push_back({sc.id, sc.name, sc.townCode,
                          sc.ownership == core::Ownership::Public ? "public" : "private",
                          std::string(core::stageCode(s.stage)), std::to_string(s.classes),
                          std::to_string(s.seats), std::to_string(s.enrolment),
                          fixed(s.utilisation, 4), fixed(s.meanClassSize, 2),
                          std::to_string(s.largeClasses), std::to_string(s.hugeClasses),
                          s.classesReported ? "reported" : "even_split"});
    }
    return t;
}

std::string renderHeadline(const core::CityData& city, const core::SeatBalance& b) {
    TextTable t({"学段 Stage", "需求 Demand", "学位 Seats", "在校 Enrolled", "净缺口 Net short",
                 "Σ分片缺口 Σlocal short", "缺位片区 Units short", "大班额 ≥56", "超大 ≥66"},
                {false, true, true, true, true, true, true, true, true});
    for (const AreaStageBalance& c : b.city) {
        // Units short: towns, or districts for stages recruited county-wide.
        const bool byDistrict = city.norms[c.stage].catchment == core::CatchmentLevel::District;
        const auto& units = byDistrict ? b.districts : b.towns;
        int unitsShort = 0;
        for (const auto& u : units)
            if (u.stage == c.stage && u.shortfall >= 0.5)
                ++unitsShort;
        const std::size_t unitCount =
            byDistrict ? city.regions.districts.size() : city.regions.towns.size();
        t.addRow({fmt::format("{} {}", core::stageNameZh(c.stage), core::stageNameEn(c.stage)),
                  integer(c.demand), std::to_string(c.seats), std::to_string(c.enrolment),
                  integer(c.shortfall), integer(c.localShortfallSum),
                  fmt::format("{}/{} {}", unitsShort, unitCount,
                              byDistrict ? "区县 districts" : "乡镇 towns"),
                  std::to_string(c.largeClasses), std::to_string(c.hugeClasses)});
    }
    return t.render();
}

std::string renderStageTable(const core::CityData& city, const core::SeatBalance& b, Stage stage) {
    TextTable t({"区域 Area", "适龄 In band", "需求 Demand", "学位 Seats", "在校 Enrolled",
                 "缺口 Short", "富余 Surplus", "Σ分片缺口", "使用率 Util.", "≥56", "≥66"},
                {false, true, true, true, true, true, true, true, true, true, true});
    if (const auto* c = find(b.city, city.regions.cityCode, stage))
        t.addRow(cells(c->name, *c, true));
    for (const auto& d : city.regions.districts) {
        t.addRule();
        if (const auto* a = find(b.districts, d.code, stage))
            t.addRow(cells(a->name, *a, true));
        for (const auto& tw : city.regions.towns) {
            if (tw.districtCode != d.code)
                continue;
            if (const auto* a = find(b.towns, tw.code, stage))
                t.addRow(cells("  " + a->name, *a, false));
        }
    }
    if (!city.regions.groupings.empty()) {
        t.addRule();
        for (const auto& g : city.regions.groupings)
            if (const auto* a = find(b.groupings, g.name, stage))
                t.addRow(cells(a->name + " (功能区 zone)", *a, true));
    }
    return t.render();
}

namespace {

std::string valueText(const core::Indicator& i) {
    return i.value ? fmt::format("{:.1f}%", *i.value * 100.0) : "-";
}

std::string targetText(const core::Indicator& i) {
    switch (i.comparison) {
    case core::Comparison::AtLeast:
        return fmt::format("≥{:.0f}%", i.target * 100.0);
    case core::Comparison::AtMost:
        return fmt::format("≤{:.0f}%", i.target * 100.0);
    case core::Comparison::Between:
        return fmt::format("{:.0f}–{:.0f}%", i.target * 100.0, i.targetHigh * 100.0);
    }
    return "";
}

std::string passText(const std::optional<bool>& pass) {
    return pass ? (*pass ? "✓" : "✗") : "-";
}

std::string optionalFixed(const std::optional<double>& v, int decimals) {
    return v ? fixed(*v, decimals) : std::string();
}

} // namespace

CsvTable indicatorTable(const std::vector<core::AreaIndicators>& areas) {
    CsvTable t;
    t.header = {"level",   "code",        "name",        "indicator", "name_zh",
                "name_en", "numerator",   "denominator", "value",     "comparison",
                "target",  "target_high", "pass"};
    for (const auto& a : areas)
        for (const auto& i : a.items)
            t.rows.push_back(
                {a.level, a.code, a.name, i.key, i.nameZh, i.nameEn, fixed(i.numerator, 2),
                 fixed(i.denominator, 2), optionalFixed(i.value, 4),
                 i.comparison == core::Comparison::AtLeast  ? "at_least"
                 : i.comparison == core::Comparison::AtMost ? "at_most"
                                                            : "between",
                 fixed(i.target, 4),
                 i.comparison == core::Comparison::Between ? fixed(i.targetHigh, 4) : "",
                 i.pass ? (*i.pass ? "pass" : "fail") : "undefined"});
    return t;
}

std::string renderIndicators(const std::vector<core::AreaIndicators>& areas) {
    if (areas.empty())
        return "";
    std::vector<std::string> header{"指标 Indicator", "目标 Target"};
    for (const auto& a : areas)
        header.push_back(a.name);
    std::vector<bool> right(header.size(), true);
    right[0] = false;
    TextTable t(header, right);
    for (std::size_t k = 0; k < areas.front().items.size(); ++k) {
        const core::Indicator& first = areas.front().items[k];
        std::vector<std::string> row{first.nameZh, targetText(first)};
        for (const auto& a : areas)
            row.push_back(valueText(a.items[k]) + " " + passText(a.items[k].pass));
        t.addRow(row);
    }
    return t.render();
}

CsvTable balanceCoefficientTable(const core::CityData& city,
                                 const std::vector<core::BalanceResult>& results) {
    CsvTable t;
    t.header = {"district_code",
                "district",
                "stage",
                "schools",
                "cv_teachers_per_100",
                "cv_bachelor_teachers_per_100",
                "cv_land_per_student",
                "cv_floor_per_student",
                "mean_cv",
                "threshold",
                "pass"};
    for (const auto& r : results) {
        const auto d = city.regions.districtIndex(r.districtCode);
        t.rows.push_back({r.districtCode, d ? city.regions.districts[*d].name : "",
                          std::string(core::stageCode(r.stage)), std::to_string(r.schools),
                          optionalFixed(r.cv[0], 4), optionalFixed(r.cv[1], 4),
                          optionalFixed(r.cv[2], 4), optionalFixed(r.cv[3], 4),
                          optionalFixed(r.meanCv, 4), fixed(r.threshold, 2),
                          r.pass ? "pass" : "fail"});
    }
    return t;
}

std::string renderBalanceCoefficients(const core::CityData& city,
                                      const std::vector<core::BalanceResult>& results) {
    TextTable t({"区县 District", "学段 Stage", "学校 Schools", "生师比 Teachers",
                 "本科教师 Bachelor", "生均占地 Land", "生均建筑 Floor", "平均 Mean", "限值 Limit",
                 ""},
                {false, false, true, true, true, true, true, true, true, false});
    for (const auto& r : results) {
        const auto d = city.regions.districtIndex(r.districtCode);
        t.addRow({d ? city.regions.districts[*d].name : r.districtCode,
                  std::string(core::stageNameZh(r.stage)), std::to_string(r.schools),
                  optionalFixed(r.cv[0], 3), optionalFixed(r.cv[1], 3), optionalFixed(r.cv[2], 3),
                  optionalFixed(r.cv[3], 3), optionalFixed(r.meanCv, 3), fixed(r.threshold, 2),
                  r.pass ? "✓" : "✗"});
    }
    return t.render();
}

CsvTable kindergartenCheckTable(const core::CityData& city,
                                const std::vector<core::KindergartenCheck>& checks) {
    CsvTable t;
    t.header = {"housing_id",      "name",
                "town_code",       "dwellings",
                "completion_year", "residents",
                "required",        "kindergartens_required",
                "seats_required",  "classes_required",
                "classes_planned", "delivery_year",
                "public_or_puhui", "problems"};
    for (const auto& c : checks) {
        const core::HousingProject& h = city.housing[c.housingIndex];
        std::string problems;
        for (auto p : c.problems)
            problems += (problems.empty() ? "" : "; ") + std::string(core::problemNameZh(p)) + " " +
                        std::string(core::problemNameEn(p));
        t.rows.push_back(
            {h.id, h.name, h.townCode, std::to_string(h.dwellings),
             std::to_string(h.completionYear), fixed(c.residents, 0), c.required ? "yes" : "no",
             std::to_string(c.kindergartensRequired), fixed(c.seatsRequired, 1),
             std::to_string(c.classesRequired), std::to_string(c.classesPlanned),
             h.kindergarten.deliveryYear ? std::to_string(*h.kindergarten.deliveryYear) : "",
             h.kindergarten.publicOrPuhui ? "yes" : "no", problems});
    }
    return t;
}

std::string renderKindergartenChecks(const core::CityData& city,
                                     const std::vector<core::KindergartenCheck>& checks) {
    TextTable t({"小区 Estate", "乡镇 Town", "竣工 Done", "人口 People", "需班 Need", "规划 Plan",
                 "交付 Open", "问题 Problems"},
                {false, false, true, true, true, true, true, false});
    int failing = 0;
    for (const auto& c : checks) {
        if (c.problems.empty())
            continue;
        ++failing;
        const core::HousingProject& h = city.housing[c.housingIndex];
        const auto ti = city.regions.townIndex(h.townCode);
        std::string problems;
        for (auto p : c.problems)
            problems += (problems.empty() ? "" : ", ") + std::string(core::problemNameZh(p));
        t.addRow({h.id + " " + h.name, ti ? city.regions.towns[*ti].name : h.townCode,
                  std::to_string(h.completionYear), fixed(c.residents, 0),
                  std::to_string(c.classesRequired), std::to_string(c.classesPlanned),
                  h.kindergarten.deliveryYear ? std::to_string(*h.kindergarten.deliveryYear) : "-",
                  problems});
    }
    int required = 0;
    for (const auto& c : checks)
        required += c.required ? 1 : 0;
    return fmt::format("{} 个小区须配建幼儿园, {} 个不合规 / {} estates need their own "
                       "kindergarten, {} fail:\n",
                       required, failing, required, failing) +
           (failing > 0 ? t.render() : std::string());
}

CsvTable resourcesTable(const std::vector<core::AreaResources>& rows) {
    CsvTable t;
    t.header = {"level",
                "code",
                "name",
                "stage",
                "teachers_on_record",
                "teachers_for_enrolment",
                "teacher_gap",
                "missing_seats",
                "teachers_for_missing",
                "land_for_missing_m2",
                "floor_for_missing_m2"};
    for (const auto& r : rows)
        t.rows.push_back({r.level, r.code, r.name, std::string(core::stageCode(r.stage)),
                          fixed(r.teachersOnRecord, 2), fixed(r.teachersForEnrolment, 2),
                          fixed(r.teacherGap, 2), fixed(r.missingSeats, 2),
                          fixed(r.teachersForMissing, 2), fixed(r.landForMissingM2, 0),
                          fixed(r.floorForMissingM2, 0)});
    return t;
}

std::string renderResources(const std::vector<core::AreaResources>& rows) {
    TextTable t({"区域 Area", "学段 Stage", "在编教师 Teachers", "按编制需 Needed", "缺教师 Short",
                 "缺学位 Missing seats", "新增教师 New teachers", "用地 Land m²", "建筑 Floor m²"},
                {false, false, true, true, true, true, true, true, true});
    std::string last;
    for (const auto& r : rows) {
        if (r.level == "town")
            continue;
        if (!last.empty() && last != r.code)
            t.addRule();
        last = r.code;
        t.addRow({r.name, std::string(core::stageNameZh(r.stage)), integer(r.teachersOnRecord),
                  integer(r.teachersForEnrolment), integer(r.teacherGap), integer(r.missingSeats),
                  integer(r.teachersForMissing), integer(r.landForMissingM2),
                  integer(r.floorForMissingM2)});
    }
    return t.render();
}

} // namespace xw::cli
