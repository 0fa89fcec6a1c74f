#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/od_table.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <unordered_map>

namespace xw::core {

OdDistances::OdDistances(const OdTable& table, const AllocationProblem& problem,
                         const std::vector<std::string>& originIds, const CityData& city,
                         double metersPerMinute) {
    double scale = 1.0;
    if (table.unit == OdUnit::Minutes) {
        if (!(metersPerMinute > 0.0) || !std::isfinite(metersPerMinute))
            throw std::invalid_argument("OdDistances: metres per minute must be positive");
        scale = metersPerMinute;
    }
    // Rows by origin id: (school id, value) sorted by school id (std::map order).
    std::unordered_map<std::string, std::vector<std::pair<const std::string*, double>>> rows;
    for (const auto& [key, value] : table.values)
        rows[key.first].push_back({&key.second, value});
    std::unordered_map<std::string, std::uint32_t> facilityOfSchool;
    for (std::size_t j = 0; j < problem.facilities.size(); ++j) {
        const std::size_t s = problem.facilities[j].schoolIndex;
        if (s < city.schools.size())
            facilityOfSchool.emplace(city.schools[s].id, static_cast<std::uint32_t>(j));
    }
    const std::size_t n = problem.points.size();
    m_start.assign(n + 1, 0);
    std::vector<std::pair<std::uint32_t, double>> entries;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t g = problem.points[i].gridIndex;
        const std::string id =
            g < originIds.size() && !originIds[g].empty() ? originIds[g] : std::to_string(g);
        entries.clear();
        const auto row = rows.find(id);
        if (row == rows.end()) {
            ++m_pointsWithoutRow;
        } else {
            for (const auto& [school, value] : row->second) {
                const auto f = facilityOfSchool.find(*school);
                if (f != facilityOfSchool.end())
                    entries.push_back({f->second, value * scale});
            }
            std::sort(entries.begin(), entries.end());
        }
        for (const auto& [f, v] : entries) {
            m_facility.push_back(f);
            m_values.push_back(v);
        }
        m_start[i + 1] = m_values.size();
    }
}

double OdDistances::operator()(std::size_t point, std::size_t facility) const {
    const auto first = m_facility.begin() + static_cast<std::ptrdiff_t>(m_start[point]);
    const auto last = m_facility.begin() + static_cast<std::ptrdiff_t>(m_start[point + 1]);
    const auto it = std::lower_bound(first, last, static_cast<std::uint32_t>(facility));
    if (it == last || *it != facility)
        return std::numeric_limits<double>::infinity();
    return m_values[static_cast<std::size_t>(it - m_facility.begin())];
}

std::function<double(std::size_t, std::size_t)>
odDistance(const OdTable& table, const AllocationProblem& problem,
           const std::vector<std::string>& originIds, const CityData& city,
           double metersPerMinute) {
    auto od = std::make_shared<const OdDistances>(table, problem, originIds, city, metersPerMinute);
    return [od](std::size_t i, std::size_t j) { return (*od)(i, j); };
}

} // namespace xw::core
