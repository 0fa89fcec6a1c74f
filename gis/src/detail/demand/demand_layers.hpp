#pragma once
// Internal: the optional demand layers of a dataset (docs/dataset-format.md, "Where children
// live"): demand_units + unit_population, built_up, barriers and od_table. The manifest parser
// (dataset.cpp) only hands over where each source is; this module reads them. Not public.
#include <xw/gis/dataset.hpp>

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

class OGRSpatialReference;

namespace xw::gis::detail {

/// Manifest keys this module reads, in reading order (units before their population table).
inline constexpr std::array<const char*, 5> kDemandLayerKeys{"demand_units", "unit_population",
                                                             "built_up", "barriers", "od_table"};

/// Where one source is and how to read it: a copy of the manifest's entry.
struct SourceLocation {
    std::string key;                  ///< our layer or table name
    std::string sourceLabel;          ///< as written in the manifest (messages)
    std::filesystem::path path;       ///< resolved against the dataset folder
    std::optional<std::string> layer; ///< layer within the source
    std::optional<std::string> crs;   ///< overrides the CRS the source declares
    std::optional<std::string> encoding;
    std::optional<std::string> x, y;           ///< coordinate columns
    std::optional<std::string> wkt;            ///< WKT column
    std::map<std::string, std::string> fields; ///< ours → the user's column
};

/// Reads every source of `sources` (keyed by kDemandLayerKeys) into `out` (demandUnits, builtUp,
/// barriers, odTable), reporting per-record problems in out.problems. Units are checked against
/// out.townShapes / out.city.regions, OD rows against out.city.schools: call it after the towns
/// and schools are loaded.
/// \throws GisError when a source cannot be opened, a required field is missing or the CRS is
/// unknown, or unit_population is given without demand_units.
void loadDemandLayers(const std::map<std::string, SourceLocation>& sources,
                      const OGRSpatialReference& working, DatasetLoad& out);

} // namespace xw::gis::detail
