#include "detail/projection_engine.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

namespace xw::core::detail {

namespace {

std::string num(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

const char* variantCode(FertilityVariant v) {
    switch (v) {
    case FertilityVariant::Low:
        return "low";
    case FertilityVariant::Medium:
        return "medium";
    case FertilityVariant::High:
        return "high";
    }
    return "?";
}

/// Expands a per-age vector (empty = 0, one value = every age, else one per age) into `out`;
/// reports a size that fits neither.
bool expandByAge(const std::vector<double>& v, int ages, Eigen::Ref<Eigen::ArrayXd> out,
                 const std::string& what, std::vector<std::string>& errors) {
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
        errors.push_back("年龄数不符 / " + what + " has " + std::to_string(v.size()) +
                         " ages; expected 1 or " + std::to_string(ages) + " (ages 0.." +
                         std::to_string(ages - 1) + ")");
        return false;
    }
    bool ok = true;
    for (int a = 0; a < ages; ++a)
        if (!(out(a) >= -1.0 && out(a) <= 1.0)) {
            errors.push_back("迁移率超出范围 / " + what + " at age " + std::to_string(a) + " is " +
                             num(out(a)) + "; must be within -1..1 per person per year");
            ok = false;
        }
    return ok;
}

/// Births of one series in `year`: the datum, a linear interpolation between data, or the last
/// datum carried forward at `change` a year. Nullopt when the year precedes the data.
std::optional<double> seriesBirths(const BirthsSeries& s, int year, double change, bool& fromData) {
    fromData = true;
    const auto exact = s.byYear.find(year);
    if (exact != s.byYear.end())
        return exact->second;
    const auto after = s.byYear.upper_bound(year);
    if (after == s.byYear.begin())
        return std::nullopt;
    const auto before = std::prev(after);
    if (after != s.byYear.end()) {
        const double w = static_cast<double>(year - before->first) / (after->first - before->first);
        return before->second + w * (after->second - before->second);
    }
    fromData = false;
    return before->second * std::pow(1.0 + change, year - before->first);
}

} // namespace

std::string stageLabel(Stage s) {
    return std::string(stageNameZh(s)) + " " + std::string(stageCode(s));
}

bool ProjectionEngine::prepare(const CityData& city, const ProjectionConfig& config,
                               std::vector<std::string>& errors,
                               std::vector<std::string>& warnings) {
    const std::size_t errorsBefore = errors.size();
    if (!prepareShape(city, config, errors))
        return false;
    prepareBase(city, errors, warnings);
    prepareLifeTable(config.assumptions, errors);
    if (!prepareBirths(city, config.assumptions.births, errorsBefore, errors, warnings))
        return false;
    prepareMigration(city, config.assumptions, errors);
    prepareHousing(city, config.assumptions.housing, errors, warnings);
    prepareSlots(city, errors, warnings);
    if (errors.size() != errorsBefore)
        return false;

    m_factor.assign(towns * m_slots.size(), 1.0);
    calibration.clear();
    if (config.calibrate)
        calibrate(city, warnings);
    return true;
}

// ---- years and table shape ----
bool ProjectionEngine::prepareShape(const CityData& city, const ProjectionConfig& config,
                                    std::vector<std::string>& errors) {
    const std::size_t errorsBefore = errors.size();
    firstYear = city.population.year != 0 ? city.population.year : city.baseYear;
    lastYear = config.horizonYear;
    if (firstYear == 0)
        errors.push_back("缺少人口年份 / population year and base year are both 0");
    if (lastYear < firstYear)
        errors.push_back("预测终止年早于基年 / horizon year " + std::to_string(lastYear) +
                         " is before the base year " + std::to_string(firstYear));
    if (lastYear > firstYear + 200)
        errors.push_back("预测终止年过远 / horizon year " + std::to_string(lastYear) +
                         " is more than 200 years after the base year " +
                         std::to_string(firstYear));
    if (city.population.towns.empty())
        errors.push_back("缺少人口数据 / population has no towns");
    int maxAge = -1;
    for (const TownPopulation& tp : city.population.towns) {
        if (maxAge < 0)
            maxAge = tp.maxAge();
        if (tp.maxAge() != maxAge) {
            errors.push_back("年龄组不一致 / town " + tp.townCode + " has ages 0.." +
                             std::to_string(tp.maxAge()) + " but other towns 0.." +
                             std::to_string(maxAge));
            break;
        }
    }
    if (maxAge < 1 && !city.population.towns.empty())
        errors.push_back("年龄组太少 / population needs at least ages 0..1, has 0.." +
                         std::to_string(maxAge));
    if (errors.size() != errorsBefore)
        return false;
    ages = maxAge + 1;
    years = lastYear - firstYear + 1;
    towns = city.regions.towns.size();
    townCodes.clear();
    for (const Town& t : city.regions.towns)
        townCodes.push_back(t.code);

    return true;
}

// ---- base population ----
void ProjectionEngine::prepareBase(const CityData& city, std::vector<std::string>& errors,
                                   std::vector<std::string>& warnings) {
    const auto cols = static_cast<Eigen::Index>(2 * towns);
    m_base = Eigen::ArrayXXd::Zero(ages, cols);
    for (const TownPopulation& tp : city.population.towns) {
        const auto ti = city.regions.townIndex(tp.townCode);
        if (!ti) {
            warnings.push_back("人口数据中的镇街不在行政区划中，已忽略 / population town " +
                               tp.townCode + " is not in the regions; ignored");
            continue;
        }
        for (int a = 0; a < ages; ++a)
            for (int c = 0; c < kCategoryCount; ++c) {
                const double v = tp.persons[static_cast<std::size_t>(a)][c];
                if (!(v >= 0.0) || !std::isfinite(v))
                    errors.push_back("人口数无效 / population of town " + tp.townCode + " age " +
                                     std::to_string(a) + " category " +
                                     std::string(categoryCode(static_cast<PopCategory>(c))) +
                                     " is " + num(v));
                m_base(a, static_cast<Eigen::Index>(2 * *ti + c)) += v;
            }
    }
}

// ---- life table ----
void ProjectionEngine::prepareLifeTable(const ProjectionAssumptions& as,
                                        std::vector<std::string>& errors) {
    const int maxAge = ages - 1;
    LifeTable lt =
        as.lifeTable.survivalByAge.empty() ? LifeTable::guangdong2020(maxAge) : as.lifeTable;
    m_survival.resize(ages);
    for (int a = 0; a < ages; ++a) {
        const auto i = std::min(static_cast<std::size_t>(a), lt.survivalByAge.size() - 1);
        const double s = lt.survivalByAge[i];
        if (!(s >= 0.0 && s <= 1.0)) {
            errors.push_back("存活概率超出 0..1 / survival probability at age " +
                             std::to_string(i) + " is " + num(s));
            break;
        }
        m_survival(a) = s;
    }
    if (!(lt.newbornSurvival >= 0.0 && lt.newbornSurvival <= 1.0))
        errors.push_back("新生儿存活概率超出 0..1 / newborn survival is " +
                         num(lt.newbornSurvival));
    m_newbornSurvival = lt.newbornSurvival;
    m_openTop = as.openEndedTopAge;
}

// ---- births ----
bool ProjectionEngine::prepareBirths(const CityData& city, const BirthsAssumptions& ba,
                                     std::size_t errorsBefore, std::vector<std::string>& errors,
                                     std::vector<std::string>& warnings) {
    const int maxAge = ages - 1;
    const auto cols = static_cast<Eigen::Index>(2 * towns);
    for (std::size_t v = 0; v < ba.annualChangeByVariant.size(); ++v)
        if (!(ba.annualChangeByVariant[v] > -1.0) || !std::isfinite(ba.annualChangeByVariant[v]))
            errors.push_back("出生人口年变化率无效 / births annual change of variant " +
                             std::string(variantCode(static_cast<FertilityVariant>(v))) + " is " +
                             num(ba.annualChangeByVariant[v]) + "; must be above -1");
    if (ba.shareAgeMax < 0 || ba.shareAgeMax > maxAge)
        errors.push_back("出生分配年龄超出范围 / births share age max " +
                         std::to_string(ba.shareAgeMax) + " is outside 0.." +
                         std::to_string(maxAge));
    for (const auto& [year, b] : ba.cityBirthsOverride)
        if (!(b >= 0.0) || !std::isfinite(b))
            errors.push_back("出生人口无效 / births override for " + std::to_string(year) + " is " +
                             num(b));
    for (const BirthsSeries& s : city.births)
        for (const auto& [year, b] : s.byYear)
            if (!(b >= 0.0) || !std::isfinite(b))
                errors.push_back("出生人口无效 / births of area " + s.areaCode + " in " +
                                 std::to_string(year) + " is " + num(b));
    if (errors.size() != errorsBefore)
        return false;
    const double change = ba.annualChangeByVariant[static_cast<std::size_t>(ba.variant)];

    // Allocation groups: one per district with its own series when every district has one,
    // else the whole city.
    std::map<std::string, const BirthsSeries*> byArea;
    for (const BirthsSeries& s : city.births)
        byArea[s.areaCode] = &s;
    bool districtMode = !city.regions.districts.empty();
    for (const Town& t : city.regions.towns)
        if (!byArea.count(t.districtCode))
            districtMode = false;
    std::vector<const BirthsSeries*> groupSeries; // per group
    std::vector<std::size_t> groupOfTown(towns, 0);
    if (districtMode) {
        std::map<std::string, std::size_t> groupOf;
        for (std::size_t t = 0; t < towns; ++t) {
            const std::string& d = city.regions.towns[t].districtCode;
            auto [it, inserted] = groupOf.emplace(d, groupSeries.size());
            if (inserted)
                groupSeries.push_back(byArea[d]);
            groupOfTown[t] = it->second;
        }
    } else {
        const BirthsSeries* citySeries = nullptr;
        if (!city.regions.cityCode.empty() && byArea.count(city.regions.cityCode))
            citySeries = byArea[city.regions.cityCode];
        else if (city.births.size() == 1) {
            citySeries = &city.births.front();
            warnings.push_back("出生人口序列 " + citySeries->areaCode +
                               " 视为全市 / births series of area " + citySeries->areaCode +
                               " is taken as the whole city's");
        }
        if (!citySeries) {
            errors.push_back("缺少全市出生人口序列 / no births series for the city " +
                             city.regions.cityCode + " nor one for every district");
            return false;
        }
        groupSeries.push_back(citySeries);
    }
    const std::size_t groups = groupSeries.size();
    std::vector<std::vector<double>> groupBirths(groups, std::vector<double>(years, 0.0));
    birthsFromData.assign(years, true);
    for (int y = 0; y < years; ++y) {
        const int year = firstYear + y;
        for (std::size_t g = 0; g < groups; ++g) {
            bool fromData = true;
            const auto b = seriesBirths(*groupSeries[g], year, change, fromData);
            if (!b) {
                if (y == 0)
                    continue; // the base year's births are not used
                errors.push_back("出生人口数据不覆盖该年 / births series " +
                                 groupSeries[g]->areaCode + " has no data for " +
                                 std::to_string(year) + " or before");
                return false;
            }
            groupBirths[g][y] = *b;
            if (!fromData)
                birthsFromData[y] = false;
        }
        const auto ov = ba.cityBirthsOverride.find(year);
        if (ov != ba.cityBirthsOverride.end()) {
            double sum = 0.0;
            for (std::size_t g = 0; g < groups; ++g)
                sum += groupBirths[g][y];
            for (std::size_t g = 0; g < groups; ++g)
                groupBirths[g][y] = sum > 0.0 ? groupBirths[g][y] * ov->second / sum
                                              : ov->second / static_cast<double>(groups);
            birthsFromData[y] = false;
        }
    }
    cityBirths.assign(years, 0.0);
    for (int y = 0; y < years; ++y)
        for (std::size_t g = 0; g < groups; ++g)
            cityBirths[y] += groupBirths[g][y];

    // Shares of each group's births per column from base-year residents aged 0..shareAgeMax.
    Eigen::ArrayXd weight = m_base.topRows(ba.shareAgeMax + 1).colwise().sum().transpose();
    std::vector<double> groupWeight(groups, 0.0);
    std::vector<int> groupTowns(groups, 0);
    for (std::size_t t = 0; t < towns; ++t) {
        groupWeight[groupOfTown[t]] += weight(2 * t) + weight(2 * t + 1);
        ++groupTowns[groupOfTown[t]];
    }
    m_births = Eigen::ArrayXXd::Zero(cols, years);
    for (std::size_t t = 0; t < towns; ++t) {
        const std::size_t g = groupOfTown[t];
        for (int c = 0; c < kCategoryCount; ++c) {
            double share = 0.0;
            if (groupWeight[g] > 0.0)
                share = weight(2 * t + c) / groupWeight[g];
            else if (c == 0)
                share = 1.0 / groupTowns[g];
            for (int y = 0; y < years; ++y)
                m_births(2 * t + c, y) = groupBirths[g][y] * share;
        }
    }
    for (std::size_t g = 0; g < groups; ++g)
        if (!(groupWeight[g] > 0.0))
            warnings.push_back("出生人口平均分配 / no residents aged 0.." +
                               std::to_string(ba.shareAgeMax) + " in the towns of births area " +
                               groupSeries[g]->areaCode + "; births split evenly");

    return true;
}

// ---- migration ----
void ProjectionEngine::prepareMigration(const CityData& city, const ProjectionAssumptions& as,
                                        std::vector<std::string>& errors) {
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
                    errors);
        for (std::size_t t = 0; t < towns; ++t)
            m_netRate.col(static_cast<Eigen::Index>(2 * t + c)) = defaultRate[c];
    }
    // Mover profile first: the 随迁 inflow profile defaults to it.
    const HousingAssumptions& ha = as.housing;
    const std::vector<double> mover =
        ha.moverAgeShare.empty() ? defaultMoverAgeShare(maxAge) : ha.moverAgeShare;
    m_mover = Eigen::ArrayXd::Zero(ages);
    if (static_cast<int>(mover.size()) != ages) {
        errors.push_back("迁入人口年龄结构的年龄数不符 / housing mover age share has " +
                         std::to_string(mover.size()) + " ages; expected " + std::to_string(ages) +
                         " (ages 0.." + std::to_string(maxAge) + ")");
    } else {
        double sum = 0.0;
        for (int a = 0; a < ages; ++a) {
            const double v = mover[static_cast<std::size_t>(a)];
            if (!(v >= 0.0 && v <= 1.0))
                errors.push_back("迁入人口年龄比例超出 0..1 / housing mover age share at age " +
                                 std::to_string(a) + " is " + num(v));
            m_mover(a) = v;
            sum += v;
        }
        if (sum > 1.0 + 1e-9)
            errors.push_back("迁入人口年龄比例之和大于 1 / housing mover age shares sum to " +
                             num(sum));
    }
    Eigen::ArrayXd inflowShare(ages);
    if (ma.inflowAgeShare.empty()) {
        const double s = m_mover.sum();
        inflowShare = s > 0.0 ? Eigen::ArrayXd(m_mover / s) : Eigen::ArrayXd::Zero(ages);
    } else if (static_cast<int>(ma.inflowAgeShare.size()) != ages) {
        errors.push_back("随迁流入年龄结构的年龄数不符 / migrant inflow age share has " +
                         std::to_string(ma.inflowAgeShare.size()) + " ages; expected " +
                         std::to_string(ages));
    } else {
        for (int a = 0; a < ages; ++a) {
            inflowShare(a) = ma.inflowAgeShare[static_cast<std::size_t>(a)];
            if (!(inflowShare(a) >= 0.0))
                errors.push_back("随迁流入年龄比例为负 / migrant inflow age share at age " +
                                 std::to_string(a) + " is " + num(inflowShare(a)));
        }
    }
    for (const TownMigration& tm : ma.towns) {
        const auto ti = city.regions.townIndex(tm.townCode);
        if (!ti) {
            errors.push_back("迁移假设中的镇街不存在 / migration town " + tm.townCode +
                             " is not in the regions");
            continue;
        }
        for (int c = 0; c < kCategoryCount; ++c) {
            if (tm.netRatePerYearByAge[c].empty())
                continue;
            Eigen::ArrayXd r(ages);
            if (expandByAge(tm.netRatePerYearByAge[c], ages, r,
                            "net migration rate of town " + tm.townCode + " (" +
                                std::string(categoryCode(static_cast<PopCategory>(c))) + ")",
                            errors))
                m_netRate.col(static_cast<Eigen::Index>(2 * *ti + c)) = r;
        }
        if (!(tm.migrantInflowPersonsPerYear >= 0.0))
            errors.push_back("随迁流入人数为负 / migrant inflow of town " + tm.townCode + " is " +
                             num(tm.migrantInflowPersonsPerYear));
        else
            m_inflow.col(static_cast<Eigen::Index>(2 * *ti + 1)) =
                inflowShare * tm.migrantInflowPersonsPerYear;
    }
    m_hasMigration = (m_netRate != 0.0).any() || (m_inflow != 0.0).any();
}

