// Attendance zones on the embedded Yangjiang dataset (figures in docs/performance.md, "Siting").
//
//   zones_yangjiang_bench [data folder = the embedded dataset] [year = 2026] [grid metres = 500]
//
// Primary stage, the given year: the cohort projection (core::project, calibrated, default
// assumptions) gives each town's demand, spread over the demand grid (gis::buildDemandGrid,
// core::splitDemand) as whole children. Units are the grid cells (children may be 0), adjacent
// when they share an edge; a school's unit is the cell holding it. Today's zones (the dataset's
// zones layer or school–town table, when present) are the current assignment: each cell to the
// nearest school whose zone holds it. Prints the zones' objective, the transport bound and the
// certified gap, overflow, contiguity and the time of drawZones alone.
#include <xw/core/allocation/allocation.hpp>
#include <xw/core/allocation/demand_points.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/core/projection/projected_city.hpp>
#include <xw/core/projection/projection.hpp>
#include <xw/core/siting/zones.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace core = xw::core;
namespace gis = xw::gis;
using Clock = std::chrono::steady_clock;

/// The command line.
struct Options {
    std::filesystem::path data; ///< dataset folder
    int year = 2026;
    double cell = 500.0; ///< grid cell side, metres
};

Options parseOptions(int argc, char** argv) {
    Options o;
    o.data = argc > 1 ? argv[1] : XW_DEFAULT_DATA_DIR;
    o.year = argc > 2 ? std::stoi(argv[2]) : 2026;
    o.cell = argc > 3 ? std::stod(argv[3]) : 500.0;
    return o;
}

/// The dataset, its demand grid with the year's primary children on each cell, and the primary
/// schools with their seats (the optimal allocation's facilities).
struct Instance {
    gis::DatasetLoad dataset;
    gis::DemandGrid grid;
    core::DemandSplit split;
    core::AllocationProblem allocation;
};

/// Loads the dataset, projects it to the year (calibrated, default assumptions) and spreads each
/// town's primary demand over the grid as whole children.
Instance buildInstance(const Options& o) {
    Instance in;
    in.dataset = gis::loadDataset(o.data);
    const gis::DatasetLoad& d = in.dataset;
    core::ProjectionConfig pc;
    pc.horizonYear = std::max(o.year, d.city.baseYear);
    const core::ProjectionResult projection = core::project(d.city, pc);
    const core::CityData city = core::projectedCity(d.city, projection, o.year);
    const core::SeatBalance balance = core::computeSeatBalance(city);
    gis::DemandGridConfig gc;
    gc.cellMeters = o.cell;
    in.grid = gis::buildDemandGrid(d, gc);
    const core::Stage stage = core::Stage::Primary;
    std::vector<double> townDemand(city.regions.towns.size(), 0.0);
    for (const auto& row : balance.towns)
        if (row.stage == stage)
            if (const auto t = city.regions.townIndex(row.code))
                townDemand[*t] = row.demand;
    in.split = core::splitDemand(in.grid.points, townDemand);
    core::AllocationConfig ac;
    ac.mode = core::AllocationMode::Optimal;
    in.allocation =
        core::buildAllocationProblem(city, stage, in.grid.points, in.split.perPoint, ac);
    return in;
}

/// The unit of each grid cell, by the cell's (column, row) on the grid of side `cell`.
struct CellIndex {
    double cell = 0.0;
    std::map<std::pair<long, long>, std::uint32_t> at;

    [[nodiscard]] std::pair<long, long> key(core::PointM p) const {
        return std::make_pair(std::lround(p.x / cell), std::lround(p.y / cell));
    }
};

/// One unit per grid cell with its children (children may be 0); returns the cells' index.
CellIndex addUnits(core::ZoningProblem& zp, const Instance& in, double cell) {
    CellIndex cells{cell, {}};
    for (std::size_t i = 0; i < in.grid.points.size(); ++i) {
        zp.units.push_back({in.grid.points[i].location, in.split.perPoint[i]});
        cells.at.emplace(cells.key(in.grid.points[i].location), static_cast<std::uint32_t>(i));
    }
    return cells;
}

/// Units are adjacent when their cells share an edge.
void addAdjacency(core::ZoningProblem& zp, const Instance& in, const CellIndex& cells) {
    const std::size_t n = in.grid.points.size();
    zp.adjacency.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto [x, y] = cells.key(in.grid.points[i].location);
        for (const auto& [dx, dy] : {std::pair{1L, 0L}, std::pair{0L, 1L}}) {
            const auto it = cells.at.find({x + dx, y + dy});
            if (it != cells.at.end())
                zp.adjacency[i].push_back(it->second);
        }
    }
}

