// The allocation step: demand grid, attendance zones, road distances, and the allocation of every
// stage in the base year and in every projected year.
//
// Every year of a stage shares one point list (the grid points with children in any year, see
// core::withDemand), so a year can warm-start from the year before it. Each year's problem has the
// schools of that year's city; a new school is appended at the end of the list, which the
// transport solver's warm start accepts. A problem identical to one of the previous run (same
// schools, seats, demand) reuses that run's result outright.
#include "detail/study_impl.hpp"

#include <xw/core/allocation/demand_points.hpp>
#include <xw/core/allocation/pair_inputs.hpp>
#include <xw/core/detail/parallel.hpp>
#include <xw/gis/demand_grid.hpp>
#include <xw/gis/demand_units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
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

/// FNV-1a over the bytes of everything that defines an allocation problem's answer.
class Fingerprint {
public:
    void add(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) {
            m_hash ^= p[i];
            m_hash *= 0x100000001b3ULL;
        }
    }
    template <class T> void add(const T& v) { add(&v, sizeof v); }
    void add(const std::string& s) {
        add(s.data(), s.size());
        add(s.size());
    }
    [[nodiscard]] std::uint64_t value() const { return m_hash; }

private:
    std::uint64_t m_hash = 0xcbf29ce484222325ULL;
};

std::uint64_t fingerprintOf(const core::AllocationProblem& pb, const core::CityData& city,
                            const std::string& roads) {
    Fingerprint f;
    f.add(static_cast<int>(pb.config.mode));
    f.add(pb.config.unplacedPenaltyMeters);
    f.add(pb.config.candidateArcs);
    f.add(pb.config.barrierPenaltyMeters);
    f.add(pb.largeClassMin);
    f.add(pb.hugeClassMin);
    f.add(roads);
    // The road table is the stage's travel profile's; an OD table in minutes converts at the
    // stage's speed, which also sets the minutes in the results.
    f.add(static_cast<int>(city.norms[pb.stage].travelProfile));
    f.add(pb.metersPerMinute);
    f.add(pb.livingCircleMinutes);
    for (const core::AllocationFacility& fa : pb.facilities) {
        f.add(city.schools[fa.schoolIndex].key());
        f.add(fa.schoolIndex); // results name schools by index: a closure before it shifts it
        f.add(fa.location);
        f.add(fa.seats);
        f.add(fa.classes);
        f.add(fa.standardClassSize);
        f.add(fa.radiusMeters);
    }
    for (const core::AllocationPoint& p : pb.points) {
        f.add(p.gridIndex);
        f.add(p.demand);
        f.add(p.radiusMeters);
    }
    f.add(pb.zones.offsets.size());
    if (!pb.zones.schools.empty())
        f.add(pb.zones.schools.data(), pb.zones.schools.size() * sizeof(std::uint32_t));
    return f.value();
}

std::vector<std::string> facilityIds(const core::AllocationProblem& pb,
                                     const core::CityData& city) {
    std::vector<std::string> ids;
    ids.reserve(pb.facilities.size());
    for (const auto& f : pb.facilities)
        ids.push_back(city.schools[f.schoolIndex].key());
    return ids;
}

/// A warm start is sound when the previous schools are the first schools of the new problem.
bool prefixOf(const std::vector<std::string>& before, const std::vector<std::string>& now) {
    return before.size() <= now.size() && std::equal(before.begin(), before.end(), now.begin());
}

core::AllocationResult stripped(core::AllocationResult r) {
    r.pieces = {};
    r.accessibility = {};
    r.transport.reset();
    return r;
}

/// Town demand per stage of a seat balance (town-major rows), for splitDemand.
std::vector<double> townDemandOf(const core::SeatBalance& b, core::Stage stage, std::size_t towns) {
    std::vector<double> d(towns, 0.0);
    for (std::size_t t = 0; t < towns; ++t) {
        const std::size_t row =
            t * core::kStageCount + static_cast<std::size_t>(core::stageIndex(stage));
        if (row < b.towns.size())
            d[t] = b.towns[row].demand;
    }
    return d;
}

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
    try {
        distances = std::make_shared<const gis::RoadDistances>(network, cache.schoolLocations,
                                                               std::move(points));
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

std::string weightingNote(const gis::DemandGrid& grid) {
    switch (grid.weighting) {
    case gis::DemandWeighting::PopulationRaster:
        return "需求点按人口栅格加权 / demand points weighted by the population raster";
    case gis::DemandWeighting::Housing:
        return "需求点按常住人口均匀分布并叠加已交付新建小区人口 / demand points: the town's "
               "residents spread evenly plus the people of housing completed by the base year";
    case gis::DemandWeighting::BuiltUp:
        return "需求点: 常住人口分布在建成区格网内 (无建成区的乡镇用全乡镇), 叠加已交付新建小区 / "
               "demand points: the town's residents spread over its built-up cells (whole town "
               "where it has none), plus housing completed by the base year";
    case gis::DemandWeighting::Units: {
        std::size_t units = 0;
        for (const auto& id : grid.pointIds)
            units += id.empty() ? 0 : 1;
        const std::size_t cells = grid.points.size() - units;
        return fmt::format(
            "需求点为 {} 个居住单元, 按各学段适龄儿童 (或总人口) 加权{} / demand "
            "points are {} residential units weighted by their children of each "
            "stage's ages (or their residents){}",
            units, cells > 0 ? fmt::format("; 无单元乡镇用 {} 个格网", cells) : "", units,
            cells > 0 ? fmt::format("; {} grid cells in towns without units", cells) : "");
    }
    case gis::DemandWeighting::Uniform:
        break;
    }
    return "需求点在乡镇内均匀分布 (无人口栅格、无建成区数据) / demand spread uniformly over each "
           "town (no population raster; built-up areas are not available)";
}

} // namespace