// ---- housing ----
void ProjectionEngine::prepareHousing(const CityData& city, const HousingAssumptions& ha,
                                      std::vector<std::string>& errors,
                                      std::vector<std::string>& warnings) {
    m_ramp = ha.occupancyRamp;
    if (m_ramp.empty())
        errors.push_back("入住曲线为空 / housing occupancy ramp is empty");
    for (std::size_t k = 0; k < m_ramp.size(); ++k) {
        if (!(m_ramp[k] >= 0.0 && m_ramp[k] <= 1.0))
            errors.push_back("入住率超出 0..1 / housing occupancy ramp year " + std::to_string(k) +
                             " is " + num(m_ramp[k]));
        else if (k > 0 && m_ramp[k] < m_ramp[k - 1])
            errors.push_back("入住曲线递减 / housing occupancy ramp falls from " +
                             num(m_ramp[k - 1]) + " to " + num(m_ramp[k]) + " in year " +
                             std::to_string(k));
    }
    if (ha.delayYears < 0 || ha.delayYears > 50)
        errors.push_back("交付延迟超出 0..50 年 / housing delay " + std::to_string(ha.delayYears) +
                         " years is outside 0..50");
    if (!(ha.migrantShare >= 0.0 && ha.migrantShare <= 1.0))
        errors.push_back("随迁比例超出 0..1 / housing migrant share is " + num(ha.migrantShare));
    if (!(city.norms.personsPerHousehold > 0.0))
        errors.push_back("户均人口必须为正 / persons per household is " +
                         num(city.norms.personsPerHousehold));
    m_housingMigrantShare = ha.migrantShare;
    housing.clear();
    for (const HousingProject& hp : city.housing) {
        const auto ti = city.regions.townIndex(hp.townCode);
        if (!ti) {
            warnings.push_back("新建小区不在任何镇街，已忽略 / housing project " + hp.id +
                               " has unknown town '" + hp.townCode + "'; ignored");
            continue;
        }
        if (hp.dwellings < 0) {
            errors.push_back("住宅套数为负 / housing project " + hp.id + " has " +
                             std::to_string(hp.dwellings) + " dwellings");
            continue;
        }
        if (hp.completionYear < 1900 || hp.completionYear > 2200) {
            errors.push_back("交付年份无效 / housing project " + hp.id + " completion year " +
                             std::to_string(hp.completionYear) + " is outside 1900..2200");
            continue;
        }
        housing.push_back({*ti, hp.dwellings * city.norms.personsPerHousehold,
                           hp.completionYear + ha.delayYears});
    }
}

