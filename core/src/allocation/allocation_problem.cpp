// Building allocation problems: the schools of a stage with their seats and radii, the demand
// points with theirs, zones from a school → towns table, and the same problem with another
// year's demand (allocation.hpp).
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/balance/seats.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

namespace xw::core {
namespace {

double radiusOf(const CityData& city, const StageNorms& sn, std::size_t town) {
    const bool urban =
        town != kNoTown && town < city.regions.towns.size() && city.regions.towns[town].urban;
    return urban ? sn.radiusUrbanMeters : sn.radiusRuralMeters;
}

} // namespace

ZoneMembership zonesFromTownTable(const CityData& city, const std::vector<DemandPoint>& points,
                                  const std::vector<std::pair<std::string, std::string>>& pairs) {
    // A school id names every campus of the school (一校多址): each serves the town.
    std::map<std::string, std::vector<std::size_t>> schoolsById;
    for (std::size_t s = 0; s < city.schools.size(); ++s)
        schoolsById[city.schools[s].id].push_back(s);
    std::vector<std::vector<std::uint32_t>> byTown(city.regions.towns.size());
    for (const auto& [schoolId, townCode] : pairs) {
        const auto s = schoolsById.find(schoolId);
        const auto t = city.regions.townIndex(townCode);
        if (s != schoolsById.end() && t)
            for (const std::size_t campus : s->second)
                byTown[*t].push_back(static_cast<std::uint32_t>(campus));
    }
    for (auto& list : byTown) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    ZoneMembership z;
    z.offsets.reserve(points.size() + 1);
    for (const DemandPoint& p : points) {
        if (p.townIndex < byTown.size())
            z.schools.insert(z.schools.end(), byTown[p.townIndex].begin(),
                             byTown[p.townIndex].end());
        z.offsets.push_back(static_cast<std::uint32_t>(z.schools.size()));
    }
    return z;
}

AllocationProblem buildAllocationProblem(const CityData& city, Stage stage,
                                         const std::vector<DemandPoint>& grid,
                                         const std::vector<std::int64_t>& demand,
                                         const AllocationConfig& config,
                                         const ZoneMembership* zones) {
    if (demand.size() != grid.size())
        throw std::invalid_argument("buildAllocationProblem: " + std::to_string(demand.size()) +
                                    " demands for " + std::to_string(grid.size()) + " points");
    if (zones && zones->offsets.size() != grid.size() + 1)
        throw std::invalid_argument("buildAllocationProblem: zone membership does not match the "
                                    "points");
    const StageNorms& sn = city.norms[stage];
    AllocationProblem pb;
    pb.stage = stage;
    pb.config = config;
    pb.largeClassMin = city.norms.largeClassMin;
    pb.hugeClassMin = city.norms.hugeClassMin;
    pb.metersPerMinute = sn.metersPerMinute();
    pb.livingCircleMinutes = sn.livingCircleMinutes;
    const double normMean = meanNormClassSize(sn);
    for (std::size_t s = 0; s < city.schools.size(); ++s) {
        const School& school = city.schools[s];
        const StageProvision* p = school.stage(stage);
        if (p == nullptr)
            continue;
        AllocationFacility f;
        f.schoolIndex = s;
        f.location = school.location;
        const auto town = city.regions.townIndex(school.townCode);
        f.townIndex = town ? *town : kNoTown;
        f.classes = p->classes();
        f.seats = stageSeats(*p, sn);
        f.standardClassSize = f.classes > 0
                                  ? static_cast<double>(f.seats) / static_cast<double>(f.classes)
                                  : normMean;
        f.radiusMeters = radiusOf(city, sn, f.townIndex);
        pb.facilities.push_back(f);
    }
    for (std::size_t i = 0; i < grid.size(); ++i) {
        if (demand[i] < 0)
            throw std::invalid_argument("buildAllocationProblem: negative demand at point " +
                                        std::to_string(i));
        if (demand[i] == 0)
            continue;
        AllocationPoint p;
        p.gridIndex = static_cast<std::uint32_t>(i);
        p.location = grid[i].location;
        p.townIndex = grid[i].townIndex;
        p.demand = demand[i];
        p.radiusMeters = radiusOf(city, sn, p.townIndex);
        pb.points.push_back(p);
        if (zones) {
            pb.zones.schools.insert(pb.zones.schools.end(),
                                    zones->schools.begin() + zones->offsets[i],
                                    zones->schools.begin() + zones->offsets[i + 1]);
            pb.zones.offsets.push_back(static_cast<std::uint32_t>(pb.zones.schools.size()));
        }
    }
    if (!zones)
        pb.zones.offsets.assign(pb.points.size() + 1, 0);
    return pb;
}

AllocationProblem withDemand(const AllocationProblem& problem,
                             const std::vector<std::int64_t>& gridDemand) {
    AllocationProblem out = problem;
    std::vector<char> inProblem(gridDemand.size(), 0);
    for (AllocationPoint& p : out.points) {
        if (p.gridIndex >= gridDemand.size())
            throw std::invalid_argument("withDemand: " + std::to_string(gridDemand.size()) +
                                        " demands, but the problem has grid point " +
                                        std::to_string(p.gridIndex));
        if (gridDemand[p.gridIndex] < 0)
            throw std::invalid_argument("withDemand: negative demand at grid point " +
                                        std::to_string(p.gridIndex));
        p.demand = gridDemand[p.gridIndex];
        inProblem[p.gridIndex] = 1;
    }
    for (std::size_t i = 0; i < gridDemand.size(); ++i)
        if (gridDemand[i] > 0 && inProblem[i] == 0)
            throw std::invalid_argument("withDemand: grid point " + std::to_string(i) + " has " +
                                        std::to_string(gridDemand[i]) +
                                        " children but is not in the problem's point list");
    return out;
}

} // namespace xw::core
