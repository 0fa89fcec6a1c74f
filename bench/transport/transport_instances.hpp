#pragma once
// Seeded random instances for the capacitated assignment benchmarks, and the same instance as a
// LEMON min-cost-flow network on the k-nearest candidate arcs (the peer's usual formulation).
#include <xw/core/allocation/transport.hpp>

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <random>
#include <utility>
#include <vector>

namespace xw::bench {

/// n points with 0..12 children each, m schools, all uniform in a square of side √n × 60 m
/// (about 1 point per hectare-ish block); total seats = ratio × total demand, split unevenly.
inline core::TransportProblem transportInstance(std::size_t n, std::size_t m, std::uint64_t seed,
                                                double ratio = 1.0) {
    std::mt19937_64 rng(seed);
    const double side = std::sqrt(static_cast<double>(n)) * 60.0;
    std::uniform_real_distribution<double> coord(0.0, side);
    std::uniform_int_distribution<int> dem(0, 12);
    core::TransportProblem p;
    p.demandPoints.reserve(n);
    p.demand.reserve(n);
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
            std::floor(ratio * static_cast<double>(total) * w[j] / wsum)));
    }
    p.unplacedPenaltyMeters = side; // one map width per unplaced child
    return p;
}

enum class LemonAlgorithm { NetworkSimplex, CostScaling };

struct LemonResult {
    std::int64_t objectiveCentimeters = -1;
    bool optimal = false;
    double solveSeconds = 0.0; ///< run() only, graph construction excluded
    double cpuSeconds = 0.0;   ///< process CPU time of run()
};

/// The same problem on the k nearest arcs (plus the penalty arc), solved by LEMON 1.3.
/// Straight-line costs rounded to centimetres, exactly as xw::core does.
/// With `extra` (per point, facilities to add beyond the k nearest; e.g. the support of an
/// all-pairs optimum, so that LEMON's optimum on its graph equals the all-pairs optimum).
inline LemonResult solveWithLemon(const core::TransportProblem& p, int k, LemonAlgorithm alg,
                                  const std::vector<std::vector<std::uint32_t>>* extra = nullptr) {
    using Graph = lemon::SmartDigraph;
    Graph g;
    const std::size_t n = p.demandPoints.size();
    const std::size_t m = p.facilities.size();
    const std::size_t kk = std::min<std::size_t>(static_cast<std::size_t>(k), m);
    g.reserveNode(static_cast<int>(n + m + 1));
    g.reserveArc(static_cast<int>(n * (kk + 1) + m));
    std::vector<Graph::Node> pts(n);
    std::vector<Graph::Node> fac(m);
    for (auto& v : pts) {
        v = g.addNode();
    }
    for (auto& v : fac) {
        v = g.addNode();
    }
    const Graph::Node sink = g.addNode();
    Graph::NodeMap<std::int64_t> supply(g, 0);
    Graph::ArcMap<std::int64_t> cap(g);
    Graph::ArcMap<std::int64_t> cost(g);
    const std::int64_t penalty = core::transportCostCentimeters(p.unplacedPenaltyMeters);
    std::int64_t total = 0;
    std::vector<std::pair<double, std::uint32_t>> near(m);
    for (std::size_t i = 0; i < n; ++i) {
        supply[pts[i]] = p.demand[i];
        total += p.demand[i];
        for (std::size_t j = 0; j < m; ++j) {
            near[j] = {core::straightLineMeters(p.demandPoints[i], p.facilities[j]),
                       static_cast<std::uint32_t>(j)};
        }
        std::nth_element(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(kk - 1),
                         near.end());
        for (std::size_t t = 0; t < kk; ++t) {
            const auto a = g.addArc(pts[i], fac[near[t].second]);
            cap[a] = p.demand[i];
            cost[a] = core::transportCostCentimeters(near[t].first);
        }
        if (extra != nullptr) {
            for (const std::uint32_t j : (*extra)[i]) {
                bool have = false;
                for (std::size_t t = 0; t < kk; ++t) {
                    have = have || near[t].second == j;
                }
                if (!have) {
                    const auto a = g.addArc(pts[i], fac[j]);
                    cap[a] = p.demand[i];
                    cost[a] = core::transportCostCentimeters(
                        core::straightLineMeters(p.demandPoints[i], p.facilities[j]));
                }
            }
        }
        const auto a = g.addArc(pts[i], sink);
        cap[a] = p.demand[i];
        cost[a] = penalty;
    }
    for (std::size_t j = 0; j < m; ++j) {
        const auto a = g.addArc(fac[j], sink);
        cap[a] = p.capacity[j];
        cost[a] = 0;
    }
    supply[sink] = -total;
    LemonResult r;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    if (alg == LemonAlgorithm::NetworkSimplex) {
        lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> ns(g);
        ns.upperMap(cap).costMap(cost).supplyMap(supply);
        r.optimal = ns.run() == decltype(ns)::OPTIMAL;
        r.objectiveCentimeters = ns.totalCost<std::int64_t>();
    } else {
        lemon::CostScaling<Graph, std::int64_t, std::int64_t> cs(g);
        cs.upperMap(cap).costMap(cost).supplyMap(supply);
        r.optimal = cs.run() == decltype(cs)::OPTIMAL;
        r.objectiveCentimeters = cs.totalCost<std::int64_t>();
    }
    r.solveSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    return r;
}

} // namespace xw::bench
