#pragma once
// Small random siting problems and their optima by brute force (every subset of the candidate
// sites), computed independently of the solver: straight-line distances rounded to centimetres
// exactly as SitingConfig::costUnitsPerMeter = 100 prescribes.
#include <xw/core/allocation/transport.hpp>
#include <xw/core/siting/siting.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <vector>

namespace xw::test {

inline constexpr std::int64_t kNoRoute = std::numeric_limits<std::int64_t>::max() / 4;

struct RandomSpec {
    std::size_t points = 12;
    std::size_t sites = 9;
    std::size_t existing = 1;
    double sideMeters = 10000.0;
    int maxChildren = 6;
    double minRadius = 1500.0;
    double maxRadius = 4000.0;
    std::int64_t minSeats = 5;
    std::int64_t maxSeats = 30;
};

inline core::SitingProblem randomProblem(std::uint64_t seed, const RandomSpec& spec = {}) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> coord(0.0, spec.sideMeters);
    std::uniform_int_distribution<int> kids(0, spec.maxChildren);
    std::uniform_real_distribution<double> radius(spec.minRadius, spec.maxRadius);
    std::uniform_int_distribution<std::int64_t> seats(spec.minSeats, spec.maxSeats);
    std::uniform_real_distribution<double> cost(1.0, 10.0);
    core::SitingProblem p;
    for (std::size_t i = 0; i < spec.points; ++i) {
        core::SitingDemandPoint d;
        d.location = {coord(rng), coord(rng)};
        d.children = kids(rng);
        d.serviceRadiusMeters = radius(rng);
        p.demand.push_back(d);
    }
    for (std::size_t j = 0; j < spec.existing; ++j)
        p.existing.push_back({{coord(rng), coord(rng)}, seats(rng)});
    for (std::size_t j = 0; j < spec.sites; ++j) {
        core::CandidateSite s;
        s.location = {coord(rng), coord(rng)};
        s.seats = seats(rng);
        s.fixedCostYuan = std::round(cost(rng));
        p.candidates.push_back(s);
    }
    return p;
}

/// Distance in centimetres from point i to facility column c (straight line).
inline std::int64_t unitsTo(const core::SitingProblem& p, std::size_t i, std::size_t c) {
    if (p.matrix) {
        const double m = p.matrix->meters(i, c);
        return std::isfinite(m) ? std::llround(m * 100.0) : kNoRoute;
    }
    const core::PointM f = c < p.existing.size() ? p.existing[c].location
                                                 : p.candidates[c - p.existing.size()].location;
    return std::llround(core::straightLineMeters(p.demand[i].location, f) * 100.0);
}

inline std::int64_t weightOf(const core::SitingDemandPoint& d) {
    return d.objectiveWeight ? *d.objectiveWeight : d.children;
}

/// Nearest open facility distance (units) of point i with these sites open.
inline std::int64_t nearestUnits(const core::SitingProblem& p, std::size_t i,
                                 const std::vector<std::size_t>& sites) {
    std::int64_t best = kNoRoute;
    for (std::size_t e = 0; e < p.existing.size(); ++e)
        best = std::min(best, unitsTo(p, i, e));
    for (const std::size_t s : sites)
        best = std::min(best, unitsTo(p, i, p.existing.size() + s));
    return best;
}

/// Calls f(subset) for every subset of {0..m−1} of size k.
inline void forEachSubset(std::size_t m, std::size_t k,
                          const std::function<void(const std::vector<std::size_t>&)>& f) {
    std::vector<std::size_t> s(k);
    std::function<void(std::size_t, std::size_t)> rec = [&](std::size_t pos, std::size_t from) {
        if (pos == k) {
            f(s);
            return;
        }
        for (std::size_t j = from; j + (k - pos) <= m; ++j) {
            s[pos] = j;
            rec(pos + 1, j + 1);
        }
    };
    rec(0, 0);
}

/// Every subset of any size whose cost is within the budget.
inline void forEachAffordable(const core::SitingProblem& p, double budget,
                              const std::function<void(const std::vector<std::size_t>&)>& f) {
    const std::size_t m = p.candidates.size();
    for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << m); ++mask) {
        std::vector<std::size_t> s;
        double cost = 0.0;
        for (std::size_t j = 0; j < m; ++j)
            if ((mask >> j) & 1U) {
                s.push_back(j);
                cost += core::siteCostYuan(p.candidates[j]);
            }
        if (cost <= budget * (1.0 + 1e-9))
            f(s);
    }
}

inline std::int64_t medianCost(const core::SitingProblem& p, const std::vector<std::size_t>& s,
                               std::int64_t penaltyUnits) {
    std::int64_t total = 0;
    for (std::size_t i = 0; i < p.demand.size(); ++i)
        total += weightOf(p.demand[i]) * std::min(nearestUnits(p, i, s), penaltyUnits);
    return total;
}

inline std::int64_t coveredWeight(const core::SitingProblem& p, const std::vector<std::size_t>& s) {
    std::int64_t total = 0;
    for (std::size_t i = 0; i < p.demand.size(); ++i)
        if (nearestUnits(p, i, s) <= std::llround(p.demand[i].serviceRadiusMeters * 100.0))
            total += weightOf(p.demand[i]);
    return total;
}

/// Largest nearest distance over points that count (children or weight > 0); points that no
/// facility at all can reach are left out, the others count as infinitely far when nothing
/// open reaches them.
inline std::int64_t centerRadius(const core::SitingProblem& p, const std::vector<std::size_t>& s) {
    std::vector<std::size_t> all(p.candidates.size());
    for (std::size_t j = 0; j < all.size(); ++j)
        all[j] = j;
    std::int64_t r = 0;
    for (std::size_t i = 0; i < p.demand.size(); ++i) {
        if (p.demand[i].children <= 0 && weightOf(p.demand[i]) <= 0)
            continue;
        if (nearestUnits(p, i, all) >= kNoRoute)
            continue;
        r = std::max(r, nearestUnits(p, i, s));
    }
    return r;
}

/// Points that count and that no facility at all (existing or any site) covers.
inline std::vector<std::size_t> uncoverable(const core::SitingProblem& p) {
    std::vector<std::size_t> all(p.candidates.size());
    for (std::size_t j = 0; j < all.size(); ++j)
        all[j] = j;
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < p.demand.size(); ++i) {
        if (p.demand[i].children <= 0 && weightOf(p.demand[i]) <= 0)
            continue;
        if (nearestUnits(p, i, all) > std::llround(p.demand[i].serviceRadiusMeters * 100.0))
            out.push_back(i);
    }
    return out;
}

/// True when every coverable point that counts is within its radius with these sites open.
inline bool coversAll(const core::SitingProblem& p, const std::vector<std::size_t>& s) {
    const std::vector<std::size_t> lost = uncoverable(p);
    for (std::size_t i = 0; i < p.demand.size(); ++i) {
        if (p.demand[i].children <= 0 && weightOf(p.demand[i]) <= 0)
            continue;
        if (std::find(lost.begin(), lost.end(), i) != lost.end())
            continue;
        if (nearestUnits(p, i, s) > std::llround(p.demand[i].serviceRadiusMeters * 100.0))
            return false;
    }
    return true;
}

inline std::vector<std::size_t> chosenSites(const core::SitingResult& r) {
    std::vector<std::size_t> s;
    for (const auto& c : r.chosen)
        if (!c.expansion)
            s.push_back(c.index);
    return s;
}

} // namespace xw::test
