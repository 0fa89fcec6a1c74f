// Road distances for the allocation step: which schools the tables cover, and one table per
// travel profile, built from the road network when a stage first needs it.
#include "detail/study_impl.hpp"

#include <xw/gis/demand_grid.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <system_error>

namespace xw::study::detail {
namespace fs = std::filesystem;

std::pair<fs::path, std::optional<std::string>> parseRoadSource(const std::string& text) {
    std::error_code ec;
    if (fs::exists(text, ec))
        return {text, std::nullopt};
    const auto colon = text.rfind(':');
    if (colon != std::string::npos && colon > 0 && colon + 1 < text.size() &&
        fs::exists(text.substr(0, colon), ec))
        return {text.substr(0, colon), text.substr(colon + 1)};
    return {text, std::nullopt};
}

namespace {

/// What a network kept and dropped by way class, for people; empty without class information.
std::string wayClassNote(const gis::RoadNetwork& network) {
    if (network.classes.empty())
        return {};
    std::string kept, dropped, reasons;
    for (const auto& [cls, c] : network.classes) {
        if (c.kept > 0)
            kept += fmt::format("{}{} {} ({:.1f} km)", kept.empty() ? "" : ", ", cls, c.kept,
                                c.keptMeters / 1000.0);
        if (c.dropped > 0)
            dropped += fmt::format("{}{} {}", dropped.empty() ? "" : ", ", cls, c.dropped);
    }
    for (const auto& [why, n] : network.droppedByReason)
        reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", why, n);
    return fmt::format("保留 kept: {}; 舍弃 dropped: {}; 原因 reasons: {}",
                       kept.empty() ? "—" : kept, dropped.empty() ? "—" : dropped,
                       reasons.empty() ? "—" : reasons);
}

} // namespace

/// The road cache for this run's schools: which schools the tables cover; the tables themselves
/// are built per travel profile when a stage first needs one (roadsFor).
void buildRoads(Study::Impl& s, const StudyConfig& config, const StudyResults& r) {
    // Every school any year can see: the base city's, then those appearing later.
    std::vector<std::string> ids;
    std::vector<core::PointM> locations;
    const auto addCity = [&](const core::CityData& c) {
        for (const core::School& sc : c.schools)
            if (std::find(ids.begin(), ids.end(), sc.key()) == ids.end()) {
                ids.push_back(sc.key());
                locations.push_back(sc.location);
            }
    };
    addCity(*r.city);
    for (const YearResult& y : r.years)
        addCity(*y.city);
    if (s.roads && s.roads->source == config.roads && s.roads->gridMeters == config.gridMeters &&
        s.roads->schoolIds == ids)
        return;
    RoadCache cache;
    cache.source = config.roads;
    cache.gridMeters = config.gridMeters;
    cache.schoolIds = ids;
    cache.schoolLocations = std::move(locations);
    cache.fileName = parseRoadSource(config.roads).first.string();
    for (std::size_t i = 0; i < ids.size(); ++i)
        cache.facilityOf[ids[i]] = i;
    s.roads = std::move(cache);
}

/// The road distances of one travel profile (built on first use): the network keeps that
/// profile's ways; a network whose ways carry no class serves every profile.
std::shared_ptr<const gis::RoadDistances> roadsFor(Study::Impl& s, core::TravelProfile profile,
                                                   const gis::DemandGrid& grid,
                                                   AllocationResults& a, StudyResults& r,
                                                   const core::Progress& progress) {
    RoadCache& cache = *s.roads;
    if (cache.anyProfile)
        return cache.anyProfile;
    if (const auto it = cache.byProfile.find(profile); it != cache.byProfile.end())
        return it->second;
    progress.report("road_distances", 0, 1);
    const auto [file, layer] = parseRoadSource(cache.source);
    gis::RoadNetworkOptions options;
    options.layer = layer;
    options.profile = profile;
    auto shared = std::make_shared<const gis::RoadNetwork>(
        gis::readRoadNetwork(file, s.dataset.workingCrs, options));
    const gis::RoadNetwork& network = *shared;
    const bool classified = !network.classes.empty();
    // The network maps draw: the first one read (the profiles differ only in the ways kept).
    if (!cache.network)
        cache.network = shared;
    if (!a.roads)
        a.roads = cache.network;
    cache.notes.push_back(fmt::format(
        "路网 Road network{}: {} [{}]: {} 条线 lines, {:.0f} km, {} 个顶点 vertices ({} 个要素未用 "
        "features left out)",
        classified ? fmt::format(" ({})", core::travelProfileCode(profile)) : std::string(),
        network.source, network.layer, network.linesUsed, network.totalLengthMeters() / 1000.0,
        network.vertices.size(), network.featuresSkipped));
    if (classified)
        cache.notes.push_back(fmt::format("路网 {} / road network {}: {}",
                                          core::travelProfileCode(profile),
                                          core::travelProfileCode(profile), wayClassNote(network)));
    cache.problems.insert(cache.problems.end(), network.problems.begin(), network.problems.end());
    r.diagnostics.insert(r.diagnostics.end(), network.problems.begin(), network.problems.end());
    std::vector<core::PointM> points;
    points.reserve(grid.points.size());
    for (const auto& p : grid.points)
        points.push_back(p.location);
    std::shared_ptr<const gis::RoadDistances> distances;
    gis::RoadDistanceOptions distanceOptions;
    distanceOptions.cancel = progress.cancelFlag(); // the searches stop between schools
    try {
        distances = std::make_shared<const gis::RoadDistances>(network, cache.schoolLocations,
                                                               std::move(points), distanceOptions);
    } catch (const std::invalid_argument& e) {
        throw StudyError(std::string("道路距离无法计算 / road distances: ") + e.what());
    }
    cache.notes.push_back(fmt::format("道路距离 Road distances: {} 所学校 schools × {} 个路口 "
                                      "junctions = {:.0f} MB, {} 个连通部分 "
                                      "connected parts",
                                      distances->facilityCount(), distances->relevantJunctions(),
                                      static_cast<double>(distances->memoryBytes()) / 1.0e6,
                                      distances->components()));
    a.notes.insert(a.notes.end(), cache.notes.end() - (classified ? 3 : 2), cache.notes.end());
    if (classified)
        cache.byProfile[profile] = distances;
    else
        cache.anyProfile = distances;
    progress.report("road_distances", 1, 1);
    return distances;
}

/// The road facility of each of the problem's schools.
std::vector<std::size_t> roadFacilities(const RoadCache& roads, const core::AllocationProblem& pb,
                                        const core::CityData& city) {
    std::vector<std::size_t> roadOf(pb.facilities.size());
    for (std::size_t j = 0; j < roadOf.size(); ++j)
        roadOf[j] = roads.facilityOf.at(city.schools[pb.facilities[j].schoolIndex].key());
    return roadOf;
}

std::function<double(std::size_t, std::size_t)>
roadDistanceFor(std::shared_ptr<const gis::RoadDistances> distances, const RoadCache& roads,
                const core::AllocationProblem& pb, const core::CityData& city) {
    std::vector<std::uint32_t> gridOf(pb.points.size());
    for (std::size_t i = 0; i < gridOf.size(); ++i)
        gridOf[i] = pb.points[i].gridIndex;
    return [d = std::move(distances), gridOf = std::move(gridOf),
            roadOf = roadFacilities(roads, pb, city)](std::size_t i, std::size_t j) {
        return d->distance(gridOf[i], roadOf[j]);
    };
}

} // namespace xw::study::detail
