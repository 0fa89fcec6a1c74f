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

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

int main(int argc, char** argv) {
    namespace core = xw::core;
    namespace gis = xw::gis;
    using Clock = std::chrono::steady_clock;
    const std::filesystem::path data = argc > 1 ? argv[1] : XW_DEFAULT_DATA_DIR;
    const int year = argc > 2 ? std::stoi(argv[2]) : 2026;
    const double cell = argc > 3 ? std::stod(argv[3]) : 500.0;
    try {
        const gis::DatasetLoad d = gis::loadDataset(data);
        core::ProjectionConfig pc;
        pc.horizonYear = std::max(year, d.city.baseYear);
        const core::ProjectionResult projection = core::project(d.city, pc);
        const core::CityData city = core::projectedCity(d.city, projection, year);
        const core::SeatBalance balance = core::computeSeatBalance(city);
        gis::DemandGridConfig gc;
        gc.cellMeters = cell;
        const gis::DemandGrid grid = gis::buildDemandGrid(d, gc);
        const core::Stage stage = core::Stage::Primary;
        std::vector<double> townDemand(city.regions.towns.size(), 0.0);
        for (const auto& row : balance.towns)
            if (row.stage == stage)
                if (const auto t = city.regions.townIndex(row.code))
                    townDemand[*t] = row.demand;
        const core::DemandSplit split = core::splitDemand(grid.points, townDemand);
        core::AllocationConfig ac;
        ac.mode = core::AllocationMode::Optimal;
        const core::AllocationProblem ap =
            core::buildAllocationProblem(city, stage, grid.points, split.perPoint, ac);

        core::ZoningProblem zp;
        const std::size_t n = grid.points.size();
        std::map<std::pair<long, long>, std::uint32_t> at;
        const auto key = [&](core::PointM p) {
            return std::make_pair(std::lround(p.x / cell), std::lround(p.y / cell));
        };
        for (std::size_t i = 0; i < n; ++i) {
            zp.units.push_back({grid.points[i].location, split.perPoint[i]});
            at.emplace(key(grid.points[i].location), static_cast<std::uint32_t>(i));
        }
        zp.adjacency.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const auto [x, y] = key(grid.points[i].location);
            for (const auto& [dx, dy] : {std::pair{1L, 0L}, std::pair{0L, 1L}}) {
                const auto it = at.find({x + dx, y + dy});
                if (it != at.end())
                    zp.adjacency[i].push_back(it->second);
            }
        }
        std::vector<std::uint8_t> claimed(n, 0);
        for (const core::AllocationFacility& f : ap.facilities) {
            core::ZoningSchool s;
            s.location = f.location;
            s.seats = f.seats;
            const auto it = at.find(key(f.location));
            if (it != at.end() && claimed[it->second] == 0) {
                s.unit = it->second;
                claimed[it->second] = 1;
            }
            zp.schools.push_back(s);
        }
        // Today's zones: the nearest school whose zone holds the cell.
        if (const auto zones = gis::zoneMembership(d, grid)) {
            std::map<std::size_t, std::uint32_t> facilityOf;
            for (std::size_t j = 0; j < ap.facilities.size(); ++j)
                facilityOf[ap.facilities[j].schoolIndex] = static_cast<std::uint32_t>(j);
            zp.current.assign(n, core::kNoZoneSchool);
            for (std::size_t i = 0; i < n; ++i) {
                double best = 0.0;
                for (std::uint32_t k = zones->offsets[i]; k < zones->offsets[i + 1]; ++k) {
                    const auto it = facilityOf.find(zones->schools[k]);
                    if (it == facilityOf.end())
                        continue;
                    const double dist = core::straightLineMeters(
                        grid.points[i].location, ap.facilities[it->second].location);
                    if (zp.current[i] == core::kNoZoneSchool || dist < best) {
                        best = dist;
                        zp.current[i] = it->second;
                    }
                }
            }
        }
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
                    data.filename().string().c_str(), year, cell, n, withChildren,
                    zp.schools.size(), static_cast<long long>(children),
                    static_cast<long long>(seats), zp.current.empty() ? "" : ", today's zones");
        const auto t0 = Clock::now();
        const std::clock_t c0 = std::clock();
        const core::ZoningResult r = core::drawZones(zp, {});
        const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
        const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        std::size_t broken = 0;
        for (const auto& z : r.zones)
            broken += z.contiguous ? 0 : 1;
        std::printf("objective %.0f child-km, transport bound %.0f, gap %.3f %%\n",
                    r.objective / 1000.0, r.bound / 1000.0, 100.0 * r.gap);
        std::printf("overflow %lld children, zones not contiguous %zu, detached units %zu, "
                    "children moved from today's zones %lld, moves %lld\n",
                    static_cast<long long>(r.overflow), broken, r.detachedUnits.size(),
                    static_cast<long long>(r.childrenMoved), static_cast<long long>(r.moves));
        std::printf("drawZones wall %.2f s, cpu %.2f s\n", wall, cpu);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
