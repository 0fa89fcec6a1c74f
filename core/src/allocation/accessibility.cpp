#include <xw/core/allocation/accessibility.hpp>
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/detail/parallel.hpp>

#include "detail/facility_grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace xw::core {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Weight of a method with a plain distance decay (never ThreeStep).
double decayWeight(const AccessibilityConfig& c, AccessibilityMethod m, double d, double r) {
    if (!(d <= r))
        return 0.0;
    switch (m) {
    case AccessibilityMethod::TwoStep:
    case AccessibilityMethod::ThreeStep:
        return 1.0;
    case AccessibilityMethod::EnhancedTwoStep:
        for (const AccessibilityStep& s : c.steps)
            if (d <= s.upToFraction * r)
                return s.weight;
        return 0.0;
    case AccessibilityMethod::Gravity:
        return std::pow(std::max(d, c.gravityMinDistanceMeters), -c.gravityExponent);
    case AccessibilityMethod::Gaussian: {
        if (!(r > 0.0))
            return 1.0; // d ≤ r = 0: the pair sits on the point
        const double floor = std::exp(-0.5);
        const double q = d / r;
        return (std::exp(-0.5 * q * q) - floor) / (1.0 - floor);
    }
    }
    return 0.0;
}

/// One point–facility pair found within max(r_i, r_j).
struct Pair {
    std::uint32_t facility;
    double distance;
};

/// The pairs of each point in compressed rows: point i's are pairs[start[i]..start[i + 1]), in
/// facility order.
struct PairsByPoint {
    std::vector<std::size_t> start;
    std::vector<Pair> pairs;
};

/// Every pair within max(r_i, r_j) of each other by the problem's distance. A school farther
/// than r in a straight line is farther by any distance the problem allows (never below the
/// straight line), so the straight-line search finds every candidate and the distance decides.
/// Points are searched in parallel blocks and joined in point order: the same rows whatever the
/// number of threads.
PairsByPoint pairsInReach(const AllocationProblem& pb) {
    const std::size_t n = pb.points.size();
    std::vector<PointM> sites;
    sites.reserve(pb.facilities.size());
    double maxFacilityRadius = 0.0;
    for (const AllocationFacility& f : pb.facilities) {
        sites.push_back(f.location);
        maxFacilityRadius = std::max(maxFacilityRadius, f.radiusMeters);
    }
    const detail::FacilityGrid grid(sites);

    PairsByPoint out;
    out.start.assign(n + 1, 0);
    const int blocks = detail::threadsFor(0, n);
    std::vector<std::vector<Pair>> blockPairs(static_cast<std::size_t>(blocks));
    std::vector<std::size_t> counts(n, 0);
    detail::forBlocks(n, blocks, [&](std::size_t b, std::size_t begin, std::size_t end) {
        std::vector<Pair> found;
        for (std::size_t i = begin; i < end; ++i) {
            const AllocationPoint& p = pb.points[i];
            const double reach = std::max(p.radiusMeters, maxFacilityRadius);
            found.clear();
            grid.within(p.location, reach, [&](std::uint32_t j, double straight) {
                if (straight > std::max(p.radiusMeters, pb.facilities[j].radiusMeters))
                    return;
                const double d = pb.distance ? pairDistanceMeters(pb, i, j) : straight;
                if (d <= std::max(p.radiusMeters, pb.facilities[j].radiusMeters))
                    found.push_back({j, d});
            });
            std::sort(found.begin(), found.end(),
                      [](const Pair& a, const Pair& c) { return a.facility < c.facility; });
            counts[i] = found.size();
            blockPairs[b].insert(blockPairs[b].end(), found.begin(), found.end());
        }
    });
    for (std::size_t i = 0; i < n; ++i)
        out.start[i + 1] = out.start[i] + counts[i];
    out.pairs.reserve(out.start[n]);
    for (auto& bp : blockPairs)
        out.pairs.insert(out.pairs.end(), bp.begin(), bp.end());
    return out;
}

} // namespace

const char* accessibilityCode(AccessibilityMethod m) {
    switch (m) {
    case AccessibilityMethod::TwoStep:
        return "2sfca";
    case AccessibilityMethod::EnhancedTwoStep:
        return "e2sfca";
    case AccessibilityMethod::Gravity:
        return "gravity";
    case AccessibilityMethod::Gaussian:
        return "gaussian";
    case AccessibilityMethod::ThreeStep:
        return "3sfca";
    }
    return "2sfca";
}

bool detail::parseAccessibility(const std::string& code, AccessibilityMethod& out) {
    for (const AccessibilityMethod m :
         {AccessibilityMethod::TwoStep, AccessibilityMethod::EnhancedTwoStep,
          AccessibilityMethod::Gravity, AccessibilityMethod::Gaussian,
          AccessibilityMethod::ThreeStep})
        if (code == accessibilityCode(m)) {
            out = m;
            return true;
        }
    return false;
}

