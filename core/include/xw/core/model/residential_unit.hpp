#pragma once
// Residential units (居住单元): the places inside a town where its people live — administrative
// villages (村), communities (社区/居委会), estates (小区) or census blocks — with their population
// by single-year age and category, or only a total. Plain data, no I/O; gis reads them from the
// optional `demand_units` layer and `unit_population` table (docs/dataset-format.md).
#include <xw/core/model/region.hpp>
#include <xw/core/model/stage.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace xw::core {

struct ResidentialUnit {
    std::string id;   ///< unique in the dataset
    std::string name; ///< e.g. 那蓬村, 金湾社区; may be empty
    std::string kind; ///< free text from the data (村, 社区, 小区, block …); may be empty
    std::string townCode; ///< the town whose cohorts the unit shares (as given in the data)
    PointM location;      ///< working CRS, metres: the point, or a point inside the polygon
    /// Residents of all ages when the data gives a total; nullopt otherwise.
    std::optional<double> totalPersons;
    /// Residents by single-year age 0..size()−1 and category (PopCategory index); empty when the
    /// data gives only a total.
    std::vector<std::array<double, kCategoryCount>> persons;

    [[nodiscard]] bool hasAges() const { return !persons.empty(); }
    /// Persons aged ageMin..ageMax inclusive, both categories (ages beyond the table count 0).
    [[nodiscard]] double personsAged(int ageMin, int ageMax) const;
    /// totalPersons when given, else the sum over every age and category (0 without data).
    [[nodiscard]] double total() const;
};

} // namespace xw::core
