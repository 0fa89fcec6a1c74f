// Residential units as demand points. See demand_units.hpp.
#include <xw/gis/demand_units.hpp>

#include <xw/core/allocation/demand_units.hpp>

#include <algorithm>
#include <memory>

namespace xw::gis {

DemandGrid buildDemandPoints(const DatasetLoad& data, const DemandGridConfig& config,
                             const core::Progress& progress) {
    DemandGrid grid = buildDemandGrid(data, config, progress);
    if (data.demandUnits.empty())
        return grid;
    const core::CityData& city = data.city;
    const std::vector<core::ResidentialUnit>& units = data.demandUnits;
    const core::UnitWeights weights = core::unitWeights(units, city.regions, city.norms);

    DemandGrid out;
    out.cellMeters = grid.cellMeters;
    out.weighting = DemandWeighting::Units;
    out.problems = std::move(grid.problems);
    const std::size_t towns = city.regions.towns.size();
    std::vector<std::vector<std::size_t>> unitsOf(towns);
    for (std::size_t u = 0; u < units.size(); ++u)
        if (const auto t = city.regions.townIndex(units[u].townCode))
            unitsOf[*t].push_back(u);
    std::vector<std::vector<std::size_t>> cellsOf(towns);
    for (std::size_t k = 0; k < grid.points.size(); ++k)
        if (grid.points[k].townIndex < towns)
            cellsOf[grid.points[k].townIndex].push_back(k);
    for (auto& w : out.stageWeights)
        w.reserve(units.size());
    for (std::size_t t = 0; t < towns; ++t) {
        const auto town = static_cast<std::uint32_t>(t);
        if (!unitsOf[t].empty()) {
            for (const std::size_t u : unitsOf[t]) {
                out.points.push_back({units[u].location, town, units[u].total()});
                out.pointIds.push_back(units[u].id);
                for (std::size_t s = 0; s < out.stageWeights.size(); ++s)
                    out.stageWeights[s].push_back(weights.byStage[s][u]);
            }
            continue;
        }
        // No unit in this town: its grid cells, weighted as the grid weighs them.
        for (const std::size_t k : cellsOf[t]) {
            out.points.push_back(grid.points[k]);
            out.pointIds.emplace_back();
            for (auto& w : out.stageWeights)
                w.push_back(grid.points[k].weight);
        }
        if (!cellsOf[t].empty() &&
            std::find(grid.townsWithoutCell.begin(), grid.townsWithoutCell.end(), t) !=
                grid.townsWithoutCell.end())
            out.townsWithoutCell.push_back(t);
    }
    for (auto& d : core::checkUnitTotals(units, city, config.unitTotalTolerance))
        out.problems.push_back(std::move(d));
    for (auto& d : core::checkUnitsReach(units, weights, city))
        out.problems.push_back(std::move(d));
    out.cells = std::move(grid.points);
    return out;
}

core::PairInputs pairInputs(const DatasetLoad& data, const DemandGrid& points) {
    core::PairInputs in;
    if (data.odTable) {
        in.od = std::make_shared<const core::OdTable>(*data.odTable);
        in.originIds = points.pointIds;
    }
    if (!data.barriers.empty())
        in.barriers = std::make_shared<const core::BarrierIndex>(data.barriers);
    return in;
}

} // namespace xw::gis
