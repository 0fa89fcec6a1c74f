#pragma once
// Turns a seat balance into terminal tables and CSV tables. Presentation only: every number shown
// comes from core::computeSeatBalance.
#include <xw/core/seat_balance.hpp>

#include <string>
#include <vector>

namespace xw::cli {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// One row per area (city, district, grouping, town) and stage.
[[nodiscard]] CsvTable areaBalanceTable(const core::CityData& city, const core::SeatBalance& b);
/// One row per school and stage served.
[[nodiscard]] CsvTable schoolBalanceTable(const core::CityData& city, const core::SeatBalance& b);

/// The headline: per stage, the city's demand, seats, shortfall and the towns short of seats.
[[nodiscard]] std::string renderHeadline(const core::CityData& city, const core::SeatBalance& b);
/// The table of one stage by district and town.
[[nodiscard]] std::string renderStageTable(const core::CityData& city, const core::SeatBalance& b,
                                           core::Stage stage);

/// Fixed-point text with `decimals` places ("12.50"); used for all numbers written out.
[[nodiscard]] std::string fixed(double v, int decimals);

} // namespace xw::cli
