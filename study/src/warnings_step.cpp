// The 学位预警 step: the Monte Carlo over births, migration and housing delays, judged against the
// seats of each year's city (the plan's interventions included), per town, per district and, when
// asked, per school catchment of the base-year optimal allocation.
#include "detail/study_impl.hpp"

#include <xw/core/balance/seats.hpp>

#include <algorithm>
#include <map>

namespace xw::study::detail {
namespace {

/// Seats that the plan adds or removes beyond what the Monte Carlo counts by itself
/// (core::townSeats of the base city: its schools and the planned 配套幼儿园), per town, stage
/// and year, as the year-on-year change (AddedSeats accumulate from their year on).
std::vector<core::AddedSeats> planSeats(const core::CityData& base, const StudyResults& r) {
    std::vector<core::AddedSeats> out;
    const auto& towns = base.regions.towns;
    std::vector<std::array<double, core::kStageCount>> before(towns.size());
    for (auto& b : before)
        b.fill(0.0);
    for (const YearResult& y : r.years) {
        const auto withPlan = core::townSeats(*y.city, y.year);
        const auto without = core::townSeats(base, y.year);
        for (std::size_t t = 0; t < towns.size(); ++t)
            for (int st = 0; st < core::kStageCount; ++st) {
                const double delta = withPlan[t][st] - without[t][st];
                if (delta != before[t][st])
                    out.push_back({towns[t].code, static_cast<core::Stage>(st), y.year,
                                   delta - before[t][st]});
                before[t][st] = delta;
            }
    }
    return out;
}

/// School catchments as shares of their towns' demand, from the base-year allocation: for school
/// j and town t, the children of t assigned to j ÷ the base-year expected demand of t for the stage
/// (residents × target rate, the figure the Monte Carlo scales), so that in the base year a
/// catchment's demand is the children assigned up to the rounding of the town's demand.
std::vector<core::CatchmentShare> catchmentShares(const core::CityData& city,
                                                  const core::SeatBalance& base,
                                                  const AllocationResults& allocation,
                                                  std::vector<std::size_t>& schoolOf) {
    std::vector<core::CatchmentShare> out;
    const std::size_t towns = city.regions.towns.size();
    for (const StageAllocation& sa : allocation.stages) {
        const core::AllocationProblem& pb = sa.problem;
        // The Monte Carlo scales shares by its own (unrounded) town demand: residents × rate.
        std::vector<double> townChildren(towns, 0.0);
        for (std::size_t t = 0; t < towns; ++t) {
            const std::size_t row = t * core::kStageCount + core::stageIndex(pb.stage);
            if (row < base.towns.size())
                townChildren[t] = base.towns[row].residentsInBand * city.norms[pb.stage].targetRate;
        }
        std::vector<std::map<std::size_t, double>> children(pb.facilities.size());
        for (const core::AllocationPiece& piece : sa.result.pieces) {
            if (piece.facility == core::kUnplaced)
                continue;
            const std::size_t t = pb.points[piece.point].townIndex;
            if (t < towns)
                children[piece.facility][t] += static_cast<double>(piece.amount);
        }
        for (std::size_t j = 0; j < pb.facilities.size(); ++j) {
            core::CatchmentShare cs;
            cs.schoolId = city.schools[pb.facilities[j].schoolIndex].id;
            cs.stage = pb.stage;
            cs.seats = static_cast<double>(pb.facilities[j].seats);
            for (const auto& [t, n] : children[j])
                if (townChildren[t] > 0.0)
                    cs.townShares.emplace_back(t, std::min(1.0, n / townChildren[t]));
            out.push_back(std::move(cs));
            schoolOf.push_back(pb.facilities[j].schoolIndex);
        }
    }
    return out;
}

} // namespace

void runWarnings(Study::Impl& s, const StudyConfig& config,
                 const core::ProjectionConfig& projection, StudyResults& r,
                 const core::Progress& progress) {
    const core::CityData& base = *r.city;
    core::MonteCarloConfig mc;
    mc.projection = projection;
    mc.thresholds = config.warningThresholds.value_or(base.norms.warnings);
    mc.draws = config.monteCarloDraws;
    mc.seed = config.randomSeed;
    mc.threads = config.threads;
    mc.calibratedDemand = config.warnOnExpectedEnrolment;
    mc.addedSeats = planSeats(base, r);
    WarningResults w;
    if (config.catchmentWarnings) {
        if (!r.allocation || r.allocation->mode != core::AllocationMode::Optimal)
            throw StudyError("学校服务范围预警需要最优分配 / catchment warnings need the optimal "
                             "allocation");
        mc.catchments = catchmentShares(base, r.balance, *r.allocation, w.catchmentSchool);
    }
    w.result = core::runMonteCarlo(base, mc, progress);
    if (!w.result.ok()) {
        std::string message = "学位预警无法进行 / the seat warnings cannot be computed:";
        for (const core::Diagnostic& e : w.result.errors)
            message += "\n  " + core::toString(e); // as failWith: a front end lists them once
        throw StudyError(message, w.result.errors);
    }
    r.diagnostics.insert(r.diagnostics.end(), w.result.warnings.begin(), w.result.warnings.end());
    (void)s;
    r.warnings = std::move(w);
}

} // namespace xw::study::detail
