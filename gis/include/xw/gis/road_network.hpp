#pragma once
// Road-network distances for the allocation: a road network read from any OGR line
// source or an OpenStreetMap file, turned into a graph in the working CRS, and shortest-path
// distances from every school to every demand point.
//
// Graph. Every coordinate of every line becomes a vertex; coordinates that coincide after the
// transformation to the working CRS — within snapToleranceMeters (0.5 m by default) — are one
// vertex, so lines connect exactly where they share a vertex (an OSM node, a digitised junction).
// Lines that cross without a shared vertex do not connect: a bridge over a road or a tunnel under
// it is not a junction, as in OSM. Vertices are merged in input order (a coordinate joins the
// nearest earlier vertex within the tolerance, ties to the lower index), so chains of near points
// are not transitively merged. Each straight piece between consecutive vertices is a segment
// whose weight is its planar length in metres (working CRS). Directions (one-way streets), turn
// restrictions and speeds are ignored: distances are lengths along the network, not travel times.
// With a travel profile (RoadNetworkOptions::profile) only the ways of that profile are read,
// access tags included (wayVerdict), so a walking network has no motorway to snap onto.
//
// Distances (RoadDistances). A location (school or demand point) is snapped to the nearest point
// of the nearest segment (uniform grid index over the segments) of the parts of the network that
// are long enough or hold a school (RoadDistanceOptions); the straight piece to it is the
// location's off-road leg. road(i, j) = leg of point i + network distance between the two snapped
// positions (along the segments, including the partial lengths from each snapped position to the
// ends of its chain, and directly along the chain when both snap onto the same one) + leg of
// school j. It is never below the straight line (see RoadDistances::distance).
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/model/norms.hpp>
#include <xw/core/model/region.hpp>
#include <xw/gis/diagnostic.hpp>
#include <xw/gis/error.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xw::gis {

struct RoadNetworkOptions {
    /// Layer to read. Default: "lines" for an OpenStreetMap file (.osm, .osm.pbf), else the first
    /// layer of the source.
    std::optional<std::string> layer;
    /// Overrides the CRS the source declares (any string GDAL's SetFromUserInput accepts).
    std::optional<std::string> crs;
    /// Coordinates closer than this (metres, working CRS, ≥ 0) are one vertex.
    double snapToleranceMeters = 0.5;
    /// Keep only the ways of this travel profile (wayVerdict) — from an OpenStreetMap file, or
    /// from any source whose layer has a `highway` field (an OSM extract saved as GeoPackage or
    /// Shapefile; its `other_tags` field is read too when present). Without a profile: every way
    /// isTravelledHighway accepts, as before profiles existed. Lines of a source without a
    /// `highway` field are all kept whatever the profile (there is nothing to tell them apart).
    std::optional<core::TravelProfile> profile;
};

/// How many ways of one `highway` class a profile kept and left out.
struct WayClassCount {
    std::size_t kept = 0;
    std::size_t dropped = 0;
    double keptMeters = 0.0; ///< length of the kept ways in the working CRS
};

/// A road network as a plain undirected graph in the working CRS.
struct RoadNetwork {
    struct Segment {
        std::uint32_t a = 0; ///< vertex index
        std::uint32_t b = 0; ///< vertex index, ≠ a
        double lengthMeters = 0.0;
    };
    std::string source; ///< the file as named by the caller (messages)
    std::string layer;  ///< the layer read
    /// The profile its ways were kept for (RoadNetworkOptions::profile); nullopt: every way.
    std::optional<core::TravelProfile> profile;
    std::vector<core::PointM> vertices; ///< working CRS, metres
    std::vector<Segment> segments;      ///< in input order
    std::size_t linesUsed = 0;          ///< features (lines) that gave at least one segment
    std::size_t featuresSkipped = 0;    ///< features left out (not a road class, bad geometry)
    std::vector<Diagnostic> problems;   ///< skipped features with a reason, in file order
    /// With a profile: ways kept and dropped per `highway` value ("" for none); areas of the
    /// multipolygons layer (pedestrian squares) are counted as "<class> (area)".
    std::map<std::string, WayClassCount> classes;
    /// With a profile: ways dropped per reason (e.g. "motorway", "foot=no", "access=private").
    std::map<std::string, std::size_t> droppedByReason;

    [[nodiscard]] double totalLengthMeters() const;
};

/// True for the OSM `highway` values kept from an OpenStreetMap file: the roads and paths people
/// travel on to school — motorway, trunk, primary, secondary, tertiary (and their _link roads),
/// unclassified, residential, living_street, service, pedestrian, track, road, footway, path,
/// steps, cycleway, bridleway. Left out: proposed, construction, abandoned, disused, platform,
/// raceway, bus_guideway, busway, corridor, elevator, escape, via_ferrata, rest_area, services
/// and anything else.
[[nodiscard]] bool isTravelledHighway(std::string_view highway);

