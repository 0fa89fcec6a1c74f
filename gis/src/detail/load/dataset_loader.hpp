#pragma once
// Internal: the dataset loader (loadDataset) — its state while it reads a dataset and its steps,
// one per layer or table of the manifest, in loading order (run). The steps live beside the
// layers they read: the outlines (load_areas.cpp), the schools and their grades
// (load_schools.cpp), the other tables and point layers (load_tables.cpp), the parcels of land
// for new schools (load_sites.cpp), and the glue (dataset.cpp). The manifest, cell parsing, column
// mapping and geometry checks are the other detail/ modules.
#include <xw/gis/dataset.hpp>

#include "detail/checks/area_checks.hpp"
#include "detail/geos_util.hpp"
#include "detail/load/manifest.hpp"
#include "detail/ogr_util.hpp"
#include "detail/source/source_reader.hpp"

#include <ogrsf_frmts.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::gis::detail {

// Limits of the values a dataset may hold: far above any real city, low enough that no sum over a
// city can overflow or reach infinity (docs/dataset-format.md, "Ranges").
inline constexpr int kMaxClassesPerGrade = 1000;
inline constexpr int kMaxStudentsPerGrade = 100000;
inline constexpr int kMaxTeachers = 100000;
inline constexpr int kMaxDwellings = 1000000;
inline constexpr int kMaxKindergartenClasses = 1000;
inline constexpr int kMaxAge = 120;
inline constexpr double kMaxAreaM2 = 1.0e8;    // 100 km² of site or floor
inline constexpr double kMaxResidents = 1.0e8; // per town
inline constexpr double kMaxPersons = 1.0e7;   // per town × age × category
inline constexpr double kMaxBirths = 1.0e8;    // per area and year
inline constexpr std::int64_t kMaxCityClasses = 10000000;
inline constexpr std::int64_t kMaxCityStudents = 100000000;
/// Overlaps of towns smaller than this are summed into one note instead of one warning each.
inline constexpr double kSliverKm2 = 1e-4; // 100 m²

/// One dataset being loaded. Per-record problems go to out.problems; failures that stop loading
/// throw GisError.
struct Loader {
    const std::filesystem::path& folder;
    /// Reports step "load" after each step of run(); its cancel flag is polled between steps and
    /// by the readers of open() every 256 records.
    const core::Progress& progress;
    Manifest manifest;
    SrsPtr working;
    GeosContext geos;
    DatasetLoad out;
    std::vector<GeomPtr> townGeometries;
    /// School ids given on several rows without distinct campuses: rows of other tables that
    /// name them cannot be attributed (id → the schools rows that hold it).
    std::map<std::string, std::vector<std::size_t>> ambiguousIds;
    /// Loaded schools by id: the index of each campus.
    std::map<std::string, std::vector<std::size_t>> campusesOf;

    /// Every step in order: outlines, schools, housing, grades, population, births, zones,
    /// school towns, parcels, the raster's location and the demand layers.
    void run(const LoadOptions& options);

    // ---- dataset.cpp
    [[nodiscard]] bool has(const std::string& key) const {
        return manifest.sources.count(key) != 0;
    }
    /// Opens a layer or table of the manifest; warns when an optional one has no row.
    SourceReader open(const std::string& key);
    void checkGroupings();
    /// Optional population raster: only located here; buildDemandGrid reads it.
    void locatePopulationRaster();
    /// Optional demand layers (demand_units, unit_population, built_up, barriers, od_table),
    /// read by detail/demand_layers.cpp from their manifest entries.
    void loadDemandLayers();

    // ---- load_areas.cpp
    /// The polygon of a feature, checked; a null geometry after reporting why.
    CheckedPolygon readPolygon(const SourceReader& reader, OGRFeature& f, Record& r);
    void loadDistricts();
    /// Towns, their overlaps resolved (area_checks.hpp), then the working CRS's scale check.
    void loadTowns();
    /// Warns when the working CRS distorts lengths by more than 0.1 % over the towns' extent.
    void checkWorkingCrsScale();

    // ---- load_schools.cpp
    /// The location of a point feature and its town, or nullopt after reporting why not.
    std::optional<std::pair<core::PointM, std::string>>
    placePoint(const SourceReader& reader, OGRFeature& f, Record& r, const TownIndex& towns);
    /// The same for a geometry already read from the feature.
    std::optional<std::pair<core::PointM, std::string>> placePoint(const SourceReader& reader,
                                                                   const GeometryRead& g, Record& r,
                                                                   const TownIndex& towns);
    void loadSchools(const TownIndex& towns);
    /// The rows of the schools layer that hold an ambiguous id, "1, 5".
    [[nodiscard]] std::string rowsOf(const std::string& id) const;
    /// The schools a row of another table means by (id, campus): every campus of the id when
    /// `campus` is empty and `everyCampus`, else exactly one. Reports and returns {} when there
    /// is none or it is ambiguous.
    std::vector<std::size_t> schoolsFor(Record& r, const std::string& id,
                                        const std::optional<std::string>& campus, bool everyCampus);
    /// Grade numbers may be given within the stage (1..n) or, for junior and senior, in the
    /// national numbering (7–9, 10–12); returns the 1-based grade within the stage.
    static std::optional<int> gradeWithinStage(core::Stage stage, std::int64_t grade);
    void loadGrades();

    // ---- load_tables.cpp
    void loadHousing(const TownIndex& towns);
    void loadPopulation();
    void loadBirths();
    /// Optional attendance zones: polygons with the id (and campus) of their school.
    void loadZones();
    /// Optional school → town table: the towns each school's zone covers (every campus).
    void loadSchoolTowns();

    // ---- load_sites.cpp
    /// Optional 教育用地 parcels (points or polygons): candidate sites of the optimiser.
    void loadSites(const TownIndex& towns);
};

} // namespace xw::gis::detail
