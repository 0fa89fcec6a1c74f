// Preparing the projection: the years and table shape, the base population, the life table and
// the births path.
#include "detail/projection_engine.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace xw::core::detail {
namespace {

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

/// Births assumptions and data out of range, as errors.
void checkBirths(const CityData& city, const BirthsAssumptions& ba, int maxAge,
                 ProblemLog& problems) {
    for (std::size_t v = 0; v < ba.annualChangeByVariant.size(); ++v)
        if (!(ba.annualChangeByVariant[v] > -1.0) || !std::isfinite(ba.annualChangeByVariant[v]))
            problems.error("出生人口年变化率无效 / births annual change of variant " +
                           std::string(variantCode(static_cast<FertilityVariant>(v))) + " is " +
                           num(ba.annualChangeByVariant[v]) + "; must be above -1");
    if (ba.shareAgeMax < 0 || ba.shareAgeMax > maxAge)
        problems.error("出生分配年龄超出范围 / births share age max " +
                       std::to_string(ba.shareAgeMax) + " is outside 0.." + std::to_string(maxAge));
    for (const auto& [year, b] : ba.cityBirthsOverride)
        if (!(b >= 0.0) || !std::isfinite(b))
            problems.error("出生人口无效 / births override for " + std::to_string(year) + " is " +
                               num(b),
                           {}, {}, year);
    for (const BirthsSeries& s : city.births)
        for (const auto& [year, b] : s.byYear)
            if (!(b >= 0.0) || !std::isfinite(b))
                problems.error("出生人口无效 / births of area " + s.areaCode + " in " +
                                   std::to_string(year) + " is " + num(b),
                               s.areaCode, {}, year);
}

/// The areas whose births series are shared out over their towns ("allocation groups").
struct BirthGroups {
    std::vector<const BirthsSeries*> series; ///< per group
    std::vector<std::size_t> ofTown;         ///< town index → its group
};

/// One group per district with its own series when every district has one, else the whole
/// city: its own series, or (with a warning) the only series there is. Nullopt, with an error,
/// when there is neither.
std::optional<BirthGroups> birthGroups(const CityData& city, ProblemLog& problems) {
    const std::size_t towns = city.regions.towns.size();
    std::map<std::string, const BirthsSeries*> byArea;
    for (const BirthsSeries& s : city.births)
        byArea[s.areaCode] = &s;
    bool districtMode = !city.regions.districts.empty();
    for (const Town& t : city.regions.towns)
        if (!byArea.count(t.districtCode))
            districtMode = false;
    BirthGroups out;
    out.ofTown.assign(towns, 0);
    if (districtMode) {
        std::map<std::string, std::size_t> groupOf;
        for (std::size_t t = 0; t < towns; ++t) {
            const std::string& d = city.regions.towns[t].districtCode;
            auto [it, inserted] = groupOf.emplace(d, out.series.size());
            if (inserted)
                out.series.push_back(byArea[d]);
            out.ofTown[t] = it->second;
        }
        return out;
    }
    const BirthsSeries* citySeries = nullptr;
    if (!city.regions.cityCode.empty() && byArea.count(city.regions.cityCode))
        citySeries = byArea[city.regions.cityCode];
    else if (city.births.size() == 1) {
        citySeries = &city.births.front();
        problems.warning("出生人口序列 " + citySeries->areaCode +
                             " 视为全市 / births series of area " + citySeries->areaCode +
                             " is taken as the whole city's",
                         citySeries->areaCode);
    }
    if (!citySeries) {
        problems.error("缺少全市出生人口序列 / no births series for the city " +
                           city.regions.cityCode + " nor one for every district",
                       city.regions.cityCode);
        return std::nullopt;
    }
    out.series.push_back(citySeries);
    return out;
}

/// Births per group and year index from `firstYear`: the series' data, interpolated or carried
/// forward at the variant's annual change, scaled to the city override of a year when there is
/// one. `fromData` gets, per year, whether no group's births were carried forward or overridden.
/// Nullopt, with an error, when a series starts after a year it is needed for (the base year's
/// births are not).
std::optional<std::vector<std::vector<double>>>
birthsByGroup(const BirthGroups& groups, const BirthsAssumptions& ba, int firstYear, int years,
              std::vector<bool>& fromData, ProblemLog& problems) {
    const double change = ba.annualChangeByVariant[static_cast<std::size_t>(ba.variant)];
    const std::size_t count = groups.series.size();
    std::vector<std::vector<double>> out(count, std::vector<double>(years, 0.0));
    fromData.assign(years, true);
    for (int y = 0; y < years; ++y) {
        const int year = firstYear + y;
        for (std::size_t g = 0; g < count; ++g) {
            bool seriesFromData = true;
            const auto b = seriesBirths(*groups.series[g], year, change, seriesFromData);
            if (!b) {
                if (y == 0)
                    continue; // the base year's births are not used
                problems.error("出生人口数据不覆盖该年 / births series " +
                                   groups.series[g]->areaCode + " has no data for " +
                                   std::to_string(year) + " or before",
                               groups.series[g]->areaCode, {}, year);
                return std::nullopt;
            }
            out[g][y] = *b;
            if (!seriesFromData)
                fromData[y] = false;
        }
        const auto ov = ba.cityBirthsOverride.find(year);
        if (ov != ba.cityBirthsOverride.end()) {
            double sum = 0.0;
            for (std::size_t g = 0; g < count; ++g)
                sum += out[g][y];
            for (std::size_t g = 0; g < count; ++g)
                out[g][y] = sum > 0.0 ? out[g][y] * ov->second / sum
                                      : ov->second / static_cast<double>(count);
            fromData[y] = false;
        }
    }
    return out;
}

/// Births per column (town × category, as in `base`: ages × columns) and year: each group's
/// births shared by its towns' base-year residents aged 0..shareAgeMax, or evenly over the
/// group's towns (first category, with a warning) when it has none.
Eigen::ArrayXXd shareBirths(const Eigen::ArrayXXd& base, const BirthGroups& groups,
                            const std::vector<std::vector<double>>& groupBirths, int shareAgeMax,
                            int years, ProblemLog& problems) {
    const std::size_t towns = groups.ofTown.size();
    const std::size_t count = groups.series.size();
    Eigen::ArrayXd weight = base.topRows(shareAgeMax + 1).colwise().sum().transpose();
    std::vector<double> groupWeight(count, 0.0);
    std::vector<int> groupTowns(count, 0);
    for (std::size_t t = 0; t < towns; ++t) {
        const auto column = static_cast<Eigen::Index>(2 * t);
        groupWeight[groups.ofTown[t]] += weight(column) + weight(column + 1);
        ++groupTowns[groups.ofTown[t]];
    }
    Eigen::ArrayXXd births = Eigen::ArrayXXd::Zero(static_cast<Eigen::Index>(2 * towns), years);
    for (std::size_t t = 0; t < towns; ++t) {
        const std::size_t g = groups.ofTown[t];
        for (int c = 0; c < kCategoryCount; ++c) {
            const auto column = static_cast<Eigen::Index>(2 * t) + c;
            double share = 0.0;
            if (groupWeight[g] > 0.0)
                share = weight(column) / groupWeight[g];
            else if (c == 0)
                share = 1.0 / groupTowns[g];
            for (int y = 0; y < years; ++y)
                births(column, y) = groupBirths[g][y] * share;
        }
    }
    for (std::size_t g = 0; g < count; ++g)
        if (!(groupWeight[g] > 0.0))
            problems.warning("出生人口平均分配 / no residents aged 0.." +
                                 std::to_string(shareAgeMax) + " in the towns of births area " +
                                 groups.series[g]->areaCode + "; births split evenly",
                             groups.series[g]->areaCode);
    return births;
}

} // namespace

