#pragma once
// The cities and settings of the projection tests: an empty city to fill by hand, a projection
// without deaths, a busy city with births, housing and migration, schools with pupils by grade;
// and readers of a result that fail the test when asked for a year, age or grade it lacks.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/projection/projection.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xw::core::test {

/// A city "C" with one district "D" and `towns` towns T0, T1, … whose population (ages
/// 0..maxAge, both categories) is all zero, base year 2020, and no births.
inline CityData emptyCity(int towns, int maxAge) {
    CityData city;
    city.name = "test";
    city.baseYear = 2020;
    city.regions.cityCode = "C";
    city.regions.districts.push_back({"D", "district"});
    city.population.year = 2020;
    for (int t = 0; t < towns; ++t) {
        const std::string code = "T" + std::to_string(t);
        city.regions.towns.push_back({code, code, "D", t == 0, 10.0});
        TownPopulation tp;
        tp.townCode = code;
        tp.persons.assign(static_cast<std::size_t>(maxAge) + 1, {0.0, 0.0});
        city.population.towns.push_back(tp);
    }
    BirthsSeries b;
    b.areaCode = "C";
    b.byYear = {{2020, 0.0}, {2021, 0.0}};
    city.births.push_back(b);
    return city;
}

/// Survival 1 at every age, no newborn deaths: people only move, age and are born.
inline ProjectionConfig noDeaths(int horizon) {
    ProjectionConfig cfg;
    cfg.horizonYear = horizon;
    cfg.calibrate = false;
    cfg.assumptions.lifeTable.survivalByAge = {1.0};
    cfg.assumptions.lifeTable.newbornSurvival = 1.0;
    return cfg;
}

inline double persons(const ProjectionResult& r, int year, std::size_t town, int age,
                      PopCategory c) {
    EXPECT_TRUE(year >= r.firstYear && year <= r.lastYear && age <= r.maxAge);
    return r.personsAt(year, town, age, c);
}

inline double demand(const ProjectionResult& r, int year, std::size_t town, Stage s, int grade,
                     bool calibrated = false) {
    bool found = false;
    for (const GradeCohort& g : r.grades)
        found = found || (g.stage == s && g.grade == grade);
    EXPECT_TRUE(found) << "no demand for " << stageCode(s) << " grade " << grade;
    return r.demandAt(year, town, s, grade, calibrated ? DemandKind::Calibrated : DemandKind::Raw);
}

/// The first diagnostic whose message contains `part`; null when none does.
inline const Diagnostic* withMessage(const std::vector<Diagnostic>& ds, const std::string& part) {
    for (const Diagnostic& d : ds)
        if (d.message.find(part) != std::string::npos)
            return &d;
    return nullptr;
}

inline bool anyContains(const std::vector<Diagnostic>& ds, const std::string& part) {
    return withMessage(ds, part) != nullptr;
}

inline CityData busyCity() {
    CityData city = emptyCity(3, 18);
    for (int t = 0; t < 3; ++t)
        for (int a = 0; a <= 18; ++a) {
            city.population.towns[t].persons[a][0] = 100.0 + 7.0 * a + 13.0 * t;
            city.population.towns[t].persons[a][1] = 20.0 + 3.0 * a + 5.0 * t;
        }
    city.births[0].byYear = {{2019, 1200.0}, {2021, 1100.0}, {2023, 1000.0}};
    for (int i = 0; i < 4; ++i) {
        HousingProject hp;
        hp.id = "H" + std::to_string(i);
        hp.townCode = "T" + std::to_string(i % 3);
        hp.dwellings = 500 + 100 * i;
        hp.completionYear = 2021 + i;
        city.housing.push_back(hp);
    }
    return city;
}

inline ProjectionConfig busyConfig() {
    ProjectionConfig cfg;
    cfg.horizonYear = 2035;
    cfg.calibrate = false;
    cfg.assumptions.migration.netRatePerYearByAge[0] = {-0.01};
    cfg.assumptions.migration.netRatePerYearByAge[1] = {0.02};
    TownMigration tm;
    tm.townCode = "T2";
    tm.netRatePerYearByAge[0] = std::vector<double>(19, -0.03);
    tm.migrantInflowPersonsPerYear = 50.0;
    cfg.assumptions.migration.towns.push_back(tm);
    cfg.assumptions.housing.migrantShare = 0.2;
    return cfg;
}

inline School primarySchool(const std::string& town, std::vector<int> studentsByGrade) {
    School s;
    s.id = "S" + town;
    s.townCode = town;
    StageProvision p;
    p.stage = Stage::Primary;
    for (std::size_t g = 0; g < studentsByGrade.size(); ++g)
        p.grades.push_back({static_cast<int>(g) + 1, 2, studentsByGrade[g], 0});
    s.stages.push_back(p);
    return s;
}

inline CityData cityWithSchools() {
    CityData city = busyCity();
    city.schools.push_back(primarySchool("T0", {90, 95, 100, 105, 110, 115}));
    city.schools.push_back(primarySchool("T1", {200, 190, 180, 170, 160, 150}));
    city.schools.push_back(primarySchool("T2", {150, 150, 150, 150, 150, 150}));
    return city;
}
} // namespace xw::core::test
