#pragma once
// Loading a dataset folder (docs/dataset-format.md) into core types, reprojected to a metric CRS.
#include <xw/core/allocation/barriers.hpp>
#include <xw/core/allocation/od_table.hpp>
#include <xw/core/common/progress.hpp>
#include <xw/core/model/city.hpp>
#include <xw/core/model/residential_unit.hpp>
#include <xw/core/model/site_parcel.hpp>
#include <xw/gis/crs_defaults.hpp>
#include <xw/gis/diagnostic.hpp>
#include <xw/gis/error.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xw::gis {

struct LoadOptions {
    /// Overrides the manifest's working_crs (any string GDAL's SetFromUserInput accepts, e.g.
    /// "EPSG:4546"). The CRS must be projected with metre units.
    std::optional<std::string> workingCrs;
};

/// The outline of a district or town, for output.
struct AreaShape {
    std::string code;
    std::vector<unsigned char>
        wkb; ///< ISO WKB (little-endian) polygon or multipolygon, working CRS
};

/// One attendance zone (学区/施教区) of the optional `zones` layer.
struct ZoneShape {
    std::string schoolId;           ///< the school the zone belongs to (a loaded school's id)
    std::vector<unsigned char> wkb; ///< ISO WKB polygon or multipolygon, working CRS
    std::string campus;             ///< the campus it belongs to; empty: every campus of the school
};

/// The optional population raster (`population_raster` in the manifest), read by
/// buildDemandGrid (demand_grid.hpp); only located and checked for existence here.
struct RasterSource {
    std::filesystem::path path;     ///< absolute
    std::string label;              ///< as written in the manifest
    std::optional<std::string> crs; ///< overrides the CRS the raster declares
};

struct DatasetLoad {
    core::CityData city; ///< norms are core defaults; apply normsFile with the scenarios layer
    std::vector<AreaShape> districtShapes; ///< one per loaded district, in city.regions order
    std::vector<AreaShape> townShapes;     ///< one per loaded town, in city.regions order
    std::optional<std::filesystem::path> normsFile; ///< absolute path of `norms:` if given
    std::string workingCrs;                         ///< as used, e.g. "EPSG:4546"
    std::optional<RasterSource> populationRaster;   ///< layer `population_raster`, if named
    std::vector<ZoneShape> zones;                   ///< layer `zones`, if present, in source order
    /// Table `school_towns` (school id, town code), if present: a school's zone is those towns.
    std::vector<std::pair<std::string, std::string>> schoolTowns;
    /// Layer `demand_units` (+ table `unit_population`), if present: where the towns' people live
    /// (gis/demand_units.hpp); in source order, skipped records left out.
    std::vector<core::ResidentialUnit> demandUnits;
    /// Layer `built_up`, if present: built-up polygons (ISO WKB, working CRS, valid) that mask the
    /// grid spread when there are neither units nor a raster.
    std::vector<std::vector<unsigned char>> builtUp;
    /// Layer `barriers`, if present: trunk roads, railways, rivers without a bridge.
    std::vector<core::BarrierLine> barriers;
    /// Table `od_table`, if present: distances or times from demand points to schools.
    std::optional<core::OdTable> odTable;
    /// Layer `sites`, if present: land set aside for new schools (教育用地), the optimiser's
    /// candidate sites; in source order, skipped records left out.
    std::vector<core::SiteParcel> sites;
    std::vector<Diagnostic> problems; ///< skipped or repaired records, in file order
};

/// Reads `folder/dataset.yaml` and every layer and table it names. Records that can be skipped
/// are skipped and reported in `problems`; repaired geometries are reported as warnings.
/// Reports step "load" (done = layers and tables read so far of kLoadSteps) and polls `progress`
/// for cancellation after each of them and every 256 records within one.
/// \throws GisError when the dataset is unusable: manifest missing or malformed, a source missing
/// or unopenable, a required field absent, an unknown CRS, or an empty districts, towns or schools
/// layer; core::Cancelled when cancelled.
[[nodiscard]] DatasetLoad loadDataset(const std::filesystem::path& folder,
                                      const LoadOptions& options = {},
                                      const core::Progress& progress = {});

/// The number of steps loadDataset reports: its layers and tables in loading order (districts,
/// towns, schools, housing, grades, population, births, zones, school towns, sites, the raster's
/// location, the demand layers).
inline constexpr int kLoadSteps = 12;

} // namespace xw::gis