/// The schools with their seats; a school's unit is the cell holding it (the first school there).
void addSchools(core::ZoningProblem& zp, const Instance& in, const CellIndex& cells) {
    std::vector<std::uint8_t> claimed(in.grid.points.size(), 0);
    for (const core::AllocationFacility& f : in.allocation.facilities) {
        core::ZoningSchool s;
        s.location = f.location;
        s.seats = f.seats;
        const auto it = cells.at.find(cells.key(f.location));
        if (it != cells.at.end() && claimed[it->second] == 0) {
            s.unit = it->second;
            claimed[it->second] = 1;
        }
        zp.schools.push_back(s);
    }
}

/// Today's zones, when the dataset has them: each cell to the nearest school whose zone holds it.
void addTodaysZones(core::ZoningProblem& zp, const Instance& in) {
    const auto zones = gis::zoneMembership(in.dataset, in.grid);
    if (!zones)
        return;
    const auto& facilities = in.allocation.facilities;
    std::map<std::size_t, std::uint32_t> facilityOf;
    for (std::size_t j = 0; j < facilities.size(); ++j)
        facilityOf[facilities[j].schoolIndex] = static_cast<std::uint32_t>(j);
    const std::size_t n = in.grid.points.size();
    zp.current.assign(n, core::kNoZoneSchool);
    for (std::size_t i = 0; i < n; ++i) {
        double best = 0.0;
        for (std::uint32_t k = zones->offsets[i]; k < zones->offsets[i + 1]; ++k) {
            const auto it = facilityOf.find(zones->schools[k]);
            if (it == facilityOf.end())
                continue;
            const double dist = core::straightLineMeters(in.grid.points[i].location,
                                                         facilities[it->second].location);
            if (zp.current[i] == core::kNoZoneSchool || dist < best) {
                best = dist;
                zp.current[i] = it->second;
            }
        }
    }
}

/// The zoning problem on the grid: units, adjacency, schools and, when present, today's zones.
core::ZoningProblem buildZoningProblem(const Instance& in, double cell) {
    core::ZoningProblem zp;
    const CellIndex cells = addUnits(zp, in, cell);
    addAdjacency(zp, in, cells);
    addSchools(zp, in, cells);
    addTodaysZones(zp, in);
    return zp;
}

/// The first line: the instance's size.
void printInstance(const Options& o, const core::ZoningProblem& zp) {
    std::int64_t children = 0;
    std::int64_t seats = 0;
    std::size_t withChildren = 0;
    for (const auto& u : zp.units) {
        children += u.children;
        withChildren += u.children > 0 ? 1 : 0;
    }
    for (const auto& s : zp.schools)
        seats += s.seats;
    std::printf("Yangjiang %s, primary %d, grid %.0f m: %zu units (%zu with children), %zu "
                "schools, %lld children, %lld seats%s\n",
                o.data.filename().string().c_str(), o.year, o.cell, zp.units.size(), withChildren,
                zp.schools.size(), static_cast<long long>(children), static_cast<long long>(seats),
                zp.current.empty() ? "" : ", today's zones");
}

/// drawZones with the default configuration, and its wall and process CPU seconds.
struct TimedZones {
    core::ZoningResult result;
    double wall = 0.0;
    double cpu = 0.0;
};

TimedZones drawZonesTimed(const core::ZoningProblem& zp) {
    TimedZones t;
    const auto t0 = Clock::now();
    const std::clock_t c0 = std::clock();
    t.result = core::drawZones(zp, {});
    t.wall = std::chrono::duration<double>(Clock::now() - t0).count();
    t.cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    return t;
}

/// The zones' objective, bound and gap, their quality, and the time of drawZones.
void printResult(const TimedZones& t) {
    const core::ZoningResult& r = t.result;
    std::size_t broken = 0;
    for (const auto& z : r.zones)
        broken += z.contiguous ? 0 : 1;
    std::printf("objective %.0f child-km, transport bound %.0f, gap %.3f %%\n",
                r.objective / 1000.0, r.bound / 1000.0, 100.0 * r.gap);
    std::printf("overflow %lld children, zones not contiguous %zu, detached units %zu, "
                "children moved from today's zones %lld, moves %lld\n",
                static_cast<long long>(r.overflow), broken, r.detachedUnits.size(),
                static_cast<long long>(r.childrenMoved), static_cast<long long>(r.moves));
    std::printf("drawZones wall %.2f s, cpu %.2f s\n", t.wall, t.cpu);
}

} // namespace

int main(int argc, char** argv) {
    const Options o = parseOptions(argc, argv);
    try {
        const Instance in = buildInstance(o);
        const core::ZoningProblem zp = buildZoningProblem(in, o.cell);
        printInstance(o, zp);
        const TimedZones t = drawZonesTimed(zp);
        printResult(t);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
