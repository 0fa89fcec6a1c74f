#include <xw/core/model/region.hpp>

namespace xw::core {

std::optional<std::size_t> Regions::townIndex(const std::string& code) const {
    for (std::size_t i = 0; i < towns.size(); ++i)
        if (towns[i].code == code)
            return i;
    return std::nullopt;
}

std::optional<std::size_t> Regions::districtIndex(const std::string& code) const {
    for (std::size_t i = 0; i < districts.size(); ++i)
        if (districts[i].code == code)
            return i;
    return std::nullopt;
}

RegionIndex::RegionIndex(const Regions& regions)
    : m_districtOfTown(regions.towns.size()), m_townsOfDistrict(regions.districts.size()) {
    // The first of duplicate codes wins, as Regions::townIndex's linear search does.
    for (std::size_t d = 0; d < regions.districts.size(); ++d)
        m_districts.emplace(regions.districts[d].code, d);
    for (std::size_t t = 0; t < regions.towns.size(); ++t) {
        m_towns.emplace(regions.towns[t].code, t);
        if (const auto d = districtIndex(regions.towns[t].districtCode)) {
            m_districtOfTown[t] = *d;
            m_townsOfDistrict[*d].push_back(t);
        }
    }
}

std::optional<std::size_t> RegionIndex::townIndex(const std::string& code) const {
    const auto it = m_towns.find(code);
    return it == m_towns.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

std::optional<std::size_t> RegionIndex::districtIndex(const std::string& code) const {
    const auto it = m_districts.find(code);
    return it == m_districts.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

std::optional<std::size_t> RegionIndex::districtOfTown(std::size_t town) const {
    return m_districtOfTown.at(town);
}

const std::vector<std::size_t>& RegionIndex::townsOfDistrict(std::size_t district) const {
    return m_townsOfDistrict.at(district);
}

} // namespace xw::core
