#pragma once
// New housing estates (新建小区) and their planned 配套幼儿园.
#include <xw/core/model/region.hpp>

#include <optional>
#include <string>

namespace xw::core {

struct PlannedKindergarten {
    int classes = 0;                 ///< planned classes; 0 means none planned
    std::optional<int> deliveryYear; ///< year it opens; nullopt when unknown
    bool publicOrPuhui = false;      ///< to be run as 公办 or 普惠
    /// Id of the school record that this kindergarten became once it opened (set when a year's
    /// city turns it into a school, see cityInYear); empty while it is only planned.
    std::string schoolId;

    bool operator==(const PlannedKindergarten&) const = default;
};

struct HousingProject {
    std::string id;
    std::string name;
    PointM location;        ///< working CRS, metres
    std::string townCode;   ///< assigned by gis from the location
    int dwellings = 0;      ///< dwellings (套)
    int completionYear = 0; ///< expected year of completion (交付)
    PlannedKindergarten kindergarten;

    bool operator==(const HousingProject&) const = default;
};

} // namespace xw::core