// ---- grade slots ----
void ProjectionEngine::prepareSlots(const CityData& city, std::vector<std::string>& errors,
                                    std::vector<std::string>& warnings) {
    const int maxAge = ages - 1;
    m_slots.clear();
    for (Stage s : kAllStages) {
        const StageNorms& sn = city.norms[s];
        if (!(sn.targetRate >= 0.0) || !std::isfinite(sn.targetRate))
            errors.push_back("目标入学率无效 / target rate of " + stageLabel(s) + " is " +
                             num(sn.targetRate));
        if (sn.entryAge < 0 || sn.grades < 1)
            errors.push_back("学段年龄无效 / " + stageLabel(s) + " entry age " +
                             std::to_string(sn.entryAge) + ", grades " + std::to_string(sn.grades));
        for (int g = 1; g <= sn.grades; ++g) {
            const int age = sn.entryAge + g - 1;
            if (age > maxAge) {
                warnings.push_back("年级超出人口年龄范围，未计需求 / " + stageLabel(s) + " grade " +
                                   std::to_string(g) + " needs age " + std::to_string(age) +
                                   ", beyond the table's 0.." + std::to_string(maxAge));
                continue;
            }
            m_slots.push_back({s, g, age, sn.targetRate});
        }
    }
}

void ProjectionEngine::calibrate(const CityData& city, std::vector<std::string>& warnings) {
    const int year = city.baseYear != 0 ? city.baseYear : firstYear;
    if (year < firstYear || year > lastYear) {
        warnings.push_back("基年不在预测年份内，未校准 / base year " + std::to_string(year) +
                           " is outside " + std::to_string(firstYear) + ".." +
                           std::to_string(lastYear) + "; demand not calibrated");
        return;
    }
    Workspace ws;
    allocate(ws, false);
    run(Perturbation{}, ws, false, year - firstYear + 1); // only up to the calibration year
    const Eigen::ArrayXXd& p = ws.persons[static_cast<std::size_t>(year - firstYear)];

    const std::size_t nSlots = m_slots.size();
    std::vector<double> observed(towns * nSlots, 0.0);
    std::vector<bool> unknownGrade(kStageCount, false);
    int schoolsOutside = 0;
    for (const School& school : city.schools) {
        const auto ti = city.regions.townIndex(school.townCode);
        if (!ti) {
            ++schoolsOutside;
            continue;
        }
        for (const StageProvision& sp : school.stages)
            for (const GradeRecord& g : sp.grades) {
                bool found = false;
                for (std::size_t k = 0; k < nSlots; ++k)
                    if (m_slots[k].stage == sp.stage && m_slots[k].grade == g.grade) {
                        observed[*ti * nSlots + k] += g.students;
                        found = true;
                    }
                if (!found && g.students > 0)
                    unknownGrade[stageIndex(sp.stage)] = true;
            }
    }
    if (schoolsOutside > 0)
        warnings.push_back(std::to_string(schoolsOutside) +
                           " 所学校不在任何镇街，未参与校准 / schools with no known town are "
                           "left out of the calibration");
    for (Stage s : kAllStages)
        if (unknownGrade[stageIndex(s)])
            warnings.push_back("部分年级无法校准 / " + stageLabel(s) +
                               " has enrolment in grades outside the projected ages");

    // Stages recruited county-wide (StageNorms::catchment) are calibrated per district: a town
    // without a senior high has senior-age residents but no pupils of its own, and a town factor
    // of 0 would hide its children from every later year.
    const std::size_t nDistricts = city.regions.districts.size();
    std::vector<std::size_t> districtOf(towns, nDistricts);
    const RegionIndex regionIndex(city.regions);
    for (std::size_t t = 0; t < towns; ++t)
        if (const auto ti = regionIndex.townIndex(townCodes[t]))
            if (const auto di = regionIndex.districtOfTown(*ti))
                districtOf[t] = *di;
    std::vector<double> observedD((nDistricts + 1) * nSlots, 0.0);
    std::vector<double> modelledD((nDistricts + 1) * nSlots, 0.0);
    for (std::size_t t = 0; t < towns; ++t)
        for (std::size_t k = 0; k < nSlots; ++k) {
            observedD[districtOf[t] * nSlots + k] += observed[t * nSlots + k];
            modelledD[districtOf[t] * nSlots + k] += rawDemand(p, t, k);
        }

    int outOfBand = 0;
    std::string example;
    for (std::size_t t = 0; t < towns; ++t)
        for (std::size_t k = 0; k < nSlots; ++k) {
            CalibrationRow row;
            row.town = t;
            row.stage = m_slots[k].stage;
            row.grade = m_slots[k].grade;
            row.observed = observed[t * nSlots + k];
            row.modelled = rawDemand(p, t, k);
            const bool countyWide = city.norms[row.stage].catchment == CatchmentLevel::District;
            if (countyWide) {
                const double obs = observedD[districtOf[t] * nSlots + k];
                const double mod = modelledD[districtOf[t] * nSlots + k];
                row.factor = mod > 0.0 ? obs / mod : 1.0;
            } else if (row.modelled > 0.0) {
                row.factor = row.observed / row.modelled;
            } else if (row.observed > 0.0) {
                // No modelled children in this grade: fall back on the stage's factor.
                double obs = 0.0;
                double mod = 0.0;
                for (std::size_t j = 0; j < nSlots; ++j)
                    if (m_slots[j].stage == row.stage) {
                        obs += observed[t * nSlots + j];
                        mod += rawDemand(p, t, j);
                    }
                row.factor = mod > 0.0 ? obs / mod : 1.0;
                warnings.push_back("无模型人口，校准不能重现在校生 / town " + townCodes[t] + " " +
                                   stageLabel(row.stage) + " grade " + std::to_string(row.grade) +
                                   ": " + num(row.observed) +
                                   " students but no modelled children; factor " + num(row.factor));
            } else {
                row.factor = 1.0;
            }
            if (row.modelled > 0.0 && (row.factor < 0.5 || row.factor > 2.0)) {
                if (outOfBand == 0)
                    example = townCodes[t] + " " + stageLabel(row.stage) + " grade " +
                              std::to_string(row.grade) + " factor " + num(row.factor);
                ++outOfBand;
            }
            m_factor[t * nSlots + k] = row.factor;
            calibration.push_back(row);
        }
    if (outOfBand > 0)
        warnings.push_back(std::to_string(outOfBand) +
                           " 个校准系数超出 0.5..2（跨镇就读或数据问题）/ calibration factors "
                           "outside 0.5..2 (cross-town schooling or data problems), e.g. " +
                           example);
}

