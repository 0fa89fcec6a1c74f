#pragma once
// Base-year seat balance: seats (classes × standard class size) against enrolment per school, and
// against resident demand (cohort × target rate) per town, district, grouping and city.
#include <xw/core/balance/seats.hpp>
#include <xw/core/model/city.hpp>
#include <xw/core/projection/projection.hpp>

#include <optional>
#include <string>
#include <vector>

namespace xw::core {

/// One stage of one school.
struct SchoolStageBalance {
    std::size_t schoolIndex = 0; ///< index into CityData::schools
    Stage stage = Stage::Primary;
    std::int64_t classes = 0;
    Seats seats = 0; ///< stageSeats: Σ classes × standard class size of the grade
    std::int64_t enrolment = 0;
    /// enrolment ÷ seats; nullopt (n/a) when there are no seats.
    std::optional<double> utilisation;
    /// enrolment ÷ classes; nullopt when there are no classes.
    std::optional<double> meanClassSize;
    /// Classes with ≥ largeClassMin pupils (大班额, huge ones included), countLargeClasses.
    std::int64_t largeClasses = 0;
    std::int64_t hugeClasses = 0; ///< classes with ≥ hugeClassMin pupils (超大班额)
    bool classesReported = false; ///< some grade's large/huge counts came from the data
};

/// Demand against supply in one area (town, district, grouping or city) for one stage.
struct AreaStageBalance {
    std::string code; ///< town or district code; grouping name; city code
    std::string name;
    Stage stage = Stage::Primary;
    double residentsInBand = 0.0; ///< residents of the stage's official age band
    /// Children expected to need a place: residentsInBand × target rate, in whole children per
    /// town (wholeChildren), and the sum of its towns' for larger areas — the same figure the
    /// allocation places (core::splitDemand), so every output counts one demand.
    double demand = 0.0;
    Seats seats = 0;            ///< seats of schools located in the area
    std::int64_t enrolment = 0; ///< children enrolled in schools located in the area
    std::int64_t classes = 0;
    std::int64_t largeClasses = 0;
    std::int64_t hugeClasses = 0;
    /// The seat shortfall (学位缺口): demand − seats when positive, else 0.
    double shortfall = 0.0;
    /// seats − demand when positive, else 0.
    double surplus = 0.0;
    /// The seats missing when no child crosses the boundary of the stage's catchment unit
    /// (StageNorms::catchment): for a town-catchment stage, the sum of the area's towns'
    /// shortfalls; for a district-catchment stage, the sum of its districts' shortfalls (a
    /// district's or grouping's own shortfall). Equal to `shortfall` for a town.
    double localShortfallSum = 0.0;
    /// enrolment ÷ seats; nullopt (n/a) when there are no seats.
    std::optional<double> utilisation;
};

struct SeatBalance {
    int year = 0;
    std::vector<SchoolStageBalance> schools; ///< per school, per stage served, in school order
    std::vector<AreaStageBalance> towns;     ///< per town × stage, town-major in region order
    std::vector<AreaStageBalance> districts; ///< per district × stage
    std::vector<AreaStageBalance> groupings; ///< per grouping × stage
    std::vector<AreaStageBalance> city;      ///< per stage
};

/// Computes the base-year balance. Schools whose town is unknown count in the city row only.
[[nodiscard]] SeatBalance computeSeatBalance(const CityData& city);

/// The balance of a projected year: per town, residents of the stage's age band and demand
/// (residents × target rate, DemandKind::Raw) from `projection`, seats from `townSeats(city, year,
/// added)` (base-year schools plus kindergartens of new housing delivered by then plus `added`),
/// and as `enrolment` the expected enrolment (DemandKind::Calibrated, rounded). Classes are the
/// base-year schools'. Per-school rows and large/huge classes come from projectedCity (each
/// school's base-year students per grade × the growth of its catchment unit's expected
/// enrolment, split evenly over its existing classes; reported counts only in the base year);
/// without CityData::baseYear in the projection there are no school rows and large classes are 0.
/// A town's `enrolment` is its rounded expected enrolment, so it can differ from the sum of its
/// schools' rows by rounding. Districts, groupings and the city aggregate as in
/// computeSeatBalance. `year` must lie in the projection. `projected`, when given, must be
/// projectedCity(city, projection, year) (a caller that needs it for other figures of the year
/// passes it instead of having it built again; not checked).
[[nodiscard]] SeatBalance computeSeatBalanceForYear(const CityData& city,
                                                    const ProjectionResult& projection, int year,
                                                    const std::vector<AddedSeats>& added = {},
                                                    const CityData* projected = nullptr);

} // namespace xw::core
