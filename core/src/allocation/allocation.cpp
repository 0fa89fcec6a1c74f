#include <xw/core/allocation/allocation.hpp>
#include <xw/core/balance/seats.hpp>

#include "detail/facility_grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>

namespace xw::core {

namespace {

/// The facilities' locations and the grid over them (detail/facility_grid.hpp), which points
/// into the locations: construct in place, never copy.
struct FacilityIndex {
    explicit FacilityIndex(const std::vector<AllocationFacility>& facilities)
        : locations(locationsOf(facilities)), grid(locations) {}
    FacilityIndex(const FacilityIndex&) = delete;
    FacilityIndex& operator=(const FacilityIndex&) = delete;

    static std::vector<PointM> locationsOf(const std::vector<AllocationFacility>& facilities) {
        std::vector<PointM> out;
        out.reserve(facilities.size());
        for (const auto& f : facilities)
            out.push_back(f.location);
        return out;
    }

    std::vector<PointM> locations;
    detail::FacilityGrid grid;
};

constexpr double kNoRoute = std::numeric_limits<double>::infinity();

/// The cost nearest and optimal modes compare: the distance plus the barrier penalty.
double pairCost(const AllocationProblem& pb, std::size_t i, std::size_t j) {
    const double d = pairDistanceMeters(pb, i, j);
    if (!pb.barrierCrossings || !std::isfinite(d))
        return d;
    return d + pb.config.barrierPenaltyMeters * static_cast<double>(pb.barrierCrossings(i, j));
}

/// The facility nearest to point i by pb.distance (ties: lowest index), or {kUnplaced, +inf} when
/// none is reachable. Only facilities within the best distance so far in a straight line can be
/// nearer (straight ≤ road), so the search starts from the straight-line nearest.
std::pair<std::uint32_t, double> nearestByDistance(const AllocationProblem& pb,
                                                   const FacilityIndex& index, std::size_t i) {
    const std::uint32_t j0 = index.grid.nearest(pb.points[i].location).first;
    if (j0 == kUnplaced)
        return {kUnplaced, kNoRoute};
    std::uint32_t best = j0;
    double bestD = pairDistanceMeters(pb, i, j0);
    const auto consider = [&](std::uint32_t j) {
        const double d = pairDistanceMeters(pb, i, j);
        if (d < bestD || (d == bestD && j < best)) {
            best = j;
            bestD = d;
        }
    };
    if (std::isfinite(bestD)) {
        index.grid.within(pb.points[i].location, bestD,
                          [&](std::uint32_t j, double) { consider(j); });
    } else {
        for (std::uint32_t j = 0; j < pb.facilities.size(); ++j)
            consider(j);
    }
    if (!std::isfinite(bestD))
        return {kUnplaced, kNoRoute};
    return {best, bestD};
}

std::vector<AllocationPiece> allocateZones(const AllocationProblem& pb, const CityData& city) {
    if (pb.zones.offsets.size() != pb.points.size() + 1)
        throw std::invalid_argument("allocate: zone membership does not match the points");
    std::map<std::size_t, std::uint32_t> facilityOfSchool;
    for (std::size_t j = 0; j < pb.facilities.size(); ++j)
        facilityOfSchool[pb.facilities[j].schoolIndex] = static_cast<std::uint32_t>(j);
    (void)city;
    std::vector<AllocationPiece> pieces;
    pieces.reserve(pb.points.size());
    for (std::size_t i = 0; i < pb.points.size(); ++i) {
        const AllocationPoint& p = pb.points[i];
        if (p.demand == 0)
            continue; // a point kept for other years (withDemand)
        std::uint32_t best = kUnplaced;
        double bestD = -1.0;
        for (std::uint32_t k = pb.zones.offsets[i]; k < pb.zones.offsets[i + 1]; ++k) {
            const auto it = facilityOfSchool.find(pb.zones.schools[k]);
            if (it == facilityOfSchool.end())
                continue; // the zone's school does not serve this stage
            const double d =
                pb.distance ? pairDistanceMeters(pb, i, it->second)
                            : straightLineMeters(p.location, pb.facilities[it->second].location);
            if (!std::isfinite(d))
                continue; // no road to this zone school
            if (best == kUnplaced || d < bestD || (d == bestD && it->second < best)) {
                best = it->second;
                bestD = d;
            }
        }
        pieces.push_back({static_cast<std::uint32_t>(i), best, p.demand, bestD});
    }
    return pieces;
}

std::vector<AllocationPiece> allocateNearest(const AllocationProblem& pb,
                                             const FacilityIndex& index) {
    std::vector<AllocationPiece> pieces;
    pieces.reserve(pb.points.size());
    for (std::size_t i = 0; i < pb.points.size(); ++i) {
        const AllocationPoint& p = pb.points[i];
        if (p.demand == 0)
            continue; // a point kept for other years (withDemand)
        if (pb.barrierCrossings) {
            // Among the schools within the radius, the least distance + barrier penalty (ties
            // to the lower index); none within the radius: unplaced, as without barriers.
            std::uint32_t best = kUnplaced;
            double bestCost = kNoRoute, bestD = kNoRoute;
            index.grid.within(p.location, p.radiusMeters, [&](std::uint32_t j, double) {
                const double d = pairDistanceMeters(pb, i, j);
                if (!(d <= p.radiusMeters))
                    return;
                const double c = pairCost(pb, i, j);
                if (c < bestCost || (c == bestCost && j < best)) {
                    best = j;
                    bestCost = c;
                    bestD = d;
                }
            });
            if (best != kUnplaced) {
                pieces.push_back({static_cast<std::uint32_t>(i), best, p.demand, bestD});
                continue;
            }
            const auto [j, d] = nearestByDistance(pb, index, i);
            pieces.push_back(
                {static_cast<std::uint32_t>(i), kUnplaced, p.demand, j == kUnplaced ? -1.0 : d});
            continue;
        }
        const auto [j, d] =
            pb.distance ? nearestByDistance(pb, index, i) : index.grid.nearest(p.location);
        const bool within = j != kUnplaced && d <= p.radiusMeters;
        pieces.push_back({static_cast<std::uint32_t>(i), within ? j : kUnplaced, p.demand,
                          j == kUnplaced ? -1.0 : d});
    }
    return pieces;
}

/// A previous solution with every point's flows fitted to its new demand, for a warm start.
/// At the previous optimum all of a point's flows (and its unplaced part) lie at its cheapest
/// arcs, so taking children off any of them, or adding children to one of them, keeps the point
/// at its cheapest arcs and the solver keeps it; schools filled above their seats are emptied
/// by the solver (whole points, farthest first) and those points routed again.
TransportSolution fittedToDemand(const TransportSolution& previous,
                                 const std::vector<std::int64_t>& demand) {
    TransportSolution w = previous;
    w.flows.clear();
    w.flows.reserve(previous.flows.size());
    std::size_t f = 0;
    for (std::uint32_t i = 0; i < demand.size(); ++i) {
        const std::size_t first = w.flows.size();
        std::int64_t left = demand[i];
        // Flows first, in the previous order (by facility), then the unplaced part.
        for (; f < previous.flows.size() && previous.flows[f].point == i; ++f) {
            const std::int64_t take = std::min(left, previous.flows[f].amount);
            if (take > 0)
                w.flows.push_back({i, previous.flows[f].facility, take});
            left -= take;
        }
        const std::int64_t unplaced = std::min(left, previous.unplaced[i]);
        left -= unplaced;
        w.unplaced[i] = unplaced;
        if (left > 0) { // more children than before: onto the first flow, else unplaced
            if (w.flows.size() > first)
                w.flows[first].amount += left;
            else if (previous.unplaced[i] > 0)
                w.unplaced[i] += left;
            // else: no previous flow at all; the solver routes the point from scratch
        }
    }
    return w;
}

} // namespace

/// The distance the problem uses from point i to facility j: pb.distance raised to at least the
/// straight line, +infinity when it reports no route (NaN included); the straight line without it.
double pairDistanceMeters(const AllocationProblem& pb, std::size_t i, std::size_t j) {
    const double straight = straightLineMeters(pb.points[i].location, pb.facilities[j].location);
    if (!pb.distance)
        return straight;
    const double d = pb.distance(i, j);
    if (std::isnan(d))
        return kNoRoute;
    return std::max(straight, d);
}

const char* allocationModeCode(AllocationMode mode) {
    switch (mode) {
    case AllocationMode::Zones:
        return "zones";
    case AllocationMode::Nearest:
        return "nearest";
    case AllocationMode::Optimal:
        return "optimal";
    }
    return "optimal";
}

std::optional<AllocationMode> parseAllocationMode(const std::string& text) {
    for (const AllocationMode m :
         {AllocationMode::Zones, AllocationMode::Nearest, AllocationMode::Optimal})
        if (text == allocationModeCode(m))
            return m;
    return std::nullopt;
}

TransportProblem transportProblemOf(const AllocationProblem& pb) {
    TransportProblem tp;
    tp.demandPoints.reserve(pb.points.size());
    tp.demand.reserve(pb.points.size());
    for (const AllocationPoint& p : pb.points) {
        tp.demandPoints.push_back(p.location);
        tp.demand.push_back(p.demand);
    }
    for (const AllocationFacility& f : pb.facilities) {
        tp.facilities.push_back(f.location);
        tp.capacity.push_back(f.seats);
    }
    tp.unplacedPenaltyMeters = pb.config.unplacedPenaltyMeters;
    tp.candidateArcs = pb.config.candidateArcs;
    tp.cancel = pb.cancel;
    if (pb.distance || pb.barrierCrossings) {
        // The cost must not be below the straight line (the solver prices omitted pairs with
        // it) and must be finite: a pair without route costs max(2P, straight), more than
        // leaving the child unplaced (P), so no child is ever sent along it (α_i ≤ P < c_ij).
        // Barrier penalties only add to it.
        struct Costs {
            std::function<double(std::size_t, std::size_t)> distance;
            std::function<int(std::size_t, std::size_t)> crossings;
            std::vector<PointM> points, facilities;
            double unreachable = 0.0;
            double penalty = 0.0;
        };
        auto costs = std::make_shared<Costs>();
        costs->distance = pb.distance;
        costs->crossings = pb.barrierCrossings;
        costs->points = tp.demandPoints;
        costs->facilities = tp.facilities;
        costs->unreachable = 2.0 * pb.config.unplacedPenaltyMeters;
        costs->penalty = pb.config.barrierPenaltyMeters;
        tp.cost = [costs](std::size_t i, std::size_t j) {
            const double straight = straightLineMeters(costs->points[i], costs->facilities[j]);
            const double d = costs->distance ? costs->distance(i, j) : straight;
            if (!(d < kNoRoute)) // +infinity or NaN: no route
                return std::max(straight, costs->unreachable);
            const double extra = costs->crossings
                                     ? costs->penalty * static_cast<double>(costs->crossings(i, j))
                                     : 0.0;
            return std::max(straight, d) + extra;
        };
    }
    return tp;
}

AllocationResult allocate(const CityData& city, const AllocationProblem& pb,
                          const AllocationResult* previous) {
    AllocationResult r;
    r.stage = pb.stage;
    r.mode = pb.config.mode;
    const FacilityIndex index(pb.facilities);

    switch (pb.config.mode) {
    case AllocationMode::Zones:
        r.pieces = allocateZones(pb, city);
        break;
    case AllocationMode::Nearest:
        r.pieces = allocateNearest(pb, index);
        break;
    case AllocationMode::Optimal: {
        if (pb.facilities.empty()) {
            for (std::size_t i = 0; i < pb.points.size(); ++i)
                r.pieces.push_back(
                    {static_cast<std::uint32_t>(i), kUnplaced, pb.points[i].demand, -1.0});
            break;
        }
        const TransportProblem tp = transportProblemOf(pb);
        std::optional<TransportSolution> warm;
        if (previous && previous->transport && previous->mode == AllocationMode::Optimal &&
            previous->stage == pb.stage &&
            previous->transport->unplaced.size() == tp.demandPoints.size() &&
            previous->transport->facilityPrices.size() <= tp.facilities.size())
            warm = fittedToDemand(*previous->transport, tp.demand);
        r.transport = solveTransport(tp, warm ? &*warm : nullptr);
        const TransportSolution& sol = *r.transport;
        std::size_t f = 0;
        for (std::uint32_t i = 0; i < pb.points.size(); ++i) {
            for (; f < sol.flows.size() && sol.flows[f].point == i; ++f) {
                const TransportFlow& fl = sol.flows[f];
                // A flow never uses a pair without route (its cost exceeds the penalty).
                r.pieces.push_back({i, fl.facility, fl.amount,
                                    pb.distance
                                        ? pairDistanceMeters(pb, i, fl.facility)
                                        : straightLineMeters(pb.points[i].location,
                                                             pb.facilities[fl.facility].location)});
            }
            if (sol.unplaced[i] > 0) {
                const auto [j, d] = pb.distance ? nearestByDistance(pb, index, i)
                                                : index.grid.nearest(pb.points[i].location);
                r.pieces.push_back({i, kUnplaced, sol.unplaced[i], j == kUnplaced ? -1.0 : d});
            }
        }
        break;
    }
    }

    if (pb.barrierCrossings)
        for (AllocationPiece& piece : r.pieces)
            if (piece.facility != kUnplaced)
                piece.barrierCrossings = pb.barrierCrossings(piece.point, piece.facility);

    // Per school.
    r.schools.resize(pb.facilities.size());
    std::vector<double> distanceSum(pb.facilities.size(), 0.0);
    for (std::size_t j = 0; j < pb.facilities.size(); ++j) {
        r.schools[j].schoolIndex = pb.facilities[j].schoolIndex;
        r.schools[j].seats = pb.facilities[j].seats;
        r.schools[j].classes = pb.facilities[j].classes;
    }
    {
        Accessibility access = accessibility(pb, pb.config.accessibility);
        r.accessibility = std::move(access.perPoint);
        for (std::size_t j = 0; j < pb.facilities.size(); ++j) {
            r.schools[j].catchmentDemand = access.catchmentDemand[j];
            r.schools[j].seatsPerChild = access.seatsPerChild[j];
        }
    }

    // Per area: towns, then districts and city from the towns and schools.
    const Regions& regions = city.regions;
    const RegionIndex regionIndex(regions);
    r.towns.resize(regions.towns.size());
    for (std::size_t t = 0; t < regions.towns.size(); ++t) {
        r.towns[t].code = regions.towns[t].code;
        r.towns[t].name = regions.towns[t].name;
    }
    r.city.code = regions.cityCode;
    r.city.name = regions.cityName;
    // Accessibility averaged over the children with a school in reach (A_i defined).
    std::vector<double> accessWeighted(regions.towns.size(), 0.0);
    std::vector<std::int64_t> accessChildren(regions.towns.size(), 0);
    double cityAccess = 0.0;
    std::int64_t cityAccessChildren = 0;
    for (std::size_t i = 0; i < pb.points.size(); ++i) {
        const AllocationPoint& p = pb.points[i];
        const bool defined = !std::isnan(r.accessibility[i]);
        const double w = defined ? r.accessibility[i] * static_cast<double>(p.demand) : 0.0;
        const std::int64_t counted = defined ? p.demand : 0;
        cityAccess += w;
        cityAccessChildren += counted;
        r.city.demand += p.demand;
        if (!defined)
            r.city.withoutSchoolInReach += p.demand;
        if (p.townIndex < r.towns.size()) {
            r.towns[p.townIndex].demand += p.demand;
            accessWeighted[p.townIndex] += w;
            accessChildren[p.townIndex] += counted;
            if (!defined)
                r.towns[p.townIndex].withoutSchoolInReach += p.demand;
        }
    }
    constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
    const auto mean = [&](double sum, std::int64_t children) {
        return children > 0 ? sum / static_cast<double>(children) : kUndefined;
    };
    for (const AllocationPiece& piece : r.pieces) {
        const AllocationPoint& p = pb.points[piece.point];
        AreaAllocation* town = p.townIndex < r.towns.size() ? &r.towns[p.townIndex] : nullptr;
        std::int64_t beyond = 0;
        if (piece.facility == kUnplaced) {
            r.city.unplaced += piece.amount;
            if (town)
                town->unplaced += piece.amount;
            if (pb.config.mode == AllocationMode::Nearest)
                beyond = piece.amount;
        } else {
            SchoolAllocation& s = r.schools[piece.facility];
            s.assigned += piece.amount;
            distanceSum[piece.facility] += static_cast<double>(piece.amount) * piece.distanceMeters;
            r.totalDistanceMeters += static_cast<double>(piece.amount) * piece.distanceMeters;
            r.city.assigned += piece.amount;
            if (town)
                town->assigned += piece.amount;
            if (piece.distanceMeters > p.radiusMeters) {
                beyond = piece.amount;
                s.beyondRadius += piece.amount;
            }
            if (piece.barrierCrossings > 0) {
                s.crossingBarrier += piece.amount;
                r.city.crossingBarrier += piece.amount;
                if (town)
                    town->crossingBarrier += piece.amount;
            }
            if (pb.metersPerMinute > 0.0) {
                const double minutes = piece.distanceMeters / pb.metersPerMinute;
                for (std::size_t k = 0; k < kLivingCircleMinutes.size(); ++k)
                    if (minutes <= kLivingCircleMinutes[k]) {
                        r.city.withinMinutes[k] += piece.amount;
                        if (town)
                            town->withinMinutes[k] += piece.amount;
                    }
                if (pb.livingCircleMinutes > 0 && minutes <= pb.livingCircleMinutes) {
                    r.city.withinCircle += piece.amount;
                    if (town)
                        town->withinCircle += piece.amount;
                }
            }
        }
        r.city.beyondRadius += beyond;
        if (town)
            town->beyondRadius += beyond;
    }
    for (std::size_t j = 0; j < pb.facilities.size(); ++j) {
        SchoolAllocation& s = r.schools[j];
        const AllocationFacility& f = pb.facilities[j];
        if (s.seats > 0)
            s.utilisation = static_cast<double>(s.assigned) / static_cast<double>(s.seats);
        if (s.classes > 0)
            s.meanClassSize = static_cast<double>(s.assigned) / static_cast<double>(s.classes);
        s.classesNeeded = f.standardClassSize > 0.0
                              ? static_cast<std::int64_t>(std::ceil(
                                    static_cast<double>(s.assigned) / f.standardClassSize - 1e-9))
                              : 0;
        s.largeClassesByAssignment = classesAtLeast(s.classes, s.assigned, pb.largeClassMin);
        s.hugeClassesByAssignment = classesAtLeast(s.classes, s.assigned, pb.hugeClassMin);
        s.meanDistanceMeters =
            s.assigned > 0 ? distanceSum[j] / static_cast<double>(s.assigned) : 0.0;
        s.meanMinutes = pb.metersPerMinute > 0.0 ? s.meanDistanceMeters / pb.metersPerMinute : 0.0;
        const std::int64_t over = std::max<std::int64_t>(0, s.assigned - s.seats);
        const std::int64_t spare = std::max<std::int64_t>(0, s.seats - s.assigned);
        auto addSchool = [&](AreaAllocation& a) {
            a.seats += s.seats;
            a.atSchools += s.assigned;
            a.overCapacity += over;
            a.surplus += spare;
        };
        addSchool(r.city);
        if (f.townIndex != kNoTown && f.townIndex < r.towns.size())
            addSchool(r.towns[f.townIndex]);
    }
    r.districts.resize(regions.districts.size());
    std::vector<double> districtAccess(regions.districts.size(), 0.0);
    std::vector<std::int64_t> districtAccessChildren(regions.districts.size(), 0);
    for (std::size_t d = 0; d < regions.districts.size(); ++d) {
        r.districts[d].code = regions.districts[d].code;
        r.districts[d].name = regions.districts[d].name;
    }
    for (std::size_t t = 0; t < r.towns.size(); ++t) {
        AreaAllocation& a = r.towns[t];
        a.childrenWithoutSeat = a.overCapacity + a.unplaced;
        a.meanAccessibility = mean(accessWeighted[t], accessChildren[t]);
        const auto d = regionIndex.districtOfTown(t);
        if (!d)
            continue;
        AreaAllocation& b = r.districts[*d];
        b.demand += a.demand;
        b.assigned += a.assigned;
        b.unplaced += a.unplaced;
        b.beyondRadius += a.beyondRadius;
        b.seats += a.seats;
        b.atSchools += a.atSchools;
        b.overCapacity += a.overCapacity;
        b.surplus += a.surplus;
        b.withoutSchoolInReach += a.withoutSchoolInReach;
        b.crossingBarrier += a.crossingBarrier;
        b.withinCircle += a.withinCircle;
        for (std::size_t k = 0; k < b.withinMinutes.size(); ++k)
            b.withinMinutes[k] += a.withinMinutes[k];
        districtAccess[*d] += accessWeighted[t];
        districtAccessChildren[*d] += accessChildren[t];
    }
    for (std::size_t d = 0; d < r.districts.size(); ++d) {
        AreaAllocation& b = r.districts[d];
        b.childrenWithoutSeat = b.overCapacity + b.unplaced;
        b.meanAccessibility = mean(districtAccess[d], districtAccessChildren[d]);
    }
    r.city.childrenWithoutSeat = r.city.overCapacity + r.city.unplaced;
    r.city.meanAccessibility = mean(cityAccess, cityAccessChildren);
    return r;
}

} // namespace xw::core