void ProjectionEngine::allocate(Workspace& ws, bool withComponents) const {
    const auto cols = static_cast<Eigen::Index>(2 * towns);
    // Not zeroed: run() writes every element of the years it projects.
    ws.persons.assign(static_cast<std::size_t>(years), Eigen::ArrayXXd(ages, cols));
    ws.rate.resize(ages);
    if (withComponents) {
        Components c;
        c.births = c.deaths = c.agedOut = c.migration = c.housing = Eigen::ArrayXd::Zero(cols);
        ws.components.assign(static_cast<std::size_t>(years), c);
    } else {
        ws.components.clear();
    }
}

void ProjectionEngine::run(const Perturbation& pert, Workspace& ws, bool withComponents,
                           int yearCount) const {
    const Eigen::Index n = ages;
    const auto cols = static_cast<Eigen::Index>(2 * towns);
    ws.persons[0] = m_base;
    const bool migrate = m_hasMigration || pert.migrationShiftByTown != nullptr;
    const int count = yearCount < 0 ? years : std::min(yearCount, years);
    for (int y = 1; y < count; ++y) {
        const Eigen::ArrayXXd& prev = ws.persons[static_cast<std::size_t>(y - 1)];
        Eigen::ArrayXXd& cur = ws.persons[static_cast<std::size_t>(y)];
        const int year = firstYear + y;
        const double mult = pert.birthsMultiplier ? (*pert.birthsMultiplier)[y] : 1.0;

        // Ageing: the Leslie shift, vectorised over all towns and categories.
        cur.row(0) = m_births.col(y).transpose() * (mult * m_newbornSurvival);
        cur.bottomRows(n - 1) = prev.topRows(n - 1).colwise() * m_survival.head(n - 1);
        if (m_openTop)
            cur.row(n - 1) += prev.row(n - 1) * m_survival(n - 1);

        Components* comp = withComponents ? &ws.components[static_cast<std::size_t>(y)] : nullptr;
        if (comp) {
            comp->births = m_births.col(y) * mult;
            comp->deaths =
                ((1.0 - m_survival).matrix().transpose() * prev.matrix()).array().transpose() +
                comp->births * (1.0 - m_newbornSurvival);
            if (m_openTop)
                comp->agedOut.setZero();
            else
                comp->agedOut = prev.row(n - 1).transpose() * m_survival(n - 1);
            comp->migration.setZero();
            comp->housing.setZero();
        }

        if (migrate) {
            for (Eigen::Index j = 0; j < cols; ++j) {
                ws.rate = m_netRate.col(j);
                if (pert.migrationShiftByTown)
                    ws.rate =
                        (ws.rate + (*pert.migrationShiftByTown)[static_cast<std::size_t>(j / 2)])
                            .max(-1.0);
                const Eigen::ArrayXd moved = ws.rate * cur.col(j) + m_inflow.col(j);
                cur.col(j) += moved;
                if (comp)
                    comp->migration(j) = moved.sum();
            }
        }

        for (std::size_t h = 0; h < housing.size(); ++h) {
            const HousingInflow& hp = housing[h];
            const int first =
                hp.firstYear + (pert.extraDelayByProject ? (*pert.extraDelayByProject)[h] : 0);
            const int k = year - first;
            if (k < 0 || k >= static_cast<int>(m_ramp.size()))
                continue;
            const double delta =
                m_ramp[static_cast<std::size_t>(k)] - (k > 0 ? m_ramp[k - 1] : 0.0);
            if (delta <= 0.0)
                continue;
            const double persons = hp.persons * delta;
            const auto reg = static_cast<Eigen::Index>(2 * hp.town);
            cur.col(reg) += m_mover * (persons * (1.0 - m_housingMigrantShare));
            cur.col(reg + 1) += m_mover * (persons * m_housingMigrantShare);
            if (comp) {
                comp->housing(reg) += m_mover.sum() * (persons * (1.0 - m_housingMigrantShare));
                comp->housing(reg + 1) += m_mover.sum() * (persons * m_housingMigrantShare);
            }
        }
    }
}

} // namespace xw::core::detail
