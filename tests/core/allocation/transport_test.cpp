#include <xw/core/allocation/transport.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace {

using xw::core::PointM;
using xw::core::TransportProblem;
using xw::core::TransportSolution;

std::int64_t flowOf(const TransportSolution& s, std::uint32_t point, std::uint32_t facility) {
    std::int64_t total = 0;
    for (const auto& f : s.flows) {
        if (f.point == point && f.facility == facility) {
            total += f.amount;
        }
    }
    return total;
}

/// Seeded random instance: points and facilities uniform in a square, demand 1..maxDemand,
/// capacities scaled so that total capacity = capacityRatio × total demand.
TransportProblem randomProblem(std::size_t n, std::size_t m, std::uint32_t seed,
                               double capacityRatio, double sideMeters = 20000.0,
                               int maxDemand = 12) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> coord(0.0, sideMeters);
    std::uniform_int_distribution<int> dem(0, maxDemand);
    TransportProblem p;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = coord(rng);
        const double y = coord(rng);
        p.demandPoints.push_back({x, y});
        p.demand.push_back(dem(rng));
        total += p.demand.back();
    }
    std::uniform_real_distribution<double> share(0.5, 1.5);
    std::vector<double> w(m);
    double wsum = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
        const double x = coord(rng);
        const double y = coord(rng);
        p.facilities.push_back({x, y});
        w[j] = share(rng);
        wsum += w[j];
    }
    for (std::size_t j = 0; j < m; ++j) {
        p.capacity.push_back(static_cast<std::int64_t>(
            std::floor(capacityRatio * static_cast<double>(total) * w[j] / wsum)));
    }
    p.unplacedPenaltyMeters = 2.0 * sideMeters;
    return p;
}

// Worked by hand: F0 at x=0 (1 seat), F1 at x=10 (2 seats); P0 at x=1, P1 at x=2, one child
// each. Either P0→F0 (1 m) + P1→F1 (8 m) = 9 m, or P1→F0 (2 m) + P0→F1 (9 m) = 11 m. Optimum
// 9 m. Duals: α0 = 1 + p0, α1 = 8 (F1 has room, p1 = 0); P1→F0 must not be cheaper: 2 + p0 ≥ 8,
// and P0→F1: 9 ≥ 1 + p0; the solver's p0 lies in [6, 8].
TEST(Transport, HandWorkedTwoPointsTwoSchoolsCostsNineMetres) {
    TransportProblem p;
    p.demandPoints = {{1, 0}, {2, 0}};
    p.demand = {1, 1};
    p.facilities = {{0, 0}, {10, 0}};
    p.capacity = {1, 2};
    p.unplacedPenaltyMeters = 1000.0;
    const TransportSolution s = xw::core::solveTransport(p);
    EXPECT_EQ(s.objectiveCentimeters, 900);
    EXPECT_EQ(flowOf(s, 0, 0), 1);
    EXPECT_EQ(flowOf(s, 1, 1), 1);
    EXPECT_GE(s.facilityPrices[0], 6.0);
    EXPECT_LE(s.facilityPrices[0], 8.0);
    EXPECT_EQ(s.facilityPrices[1], 0.0);
    EXPECT_EQ(s.optimalityGap, 0.0);
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, s, true).valid);
}

// A stage whose points all lie where no child lives (or a town without points) gives a problem
// with no demand point: the solve is empty, cold, warm, with or without a cost function.
TEST(Transport, NoDemandPointIsAnEmptyOptimum) {
    TransportProblem p;
    p.facilities = {{0, 0}, {10, 0}};
    p.capacity = {1, 2};
    p.unplacedPenaltyMeters = 1000.0;
    for (const bool withCost : {false, true}) {
        if (withCost)
            p.cost = [](std::size_t, std::size_t) { return 5.0; };
        const TransportSolution cold = xw::core::solveTransport(p);
        EXPECT_EQ(cold.objectiveCentimeters, 0);
        const TransportSolution warm = xw::core::solveTransport(p, &cold);
        EXPECT_EQ(warm.objectiveCentimeters, 0);
        EXPECT_TRUE(xw::core::checkTransportCertificate(p, warm, true).valid);
    }
}

