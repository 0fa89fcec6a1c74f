#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/od_table.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <unordered_map>

namespace xw::core {

bool OdTable::add(const std::string& origin, const std::string& school, double value) {
    const auto intern = [](std::unordered_map<std::string, std::uint32_t>& index,
                           std::vector<std::string>& ids, const std::string& id) {
        const auto [it, added] = index.try_emplace(id, static_cast<std::uint32_t>(ids.size()));
        if (added)
            ids.push_back(id);
        return it->second;
    };
    const std::uint32_t o = intern(m_originIndex, origins, origin);
    const std::uint32_t s = intern(m_schoolIndex, schools, school);
    if (!m_pairs.insert((static_cast<std::uint64_t>(o) << 32U) | s).second)
        return false;
    entries.push_back({o, s, value});
    return true;
}

OdDistances::OdDistances(const OdTable& table, const AllocationProblem& problem,
                         const std::vector<std::string>& originIds, const CityData& city,
                         double metersPerMinute) {
    double scale = 1.0;
    if (table.unit == OdUnit::Minutes) {
        if (!(metersPerMinute > 0.0) || !std::isfinite(metersPerMinute))
            throw std::invalid_argument("OdDistances: metres per minute must be positive");
        scale = metersPerMinute;
    }
    // The table's schools as facilities of this problem (kNone when not a facility).
    constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    std::unordered_map<std::string, std::uint32_t> facilityOfSchool;
    for (std::size_t j = 0; j < problem.facilities.size(); ++j) {
        const std::size_t s = problem.facilities[j].schoolIndex;
        if (s < city.schools.size())
            facilityOfSchool.emplace(city.schools[s].id, static_cast<std::uint32_t>(j));
    }
    std::vector<std::uint32_t> facilityOf(table.schools.size(), kNone);
    for (std::size_t k = 0; k < table.schools.size(); ++k)
        if (const auto f = facilityOfSchool.find(table.schools[k]); f != facilityOfSchool.end())
            facilityOf[k] = f->second;
    // Entries grouped by origin (CSR over the table's origins).
    std::vector<std::size_t> byOriginStart(table.origins.size() + 1, 0);
    for (const OdTable::Entry& e : table.entries)
        ++byOriginStart[e.origin + 1];
    for (std::size_t o = 0; o < table.origins.size(); ++o)
        byOriginStart[o + 1] += byOriginStart[o];
    std::vector<std::pair<std::uint32_t, double>> byOrigin(table.entries.size());
    {
        std::vector<std::size_t> next(byOriginStart.begin(), byOriginStart.end() - 1);
        for (const OdTable::Entry& e : table.entries)
            byOrigin[next[e.origin]++] = {facilityOf[e.school], e.value * scale};
    }
    std::unordered_map<std::string, std::uint32_t> originIndex;
    for (std::size_t o = 0; o < table.origins.size(); ++o)
        originIndex.emplace(table.origins[o], static_cast<std::uint32_t>(o));
    const std::size_t n = problem.points.size();
    m_start.assign(n + 1, 0);
    std::vector<std::pair<std::uint32_t, double>> row;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t g = problem.points[i].gridIndex;
        const std::string id =
            g < originIds.size() && !originIds[g].empty() ? originIds[g] : std::to_string(g);
        row.clear();
        if (const auto o = originIndex.find(id); o == originIndex.end()) {
            ++m_pointsWithoutRow;
        } else {
            for (std::size_t k = byOriginStart[o->second]; k < byOriginStart[o->second + 1]; ++k)
                if (byOrigin[k].first != kNone)
                    row.push_back(byOrigin[k]);
            std::sort(row.begin(), row.end());
        }
        for (const auto& [f, v] : row) {
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
