#include "detail/siting/lagrangian.hpp"

#include "xw/core/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>

namespace xw::core::detail::siting {

namespace {

constexpr std::size_t kBlock = 4096;
/// Step multiplier: start, halved after kPatience iterations without a better bound, stop
/// below kMinStep (Beasley 1993 uses 2 and halves after 30).
constexpr double kStartStep = 2.0;
constexpr int kPatience = 25;
constexpr double kMinStep = 1.0e-4;

/// Runs body(block, begin, end) over fixed blocks of [0, n) on up to `threads` threads.
template <class F> void overBlocks(std::size_t n, int threads, F&& body) {
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    const int t = threadsFor(threads, n, 8, kBlock);
    std::atomic<std::size_t> next{0};
    runWorkers(t, [&](int) {
        for (;;) {
            const std::size_t b = next.fetch_add(1);
            if (b >= blocks)
                return;
            body(b, b * kBlock, std::min(n, (b + 1) * kBlock));
        }
    });
}

/// ⌈λ⌉ as an integer cost bound: c < λ ⇔ c < ⌈λ⌉ for integer c.
std::int64_t ceilBound(double lambda) {
    return static_cast<std::int64_t>(std::ceil(lambda));
}

} // namespace

std::int64_t integerBound(double bound) {
    return static_cast<std::int64_t>(std::ceil(bound - 1e-9 * std::max(1.0, std::fabs(bound))));
}

LagrangianResult minSumLagrangian(const UncapInstance& in, const OpenLimit& limit,
                                  std::int64_t upper, const std::vector<double>& start,
                                  int maxIterations, int threads, const Progress& progress,
                                  std::string_view step, const RelaxedHeuristic& heuristic,
                                  int heuristicEvery) {
    const std::size_t n = in.size();
    const std::size_t m = in.options();
    LagrangianResult result;
    result.bound = static_cast<double>(in.constant());
    // Multipliers stay within [0, F_u] and, for truncated lists, at most the cost of the list's
    // farthest site: then every site cheaper than λ_u is in the list, so ρ is exact (any λ gives
    // a valid bound) and no search beyond the list is needed.
    std::vector<double> cap(n);
    for (std::size_t u = 0; u < n; ++u) {
        cap[u] = static_cast<double>(in.fallback(u));
        if (!in.complete(u))
            cap[u] = std::min(cap[u], static_cast<double>(in.cost(u, in.listMax(u))));
    }
    std::vector<double> lambda(n);
    for (std::size_t u = 0; u < n; ++u) {
        double init = start.size() == n ? start[u]
                      : in.listEnd(u) > in.listBegin(u)
                          ? static_cast<double>(in.cost(u, in.listUnits(in.listBegin(u))))
                          : static_cast<double>(in.fallback(u));
        lambda[u] = std::clamp(init, 0.0, cap[u]);
    }
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    std::vector<std::vector<double>> rhoBlock(blocks, std::vector<double>(m, 0.0));
    std::vector<double> rho(m);
    std::vector<double> y(m, 0.0);
    std::vector<double> g(n);
    std::vector<double> normBlock(blocks);
    std::vector<std::uint32_t> order(m);
    double best = -std::numeric_limits<double>::infinity();
    double pi = kStartStep;
    int stale = 0;
    for (int it = 0; it < maxIterations; ++it) {
        progress.throwIfCancelled();
        if (it % 50 == 0)
            progress.report(step, it, maxIterations);
        overBlocks(n, threads, [&](std::size_t b, std::size_t begin, std::size_t end) {
            std::vector<double>& r = rhoBlock[b];
            std::fill(r.begin(), r.end(), 0.0);
            for (std::size_t u = begin; u < end; ++u) {
                const double l = lambda[u];
                in.forCheaper(u, ceilBound(l), [&](std::uint32_t s, std::int64_t, std::int64_t c) {
                    r[s] += static_cast<double>(c) - l;
                });
            }
        });
        std::fill(rho.begin(), rho.end(), 0.0);
        for (std::size_t b = 0; b < blocks; ++b)
            for (std::size_t j = 0; j < m; ++j)
                rho[j] += rhoBlock[b][j];
        // The relaxation's open set.
        std::fill(y.begin(), y.end(), 0.0);
        std::iota(order.begin(), order.end(), 0U);
        double open = 0.0;
        if (!limit.budget) {
            const std::size_t p = std::min(limit.count, m);
            std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(p),
                             order.end(), [&](std::uint32_t a, std::uint32_t b) {
                                 return rho[a] != rho[b] ? rho[a] < rho[b] : a < b;
                             });
            for (std::size_t k = 0; k < p; ++k) {
                y[order[k]] = 1.0;
                open += rho[order[k]];
            }
        } else {
            // Fractional knapsack: free options first, then by ρ per yuan.
            std::vector<std::uint32_t> items;
            for (std::uint32_t j = 0; j < m; ++j)
                if (rho[j] < 0.0)
                    items.push_back(j);
            const auto key = [&](std::uint32_t j) {
                const double c = limit.costYuan[j];
                return c <= 0.0 ? -std::numeric_limits<double>::infinity() : rho[j] / c;
            };
            std::sort(items.begin(), items.end(), [&](std::uint32_t a, std::uint32_t b) {
                const double ka = key(a);
                const double kb = key(b);
                if (ka != kb)
                    return ka < kb;
                return rho[a] != rho[b] ? rho[a] < rho[b] : a < b;
            });
            double room = limit.budgetYuan;
            for (const std::uint32_t j : items) {
                const double c = limit.costYuan[j];
                const double take = c <= 0.0 ? 1.0 : std::clamp(room / c, 0.0, 1.0);
                if (take <= 0.0)
                    break;
                y[j] = take;
                room -= take * c;
                open += take * rho[j];
            }
        }
        double value = static_cast<double>(in.constant()) + open;
        for (std::size_t u = 0; u < n; ++u)
            value += lambda[u];
        result.iterations = it + 1;
        bool improved = false;
        if (value > best) {
            if (value > best + 1e-9 * std::max(1.0, std::fabs(best)))
                stale = 0;
            else
                ++stale;
            best = value;
            improved = true;
            result.lambda = lambda;
            result.relaxedOpen.clear();
            for (std::uint32_t j = 0; j < m; ++j)
                if (y[j] >= 1.0)
                    result.relaxedOpen.push_back(j);
        } else {
            ++stale;
        }
        (void)improved;
        if (heuristic && (it + 1) % std::max(heuristicEvery, 1) == 0) {
            // The relaxation's open set at the best multipliers so far (the heuristic skips a
            // set it has already tried).
            upper = std::min(upper, heuristic(result.relaxedOpen));
        }
        if (integerBound(best) >= upper)
            break;
        // Subgradient g_u = 1 − Σ_{open j, c(u,j) < λ_u} y_j: with few open options, test them
        // directly instead of walking each point's list again.
        std::vector<std::uint32_t> openNow;
        for (std::uint32_t j = 0; j < m; ++j)
            if (y[j] > 0.0)
                openNow.push_back(j);
        const bool direct = openNow.size() <= 64;
        overBlocks(n, threads, [&](std::size_t b, std::size_t begin, std::size_t end) {
            double norm = 0.0;
            for (std::size_t u = begin; u < end; ++u) {
                double served = 0.0;
                const std::int64_t bound = ceilBound(lambda[u]);
                if (direct) {
                    const std::int64_t reach = in.maxUsefulUnits(u, bound);
                    for (const std::uint32_t j : openNow)
                        if (reach >= 0 && in.lowerUnitsTo(u, j) <= reach &&
                            in.unitsTo(u, j) <= reach)
                            served += y[j];
                } else {
                    in.forCheaper(u, bound, [&](std::uint32_t s, std::int64_t, std::int64_t) {
                        served += y[s];
                    });
                }
                g[u] = 1.0 - served;
                norm += g[u] * g[u];
            }
            normBlock[b] = norm;
        });
        double norm = 0.0;
        for (const double v : normBlock)
            norm += v;
        if (norm <= 0.0)
            break; // the relaxation's solution is feasible: L is the Lagrangian dual's optimum
        if (stale >= kPatience) {
            pi *= 0.5;
            stale = 0;
            if (pi < kMinStep)
                break;
        }
        const double t = pi * (static_cast<double>(upper) - value) / norm;
        if (!(t > 0.0))
            break;
        for (std::size_t u = 0; u < n; ++u)
            lambda[u] = std::clamp(lambda[u] + t * g[u], 0.0, cap[u]);
    }
    result.bound = std::max(best, static_cast<double>(in.constant()));
    return result;
}