std::vector<Diagnostic> validate(const AccessibilityConfig& c) {
    std::vector<Diagnostic> out;
    // `member`: the AccessibilityConfig member that holds the bad value.
    auto problem = [&](const char* member, const char* message) {
        Diagnostic d;
        d.severity = Severity::Error;
        d.layer = "accessibility";
        d.field = member;
        d.message = message;
        out.push_back(std::move(d));
    };
    if (c.method == AccessibilityMethod::EnhancedTwoStep ||
        (c.method == AccessibilityMethod::ThreeStep &&
         c.threeStepDecay == AccessibilityMethod::EnhancedTwoStep)) {
        if (c.steps.empty())
            problem("steps", "E2SFCA 需要至少一个距离分段 / E2SFCA needs at least one step");
        double previous = 0.0;
        for (const AccessibilityStep& s : c.steps) {
            if (!(s.upToFraction > previous && s.upToFraction <= 1.0))
                problem("steps", "E2SFCA 分段须在 (0, 1] 内递增 / E2SFCA steps must ascend within "
                                 "(0, 1] of the radius");
            if (!(s.weight >= 0.0) || !std::isfinite(s.weight))
                problem("steps", "E2SFCA 权重须为非负有限数 / E2SFCA weights must be finite and "
                                 "≥ 0");
            previous = s.upToFraction;
        }
    }
    if (!(c.gravityExponent > 0.0) || !std::isfinite(c.gravityExponent))
        problem("gravityExponent", "引力指数须为正 / the gravity exponent must be positive");
    if (!(c.gravityMinDistanceMeters > 0.0) || !std::isfinite(c.gravityMinDistanceMeters))
        problem("gravityMinDistanceMeters",
                "引力最小距离须为正 / the gravity minimum distance must be positive");
    if (c.threeStepDecay == AccessibilityMethod::ThreeStep)
        problem("threeStepDecay",
                "3SFCA 的距离衰减不能是 3SFCA / the 3SFCA decay cannot be 3SFCA itself");
    return out;
}

double accessibilityWeight(const AccessibilityConfig& config, double distanceMeters,
                           double radiusMeters) {
    const AccessibilityMethod m =
        config.method == AccessibilityMethod::ThreeStep ? config.threeStepDecay : config.method;
    return decayWeight(config, m, distanceMeters, radiusMeters);
}

Accessibility accessibility(const AllocationProblem& pb, const AccessibilityConfig& config) {
    if (const auto problems = validate(config); !problems.empty())
        throw std::invalid_argument("accessibility: " + problems.front().message);
    const std::size_t n = pb.points.size();
    const std::size_t m = pb.facilities.size();
    const bool threeStep = config.method == AccessibilityMethod::ThreeStep;
    Accessibility out;
    out.method = config.method;
    out.perPoint.assign(n, kNaN);
    out.catchmentDemand.assign(m, 0.0);
    out.seatsPerChild.assign(m, kNaN);
    if (n == 0)
        return out;

    const PairsByPoint reach = pairsInReach(pb);
    const std::vector<std::size_t>& start = reach.start;
    const std::vector<Pair>& pairs = reach.pairs;

    // 3SFCA selection weights: G_ij = W(d_ij, r_i) ÷ Σ_k W(d_ik, r_i) over the point's catchment.
    std::vector<double> selectionSum;
    if (threeStep) {
        selectionSum.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = start[i]; k < start[i + 1]; ++k)
                selectionSum[i] +=
                    accessibilityWeight(config, pairs[k].distance, pb.points[i].radiusMeters);
    }
    const auto selection = [&](std::size_t i, double d) {
        if (!threeStep)
            return 1.0;
        if (!(selectionSum[i] > 0.0))
            return 0.0;
        return accessibilityWeight(config, d, pb.points[i].radiusMeters) / selectionSum[i];
    };

    // Step 1: weighted children in each school's catchment (point order: deterministic sums).
    for (std::size_t i = 0; i < n; ++i) {
        const auto children = static_cast<double>(pb.points[i].demand);
        for (std::size_t k = start[i]; k < start[i + 1]; ++k) {
            const Pair& pr = pairs[k];
            const double rj = pb.facilities[pr.facility].radiusMeters;
            if (pr.distance > rj)
                continue;
            out.catchmentDemand[pr.facility] +=
                selection(i, pr.distance) * accessibilityWeight(config, pr.distance, rj) * children;
        }
    }
    for (std::size_t j = 0; j < m; ++j)
        if (out.catchmentDemand[j] > 0.0)
            out.seatsPerChild[j] =
                static_cast<double>(pb.facilities[j].seats) / out.catchmentDemand[j];

    // Step 2: per point, in facility order.
    const int blocks = detail::threadsFor(0, n);
    detail::forBlocks(n, blocks, [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const double ri = pb.points[i].radiusMeters;
            bool inReach = false;
            double a = 0.0;
            for (std::size_t k = start[i]; k < start[i + 1]; ++k) {
                const Pair& pr = pairs[k];
                if (pr.distance > ri)
                    continue;
                inReach = true;
                const double rj = out.seatsPerChild[pr.facility];
                if (std::isnan(rj))
                    continue;
                a += selection(i, pr.distance) * accessibilityWeight(config, pr.distance, ri) * rj;
            }
            if (inReach)
                out.perPoint[i] = a;
        }
    });
    return out;
}

} // namespace xw::core
