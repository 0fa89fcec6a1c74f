#pragma once
// Everything a study computes, as one plain value (no printing, no files): every front end — the
// CLI, the viewer, the report, the exports — reads its figures from here and computes none.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/balance/balance_coefficient.hpp>
#include <xw/core/balance/indicators.hpp>
#include <xw/core/balance/kindergarten_check.hpp>
#include <xw/core/balance/resources.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/model/city.hpp>
#include <xw/core/projection/monte_carlo.hpp>
#include <xw/core/projection/projection.hpp>
#include <xw/gis/catchments.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>
#include <xw/gis/road_network.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xw::study {

/// The allocation of one stage in the base year, with its problem (points, schools) and full
/// result (pieces, accessibility, solver state).
struct StageAllocation {
    core::AllocationProblem problem;
    core::AllocationResult result;
};

struct AllocationResults {
    core::AllocationMode mode = core::AllocationMode::Optimal;
    double gridMeters = 0.0;
    /// Every cell of the demand grid, with or without children (gis::DemandGrid::
    /// catchmentCells(): the grid behind the residential units when the dataset has units).
    std::vector<core::DemandPoint> grid;
    gis::DemandWeighting weighting = gis::DemandWeighting::Uniform;
    /// Per demand point (AllocationPoint::gridIndex): its residential unit's id; "" for a grid
    /// cell; empty without units (gis::DemandGrid::pointIds).
    std::vector<std::string> pointIds;
    bool odTable = false;                        ///< distances came from the dataset's OD table
    std::vector<StageAllocation> stages;         ///< base year, stages with schools, in stage order
    std::vector<gis::CatchmentShape> catchments; ///< base year (StudyConfig::catchmentShapes)
    /// Notes for people (weighting, fallbacks), Chinese first.
    std::vector<std::string> notes;
    std::string roadNetwork; ///< the road file followed; empty = straight lines
    /// The road network followed (for maps: its segments in the working CRS); null without one.
    /// Shared with the study's cache, never modified.
    std::shared_ptr<const gis::RoadNetwork> roads;
};

/// Every result of one projected year. `city` is the city of that year (the plan's schools as they
/// stand then), which the school indices of `balance`, `allocation` and the rest refer to.
struct YearResult {
    int year = 0;
    std::shared_ptr<const core::CityData> city;
    core::SeatBalance balance;
    /// Indicators, coefficients and resources: present when the base year lies in the projection.
    std::optional<core::YearIndicators> indicators;
    std::vector<core::BalanceResult> coefficients;
    std::vector<core::AreaResources> resources;
    /// Per stage allocated (same order as AllocationResults::stages), without pieces,
    /// accessibility or solver state: per school and area only.
    std::vector<core::AllocationResult> allocation;
    /// With StudyConfig::keepYearProblems: the problem of each entry of `allocation` (same
    /// order); its points are the stage's point list of every year, some with 0 children.
    std::vector<core::AllocationProblem> allocationProblems;
};

/// The Monte Carlo's 学位预警 and, with catchment warnings, which school each catchment is.
struct WarningResults {
    core::MonteCarloResult result;
    /// Per catchment cell's WarningCell::town: index into the base-year city's schools.
    std::vector<std::size_t> catchmentSchool;
};

/// How long a step took (the progress lines print these).
struct StepTiming {
    std::string step;
    double seconds = 0.0;
};

struct StudyResults {
    std::string datasetName;       ///< CityData::name
    std::string scenarioName;      ///< "baseline" when the study has no scenario file
    std::string workingCrs;        ///< e.g. EPSG:4546
    bool illustrativeData = false; ///< the embedded dataset (reports say so)
    int baseYear = 0;
    /// The base-year city (dataset, scenario norms, planned housing and interventions dated in
    /// the base year); school indices of the base-year results refer to it.
    std::shared_ptr<const core::CityData> city;
    std::vector<gis::AreaShape> districtShapes; ///< in city.regions order
    std::vector<gis::AreaShape> townShapes;     ///< in city.regions order
    /// Attendance-zone polygons (学区) in force in the base year: the dataset's layer `zones`, or
    /// the polygons of the plan's latest redraw dated by the base year. Empty when the zones are
    /// a school → towns table or the dataset has none.
    std::vector<gis::ZoneShape> zones;
    /// Dataset validation, plan validation (warnings) and computation notes, in that order.
    std::vector<core::Diagnostic> diagnostics;

    core::SeatBalance balance;
    std::vector<core::AreaIndicators> indicators;
    std::vector<core::BalanceResult> coefficients;
    std::vector<core::KindergartenCheck> kindergartens;
    std::vector<core::AreaResources> resources;

    /// With projected years: the projection and one YearResult per year (ascending).
    std::optional<core::ProjectionResult> projection;
    std::vector<YearResult> years;
    std::optional<WarningResults> warnings;
    std::optional<AllocationResults> allocation;

    std::vector<StepTiming> timings;

    /// The YearResult of `year`, or nullptr.
    [[nodiscard]] const YearResult* yearResult(int year) const {
        for (const YearResult& y : years)
            if (y.year == year)
                return &y;
        return nullptr;
    }
};

} // namespace xw::study
