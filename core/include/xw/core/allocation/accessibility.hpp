#pragma once
// Spatial accessibility of school seats: the floating catchment area family. Each measure rates
// every demand point by the seats within its reach, discounted by the children competing for
// them; docs/allocation.md ("Accessibility") gives the formulas with their sources:
//  - 2SFCA   two-step floating catchment area (Luo & Wang 2003),
//  - E2SFCA  enhanced 2SFCA, stepwise distance weights (Luo & Qi 2009),
//  - gravity 2SFCA with a power distance decay d^-β (the gravity form discussed by Luo & Wang
//            2003 and used by PySAL access's weights.gravity),
//  - Gaussian 2SFCA, a Gaussian decay that reaches 0 at the radius (Dai 2010),
//  - 3SFCA   three-step FCA: demand split between the facilities in reach by a selection weight
//            (Wan, Zou & Sternberg 2012).
// Checked against PySAL access's published test cases
// (tests/core/allocation/accessibility_test.cpp).
//
// Units: distances and radii in metres; seats and children are counts; A_i is seats per child
// (weighted). "No school in reach" is not 0 seats per child but undefined: NaN here, NULL in a
// GeoPackage and an empty cell in CSV.
#include <xw/core/common/diagnostic.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace xw::core {

struct AllocationProblem; // allocation.hpp

enum class AccessibilityMethod {
    TwoStep,         ///< 2SFCA: weight 1 within the radius
    EnhancedTwoStep, ///< E2SFCA: stepwise weights by distance band (AccessibilityConfig::steps)
    Gravity,         ///< 2SFCA with weight max(d, dMin)^-β within the radius
    Gaussian,        ///< 2SFCA with the Gaussian weight of Dai (2010), 1 at d = 0, 0 at d = r
    ThreeStep,       ///< 3SFCA: selection weights G_ij over ThreeStep's decay (threeStepDecay)
};

/// "2sfca", "e2sfca", "gravity", "gaussian", "3sfca".
[[nodiscard]] const char* accessibilityCode(AccessibilityMethod m);

namespace detail {
/// The method of an accessibilityCode(); false when unknown. Internal: no input file or option
/// names a method yet, so only the tests read the codes back. Make it public again with the
/// first front end that does.
[[nodiscard]] bool parseAccessibility(const std::string& code, AccessibilityMethod& out);
} // namespace detail

/// One distance band of E2SFCA: pairs with d ≤ upToFraction × radius (and beyond the previous
/// band) get `weight`.
struct AccessibilityStep {
    double upToFraction = 1.0; ///< of the radius, in (0, 1], ascending across steps
    double weight = 1.0;       ///< ≥ 0
};

struct AccessibilityConfig {
    AccessibilityMethod method = AccessibilityMethod::TwoStep;
    /// E2SFCA bands. Default: thirds of the radius weighted 1.00, 0.68, 0.22, the weights Luo &
    /// Qi (2009) derived from a Gaussian for their 0–10, 10–20, 20–30-minute zones.
    std::vector<AccessibilityStep> steps{{1.0 / 3.0, 1.0}, {2.0 / 3.0, 0.68}, {1.0, 0.22}};
    double gravityExponent = 1.0;          ///< β of the gravity weight, > 0
    double gravityMinDistanceMeters = 1.0; ///< d below this counts as this (no 1/0), > 0
    /// The distance weight inside 3SFCA (both its selection weight and its decay); any method but
    /// ThreeStep. Wan, Zou & Sternberg (2012) use stepwise Gaussian weights: EnhancedTwoStep.
    AccessibilityMethod threeStepDecay = AccessibilityMethod::EnhancedTwoStep;
};

/// Problems with a configuration, one per bad value (empty when valid): severity Error, layer
/// "accessibility", field the AccessibilityConfig member that holds the value (steps,
/// gravityExponent, gravityMinDistanceMeters, threeStepDecay).
[[nodiscard]] std::vector<Diagnostic> validate(const AccessibilityConfig& config);

/// The distance weight W(d, r) of a method other than ThreeStep for a pair at distance d (metres)
/// under radius r (metres): 0 when d > r, else as documented at AccessibilityMethod. For ThreeStep
/// it is the weight of config.threeStepDecay.
[[nodiscard]] double accessibilityWeight(const AccessibilityConfig& config, double distanceMeters,
                                         double radiusMeters);

struct Accessibility {
    AccessibilityMethod method = AccessibilityMethod::TwoStep;
    /// A_i per point of the problem: Σ over the schools within the point's radius of
    /// G_ij·W(d_ij, r_i)·R_j. NaN when no school of the stage is within the point's radius.
    std::vector<double> perPoint;
    /// D_j per facility: Σ over the points within the school's radius of G_ij·W(d_ij, r_j)·P_i
    /// (weighted children in its catchment), ≥ 0.
    std::vector<double> catchmentDemand;
    /// R_j = seats_j ÷ D_j per facility; NaN when D_j = 0 (no child in the catchment). Such a
    /// school adds nothing to A_i.
    std::vector<double> seatsPerChild;
};

/// The measure over a stage's allocation problem: points (children P_i = demand, radius r_i) and
/// facilities (seats S_j, radius r_j), with the problem's distance (AllocationProblem::distance,
/// else the straight line; "within" includes the radius itself; a pair without route is never
/// within). Step 1 uses the school's radius, step 2 the point's, as in Luo & Wang (2003) with one
/// radius each. Deterministic: sums run in point order (step 1) and facility order (step 2)
/// whatever the number of threads.
/// \throws std::invalid_argument when validate(config) finds a problem.
[[nodiscard]] Accessibility accessibility(const AllocationProblem& problem,
                                          const AccessibilityConfig& config = {});

} // namespace xw::core
