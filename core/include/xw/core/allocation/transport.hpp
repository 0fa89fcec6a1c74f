#pragma once
// Capacitated optimal assignment of demand points to facilities: a
// transportation problem with a penalty for unplaced demand, solved exactly over ALL
// point–facility pairs.
//
// Problem (costs in whole centimetres, see below):
//   minimise   Σ_ij c_ij x_ij + P Σ_i s_i
//   subject to Σ_j x_ij + s_i = d_i  (every point's demand is placed or unplaced)
//              Σ_i x_ij ≤ u_j        (facility capacity)
//              x, s ≥ 0, integer
// Dual (sign convention used everywhere here): facility prices p_j ≥ 0 and point potentials
//   α_i = min(P, min_j (c_ij + p_j)); the reduced cost of pair (i, j) is c_ij + p_j − α_i ≥ 0.
// Complementary slackness: x_ij > 0 ⇒ c_ij + p_j = α_i; s_i > 0 ⇒ α_i = P; p_j > 0 ⇒ facility j
// is full. Together with dual feasibility over every pair this proves optimality.
//
// Method: each point first gets arcs to its k nearest facilities (straight line, uniform grid
// index). A cold solve starts from a coarse ε-scaling auction on those arcs (four phases, ε
// down to P/1024), which sets the price levels in bulk; its flows that are not exactly at a
// point's cheapest arc are dropped. The candidate problem is then solved by successive shortest
// paths on the facility graph (nodes = facilities + the "unplaced" sink; moving a point from
// facility a to facility b is an edge whose length is c_ib − c_ia, kept in one lazy heap per
// facility pair, so a shortest-path search touches facilities, never the million points). Then
// every omitted pair is priced against the duals: a pair can only violate when c_ij < α_i, i.e. the
// facility lies within α_i of the point, which the spatial index answers; violating pairs are added
// and the point is re-routed, until no pair violates. The pricing search skips grid cells whose
// distance plus least facility price already reaches α_i, so it stays local even when α_i is the
// penalty; after the first round, only points whose α_i rose are searched again in full (the
// others only against facilities whose price fell). Costs are integers (centimetres), so
// optimality is exact, not up to a tolerance.
//
// Speed: the auction bids point by point in order of nearest facility (cache locality) and, when
// seats are short, starts from estimated prices (P minus the cost at which each facility's
// nearest demand fills it) instead of a price war from 0. The k-nearest, pricing and certificate
// scans run on TransportProblem::threads threads in fixed blocks of points whose results are
// merged in point order, so the solution is the same with any number of threads.
#include <xw/core/model/region.hpp>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace xw::core {

/// Optional cost in metres of sending one unit from point i to facility j. It must never be
/// below the straight-line distance (true of road distances), because omitted pairs are priced
/// with the straight-line distance as a lower bound. Without it the cost is the straight line.
using TransportCostFn = std::function<double(std::size_t point, std::size_t facility)>;

/// Cost of one unplaced child when none is given, metres: far above any distance to a school
/// (1,000 km), so a child is left unplaced only when every seat in reach is taken. The one
/// definition; AllocationConfig's default is this value.
inline constexpr double kDefaultUnplacedPenaltyMeters = 1.0e6;
/// Nearest facilities per point taken as arcs before pricing adds the others, when none is given:
/// the optimum does not depend on it, only the time (docs/performance.md). The one definition;
/// AllocationConfig's default is this value.
inline constexpr int kDefaultCandidateArcs = 16;

