#include <xw/core/projection/projection.hpp>

#include "detail/projection_engine.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace xw::core {

LifeTable LifeTable::guangdong2020(int maxAge) {
    // [A] see docs/projection.md: infant mortality q0 = 3 ‰, half of it before the first count.
    constexpr double kInfantMortality = 0.003;
    LifeTable lt;
    lt.newbornSurvival = 1.0 - 0.5 * kInfantMortality;
    lt.survivalByAge.resize(static_cast<std::size_t>(std::max(maxAge, 0)) + 1);
    for (std::size_t a = 0; a < lt.survivalByAge.size(); ++a) {
        if (a == 0) {
            lt.survivalByAge[a] = 1.0 - 0.5 * kInfantMortality;
            continue;
        }
        const auto x = static_cast<double>(a);
        const double q = 6e-4 * std::exp(-0.7 * x) + 1.2e-4 + 2e-5 * std::exp(0.095 * x);
        lt.survivalByAge[a] = 1.0 - std::min(q, 1.0);
    }
    return lt;
}

std::vector<double> defaultMoverAgeShare(int maxAge) {
    std::vector<double> share(static_cast<std::size_t>(std::max(maxAge, 0) + 1), 0.0);
    for (std::size_t a = 0; a < share.size(); ++a) {
        if (a <= 5)
            share[a] = 0.015;
        else if (a <= 11)
            share[a] = 0.014;
        else if (a <= 14)
            share[a] = 0.012;
        else if (a <= 18)
            share[a] = 0.010;
    }
    return share;
}

double ProjectionResult::personsAt(int year, std::size_t town, int age, PopCategory c) const {
    if (year < firstYear || year > lastYear || town >= townCodes.size() || age < 0 || age > maxAge)
        return 0.0;
    const auto y = static_cast<std::size_t>(year - firstYear);
    const auto ages = static_cast<std::size_t>(maxAge) + 1;
    return persons[((y * townCodes.size() + town) * ages + static_cast<std::size_t>(age)) * 2 +
                   static_cast<std::size_t>(c)];
}

namespace {

const std::vector<double>& demandOf(const ProjectionResult& r, DemandKind kind) {
    switch (kind) {
    case DemandKind::Raw:
        return r.demandRaw;
    case DemandKind::Migrant:
        return r.demandMigrant;
    case DemandKind::Calibrated:
        break;
    }
    return r.demandCalibrated;
}

} // namespace

double ProjectionResult::demandAt(int year, std::size_t town, Stage s, int grade,
                                  DemandKind kind) const {
    if (year < firstYear || year > lastYear || town >= townCodes.size())
        return 0.0;
    const auto y = static_cast<std::size_t>(year - firstYear);
    const std::vector<double>& d = demandOf(*this, kind);
    for (std::size_t k = 0; k < grades.size(); ++k)
        if (grades[k].stage == s && grades[k].grade == grade)
            return d[(y * townCodes.size() + town) * grades.size() + k];
    return 0.0;
}

double ProjectionResult::stageDemand(int year, std::size_t town, Stage s, DemandKind kind) const {
    if (year < firstYear || year > lastYear || town >= townCodes.size())
        return 0.0;
    const auto y = static_cast<std::size_t>(year - firstYear);
    const std::vector<double>& d = demandOf(*this, kind);
    double sum = 0.0;
    for (std::size_t k = 0; k < grades.size(); ++k)
        if (grades[k].stage == s)
            sum += d[(y * townCodes.size() + town) * grades.size() + k];
    return sum;
}

ProjectionResult project(const CityData& city, const ProjectionConfig& config) {
    ProjectionResult out;
    detail::ProblemLog problems("projection", out.errors, out.warnings);
    detail::ProjectionEngine engine;
    if (!engine.prepare(city, config, problems))
        return out;
    detail::Workspace ws;
    engine.allocate(ws, true);
    engine.run(detail::Perturbation{}, ws, true);

    out.firstYear = engine.firstYear;
    out.lastYear = engine.lastYear;
    out.maxAge = engine.ages - 1;
    out.townCodes = engine.townCodes;
    out.cityBirths = engine.cityBirths;
    out.calibration = engine.calibration;
    for (const detail::GradeSlot& s : engine.m_slots)
        out.grades.push_back({s.stage, s.grade, s.age});
    const auto nYears = static_cast<std::size_t>(engine.years);
    const std::size_t towns = engine.towns;
    const std::size_t slots = engine.m_slots.size();
    const auto cells = static_cast<std::size_t>(engine.ages) * 2 * towns; // one year's table
    out.persons.resize(nYears * cells);
    out.demandRaw.resize(nYears * towns * slots);
    out.demandMigrant.resize(nYears * towns * slots);
    out.demandCalibrated.resize(nYears * towns * slots);
    out.components.reserve(nYears * towns * kCategoryCount);
    for (std::size_t y = 0; y < nYears; ++y) {
        const int year = engine.firstYear + static_cast<int>(y);
        const Eigen::ArrayXXd& p = ws.persons[y];
        // Eigen stores ages × columns column-major, i.e. town, category, then age fastest; the
        // result wants town, age, then category fastest.
        double* dst = &out.persons[y * cells];
        for (std::size_t t = 0; t < towns; ++t)
            for (int a = 0; a < engine.ages; ++a)
                for (std::size_t c = 0; c < 2; ++c)
                    *dst++ = p(a, static_cast<Eigen::Index>(2 * t + c));
        for (std::size_t t = 0; t < towns; ++t) {
            if (y > 0) {
                const detail::Components& k = ws.components[y];
                for (int c = 0; c < kCategoryCount; ++c) {
                    const auto j = static_cast<Eigen::Index>(2 * t + c);
                    out.components.push_back({year, t, static_cast<PopCategory>(c),
                                              ws.persons[y - 1].col(j).sum(), k.births(j),
                                              k.deaths(j), k.agedOut(j), k.migration(j),
                                              k.housing(j), p.col(j).sum()});
                }
            }
            const std::size_t base = (y * towns + t) * slots;
            for (std::size_t s = 0; s < slots; ++s) {
                const double raw = engine.rawDemand(p, t, s);
                out.demandRaw[base + s] = raw;
                out.demandMigrant[base + s] = engine.migrantDemand(p, t, s);
                out.demandCalibrated[base + s] = raw * engine.factor(t, s);
            }
        }
    }
    return out;
}

} // namespace xw::core
