#include <xw/core/siting/siting.hpp>

#include "detail/siting/capacitated.hpp"
#include "detail/siting/instance.hpp"
#include "detail/siting/lagrangian.hpp"
#include "detail/siting/swap_search.hpp"
#include "detail/siting/uncapacitated.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace xw::core {

const char* sitingModelCode(SitingModel model) {
    switch (model) {
    case SitingModel::PMedian:
        return "pmedian";
    case SitingModel::MaximalCovering:
        return "mclp";
    case SitingModel::SetCovering:
        return "lscp";
    case SitingModel::PCenter:
        return "pcenter";
    }
    return "pmedian";
}

std::optional<SitingModel> parseSitingModel(std::string_view code) {
    for (const SitingModel m : {SitingModel::PMedian, SitingModel::MaximalCovering,
                                SitingModel::SetCovering, SitingModel::PCenter})
        if (code == sitingModelCode(m))
            return m;
    return std::nullopt;
}

const char* seatRuleCode(SeatRule rule) {
    switch (rule) {
    case SeatRule::Ignored:
        return "ignored";
    case SeatRule::Split:
        return "split";
    case SeatRule::SingleSource:
        return "single";
    }
    return "ignored";
}

std::optional<SeatRule> parseSeatRule(std::string_view code) {
    for (const SeatRule r : {SeatRule::Ignored, SeatRule::Split, SeatRule::SingleSource})
        if (code == seatRuleCode(r))
            return r;
    return std::nullopt;
}

namespace {

[[noreturn]] void failConfig(const std::string& what) {
    throw std::invalid_argument("选址设置无效 / invalid siting config: " + what);
}

void validateConfig(const SitingProblem& problem, const SitingConfig& config) {
    if (!std::isfinite(config.unservedPenaltyMeters) || !(config.unservedPenaltyMeters > 0.0) ||
        config.unservedPenaltyMeters > 1.0e12)
        failConfig("unservedPenaltyMeters 须为正且有限 (≤ 1e12) / must be positive and finite "
                   "(≤ 1e12)");
    if (!std::isfinite(config.costUnitsPerMeter) || !(config.costUnitsPerMeter > 0.0) ||
        config.costUnitsPerMeter > 1.0e6)
        failConfig("costUnitsPerMeter 须在 (0, 1e6] / must be in (0, 1e6]");
    if (config.budgetYuan) {
        if (!std::isfinite(*config.budgetYuan) || *config.budgetYuan < 0.0)
            failConfig("budgetYuan 须为有限非负数 / must be finite and ≥ 0");
        if (config.model == SitingModel::SetCovering)
            failConfig("集合覆盖模型求最少新设施，不接受预算 / set covering minimises the number "
                       "of new options and takes no budget");
    }
    if (config.threads < 0 || config.searchIterations < 0 || config.boundIterations < 0 ||
        config.neighbourLimit < 0)
        failConfig("threads, searchIterations, boundIterations, neighbourLimit 须 ≥ 0 / must be "
                   "≥ 0");
    if (config.seats == SeatRule::Split) {
        for (std::size_t i = 0; i < problem.demand.size(); ++i)
            if (problem.demand[i].objectiveWeight &&
                *problem.demand[i].objectiveWeight != problem.demand[i].children)
                failConfig("可拆分分配按儿童计成本，需求点 " + std::to_string(i) +
                           " 的 objectiveWeight 须等于 children / split assignment costs each "
                           "child: objectiveWeight of demand point " +
                           std::to_string(i) + " must equal its children");
    }
    // Exact integer sums: Σ weight × penalty (in units) must fit in 62 bits.
    long double total = 0.0L;
    for (const SitingDemandPoint& d : problem.demand)
        total += static_cast<long double>(std::max<std::int64_t>(
            d.objectiveWeight ? *d.objectiveWeight : d.children, d.children));
    const long double worst = total * static_cast<long double>(config.unservedPenaltyMeters) *
                              static_cast<long double>(config.costUnitsPerMeter);
    if (worst > 1.0e18L)
        failConfig(
            "总权重 × 惩罚距离 × costUnitsPerMeter 超出 64 位整数 / total weight × penalty × "
            "costUnitsPerMeter exceeds 64-bit integers: lower costUnitsPerMeter or the "
            "penalty");
}

} // namespace

SitingResult solveSiting(const SitingProblem& problem, const SitingConfig& config,
                         const Progress& progress) {
    validateSitingProblem(problem);
    validateConfig(problem, config);
    SitingResult result;
    if (config.seats == SeatRule::Ignored) {
        switch (config.model) {
        case SitingModel::PMedian:
        case SitingModel::MaximalCovering:
            result = detail::siting::solveMinSum(problem, config, progress);
            break;
        case SitingModel::SetCovering:
            result = detail::siting::solveSetCovering(problem, config, progress);
            break;
        case SitingModel::PCenter:
            result = detail::siting::solvePCenter(problem, config, progress);
            break;
        }
    } else {
        result = detail::siting::solveCapacitated(problem, config, progress);
    }
    result.model = config.model;
    result.seats = config.seats;
    return result;
}

} // namespace xw::core
