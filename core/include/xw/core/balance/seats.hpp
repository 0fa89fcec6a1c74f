#pragma once
// The one home of the seat rules (学位): a school stage's seats, the norm's mean class size, the
// large-class (大班额/超大班额) count, and the seats per town in a year. Every computation that
// needs one of them calls these; norms from domain.md §2 (docs/norms.md).
#include <xw/core/model/city.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace xw::core {

/// Seats and other counts of children or classes: 64-bit, so no product of counts overflows.
using Seats = std::int64_t;

/// Expected children as whole children: max(0, d) rounded half away from zero (std::llround), the
/// rule of core::splitDemand. Demand counts children, so every output shows whole ones.
[[nodiscard]] double wholeChildren(double expected);

/// Seats of one stage of a school: Σ over its grades of classes × the grade's standard class size
/// (StageNorms::classSize). A grade with 0 classes has 0 seats, whatever its pupils.
[[nodiscard]] Seats stageSeats(const StageProvision& provision, const StageNorms& norms);

/// Seats of one class in every grade of the stage: Σ over grades 1..StageNorms::grades of the
/// grade's class size (kindergarten 25 + 30 + 35 = 90) — what a school gains per class per grade.
[[nodiscard]] Seats classRowSeats(const StageNorms& norms);

/// Classes and seats of a change grade by grade: deltas[g] classes in grade g + 1 (negative for a
/// reduction), each at its grade's class size as stageSeats counts seats.
struct GradeDeltaSeats {
    std::int64_t classes = 0;      ///< Σ deltas
    std::int64_t classesAdded = 0; ///< Σ of the positive deltas
    Seats net = 0;                 ///< Σ deltas × class size
    Seats added = 0;               ///< Σ of the positive deltas × class size
};
[[nodiscard]] GradeDeltaSeats gradeDeltaSeats(const std::vector<int>& deltas,
                                              const StageNorms& norms);

/// The norm's mean class size over the stage's grades (kindergarten 25/30/35 → 30, the "mixed"
/// class of domain.md §2): the size used where classes have no grade (planned classes, a
/// 配套幼儿园's mixed-age classes, the standard size of a school without classes).
[[nodiscard]] double meanNormClassSize(const StageNorms& norms);

/// Classes of a grade at or above `minSize` pupils when `students` are split as evenly as possible
/// over `classes` (sizes differ by at most one). 0 when classes or students is 0.
[[nodiscard]] std::int64_t classesAtLeast(std::int64_t classes, std::int64_t students,
                                          std::int64_t minSize);

/// Large (≥ Norms::largeClassMin, 大班额, huge ones included) and huge (≥ hugeClassMin, 超大班额)
/// classes of one school stage: per grade, the count the data reports for that grade
/// (GradeRecord::reportedLargeClasses / reportedHugeClasses) or else the even split of its pupils
/// over its classes. A grade that reports only one of the two counts uses the even split for the
/// other.
struct LargeClassCount {
    std::int64_t large = 0;
    std::int64_t huge = 0;
    bool anyReported = false; ///< at least one grade reported a count
};
[[nodiscard]] LargeClassCount countLargeClasses(const StageProvision& provision,
                                                const Norms& norms);

/// Classes of a kindergarten with `classes` mixed-age classes spread over the grades: grade g
/// (1-based) gets ⌊classes / grades⌋, and the first classes mod grades grades one more.
[[nodiscard]] std::vector<int> spreadOverGrades(int classes, int grades);

/// Seats of a housing project's planned 配套幼儿园: its classes spread over the kindergarten grades
/// (spreadOverGrades) × each grade's standard class size — the seats it has once it opens as a
/// school (so the balance and the allocation count it alike).
[[nodiscard]] Seats plannedKindergartenSeats(const PlannedKindergarten& kindergarten,
                                             const StageNorms& kindergartenNorms);

/// Seats added (or, when negative, removed) in a town and stage from a year on.
struct AddedSeats {
    std::string townCode;
    Stage stage = Stage::Primary;
    int fromYear = 0;
    double seats = 0.0; ///< change from fromYear on; negative for closures and reductions
};

/// Seats per town (CityData::regions.towns order) × stage in `year`: the stageSeats of the
/// schools in the town; plus the planned kindergartens of housing delivered after the base year
/// and by `year` (plannedKindergartenSeats) whose kindergarten is not yet a school of the dataset
/// (PlannedKindergarten::schoolId empty; those delivered by the base year are taken to be among
/// the schools already); plus `added` seats from their year.
[[nodiscard]] std::vector<std::array<double, kStageCount>>
townSeats(const CityData& city, int year, const std::vector<AddedSeats>& added = {});

} // namespace xw::core
