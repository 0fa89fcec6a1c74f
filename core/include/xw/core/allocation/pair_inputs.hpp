#pragma once
// The optional inputs that change how a stage's allocation measures its point–school pairs: an
// origin–destination table (distances or times from a routing engine) and barriers (crossings
// counted and penalised). Prepared once per city and point list, applied to each stage's problem.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/barriers.hpp>
#include <xw/core/allocation/od_table.hpp>
#include <xw/core/common/diagnostic.hpp>

#include <memory>
#include <string>
#include <vector>

namespace xw::core {

struct PairInputs {
    std::shared_ptr<const OdTable> od;  ///< null: no OD table
    std::vector<std::string> originIds; ///< per demand point (see OdDistances); may be empty
    std::shared_ptr<const BarrierIndex> barriers; ///< null: no barriers
};

/// Sets problem.distance from the OD table (replacing any distance set before: the user's routing
/// engine wins over our road network) and problem.barrierCrossings from the barriers (straight
/// line from the point to the school). Minutes convert at problem.metersPerMinute. Returns one
/// Info per input applied and one Warning when some of the problem's points have no row in the
/// OD table (their children have no route), for people.
/// \throws std::invalid_argument when the OD table is in minutes and problem.metersPerMinute is
/// not positive (a problem not built by buildAllocationProblem).
[[nodiscard]] std::vector<Diagnostic>
applyPairInputs(const PairInputs& inputs, const CityData& city, AllocationProblem& problem);

} // namespace xw::core
