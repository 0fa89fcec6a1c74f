// Published benchmark instances (tests/data/siting, public OR-Library files): the answer reaches
// the published optimum and the certified bound never exceeds it. Also determinism: the same
// seed gives the same answer, whatever the number of threads.
#include "siting_instances.hpp"
#include "siting_test_support.hpp"

#include <xw/core/siting/siting.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using xw::core::SeatRule;
using xw::core::SitingConfig;
using xw::core::SitingModel;
using xw::core::SitingResult;

const std::string kData = std::string(XW_SOURCE_ROOT) + "/tests/data/siting/";

TEST(SitingBenchmark, OrLibraryPmedReachesTheOptimumAboveItsBound) {
    const std::pair<const char*, double> cases[] = {
        {"pmed1", 5819.0}, {"pmed2", 4093.0}, {"pmed4", 3034.0}};
    for (const auto& [name, optimum] : cases) {
        const xw::bench::PmedInstance inst = xw::bench::readOrlibPmed(kData + name + ".txt");
        SitingConfig c;
        c.newFacilities = inst.p;
        c.costUnitsPerMeter = 1.0;
        c.threads = 2;
        const SitingResult r = xw::core::solveSiting(xw::bench::pmedProblem(inst), c);
        SCOPED_TRACE(name);
        EXPECT_DOUBLE_EQ(r.objective, optimum);
        EXPECT_LE(r.bound, optimum);
        EXPECT_GT(r.bound, 0.99 * optimum); // the Lagrangian bound is the LP bound here
        EXPECT_EQ(r.chosen.size(), inst.p);
    }
}

TEST(SitingBenchmark, CapacitatedCpmpReachesTheOptimumAboveItsBound) {
    // cpmp14's optimum (982) is the one the quick single-source assignment alone missed (983).
    const std::pair<const char*, double> cases[] = {
        {"cpmp01", 713.0}, {"cpmp02", 740.0}, {"cpmp14", 982.0}};
    for (const auto& [name, optimum] : cases) {
        const xw::bench::CpmpInstance inst = xw::bench::readCpmp(kData + name + ".txt");
        SitingConfig c;
        c.newFacilities = inst.p;
        c.seats = SeatRule::SingleSource;
        c.costUnitsPerMeter = 1.0;
        c.threads = 2;
        const SitingResult r = xw::core::solveSiting(xw::bench::cpmpProblem(inst, true), c);
        SCOPED_TRACE(name);
        EXPECT_DOUBLE_EQ(r.objective, optimum);
        EXPECT_LE(r.bound, optimum);
        EXPECT_EQ(r.childrenUnserved, 0);
        // Every customer wholly at one median, within its capacity.
        std::vector<std::int64_t> load(inst.nodes.size(), 0);
        std::vector<int> flows(inst.nodes.size(), 0);
        for (const auto& f : r.assignment) {
            load[f.facility] += f.children;
            ++flows[f.point];
        }
        for (std::size_t j = 0; j < inst.nodes.size(); ++j) {
            EXPECT_LE(load[j], inst.nodes[j].capacity);
            EXPECT_EQ(flows[j], 1);
        }
    }
}

void expectSame(const SitingResult& a, const SitingResult& b) {
    EXPECT_EQ(a.objective, b.objective);
    EXPECT_EQ(a.bound, b.bound);
    ASSERT_EQ(a.chosen.size(), b.chosen.size());
    for (std::size_t k = 0; k < a.chosen.size(); ++k) {
        EXPECT_EQ(a.chosen[k].index, b.chosen[k].index);
        EXPECT_EQ(a.chosen[k].expansion, b.chosen[k].expansion);
    }
    ASSERT_EQ(a.assignment.size(), b.assignment.size());
    for (std::size_t k = 0; k < a.assignment.size(); ++k) {
        EXPECT_EQ(a.assignment[k].point, b.assignment[k].point);
        EXPECT_EQ(a.assignment[k].facility, b.assignment[k].facility);
        EXPECT_EQ(a.assignment[k].children, b.assignment[k].children);
    }
    EXPECT_EQ(a.searchIterations, b.searchIterations);
    EXPECT_EQ(a.boundIterations, b.boundIterations);
}

TEST(SitingDeterminism, SameSeedSameAnswerWhateverTheThreads) {
    // 12,000 points and 300 sites: enough for the blocks of points to be shared among threads.
    xw::test::RandomSpec spec;
    spec.points = 12000;
    spec.sites = 300;
    spec.existing = 20;
    spec.sideMeters = 30000.0;
    const xw::core::SitingProblem p = xw::test::randomProblem(42, spec);
    for (const SitingModel model :
         {SitingModel::PMedian, SitingModel::MaximalCovering, SitingModel::PCenter}) {
        SitingConfig c;
        c.model = model;
        c.newFacilities = 8;
        c.seed = 7;
        c.searchIterations = 30;
        c.boundIterations = 60;
        c.threads = 1;
        const SitingResult one = xw::core::solveSiting(p, c);
        c.threads = 2;
        const SitingResult two = xw::core::solveSiting(p, c);
        c.threads = 3;
        const SitingResult three = xw::core::solveSiting(p, c);
        SCOPED_TRACE(xw::core::sitingModelCode(model));
        expectSame(one, two);
        expectSame(one, three);
    }
}

// Small enough for the debug and sanitizer builds (the chains and the VNS run all the same).
TEST(SitingDeterminism, CapacitatedChainsGiveTheSameAnswerWhateverTheThreads) {
    xw::test::RandomSpec spec;
    spec.points = 120;
    spec.sites = 24;
    spec.existing = 5;
    spec.minSeats = 40;
    spec.maxSeats = 120;
    const xw::core::SitingProblem p = xw::test::randomProblem(43, spec);
    for (const SeatRule rule : {SeatRule::SingleSource, SeatRule::Split}) {
        SitingConfig c;
        c.seats = rule;
        c.newFacilities = 4;
        c.seed = 3;
        c.searchIterations = 8;
        c.boundIterations = 20;
        c.threads = 1;
        const SitingResult one = xw::core::solveSiting(p, c);
        c.threads = 2;
        const SitingResult two = xw::core::solveSiting(p, c);
        c.threads = 4;
        const SitingResult four = xw::core::solveSiting(p, c);
        SCOPED_TRACE(xw::core::seatRuleCode(rule));
        expectSame(one, two);
        expectSame(one, four);
    }
}

TEST(SitingDeterminism, AnotherSeedMayExploreDifferentlyButTheSameSeedRepeats) {
    xw::test::RandomSpec spec;
    spec.points = 2000;
    spec.sites = 120;
    const xw::core::SitingProblem p = xw::test::randomProblem(44, spec);
    SitingConfig c;
    c.newFacilities = 6;
    c.seed = 11;
    c.searchIterations = 40;
    const SitingResult a = xw::core::solveSiting(p, c);
    const SitingResult b = xw::core::solveSiting(p, c);
    expectSame(a, b);
}

} // namespace
