#pragma once
// Map descriptions from a study's results (study::StudyResults): shortfall, utilisation,
// 学位预警 and indicator choropleths, schools, housing with their 配套幼儿园 status, attendance
// zones or computed catchments, demand points or the 2SFCA accessibility grid, the road network,
// and the difference of two scenarios as a diverging map. The builders arrange and class the
// engine's figures; they compute none (a difference of two scenarios comes from
// study::townShortfallDifference).
#include <xw/gis/area_geometry.hpp>
#include <xw/study/study_results.hpp>
#include <xw/viewer/map/map_description.hpp>
#include <xw/viewer/model/year_view.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xw::viewer {

/// The outlines of a study's results decoded once for drawing (decoding and the GEOS inner
/// points cost milliseconds; a viewer redraws many times per result).
struct MapGeometry {
    std::vector<gis::AreaGeometry> towns;      ///< results.townShapes, same order
    std::vector<gis::AreaGeometry> districts;  ///< results.districtShapes, same order
    std::vector<gis::AreaGeometry> zones;      ///< results.zones, same order
    std::vector<gis::AreaGeometry> catchments; ///< results.allocation->catchments, same order
    std::string crsName;                       ///< gis::crsDisplayName(results.workingCrs)
    Extent cityExtent;                         ///< districts (else towns), grown by 2 %
};

/// Decodes the outlines of `results`.
/// \throws gis::GisError when a stored outline is not a polygon (the engine never stores one).
[[nodiscard]] MapGeometry decodeGeometry(const study::StudyResults& results);

/// What the area choropleth shows.
enum class MapTheme {
    Shortfall, ///< 学位缺口: demand − seats where positive (towns; districts for district stages)
    Utilisation,   ///< enrolment ÷ seats (towns; districts for district stages)
    Warning,       ///< 学位预警 level of the Monte Carlo (towns; districts for district stages)
    Indicators,    ///< number of the plan's indicators each district fails
    Accessibility, ///< 2SFCA accessibility averaged over each town's children (seats per child)
};

/// "shortfall", "utilisation", "warning", "indicators", "accessibility".
[[nodiscard]] const char* themeCode(MapTheme theme);
[[nodiscard]] std::optional<MapTheme> parseTheme(const std::string& code);

/// Cell layer under the outlines.
enum class GridLayer {
    None,
    Demand,        ///< children of the stage per demand point (base-year allocation problem)
    Accessibility, ///< 2SFCA A_i per demand point (base-year allocation)
};

struct MapRequest {
    core::Stage stage = core::Stage::Primary;
    std::optional<int> year; ///< nullopt: the base year
    MapTheme theme = MapTheme::Shortfall;
    bool schools = true;     ///< the stage's schools as symbols
    bool housing = false;    ///< housing projects coloured by 配套幼儿园 status
    bool zones = false;      ///< attendance zones in force, if the study has polygons
    bool catchments = false; ///< the base-year allocation's catchments of the stage
    bool roads = true;       ///< the road network, when the study followed one
    GridLayer grid = GridLayer::None;
    int widthPx = 1920;
    int heightPx = 1080;
    double dpi = 96.0;
    /// Selected schools (ids): labelled first and ringed; their catchments are drawn filled.
    std::vector<std::string> selectedSchools;
    std::string selectedTown;     ///< town code drawn with a thick outline
    std::string selectedHousing;  ///< housing id drawn ringed
    int labelMostOvercrowded = 8; ///< label this many of the stage's most overcrowded schools
    double symbolScale = 1.0;     ///< school symbol sizes × this (smaller on report pages)
    std::optional<Extent> extent; ///< the area shown; nullopt: the whole city
    std::optional<std::filesystem::path> basemap; ///< any GDAL raster, drawn under the rest
    /// Appended to the subtitle (e.g. the scenario's name).
    std::string scenarioName;
};

/// The map of the request: the theme's choropleth, district outlines, then zones, catchments,
/// roads, the grid, housing, schools and the selection, with the legend, scale bar, north arrow
/// and notes.
/// \throws std::invalid_argument (Chinese first) when the results lack what the request needs:
/// the year, the 学位预警 (no Monte Carlo), the allocation (accessibility); gis::GisError when
/// the basemap cannot be read.
[[nodiscard]] MapDescription buildMap(const study::StudyResults& results,
                                      const MapGeometry& geometry, const MapRequest& request);
/// The same, decoding the outlines first.
[[nodiscard]] MapDescription buildMap(const study::StudyResults& results,
                                      const MapRequest& request);

/// The second scenario minus the first: towns coloured by the difference of their seat shortfall
/// (study::townShortfallDifference) for the request's stage and year, diverging classes (RdBu:
/// blue = fewer seats short in the second, red = more), the second scenario's schools.
/// Both results must be of the same dataset (same towns).
/// \throws std::invalid_argument when they are not or lack the year; study::StudyError.
[[nodiscard]] MapDescription
buildDifferenceMap(const study::StudyResults& first, const study::StudyResults& second,
                   const MapGeometry& geometry, const MapRequest& request,
                   const std::string& firstName, const std::string& secondName);

/// "小学 Primary".
[[nodiscard]] std::string stageLabel(core::Stage stage);

} // namespace xw::viewer