// Worked by hand: with one candidate arc per point both points only see F0 (1 seat); the pair
// P1→F1 must be priced in. F0 at x=0 (1 seat), F1 at x=5 (1 seat); P0 at x=1, P1 at x=2.
// Optimum: P0→F0 (1 m) + P1→F1 (3 m) = 4 m (the alternative P1→F0 + P0→F1 = 2 + 4 = 6 m).
TEST(Transport, PricingAddsAnOmittedPairWhenNearestArcsAreNotOptimal) {
    TransportProblem p;
    p.demandPoints = {{1, 0}, {2, 0}};
    p.demand = {1, 1};
    p.facilities = {{0, 0}, {5, 0}};
    p.capacity = {1, 1};
    p.unplacedPenaltyMeters = 1000.0;
    p.candidateArcs = 1;
    const TransportSolution s = xw::core::solveTransport(p);
    EXPECT_EQ(s.objectiveCentimeters, 400);
    EXPECT_GE(s.arcsAdded, 1);
    EXPECT_GE(s.pricingRounds, 2);
    EXPECT_EQ(flowOf(s, 1, 1), 1);
    EXPECT_EQ(s.unplaced[0] + s.unplaced[1], 0);
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, s, true).valid);
}

// Worked by hand: 5 children 10 m from a school of 3 seats, penalty 100 m: 3 × 10 + 2 × 100 =
// 230 m. With a penalty of 5 m placing is dearer than leaving: 5 × 5 = 25 m, nobody placed.
TEST(Transport, UnplacedPenaltyPaysForDemandBeyondCapacity) {
    TransportProblem p;
    p.demandPoints = {{0, 0}};
    p.demand = {5};
    p.facilities = {{10, 0}};
    p.capacity = {3};
    p.unplacedPenaltyMeters = 100.0;
    TransportSolution s = xw::core::solveTransport(p);
    EXPECT_EQ(s.objectiveCentimeters, 23000);
    EXPECT_EQ(s.unplaced[0], 2);
    EXPECT_EQ(flowOf(s, 0, 0), 3);
    EXPECT_DOUBLE_EQ(s.pointPotentials[0], 100.0);
    EXPECT_DOUBLE_EQ(s.facilityPrices[0], 90.0); // full school: 10 + p = α = 100
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, s, true).valid);

    p.unplacedPenaltyMeters = 5.0;
    s = xw::core::solveTransport(p);
    EXPECT_EQ(s.objectiveCentimeters, 2500);
    EXPECT_EQ(s.unplaced[0], 5);
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, s, true).valid);
}

TEST(Transport, CertificateRejectsASuboptimalAssignment) {
    TransportProblem p;
    p.demandPoints = {{1, 0}, {2, 0}};
    p.demand = {1, 1};
    p.facilities = {{0, 0}, {10, 0}};
    p.capacity = {1, 2};
    p.unplacedPenaltyMeters = 1000.0;
    TransportSolution s = xw::core::solveTransport(p);
    // Swap the two points: feasible, but 11 m instead of 9 m.
    s.flows = {{0, 1, 1}, {1, 0, 1}};
    s.objectiveCentimeters = 1100;
    EXPECT_FALSE(xw::core::checkTransportCertificate(p, s, true).valid);
}

TEST(Transport, RandomInstancesCarryAValidDualCertificateOverEveryPair) {
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
        const double ratio = (seed % 3 == 0) ? 0.8 : (seed % 3 == 1 ? 1.0 : 1.3);
        TransportProblem p = randomProblem(400, 25, seed, ratio);
        p.candidateArcs = 1 + static_cast<int>(seed % 4);
        const TransportSolution s = xw::core::solveTransport(p);
        const auto brute = xw::core::checkTransportCertificate(p, s, true);
        EXPECT_TRUE(brute.valid) << "seed " << seed << ": " << brute.message;
        const auto spatial = xw::core::checkTransportCertificate(p, s, false);
        EXPECT_TRUE(spatial.valid) << "seed " << seed << ": " << spatial.message;
        EXPECT_LE(spatial.pairsChecked, brute.pairsChecked);
        if (ratio > 1.2) { // with spare seats few potentials reach far: the search prunes
            EXPECT_LT(spatial.pairsChecked, brute.pairsChecked / 2) << "seed " << seed;
        }
        EXPECT_EQ(s.optimalityGap, 0.0) << "seed " << seed;
    }
}

