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

} // namespace xw::core
