#include <xw/core/allocation/demand_points.hpp>
#include <xw/core/balance/seats.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace xw::core {
namespace {

/// splitmix64's finaliser: a fixed bijective scramble of 64-bit integers.
std::uint64_t scramble(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31U);
}

} // namespace

DemandSplit splitDemand(const std::vector<DemandPoint>& points,
                        const std::vector<double>& townDemand) {
    const std::size_t towns = townDemand.size();
    DemandSplit out;
    out.perPoint.assign(points.size(), 0);
    out.townTotals.assign(towns, 0);
    for (std::size_t t = 0; t < towns; ++t) {
        if (!std::isfinite(townDemand[t]))
            throw std::invalid_argument("splitDemand: demand of town " + std::to_string(t) +
                                        " is not finite");
        out.townTotals[t] = static_cast<std::int64_t>(wholeChildren(townDemand[t]));
    }

    // Points grouped by town (counting sort keeps point order within a town).
    std::vector<std::size_t> start(towns + 1, 0);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const DemandPoint& p = points[i];
        if (p.townIndex >= towns)
            throw std::invalid_argument("splitDemand: point " + std::to_string(i) +
                                        " has town index " + std::to_string(p.townIndex) + " of " +
                                        std::to_string(towns));
        if (!(p.weight >= 0.0) || !std::isfinite(p.weight))
            throw std::invalid_argument("splitDemand: point " + std::to_string(i) +
                                        " has a negative or non-finite weight");
        ++start[p.townIndex + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::size_t> order(points.size());
    {
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < points.size(); ++i)
            order[next[points[i].townIndex]++] = i;
    }

    struct Share {
        double fraction;
        std::uint64_t tieBreak;
        std::size_t point;
    };
    std::vector<Share> shares;
    for (std::size_t t = 0; t < towns; ++t) {
        const std::int64_t total = out.townTotals[t];
        const std::size_t first = start[t];
        const std::size_t last = start[t + 1];
        if (first == last) {
            if (total > 0)
                out.townsWithoutPoints.push_back(t);
            continue;
        }
        if (total == 0)
            continue;
        double weightSum = 0.0;
        for (std::size_t k = first; k < last; ++k)
            weightSum += points[order[k]].weight;
        const bool uniform = !(weightSum > 0.0);
        const auto count = static_cast<double>(last - first);
        shares.clear();
        std::int64_t given = 0;
        for (std::size_t k = first; k < last; ++k) {
            const std::size_t i = order[k];
            const double quota = uniform
                                     ? static_cast<double>(total) / count
                                     : static_cast<double>(total) * points[i].weight / weightSum;
            const double whole = std::floor(quota);
            out.perPoint[i] = static_cast<std::int64_t>(whole);
            given += out.perPoint[i];
            shares.push_back({quota - whole, scramble(i), i});
        }
        // Largest remainder first; equal remainders in scrambled order, then by index.
        std::sort(shares.begin(), shares.end(), [](const Share& a, const Share& b) {
            if (a.fraction != b.fraction)
                return a.fraction > b.fraction;
            if (a.tieBreak != b.tieBreak)
                return a.tieBreak < b.tieBreak;
            return a.point < b.point;
        });
        std::int64_t left = total - given;
        // Rounding in q_i can only move Σ⌊q_i⌋ by a few units either way; both directions end
        // with the exact total.
        for (std::size_t k = 0; left > 0; k = (k + 1) % shares.size(), --left)
            ++out.perPoint[shares[k].point];
        for (std::size_t k = shares.size(); left < 0 && k-- > 0;) {
            if (out.perPoint[shares[k].point] > 0) {
                --out.perPoint[shares[k].point];
                ++left;
            }
        }
    }
    return out;
}

} // namespace xw::core
