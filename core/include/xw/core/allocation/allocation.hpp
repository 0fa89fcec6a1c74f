#pragma once
// Where the children go: demand points of one stage assigned to the stage's schools by
// attendance zones, by the nearest school within the service radius, or by a capacitated optimal
// assignment (core::solveTransport); results per school, town, district and city, and
// accessibility by a floating catchment area method (accessibility.hpp; 2SFCA by default).
//
// Distances are straight lines in the working CRS (metres) unless AllocationProblem::distance
// gives others, e.g. along a road network (gis::RoadDistances).
#include <xw/core/allocation/accessibility.hpp>
#include <xw/core/allocation/demand_points.hpp>
#include <xw/core/allocation/transport.hpp>
#include <xw/core/model/city.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace xw::core {

enum class AllocationMode {
    Zones,   ///< each point to the nearest school among those whose zone contains it
    Nearest, ///< each point to its nearest school if within the point's service radius
    Optimal, ///< minimum total distance subject to seats (solveTransport), penalty for unplaced
};

/// "zones", "nearest", "optimal".
[[nodiscard]] const char* allocationModeCode(AllocationMode mode);
[[nodiscard]] std::optional<AllocationMode> parseAllocationMode(const std::string& text);

/// Attendance-zone membership of points, compressed: the schools (indices into
/// CityData::schools) whose zone contains point i are schools[offsets[i] .. offsets[i+1]).
struct ZoneMembership {
    std::vector<std::uint32_t> offsets{0}; ///< size = points + 1
    std::vector<std::uint32_t> schools;
};

/// Zones from a school → town table: a point belongs to the zone of every school listed with the
/// point's town. Pairs name a school by id (every campus of that id) and a town by code; unknown
/// ids or codes are ignored here (the loader reports them).
[[nodiscard]] ZoneMembership
zonesFromTownTable(const CityData& city, const std::vector<DemandPoint>& points,
                   const std::vector<std::pair<std::string, std::string>>& schoolTowns);

struct AllocationConfig {
    AllocationMode mode = AllocationMode::Optimal;
    /// Optimal mode: cost of one unplaced child, metres.
    double unplacedPenaltyMeters = kDefaultUnplacedPenaltyMeters;
    int candidateArcs = kDefaultCandidateArcs; ///< optimal mode: k nearest schools before pricing
    /// The accessibility measure of AllocationResult::accessibility (2SFCA by default).
    AccessibilityConfig accessibility;
    /// With AllocationProblem::barrierCrossings: metres added to a pair's cost per barrier its
    /// straight line crosses (nearest and optimal modes), ≥ 0. 3,000 m [A]: a crossing-free
    /// school is preferred unless it is 3 km farther, i.e. whenever one lies within the primary
    /// radius (500 m urban, 2,500 m rural) of a point that has a school with a crossing in reach.
    double barrierPenaltyMeters = 3000.0;
};

/// A school of the stage as the allocation sees it.
struct AllocationFacility {
    std::size_t schoolIndex = 0; ///< into CityData::schools
    PointM location;
    /// Town of the school (index into Regions::towns), or kNoTown when unknown.
    std::size_t townIndex = 0;
    std::int64_t seats = 0;         ///< Σ classes × standard class size of the grade
    std::int64_t classes = 0;       ///< existing classes of the stage
    double standardClassSize = 0.0; ///< seats ÷ classes; the stage's mean norm without classes
    double radiusMeters = 0.0;      ///< service radius by the school's town (urban/rural)
};
inline constexpr std::size_t kNoTown = std::numeric_limits<std::size_t>::max();

/// A demand point of the stage with children (points with 0 children are left out, except in
/// the problems of later years made by withDemand, which keep one point list for all years).
struct AllocationPoint {
    std::uint32_t gridIndex = 0; ///< index into the demand-point list the problem was built from
    PointM location;
    std::size_t townIndex = 0;
    std::int64_t demand = 0;   ///< whole children, > 0 (≥ 0 after withDemand)
    double radiusMeters = 0.0; ///< service radius by the point's town (urban/rural)
};

