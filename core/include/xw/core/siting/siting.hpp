#pragma once
// Where to build the next schools and which to expand: the classic location models with the
// existing schools fixed open, each answer with a lower bound and its certified optimality gap.
//
// Models (each over the options = candidate sites and expansions of SitingProblem):
//   p-median (Hakimi 1964)        least Σ weight × home–school distance, unserved children at a
//                                 penalty distance
//   maximal covering (MCLP,       most weight within its point's service radius
//     Church & ReVelle 1974)
//   set covering (LSCP,           fewest new options so that every coverable child is within its
//     Toregas et al. 1971)        radius; the children no option can cover are reported
//   p-center                      least largest home–school distance of a child
// with a count of new options (p) or a budget (Σ option cost ≤ budget) for p-median, MCLP and
// p-center. Seats: ignored (classic models), split (a point's children may go to several
// schools; assignment by the exact transport solver core::solveTransport) or single-source (a
// point's children all go to one school).
//
// Method (docs/siting.md): greedy start, fast swap local search with the Whitaker (1983) /
// Resende & Werneck (2003, 2004) gain–loss–extra bookkeeping, then variable neighbourhood search
// (Hansen & Mladenović 1997); lower bounds by Lagrangian relaxation with subgradient
// optimisation (Beasley 1993). Distances are rounded to 1 / costUnitsPerMeter metre and summed in
// exact integers, so an answer and its bound are compared exactly.
//
// Deterministic: the same problem, config and seed give the same answer whatever the number of
// threads (work is split into fixed blocks merged in order, or summed in integers).
#include <xw/core/common/progress.hpp>
#include <xw/core/siting/siting_problem.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace xw::core {

enum class SitingModel {
    PMedian,         ///< least Σ weight × distance
    MaximalCovering, ///< most weight within the service radius (MCLP)
    SetCovering,     ///< fewest new options covering every coverable child (LSCP)
    PCenter,         ///< least largest distance
};

enum class SeatRule {
    Ignored,      ///< seats are not a constraint (the classic models)
    Split,        ///< seats respected; a point's children may be split between schools
    SingleSource, ///< seats respected; all children of a point go to one school
};

/// "pmedian", "mclp", "lscp", "pcenter".
[[nodiscard]] const char* sitingModelCode(SitingModel model);
[[nodiscard]] std::optional<SitingModel> parseSitingModel(std::string_view code);
/// "ignored", "split", "single".
[[nodiscard]] const char* seatRuleCode(SeatRule rule);
[[nodiscard]] std::optional<SeatRule> parseSeatRule(std::string_view code);

struct SitingConfig {
    SitingModel model = SitingModel::PMedian;
    SeatRule seats = SeatRule::Ignored;
    /// Count models (p-median, MCLP, p-center): options to open, sites and expansions together.
    /// Fewer are opened only when fewer exist. Ignored by set covering and with a budget.
    std::size_t newFacilities = 1;
    /// Instead of the count: Σ cost of the opened options ≤ budget (yuan, ≥ 0). Each option
    /// costs its full size (siteCostYuan, expansionCostYuan); see SitingChoice::classesNeeded
    /// for the classes actually used.
    std::optional<double> budgetYuan;
    /// p-median: distance charged for a child with no reachable school (no route, or no seat
    /// when seats count), metres, > 0. Children beyond it count as unserved.
    double unservedPenaltyMeters = 1.0e6;
    /// Distances are rounded to 1 / costUnitsPerMeter metre (default: centimetres) and summed
    /// in exact 64-bit integers. Integral matrix distances (OR-Library) are exact with 1.
    double costUnitsPerMeter = 100.0;
    std::uint64_t seed = 1; ///< variable neighbourhood search shakes
    int threads = 0;        ///< 0 → hardware concurrency; the answer does not depend on it
    /// Variable neighbourhood search iterations after the first local optimum (0 → automatic:
    /// more for small problems); fewer when the bound proves the answer optimal earlier.
    int searchIterations = 0;
    /// Subgradient iterations of each Lagrangian bound (0 → automatic).
    int boundIterations = 0;
    /// Candidate sites kept per demand point in memory, nearest first (0 → automatic). Speed
    /// and memory only: the answer is the same, farther sites are searched when needed.
    int neighbourLimit = 0;
};

/// One chosen option.
struct SitingChoice {
    bool expansion = false;         ///< an expansion of an existing school, else a new site
    std::size_t index = 0;          ///< into SitingProblem::candidates or ::expansions
    std::size_t facility = 0;       ///< facility column whose children it serves
    std::int64_t seats = 0;         ///< seats it adds (its full size)
    std::int64_t seatsUsed = 0;     ///< children assigned to it (uncapacitated: all it attracts)
    std::int64_t classesNeeded = 0; ///< ⌈seatsUsed / seatsPerClass⌉; 0 when not in classes
    double costYuan = 0.0;          ///< at full size
};

/// Children of a demand point assigned to a facility column. Children of an expanded school
/// go to the school's column (its seats and the expansion's together).
struct SitingFlow {
    std::uint32_t point = 0;
    std::uint32_t facility = 0;
    std::int64_t children = 0; ///< > 0
};

struct SitingResult {
    SitingModel model = SitingModel::PMedian;
    SeatRule seats = SeatRule::Ignored;
    std::vector<SitingChoice> chosen;   ///< new sites by index, then expansions by index
    std::vector<SitingFlow> assignment; ///< by point, then facility column
    /// The model's objective: p-median Σ weight × metres (unserved at the penalty); MCLP weight
    /// covered; LSCP new options opened; p-center the largest distance of a served child (m).
    double objective = 0.0;
    /// Lower bound on the optimum (upper bound for MCLP, which maximises), same unit.
    double bound = 0.0;
    /// (upper − lower) / upper, ≥ 0; 0 when the bound proves the answer optimal.
    double gap = 0.0;
    bool provedOptimal = false;
    std::int64_t childrenServed = 0;   ///< children assigned to a school
    std::int64_t childrenUnserved = 0; ///< children with no reachable school or no seat
    std::int64_t childrenCovered = 0;  ///< children within their point's service radius
    /// Set covering: children that no existing school or option can cover (left out).
    std::int64_t childrenUncoverable = 0;
    std::vector<std::size_t> uncoverablePoints; ///< set covering: their demand points
    double maxDistanceMeters = 0.0;             ///< largest distance of an assigned child
    double totalChildMeters = 0.0;              ///< Σ children × distance over assigned children
    double costYuan = 0.0;                      ///< Σ cost of the chosen options
    // Effort (diagnostic).
    int searchIterations = 0;          ///< neighbourhood search iterations run
    int boundIterations = 0;           ///< subgradient iterations run
    std::int64_t moves = 0;            ///< local search moves made
    std::int64_t assignmentSolves = 0; ///< capacitated: assignment problems solved
};

/// Solves one siting model.
/// \throws std::invalid_argument on an invalid problem (validateSitingProblem) or config, e.g. a
/// budget with set covering, a negative budget or a non-positive penalty.
/// \throws Cancelled when progress is cancelled (nothing is returned).
[[nodiscard]] SitingResult solveSiting(const SitingProblem& problem, const SitingConfig& config,
                                       const Progress& progress = {});

} // namespace xw::core
