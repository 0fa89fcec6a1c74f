#include <xw/core/projection/projected_city.hpp>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

namespace xw::core {
namespace {

/// Expected enrolment of a catchment unit (a town, or all towns of a district) for one grade.
double unitDemand(const ProjectionResult& p, const std::vector<std::size_t>& towns, int year,
                  Stage stage, int grade) {
    double sum = 0.0;
    for (const std::size_t t : towns)
        sum += p.demandAt(year, t, stage, grade, DemandKind::Calibrated);
    return sum;
}

int scaled(int students, double factor) {
    return static_cast<int>(std::llround(static_cast<double>(students) * factor));
}

} // namespace

CityData projectedCity(const CityData& city, const ProjectionResult& projection, int year) {
    if (!projection.ok())
        throw std::invalid_argument("projectedCity: 预测未完成 / the projection failed");
    const auto inRange = [&](int y) {
        return y >= projection.firstYear && y <= projection.lastYear;
    };
    if (!inRange(year) || !inRange(city.baseYear))
        throw std::invalid_argument("projectedCity: 年份 " + std::to_string(year) + " 或基准年 " +
                                    std::to_string(city.baseYear) +
                                    " 不在预测期 / year or base year outside the " + "projection " +
                                    std::to_string(projection.firstYear) + "–" +
                                    std::to_string(projection.lastYear));
    CityData out = city;
    out.baseYear = year;
    const Regions& regions = city.regions;
    const RegionIndex index(regions);

    // Projection town index of every region town (the projection orders towns as the regions
    // do, but look the codes up rather than rely on it).
    std::vector<std::optional<std::size_t>> projTown(regions.towns.size());
    for (std::size_t t = 0; t < regions.towns.size(); ++t)
        for (std::size_t k = 0; k < projection.townCodes.size(); ++k)
            if (projection.townCodes[k] == regions.towns[t].code)
                projTown[t] = k;

    // Residents of the year.
    out.population.year = year;
    out.population.towns.clear();
    for (std::size_t k = 0; k < projection.townCodes.size(); ++k) {
        TownPopulation tp;
        tp.townCode = projection.townCodes[k];
        tp.persons.resize(static_cast<std::size_t>(projection.maxAge) + 1);
        for (int a = 0; a <= projection.maxAge; ++a)
            tp.persons[static_cast<std::size_t>(a)] = {
                projection.personsAt(year, k, a, PopCategory::Registered),
                projection.personsAt(year, k, a, PopCategory::Migrant)};
        out.population.towns.push_back(std::move(tp));
    }

    // Schools: records × growth of the unit's expected enrolment per grade.
    for (School& school : out.schools) {
        const auto town = index.townIndex(school.townCode);
        if (!town || !projTown[*town])
            continue; // no unit to take a growth from: as on record
        for (StageProvision& p : school.stages) {
            std::vector<std::size_t> unit;
            const auto district = index.districtOfTown(*town);
            if (city.norms[p.stage].catchment == CatchmentLevel::District && district) {
                for (const std::size_t t : index.townsOfDistrict(*district))
                    if (projTown[t])
                        unit.push_back(*projTown[t]);
            } else {
                unit.push_back(*projTown[*town]);
            }
            double baseAll = 0.0;
            double yearAll = 0.0;
            for (GradeRecord& g : p.grades) {
                const double base = unitDemand(projection, unit, city.baseYear, p.stage, g.grade);
                const double now = unitDemand(projection, unit, year, p.stage, g.grade);
                baseAll += base;
                yearAll += now;
                if (!(base > 0.0))
                    continue;
                const double factor = now / base; // exactly 1 in the base year
                g.students = scaled(g.students, factor);
                g.migrantStudents = scaled(g.migrantStudents, factor);
            }
            if (baseAll > 0.0)
                p.disabledStudents = scaled(p.disabledStudents, yearAll / baseAll);
            if (year != city.baseYear)
                for (GradeRecord& g : p.grades) {
                    // Reported counts describe the base year's classes only.
                    g.reportedLargeClasses.reset();
                    g.reportedHugeClasses.reset();
                }
        }
    }
    return out;
}

} // namespace xw::core
