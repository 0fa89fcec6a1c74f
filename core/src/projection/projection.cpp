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
    lt.survivalByAge.resize(static_cast<std::size_t>(std::max(maxAge, 0) + 1));
    for (std::size_t a = 0; a < lt.survivalByAge.size(); ++a) {
        if (a == 0) {
            lt.survivalByAge[a] = 1.0 - 0.5 * kInfantMortality;
            continue;
        }
        const double x = static_cast<double>(a);
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

Eigen::MatrixXd shiftMatrix(const std::vector<double>& survival, bool openTop) {
    const auto n = static_cast<Eigen::Index>(survival.size());
    Eigen::MatrixXd l = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index a = 0; a + 1 < n; ++a)
        l(a + 1, a) = survival[static_cast<std::size_t>(a)];
    if (openTop && n > 0)
        l(n - 1, n - 1) = survival.back();
    return l;
}

double ProjectionResult::personsAt(int year, std::size_t town, int age, PopCategory c) const {
    if (year < firstYear || year > lastYear || town >= townCodes.size() || age < 0 || age > maxAge)
        return 0.0;
    const auto y = static_cast<std::size_t>(year - firstYear);
    const auto ages = static_cast<std::size_t>(maxAge + 1);
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
    detail::ProjectionEngine engine;
    if (!engine.prepare(city, config, out.errors, out.warnings))
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

std::vector<ObservedEnrolment> observedEnrolment(const CityData& city) {
    std::map<std::tuple<std::string, int, int>, double> sums;
    for (const School& school : city.schools)
        for (const StageProvision& sp : school.stages)
            for (const GradeRecord& g : sp.grades)
                sums[{school.townCode, stageIndex(sp.stage), g.grade}] += g.students;
    std::vector<ObservedEnrolment> out;
    out.reserve(sums.size());
    for (const auto& [key, students] : sums)
        out.push_back({city.baseYear, std::get<0>(key), static_cast<Stage>(std::get<1>(key)),
                       std::get<2>(key), students});
    return out;
}

BackTestResult backTest(const CityData& earlier, const ProjectionConfig& config,
                        const std::vector<ObservedEnrolment>& observed) {
    BackTestResult out;
    ProjectionConfig cfg = config;
    for (const ObservedEnrolment& o : observed)
        cfg.horizonYear = std::max(cfg.horizonYear, o.year);
    detail::ProjectionEngine engine;
    if (!engine.prepare(earlier, cfg, out.errors, out.warnings))
        return out;
    detail::Workspace ws;
    engine.allocate(ws, false);
    engine.run(detail::Perturbation{}, ws, false);

    std::map<std::string, std::size_t> townOf;
    for (std::size_t t = 0; t < engine.towns; ++t)
        townOf[engine.townCodes[t]] = t;

    // Stages recruited county-wide are compared per district: their pupils live in one town and
    // go to school in another, so town rows would measure commuting, not the projection.
    auto countyWide = [&](Stage s) {
        return earlier.norms[s].catchment == CatchmentLevel::District;
    };
    auto districtOfTown = [&](const std::string& townCode) -> std::string {
        const auto ti = earlier.regions.townIndex(townCode);
        return ti ? earlier.regions.towns[*ti].districtCode : std::string();
    };
    std::vector<ObservedEnrolment> compared;
    std::map<std::tuple<int, std::string, int, int>, std::size_t> districtRow;
    for (const ObservedEnrolment& o : observed) {
        if (!countyWide(o.stage) || !townOf.count(o.townCode)) {
            compared.push_back(o);
            continue;
        }
        ObservedEnrolment d = o;
        d.townCode = districtOfTown(o.townCode);
        const auto key = std::make_tuple(o.year, d.townCode, stageIndex(o.stage), o.grade);
        const auto it = districtRow.find(key);
        if (it == districtRow.end()) {
            districtRow[key] = compared.size();
            compared.push_back(d);
        } else {
            compared[it->second].students += o.students;
        }
    }
    // Towns of each district, for the projected side of district rows.
    std::map<std::string, std::vector<std::size_t>> townsOfDistrict;
    for (std::size_t t = 0; t < engine.towns; ++t)
        townsOfDistrict[districtOfTown(engine.townCodes[t])].push_back(t);

    std::array<BackTestStageSummary, kStageCount> sums;
    std::array<int, kStageCount> percentRows{};
    for (const ObservedEnrolment& o : compared) {
        std::vector<std::size_t> towns;
        if (countyWide(o.stage) && townsOfDistrict.count(o.townCode))
            towns = townsOfDistrict.at(o.townCode);
        else if (const auto it = townOf.find(o.townCode); it != townOf.end())
            towns = {it->second};
        if (towns.empty() || o.year < engine.firstYear) {
            out.warnings.push_back("无法比较的观测值 / observed enrolment of town '" + o.townCode +
                                   "' in " + std::to_string(o.year) +
                                   " is outside the projection (unknown town or year before " +
                                   std::to_string(engine.firstYear) + ")");
            continue;
        }
        const Eigen::ArrayXXd& p = ws.persons[static_cast<std::size_t>(o.year - engine.firstYear)];
        BackTestRow row;
        row.observed = o;
        row.yearsAhead = o.year - engine.firstYear;
        bool any = false;
        for (std::size_t s = 0; s < engine.m_slots.size(); ++s) {
            const detail::GradeSlot& slot = engine.m_slots[s];
            if (slot.stage != o.stage || (o.grade != 0 && slot.grade != o.grade))
                continue;
            for (std::size_t t : towns) {
                const double raw = engine.rawDemand(p, t, s);
                row.projectedRaw += raw;
                row.projectedCalibrated += raw * engine.factor(t, s);
            }
            any = true;
        }
        if (!any) {
            out.warnings.push_back("观测年级不在预测范围 / observed " +
                                   detail::stageLabel(o.stage) + " grade " +
                                   std::to_string(o.grade) + " is not projected");
            continue;
        }
        row.error = row.projectedCalibrated - o.students;
        BackTestStageSummary& sum = sums[stageIndex(o.stage)];
        ++sum.rows;
        sum.meanAbsoluteError += std::abs(row.error);
        if (o.students > 0.0) {
            sum.meanAbsolutePercentError += 100.0 * std::abs(row.error) / o.students;
            ++percentRows[stageIndex(o.stage)];
        }
        sum.totalObserved += o.students;
        sum.totalProjected += row.projectedCalibrated;
        out.rows.push_back(row);
    }
    for (Stage s : kAllStages) {
        BackTestStageSummary sum = sums[stageIndex(s)];
        if (sum.rows == 0)
            continue;
        sum.stage = s;
        sum.meanAbsoluteError /= sum.rows;
        const int pr = percentRows[stageIndex(s)];
        sum.meanAbsolutePercentError = pr > 0 ? sum.meanAbsolutePercentError / pr : 0.0;
        out.stages.push_back(sum);
    }
    return out;
}

} // namespace xw::core