TEST(Transport, ObjectiveDoesNotDependOnTheNumberOfCandidateArcs) {
    TransportProblem p = randomProblem(800, 60, 77, 0.95);
    std::int64_t reference = -1;
    for (int k : {1, 2, 4, 16, 60}) {
        p.candidateArcs = k;
        const TransportSolution s = xw::core::solveTransport(p);
        if (reference < 0) {
            reference = s.objectiveCentimeters;
        }
        EXPECT_EQ(s.objectiveCentimeters, reference) << "k = " << k;
    }
}

TEST(Transport, WarmStartAfterOneEditGivesTheColdObjective) {
    TransportProblem p = randomProblem(1500, 50, 5, 1.0);
    const TransportSolution before = xw::core::solveTransport(p);
    // Edit 1: one school loses half its seats.
    p.capacity[7] /= 2;
    TransportSolution warm = xw::core::solveTransport(p, &before);
    TransportSolution cold = xw::core::solveTransport(p);
    EXPECT_TRUE(warm.warmStarted);
    EXPECT_EQ(warm.objectiveCentimeters, cold.objectiveCentimeters);
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, warm).valid);
    // Edit 2: another school gains seats (its price must come down).
    p.capacity[11] += 300;
    const TransportSolution warm2 = xw::core::solveTransport(p, &warm);
    cold = xw::core::solveTransport(p);
    EXPECT_EQ(warm2.objectiveCentimeters, cold.objectiveCentimeters);
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, warm2).valid);
    // Edit 3: a school is removed (kept with 0 seats) and a new one appended.
    p.capacity[3] = 0;
    p.facilities.push_back({10000.0, 10000.0});
    p.capacity.push_back(400);
    const TransportSolution warm3 = xw::core::solveTransport(p, &warm2);
    cold = xw::core::solveTransport(p);
    EXPECT_EQ(warm3.objectiveCentimeters, cold.objectiveCentimeters);
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, warm3).valid);
    // Edit 4: demand changes at some points.
    for (std::size_t i = 0; i < p.demand.size(); i += 97) {
        p.demand[i] += 3;
    }
    const TransportSolution warm4 = xw::core::solveTransport(p, &warm3);
    cold = xw::core::solveTransport(p);
    EXPECT_EQ(warm4.objectiveCentimeters, cold.objectiveCentimeters);
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, warm4).valid);
}

// The reusable solver: each warm re-solve after an edit must equal a cold solve of the edited
// problem (objective) and carry a valid certificate (brute force over every pair), both with
// spare seats and under a shortage (where prices reach the penalty and points go unplaced).
TEST(Transport, ReusableSolverRepairsEditsExactlyWithSpareSeatsAndShortage) {
    for (const double ratio : {1.15, 0.85}) {
        const TransportProblem start = randomProblem(1200, 40, 31, ratio);
        xw::core::TransportSolver solver(start);
        const TransportSolution first = solver.solve();
        EXPECT_FALSE(first.warmStarted);
        EXPECT_EQ(first.objectiveCentimeters, xw::core::solveTransport(start).objectiveCentimeters);
        if (ratio < 1.0) {
            std::int64_t unplaced = 0;
            for (const std::int64_t u : first.unplaced) {
                unplaced += u;
            }
            EXPECT_GT(unplaced, 0) << "the shortage instance must leave children unplaced";
        }
        const auto check = [&](const char* edit) {
            const TransportSolution& warm = solver.solve();
            EXPECT_TRUE(warm.warmStarted) << edit;
            const TransportSolution cold = xw::core::solveTransport(solver.problem());
            EXPECT_EQ(warm.objectiveCentimeters, cold.objectiveCentimeters)
                << "ratio " << ratio << ", " << edit;
            const auto cert = xw::core::checkTransportCertificate(solver.problem(), warm, true);
            EXPECT_TRUE(cert.valid) << "ratio " << ratio << ", " << edit << ": " << cert.message;
            EXPECT_EQ(warm.optimalityGap, 0.0) << edit;
        };
        // The most sought-after school (highest price) loses half its seats, then gains more
        // than it had (its price must come down), then closes; demand changes at some points;
        // several edits at once.
        std::size_t big = 0;
        for (std::size_t j = 1; j < first.facilityPrices.size(); ++j) {
            if (first.facilityPrices[j] > first.facilityPrices[big]) {
                big = j;
            }
        }
        const std::int64_t seats = start.capacity[big];
        solver.updateCapacity(big, seats / 2);
        check("capacity halved");
        solver.updateCapacity(big, seats * 2);
        check("capacity doubled");
        solver.removeFacility(big);
        EXPECT_EQ(solver.problem().capacity[big], 0);
        check("facility removed");
        for (std::size_t i = 0; i < start.demand.size(); i += 53) {
            solver.updateDemand(i, start.demand[i] + 5);
        }
        check("demand raised");
        solver.updateCapacity(3, 0);
        solver.updateCapacity(big, seats);
        solver.updateDemand(7, 0);
        check("three edits at once");
    }
}