/// The tags of an OSM way as GDAL's OSM driver gives them: the `highway` field and the hstore text
/// of `other_tags` ("key"=>"value",…).
struct WayTags {
    std::string highway;
    std::map<std::string, std::string> other;
};

/// Parses GDAL's `other_tags` hstore text: "key"=>"value" pairs separated by commas, with \"
/// and \\ escapes. Malformed text yields the pairs read before the fault.
[[nodiscard]] std::map<std::string, std::string> parseOtherTags(std::string_view hstore);

/// Whether a way belongs to a profile's network: std::nullopt when kept, else the reason it is
/// dropped ("motorway", "foot=no", "access=private", "not a walking way", …). The rules
/// (docs/allocation.md, "Walking network"):
///  - walk: footway, path, steps, pedestrian, living_street, residential, service, unclassified,
///    track, road, cycleway, bridleway and the primary/secondary/tertiary roads and links;
///    trunk and trunk_link only with a sidewalk (sidewalk=both|left|right|yes) or foot=yes|
///    designated|permissive; never motorway or motorway_link; dropped with foot=no|use_sidepath,
///    access=no|private (unless foot=yes|designated|permissive) or motorroad=yes. One-way tags
///    are ignored: they do not bind pedestrians.
///  - cycle: the roads from trunk down, cycleway, path, track; footway and pedestrian only with
///    bicycle=yes|designated|permissive; never motorways or steps; dropped with bicycle=no,
///    access=no|private (unless bicycle=yes|designated|permissive) or motorroad=yes.
///  - bus: the roads motor vehicles use, motorway … service, road; dropped with access=no|private
///    or motor_vehicle=no. One-way streets are still travelled both ways (the graph is
///    undirected), so bus distances are slightly optimistic.
[[nodiscard]] std::optional<std::string> wayVerdict(core::TravelProfile profile,
                                                    const WayTags& way);

/// Reads every LineString and MultiLineString of one layer of any OGR vector source (GeoPackage,
/// Shapefile, GeoJSON, ...) or the `lines` layer of an OpenStreetMap file (.osm or .osm.pbf, read
/// with GDAL's OSM driver; only ways whose `highway` tag passes isTravelledHighway), transformed
/// to `workingCrs` (projected, metres), and builds the graph. A feature without geometry, with a
/// geometry that is not a line, with fewer than two distinct points, with a non-finite coordinate
/// or that cannot be transformed is skipped and reported in `problems` (file, layer, feature id,
/// why); skipped non-road OSM ways are only counted.
/// \throws GisError when the file is missing or unreadable, the layer is absent, the CRS is
/// unknown or cannot be transformed, or no usable line is left.
[[nodiscard]] RoadNetwork readRoadNetwork(const std::filesystem::path& file,
                                          const std::string& workingCrs,
                                          const RoadNetworkOptions& options = {});

/// The graph of polylines already in the working CRS (each at least two points), merged as
/// readRoadNetwork does. Lines with fewer than two distinct vertices add no segment.
[[nodiscard]] RoadNetwork buildRoadNetwork(const std::vector<std::vector<core::PointM>>& lines,
                                           double snapToleranceMeters = 0.5);

struct RoadDistanceOptions {
    /// Threads for the shortest-path searches (0 → std::thread::hardware_concurrency(), at most
    /// 8). The distances do not depend on it.
    int threads = 0;
    /// Locations snap to connected parts of the network at least this long in total (metres) —
    /// or to the longest part when none is — and to every part that holds a school (below).
    /// Without it a child next to an isolated 50 m driveway of an OSM extract would snap onto it
    /// and reach no school. 0 snaps to any part.
    double minSnapComponentMeters = 5000.0;
    /// Per facility (same order as the constructor's), how far it may be from the network for
    /// the part it is nearest to to count as "holding a school" (metres); missing entries: no
    /// limit. A shorter part holding a school is used for snapping, so an island with its own
    /// school and 3 km of road keeps its children on the island (roadSnapWarnings reports
    /// locations snapped farther than their radius).
    std::vector<double> facilityReachMeters;
    /// Polled before each school's search (may be null; must outlive the constructor): when set,
    /// the construction stops and throws core::Cancelled.
    const std::atomic<bool>* cancel = nullptr;
};

/// Where a location joins the network.
struct RoadSnap {
    std::uint32_t segment = 0; ///< index into RoadNetwork::segments
    core::PointM at;           ///< nearest point of the segment, working CRS
    double legMeters = 0.0;    ///< straight distance from the location to `at`
};