struct AllocationProblem {
    Stage stage = Stage::Primary;
    AllocationConfig config;
    std::vector<AllocationPoint> points;
    std::vector<AllocationFacility> facilities; ///< in school order
    /// Zones mode: zone membership per point of `points` (same order). Ignored otherwise.
    ZoneMembership zones;
    int largeClassMin = Norms{}.largeClassMin; ///< from the city's norms (buildAllocationProblem)
    int hugeClassMin = Norms{}.hugeClassMin;
    /// Optional distance in metres from points[i] to facilities[j], e.g. along roads. Empty → the
    /// straight line in the working CRS (and every result is what it was before this hook).
    /// Contract: never below the straight line (results below it are raised to it); +infinity
    /// (or NaN) when there is no route; safe to call from several threads at once. Used by every
    /// mode and by 2SFCA:
    ///  - optimal: the cost of the transport problem; a pair without route costs twice the
    ///    unplaced penalty, so its children are left unplaced rather than sent across a
    ///    disconnected network;
    ///  - nearest: the school nearest by this distance (ties to the lower index), if within the
    ///    point's radius. Candidates are found by straight line first: a school whose straight
    ///    line already exceeds a distance d cannot be within d by road;
    ///  - zones: the zone school nearest by this distance; zone schools without a route are
    ///    passed over, and a point with no reachable zone school is unplaced;
    ///  - the distances of the pieces, hence mean distances and beyond-radius counts, and
    ///    2SFCA's d_ij ≤ r.
    std::function<double(std::size_t point, std::size_t facility)> distance;
    /// Optimal mode: the solver polls it between pricing rounds and throws core::Cancelled when it
    /// reads true. May be null; must outlive allocate().
    const std::atomic<bool>* cancel = nullptr;
    /// Optional number of barriers (core::BarrierIndex: trunk roads, railways, rivers without a
    /// bridge) that the straight line from points[i] to facilities[j] crosses; empty → none.
    /// Safe to call from several threads at once. With it, nearest and optimal modes choose by
    /// cost = distance + crossings × config.barrierPenaltyMeters: the cost is never below the
    /// distance, so the transport solver's straight-line lower bound still holds, and a school
    /// without a crossing is chosen over one with a crossing whenever it is less than the penalty
    /// farther (nearest mode: among the schools within the point's radius). Pieces, schools and
    /// areas then count the children whose path crosses a barrier. Zones mode is not changed
    /// (a zone is policy) but its crossings are counted too.
    std::function<int(std::size_t point, std::size_t facility)> barrierCrossings;
    /// The stage's travel speed (StageNorms::metersPerMinute(); 0 → no times) and its GB 50180
    /// living circle in minutes (StageNorms::livingCircleMinutes; 0 → none), for the results'
    /// walking times.
    double metersPerMinute = 0.0;
    int livingCircleMinutes = 0;
};

/// The problem for one stage: the stage's schools (every school with a provision for the stage,
/// seats from its classes and the norms' class sizes) and the points with demand[i] > 0, each
/// with the service radius of its town (StageNorms::radiusUrbanMeters / radiusRuralMeters; a school
/// in no known town uses the rural radius). `zones` (per grid point) is used in Zones mode. \throws
/// std::invalid_argument when demand and grid sizes differ or zones do not match.
[[nodiscard]] AllocationProblem buildAllocationProblem(const CityData& city, Stage stage,
                                                       const std::vector<DemandPoint>& grid,
                                                       const std::vector<std::int64_t>& demand,
                                                       const AllocationConfig& config,
                                                       const ZoneMembership* zones = nullptr);

/// The same problem (points, schools, zones, settings) with the children of another year:
/// point k gets gridDemand[points[k].gridIndex], which may be 0. Allocating several years on one
/// point list lets each year warm-start from the previous one (allocate's `previous`); build the
/// list once with buildAllocationProblem from a demand that is positive wherever any of the
/// years has children (e.g. the maximum over the years). Children of grid points outside the
/// list cannot be placed, so they are an error.
/// \throws std::invalid_argument when gridDemand is shorter than a point's grid index, negative,
/// or positive at a grid point that is not in the problem.
[[nodiscard]] AllocationProblem withDemand(const AllocationProblem& problem,
                                           const std::vector<std::int64_t>& gridDemand);

inline constexpr std::uint32_t kUnplaced = std::numeric_limits<std::uint32_t>::max();

/// Children of one point sent to one school, or left unplaced (facility == kUnplaced).
struct AllocationPiece {
    std::uint32_t point = 0;    ///< index into AllocationProblem::points
    std::uint32_t facility = 0; ///< index into AllocationProblem::facilities, or kUnplaced
    std::int64_t amount = 0;    ///< children, > 0
    /// To the school; to the nearest school when unplaced (−1 if none, or none reachable).
    double distanceMeters = 0.0;
    /// Barriers the straight line to the school crosses (0 when unplaced or without barriers).
    int barrierCrossings = 0;
};

struct SchoolAllocation {
    std::size_t schoolIndex = 0;
    std::int64_t assigned = 0; ///< children assigned
    std::int64_t seats = 0;
    std::int64_t classes = 0;
    std::optional<double> utilisation;   ///< assigned ÷ seats; nullopt (n/a) without seats
    std::optional<double> meanClassSize; ///< assigned ÷ classes; nullopt without classes
    std::int64_t classesNeeded = 0;      ///< ceil(assigned ÷ standard class size)
    /// Classes that would have ≥ largeClassMin pupils if the children assigned here were split
    /// evenly over the school's existing classes (not the school's recorded large classes).
    std::int64_t largeClassesByAssignment = 0;
    std::int64_t hugeClassesByAssignment = 0; ///< the same for ≥ hugeClassMin
    double meanDistanceMeters = 0.0;          ///< over assigned children; 0 when none
    /// meanDistanceMeters ÷ AllocationProblem::metersPerMinute; 0 without a speed or children.
    double meanMinutes = 0.0;
    std::int64_t beyondRadius = 0;    ///< assigned children farther than their radius
    std::int64_t crossingBarrier = 0; ///< assigned children whose path crosses a barrier
    /// Accessibility step 1: the (weighted) children within the school's radius (D_j).
    double catchmentDemand = 0.0;
    /// Accessibility R_j = seats ÷ catchmentDemand; NaN when no child is within the radius.
    double seatsPerChild = 0.0;
};