TEST(Transport, ReusableSolverRejectsBadEdits) {
    TransportProblem p = randomProblem(50, 5, 3, 1.0);
    xw::core::TransportSolver solver(p);
    EXPECT_THROW(solver.updateCapacity(5, 10), std::invalid_argument);
    EXPECT_THROW(solver.updateCapacity(0, -1), std::invalid_argument);
    EXPECT_THROW(solver.updateDemand(50, 1), std::invalid_argument);
    EXPECT_THROW(solver.updateDemand(0, -2), std::invalid_argument);
    p.demand.pop_back();
    EXPECT_THROW(xw::core::TransportSolver{p}, std::invalid_argument);
}

TEST(Transport, SuppliedCostFunctionIsUsed) {
    // Road distance = 1.5 × straight line (never below it, as required).
    TransportProblem p = randomProblem(500, 20, 9, 0.9);
    const TransportSolution straight = xw::core::solveTransport(p);
    p.cost = [&p](std::size_t i, std::size_t j) {
        return 1.5 * xw::core::straightLineMeters(p.demandPoints[i], p.facilities[j]);
    };
    const TransportSolution road = xw::core::solveTransport(p);
    EXPECT_TRUE(xw::core::checkTransportCertificate(p, road, true).valid);
    EXPECT_GT(road.objectiveCentimeters, straight.objectiveCentimeters);
}

TEST(Transport, InconsistentInputIsRejected) {
    TransportProblem p;
    p.demandPoints = {{0, 0}};
    p.demand = {1, 2};
    EXPECT_THROW((void)xw::core::solveTransport(p), std::invalid_argument);
    p.demand = {-1};
    EXPECT_THROW((void)xw::core::solveTransport(p), std::invalid_argument);
    p.demand = {1};
    p.unplacedPenaltyMeters = 0.0;
    EXPECT_THROW((void)xw::core::solveTransport(p), std::invalid_argument);
}

// Independent exact solver: the full LP (every pair) in CPLEX LP format, solved by GLPK's
// glpsol (Debian glpk-utils). Costs are the same integer centimetres, so the optima agree
// exactly. Skipped when glpsol is not installed.
std::string writeLp(const TransportProblem& p, const std::filesystem::path& file) {
    std::ofstream lp(file);
    lp << "Minimize\n obj:";
    const std::size_t n = p.demandPoints.size();
    const std::size_t m = p.facilities.size();
    const std::int64_t penalty = xw::core::transportCostCentimeters(p.unplacedPenaltyMeters);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < m; ++j) {
            const double d = xw::core::straightLineMeters(p.demandPoints[i], p.facilities[j]);
            lp << " + " << xw::core::transportCostCentimeters(d) << " x" << i << "_" << j;
        }
        lp << " + " << penalty << " s" << i << "\n";
    }
    lp << "Subject To\n";
    for (std::size_t i = 0; i < n; ++i) {
        lp << " d" << i << ":";
        for (std::size_t j = 0; j < m; ++j) {
            lp << " + x" << i << "_" << j;
        }
        lp << " + s" << i << " = " << p.demand[i] << "\n";
    }
    for (std::size_t j = 0; j < m; ++j) {
        lp << " u" << j << ":";
        for (std::size_t i = 0; i < n; ++i) {
            lp << " + x" << i << "_" << j;
        }
        lp << " <= " << p.capacity[j] << "\n";
    }
    lp << "End\n";
    return file.string();
}

