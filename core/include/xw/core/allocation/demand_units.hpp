#pragma once
// Residential units as demand points: the weights that split each town's demand of a stage over
// its units (core::splitDemand), and the consistency checks a planner needs before trusting them.
// Arithmetic only; gis::buildDemandPoints (gis/demand_units.hpp) makes the points.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/model/city.hpp>
#include <xw/core/model/residential_unit.hpp>

#include <array>
#include <vector>

namespace xw::core {

/// Per stage, the weight of every unit (same order as the units given) in its town's split.
struct UnitWeights {
    std::array<std::vector<double>, kStageCount> byStage; ///< [stageIndex(s)][unit], ≥ 0
    /// Per town index (Regions::towns): 1 when the town's units are weighted by their children of
    /// each stage's ages, 0 when by their totals (or the town has no unit).
    std::vector<char> townByAge;
};

/// The weights, town by town: when every unit of a town carries population by age, a unit weighs
/// its persons of the stage's rate ages (StageNorms::rateAgeMin..rateAgeMax, both categories) —
/// the ages whose residents make the town's demand of the stage, so the unit receives the town's
/// demand in proportion to its own children; otherwise every unit of the town weighs its total
/// (ResidentialUnit::total()), i.e. the town's children are assumed spread like its residents.
/// Mixing the two in one town would compare children with residents, hence the per-town rule.
/// Units whose town code is not a town of `regions` weigh 0 (the loader reports them).
[[nodiscard]] UnitWeights unitWeights(const std::vector<ResidentialUnit>& units,
                                      const Regions& regions, const Norms& norms);

/// Towns whose units do not add up to the population data, one Warning each (layer
/// "demand_units", featureId the town code): for a town weighted by age, Σ over its units of the
/// persons of the ages in the population table versus the table's persons of those ages; for a
/// town weighted by totals, Σ of the units' totals versus the town's residents
/// (Population::totalResidents). Reported when |units − data| > tolerance × data (or the data is 0
/// and the units are not). Also one Warning per town with children in the population table and no
/// unit. `tolerance` is a fraction ≥ 0 (0.05 = 5 %).
[[nodiscard]] std::vector<Diagnostic> checkUnitTotals(const std::vector<ResidentialUnit>& units,
                                                      const CityData& city, double tolerance);

/// Units with children of a stage (weight > 0; for a unit weighed by its total, also the town's
/// population table has persons of the stage's ages, or no row) and no school serving the stage
/// within the unit's service radius of the stage (StageNorms radius of the unit's town, urban or
/// rural) in a straight line — no route can be shorter, so these children have no school in reach
/// whatever the distances. One Warning per unit and stage (layer "demand_units", featureId the unit
/// id, field the stage code), in unit order then stage order. Stages without any school are skipped
/// (the allocation reports them).
[[nodiscard]] std::vector<Diagnostic> checkUnitsReach(const std::vector<ResidentialUnit>& units,
                                                      const UnitWeights& weights,
                                                      const CityData& city);

} // namespace xw::core