/// Per town, district or the city. For the town and district rows, "the area's schools" are the
/// schools located in it; children are counted where they live.
struct AreaAllocation {
    std::string code;
    std::string name;
    std::int64_t demand = 0;   ///< children living in the area (Σ point demand)
    std::int64_t assigned = 0; ///< of them, assigned to a school anywhere
    /// demand − assigned: no zone (zones), no school within the radius (nearest), no seat left
    /// within the penalty distance (optimal).
    std::int64_t unplaced = 0;
    /// Children of the area whose school is farther than their service radius, plus (nearest
    /// mode) those left unplaced because no school is within it.
    std::int64_t beyondRadius = 0;
    std::int64_t seats = 0;        ///< seats of the area's schools
    std::int64_t atSchools = 0;    ///< children assigned to the area's schools, from anywhere
    std::int64_t overCapacity = 0; ///< Σ max(0, assigned_j − seats_j) over the area's schools
    /// Children without a standard seat: overCapacity + unplaced (not the seat balance's
    /// shortfall, which is demand − seats).
    std::int64_t childrenWithoutSeat = 0;
    std::int64_t surplus = 0; ///< Σ max(0, seats_j − assigned_j) over the area's schools
    /// Accessibility A_i averaged over the area's points that have a school within reach,
    /// weighted by their children; NaN when no child of the area has one.
    double meanAccessibility = 0.0;
    /// Children of the area with no school of the stage within their radius (A_i undefined).
    std::int64_t withoutSchoolInReach = 0;
    /// Assigned children whose school is within 5, 10 and 15 minutes at the stage's speed
    /// (GB 50180-2018's living circles); 0 without a speed.
    std::array<std::int64_t, 3> withinMinutes{0, 0, 0};
    /// Assigned children within the stage's own living circle (AllocationProblem::
    /// livingCircleMinutes); 0 when the stage has none.
    std::int64_t withinCircle = 0;
    /// Assigned children whose path to school crosses a barrier (with barriers only).
    std::int64_t crossingBarrier = 0;
};
/// The minutes of AreaAllocation::withinMinutes.
inline constexpr std::array<int, 3> kLivingCircleMinutes{5, 10, 15};

struct AllocationResult {
    Stage stage = Stage::Primary;
    AllocationMode mode = AllocationMode::Optimal;
    std::vector<AllocationPiece> pieces; ///< sorted by point, then facility (kUnplaced last)
    /// A_i per point (AllocationConfig::accessibility's measure), seats per child; NaN for a
    /// point with no school of the stage within its radius.
    std::vector<double> accessibility;
    std::vector<SchoolAllocation> schools; ///< per facility, same order
    std::vector<AreaAllocation> towns;     ///< per town in region order
    std::vector<AreaAllocation> districts; ///< per district in region order
    AreaAllocation city;
    double totalDistanceMeters = 0.0; ///< Σ amount × distance over assigned pieces
    /// Optimal mode: the solver's solution (certificate-checkable; warm start for the next run).
    std::optional<TransportSolution> transport;
};

/// Runs the problem's mode. `previous` (optimal mode) warm-starts the solver when it was solved
/// for the same points and the same schools in the same order, possibly with schools appended at
/// the end (new schools); with fewer points or more schools than the problem it is ignored. The
/// caller must not pass a result whose schools were in another order. The demands may
/// differ (another year, see withDemand): the previous flows are first fitted to the new demand
/// (a point that lost children gives them up from its flows, one that gained adds them to its
/// first flow; both keep the point at its cheapest arcs), so only points moved out of schools
/// that became over-full, and points without a previous flow, are routed again. The result is
/// the exact optimum either way (the solver prices out every pair); only ties may be broken
/// differently from a cold solve.
/// \throws std::invalid_argument on inconsistent input (from solveTransport as well).
[[nodiscard]] AllocationResult allocate(const CityData& city, const AllocationProblem& problem,
                                        const AllocationResult* previous = nullptr);

/// The TransportProblem the optimal mode solves (for certificate checks and benchmarks).
[[nodiscard]] TransportProblem transportProblemOf(const AllocationProblem& problem);

/// The distance every mode uses from problem.points[i] to problem.facilities[j], metres: the
/// straight line without problem.distance; else problem.distance raised to at least the straight
/// line, and +infinity when it reports no route (+infinity or NaN).
[[nodiscard]] double pairDistanceMeters(const AllocationProblem& problem, std::size_t point,
                                        std::size_t facility);

} // namespace xw::core