struct TransportProblem {
    std::vector<PointM> demandPoints;   ///< working CRS, metres
    std::vector<std::int64_t> demand;   ///< per point, whole children, ≥ 0
    std::vector<PointM> facilities;     ///< working CRS, metres
    std::vector<std::int64_t> capacity; ///< per facility, seats, ≥ 0
    /// Cost of one unplaced child, metres, > 0.
    double unplacedPenaltyMeters = kDefaultUnplacedPenaltyMeters;
    /// k nearest facilities per point before pricing, ≥ 1.
    int candidateArcs = kDefaultCandidateArcs;
    TransportCostFn cost; ///< empty → straight-line distance
    /// Threads for the k-nearest, pricing and certificate scans (0 →
    /// std::thread::hardware_concurrency(); at most 8, and one per 1,024 points). The result does
    /// not depend on it (blocks of points, merged in point order). With more than one thread,
    /// `cost` is called from several threads at once, so it must be safe for that.
    int threads = 0;
    /// Polled before every pricing round; when it reads true the solve throws core::Cancelled
    /// (common/progress.hpp). May be null; must outlive the solve.
    const std::atomic<bool>* cancel = nullptr;
};

/// Wall-clock seconds spent in each phase of one solve (diagnostic; cumulative over rounds).
struct TransportPhaseSeconds {
    double arcs = 0.0;    ///< k-nearest candidate arcs
    double auction = 0.0; ///< coarse ε-scaling auction (cold start)
    double heaps = 0.0;   ///< building the move heaps for the auction's flows
    double paths = 0.0;   ///< successive shortest paths (re-routing, price repair)
    double pricing = 0.0; ///< pricing out omitted pairs
    double output = 0.0;  ///< writing the solution
};

struct TransportFlow {
    std::uint32_t point = 0;
    std::uint32_t facility = 0;
    std::int64_t amount = 0; ///< children, > 0
};

struct TransportSolution {
    std::vector<TransportFlow> flows;      ///< sorted by point, then facility
    std::vector<std::int64_t> unplaced;    ///< per point, children sent to the penalty
    std::int64_t objectiveCentimeters = 0; ///< exact Σ cost × amount, centimetres (integer)
    double objectiveMeters = 0.0;          ///< the same in metres
    std::vector<double> facilityPrices;    ///< p_j ≥ 0, metres (exact multiples of 0.01)
    std::vector<double> pointPotentials;   ///< α_i, metres
    int pricingRounds = 0; ///< rounds of pricing out omitted pairs (≥ 1; the last finds none)
    std::int64_t arcsAdded = 0;         ///< pairs added by pricing beyond the k nearest
    double optimalityGap = 0.0;         ///< 0 when the dual certificate proves optimality
    bool warmStarted = false;           ///< the previous solution was used
    std::int64_t augmentations = 0;     ///< shortest-path searches run (diagnostic)
    std::int64_t auctionBids = 0;       ///< bids of the cold-start auction (diagnostic)
    TransportPhaseSeconds phaseSeconds; ///< where the time went (diagnostic)
};

/// The straight-line distance every part of the allocation uses, √(dx² + dy²) in metres. Not
/// std::hypot: glibc's is several times slower (it was 4–8 % of a solve) and its extra care
/// against overflow is moot for coordinates in metres. Anything that must agree with the
/// solver to the centimetre (tests, benchmarks, LP exports) calls this.
[[nodiscard]] inline double straightLineMeters(PointM a, PointM b) {
    const double dx = a.x - b.x;
    const double dy = a.y - b.y;
    return std::sqrt(dx * dx + dy * dy);
}

/// Rounds a cost in metres to the integer centimetres the solver works in.
[[nodiscard]] std::int64_t transportCostCentimeters(double meters);

/// Solves the problem exactly. With warmStart (a solution of a problem with the same demand
/// points and the same facilities in the same order, possibly with changed demands or
/// capacities, facilities appended at the end, or a removed facility kept with capacity 0),
/// its flows and prices are repaired instead of starting from nothing.
/// \throws std::invalid_argument on inconsistent input (sizes, negative values, bad penalty).
[[nodiscard]] TransportSolution solveTransport(const TransportProblem& problem,
                                               const TransportSolution* warmStart = nullptr);

