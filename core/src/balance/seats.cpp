#include <xw/core/balance/seats.hpp>

#include <algorithm>
#include <cmath>

namespace xw::core {

double wholeChildren(double expected) {
    return static_cast<double>(std::llround(std::max(0.0, expected)));
}

Seats stageSeats(const StageProvision& provision, const StageNorms& norms) {
    Seats seats = 0;
    for (const GradeRecord& g : provision.grades)
        seats += static_cast<Seats>(g.classes) * norms.classSize(g.grade);
    return seats;
}

Seats classRowSeats(const StageNorms& norms) {
    Seats seats = 0;
    for (int g = 1; g <= norms.grades; ++g)
        seats += norms.classSize(g);
    return seats;
}

GradeDeltaSeats gradeDeltaSeats(const std::vector<int>& deltas, const StageNorms& norms) {
    GradeDeltaSeats out;
    for (std::size_t g = 0; g < deltas.size(); ++g) {
        const Seats seats =
            static_cast<Seats>(deltas[g]) * norms.classSize(static_cast<int>(g) + 1);
        out.classes += deltas[g];
        out.net += seats;
        if (deltas[g] > 0) {
            out.classesAdded += deltas[g];
            out.added += seats;
        }
    }
    return out;
}

double meanNormClassSize(const StageNorms& norms) {
    if (norms.grades <= 0)
        return norms.classSize(1);
    double sum = 0.0;
    for (int g = 1; g <= norms.grades; ++g)
        sum += norms.classSize(g);
    return sum / norms.grades;
}

std::int64_t classesAtLeast(std::int64_t classes, std::int64_t students, std::int64_t minSize) {
    if (classes <= 0 || students <= 0)
        return 0;
    // Even split: `rem` classes of q+1 pupils and classes-rem of q.
    const std::int64_t q = students / classes;
    const std::int64_t rem = students % classes;
    if (q >= minSize)
        return classes;
    if (q + 1 >= minSize)
        return rem;
    return 0;
}

LargeClassCount countLargeClasses(const StageProvision& provision, const Norms& norms) {
    LargeClassCount c;
    for (const GradeRecord& g : provision.grades) {
        if (g.reportedLargeClasses || g.reportedHugeClasses)
            c.anyReported = true;
        c.large += g.reportedLargeClasses
                       ? *g.reportedLargeClasses
                       : classesAtLeast(g.classes, g.students, norms.largeClassMin);
        c.huge += g.reportedHugeClasses ? *g.reportedHugeClasses
                                        : classesAtLeast(g.classes, g.students, norms.hugeClassMin);
    }
    return c;
}

std::vector<int> spreadOverGrades(int classes, int grades) {
    if (grades <= 0)
        return {};
    std::vector<int> out(static_cast<std::size_t>(grades), std::max(classes, 0) / grades);
    for (int g = 0; g < std::max(classes, 0) % grades; ++g)
        ++out[static_cast<std::size_t>(g)];
    return out;
}

Seats plannedKindergartenSeats(const PlannedKindergarten& kindergarten,
                               const StageNorms& kindergartenNorms) {
    const std::vector<int> perGrade =
        spreadOverGrades(kindergarten.classes, std::max(kindergartenNorms.grades, 1));
    Seats seats = 0;
    for (std::size_t g = 0; g < perGrade.size(); ++g)
        seats +=
            static_cast<Seats>(perGrade[g]) * kindergartenNorms.classSize(static_cast<int>(g) + 1);
    return seats;
}

std::vector<std::array<double, kStageCount>> townSeats(const CityData& city, int year,
                                                       const std::vector<AddedSeats>& added) {
    std::vector<std::array<double, kStageCount>> seats(city.regions.towns.size());
    for (auto& s : seats)
        s.fill(0.0);
    const RegionIndex index(city.regions);
    for (const School& school : city.schools) {
        const auto ti = index.townIndex(school.townCode);
        if (!ti)
            continue;
        for (const StageProvision& sp : school.stages)
            seats[*ti][stageIndex(sp.stage)] +=
                static_cast<double>(stageSeats(sp, city.norms[sp.stage]));
    }
    const StageNorms& kg = city.norms[Stage::Kindergarten];
    for (const HousingProject& hp : city.housing) {
        const auto ti = index.townIndex(hp.townCode);
        // A kindergarten delivered by the base year is already among the dataset's schools, and
        // one that opened as a school (schoolId) is counted with the schools.
        if (!ti || hp.kindergarten.classes <= 0 || !hp.kindergarten.deliveryYear ||
            !hp.kindergarten.schoolId.empty() || *hp.kindergarten.deliveryYear <= city.baseYear ||
            *hp.kindergarten.deliveryYear > year)
            continue;
        seats[*ti][stageIndex(Stage::Kindergarten)] +=
            static_cast<double>(plannedKindergartenSeats(hp.kindergarten, kg));
    }
    for (const AddedSeats& a : added) {
        const auto ti = index.townIndex(a.townCode);
        if (ti && a.fromYear <= year)
            seats[*ti][stageIndex(a.stage)] += a.seats;
    }
    return seats;
}

} // namespace xw::core
