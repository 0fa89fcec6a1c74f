// Preparing the projection: migration, the inflow of new housing and the grade slots of the
// stages.
#include "detail/projection_engine.hpp"

#include <algorithm>
#include <cmath>

namespace xw::core::detail {
namespace {

/// Expands a per-age vector (empty = 0, one value = every age, else one per age) into `out`;
/// reports a size that fits neither. `townCode`: the town the rates are of, empty for the
/// defaults of every town.
bool expandByAge(const std::vector<double>& v, int ages, Eigen::Ref<Eigen::ArrayXd> out,
                 const std::string& what, const std::string& townCode, ProblemLog& problems) {
    if (v.empty()) {
        out.setZero();
        return true;
    }
    if (v.size() == 1) {
        out.setConstant(v[0]);
    } else if (static_cast<int>(v.size()) == ages) {
        for (int a = 0; a < ages; ++a)
            out(a) = v[static_cast<std::size_t>(a)];
    } else {
        problems.error("年龄数不符 / " + what + " has " + std::to_string(v.size()) +
                           " ages; expected 1 or " + std::to_string(ages) + " (ages 0.." +
                           std::to_string(ages - 1) + ")",
                       townCode);
        return false;
    }
    bool ok = true;
    for (int a = 0; a < ages; ++a)
        if (!(out(a) >= -1.0 && out(a) <= 1.0)) {
            problems.error("迁移率超出范围 / " + what + " at age " + std::to_string(a) + " is " +
                               num(out(a)) + "; must be within -1..1 per person per year",
                           townCode);
            ok = false;
        }
    return ok;
}

} // namespace

// ---- migration ----
void ProjectionEngine::prepareMigration(const CityData& city, const ProjectionAssumptions& as,
                                        ProblemLog& problems) {
    const int maxAge = ages - 1;
    const auto cols = static_cast<Eigen::Index>(2 * towns);
    const MigrationAssumptions& ma = as.migration;
    m_netRate = Eigen::ArrayXXd::Zero(ages, cols);
    m_inflow = Eigen::ArrayXXd::Zero(ages, cols);
    Eigen::ArrayXd defaultRate[kCategoryCount];
    for (int c = 0; c < kCategoryCount; ++c) {
        defaultRate[c].resize(ages);
        expandByAge(ma.netRatePerYearByAge[c], ages, defaultRate[c],
                    std::string("net migration rate (") +
                        std::string(categoryCode(static_cast<PopCategory>(c))) + ")",
                    {}, problems);
        for (std::size_t t = 0; t < towns; ++t)
            m_netRate.col(static_cast<Eigen::Index>(2 * t + c)) = defaultRate[c];
    }
    // Mover profile first: the 随迁 inflow profile defaults to it.
    const HousingAssumptions& ha = as.housing;
    const std::vector<double> mover =
        ha.moverAgeShare.empty() ? defaultMoverAgeShare(maxAge) : ha.moverAgeShare;
    m_mover = Eigen::ArrayXd::Zero(ages);
    if (static_cast<int>(mover.size()) != ages) {
        problems.error("迁入人口年龄结构的年龄数不符 / housing mover age share has " +
                       std::to_string(mover.size()) + " ages; expected " + std::to_string(ages) +
                       " (ages 0.." + std::to_string(maxAge) + ")");
    } else {
        double sum = 0.0;
        for (int a = 0; a < ages; ++a) {
            const double v = mover[static_cast<std::size_t>(a)];
            if (!(v >= 0.0 && v <= 1.0))
                problems.error("迁入人口年龄比例超出 0..1 / housing mover age share at age " +
                               std::to_string(a) + " is " + num(v));
            m_mover(a) = v;
            sum += v;
        }
        if (sum > 1.0 + 1e-9)
            problems.error("迁入人口年龄比例之和大于 1 / housing mover age shares sum to " +
                           num(sum));
    }
    Eigen::ArrayXd inflowShare(ages);
    if (ma.inflowAgeShare.empty()) {
        const double s = m_mover.sum();
        inflowShare = s > 0.0 ? Eigen::ArrayXd(m_mover / s) : Eigen::ArrayXd::Zero(ages);
    } else if (static_cast<int>(ma.inflowAgeShare.size()) != ages) {
        problems.error("随迁流入年龄结构的年龄数不符 / migrant inflow age share has " +
                       std::to_string(ma.inflowAgeShare.size()) + " ages; expected " +
                       std::to_string(ages));
    } else {
        for (int a = 0; a < ages; ++a) {
            inflowShare(a) = ma.inflowAgeShare[static_cast<std::size_t>(a)];
            if (!(inflowShare(a) >= 0.0))
                problems.error("随迁流入年龄比例为负 / migrant inflow age share at age " +
                               std::to_string(a) + " is " + num(inflowShare(a)));
        }
    }
    for (const TownMigration& tm : ma.towns) {
        const auto ti = city.regions.townIndex(tm.townCode);
        if (!ti) {
            problems.error("迁移假设中的镇街不存在 / migration town " + tm.townCode +
                               " is not in the regions",
                           tm.townCode);
            continue;
        }
        for (int c = 0; c < kCategoryCount; ++c) {
            if (tm.netRatePerYearByAge[c].empty())
                continue;
            Eigen::ArrayXd r(ages);
            if (expandByAge(tm.netRatePerYearByAge[c], ages, r,
                            "net migration rate of town " + tm.townCode + " (" +
                                std::string(categoryCode(static_cast<PopCategory>(c))) + ")",
                            tm.townCode, problems))
                m_netRate.col(static_cast<Eigen::Index>(2 * *ti + c)) = r;
        }
        if (!(tm.migrantInflowPersonsPerYear >= 0.0))
            problems.error("随迁流入人数为负 / migrant inflow of town " + tm.townCode + " is " +
                               num(tm.migrantInflowPersonsPerYear),
                           tm.townCode);
        else
            m_inflow.col(static_cast<Eigen::Index>(2 * *ti + 1)) =
                inflowShare * tm.migrantInflowPersonsPerYear;
    }
    m_hasMigration = (m_netRate != 0.0).any() || (m_inflow != 0.0).any();
}

// ---- housing ----
void ProjectionEngine::prepareHousing(const CityData& city, const HousingAssumptions& ha,
                                      ProblemLog& problems) {
    m_ramp = ha.occupancyRamp;
    if (m_ramp.empty())
        problems.error("入住曲线为空 / housing occupancy ramp is empty");
    for (std::size_t k = 0; k < m_ramp.size(); ++k) {
        if (!(m_ramp[k] >= 0.0 && m_ramp[k] <= 1.0))
            problems.error("入住率超出 0..1 / housing occupancy ramp year " + std::to_string(k) +
                           " is " + num(m_ramp[k]));
        else if (k > 0 && m_ramp[k] < m_ramp[k - 1])
            problems.error("入住曲线递减 / housing occupancy ramp falls from " +
                           num(m_ramp[k - 1]) + " to " + num(m_ramp[k]) + " in year " +
                           std::to_string(k));
    }
    if (ha.delayYears < 0 || ha.delayYears > 50)
        problems.error("交付延迟超出 0..50 年 / housing delay " + std::to_string(ha.delayYears) +
                       " years is outside 0..50");
    if (!(ha.migrantShare >= 0.0 && ha.migrantShare <= 1.0))
        problems.error("随迁比例超出 0..1 / housing migrant share is " + num(ha.migrantShare));
    if (!(city.norms.personsPerHousehold > 0.0))
        problems.error("户均人口必须为正 / persons per household is " +
                           num(city.norms.personsPerHousehold),
                       {}, "persons_per_household");
    m_housingMigrantShare = ha.migrantShare;
    housing.clear();
    for (const HousingProject& hp : city.housing) {
        const auto ti = city.regions.townIndex(hp.townCode);
        if (!ti) {
            problems.warning("新建小区不在任何镇街，已忽略 / housing project " + hp.id +
                                 " has unknown town '" + hp.townCode + "'; ignored",
                             hp.id);
            continue;
        }
        if (hp.dwellings < 0) {
            problems.error("住宅套数为负 / housing project " + hp.id + " has " +
                               std::to_string(hp.dwellings) + " dwellings",
                           hp.id);
            continue;
        }
        if (hp.completionYear < 1900 || hp.completionYear > 2200) {
            problems.error("交付年份无效 / housing project " + hp.id + " completion year " +
                               std::to_string(hp.completionYear) + " is outside 1900..2200",
                           hp.id);
            continue;
        }
        housing.push_back({*ti, hp.dwellings * city.norms.personsPerHousehold,
                           hp.completionYear + ha.delayYears});
    }
}

// ---- grade slots ----
void ProjectionEngine::prepareSlots(const CityData& city, ProblemLog& problems) {
    const int maxAge = ages - 1;
    m_slots.clear();
    for (Stage s : kAllStages) {
        const StageNorms& sn = city.norms[s];
        if (!(sn.targetRate >= 0.0) || !std::isfinite(sn.targetRate))
            problems.error("目标入学率无效 / target rate of " + stageLabel(s) + " is " +
                               num(sn.targetRate),
                           {}, std::string(stageCode(s)));
        if (sn.entryAge < 0 || sn.grades < 1)
            problems.error("学段年龄无效 / " + stageLabel(s) + " entry age " +
                               std::to_string(sn.entryAge) + ", grades " +
                               std::to_string(sn.grades),
                           {}, std::string(stageCode(s)));
        for (int g = 1; g <= sn.grades; ++g) {
            const int age = sn.entryAge + g - 1;
            if (age > maxAge) {
                problems.warning("年级超出人口年龄范围，未计需求 / " + stageLabel(s) + " grade " +
                                     std::to_string(g) + " needs age " + std::to_string(age) +
                                     ", beyond the table's 0.." + std::to_string(maxAge),
                                 {}, std::string(stageCode(s)));
                continue;
            }
            m_slots.push_back({s, g, age, sn.targetRate});
        }
    }
}

} // namespace xw::core::detail
