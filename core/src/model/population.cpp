#include <xw/core/model/population.hpp>

#include <algorithm>

namespace xw::core {

double TownPopulation::total(int ageMin, int ageMax) const {
    return total(ageMin, ageMax, PopCategory::Registered) +
           total(ageMin, ageMax, PopCategory::Migrant);
}

double TownPopulation::total(int ageMin, int ageMax, PopCategory c) const {
    double sum = 0.0;
    const int hi = std::min(ageMax, maxAge());
    for (int a = std::max(ageMin, 0); a <= hi; ++a)
        sum += persons[static_cast<std::size_t>(a)][static_cast<std::size_t>(c)];
    return sum;
}

} // namespace xw::core
