#include <xw/core/model/residential_unit.hpp>

#include <algorithm>

namespace xw::core {

double ResidentialUnit::personsAged(int ageMin, int ageMax) const {
    double sum = 0.0;
    const int hi = std::min(ageMax, static_cast<int>(persons.size()) - 1);
    for (int a = std::max(ageMin, 0); a <= hi; ++a)
        for (const double v : persons[static_cast<std::size_t>(a)])
            sum += v;
    return sum;
}

double ResidentialUnit::total() const {
    if (totalPersons)
        return *totalPersons;
    return personsAged(0, static_cast<int>(persons.size()) - 1);
}

} // namespace xw::core