/// Shortest-path distances between demand points and schools over a road network. Built once
/// (one Dijkstra search per school over the junction graph, in parallel), then answered in O(1)
/// per pair. Read-only after construction: distance() may be called from many threads at once.
///
/// Memory: the network distance from every school to every junction next to a demand point's
/// snapped position, as a float (metres; about 8 mm resolution at 100 km): schools × those
/// junctions × 4 bytes (relevantJunctions(), memoryBytes()).
class RoadDistances {
public:
    /// Returned by distance() when the point and the school lie on parts of the network that
    /// are not connected.
    static constexpr double kNoRoute = std::numeric_limits<double>::infinity();

    /// \throws std::invalid_argument when the network has no segment or a location is not finite.
    RoadDistances(const RoadNetwork& network, std::vector<core::PointM> facilities,
                  std::vector<core::PointM> points, const RoadDistanceOptions& options = {});

    /// Road distance in metres from point i to facility j, or kNoRoute. Never below the straight
    /// line |p_i − f_j|: the road path is p_i → s_i (straight) → along segments → s_j → f_j
    /// (straight), a chain of straight pieces from p_i to f_j, and by the triangle inequality
    /// the length of any such chain is at least |p_i − f_j|. Rounding (the float table) could
    /// still undercut it by millimetres, so the result is max(straight, road).
    [[nodiscard]] double distance(std::size_t point, std::size_t facility) const;

    [[nodiscard]] std::size_t pointCount() const { return m_points.size(); }
    [[nodiscard]] std::size_t facilityCount() const { return m_facilities.size(); }
    [[nodiscard]] const RoadSnap& pointSnap(std::size_t i) const { return m_pointSnaps[i]; }
    [[nodiscard]] const RoadSnap& facilitySnap(std::size_t j) const { return m_facilitySnaps[j]; }
    /// Vertices of degree ≠ 2 (plus one per junction-free loop): the nodes of the searches.
    [[nodiscard]] std::size_t junctions() const { return m_junctionCount; }
    /// Connected parts of the network, and how many of them locations may snap to.
    [[nodiscard]] std::size_t components() const { return m_componentCount; }
    [[nodiscard]] std::size_t snapComponents() const { return m_snapComponentCount; }
    /// Junctions at the ends of the chains the points snap onto (columns of the table).
    [[nodiscard]] std::size_t relevantJunctions() const { return m_relevant; }
    /// RoadDistanceOptions::minSnapComponentMeters as used (capped at the longest part), metres.
    [[nodiscard]] double minSnapComponentMeters() const { return m_minSnapMeters; }
    /// Total length of the connected part facility j snapped onto, metres.
    [[nodiscard]] double facilityComponentMeters(std::size_t j) const {
        return m_facilityComponentMeters[j];
    }
    /// Size of the distance table, bytes (facilities × relevant junctions × 4).
    [[nodiscard]] std::size_t memoryBytes() const { return m_table.size() * sizeof(float); }
    /// Wall-clock seconds of the construction (snapping and searches).
    [[nodiscard]] double buildSeconds() const { return m_buildSeconds; }

private:
    struct Position {
        std::uint32_t chain = 0;
        double along = 0.0; ///< metres from the chain's first junction
    };

    std::vector<core::PointM> m_facilities;
    std::vector<core::PointM> m_points;
    std::vector<RoadSnap> m_facilitySnaps;
    std::vector<RoadSnap> m_pointSnaps;
    std::vector<Position> m_facilityPos;
    std::vector<Position> m_pointPos;
    std::vector<double> m_chainLength;
    std::vector<double> m_facilityComponentMeters;
    double m_minSnapMeters = 0.0;
    std::vector<std::uint32_t> m_pointSlotStart; ///< table column of the chain's first junction
    std::vector<std::uint32_t> m_pointSlotEnd;   ///< table column of the chain's last junction
    std::vector<float> m_table;                  ///< facilities × relevant, metres incl. leg
    std::size_t m_relevant = 0;
    std::size_t m_junctionCount = 0;
    std::size_t m_componentCount = 0;
    std::size_t m_snapComponentCount = 0;
    double m_buildSeconds = 0.0;
};

/// Snapping a planner should know about, for one stage's problem whose point i is roads' point
/// problem.points[i].gridIndex and whose facility j is roads' facility facilityOf[j] (empty
/// `facilityOf`: problem.facilities[j].schoolIndex): one Warning per point whose off-road leg is
/// longer than the point's radius (its children reach any school only from that far away) and per
/// school whose leg is longer than its radius; one Warning per school snapped onto a part of the
/// network shorter than RoadDistances::minSnapComponentMeters() (it reaches only the children
/// snapped onto that part). Nothing about schools when the problem has no child. Layer "roads",
/// featureId the unit id (pointIds[gridIndex] when given) or "point N", or the school id; field
/// the stage code.
[[nodiscard]] std::vector<Diagnostic>
roadSnapWarnings(const RoadDistances& roads, const core::AllocationProblem& problem,
                 const core::CityData& city, const std::vector<std::string>& pointIds,
                 const std::vector<std::size_t>& facilityOf = {});

} // namespace xw::gis
