#pragma once
// Private to core: lower bounds by Lagrangian relaxation with subgradient optimisation
// (Held, Wolfe & Crowder 1974; Beasley 1993, "Lagrangean heuristics for location problems").
//
// Min-sum form (p-median; MCLP as least uncovered weight): with multipliers λ_u on "point u is
// served exactly once" (by an option or by its fallback F_u),
//   L(λ) = constant + Σ_u λ_u + min over allowed open sets y of Σ_j y_j ρ_j(λ),
//   ρ_j(λ) = Σ_u min(0, c(u,j) − λ_u),
// a lower bound on the optimum for every λ; λ_u ≤ F_u loses nothing (the fallback is always
// there), so λ is kept in [0, F_u]. Count mode: the p most negative ρ_j; budget mode: the
// fractional knapsack of the ρ_j (a relaxation of the 0–1 one, so still a bound).
//
// Set covering form (LSCP): min Σ_j w_j y_j with Σ_{j covers u} y_j ≥ 1; multipliers μ_u ≥ 0,
//   L(μ) = Σ_u μ_u + Σ_j min(0, w_j − Σ_{u covered by j} μ_u)   (Beasley 1990).
//
// Sums over points are made in fixed blocks of points merged in block order, so the bound does
// not depend on the number of threads.
#include "detail/siting/instance.hpp"
#include "detail/siting/swap_search.hpp"

#include <xw/core/common/progress.hpp>

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace xw::core::detail::siting {

struct LagrangianResult {
    double bound = 0.0;         ///< best L found, cost units, constant included (≤ optimum)
    std::vector<double> lambda; ///< multipliers at the best L
    /// Options the relaxation opens wholly at the best L (y_j = 1), ascending.
    std::vector<std::uint32_t> relaxedOpen;
    int iterations = 0;
};

/// Turns the relaxation's open set into a feasible answer (Lagrangian heuristic) and returns its
/// objective, or the best known when it found nothing better.
using RelaxedHeuristic = std::function<std::int64_t(const std::vector<std::uint32_t>& open)>;

/// Subgradient ascent on the min-sum Lagrangian. `upper` is the best known objective (cost
/// units, constant included) for the step size (Polyak) and to stop once ⌈bound⌉ ≥ upper;
/// `start` (size = instance points, or empty) seeds λ. When `heuristic` is given it is called
/// every `heuristicEvery` iterations with the relaxation's open set at the best multipliers so
/// far (Beasley 1993), and lowers `upper`.
[[nodiscard]] LagrangianResult
minSumLagrangian(const UncapInstance& instance, const OpenLimit& limit, std::int64_t upper,
                 const std::vector<double>& start, int maxIterations, int threads,
                 const Progress& progress, std::string_view step,
                 const RelaxedHeuristic& heuristic = {}, int heuristicEvery = 10);

/// Subgradient ascent on the set covering Lagrangian over the instance's points (each must be
/// covered by an option within its radius); column weights `weight` (size = options).
[[nodiscard]] LagrangianResult setCoverLagrangian(const UncapInstance& instance,
                                                  const std::vector<double>& weight, double upper,
                                                  int maxIterations, int threads,
                                                  const Progress& progress, std::string_view step);

/// The smallest integer not below a bound computed in floating point, with a margin for its
/// rounding (relative 1e-9), so that it stays a valid bound on an integer optimum.
[[nodiscard]] std::int64_t integerBound(double bound);

} // namespace xw::core::detail::siting
