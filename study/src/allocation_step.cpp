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
#include <exception>
#include <map>
#include <optional>
#include <tuple>

namespace xw::study::detail {

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

/// The demand grid of `config`'s spacing (kept while the spacing and the housing are unchanged),
/// with its weighting note and problems recorded in `a` and `r`.
const gis::DemandGrid& demandGridFor(Study::Impl& s, const StudyConfig& config,
                                     AllocationResults& a, StudyResults& r,
                                     const core::Progress& progress) {
    const core::CityData& city = s.planned.city;
    progress.report("demand_grid", 0, 1);
    if (!(s.grid && s.grid->cellMeters == config.gridMeters && s.grid->housing == city.housing)) {
        gis::DemandGridConfig gc;
        gc.cellMeters = config.gridMeters;
        // Residential units when the dataset has them, else the grid.
        s.grid = GridCache{config.gridMeters, city.housing,
                           std::make_shared<const gis::DemandGrid>(
                               gis::buildDemandPoints(s.planned, gc, progress))};
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
    return grid;
}

/// The dataset's OD table and barriers (every stage's problem), and the road cache: road tables
/// are built per travel profile when a stage first needs one. The OD table (the user's routing
/// engine) replaces --roads, which is then not read.
core::PairInputs distanceInputs(Study::Impl& s, const StudyConfig& config,
                                const gis::DemandGrid& grid, AllocationResults& a,
                                StudyResults& r) {
    core::PairInputs pairs = gis::pairInputs(s.planned, grid);
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
    return pairs;
}

/// A city allocated: the base year or a projected year.
struct Slot {
    int year;
    const core::CityData* city;
    const core::SeatBalance* balance;
    YearResult* result; // null for the base year
};

/// The base year, then (with allocateEveryYear) the projected years in order.
std::vector<Slot> allocationSlots(const StudyConfig& config, StudyResults& r) {
    std::vector<Slot> slots{{r.baseYear, r.city.get(), &r.balance, nullptr}};
    if (config.allocateEveryYear)
        for (YearResult& y : r.years)
            slots.push_back({y.year, y.city.get(), &y.balance, &y});
    std::sort(slots.begin() + 1, slots.end(),
              [](const Slot& x, const Slot& y) { return x.year < y.year; });
    return slots;
}

/// Each slot's attendance zones in zones mode; nullopt in every slot otherwise.
/// \throws StudyError in zones mode when the dataset has no zones.
std::vector<std::optional<core::ZoneMembership>> zonesOfSlots(const Study::Impl& s,
                                                              const std::vector<Slot>& slots,
                                                              const gis::DemandGrid& grid,
                                                              bool zonesMode) {
    std::vector<std::optional<core::ZoneMembership>> zones(slots.size());
    if (!zonesMode)
        return zones;
    gis::DemandGrid g;
    g.cellMeters = grid.cellMeters;
    g.points = grid.points;
    for (std::size_t k = 0; k < slots.size(); ++k) {
        zones[k] = gis::zoneMembership(
            zonesForYear(s.planned, *slots[k].city, s.scenario.plan, slots[k].year), g);
        if (!zones[k])
            throw StudyError("数据集没有学区 (图层 zones 或表 school_towns) / the dataset has no "
                             "attendance zones (layer zones or table school_towns)");
    }
    return zones;
}

/// One (stage, year) problem, and how it is answered: reused from the previous run as it is, or
/// solved with a warm start from the previous run or from the job before it.
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

/// Every (stage, year) problem in (stage, year) order, and the chains the unsolved ones are
/// solved in: each chain in order, a job warm-starting from the one before it.
struct JobPlan {
    std::vector<Job> jobs;
    std::vector<std::vector<std::size_t>> chains; // job indices
    int total = 0;                                // stages × slots, for progress
};

/// What building the jobs reads and where it records notes and problems.
struct JobInputs {
    Study::Impl& s;
    const gis::DemandGrid& grid;
    const core::PairInputs& pairs;
    const std::vector<Slot>& slots;
    const std::vector<std::optional<core::ZoneMembership>>& zones;
    core::AllocationConfig config;
    AllocationResults& a;
    StudyResults& r;
    const core::Progress& progress;
};

/// Slot k's problem of `stage` on the stage's point list (`listDemand`, the most children of any
/// year at each point) with the slot's demand `demand`; distances by road when the study has a
/// road cache, then the OD table and barriers. Notes and problems are recorded once, in the base
/// year.
core::AllocationProblem problemFor(const JobInputs& in, core::Stage stage, std::size_t k,
                                   const std::vector<std::int64_t>& listDemand,
                                   const std::vector<std::int64_t>& demand) {
    const Slot& slot = in.slots[k];
    const core::AllocationProblem list =
        core::buildAllocationProblem(*slot.city, stage, in.grid.points, listDemand, in.config,
                                     in.zones[k] ? &*in.zones[k] : nullptr);
    core::AllocationProblem pb = core::withDemand(list, demand);
    if (in.s.roads) {
        const auto roads =
            roadsFor(in.s, slot.city->norms[stage].travelProfile, in.grid, in.a, in.r, in.progress);
        pb.distance = roadDistanceFor(roads, *in.s.roads, pb, *slot.city);
        if (slot.result == nullptr) // base year: where snapping went far
            for (auto& d : gis::roadSnapWarnings(*roads, pb, *slot.city, in.grid.pointIds,
                                                 roadFacilities(*in.s.roads, pb, *slot.city)))
                in.r.diagnostics.push_back(std::move(d));
    }
    for (core::Diagnostic& d : core::applyPairInputs(in.pairs, *slot.city, pb))
        if (slot.result == nullptr) { // base year: say it once
            if (d.severity == core::Severity::Info)
                in.a.notes.push_back(d.message);
            else
                in.r.diagnostics.push_back(std::move(d));
        }
    pb.cancel = in.progress.cancelFlag();
    return pb;
}

/// Slot k's job of `stage`, and how it is answered: the previous run's result when the problem is
/// the same; else a warm start from the previous run's result of the same stage and year (the
/// closest start after an edit) or from `previous`, the job before it of the same stage.
Job jobFor(const JobInputs& in, core::Stage stage, std::size_t k, core::AllocationProblem problem,
           const Job* previous) {
    const Slot& slot = in.slots[k];
    Job job;
    job.slot = k;
    job.problem = std::move(problem);
    job.fingerprint =
        fingerprintOf(job.problem, *slot.city, in.s.roads ? in.s.roads->source : std::string());
    job.ids = facilityIds(job.problem, *slot.city);
    job.key = std::make_tuple(core::stageIndex(stage), slot.year, static_cast<int>(in.config.mode));
    const auto cached = in.s.allocations.find(job.key);
    if (cached != in.s.allocations.end() && cached->second.fingerprint == job.fingerprint) {
        job.result = cached->second.result;
    } else if (cached != in.s.allocations.end() && prefixOf(cached->second.facilityIds, job.ids)) {
        job.warm = cached->second.result;
    } else if (previous != nullptr && prefixOf(previous->ids, job.ids)) {
        if (previous->result)
            job.warm = previous->result; // reused as it is: already known
        else
            job.warmFromPrevious = true;
    }
    return job;
}

/// Every stage's problem in every slot, in (stage, year) order; road tables and notes are made on
/// first use. Every year of a stage shares one point list: the points with children in any year.
JobPlan planJobs(const JobInputs& in) {
    JobPlan plan;
    const std::size_t towns = in.s.planned.city.regions.towns.size();
    plan.total = static_cast<int>(core::kAllStages.size() * in.slots.size());
    int built = 0;
    for (const core::Stage stage : core::kAllStages) {
        std::vector<std::vector<std::int64_t>> split;
        std::vector<std::int64_t> listDemand(in.grid.points.size(), 0);
        const std::vector<core::DemandPoint> stagePoints = in.grid.pointsFor(stage);
        for (const Slot& slot : in.slots) {
            split.push_back(
                core::splitDemand(stagePoints, townDemandOf(*slot.balance, stage, towns)).perPoint);
            for (std::size_t i = 0; i < listDemand.size(); ++i)
                listDemand[i] = std::max(listDemand[i], split.back()[i]);
        }
        bool anySchool = false;
        for (const Slot& slot : in.slots)
            for (const core::School& sc : slot.city->schools)
                anySchool = anySchool || sc.stage(stage) != nullptr;
        if (!anySchool) {
            built += static_cast<int>(in.slots.size());
            continue; // no school of the stage in any year: nothing to map
        }
        const std::size_t first = plan.jobs.size();
        for (std::size_t k = 0; k < in.slots.size(); ++k) {
            in.progress.report("allocation " + std::string(core::stageCode(stage)) + " " +
                                   std::to_string(in.slots[k].year),
                               built++, plan.total);
            in.progress.throwIfCancelled();
            Job job = jobFor(in, stage, k, problemFor(in, stage, k, listDemand, split[k]),
                             k > 0 ? &plan.jobs.back() : nullptr);
            plan.jobs.push_back(std::move(job));
            const std::size_t j = plan.jobs.size() - 1;
            if (plan.jobs[j].result)
                continue;
            if (plan.jobs[j].warmFromPrevious && j > first)
                plan.chains.back().push_back(j); // the job before is the last of the last chain
            else
                plan.chains.push_back({j});
        }
    }
    return plan;
}

/// Solves the plan's chains in parallel on `threadsAsked` threads (0 = all), each chain in order.
/// Each solve depends only on its problem and its warm start, so the results do not depend on the
/// number of threads. A failed solve leaves the rest of its chain unsolved; the first failure in
/// (stage, year) order is rethrown.
void solveJobs(JobPlan& plan, const std::vector<Slot>& slots, int threadsAsked,
               const core::Progress& progress) {
    std::vector<Job>& jobs = plan.jobs;
    const auto& chains = plan.chains;
    std::atomic<std::size_t> next{0};
    std::atomic<int> solved{0};
    const int solving = static_cast<int>(chains.size());
    const int threads = core::detail::threadsFor(threadsAsked, chains.size(), 8, 1);
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
            std::rethrow_exception(job.error);
    progress.throwIfCancelled();
}

/// The base-year catchment polygons of every stage in `a`: a stage whose base-year allocation is
/// the cached object of the previous run keeps the polygons drawn from it (after an edit only the
/// edited stage is drawn again).
void drawCatchments(Study::Impl& s, AllocationResults& a,
                    const std::vector<std::shared_ptr<const core::AllocationResult>>& baseResults,
                    const core::Progress& progress) {
    const gis::DemandGrid& grid = *s.grid->grid;
    std::map<int, CachedCatchments> drawn;
    const auto stages = static_cast<std::int64_t>(a.stages.size());
    progress.report("catchments", 0, stages);
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
        progress.report("catchments", static_cast<std::int64_t>(k + 1), stages);
    }
    s.catchments = std::move(drawn);
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
    AllocationResults a;
    a.mode = *config.allocation;
    a.gridMeters = config.gridMeters;
    const gis::DemandGrid& grid = demandGridFor(s, config, a, r, progress);
    const core::PairInputs pairs = distanceInputs(s, config, grid, a, r);

    // Three passes: every (stage, year) problem is built in order, then the problems that need
    // solving are solved (in chains, the chains in parallel), then the results are stored in
    // order.
    core::AllocationConfig ac;
    ac.mode = *config.allocation;
    const std::vector<Slot> slots = allocationSlots(config, r);
    const auto zones = zonesOfSlots(s, slots, grid, ac.mode == core::AllocationMode::Zones);
    JobPlan plan = planJobs(JobInputs{s, grid, pairs, slots, zones, ac, a, r, progress});
    solveJobs(plan, slots, config.threads, progress);

    std::vector<std::shared_ptr<const core::AllocationResult>> baseResults; // as a.stages
    for (Job& job : plan.jobs) {
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
    progress.report("allocation", plan.total, plan.total);

    if (config.catchmentShapes)
        drawCatchments(s, a, baseResults, progress);
    r.allocation = std::move(a);
}

} // namespace xw::study::detail
