// The reusable transport solver followed through many states, as the study engine uses it: the
// demand of one point list changing year after year, capacities changing, facilities appended.
// Every state must be the exact optimum: equal to a cold solve of the same problem and certified
// over every pair by brute force.
#include <xw/core/allocation/transport.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

using xw::core::PointM;
using xw::core::TransportProblem;
using xw::core::TransportSolution;
using xw::core::TransportSolver;

/// Points and facilities uniform in a square of `side` metres (coordinates are arbitrary reals,
/// so optimal assignments have no ties), demand 0..maxDemand, seats = ratio × total demand
/// spread unevenly over the facilities, penalty = twice the side.
TransportProblem instance(std::size_t n, std::size_t m, std::uint32_t seed, double ratio,
                          double side = 20000.0, int maxDemand = 12) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> coord(0.0, side);
    std::uniform_int_distribution<int> dem(0, maxDemand);
    std::uniform_real_distribution<double> share(0.5, 1.5);
    TransportProblem p;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        p.demandPoints.push_back({coord(rng), coord(rng)});
        p.demand.push_back(dem(rng));
        total += p.demand.back();
    }
    std::vector<double> w(m);
    double sum = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
        p.facilities.push_back({coord(rng), coord(rng)});
        w[j] = share(rng);
        sum += w[j];
    }
    for (std::size_t j = 0; j < m; ++j) {
        p.capacity.push_back(
            static_cast<std::int64_t>(std::floor(ratio * static_cast<double>(total) * w[j] / sum)));
    }
    p.unplacedPenaltyMeters = 2.0 * side;
    return p;
}

/// The demand of "year" y: each point drifts by −3..+3 children a year (never below 0), and a
/// point in ten is empty in some years, so points gain and lose all their flow.
std::vector<std::int64_t> demandOfYear(const TransportProblem& p, int year, std::uint32_t seed) {
    std::vector<std::int64_t> d = p.demand;
    for (int y = 1; y <= year; ++y) {
        std::mt19937_64 rng(seed * 1000U + static_cast<std::uint32_t>(y));
        std::uniform_int_distribution<int> step(-3, 3);
        std::uniform_int_distribution<int> tenth(0, 9);
        for (std::int64_t& v : d) {
            v = std::max<std::int64_t>(0, v + step(rng));
            if (tenth(rng) == 0) {
                v = 0;
            }
        }
    }
    return d;
}

std::vector<std::int64_t> loads(const TransportSolution& s, std::size_t m) {
    std::vector<std::int64_t> l(m, 0);
    for (const auto& f : s.flows) {
        l[f.facility] += f.amount;
    }
    return l;
}

/// The solver's current solution against a cold solve of its problem: same objective, same
/// children per facility and unplaced per point (no ties in these instances), a brute-force
/// certificate over every pair, a zero duality gap.
void expectExact(const TransportSolver& solver, const TransportSolution& warm,
                 const std::string& what) {
    const TransportProblem& p = solver.problem();
    const TransportSolution cold = xw::core::solveTransport(p);
    EXPECT_EQ(warm.objectiveCentimeters, cold.objectiveCentimeters) << what;
    EXPECT_EQ(loads(warm, p.facilities.size()), loads(cold, p.facilities.size())) << what;
    EXPECT_EQ(warm.unplaced, cold.unplaced) << what;
    const auto cert = xw::core::checkTransportCertificate(p, warm, true);
    EXPECT_TRUE(cert.valid) << what << ": " << cert.message;
    EXPECT_EQ(warm.optimalityGap, 0.0) << what;
}

// Twelve years of demand on one point list, with spare seats and under a shortage, with few
// candidate arcs (so pricing must add pairs as demand moves); capacities change in some years.
TEST(TransportChain, EveryYearOfAPersistentSolverEqualsAColdSolveAndIsCertified) {
    for (const double ratio : {1.2, 1.0, 0.8}) {
        TransportProblem p = instance(700, 24, 7, ratio);
        p.candidateArcs = 4;
        TransportSolver solver(p);
        expectExact(solver, solver.solve(), "first year");
        for (int year = 1; year <= 12; ++year) {
            solver.updateDemands(demandOfYear(p, year, 7));
            if (year % 4 == 0) {
                const std::size_t j = static_cast<std::size_t>(year) % p.facilities.size();
                solver.updateCapacity(j, p.capacity[j] / 2);
                solver.updateCapacity(j + 1, p.capacity[j + 1] * 3 / 2);
            }
            const TransportSolution& s = solver.solve();
            EXPECT_TRUE(s.warmStarted);
            expectExact(solver, s,
                        "ratio " + std::to_string(ratio) + ", year " + std::to_string(year));
        }
    }
}

