#pragma once
// Attendance zones (学区/施教区划分): every residential unit (a demand-grid cell, village or
// estate) goes to exactly one school, so that
//   - seats are respected, or the children over the seats ("overflow") are as few as possible
//     and reported per school;
//   - every zone is contiguous over the given unit adjacency (a zone's units form one connected
//     piece; a school's own unit, when given, belongs to its zone);
//   - zones are not needlessly elongated: the objective is the moment of inertia of Hess et al.
//     (1965), Σ over units of (children + compactnessWeight) × distance to the school, so every
//     unit, even without children, is pulled towards its school;
//   - optionally, at most maxChildrenMoved children change school against a current assignment.
//
// Objective (child-metres): Σ_u children_u × d(u, school(u)) + overflowPenalty × Σ_j overflow_j
// (the compactness term is reported separately). Lower bound: the capacitated transport optimum
// of the same units and schools with unplaced children at the overflow penalty
// (core::solveTransport): it relaxes single-source, contiguity and stability, so it is a valid
// bound and the gap (objective − bound) / objective is certified.
//
// Method (docs/siting.md): transport optimum → each unit to its largest share → contiguity
// repaired (cut-off pieces join a neighbouring zone) → local search moving boundary units
// between adjacent zones while both stay contiguous, and units in no contiguous zone to any of
// their nearest schools, each unit's best move in turn, until none improves.
// Deterministic; threads only in the transport bound.
#include <xw/core/common/progress.hpp>
#include <xw/core/siting/siting_problem.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace xw::core {

inline constexpr std::uint32_t kNoZoneSchool = std::numeric_limits<std::uint32_t>::max();

struct ZoningUnit {
    PointM location;           ///< working CRS, metres (representative point of the unit)
    std::int64_t children = 0; ///< whole children of the stage, ≥ 0
};

struct ZoningSchool {
    PointM location;        ///< working CRS, metres
    std::int64_t seats = 0; ///< ≥ 0
    /// The unit the school stands in: it always belongs to this school's zone. kNoZoneSchool
    /// when unknown. Two schools may not claim the same unit.
    std::uint32_t unit = kNoZoneSchool;
};

struct ZoningProblem {
    std::vector<ZoningUnit> units;
    std::vector<ZoningSchool> schools;
    /// Neighbours of each unit (indices into units), e.g. grid cells sharing an edge or
    /// polygons sharing a boundary. Made symmetric; self-loops and duplicates are ignored.
    std::vector<std::vector<std::uint32_t>> adjacency;
    /// Distance in metres from unit u to school s; never below the straight line; +infinity
    /// for no route. Empty → straight line.
    SitingDistanceFn distance;
    /// Today's school of each unit (kNoZoneSchool: none), for the stability limit and to count
    /// moved children. Empty → no current zones.
    std::vector<std::uint32_t> current;
};

struct ZoningConfig {
    /// Cost of one child over a school's seats, metres (> 0); also the bound's unplaced penalty.
    double overflowPenaltyMeters = 1.0e6;
    /// Child-equivalents each unit weighs in the compactness term (≥ 0).
    double compactnessWeight = 0.05;
    /// At most this many children may change school against `current` (requires current). The
    /// search then starts from today's zones only and none of its moves passes the limit; making
    /// today's zones contiguous (and giving each school its own unit) comes first and may itself
    /// move children, so ZoningResult::childrenMoved can exceed the limit only by that repair.
    std::optional<std::int64_t> maxChildrenMoved;
    int threads = 0;   ///< transport bound only; the answer does not depend on it
    int maxPasses = 0; ///< local search passes (0 → until no move improves, at most 1000)
};

struct ZoneSummary {
    std::int64_t children = 0; ///< children assigned
    std::int64_t seats = 0;
    std::int64_t overflow = 0; ///< max(0, children − seats)
    std::int64_t units = 0;
    double meanDistanceMeters = 0.0; ///< children-weighted; 0 without children
    double maxDistanceMeters = 0.0;  ///< over units with children
    bool contiguous = true;
};

struct ZoningResult {
    std::vector<std::uint32_t> schoolOf; ///< per unit; every unit has one when any school exists
    std::vector<ZoneSummary> zones;      ///< per school
    double objective = 0.0;         ///< child-metres + overflow penalty (see the top of this file)
    double bound = 0.0;             ///< transport optimum, same unit
    double gap = 0.0;               ///< (objective − bound) / objective, ≥ 0
    double compactnessMeters = 0.0; ///< Σ compactnessWeight × distance (not in the objective)
    std::int64_t overflow = 0;      ///< children over the seats, all schools
    std::int64_t childrenMoved = 0; ///< children whose school differs from `current`
    /// Units that cannot be in a contiguous zone (no neighbour at all, or no school in their
    /// piece of the adjacency graph; a school's own unit never): they take no part in
    /// contiguity and may go to any of their 16 nearest schools, moved alone or together with
    /// another such unit (a swap or a chain) while that lowers the cost with the seats; listed
    /// here.
    std::vector<std::uint32_t> detachedUnits;
    std::int64_t moves = 0; ///< local search moves made
};

/// Draws the zones.
/// \throws std::invalid_argument on inconsistent input (sizes, negative values, an adjacency
/// index out of range, two schools claiming one unit, a current school out of range, a stability
/// limit without current zones; the message names it).
/// \throws Cancelled when progress is cancelled.
[[nodiscard]] ZoningResult drawZones(const ZoningProblem& problem, const ZoningConfig& config,
                                     const Progress& progress = {});

} // namespace xw::core