gis::DatasetLoad zonesForYear(const gis::DatasetLoad& planned, const core::CityData& city,
                              const core::Plan& plan, int year) {
    gis::DatasetLoad d;
    d.city = city;
    d.zones = planned.zones;
    d.schoolTowns = planned.schoolTowns;
    const core::ZoneRedraw* latest = nullptr;
    for (const core::ZoneRedraw& z : plan.zoneRedraws)
        if (z.year <= year && (latest == nullptr || z.year >= latest->year))
            latest = &z;
    if (latest != nullptr) {
        d.zones.clear();
        for (const auto& [id, wkb] : latest->polygons)
            d.zones.push_back({id, wkb, ""}); // a redrawn zone serves every campus
        d.schoolTowns = latest->schoolTowns;
    }
    return d;
}

void runAllocation(Study::Impl& s, const StudyConfig& config, StudyResults& r,
                   const core::Progress& progress) {
    const core::CityData& city = s.planned.city;
    AllocationResults a;
    a.mode = *config.allocation;
    a.gridMeters = config.gridMeters;

    // ---- Demand grid (kept while its spacing and the housing are unchanged)
    progress.report("demand_grid", 0, 1);
    if (!(s.grid && s.grid->cellMeters == config.gridMeters && s.grid->housing == city.housing)) {
        gis::DemandGridConfig gc;
        gc.cellMeters = config.gridMeters;
        // Residential units when the dataset has them, else the grid.
        s.grid = GridCache{
            config.gridMeters, city.housing,
            std::make_shared<const gis::DemandGrid>(gis::buildDemandPoints(s.planned, gc))};
    }
    const gis::DemandGrid& grid = *s.grid->grid;
    a.grid = grid.catchmentCells();
    a.pointIds = grid.pointIds;
    a.weighting = grid.weighting;
    a.notes.push_back(weightingNote(grid));
    if (!grid.townsWithoutCell.empty())
        a.notes.push_back(std::to_string(grid.townsWithoutCell.size()) +
                          " 个乡镇小于一个格网, 各用一个内部点 / towns smaller than a cell got one "
                          "inner point each");
    for (const auto& p : grid.problems)
        r.diagnostics.push_back(p);
    progress.report("demand_grid", 1, 1);
    progress.throwIfCancelled();

    // ---- The dataset's OD table and barriers (every stage's problem), and road distances: one
    // table per travel profile, built when a stage first needs it. The OD table (the user's
    // routing engine) replaces --roads, which is then not read.
    const core::PairInputs pairs = gis::pairInputs(s.planned, grid);
    a.odTable = pairs.od != nullptr;
    if (!config.roads.empty() && !a.odTable) {
        buildRoads(s, config, r);
        a.roadNetwork = s.roads->fileName;
        // Tables kept from the previous run: say again what they were built from (tables built
        // in this run add their own notes and problems in roadsFor).
        a.roads = s.roads->network; // null until a stage first reads the network
        a.notes.insert(a.notes.end(), s.roads->notes.begin(), s.roads->notes.end());
        r.diagnostics.insert(r.diagnostics.end(), s.roads->problems.begin(),
                             s.roads->problems.end());
    } else {
        s.roads.reset();
        if (!config.roads.empty())
            a.notes.emplace_back("数据集有 OD 表, 不使用路网 / the dataset's OD table gives the "
                                 "distances: the road network is not used");
    }

    core::AllocationConfig ac;
    ac.mode = *config.allocation;
    const std::size_t towns = city.regions.towns.size();
    const bool zonesMode = ac.mode == core::AllocationMode::Zones;
    const std::atomic<bool>* cancel = progress.cancelFlag();

    // Cities of every year allocated: the base year, then the projected years other than it.
    struct Slot {
        int year;
        const core::CityData* city;
        const core::SeatBalance* balance;
        YearResult* result; // null for the base year
    };
    std::vector<Slot> slots{{r.baseYear, r.city.get(), &r.balance, nullptr}};
    if (config.allocateEveryYear)
        for (YearResult& y : r.years)
            slots.push_back({y.year, y.city.get(), &y.balance, &y});
    std::sort(slots.begin() + 1, slots.end(),
              [](const Slot& x, const Slot& y) { return x.year < y.year; });

    const auto zonesOf = [&](const Slot& slot) -> std::optional<core::ZoneMembership> {
        if (!zonesMode)
            return std::nullopt;
        gis::DemandGrid g;
        g.cellMeters = grid.cellMeters;
        g.points = grid.points;
        auto z =
            gis::zoneMembership(zonesForYear(s.planned, *slot.city, s.scenario.plan, slot.year), g);
        if (!z)
            throw StudyError("数据集没有学区 (图层 zones 或表 school_towns) / the dataset has no "
                             "attendance zones (layer zones or table school_towns)");
        return z;
    };
    std::vector<std::optional<core::ZoneMembership>> zones;
    zones.reserve(slots.size());
    for (const Slot& slot : slots)
        zones.push_back(zonesOf(slot));

    // Three passes: every (stage, year) problem is built in order (road tables and notes are
    // made on first use), then the problems that need solving are solved — in chains where a
    // year warm-starts from the year before it in this run, the chains in parallel on the
    // study's threads —, then the results are stored in order. Each solve depends only on its
    // problem and its warm start, so the results do not depend on the number of threads.
    struct Job {
        std::size_t slot = 0;
        core::AllocationProblem problem;
        std::uint64_t fingerprint = 0;
        std::vector<std::string> ids;
        std::tuple<int, int, int> key;
        std::shared_ptr<const core::AllocationResult> result; // set when reused as it is
        std::shared_ptr<const core::AllocationResult> warm;   // a start from the last run
        bool warmFromPrevious = false; // warm-starts from the job before it (same stage)
        std::exception_ptr error;
    };
    std::vector<Job> jobs;
    std::vector<std::vector<std::size_t>> chains; // job indices, each solved in order
    const int total = static_cast<int>(core::kAllStages.size() * slots.size());
    int built = 0;
    for (const core::Stage stage : core::kAllStages) {
        // One point list for every year: the points with children in any of them.
        std::vector<std::vector<std::int64_t>> split;
        std::vector<std::int64_t> listDemand(grid.points.size(), 0);
        const std::vector<core::DemandPoint> stagePoints = grid.pointsFor(stage);
        for (const Slot& slot : slots) {
            split.push_back(
                core::splitDemand(stagePoints, townDemandOf(*slot.balance, stage, towns)).perPoint);
            for (std::size_t i = 0; i < listDemand.size(); ++i)
                listDemand[i] = std::max(listDemand[i], split.back()[i]);
        }
        bool anySchool = false;
        for (const Slot& slot : slots)
            for (const core::School& sc : slot.city->schools)
                anySchool = anySchool || sc.stage(stage) != nullptr;
        if (!anySchool) {
            built += static_cast<int>(slots.size());
            continue; // no school of the stage in any year: nothing to map
        }
        const std::size_t first = jobs.size();
        for (std::size_t k = 0; k < slots.size(); ++k) {
            const Slot& slot = slots[k];
            progress.report("allocation " + std::string(core::stageCode(stage)) + " " +
                                std::to_string(slot.year),
                            built++, total);
            progress.throwIfCancelled();
            core::AllocationProblem list = core::buildAllocationProblem(
                *slot.city, stage, grid.points, listDemand, ac, zones[k] ? &*zones[k] : nullptr);
            Job job;
            job.slot = k;
            job.problem = core::withDemand(list, split[k]);
            core::AllocationProblem& pb = job.problem;
            if (s.roads) {
                const auto roads =
                    roadsFor(s, slot.city->norms[stage].travelProfile, grid, a, r, progress);
                pb.distance = roadDistanceFor(roads, *s.roads, pb, *slot.city);
                if (slot.result == nullptr) // base year: where snapping went far
                    for (auto& d : gis::roadSnapWarnings(*roads, pb, *slot.city, grid.pointIds,
                                                         roadFacilities(*s.roads, pb, *slot.city)))
                        r.diagnostics.push_back(std::move(d));
            }
            for (core::Diagnostic& d : core::applyPairInputs(pairs, *slot.city, pb))
                if (slot.result == nullptr) { // base year: say it once
                    if (d.severity == core::Severity::Info)
                        a.notes.push_back(d.message);
                    else
                        r.diagnostics.push_back(std::move(d));
                }
            pb.cancel = cancel;
            job.fingerprint =
                fingerprintOf(pb, *slot.city, s.roads ? s.roads->source : std::string());
            job.ids = facilityIds(pb, *slot.city);
            job.key =
                std::make_tuple(core::stageIndex(stage), slot.year, static_cast<int>(ac.mode));
            const auto cached = s.allocations.find(job.key);
            if (cached != s.allocations.end() && cached->second.fingerprint == job.fingerprint) {
                job.result = cached->second.result; // the same problem as last run
            } else if (cached != s.allocations.end() &&
                       prefixOf(cached->second.facilityIds, job.ids)) {
                // After an edit the previous run's solution of the same stage and year is the
                // closest start; otherwise the year before in this run.
                job.warm = cached->second.result;
            } else if (k > 0 && prefixOf(jobs.back().ids, job.ids)) {
                if (jobs.back().result)
                    job.warm = jobs.back().result; // reused as it is: already known
                else
                    job.warmFromPrevious = true;
            }
            jobs.push_back(std::move(job));
            const std::size_t j = jobs.size() - 1;
            if (jobs[j].result)
                continue;
            if (jobs[j].warmFromPrevious && j > first)
                chains.back().push_back(j); // the job before is the last of the last chain
            else
                chains.push_back({j});
        }
    }

    // ---- Solve
    {
        std::atomic<std::size_t> next{0};
        std::atomic<int> solved{0};
        const int solving = static_cast<int>(chains.size());
        const int threads = core::detail::threadsFor(config.threads, chains.size(), 8, 1);
        core::detail::runWorkers(threads, [&](int worker) {
            for (std::size_t c = next++; c < chains.size(); c = next++) {
                for (const std::size_t j : chains[c]) {
                    Job& job = jobs[j];
                    if (job.error)
                        break;
                    try {
                        const core::AllocationResult* warm =
                            job.warmFromPrevious ? jobs[j - 1].result.get() : job.warm.get();
                        job.result = std::make_shared<const core::AllocationResult>(
                            core::allocate(*slots[job.slot].city, job.problem, warm));
                    } catch (...) {
                        job.error = std::current_exception();
                        // The rest of the chain waits on this job: leave it unsolved.
                        for (const std::size_t later : chains[c])
                            if (later > j)
                                jobs[later].error = job.error;
                        break;
                    }
                    const int done = ++solved;
                    if (worker == 0) // the caller's thread reports (callbacks need not be
                                     // thread-safe)
                        progress.report("allocation", done, solving);
                }
            }
        });
        for (const Job& job : jobs)
            if (job.error)
                std::rethrow_exception(job.error); // the first in (stage, year) order
        progress.throwIfCancelled();
    }

    // ---- Store, in (stage, year) order
    std::vector<std::shared_ptr<const core::AllocationResult>> baseResults; // as a.stages
    for (Job& job : jobs) {
        const Slot& slot = slots[job.slot];
        s.allocations[job.key] = CachedAllocation{job.fingerprint, job.ids, job.result};
        if (slot.result == nullptr) {
            a.stages.push_back({job.problem, *job.result});
            baseResults.push_back(job.result);
        } else {
            slot.result->allocation.push_back(stripped(*job.result));
            if (config.keepYearProblems)
                slot.result->allocationProblems.push_back(job.problem);
        }
    }
    progress.report("allocation", total, total);

    if (config.catchmentShapes) {
        // A stage whose base-year allocation is the cached object of the previous run keeps the
        // polygons drawn from it (after an edit only the edited stage is drawn again).
        std::map<int, CachedCatchments> drawn;
        progress.report("catchments", 0, static_cast<std::int64_t>(a.stages.size()));
        for (std::size_t k = 0; k < a.stages.size(); ++k) {
            const int stage = core::stageIndex(a.stages[k].problem.stage);
            const auto old = s.catchments.find(stage);
            CachedCatchments entry;
            if (old != s.catchments.end() && old->second.result == baseResults[k] &&
                old->second.grid == s.grid->grid) {
                entry = std::move(old->second);
            } else {
                entry.result = baseResults[k];
                entry.grid = s.grid->grid;
                entry.shapes = gis::catchmentShapes(grid.cellMeters, a.stages[k].problem,
                                                    a.stages[k].result, &grid.catchmentCells());
            }
            a.catchments.insert(a.catchments.end(), entry.shapes.begin(), entry.shapes.end());
            drawn[stage] = std::move(entry);
            progress.report("catchments", static_cast<std::int64_t>(k + 1),
                            static_cast<std::int64_t>(a.stages.size()));
        }
        s.catchments = std::move(drawn);
    }
    r.allocation = std::move(a);
}

} // namespace xw::study::detail
