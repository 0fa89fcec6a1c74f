#include "report.hpp"

#include "text_table.hpp"

#include <fmt/format.h>

#include <cmath>

namespace xw::cli {
namespace {

using core::AreaStageBalance;
using core::Stage;

std::string integer(double v) { return fmt::format("{:.0f}", std::round(v)); }

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

CsvTable areaBalanceTable(const core::CityData& city, const core::SeatBalance& b) {
    CsvTable t;
    t.header = {"level",     "code",     "name",      "district_code", "stage",
                "residents_in_band",     "demand",    "seats",         "enrolment",
                "classes",   "shortfall", "surplus",  "local_shortfall_sum",
                "utilisation",           "large_classes",              "huge_classes"};
    addAreaRows(t, "city", b.city, city);
    addAreaRows(t, "district", b.districts, city);
    addAreaRows(t, "grouping", b.groupings, city);
    addAreaRows(t, "town", b.towns, city);
    return t;
}

CsvTable schoolBalanceTable(const core::CityData& city, const core::SeatBalance& b) {
    CsvTable t;
    t.header = {"school_id", "name",      "town_code",       "ownership",     "stage",
                "classes",   "seats",     "enrolment",       "utilisation",   "mean_class_size",
                "large_classes",          "huge_classes",    "large_classes_source"};
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

} // namespace xw::cli