/// A reusable solver that keeps its warm state (candidate arcs, move heaps, flows, prices) so
/// that an edit is repaired locally: the first solve() is cold; after updateCapacity /
/// removeFacility / updateDemand(s) / addFacility the next solve() re-routes only the points the
/// edits displaced (and those pricing finds), then prices out the omitted pairs that can have
/// become violated, so each result is exact over all pairs. Built to follow one problem through
/// many states, e.g. the demand of every projected year on one point list: a demand change fits
/// the point's flows instead of re-routing it, and the pricing state carries over between solves
/// (a pair is searched again only when its point's potential rose or its facility's price fell;
/// the pairs of an added facility are all searched once). Not thread-safe; deterministic (the
/// result depends on the problem and on the sequence of edits, never on the thread count).
class TransportSolver {
public:
    /// \throws std::invalid_argument on inconsistent input, as solveTransport.
    explicit TransportSolver(TransportProblem problem);
    ~TransportSolver();
    TransportSolver(TransportSolver&&) noexcept;
    TransportSolver& operator=(TransportSolver&&) noexcept;
    TransportSolver(const TransportSolver&) = delete;
    TransportSolver& operator=(const TransportSolver&) = delete;

    /// Solves (cold the first time, warm after edits); the reference stays valid until the
    /// next solve().
    const TransportSolution& solve();
    /// New seat count of facility j (≥ 0). \throws std::invalid_argument when out of range.
    void updateCapacity(std::size_t facility, std::int64_t seats);
    /// A closed facility: kept in place with 0 seats (indices of the others do not change).
    void removeFacility(std::size_t facility);
    /// New demand of point i (≥ 0). The point's flows are fitted to it: children that leave are
    /// taken off its unplaced part first, then off its flows; children that arrive join its
    /// unplaced part or its first flow. At an optimum every flow of a point is at its cheapest
    /// arcs, so the point keeps its place; only facilities filled beyond their seats (emptied
    /// point by point, farthest first) and facilities with a positive price that lost children
    /// are repaired at the next solve(). A point without any flow is routed from scratch.
    /// \throws std::invalid_argument when out of range.
    void updateDemand(std::size_t point, std::int64_t children);
    /// Every point's demand at once (size = points, each ≥ 0): updateDemand for each point whose
    /// demand differs. \throws std::invalid_argument (and changes nothing) on a wrong size or a
    /// negative value.
    void updateDemands(const std::vector<std::int64_t>& demand);
    /// Appends a facility at `location` (working CRS, metres) with `seats` (≥ 0) and returns its
    /// index (the previous number of facilities). It starts without candidate arcs: the next
    /// solve() prices every pair with it and adds those with a negative reduced cost, so the
    /// result is the exact optimum with the facility. When the problem has a cost function,
    /// `cost` must replace it with one that also covers the new facility (and agrees with it on
    /// the other pairs); without one the straight line is used as before.
    /// \throws std::invalid_argument on negative seats, a non-finite location, too many
    /// facilities, or a missing cost function when the problem has one.
    std::size_t addFacility(PointM location, std::int64_t seats, TransportCostFn cost = {});
    /// The problem as edited so far.
    [[nodiscard]] const TransportProblem& problem() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// Independent check of a solution: primal feasibility, dual feasibility over EVERY pair (found
/// by a spatial search bounded by α_i, or by brute force when bruteForce is true) and
/// complementary slackness, all in integer centimetres. Returns true when all hold; message
/// names the first failure (the lowest point index when dual feasibility fails). Uses
/// problem.threads threads (the result does not depend on it).
struct TransportCertificate {
    bool valid = false;
    std::string message;
    std::int64_t pairsChecked = 0; ///< pairs whose reduced cost was evaluated (when valid)
};
[[nodiscard]] TransportCertificate checkTransportCertificate(const TransportProblem& problem,
                                                             const TransportSolution& solution,
                                                             bool bruteForce = false);

} // namespace xw::core
