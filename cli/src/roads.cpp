#include "roads.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ostream>
#include <system_error>

namespace xw::cli {

RoadSource parseRoadSource(const std::string& text) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(text, ec))
        return {text, std::nullopt};
    const auto colon = text.rfind(':');
    if (colon != std::string::npos && colon > 0 && colon + 1 < text.size() &&
        fs::exists(text.substr(0, colon), ec))
        return {text.substr(0, colon), text.substr(colon + 1)};
    return {text, std::nullopt};
}

std::shared_ptr<const gis::RoadDistances> buildRoadDistances(const gis::DatasetLoad& data,
                                                             const gis::DemandGrid& grid,
                                                             const std::string& roads,
                                                             std::ostream& progress) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const RoadSource source = parseRoadSource(roads);
    gis::RoadNetwork network;
    try {
        gis::RoadNetworkOptions options;
        options.layer = source.layer;
        network = gis::readRoadNetwork(source.file, data.workingCrs, options);
    } catch (const gis::GisError& e) {
        progress << fmt::format("错误 error: {}\n", e.what());
        return nullptr;
    }
    for (const auto& p : network.problems)
        progress << "      " << gis::toString(p) << "\n";
    progress << fmt::format("      路网 Road network: {} [{}]: {} 条线 lines, {:.0f} km, {} 个顶点 "
                            "vertices ({} 个要素未用 features left out) ({:.1f} s)\n",
                            network.source, network.layer, network.linesUsed,
                            network.totalLengthMeters() / 1000.0, network.vertices.size(),
                            network.featuresSkipped,
                            std::chrono::duration<double>(Clock::now() - t0).count());
    std::vector<core::PointM> schools, points;
    schools.reserve(data.city.schools.size());
    for (const auto& s : data.city.schools)
        schools.push_back(s.location);
    points.reserve(grid.points.size());
    for (const auto& p : grid.points)
        points.push_back(p.location);
    std::shared_ptr<const gis::RoadDistances> distances;
    try {
        distances = std::make_shared<const gis::RoadDistances>(network, std::move(schools),
                                                               std::move(points));
    } catch (const std::exception& e) {
        progress << fmt::format("错误 error: 道路距离 road distances: {}\n", e.what());
        return nullptr;
    }
    progress << fmt::format("      道路距离 Road distances: {} 所学校 schools × {} 个路口 "
                            "junctions = {:.0f} MB, {} 个连通部分 connected parts ({:.1f} s)\n",
                            distances->facilityCount(), distances->relevantJunctions(),
                            static_cast<double>(distances->memoryBytes()) / 1.0e6,
                            distances->components(), distances->buildSeconds());
    return distances;
}

std::function<double(std::size_t, std::size_t)>
roadDistanceFor(std::shared_ptr<const gis::RoadDistances> roads,
                const core::AllocationProblem& problem) {
    std::vector<std::uint32_t> gridOf(problem.points.size());
    for (std::size_t i = 0; i < gridOf.size(); ++i)
        gridOf[i] = problem.points[i].gridIndex;
    std::vector<std::size_t> schoolOf(problem.facilities.size());
    for (std::size_t j = 0; j < schoolOf.size(); ++j)
        schoolOf[j] = problem.facilities[j].schoolIndex;
    return [roads = std::move(roads), gridOf = std::move(gridOf), schoolOf = std::move(schoolOf)](
               std::size_t i, std::size_t j) { return roads->distance(gridOf[i], schoolOf[j]); };
}

} // namespace xw::cli
