#pragma once
// Internal: the dataset manifest (dataset.yaml, docs/dataset-format.md) as plain data.
#include <xw/gis/crs_defaults.hpp>

#include <xw/core/model/region.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xw::gis::detail {

inline constexpr const char* kManifestName = "dataset.yaml";
using gis::kDefaultWorkingCrs;

struct GeometrySpec {
    std::optional<std::string> x, y; ///< coordinate columns
    std::optional<std::string> wkt;  ///< WKT column
};

/// One entry of `layers:` or `tables:`.
struct SourceSpec {
    std::string key;            ///< our layer or table name
    std::string sourceLabel;    ///< as written in the manifest, used in messages
    std::filesystem::path path; ///< resolved against the dataset folder
    std::optional<std::string> layer, crs, encoding;
    GeometrySpec geometry;
    std::map<std::string, std::string> fields; ///< ours → user's column
};

struct Manifest {
    std::string name;
    std::string cityCode, cityName;
    int baseYear = 0;
    std::optional<std::string> workingCrs;
    std::optional<std::string> norms;
    std::vector<core::TownGrouping> groupings;
    std::map<std::string, SourceSpec> sources; ///< by key
};

/// Reads `folder/dataset.yaml` (UTF-8, or UTF-16 with a byte-order mark); source paths are
/// resolved against `folder`.
/// \throws GisError naming dataset.yaml when it is missing or not a readable file, or as
/// parseManifest.
[[nodiscard]] Manifest readManifest(const std::filesystem::path& folder);

/// Parses manifest text (UTF-8). The text is checked for runaway nesting before yaml-cpp sees it
/// and for alias bombs after; every key is checked against the schema (detail/load/schema.hpp).
/// \throws GisError naming dataset.yaml and the line when the text is malformed, nested too
/// deeply, has an unknown or duplicate key (naming the nearest known one), lacks base_year or a
/// required layer, or has a base year outside 1949–2100.
[[nodiscard]] Manifest parseManifest(std::string_view text, const std::filesystem::path& folder);

} // namespace xw::gis::detail
