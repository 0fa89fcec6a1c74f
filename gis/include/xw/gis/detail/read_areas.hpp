#pragma once
// Internal, used by the import test of real boundary files: every polygon of one layer of any OGR
// source with its code and name, through the loader's own polygon checks and reprojection.
#include <xw/gis/crs_defaults.hpp>
#include <xw/gis/diagnostic.hpp>
#include <xw/gis/error.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xw::gis::detail {

/// One polygon of a single polygon layer (see readAreas).
struct AreaRecord {
    std::string code;
    std::string name;
    double areaKm2 = 0.0;           ///< planar area in the working CRS, km²
    std::vector<unsigned char> wkb; ///< ISO WKB in the working CRS
};

struct AreaLoad {
    std::vector<AreaRecord> areas; ///< in source order; invalid ones repaired or skipped
    std::vector<Diagnostic> problems;
};

/// Reads every polygon of the first (or only) layer of any OGR source, with `codeField` and
/// `nameField` as its code and name columns, reprojected to `workingCrs`. `crsOverride` replaces
/// the CRS the source declares.
/// \throws GisError if the source cannot be opened, a field is absent or the CRS is unknown.
[[nodiscard]] AreaLoad readAreas(const std::filesystem::path& source, const std::string& codeField,
                                 const std::string& nameField,
                                 const std::optional<std::string>& crsOverride = std::nullopt,
                                 const std::string& workingCrs = kDefaultWorkingCrs);

} // namespace xw::gis::detail
