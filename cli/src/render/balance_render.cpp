// Terminal tables of the base-year balance, indicators, coefficients, 配套幼儿园 and resources.
#include "render/render.hpp"
#include "text_table.hpp"

#include <xw/core/model/region.hpp>

#include <fmt/format.h>

#include <cmath>

namespace xw::cli {
namespace {

using core::AreaStageBalance;
using core::Stage;

std::string percent(const std::optional<double>& ratio) {
    return ratio ? fmt::format("{:.0f}%", *ratio * 100.0) : "n/a";
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
            whole(a.residentsInBand),
            whole(a.demand),
            std::to_string(a.seats),
            std::to_string(a.enrolment),
            whole(a.shortfall),
            whole(a.surplus),
            total ? whole(a.localShortfallSum) : "",
            percent(a.utilisation),
            std::to_string(a.largeClasses),
            std::to_string(a.hugeClasses)};
}

bool byDistrict(const core::CityData& city, Stage s) {
    return city.norms[s].catchment == core::CatchmentLevel::District;
}

} // namespace

std::string whole(double v) {
    const double r = std::round(v);
    return fmt::format("{:.0f}", r == 0.0 ? 0.0 : r);
}

std::string renderSummary(const core::CityData& c, const std::string& scenario,
                          const std::string& workingCrs,
                          const std::vector<core::Diagnostic>& diagnostics) {
    return fmt::format("数据集 Dataset: {} | 方案 scenario: {} | 基准年 base year {} | {} 个区县 "
                       "districts, {} 个乡镇 towns, {} 所学校 schools, {} 个新建小区 housing "
                       "projects | 坐标系 CRS {}\n"
                       "校验 Validation: {} 个错误 errors (记录已跳过 records skipped), {} 个警告 "
                       "warnings (已修复或已假设 repaired or assumed)\n",
                       c.name, scenario, c.baseYear, c.regions.districts.size(),
                       c.regions.towns.size(), c.schools.size(), c.housing.size(), workingCrs,
                       core::countOf(diagnostics, core::Severity::Error),
                       core::countOf(diagnostics, core::Severity::Warning));
}

std::string renderHeadline(const study::StudyResults& r) {
    const core::CityData& city = *r.city;
    TextTable t({"学段 Stage", "需求 Demand", "学位 Seats", "在校 Enrolled", "净缺口 Net short",
                 "片区缺口合计 Short within units", "缺位片区 Units short",
                 fmt::format("大班额 ≥{}", city.norms.largeClassMin),
                 fmt::format("超大 ≥{}", city.norms.hugeClassMin)},
                {false, true, true, true, true, true, true, true, true});
    for (const AreaStageBalance& c : r.balance.city) {
        const bool district = byDistrict(city, c.stage);
        int unitsShort = 0;
        for (const auto& u : district ? r.balance.districts : r.balance.towns)
            if (u.stage == c.stage && u.shortfall >= 0.5)
                ++unitsShort;
        const std::size_t units =
            district ? city.regions.districts.size() : city.regions.towns.size();
        t.addRow(
            {fmt::format("{} {}", core::stageNameZh(c.stage), core::stageNameEn(c.stage)),
             whole(c.demand), std::to_string(c.seats), std::to_string(c.enrolment),
             whole(c.shortfall), whole(c.localShortfallSum),
             fmt::format("{}/{} {}", unitsShort, units, district ? "区县 districts" : "乡镇 towns"),
             std::to_string(c.largeClasses), std::to_string(c.hugeClasses)});
    }
    return t.render() +
           "净缺口 = 全市需求 − 全市学位; 片区缺口合计 = 各招生片区 (乡镇, 高中、中职、特教为区县) "
           "缺口之和, 即不跨片区就学时缺少的学位。\n"
           "Net short = the city's demand − its seats; short within units = the sum of the "
           "shortfalls of the catchment units (towns; districts for senior, vocational and special "
           "schools): the seats missing when no child goes to school outside its unit.\n";
}

