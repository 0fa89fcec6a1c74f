#pragma once
// Attendance zones drawn over a study (xuewei zones): core::drawZones on the demand of one stage
// and year, and the answer as a scenario whose zone redraw is a polygon layer.
//
// The problem is built from the study's own results for that year:
//   - units: the points of the study's optimal allocation of that stage and year (grid cells or
//     residential units), with that year's children (cells without children in that year stay,
//     so that zones can be contiguous across them);
//   - adjacency: grid cells sharing an edge (points whose centres are one grid spacing apart
//     along x or y); a residential unit off the grid has no neighbour and is not held to
//     contiguity (ZoningResult::detachedUnits): it may go to any of its nearest schools;
//   - schools: the stage's schools of that year's city with their seats, each owning the unit
//     it stands in when that is a grid cell;
//   - distances: the allocation's (road distances with --roads, else straight lines);
//   - today's zones (core::ZoningProblem::current, for the stability limit and the children who
//     change school): with attendance zones in force in that year — the dataset's layer zones or
//     table school_towns, or the plan's latest zone redraw up to the year — each unit's zone
//     school nearest by the distances, as zones mode allocates (a unit in no zone has none and
//     never counts as moved); without zones each unit's nearest school.
// The zone polygons are the dissolved cells of each school (gis::catchmentShapes over the whole
// grid, so empty cells join the zone of their nearest cell in the same town).
#include <xw/core/common/progress.hpp>
#include <xw/core/common/table.hpp>
#include <xw/core/model/stage.hpp>
#include <xw/core/siting/zones.hpp>
#include <xw/scenarios/scenario.hpp>
#include <xw/study/study.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xw::study {

struct ZoningRequest {
    core::Stage stage = core::Stage::Primary;
    int year = 0; ///< population year .. the scenario's horizon (kDefaultHorizonYear without one)
    /// maxChildrenMoved limits the children who change school against today's zones.
    core::ZoningConfig config;
    /// Instead of a count: at most this share (0–1) of the stage's children of the year may
    /// change school (rounded down); replaces config.maxChildrenMoved when set.
    std::optional<double> maxMovedShare;
    StudyConfig run; ///< grid spacing and roads of the run that gives the demand
};

struct DrawnZone {
    std::string schoolId;
    std::string campus;
    std::string schoolName;
    std::string townCode;
    core::ZoneSummary summary;
    std::int64_t movedIn = 0;  ///< children from other schools' zones today
    std::int64_t movedOut = 0; ///< children of its zone today who go elsewhere
};

struct ZoningAnswer {
    ZoningRequest request;
    std::string scenarioName;
    std::string workingCrs;
    std::vector<DrawnZone> zones; ///< per school of the stage, in school order
    std::size_t units = 0;
    std::int64_t children = 0;
    /// Today's zones are the attendance zones in force (else each unit's nearest school).
    bool todayFromZones = false;
    /// The stability limit applied, in children (from the request's count or share).
    std::optional<std::int64_t> maxChildrenMoved;
    core::ZoningResult result; ///< result.childrenMoved: children who change school
    /// One multipolygon per school with at least one unit (school_id, name, children, seats,
    /// overflow), working CRS; the layer `zones` of the written GeoPackage.
    core::Table layer;
};

/// Runs the study for the year (optimal allocation), builds the zoning problem, draws the zones.
/// \throws StudyError on a bad request (year outside the study's years, a stage without schools
/// or children, a share outside 0–1), unreadable zone polygons; core::Cancelled.
[[nodiscard]] ZoningAnswer drawStudyZones(Study& study, const ZoningRequest& request,
                                          const core::Progress& progress = {});

/// The study's scenario plus one zone redraw dated in the request's year whose polygons are read
/// from `zoneFile` (the layer `zones`, field school_id; write answer.layer there).
[[nodiscard]] scenarios::Scenario zonedScenario(const Study& study, const ZoningAnswer& answer,
                                                const std::filesystem::path& zoneFile);

/// Per school: children, seats, overflow, units, distances, contiguity, children moved in and out
/// against today's zones (zones.csv).
[[nodiscard]] core::Table zonesTable(const ZoningAnswer& answer);

} // namespace xw::study
