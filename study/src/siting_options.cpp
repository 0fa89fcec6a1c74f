// What the optimiser may choose and how far it is: candidate sites (parcels or blocks),
// expansions limited by land, and road distances to every facility column. See
// detail/siting_options.hpp.
#include "detail/siting_options.hpp"

#include "detail/study_impl.hpp"

#include <xw/core/balance/seats.hpp>
#include <xw/gis/road_network.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <utility>

namespace xw::study::detail {

StageSizing stageSizing(const core::Norms& norms, core::Stage stage) {
    const core::StageNorms& s = norms[stage];
    StageSizing z;
    z.grades = std::max(1, s.grades);
    z.seatsPerClassRow = std::max<std::int64_t>(1, core::classRowSeats(s));
    z.classSize = std::max(1, static_cast<int>(std::lround(core::meanNormClassSize(s))));
    z.maxPerGrade = std::max(1, s.maxClassesPerSchool / z.grades);
    z.seatCostYuan = s.floorPerStudentM2 * norms.capitalCost.perFloorM2Yuan +
                     s.landPerStudentM2 * norms.capitalCost.perLandM2Yuan;
    z.landPerSeatM2 = s.landPerStudentM2;
    return z;
}

namespace {

/// Classes per grade a parcel holds: the norm, its max_classes and its land.
int parcelPerGrade(const core::SiteParcel& p, const StageSizing& z) {
    int perGrade = z.maxPerGrade;
    if (p.maxClasses)
        perGrade = std::min(perGrade, *p.maxClasses / z.grades);
    if (p.areaM2 > 0.0 && z.landPerSeatM2 > 0.0) {
        const double perGradeM2 = z.landPerSeatM2 * static_cast<double>(z.seatsPerClassRow);
        perGrade = std::min(perGrade, static_cast<int>(std::floor(p.areaM2 / perGradeM2 + 1e-9)));
    }
    return std::max(perGrade, 0);
}

std::string parcelLabel(const core::SiteParcel& p) {
    return p.name.empty() ? p.id : p.id + " " + p.name;
}

} // namespace

CandidateSet candidateSites(const std::vector<core::SiteParcel>& parcels,
                            const std::vector<core::SitingDemandPoint>& demand, core::Stage stage,
                            const StageSizing& z, double spacingMeters) {
    CandidateSet out;
    std::size_t otherStages = 0;
    for (std::size_t k = 0; k < parcels.size(); ++k) {
        const core::SiteParcel& p = parcels[k];
        if (!p.allows(stage)) {
            ++otherStages;
            continue;
        }
        const int perGrade = parcelPerGrade(p, z);
        if (perGrade <= 0) {
            const bool land = p.areaM2 > 0.0 &&
                              p.areaM2 < z.landPerSeatM2 * static_cast<double>(z.seatsPerClassRow);
            out.notes.push_back(
                land
                    ? fmt::format(
                          "地块 {} 面积 {:.0f} m² 不足每年级一个班 (需 {:.0f} m²), 不作候选 "
                          "/ parcel {} ({:.0f} m²) cannot hold one class per grade "
                          "({:.0f} m² needed): not a candidate",
                          parcelLabel(p), p.areaM2,
                          z.landPerSeatM2 * static_cast<double>(z.seatsPerClassRow), parcelLabel(p),
                          p.areaM2, z.landPerSeatM2 * static_cast<double>(z.seatsPerClassRow))
                    : fmt::format("地块 {} 最多 {} 个班, 不足每年级一个班 ({} 个年级), 不作候选 / "
                                  "parcel {} allows {} classes, fewer than one per grade ({} "
                                  "grades): not a candidate",
                                  parcelLabel(p), p.maxClasses.value_or(0), z.grades,
                                  parcelLabel(p), p.maxClasses.value_or(0), z.grades));
            continue;
        }
        core::CandidateSite site;
        site.location = p.location;
        site.seatsPerClass = z.classSize;
        site.seats = static_cast<std::int64_t>(perGrade) * z.seatsPerClassRow;
        if (p.costYuan)
            site.fixedCostYuan = *p.costYuan;
        else
            site.costPerSeatYuan = z.seatCostYuan;
        out.sites.push_back(site);
        out.parcel.push_back(k);
        out.demand.push_back(kNoIndex);
        out.maxPerGrade.push_back(perGrade);
    }
    if (otherStages > 0)
        out.notes.push_back(fmt::format("{} 个地块只供其他学段 / {} parcels are for other stages",
                                        otherStages, otherStages));
    if (!out.sites.empty()) {
        out.fromParcels = true;
        return out;
    }
    if (!parcels.empty())
        out.notes.emplace_back(
            "没有可供该学段的地块, 改用需求点作候选 / no parcel can take a school "
            "of this stage: demand points are the candidates");

    // The most populous demand point of each block.
    std::map<std::pair<long long, long long>, std::size_t> best; // block → demand index
    for (std::size_t d = 0; d < demand.size(); ++d) {
        const core::PointM at = demand[d].location;
        const auto block = std::make_pair(static_cast<long long>(std::floor(at.x / spacingMeters)),
                                          static_cast<long long>(std::floor(at.y / spacingMeters)));
        const auto [it, inserted] = best.emplace(block, d);
        if (!inserted && demand[d].children > demand[it->second].children)
            it->second = d;
    }
    std::vector<std::size_t> points;
    points.reserve(best.size());
    for (const auto& [block, d] : best)
        points.push_back(d);
    std::sort(points.begin(), points.end());
    for (const std::size_t d : points) {
        core::CandidateSite site;
        site.location = demand[d].location;
        site.seatsPerClass = z.classSize;
        site.seats = static_cast<std::int64_t>(z.maxPerGrade) * z.seatsPerClassRow;
        site.costPerSeatYuan = z.seatCostYuan;
        out.sites.push_back(site);
        out.parcel.push_back(kNoIndex);
        out.demand.push_back(d);
        out.maxPerGrade.push_back(z.maxPerGrade);
    }
    return out;
}

int expansionPerGrade(const core::School& school, std::int64_t stageClasses, core::Stage stage,
                      const core::Norms& norms) {
    const core::StageNorms& s = norms[stage];
    const int grades = std::max(1, s.grades);
    std::int64_t maxClasses = s.maxClassesPerSchool;
    if (school.landM2 > 0.0 && s.landPerStudentM2 > 0.0) {
        // Land the school's other stages use at their own norms.
        double used = 0.0;
        for (const core::StageProvision& p : school.stages) {
            if (p.stage == stage)
                continue;
            const core::StageNorms& o = norms[p.stage];
            for (const core::GradeRecord& g : p.grades)
                used += static_cast<double>(g.classes) * o.classSize(g.grade) * o.landPerStudentM2;
        }
        const double perClassM2 = s.landPerStudentM2 * std::max(1.0, core::meanNormClassSize(s));
        const double free = std::max(0.0, school.landM2 - used);
        maxClasses = std::min<std::int64_t>(
            maxClasses, static_cast<std::int64_t>(std::floor(free / perClassM2 + 1e-9)));
    }
    return static_cast<int>(std::max<std::int64_t>(0, (maxClasses - stageClasses) / grades));
}

SitingDistances roadSitingDistances(const core::SitingProblem& problem, const StudyConfig& run,
                                    const std::string& workingCrs, core::TravelProfile profile,
                                    const std::shared_ptr<const gis::RoadNetwork>& known,
                                    const std::atomic<bool>* cancel) {
    const auto [file, layer] = parseRoadSource(run.roads);
    gis::RoadNetworkOptions options;
    options.layer = layer;
    options.profile = profile;
    std::shared_ptr<const gis::RoadNetwork> network;
    const bool reusable = known && known->source == file.string() &&
                          (!layer || known->layer == *layer) &&
                          (known->classes.empty() || known->profile == profile);
    if (reusable) {
        network = known;
    } else {
        try {
            network = std::make_shared<const gis::RoadNetwork>(
                gis::readRoadNetwork(file, workingCrs, options));
        } catch (const gis::GisError& e) {
            throw StudyError(std::string("路网无法读取 / road network: ") + e.what());
        }
    }
    std::vector<core::PointM> facilities;
    gis::RoadDistanceOptions ro;
    ro.threads = std::max(1, run.threads);
    ro.cancel = cancel;
    // Existing schools make the part of the network they stand on one to snap to, as in the
    // allocation; a candidate site does not (reach 0), so the demand snaps as it does there.
    for (const core::ExistingFacility& f : problem.existing) {
        facilities.push_back(f.location);
        ro.facilityReachMeters.push_back(std::numeric_limits<double>::infinity());
    }
    for (const core::CandidateSite& c : problem.candidates) {
        facilities.push_back(c.location);
        ro.facilityReachMeters.push_back(0.0);
    }
    std::vector<core::PointM> points;
    points.reserve(problem.demand.size());
    for (const core::SitingDemandPoint& d : problem.demand)
        points.push_back(d.location);
    std::shared_ptr<const gis::RoadDistances> table;
    try {
        table = std::make_shared<const gis::RoadDistances>(*network, std::move(facilities),
                                                           std::move(points), ro);
    } catch (const std::invalid_argument& e) {
        throw StudyError(std::string("道路距离无法计算 / road distances: ") + e.what());
    }
    SitingDistances out;
    out.basis = "roads";
    out.notes.push_back(fmt::format(
        "选址距离按路网 / siting distances along the roads: {} [{}] ({}), {} 条线 lines, {:.0f} "
        "km; {} 所学校与候选点 schools and sites × {} 个路口 junctions",
        network->source, network->layer, core::travelProfileCode(profile), network->linesUsed,
        network->totalLengthMeters() / 1000.0, table->facilityCount(), table->relevantJunctions()));
    out.distance = [table](std::size_t point, std::size_t column) {
        return table->distance(point, column);
    };
    return out;
}

} // namespace xw::study::detail
