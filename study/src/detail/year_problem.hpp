#pragma once
// Internal: the study run that gives the optimiser and the zone drawing their demand — the
// optimal allocation of every stage up to one year, keeping that year's problems.
#include <xw/study/study.hpp>

#include <fmt/format.h>

#include <utility>

namespace xw::study::detail {

/// The results of `base` run with the optimal allocation up to `year`, that year's problems kept.
/// \throws StudyError when the year lies outside the data's year and the scenario's horizon.
inline StudyResults runForYear(Study& study, StudyConfig config, int year,
                               const core::Progress& progress) {
    const int baseYear = study.city().baseYear;
    const int horizon = study.horizonYear();
    if (year < baseYear || year > horizon)
        throw StudyError(fmt::format("年份 {} 不在 {}–{} 之内 / year {} is outside {}–{}", year,
                                     baseYear, horizon, year, baseYear, horizon));
    config.allocation = core::AllocationMode::Optimal;
    config.allocateEveryYear = true;
    config.keepYearProblems = true;
    config.catchmentShapes = false;
    config.monteCarloDraws = 0;
    if (year == baseYear) {
        config.baseYearOnly = true;
        config.years.reset();
    } else {
        config.baseYearOnly = false;
        config.years = std::make_pair(baseYear, year);
    }
    return study.run(config, progress);
}

/// The stage's allocation problem of the year in results of runForYear, or nullptr.
inline const core::AllocationProblem* problemOf(const StudyResults& r, core::Stage stage,
                                                int year) {
    if (year == r.baseYear) {
        if (r.allocation)
            for (const StageAllocation& a : r.allocation->stages)
                if (a.problem.stage == stage)
                    return &a.problem;
        return nullptr;
    }
    const YearResult* y = r.yearResult(year);
    if (y == nullptr)
        return nullptr;
    for (const core::AllocationProblem& pb : y->allocationProblems)
        if (pb.stage == stage)
            return &pb;
    return nullptr;
}

/// The city of the year (the school indices of the year's problem refer to it).
inline const core::CityData& cityOf(const StudyResults& r, int year) {
    if (const YearResult* y = r.yearResult(year); y != nullptr && year != r.baseYear)
        return *y->city;
    return *r.city;
}

} // namespace xw::study::detail