// ---- years and table shape ----
bool ProjectionEngine::prepareShape(const CityData& city, const ProjectionConfig& config,
                                    ProblemLog& problems) {
    const std::size_t errorsBefore = problems.errorCount();
    firstYear = city.population.year != 0 ? city.population.year : city.baseYear;
    lastYear = config.horizonYear;
    if (firstYear == 0)
        problems.error("缺少人口年份 / population year and base year are both 0");
    if (lastYear < firstYear)
        problems.error("预测终止年早于基年 / horizon year " + std::to_string(lastYear) +
                           " is before the base year " + std::to_string(firstYear),
                       {}, {}, lastYear);
    if (lastYear > firstYear + 200)
        problems.error("预测终止年过远 / horizon year " + std::to_string(lastYear) +
                           " is more than 200 years after the base year " +
                           std::to_string(firstYear),
                       {}, {}, lastYear);
    if (city.population.towns.empty())
        problems.error("缺少人口数据 / population has no towns");
    int maxAge = -1;
    for (const TownPopulation& tp : city.population.towns) {
        if (maxAge < 0)
            maxAge = tp.maxAge();
        if (tp.maxAge() != maxAge) {
            problems.error("年龄组不一致 / town " + tp.townCode + " has ages 0.." +
                               std::to_string(tp.maxAge()) + " but other towns 0.." +
                               std::to_string(maxAge),
                           tp.townCode);
            break;
        }
    }
    if (maxAge < 1 && !city.population.towns.empty())
        problems.error("年龄组太少 / population needs at least ages 0..1, has 0.." +
                       std::to_string(maxAge));
    if (problems.errorCount() != errorsBefore)
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
void ProjectionEngine::prepareBase(const CityData& city, ProblemLog& problems) {
    const auto cols = static_cast<Eigen::Index>(2 * towns);
    m_base = Eigen::ArrayXXd::Zero(ages, cols);
    for (const TownPopulation& tp : city.population.towns) {
        const auto ti = city.regions.townIndex(tp.townCode);
        if (!ti) {
            problems.warning("人口数据中的镇街不在行政区划中，已忽略 / population town " +
                                 tp.townCode + " is not in the regions; ignored",
                             tp.townCode);
            continue;
        }
        for (int a = 0; a < ages; ++a)
            for (int c = 0; c < kCategoryCount; ++c) {
                const double v = tp.persons[static_cast<std::size_t>(a)][c];
                if (!(v >= 0.0) || !std::isfinite(v))
                    problems.error("人口数无效 / population of town " + tp.townCode + " age " +
                                       std::to_string(a) + " category " +
                                       std::string(categoryCode(static_cast<PopCategory>(c))) +
                                       " is " + num(v),
                                   tp.townCode);
                m_base(a, static_cast<Eigen::Index>(2 * *ti + c)) += v;
            }
    }
}

// ---- life table ----
void ProjectionEngine::prepareLifeTable(const ProjectionAssumptions& as, ProblemLog& problems) {
    const int maxAge = ages - 1;
    LifeTable lt =
        as.lifeTable.survivalByAge.empty() ? LifeTable::guangdong2020(maxAge) : as.lifeTable;
    m_survival.resize(ages);
    for (int a = 0; a < ages; ++a) {
        const auto i = std::min(static_cast<std::size_t>(a), lt.survivalByAge.size() - 1);
        const double s = lt.survivalByAge[i];
        if (!(s >= 0.0 && s <= 1.0)) {
            problems.error("存活概率超出 0..1 / survival probability at age " + std::to_string(i) +
                           " is " + num(s));
            break;
        }
        m_survival(a) = s;
    }
    if (!(lt.newbornSurvival >= 0.0 && lt.newbornSurvival <= 1.0))
        problems.error("新生儿存活概率超出 0..1 / newborn survival is " + num(lt.newbornSurvival));
    m_newbornSurvival = lt.newbornSurvival;
    m_openTop = as.openEndedTopAge;
}

// ---- births ----
bool ProjectionEngine::prepareBirths(const CityData& city, const BirthsAssumptions& ba,
                                     std::size_t errorsBefore, ProblemLog& problems) {
    checkBirths(city, ba, ages - 1, problems);
    if (problems.errorCount() != errorsBefore)
        return false;
    const std::optional<BirthGroups> groups = birthGroups(city, problems);
    if (!groups)
        return false;
    const auto groupBirths = birthsByGroup(*groups, ba, firstYear, years, birthsFromData, problems);
    if (!groupBirths)
        return false;
    cityBirths.assign(years, 0.0);
    for (int y = 0; y < years; ++y)
        for (const std::vector<double>& g : *groupBirths)
            cityBirths[y] += g[y];
    m_births = shareBirths(m_base, *groups, *groupBirths, ba.shareAgeMax, years, problems);
    return true;
}

} // namespace xw::core::detail
