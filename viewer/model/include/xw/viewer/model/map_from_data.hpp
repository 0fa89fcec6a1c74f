#pragma once
// The adapter from what exists today — the loaded dataset (gis::loadDataset with its norms file
// applied) and the core results (seat balance, indicators, 配套幼儿园 check, projection) — to map
// descriptions and the leaders' report. It only arranges numbers the core computed; it computes
// none itself beyond sorting and classing them. When the study engine lands, ViewerData becomes a
// view of its StudyResults and the builders below keep their signatures.
#include <xw/core/balance/indicators.hpp>
#include <xw/core/balance/kindergarten_check.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/core/projection/projection.hpp>
#include <xw/gis/area_geometry.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>
#include <xw/gis/road_network.hpp>
#include <xw/viewer/map/map_description.hpp>
#include <xw/viewer/report/report_document.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xw::viewer {

/// Everything the maps and the report are drawn from.
struct ViewerData {
    gis::DatasetLoad data;        ///< as loaded, norms file applied to data.city.norms
    std::filesystem::path folder; ///< the dataset folder (for the source line)
    core::SeatBalance balance;    ///< base year
    std::vector<core::AreaIndicators> indicators; ///< districts, then the city
    std::vector<core::KindergartenCheck> kindergartens;
    core::ProjectionResult projection;        ///< base year to the horizon (charts)
    std::vector<core::SeatBalance> years;     ///< computeSeatBalanceForYear per projected year
    std::vector<gis::AreaGeometry> towns;     ///< decoded data.townShapes, same order
    std::vector<gis::AreaGeometry> districts; ///< decoded data.districtShapes, same order
    std::vector<gis::AreaGeometry> zones;     ///< decoded data.zones, same order
    std::string crsName;                      ///< gis::crsDisplayName(data.workingCrs)
};

/// Loads the dataset folder as `xuewei run` does (gis::loadDataset, then the norms file with
/// scenarios::loadNorms), computes the base-year balance, indicators and 配套幼儿园 check, and
/// projects to `horizonYear` with the core's default assumptions (calibrated).
/// \throws gis::GisError or scenarios::ScenarioError as loading does; std::runtime_error when
/// the projection reports errors (its messages joined).
[[nodiscard]] ViewerData loadViewerData(const std::filesystem::path& folder,
                                        int horizonYear = 2035);

/// What the town choropleth shows.
enum class MapTheme {
    Shortfall,        ///< demand − seats where positive, per town (学位缺口)
    Utilisation,      ///< enrolment ÷ seats per town
    IndicatorsFailed, ///< number of seed indicators each district fails
};

struct MapRequest {
    core::Stage stage = core::Stage::Primary;
    MapTheme theme = MapTheme::Shortfall;
    bool schools = true;  ///< the stage's schools as symbols
    bool housing = false; ///< housing projects coloured by 配套幼儿园 status
    bool zones = false;   ///< attendance zones of the dataset, if it has any
    int widthPx = 1920;
    int heightPx = 1080;
    double dpi = 96.0;
    /// Schools labelled before every other label (ids); they are also labelled when the
    /// `labelMostOvercrowded` rule would not pick them.
    std::vector<std::string> selectedSchools;
    int labelMostOvercrowded = 8; ///< label this many of the stage's most overcrowded schools
    double symbolScale = 1.0;     ///< school symbol sizes × this (smaller on report pages)
    const gis::DemandGrid* grid = nullptr;        ///< drawn as a cell layer (weights per cell)
    const gis::RoadNetwork* roads = nullptr;      ///< drawn as a line layer
    std::optional<std::filesystem::path> basemap; ///< any GDAL raster, drawn under the rest
};

/// A map of the request. Town and district outlines, the theme's choropleth, then zones, roads,
/// the grid, housing and schools, with the legend, scale bar, north arrow and notes.
/// \throws gis::GisError when the basemap cannot be read.
[[nodiscard]] MapDescription buildMap(const ViewerData& data, const MapRequest& request);

/// The grid's points as cells coloured by their weight (quantile classes, Blues).
[[nodiscard]] MapLayer demandGridLayer(const gis::DemandGrid& grid);

/// The network's segments as one line layer.
[[nodiscard]] MapLayer roadLayer(const gis::RoadNetwork& roads);

/// The sample leaders' report: title page, indicator scorecard per district and the city, one
/// shortfall map per compulsory and kindergarten stage, the districts' failed indicators, demand
/// against seats by year per stage, the 20 most overcrowded schools and the housing projects
/// failing the 配套幼儿园 rule.
[[nodiscard]] ReportDocument sampleReport(const ViewerData& data, Paper paper = Paper::A4);

} // namespace xw::viewer
