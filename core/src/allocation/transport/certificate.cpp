// The independent optimality check of a transport solution: primal feasibility, dual
// feasibility over every pair and complementary slackness, in integer centimetres.
#include <xw/core/allocation/transport.hpp>
#include <xw/core/detail/parallel.hpp>

#include "detail/facility_grid.hpp"

#include <limits>
#include <string>
#include <vector>

namespace xw::core {

TransportCertificate checkTransportCertificate(const TransportProblem& problem,
                                               const TransportSolution& s, bool bruteForce) {
    TransportCertificate c;
    const std::size_t n = problem.demandPoints.size();
    const std::size_t m = problem.facilities.size();
    const auto fail = [&](std::string why) {
        c.valid = false;
        c.message = std::move(why);
        return c;
    };
    if (s.unplaced.size() != n || s.facilityPrices.size() != m || s.pointPotentials.size() != n) {
        return fail("solution sizes do not match the problem");
    }
    const auto costOf = [&](std::size_t i, std::size_t j) {
        if (problem.cost) {
            return transportCostCentimeters(problem.cost(i, j));
        }
        const PointM& a = problem.demandPoints[i];
        const PointM& b = problem.facilities[j];
        return transportCostCentimeters(straightLineMeters(a, b));
    };
    const std::int64_t penalty = transportCostCentimeters(problem.unplacedPenaltyMeters);
    std::vector<std::int64_t> price(m);
    for (std::size_t j = 0; j < m; ++j) {
        price[j] = transportCostCentimeters(s.facilityPrices[j]);
        if (price[j] < 0) {
            return fail("facility " + std::to_string(j) + " has a negative price");
        }
    }
    std::vector<std::int64_t> alpha(n);
    for (std::size_t i = 0; i < n; ++i) {
        alpha[i] = transportCostCentimeters(s.pointPotentials[i]);
        if (alpha[i] > penalty) {
            return fail("point " + std::to_string(i) + " has a potential above the penalty");
        }
    }
    std::vector<std::int64_t> placed(n, 0);
    std::vector<std::int64_t> load(m, 0);
    std::int64_t objective = 0;
    for (const TransportFlow& f : s.flows) {
        if (f.point >= n || f.facility >= m || f.amount <= 0) {
            return fail("a flow is out of range or not positive");
        }
        placed[f.point] += f.amount;
        load[f.facility] += f.amount;
        const std::int64_t cij = costOf(f.point, f.facility);
        objective += cij * f.amount;
        if (cij + price[f.facility] != alpha[f.point]) {
            return fail("flow " + std::to_string(f.point) + "→" + std::to_string(f.facility) +
                        " is not on a zero-reduced-cost pair");
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (s.unplaced[i] < 0 || placed[i] + s.unplaced[i] != problem.demand[i]) {
            return fail("point " + std::to_string(i) + " does not send exactly its demand");
        }
        if (s.unplaced[i] > 0 && alpha[i] != penalty) {
            return fail("point " + std::to_string(i) + " leaves demand unplaced below the penalty");
        }
        objective += s.unplaced[i] * penalty;
    }
    for (std::size_t j = 0; j < m; ++j) {
        if (load[j] > problem.capacity[j]) {
            return fail("facility " + std::to_string(j) + " is over capacity");
        }
        if (price[j] > 0 && load[j] != problem.capacity[j]) {
            return fail("facility " + std::to_string(j) + " has a price but room left");
        }
    }
    if (objective != s.objectiveCentimeters) {
        return fail("objective does not equal Σ cost × flow");
    }
    // Dual feasibility over every pair: c_ij + p_j ≥ α_i. Since p_j ≥ 0, only facilities with
    // c_ij < α_i can violate; the straight line is a lower bound on c_ij.
    detail::FacilityGrid grid(problem.facilities);
    detail::FacilityGrid::PriceBounds bounds;
    grid.priceBounds(price, bounds);
    // In parallel blocks of points; each block stops at its first violation and the lowest
    // violating point is reported, so the answer does not depend on the number of threads.
    const int blocks = detail::threadsFor(problem.threads, n);
    struct BlockResult {
        std::int64_t checked = 0;
        std::size_t badPoint = std::numeric_limits<std::size_t>::max();
        std::size_t badFacility = 0;
    };
    std::vector<BlockResult> results(static_cast<std::size_t>(blocks));
    detail::forBlocks(n, blocks, [&](std::size_t b, std::size_t begin, std::size_t end) {
        BlockResult& r = results[b];
        for (std::size_t i = begin;
             i < end && r.badPoint == std::numeric_limits<std::size_t>::max(); ++i) {
            const auto check = [&](std::size_t j) {
                ++r.checked;
                if (costOf(i, j) + price[j] < alpha[i]) {
                    r.badPoint = i;
                    r.badFacility = j;
                    return false;
                }
                return true;
            };
            if (bruteForce) {
                for (std::size_t j = 0; j < m && check(j); ++j) {
                }
            } else {
                bool ok = true;
                grid.withinPriced(problem.demandPoints[i], alpha[i], bounds,
                                  [&](std::uint32_t j) { ok = ok && check(j); });
            }
        }
    });
    for (const BlockResult& r : results) {
        c.pairsChecked += r.checked;
        if (r.badPoint != std::numeric_limits<std::size_t>::max()) {
            return fail("pair " + std::to_string(r.badPoint) + "→" + std::to_string(r.badFacility) +
                        " has a negative reduced cost");
        }
    }
    c.valid = true;
    c.message = "optimal: primal feasible, dual feasible over every pair, complementary slack";
    return c;
}

} // namespace xw::core
