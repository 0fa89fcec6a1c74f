#pragma once
// Private to core: the Lagrangian lower bound of the capacitated models. Relax "every point
// (child) is served once"; each facility slot (an existing school, or an option) then solves a
// knapsack over the points cheaper than their multiplier (0–1 single-source, by dynamic
// programming when small enough, else its LP relaxation; continuous when split). A knapsack's
// LP relaxation is below its optimum, so the bound stays valid either way. The multipliers are
// found by subgradient optimisation (Beasley 1993), in fixed blocks of slots so that the bound
// does not depend on the number of threads.
#include "detail/siting/assignment.hpp"
#include "detail/siting/lagrangian.hpp"
#include "detail/siting/swap_search.hpp"

#include <xw/core/common/progress.hpp>

#include <cstdint>
#include <vector>

namespace xw::core::detail::siting {

/// Subgradient ascent on the capacitated Lagrangian. `upper` is the best known score (cost
/// units) for the step size and to stop once ⌈bound⌉ ≥ upper; `start` (size = instance points,
/// or empty) seeds the multipliers. `heuristic`, when given, is called with the relaxation's open
/// set each time the bound improves with a new set, and lowers `upper`.
[[nodiscard]] LagrangianResult capLagrangian(const CapInstance& in, const OpenLimit& limit,
                                             std::int64_t upper, const std::vector<double>& start,
                                             int maxIterations, int threads,
                                             const Progress& progress,
                                             const RelaxedHeuristic& heuristic);

} // namespace xw::core::detail::siting
