#pragma once
// Turns a seat balance into terminal tables and CSV tables. Presentation only: every number shown
// comes from core::computeSeatBalance.
#include <xw/core/balance/balance_coefficient.hpp>
#include <xw/core/balance/indicators.hpp>
#include <xw/core/balance/kindergarten_check.hpp>
#include <xw/core/balance/resources.hpp>
#include <xw/core/balance/seat_balance.hpp>

#include <string>
#include <vector>

namespace xw::cli {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// The columns of areaBalanceTable.
[[nodiscard]] std::vector<std::string> areaBalanceHeader();
/// One row per area (city, district, grouping, town) and stage.
[[nodiscard]] CsvTable areaBalanceTable(const core::CityData& city, const core::SeatBalance& b);
/// One row per school and stage served.
[[nodiscard]] CsvTable schoolBalanceTable(const core::CityData& city, const core::SeatBalance& b);

/// The headline: per stage, the city's demand, seats, shortfall and the towns short of seats.
[[nodiscard]] std::string renderHeadline(const core::CityData& city, const core::SeatBalance& b);
/// The table of one stage by district and town.
[[nodiscard]] std::string renderStageTable(const core::CityData& city, const core::SeatBalance& b,
                                           core::Stage stage);

/// Seed indicators: one row per area and indicator.
[[nodiscard]] CsvTable indicatorTable(const std::vector<core::AreaIndicators>& areas);
/// Indicators side by side for the districts and the city, with ✓ / ✗ against the target.
[[nodiscard]] std::string renderIndicators(const std::vector<core::AreaIndicators>& areas);

[[nodiscard]] CsvTable balanceCoefficientTable(const core::CityData& city,
                                               const std::vector<core::BalanceResult>& results);
[[nodiscard]] std::string renderBalanceCoefficients(const core::CityData& city,
                                                    const std::vector<core::BalanceResult>& r);

[[nodiscard]] CsvTable kindergartenCheckTable(const core::CityData& city,
                                              const std::vector<core::KindergartenCheck>& checks);
/// Only the projects that fail, with what is wrong.
[[nodiscard]] std::string renderKindergartenChecks(const core::CityData& city,
                                                   const std::vector<core::KindergartenCheck>& c);

[[nodiscard]] CsvTable resourcesTable(const std::vector<core::AreaResources>& rows);
/// Districts and city: teachers short, and teachers, land and floor for the missing seats.
[[nodiscard]] std::string renderResources(const std::vector<core::AreaResources>& rows);

/// Fixed-point text with `decimals` places ("12.50"); used for all numbers written out.
[[nodiscard]] std::string fixed(double v, int decimals);

} // namespace xw::cli