TEST(Transport, ObjectiveEqualsGlpkOnTheFullLp) {
    if (std::system("command -v glpsol > /dev/null 2>&1") != 0) {
        GTEST_SKIP() << "glpsol (glpk-utils) not installed";
    }
    // One folder per process: two test binaries (two build trees) may run this at once.
    const auto dir = std::filesystem::temp_directory_path() /
                     ("xw_transport_lp_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (std::uint32_t seed : {21U, 22U, 23U}) {
        const double ratio = seed == 21 ? 0.85 : (seed == 22 ? 1.0 : 1.2);
        TransportProblem p = randomProblem(600, 40, seed, ratio);
        p.candidateArcs = 4;
        const TransportSolution s = xw::core::solveTransport(p);
        const std::string lp = writeLp(p, dir / ("t" + std::to_string(seed) + ".lp"));
        const std::string out = (dir / ("t" + std::to_string(seed) + ".txt")).string();
        const std::string cmd = "glpsol --lp " + lp + " -o " + out + " > /dev/null 2>&1";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        std::ifstream in(out);
        std::string line;
        double glpk = -1.0;
        while (std::getline(in, line)) {
            if (line.rfind("Objective:", 0) == 0) {
                // "Objective:  obj = 123456 (MINimum)"
                const auto eq = line.find('=');
                glpk = std::stod(line.substr(eq + 1));
            }
        }
        EXPECT_EQ(static_cast<std::int64_t>(std::llround(glpk)), s.objectiveCentimeters)
            << "seed " << seed;
    }
    std::filesystem::remove_all(dir);
}

// The k-nearest, pricing and certificate scans run in blocks of points on several threads; the
// blocks' results are merged in point order, so the solution must be the same, bit for bit, with
// 1, 2 or 3 threads (3,100 points: up to 3 blocks of ≥ 1,024 points), with spare seats and under
// a shortage, and the certificate must agree too.
TEST(Transport, ResultIsIdenticalWithOneTwoOrThreeThreads) {
    for (const double ratio : {1.1, 0.9}) {
        TransportProblem p = randomProblem(3100, 60, 31, ratio);
        p.candidateArcs = 6; // few arcs: pricing must add pairs, which exercises the merge
        p.threads = 1;
        const TransportSolution one = xw::core::solveTransport(p);
        const auto certOne = xw::core::checkTransportCertificate(p, one);
        ASSERT_TRUE(certOne.valid) << certOne.message;
        ASSERT_GT(one.arcsAdded, 0) << "ratio " << ratio;
        for (const int threads : {2, 3}) {
            p.threads = threads;
            const TransportSolution other = xw::core::solveTransport(p);
            EXPECT_EQ(other.objectiveCentimeters, one.objectiveCentimeters);
            EXPECT_EQ(other.arcsAdded, one.arcsAdded);
            EXPECT_EQ(other.pricingRounds, one.pricingRounds);
            EXPECT_EQ(other.augmentations, one.augmentations);
            EXPECT_EQ(other.auctionBids, one.auctionBids);
            EXPECT_EQ(other.unplaced, one.unplaced);
            EXPECT_EQ(other.facilityPrices, one.facilityPrices);
            EXPECT_EQ(other.pointPotentials, one.pointPotentials);
            ASSERT_EQ(other.flows.size(), one.flows.size());
            for (std::size_t t = 0; t < one.flows.size(); ++t) {
                EXPECT_EQ(other.flows[t].point, one.flows[t].point);
                EXPECT_EQ(other.flows[t].facility, one.flows[t].facility);
                EXPECT_EQ(other.flows[t].amount, one.flows[t].amount);
            }
            const auto cert = xw::core::checkTransportCertificate(p, other);
            EXPECT_TRUE(cert.valid) << cert.message;
            EXPECT_EQ(cert.pairsChecked, certOne.pairsChecked);
        }
    }
    // A violated certificate names the same (lowest) point whatever the number of threads.
    TransportProblem p = randomProblem(3100, 60, 32, 1.0);
    TransportSolution s = xw::core::solveTransport(p);
    // Points without demand (so no flow and no complementary slackness to break): α raised by
    // 5 km lies above cost + price of their nearby schools, a dual violation.
    int raised = 0;
    for (std::size_t i = 1500; i < 3100 && raised < 3; ++i) {
        if (p.demand[i] == 0 && i % 7 == 0) {
            s.pointPotentials[i] += 5000.0;
            ++raised;
        }
    }
    ASSERT_EQ(raised, 3);
    std::string message;
    for (const int threads : {1, 2, 3}) {
        p.threads = threads;
        const auto cert = xw::core::checkTransportCertificate(p, s);
        EXPECT_FALSE(cert.valid);
        if (threads == 1) {
            message = cert.message;
        }
        EXPECT_EQ(cert.message, message) << threads << " threads";
    }
}

} // namespace
