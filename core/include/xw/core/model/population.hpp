#pragma once
// Resident population by town, single-year age and category; births.
#include <xw/core/model/stage.hpp>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace xw::core {

/// Residents of one town in one year by single-year age 0..maxAge and category.
struct TownPopulation {
    std::string townCode;
    /// persons[age][category]; ages 0..size()-1, category index per `PopCategory`.
    std::vector<std::array<double, kCategoryCount>> persons;

    [[nodiscard]] int maxAge() const { return static_cast<int>(persons.size()) - 1; }
    /// Persons aged ageMin..ageMax inclusive, both categories. Ages beyond the table count 0.
    [[nodiscard]] double total(int ageMin, int ageMax) const;
    [[nodiscard]] double total(int ageMin, int ageMax, PopCategory c) const;
};

struct Population {
    int year = 0;                      ///< the year the counts refer to (mid-year)
    std::vector<TownPopulation> towns; ///< one per town that has data
    /// Total residents (all ages) per town when known (census), keyed by town code. Child ages
    /// are in `towns`; this is used for per-1,000-residents checks and reports.
    std::map<std::string, double> totalResidents;
};

/// Live births per calendar year (city or district level).
struct BirthsSeries {
    std::string areaCode; ///< city or district code the series covers
    std::map<int, double> byYear;
};

} // namespace xw::core
