#pragma once
// Private to core: the capacitated models (seats respected, split or single-source).
#include <xw/core/siting/siting.hpp>

namespace xw::core::detail::siting {

[[nodiscard]] SitingResult solveCapacitated(const SitingProblem& problem,
                                            const SitingConfig& config, const Progress& progress);

} // namespace xw::core::detail::siting
