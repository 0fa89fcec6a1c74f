#pragma once
// Everything the model knows about one city in its base year: plain data, no I/O.
#include <xw/core/model/housing.hpp>
#include <xw/core/model/norms.hpp>
#include <xw/core/model/population.hpp>
#include <xw/core/model/region.hpp>
#include <xw/core/model/school.hpp>

#include <string>
#include <vector>

namespace xw::core {

struct CityData {
    std::string name; ///< display name of the dataset
    int baseYear = 0; ///< year of the enrolment and population figures
    Regions regions;
    std::vector<School> schools;
    Population population;
    std::vector<BirthsSeries> births;
    std::vector<HousingProject> housing;
    Norms norms = Norms::defaults();
};

} // namespace xw::core