std::string renderStageTable(const study::StudyResults& r, Stage stage) {
    const core::CityData& city = *r.city;
    const core::SeatBalance& b = r.balance;
    TextTable t({"区域 Area", "适龄 In band", "需求 Demand", "学位 Seats", "在校 Enrolled",
                 "缺口 Short", "富余 Surplus", "片区缺口合计", "使用率 Util.",
                 fmt::format("≥{}", city.norms.largeClassMin),
                 fmt::format("≥{}", city.norms.hugeClassMin)},
                {false, true, true, true, true, true, true, true, true, true, true});
    if (const auto* c = find(b.city, city.regions.cityCode, stage))
        t.addRow(cells(c->name, *c, true));
    const bool district = byDistrict(city, stage);
    const core::RegionIndex index(city.regions);
    for (std::size_t d = 0; d < city.regions.districts.size(); ++d) {
        if (!district)
            t.addRule();
        if (const auto* a = find(b.districts, city.regions.districts[d].code, stage))
            t.addRow(cells(a->name, *a, true));
        if (district)
            continue; // county-wide: a town's own shortfall means nothing
        for (const std::size_t tw : index.townsOfDistrict(d))
            if (const auto* a = find(b.towns, city.regions.towns[tw].code, stage))
                t.addRow(cells("  " + a->name, *a, false));
    }
    if (!city.regions.groupings.empty()) {
        t.addRule();
        for (const auto& g : city.regions.groupings)
            if (const auto* a = find(b.groupings, g.name, stage))
                t.addRow(cells(a->name + " (功能区 zone)", *a, true));
    }
    return t.render() + (district ? "该学段以区县为招生片区, 不列乡镇 / recruited county-wide: "
                                    "shown by district only.\n"
                                  : "");
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
    return v ? fmt::format("{:.{}f}", *v, decimals) : std::string("-");
}

} // namespace

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

std::string renderCoefficients(const core::CityData& city,
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
                  optionalFixed(r.cv[3], 3), optionalFixed(r.meanCv, 3),
                  fmt::format("{:.2f}", r.threshold), r.pass ? "✓" : "✗"});
    }
    return t.render();
}

std::string renderKindergartenChecks(const core::CityData& city,
                                     const std::vector<core::KindergartenCheck>& checks) {
    TextTable t({"小区 Estate", "乡镇 Town", "竣工 Done", "人口 People", "需班 Need", "规划 Plan",
                 "交付 Open", "问题 Problems"},
                {false, false, true, true, true, true, true, false});
    int failing = 0;
    int required = 0;
    const core::RegionIndex index(city.regions);
    for (const auto& c : checks) {
        required += c.required ? 1 : 0;
        if (c.problems.empty())
            continue;
        ++failing;
        const core::HousingProject& h = city.housing[c.housingIndex];
        const auto ti = index.townIndex(h.townCode);
        std::string problems;
        for (auto p : c.problems)
            problems += (problems.empty() ? "" : ", ") + std::string(core::problemNameZh(p));
        t.addRow({h.id + " " + h.name, ti ? city.regions.towns[*ti].name : h.townCode,
                  std::to_string(h.completionYear), whole(c.residents),
                  std::to_string(c.classesRequired), std::to_string(c.classesPlanned),
                  h.kindergarten.deliveryYear ? std::to_string(*h.kindergarten.deliveryYear) : "-",
                  problems});
    }
    return fmt::format("{} 个小区须配建幼儿园, {} 个不合规 / {} estates need their own "
                       "kindergarten, {} fail:\n",
                       required, failing, required, failing) +
           (failing > 0 ? t.render() : std::string());
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
        t.addRow({r.name, std::string(core::stageNameZh(r.stage)), whole(r.teachersOnRecord),
                  whole(r.teachersForEnrolment), whole(r.teacherGap), whole(r.missingSeats),
                  whole(r.teachersForMissing), whole(r.landForMissingM2),
                  whole(r.floorForMissingM2)});
    }
    return t.render();
}

} // namespace xw::cli
