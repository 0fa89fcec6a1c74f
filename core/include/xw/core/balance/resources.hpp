#pragma once
// Teachers, land and floor area: what the staffing and area norms (domain.md §5) require for the
// children enrolled and for the seats still missing, against what is on record.
#include <xw/core/balance/seat_balance.hpp>

#include <string>
#include <vector>

namespace xw::core {

struct AreaResources {
    std::string level; ///< "town", "district" or "city"
    std::string code;
    std::string name;
    Stage stage = Stage::Primary;
    double teachersOnRecord = 0.0; ///< full-time teachers, split over a school's stages by pupils
    double teachersForEnrolment = 0.0; ///< enrolment ÷ students per staff
    double teacherGap = 0.0;           ///< teachersForEnrolment − teachersOnRecord when positive
    double missingSeats = 0.0;         ///< the area's local shortfall (see SeatBalance)
    double teachersForMissing = 0.0;   ///< missingSeats ÷ students per staff
    double landForMissingM2 =
        0.0; ///< missingSeats × land per student (central norm in urban towns)
    double floorForMissingM2 = 0.0; ///< missingSeats × floor per student
};

/// Per town, district and city for every stage. Missing seats are the towns' shortfalls for
/// town-catchment stages and the districts' for district-catchment stages; land uses the
/// central-city norm for urban towns (and, for district catchments, the district's share of
/// urban residents is not modelled: the ordinary norm is used).
/// For a projected year pass computeSeatBalanceForYear(city, projection, year): enrolment
/// (teachers needed) and missing seats (teachers, land, floor) then follow the year, while
/// teachers on record stay those of the base-year schools.
[[nodiscard]] std::vector<AreaResources> computeResources(const CityData& city,
                                                          const SeatBalance& balance);

} // namespace xw::core