LagrangianResult setCoverLagrangian(const UncapInstance& in, const std::vector<double>& weight,
                                    double upper, int maxIterations, int threads,
                                    const Progress& progress, std::string_view step) {
    const std::size_t n = in.size();
    const std::size_t m = in.options();
    LagrangianResult result;
    // μ_u starts at the least weight per covered point of the options covering u.
    std::vector<std::int64_t> coverCount(m, 0);
    for (std::size_t u = 0; u < n; ++u)
        in.forCheaper(u, 1, [&](std::uint32_t s, std::int64_t, std::int64_t) { ++coverCount[s]; });
    std::vector<double> mu(n, 0.0);
    for (std::size_t u = 0; u < n; ++u) {
        double least = std::numeric_limits<double>::infinity();
        in.forCheaper(u, 1, [&](std::uint32_t s, std::int64_t, std::int64_t) {
            least = std::min(least, weight[s] / static_cast<double>(coverCount[s]));
        });
        mu[u] = std::isfinite(least) ? least : 0.0;
    }
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    std::vector<std::vector<double>> sigmaBlock(blocks, std::vector<double>(m, 0.0));
    std::vector<double> sigma(m);
    std::vector<std::uint8_t> y(m, 0);
    std::vector<double> g(n);
    std::vector<double> normBlock(blocks);
    double best = -std::numeric_limits<double>::infinity();
    double pi = kStartStep;
    int stale = 0;
    for (int it = 0; it < maxIterations; ++it) {
        progress.throwIfCancelled();
        if (it % 50 == 0)
            progress.report(step, it, maxIterations);
        overBlocks(n, threads, [&](std::size_t b, std::size_t begin, std::size_t end) {
            std::vector<double>& s = sigmaBlock[b];
            std::fill(s.begin(), s.end(), 0.0);
            for (std::size_t u = begin; u < end; ++u)
                in.forCheaper(u, 1,
                              [&](std::uint32_t j, std::int64_t, std::int64_t) { s[j] += mu[u]; });
        });
        std::fill(sigma.begin(), sigma.end(), 0.0);
        for (std::size_t b = 0; b < blocks; ++b)
            for (std::size_t j = 0; j < m; ++j)
                sigma[j] += sigmaBlock[b][j];
        double value = 0.0;
        for (std::size_t u = 0; u < n; ++u)
            value += mu[u];
        for (std::size_t j = 0; j < m; ++j) {
            const double reduced = weight[j] - sigma[j];
            y[j] = reduced < 0.0 ? 1 : 0;
            if (reduced < 0.0)
                value += reduced;
        }
        result.iterations = it + 1;
        if (value > best) {
            stale = value > best + 1e-9 * std::max(1.0, std::fabs(best)) ? 0 : stale + 1;
            best = value;
            result.lambda = mu;
            result.relaxedOpen.clear();
            for (std::uint32_t j = 0; j < m; ++j)
                if (y[j] != 0)
                    result.relaxedOpen.push_back(j);
        } else {
            ++stale;
        }
        if (static_cast<double>(integerBound(best)) >= upper - 1e-9)
            break;
        overBlocks(n, threads, [&](std::size_t b, std::size_t begin, std::size_t end) {
            double norm = 0.0;
            for (std::size_t u = begin; u < end; ++u) {
                double covered = 0.0;
                in.forCheaper(
                    u, 1, [&](std::uint32_t j, std::int64_t, std::int64_t) { covered += y[j]; });
                g[u] = 1.0 - covered;
                // Projection: a multiplier at 0 that would go negative does not move.
                if (mu[u] <= 0.0 && g[u] < 0.0)
                    g[u] = 0.0;
                norm += g[u] * g[u];
            }
            normBlock[b] = norm;
        });
        double norm = 0.0;
        for (const double v : normBlock)
            norm += v;
        if (norm <= 0.0)
            break;
        if (stale >= kPatience) {
            pi *= 0.5;
            stale = 0;
            if (pi < kMinStep)
                break;
        }
        const double t = pi * (upper - value) / norm;
        if (!(t > 0.0))
            break;
        for (std::size_t u = 0; u < n; ++u)
            mu[u] = std::max(0.0, mu[u] + t * g[u]);
    }
    result.bound = n == 0 ? 0.0 : std::max(best, 0.0);
    return result;
}

} // namespace xw::core::detail::siting
