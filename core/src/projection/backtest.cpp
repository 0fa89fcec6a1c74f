#include <xw/core/projection/backtest.hpp>

#include "detail/projection_engine.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

namespace xw::core {

std::vector<ObservedEnrolment> observedEnrolment(const CityData& city) {
    std::map<std::tuple<std::string, int, int>, double> sums;
    for (const School& school : city.schools)
        for (const StageProvision& sp : school.stages)
            for (const GradeRecord& g : sp.grades)
                sums[{school.townCode, stageIndex(sp.stage), g.grade}] += g.students;
    std::vector<ObservedEnrolment> out;
    out.reserve(sums.size());
    for (const auto& [key, students] : sums)
        out.push_back({city.baseYear, std::get<0>(key), static_cast<Stage>(std::get<1>(key)),
                       std::get<2>(key), students});
    return out;
}

BackTestResult backTest(const CityData& earlier, const ProjectionConfig& config,
                        const std::vector<ObservedEnrolment>& observed) {
    BackTestResult out;
    ProjectionConfig cfg = config;
    for (const ObservedEnrolment& o : observed)
        cfg.horizonYear = std::max(cfg.horizonYear, o.year);
    detail::ProblemLog problems("backtest", out.errors, out.warnings);
    detail::ProjectionEngine engine;
    if (!engine.prepare(earlier, cfg, problems))
        return out;
    detail::Workspace ws;
    engine.allocate(ws, false);
    engine.run(detail::Perturbation{}, ws, false);

    std::map<std::string, std::size_t> townOf;
    for (std::size_t t = 0; t < engine.towns; ++t)
        townOf[engine.townCodes[t]] = t;

    // Stages recruited county-wide are compared per district: their pupils live in one town and
    // go to school in another, so town rows would measure commuting, not the projection.
    auto countyWide = [&](Stage s) {
        return earlier.norms[s].catchment == CatchmentLevel::District;
    };
    auto districtOfTown = [&](const std::string& townCode) -> std::string {
        const auto ti = earlier.regions.townIndex(townCode);
        return ti ? earlier.regions.towns[*ti].districtCode : std::string();
    };
    std::vector<ObservedEnrolment> compared;
    std::map<std::tuple<int, std::string, int, int>, std::size_t> districtRow;
    for (const ObservedEnrolment& o : observed) {
        if (!countyWide(o.stage) || !townOf.count(o.townCode)) {
            compared.push_back(o);
            continue;
        }
        ObservedEnrolment d = o;
        d.townCode = districtOfTown(o.townCode);
        const auto key = std::make_tuple(o.year, d.townCode, stageIndex(o.stage), o.grade);
        const auto it = districtRow.find(key);
        if (it == districtRow.end()) {
            districtRow[key] = compared.size();
            compared.push_back(d);
        } else {
            compared[it->second].students += o.students;
        }
    }
    // Towns of each district, for the projected side of district rows.
    std::map<std::string, std::vector<std::size_t>> townsOfDistrict;
    for (std::size_t t = 0; t < engine.towns; ++t)
        townsOfDistrict[districtOfTown(engine.townCodes[t])].push_back(t);

    std::array<BackTestStageSummary, kStageCount> sums;
    std::array<int, kStageCount> percentRows{};
    for (const ObservedEnrolment& o : compared) {
        std::vector<std::size_t> towns;
        if (countyWide(o.stage) && townsOfDistrict.count(o.townCode))
            towns = townsOfDistrict.at(o.townCode);
        else if (const auto it = townOf.find(o.townCode); it != townOf.end())
            towns = {it->second};
        if (towns.empty() || o.year < engine.firstYear) {
            problems.warning("无法比较的观测值 / observed enrolment of town '" + o.townCode +
                                 "' in " + std::to_string(o.year) +
                                 " is outside the projection (unknown town or year before " +
                                 std::to_string(engine.firstYear) + ")",
                             o.townCode, {}, o.year);
            continue;
        }
        const Eigen::ArrayXXd& p = ws.persons[static_cast<std::size_t>(o.year - engine.firstYear)];
        BackTestRow row;
        row.observed = o;
        row.yearsAhead = o.year - engine.firstYear;
        bool any = false;
        for (std::size_t s = 0; s < engine.m_slots.size(); ++s) {
            const detail::GradeSlot& slot = engine.m_slots[s];
            if (slot.stage != o.stage || (o.grade != 0 && slot.grade != o.grade))
                continue;
            for (std::size_t t : towns) {
                const double raw = engine.rawDemand(p, t, s);
                row.projectedRaw += raw;
                row.projectedCalibrated += raw * engine.factor(t, s);
            }
            any = true;
        }
        if (!any) {
            problems.warning("观测年级不在预测范围 / observed " + detail::stageLabel(o.stage) +
                                 " grade " + std::to_string(o.grade) + " is not projected",
                             o.townCode, std::string(stageCode(o.stage)), o.year);
            continue;
        }
        row.error = row.projectedCalibrated - o.students;
        BackTestStageSummary& sum = sums[stageIndex(o.stage)];
        ++sum.rows;
        sum.meanAbsoluteError += std::abs(row.error);
        if (o.students > 0.0) {
            sum.meanAbsolutePercentError += 100.0 * std::abs(row.error) / o.students;
            ++percentRows[stageIndex(o.stage)];
        }
        sum.totalObserved += o.students;
        sum.totalProjected += row.projectedCalibrated;
        out.rows.push_back(row);
    }
    for (Stage s : kAllStages) {
        BackTestStageSummary sum = sums[stageIndex(s)];
        if (sum.rows == 0)
            continue;
        sum.stage = s;
        sum.meanAbsoluteError /= sum.rows;
        const int pr = percentRows[stageIndex(s)];
        sum.meanAbsolutePercentError = pr > 0 ? sum.meanAbsolutePercentError / pr : 0.0;
        out.stages.push_back(sum);
    }
    return out;
}

} // namespace xw::core
