// The capacitated siting models against brute force: every subset of options (sites and
// expansions); for each, the exact assignment — every single-source assignment enumerated, or
// the split optimum (core::solveTransport for distances, a textbook max-flow for coverage).
#include "siting_test_support.hpp"

#include <xw/core/allocation/transport.hpp>
#include <xw/core/siting/siting.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>

namespace {

using xw::core::SeatRule;
using xw::core::SitingConfig;
using xw::core::SitingModel;
using xw::core::SitingProblem;
using xw::core::SitingResult;
using namespace xw::test;

constexpr std::int64_t kBig = std::numeric_limits<std::int64_t>::max() / 4;
constexpr double kPenaltyMeters = 20000.0;

/// An option: a site (column E + s) or an expansion (its school's column).
struct Opt {
    std::size_t column;
    std::int64_t seats;
};

std::vector<Opt> optionsOf(const SitingProblem& p) {
    std::vector<Opt> o;
    for (const auto& s : p.candidates)
        o.push_back({p.existing.size() + o.size(), s.seats});
    for (const auto& x : p.expansions)
        o.push_back({x.facility, x.extraSeats});
    return o;
}

std::vector<std::int64_t> capacities(const SitingProblem& p, const std::vector<std::size_t>& open) {
    std::vector<std::int64_t> cap(p.existing.size() + p.candidates.size(), 0);
    for (std::size_t e = 0; e < p.existing.size(); ++e)
        cap[e] = p.existing[e].seats;
    const std::vector<Opt> o = optionsOf(p);
    for (const std::size_t k : open)
        cap[o[k].column] += o[k].seats;
    return cap;
}

/// Columns that are open: existing ones and chosen sites.
std::vector<std::size_t> openColumns(const SitingProblem& p, const std::vector<std::size_t>& open) {
    std::vector<std::size_t> cols;
    for (std::size_t e = 0; e < p.existing.size(); ++e)
        cols.push_back(e);
    for (const std::size_t k : open)
        if (k < p.candidates.size())
            cols.push_back(p.existing.size() + k);
    return cols;
}

/// Least single-source cost: every point to one open column (or unassigned), seats respected.
/// cost(i, column) returns kBig when the column is of no use to the point.
std::int64_t bestSingleSource(const SitingProblem& p, const std::vector<std::size_t>& open,
                              const std::function<std::int64_t(std::size_t, std::size_t)>& cost,
                              const std::function<std::int64_t(std::size_t)>& unassigned) {
    const std::vector<std::size_t> cols = openColumns(p, open);
    std::vector<std::int64_t> room = capacities(p, open);
    std::int64_t best = kBig;
    std::function<void(std::size_t, std::int64_t)> rec = [&](std::size_t i, std::int64_t sum) {
        if (sum >= best)
            return;
        if (i == p.demand.size()) {
            best = sum;
            return;
        }
        const std::int64_t k = p.demand[i].children;
        if (k == 0 && weightOf(p.demand[i]) == 0) {
            rec(i + 1, sum);
            return;
        }
        for (const std::size_t c : cols) {
            const std::int64_t ci = cost(i, c);
            if (ci >= kBig || room[c] < k)
                continue;
            room[c] -= k;
            rec(i + 1, sum + ci);
            room[c] += k;
        }
        rec(i + 1, sum + unassigned(i));
    };
    rec(0, 0);
    return best;
}

/// Most children placed within their radius (split), by augmenting paths on the bipartite
/// point–column graph (Ford & Fulkerson 1956).
std::int64_t maxCovered(const SitingProblem& p, const std::vector<std::size_t>& open,
                        const std::function<bool(std::size_t, std::size_t)>& allowed) {
    const std::vector<std::size_t> cols = openColumns(p, open);
    const std::vector<std::int64_t> cap = capacities(p, open);
    const std::size_t n = p.demand.size();
    const std::size_t m = cols.size();
    // Nodes: source 0, points 1..n, columns n+1..n+m, sink n+m+1.
    const std::size_t size = n + m + 2;
    std::vector<std::vector<std::int64_t>> r(size, std::vector<std::int64_t>(size, 0));
    for (std::size_t i = 0; i < n; ++i) {
        r[0][1 + i] = p.demand[i].children;
        for (std::size_t k = 0; k < m; ++k)
            if (allowed(i, cols[k]))
                r[1 + i][1 + n + k] = kBig;
    }
    for (std::size_t k = 0; k < m; ++k)
        r[1 + n + k][size - 1] = cap[cols[k]];
    std::int64_t flow = 0;
    for (;;) {
        std::vector<std::size_t> parent(size, size);
        parent[0] = 0;
        std::vector<std::size_t> queue{0};
        for (std::size_t q = 0; q < queue.size() && parent[size - 1] == size; ++q)
            for (std::size_t v = 0; v < size; ++v)
                if (parent[v] == size && r[queue[q]][v] > 0) {
                    parent[v] = queue[q];
                    queue.push_back(v);
                }
        if (parent[size - 1] == size)
            return flow;
        std::int64_t push = kBig;
        for (std::size_t v = size - 1; v != 0; v = parent[v])
            push = std::min(push, r[parent[v]][v]);
        for (std::size_t v = size - 1; v != 0; v = parent[v]) {
            r[parent[v]][v] -= push;
            r[v][parent[v]] += push;
        }
        flow += push;
    }
}

/// Split p-median optimum of an open set (cm): the transport problem solved exactly.
std::int64_t splitMedian(const SitingProblem& p, const std::vector<std::size_t>& open) {
    xw::core::TransportProblem tp;
    const std::vector<std::size_t> cols = openColumns(p, open);
    const std::vector<std::int64_t> cap = capacities(p, open);
    for (const auto& d : p.demand) {
        tp.demandPoints.push_back(d.location);
        tp.demand.push_back(d.children);
    }
    for (const std::size_t c : cols) {
        tp.facilities.push_back(c < p.existing.size()
                                    ? p.existing[c].location
                                    : p.candidates[c - p.existing.size()].location);
        tp.capacity.push_back(cap[c]);
    }
    tp.unplacedPenaltyMeters = kPenaltyMeters;
    tp.threads = 1;
    return xw::core::solveTransport(tp).objectiveCentimeters;
}

/// Small instance: 8 points, 5 sites, 1–2 schools, optional expansions. Seats tight but
/// mostly sufficient with the options open (`shortage`: far too few, so that single-source
/// becomes bin packing).
SitingProblem smallProblem(std::uint64_t seed, bool expansions, bool shortage = false) {
    RandomSpec spec;
    spec.points = 8;
    spec.sites = 5;
    spec.existing = 1 + seed % 2;
    spec.maxChildren = 9;
    spec.minSeats = shortage ? 6 : 14;
    spec.maxSeats = shortage ? 22 : 34;
    spec.minRadius = 2000.0;
    spec.maxRadius = 5000.0;
    SitingProblem p = randomProblem(seed, spec);
    if (!shortage) {
        // The schools seat about 70 % of the children; an option or two makes up the rest.
        std::int64_t children = 0;
        for (const auto& d : p.demand)
            children += d.children;
        for (auto& e : p.existing)
            e.seats = (children * 7 / 10) / static_cast<std::int64_t>(p.existing.size());
    }
    if (expansions) {
        xw::core::FacilityExpansion x;
        x.facility = 0;
        x.extraSeats = 10;
        x.seatsPerClass = 5;
        x.fixedCostYuan = 3.0;
        p.expansions.push_back(x);
    }
    return p;
}

SitingConfig capConfig(SitingModel model, SeatRule seats, std::size_t count) {
    SitingConfig c;
    c.model = model;
    c.seats = seats;
    c.newFacilities = count;
    c.unservedPenaltyMeters = kPenaltyMeters;
    c.threads = 1;
    return c;
}

std::vector<std::vector<std::size_t>> subsets(std::size_t m, std::size_t k) {
    std::vector<std::vector<std::size_t>> out;
    forEachSubset(m, k, [&](const std::vector<std::size_t>& s) { out.push_back(s); });
    return out;
}

TEST(SitingCapacitatedPMedian, SingleSourceMatchesBruteForceAndBoundNeverPassesIt) {
    for (int k = 0; k < 25; ++k) {
        const SitingProblem p = smallProblem(6000 + k, k % 2 == 0);
        const std::size_t count = 1 + k % 2;
        const std::int64_t penalty = std::llround(kPenaltyMeters * 100.0);
        std::int64_t best = kBig;
        for (const auto& s : subsets(optionsOf(p).size(), count))
            best = std::min(
                best, bestSingleSource(
                          p, s,
                          [&](std::size_t i, std::size_t c) {
                              return weightOf(p.demand[i]) * std::min(unitsTo(p, i, c), penalty);
                          },
                          [&](std::size_t i) { return weightOf(p.demand[i]) * penalty; }));
        const SitingResult r = xw::core::solveSiting(
            p, capConfig(SitingModel::PMedian, SeatRule::SingleSource, count));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(std::llround(r.objective * 100.0), best);
        EXPECT_LE(std::llround(r.bound * 100.0), best);
        // Single-source and within seats.
        std::vector<int> flowsOfPoint(p.demand.size(), 0);
        for (const auto& f : r.assignment)
            ++flowsOfPoint[f.point];
        for (const int c : flowsOfPoint)
            EXPECT_LE(c, 1);
    }
}

TEST(SitingCapacitatedPMedian, SingleSourceUnderAShortageStaysNearTheOptimumAndBoundHolds) {
    // Far too few seats: choosing which points go unseated is bin packing, where the shift,
    // swap and ejection moves need not find the best packing; the bound must still hold.
    for (int k = 0; k < 25; ++k) {
        const SitingProblem p = smallProblem(6200 + k, k % 2 == 0, true);
        const std::size_t count = 1 + k % 2;
        const std::int64_t penalty = std::llround(kPenaltyMeters * 100.0);
        std::int64_t best = kBig;
        for (const auto& s : subsets(optionsOf(p).size(), count))
            best = std::min(
                best, bestSingleSource(
                          p, s,
                          [&](std::size_t i, std::size_t c) {
                              return weightOf(p.demand[i]) * std::min(unitsTo(p, i, c), penalty);
                          },
                          [&](std::size_t i) { return weightOf(p.demand[i]) * penalty; }));
        const SitingResult r = xw::core::solveSiting(
            p, capConfig(SitingModel::PMedian, SeatRule::SingleSource, count));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_GE(std::llround(r.objective * 100.0), best);
        EXPECT_LE(static_cast<double>(std::llround(r.objective * 100.0)),
                  1.15 * static_cast<double>(best));
        EXPECT_LE(std::llround(r.bound * 100.0), best);
    }
}

TEST(SitingCapacitatedPMedian, SplitMatchesBruteForceWithTheTransportSolver) {
    for (int k = 0; k < 25; ++k) {
        const SitingProblem p = smallProblem(6500 + k, k % 2 == 1);
        const std::size_t count = 1 + k % 3;
        std::int64_t best = kBig;
        for (const auto& s : subsets(optionsOf(p).size(), count))
            best = std::min(best, splitMedian(p, s));
        const SitingResult r =
            xw::core::solveSiting(p, capConfig(SitingModel::PMedian, SeatRule::Split, count));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(std::llround(r.objective * 100.0), best);
        EXPECT_LE(std::llround(r.bound * 100.0), best);
        // Seats respected per column.
        std::vector<std::int64_t> load(p.existing.size() + p.candidates.size(), 0);
        for (const auto& f : r.assignment)
            load[f.facility] += f.children;
        std::vector<std::size_t> chosen;
        for (const auto& c : r.chosen)
            chosen.push_back(c.expansion ? p.candidates.size() + c.index : c.index);
        const std::vector<std::int64_t> cap = capacities(p, chosen);
        for (std::size_t c = 0; c < load.size(); ++c)
            EXPECT_LE(load[c], cap[c]);
    }
}

TEST(SitingCapacitatedMaximalCovering, SplitAndSingleSourceMatchBruteForce) {
    for (int k = 0; k < 25; ++k) {
        const SitingProblem p = smallProblem(7000 + k, k % 2 == 0);
        const std::size_t count = 1 + k % 2;
        const auto within = [&](std::size_t i, std::size_t c) {
            return unitsTo(p, i, c) <= std::llround(p.demand[i].serviceRadiusMeters * 100.0);
        };
        std::int64_t bestSplit = -1;
        std::int64_t leastUncovered = kBig;
        std::int64_t total = 0;
        for (const auto& d : p.demand)
            total += d.children;
        for (const auto& s : subsets(optionsOf(p).size(), count)) {
            bestSplit = std::max(bestSplit, maxCovered(p, s, within));
            leastUncovered =
                std::min(leastUncovered, bestSingleSource(
                                             p, s,
                                             [&](std::size_t i, std::size_t c) {
                                                 return within(i, c) ? std::int64_t{0} : kBig;
                                             },
                                             [&](std::size_t i) { return weightOf(p.demand[i]); }));
        }
        SCOPED_TRACE("instance " + std::to_string(k));
        const SitingResult split = xw::core::solveSiting(
            p, capConfig(SitingModel::MaximalCovering, SeatRule::Split, count));
        EXPECT_EQ(static_cast<std::int64_t>(split.objective), bestSplit);
        EXPECT_GE(split.bound, static_cast<double>(bestSplit) - 1e-9);
        EXPECT_EQ(split.childrenCovered, bestSplit);
        const SitingResult single = xw::core::solveSiting(
            p, capConfig(SitingModel::MaximalCovering, SeatRule::SingleSource, count));
        EXPECT_EQ(static_cast<std::int64_t>(single.objective), total - leastUncovered);
        EXPECT_GE(single.bound, static_cast<double>(total - leastUncovered) - 1e-9);
    }
}

TEST(SitingCapacitatedSetCovering, FewestOptionsReachingTheMostCoverageWithSeats) {
    for (int k = 0; k < 20; ++k) {
        const SitingProblem p = smallProblem(7500 + k, k % 2 == 0);
        const std::size_t m = optionsOf(p).size();
        const auto within = [&](std::size_t i, std::size_t c) {
            return unitsTo(p, i, c) <= std::llround(p.demand[i].serviceRadiusMeters * 100.0);
        };
        std::vector<std::size_t> all(m);
        for (std::size_t j = 0; j < m; ++j)
            all[j] = j;
        const std::int64_t most = maxCovered(p, all, within);
        std::size_t fewest = m;
        for (std::size_t size = 0; size <= m && fewest > size; ++size)
            for (const auto& s : subsets(m, size))
                if (maxCovered(p, s, within) == most)
                    fewest = std::min(fewest, size);
        const SitingResult r =
            xw::core::solveSiting(p, capConfig(SitingModel::SetCovering, SeatRule::Split, 0));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(static_cast<std::size_t>(r.objective), fewest);
        EXPECT_LE(r.bound, static_cast<double>(fewest) + 1e-9);
        EXPECT_EQ(r.childrenCovered, most);
    }
}

TEST(SitingCapacitatedPCenter, SplitRadiusMatchesBruteForceWhenSeatsSuffice) {
    for (int k = 0; k < 20; ++k) {
        SitingProblem p = smallProblem(8000 + k, false);
        for (auto& e : p.existing)
            e.seats = 100; // seats suffice: every child can be seated
        const std::size_t count = 1 + k % 2;
        // Least radius R such that the open set places every child within R (max-flow).
        std::int64_t total = 0;
        for (const auto& d : p.demand)
            total += d.children;
        std::int64_t best = kBig;
        for (const auto& s : subsets(optionsOf(p).size(), count)) {
            std::vector<std::int64_t> radii;
            for (std::size_t i = 0; i < p.demand.size(); ++i)
                for (const std::size_t c : openColumns(p, s))
                    radii.push_back(unitsTo(p, i, c));
            std::sort(radii.begin(), radii.end());
            for (const std::int64_t r : radii) {
                if (r >= best)
                    break;
                if (maxCovered(p, s, [&](std::size_t i, std::size_t c) {
                        return unitsTo(p, i, c) <= r;
                    }) == total) {
                    best = r;
                    break;
                }
            }
        }
        const SitingResult r =
            xw::core::solveSiting(p, capConfig(SitingModel::PCenter, SeatRule::Split, count));
        SCOPED_TRACE("instance " + std::to_string(k));
        EXPECT_EQ(std::llround(r.objective * 100.0), best);
        EXPECT_LE(std::llround(r.bound * 100.0), best);
        EXPECT_EQ(r.childrenServed, total);
    }
}

TEST(SitingCapacitatedPMedian, ExpansionReportsTheClassesItUses) {
    // One school of 10 seats next to 25 children; an expansion of 20 seats in classes of 5 and a
    // far site of 100 seats. One option: the expansion (15 extra children in 3 classes) beats the
    // site 30 km away.
    SitingProblem p;
    p.demand.push_back({{0.0, 0.0}, 25, 1000.0, std::nullopt});
    p.existing.push_back({{100.0, 0.0}, 10});
    p.candidates.push_back({{30000.0, 0.0}, 100, 0, 0.0, 0.0});
    p.expansions.push_back({0, 20, 5, 1.0, 0.0});
    for (const SeatRule rule : {SeatRule::Split, SeatRule::SingleSource}) {
        const SitingResult r = xw::core::solveSiting(p, capConfig(SitingModel::PMedian, rule, 1));
        ASSERT_EQ(r.chosen.size(), 1U);
        EXPECT_TRUE(r.chosen[0].expansion);
        EXPECT_EQ(r.chosen[0].seatsUsed, 15);
        EXPECT_EQ(r.chosen[0].classesNeeded, 3);
        EXPECT_DOUBLE_EQ(r.objective, 25 * 100.0);
        EXPECT_EQ(r.childrenUnserved, 0);
    }
}

} // namespace