// A facility appended to a solved problem has no candidate arcs: pricing must find every pair it
// needs. Checked with spare seats and under a shortage (where every unplaced child is a
// candidate), for a facility in the middle of the demand and one at the edge, then together with
// a demand change, and with a cost function that the new facility brings.
TEST(TransportChain, AnAddedFacilityIsPricedInExactly) {
    for (const double ratio : {1.15, 0.85}) {
        const TransportProblem p = instance(900, 30, 11, ratio);
        TransportSolver solver(p);
        (void)solver.solve();
        const std::size_t j = solver.addFacility({10000.0, 10000.0}, 400);
        EXPECT_EQ(j, p.facilities.size());
        EXPECT_EQ(solver.problem().capacity.back(), 400);
        const TransportSolution& s1 = solver.solve();
        expectExact(solver, s1, "ratio " + std::to_string(ratio) + ", central facility");
        EXPECT_GT(loads(s1, j + 1)[j], 0) << "the new facility takes children";
        (void)solver.addFacility({19900.0, 150.0}, 120);
        solver.updateDemands(demandOfYear(p, 1, 11));
        expectExact(solver, solver.solve(),
                    "ratio " + std::to_string(ratio) + ", edge facility and a new year");
        // A facility with no seats changes nothing.
        const std::int64_t before = solver.solve().objectiveCentimeters;
        (void)solver.addFacility({5000.0, 5000.0}, 0);
        const TransportSolution& s3 = solver.solve();
        EXPECT_EQ(s3.objectiveCentimeters, before);
        expectExact(solver, s3, "ratio " + std::to_string(ratio) + ", empty facility");
    }
    // With a cost function: the new one must cover the new facility.
    TransportProblem p = instance(500, 20, 13, 0.95);
    std::vector<PointM> sites = p.facilities;
    const auto road = [&p](const std::vector<PointM>& f) {
        return [points = p.demandPoints, f](std::size_t i, std::size_t j) {
            return 1.5 * xw::core::straightLineMeters(points[i], f[j]);
        };
    };
    p.cost = road(sites);
    TransportSolver solver(p);
    (void)solver.solve();
    EXPECT_THROW((void)solver.addFacility({1.0, 1.0}, 10), std::invalid_argument);
    EXPECT_THROW((void)solver.addFacility({1.0, 1.0}, -1, road(sites)), std::invalid_argument);
    sites.push_back({12000.0, 8000.0});
    (void)solver.addFacility(sites.back(), 250, road(sites));
    expectExact(solver, solver.solve(), "road costs, added facility");
}

// Bad demand vectors change nothing.
TEST(TransportChain, BadDemandVectorsAreRefusedWhole) {
    const TransportProblem p = instance(40, 4, 3, 1.0);
    TransportSolver solver(p);
    (void)solver.solve();
    std::vector<std::int64_t> d = p.demand;
    d.pop_back();
    EXPECT_THROW(solver.updateDemands(d), std::invalid_argument);
    d = p.demand;
    d[0] += 1;
    d[39] = -1;
    EXPECT_THROW(solver.updateDemands(d), std::invalid_argument);
    EXPECT_EQ(solver.problem().demand, p.demand);
}

// A demand change is fitted into the point's flows: a child more at a point whose school has
// room, or a child less at a point whose school has no price, re-routes nothing.
TEST(TransportChain, AFittedDemandChangeReRoutesNothingWhenSeatsAllowIt) {
    // Two schools far apart with room; three points near the first.
    TransportProblem p;
    p.demandPoints = {{0.0, 10.0}, {0.0, 20.0}, {0.0, 30.0}, {5000.0, 10.0}};
    p.demand = {3, 4, 5, 6};
    p.facilities = {{0.0, 0.0}, {5000.0, 0.0}};
    p.capacity = {20, 20};
    TransportSolver solver(p);
    (void)solver.solve();
    solver.updateDemand(1, 6);
    solver.updateDemand(2, 1);
    const TransportSolution& s = solver.solve();
    EXPECT_EQ(s.augmentations, 0);
    EXPECT_EQ(loads(s, 2), (std::vector<std::int64_t>{10, 6}));
    expectExact(solver, s, "fitted");
}

// The persistent solver's sequence of states does not depend on the number of threads.
TEST(TransportChain, EveryStateIsIdenticalWithOneTwoOrThreeThreads) {
    for (const double ratio : {1.1, 0.9}) {
        TransportProblem base = instance(3100, 60, 17, ratio);
        base.candidateArcs = 6;
        std::vector<std::vector<TransportSolution>> runs;
        for (const int threads : {1, 2, 3}) {
            TransportProblem p = base;
            p.threads = threads;
            TransportSolver solver(p);
            std::vector<TransportSolution> states{solver.solve()};
            for (int year = 1; year <= 4; ++year) {
                solver.updateDemands(demandOfYear(base, year, 17));
                if (year == 2) {
                    (void)solver.addFacility({30000.0, 30000.0}, 500);
                }
                states.push_back(solver.solve());
            }
            runs.push_back(std::move(states));
        }
        for (std::size_t r = 1; r < runs.size(); ++r) {
            for (std::size_t k = 0; k < runs[0].size(); ++k) {
                const TransportSolution& a = runs[0][k];
                const TransportSolution& b = runs[r][k];
                EXPECT_EQ(a.objectiveCentimeters, b.objectiveCentimeters);
                EXPECT_EQ(a.augmentations, b.augmentations);
                EXPECT_EQ(a.arcsAdded, b.arcsAdded);
                EXPECT_EQ(a.pricingRounds, b.pricingRounds);
                EXPECT_EQ(a.unplaced, b.unplaced);
                EXPECT_EQ(a.facilityPrices, b.facilityPrices);
                EXPECT_EQ(a.pointPotentials, b.pointPotentials);
                ASSERT_EQ(a.flows.size(), b.flows.size());
                for (std::size_t t = 0; t < a.flows.size(); ++t) {
                    EXPECT_EQ(a.flows[t].point, b.flows[t].point);
                    EXPECT_EQ(a.flows[t].facility, b.flows[t].facility);
                    EXPECT_EQ(a.flows[t].amount, b.flows[t].amount);
                }
            }
        }
    }
}

} // namespace
