#pragma once
// The administrative hierarchy: city → district (县/市/区) → town or street (乡镇/街道).
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xw::core {

/// A point in the working projected CRS (metres; x = easting, y = northing).
struct PointM {
    double x = 0.0;
    double y = 0.0;

    // Written out rather than defaulted: this header is also compiled as C++17 (the LEMON
    // benchmarks).
    bool operator==(const PointM& o) const { return x == o.x && y == o.y; }
    bool operator!=(const PointM& o) const { return !(*this == o); }
};

struct Town {
    std::string code;         ///< statistical code (NBS), unique in the city
    std::string name;         ///< Chinese name, e.g. 南恩街道
    std::string districtCode; ///< code of the district the town belongs to
    bool urban = false;   ///< urban (街道/城区) or rural; selects norms such as service radius
    double areaKm2 = 0.0; ///< area of its outline in the working CRS, km²
};

struct District {
    std::string code; ///< statistical code, e.g. 441702
    std::string name; ///< e.g. 江城区
};

/// A named grouping of towns that is not an administrative level, e.g. 海陵试验区 or 高新区:
/// reports show it beside the districts its towns belong to.
struct TownGrouping {
    std::string name;
    std::vector<std::string> townCodes;
};

struct Regions {
    std::string cityCode;
    std::string cityName;
    std::vector<District> districts;
    std::vector<Town> towns;
    std::vector<TownGrouping> groupings;

    /// Index of a town by code, or nullopt.
    [[nodiscard]] std::optional<std::size_t> townIndex(const std::string& code) const;
    /// Index of a district by code, or nullopt.
    [[nodiscard]] std::optional<std::size_t> districtIndex(const std::string& code) const;
};

/// The look-ups every computation needs, built once from a Regions value (O(1) or O(log n) each):
/// town and district by code, the district of each town, the towns of each district. The one home
/// of the town → district rule. Holds no reference: rebuild it after the regions change.
class RegionIndex {
public:
    explicit RegionIndex(const Regions& regions);

    [[nodiscard]] std::optional<std::size_t> townIndex(const std::string& code) const;
    [[nodiscard]] std::optional<std::size_t> districtIndex(const std::string& code) const;
    /// District index of town `town` (a Regions::towns index), or nullopt when its district code
    /// names no district. \throws std::out_of_range when town is not a town index.
    [[nodiscard]] std::optional<std::size_t> districtOfTown(std::size_t town) const;
    /// Town indices of district `district`, in Regions::towns order.
    [[nodiscard]] const std::vector<std::size_t>& townsOfDistrict(std::size_t district) const;

private:
    std::map<std::string, std::size_t> m_towns;
    std::map<std::string, std::size_t> m_districts;
    std::vector<std::optional<std::size_t>> m_districtOfTown;
    std::vector<std::vector<std::size_t>> m_townsOfDistrict;
};

} // namespace xw::core
