#pragma once
// Private to core: the drivers of the uncapacitated models and the helpers the capacitated
// driver shares with them.
#include "detail/siting/instance.hpp"
#include "detail/siting/swap_search.hpp"

#include <xw/core/siting/siting.hpp>

#include <cstdint>
#include <vector>

namespace xw::core::detail::siting {

/// p-median and maximal covering (as least uncovered weight).
[[nodiscard]] SitingResult solveMinSum(const SitingProblem& problem, const SitingConfig& config,
                                       const Progress& progress);
[[nodiscard]] SitingResult solveSetCovering(const SitingProblem& problem,
                                            const SitingConfig& config, const Progress& progress);
[[nodiscard]] SitingResult solvePCenter(const SitingProblem& problem, const SitingConfig& config,
                                        const Progress& progress);

/// Sites kept per demand point (0 → all): the config's, or automatic from the sizes.
[[nodiscard]] std::size_t neighbourLimitFor(const SitingConfig& config, std::size_t points,
                                            std::size_t sites);
/// Count or budget over the candidate sites.
[[nodiscard]] OpenLimit siteLimit(const SitingProblem& problem, const SitingConfig& config);
/// Effort: when VNS stops (the config's iterations, or automatic by work) and subgradient
/// iterations for an instance.
[[nodiscard]] VnsLimit searchLimitFor(const SitingConfig& config, double share = 1.0);
[[nodiscard]] int boundIterationsFor(const SitingConfig& config, const UncapInstance& instance);

/// Fills chosen, assignment and the children/distance figures for open sites, each child going
/// to its nearest open facility (existing or chosen; ties to the lower column). Children farther
/// than `unservedUnits` (or with no route) are unserved.
void describeNearestAssignment(const SitingProblem& problem, const DistanceOracle& oracle,
                               const std::vector<std::uint32_t>& openSites,
                               std::int64_t unservedUnits, int threads, SitingResult& result);

/// (upper − lower) / upper, 0 when upper ≤ lower or upper is 0.
[[nodiscard]] double relativeGap(double upper, double lower);

} // namespace xw::core::detail::siting
