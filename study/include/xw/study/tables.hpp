#pragma once
// The result tables of a study, each with its schema (column key, Chinese and English name, type,
// unit, decimals) written once here: the CSV files, the GeoPackage layers, the exports, the
// viewer's panels and docs/output-columns.md all come from these functions.
#include <xw/core/common/table.hpp>
#include <xw/study/study_results.hpp>

#include <vector>

namespace xw::study {

// ---- Base year (and, with a year column, every projected year) --------------------------------

/// balance_areas: one row per area (city, district, grouping, town) and stage.
[[nodiscard]] core::Table areaBalanceTable(const core::CityData& city, const core::SeatBalance& b);
/// balance_schools: one row per school and stage served.
[[nodiscard]] core::Table schoolBalanceTable(const core::CityData& city,
                                             const core::SeatBalance& b);
/// indicators: one row per area and indicator.
[[nodiscard]] core::Table indicatorTable(const std::vector<core::AreaIndicators>& areas);
/// balance_coefficients: per district and stage (差异系数).
[[nodiscard]] core::Table coefficientTable(const core::CityData& city,
                                           const std::vector<core::BalanceResult>& results);
/// kindergarten_check: per housing project (配套幼儿园).
[[nodiscard]] core::Table kindergartenCheckTable(const core::CityData& city,
                                                 const std::vector<core::KindergartenCheck>& c);
/// resources: teachers, land and floor area per area and stage.
[[nodiscard]] core::Table resourcesTable(const std::vector<core::AreaResources>& rows);
/// allocation_areas: per city, district, town and stage allocated.
[[nodiscard]] core::Table allocationAreaTable(const core::CityData& city,
                                              const std::vector<core::AllocationResult>& results);
/// allocation_schools: per school and stage allocated.
[[nodiscard]] core::Table allocationSchoolTable(const core::CityData& city,
                                                const std::vector<core::AllocationResult>& results);
/// validation: every diagnostic (severity, file, layer, feature, field, message).
[[nodiscard]] core::Table validationTable(const std::vector<core::Diagnostic>& diagnostics);

/// The base-year allocation results of a study, in stage order.
[[nodiscard]] std::vector<core::AllocationResult> baseAllocationResults(const StudyResults& r);

// ---- Every projected year ----------------------------------------------------------------------

/// The tables of every projected year, each the base-year table's columns with `year` in front
/// (indicators also with deadline_year and due): balance_by_year, balance_schools_by_year,
/// indicators_by_year, balance_coefficients_by_year, resources_by_year, and with an allocation
/// allocation_areas_by_year and allocation_schools_by_year. Empty without projected years.
[[nodiscard]] std::vector<core::Table> yearTables(const StudyResults& r);

// ---- Layers for maps and the GeoPackage ---------------------------------------------------------

/// districts and towns: outlines with the base-year balance in wide form (<stage>_demand, _seats,
/// _enrolment, _shortfall, _surplus, _utilisation, _large_classes; districts also
/// _local_shortfall_sum); schools: points with <stage>_classes, _seats, _enrolment,
/// _utilisation, _mean_class_size, _large_classes, _huge_classes (null for stages not served).
[[nodiscard]] core::Table districtLayer(const StudyResults& r);
[[nodiscard]] core::Table townLayer(const StudyResults& r);
[[nodiscard]] core::Table schoolLayer(const StudyResults& r);
/// catchments: per stage and school, the multipolygon of its catchment (AllocationResults).
[[nodiscard]] core::Table catchmentLayer(const StudyResults& r);
/// demand_points: one feature per point × destination of the base-year allocation.
[[nodiscard]] core::Table demandPointLayer(const StudyResults& r);

// ---- Projection and 学位预警
// ---------------------------------------------------------------------

/// projection_population, projection_demand, projection_components (cohort model detail).
[[nodiscard]] std::vector<core::Table> projectionTables(const StudyResults& r);
/// projection_warnings (towns and districts) and, with catchment warnings, projection_catchments.
[[nodiscard]] std::vector<core::Table> warningTables(const StudyResults& r);

} // namespace xw::study
