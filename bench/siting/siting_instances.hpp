#pragma once
// Readers of the published siting benchmark instances (../shared/benchdata, README there) and
// the seeded city-scale generator. Header-only: the bench programs and the siting tests use it.
//
//  - OR-Library p-median (Beasley 1985, pmed1–40): "n edges p", then edges "i j cost" (1-based);
//    of duplicate node pairs the last wins; distances are shortest paths (Floyd–Warshall).
//  - Capacitated p-median, Osman & Christofides (1994) cpmp01–20 and Lorena & Senne (2004) SJC:
//    "n p", then n lines "x y capacity demand". Every node is a customer and a possible median
//    with that capacity; the objective counts each customer once (weight 1), capacities count
//    demand. cpmp optima use rounded-down Euclidean distances, SJC exact ones.
#include <xw/core/siting/siting_problem.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace xw::bench {

struct PmedInstance {
    std::string name;
    std::size_t n = 0;
    std::size_t p = 0;
    std::vector<double> distance; ///< n × n shortest paths, row-major
};

inline PmedInstance readOrlibPmed(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    PmedInstance inst;
    std::size_t edges = 0;
    if (!(in >> inst.n >> edges >> inst.p))
        throw std::runtime_error(path + ": bad header");
    const std::size_t n = inst.n;
    constexpr double kInf = 1e30;
    std::vector<double> d(n * n, kInf);
    for (std::size_t i = 0; i < n; ++i)
        d[i * n + i] = 0.0;
    for (std::size_t e = 0; e < edges; ++e) {
        std::size_t i = 0;
        std::size_t j = 0;
        double c = 0.0;
        if (!(in >> i >> j >> c) || i < 1 || j < 1 || i > n || j > n)
            throw std::runtime_error(path + ": bad edge " + std::to_string(e + 1));
        // The last listed edge of a pair wins (OR-Library's rule).
        d[(i - 1) * n + (j - 1)] = c;
        d[(j - 1) * n + (i - 1)] = c;
    }
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < n; ++i) {
            const double dik = d[i * n + k];
            if (dik >= kInf)
                continue;
            double* row = &d[i * n];
            const double* rowK = &d[k * n];
            for (std::size_t j = 0; j < n; ++j)
                row[j] = std::min(row[j], dik + rowK[j]);
        }
    inst.distance = std::move(d);
    const auto slash = path.find_last_of('/');
    inst.name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    inst.name = inst.name.substr(0, inst.name.find('.'));
    return inst;
}

/// Every node a demand point of weight 1 (one child) and a candidate site; no existing schools.
inline core::SitingProblem pmedProblem(const PmedInstance& inst) {
    core::SitingProblem problem;
    problem.demand.resize(inst.n);
    for (auto& d : problem.demand)
        d.children = 1;
    problem.candidates.resize(inst.n);
    problem.matrix = std::make_shared<core::SitingDistanceMatrix>(
        core::SitingDistanceMatrix::dense(inst.n, inst.n, inst.distance));
    return problem;
}

struct CpmpNode {
    double x = 0.0;
    double y = 0.0;
    std::int64_t capacity = 0;
    std::int64_t demand = 0;
};

struct CpmpInstance {
    std::string name;
    std::size_t p = 0;
    std::vector<CpmpNode> nodes;
};

inline CpmpInstance readCpmp(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    CpmpInstance inst;
    std::size_t n = 0;
    if (!(in >> n >> inst.p))
        throw std::runtime_error(path + ": bad header");
    inst.nodes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        CpmpNode& v = inst.nodes[i];
        if (!(in >> v.x >> v.y >> v.capacity >> v.demand))
            throw std::runtime_error(path + ": bad node " + std::to_string(i + 1));
    }
    const auto slash = path.find_last_of('/');
    inst.name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    inst.name = inst.name.substr(0, inst.name.find('.'));
    return inst;
}

/// The capacitated p-median as a siting problem: node i is a demand point (children = demand,
/// objective weight 1) and a candidate site with its capacity; distances Euclidean, rounded
/// down when `roundDown` (cpmp) or exact (SJC).
inline core::SitingProblem cpmpProblem(const CpmpInstance& inst, bool roundDown) {
    const std::size_t n = inst.nodes.size();
    core::SitingProblem problem;
    std::vector<double> d(n * n);
    for (std::size_t i = 0; i < n; ++i) {
        core::SitingDemandPoint dp;
        dp.location = {inst.nodes[i].x, inst.nodes[i].y};
        dp.children = inst.nodes[i].demand;
        dp.objectiveWeight = 1;
        problem.demand.push_back(dp);
        core::CandidateSite s;
        s.location = dp.location;
        s.seats = inst.nodes[i].capacity;
        problem.candidates.push_back(s);
        for (std::size_t j = 0; j < n; ++j) {
            const double dx = inst.nodes[i].x - inst.nodes[j].x;
            const double dy = inst.nodes[i].y - inst.nodes[j].y;
            const double e = std::sqrt(dx * dx + dy * dy);
            d[i * n + j] = roundDown ? std::floor(e) : e;
        }
    }
    problem.matrix = std::make_shared<core::SitingDistanceMatrix>(
        core::SitingDistanceMatrix::dense(n, n, std::move(d)));
    return problem;
}

/// name → value of a two-column "name value [status]" file (pmedopt.txt, optimal_values.txt);
/// lines that do not parse (headers) are skipped.
inline std::map<std::string, double> readOptima(const std::string& path) {
    std::ifstream in(path);
    std::map<std::string, double> out;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream s(line);
        std::string name;
        double v = 0.0;
        if (s >> name >> v)
            out[name] = v;
    }
    return out;
}

/// Seeded city-scale instance: demand points and candidate sites uniform in a square of side
/// sideMeters, 0–maxChildren children per point, service radius `radiusMeters`.
inline core::SitingProblem cityProblem(std::size_t points, std::size_t sites, std::uint64_t seed,
                                       double sideMeters = 60000.0, int maxChildren = 12,
                                       double radiusMeters = 3000.0) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> coord(0.0, sideMeters);
    std::uniform_int_distribution<int> kids(0, maxChildren);
    core::SitingProblem problem;
    problem.demand.resize(points);
    for (auto& d : problem.demand) {
        d.location = {coord(rng), coord(rng)};
        d.children = kids(rng);
        d.serviceRadiusMeters = radiusMeters;
    }
    problem.candidates.resize(sites);
    for (auto& s : problem.candidates) {
        s.location = {coord(rng), coord(rng)};
        s.seats = 2000;
        s.seatsPerClass = 45;
    }
    return problem;
}

} // namespace xw::bench
