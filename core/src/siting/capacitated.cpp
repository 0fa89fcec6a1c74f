#include "detail/siting/capacitated.hpp"

#include <stdexcept>

namespace xw::core::detail::siting {

SitingResult solveCapacitated(const SitingProblem&, const SitingConfig&, const Progress&) {
    throw std::logic_error("WIP");
}

} // namespace xw::core::detail::siting
