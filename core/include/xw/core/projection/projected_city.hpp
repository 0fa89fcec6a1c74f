#pragma once
// The city as it would look in a projected year, for the base-year computations (indicators,
// balance coefficients, per-school class sizes) to run unchanged on a projected year: one code
// path for the base year and every projected year.
//
// What changes with the year and what stays as on record (docs/projection.md, "Results per
// year"):
//   changes  residents by town, age and category (the projection's persons);
//            every school's students per grade, 随迁 students and disabled students: the base-year
//            record × the growth of expected enrolment (DemandKind::Calibrated) of the school's
//            catchment unit (its town, or its district for stages recruited county-wide,
//            StageNorms::catchment) and grade since CityData::baseYear;
//            large/huge classes: reported counts hold in the base year only; in other years the
//            projected students are split evenly over the existing classes.
//   on record schools, their classes, ownership, flags (标准化, 优质, 普惠, …), teachers and their
//            qualifications, site and floor area; regions; norms; housing; births.
#include <xw/core/model/city.hpp>
#include <xw/core/projection/projection.hpp>

namespace xw::core {

/// A copy of `city` for `year`: baseYear = year, population = the projection's residents of the
/// year, schools' grade records scaled as described above. For a grade whose unit had no expected
/// enrolment in the base year the record is kept as it is (there is no growth to apply), as it is
/// for a school in no known town. Students are rounded to whole pupils (half away from zero); in
/// the base year the factor is exactly 1, so the records come back unchanged.
/// \throws std::invalid_argument when `year` or city.baseYear lies outside the projection, or the
/// projection failed.
[[nodiscard]] CityData projectedCity(const CityData& city, const ProjectionResult& projection,
                                     int year);

} // namespace xw::core
