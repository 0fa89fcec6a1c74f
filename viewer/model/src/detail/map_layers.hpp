#pragma once
// Internal to the viewer model: the layers, frame and basemap of the maps that buildMap and
// buildDifferenceMap put together. Not installed.
#include <xw/gis/area_geometry.hpp>
#include <xw/gis/road_network.hpp>
#include <xw/study/study_results.hpp>
#include <xw/viewer/map/map_description.hpp>
#include <xw/viewer/model/map_builder.hpp>
#include <xw/viewer/model/year_view.hpp>

#include <string>
#include <vector>

namespace xw::viewer::detail {

/// The polygons of an area as map parts.
[[nodiscard]] std::vector<PolygonPart> parts(const gis::AreaGeometry& g);

/// The towns layer, outlined and labelled, without features yet.
[[nodiscard]] MapLayer townsLayer();

/// The new housing projects coloured by the check of their planned kindergarten.
[[nodiscard]] MapLayer housingLayer(const study::StudyResults& r);

/// District outlines, labelled with their names when `labelled`.
[[nodiscard]] MapLayer districtLayer(const study::StudyResults& r, const MapGeometry& g,
                                     bool labelled);

/// Area figures of one balance row as feature attributes (tooltips and tests read them).
void setBalanceAttributes(MapFeature& f, const core::AreaStageBalance& row);

/// "2030 预测 projected", or the base year alone.
[[nodiscard]] std::string yearText(const YearView& v);

/// The stage's demand points or 2SFCA accessibility as grid cells.
/// \throws std::invalid_argument when the study has no allocation.
[[nodiscard]] MapLayer gridLayer(const study::StudyResults& r, core::Stage stage, GridLayer which);

/// Every segment of the road network as grey lines.
[[nodiscard]] MapLayer roadLayer(const gis::RoadNetwork& roads);

/// The stage's schools of the year's city as symbols sized by seats and coloured by utilisation.
[[nodiscard]] MapLayer schoolLayer(const YearView& v, const MapRequest& request);

/// The attendance zones as dashed outlines.
[[nodiscard]] MapLayer zonesLayer(const study::StudyResults& r, const MapGeometry& g);

/// The computed catchments of the stage's schools, the selected schools' ones as a layer of
/// their own drawn over the others.
void addCatchments(MapDescription& map, const study::StudyResults& r, const MapGeometry& g,
                   const MapRequest& request);

/// Rings around the selected schools and housing, a thick outline around the selected town.
void addSelection(MapDescription& map, const YearView& v, const study::StudyResults& r,
                  const MapGeometry& g, const MapRequest& request);

/// The raster basemap of the request under the map's extent (towns and districts translucent).
/// \throws gis::GisError when the basemap cannot be read.
void addBasemap(MapDescription& map, const std::string& workingCrs, const MapRequest& request);

/// A map with the request's size and extent and the notes (CRS, source, illustrative data).
[[nodiscard]] MapDescription frame(const study::StudyResults& r, const MapGeometry& g,
                                   const MapRequest& req);

/// " · 方案 Scenario: name", or "" without a scenario name.
[[nodiscard]] std::string scenarioSuffix(const MapRequest& req);

} // namespace xw::viewer::detail
