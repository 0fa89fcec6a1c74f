// The optional demand layers: residential units and their population, built-up areas, barriers
// and origin–destination tables, read in order by the loaders of demand/. See demand_layers.hpp
// and docs/dataset-format.md.
#include "detail/demand/demand_layers.hpp"

#include "detail/demand/loaders.hpp"

#include <xw/gis/error.hpp>

namespace xw::gis::detail {

using demand::loadBarriers;
using demand::loadBuiltUp;
using demand::loadOdTable;
using demand::loadUnitPopulation;
using demand::loadUnits;

void loadDemandLayers(const std::map<std::string, SourceLocation>& sources,
                      const OGRSpatialReference& working, DatasetLoad& out) {
    const auto find = [&](const char* key) -> const SourceLocation* {
        const auto it = sources.find(key);
        return it == sources.end() ? nullptr : &it->second;
    };
    if (const SourceLocation* s = find("demand_units"))
        loadUnits(*s, working, out);
    if (const SourceLocation* s = find("unit_population")) {
        if (find("demand_units") == nullptr)
            throw GisError(s->sourceLabel, s->key,
                           "有 unit_population 表但没有 demand_units 图层 / table unit_population "
                           "is given without a demand_units layer");
        loadUnitPopulation(*s, working, out);
    }
    if (const SourceLocation* s = find("built_up"))
        loadBuiltUp(*s, working, out);
    if (const SourceLocation* s = find("barriers"))
        loadBarriers(*s, working, out);
    if (const SourceLocation* s = find("od_table"))
        loadOdTable(*s, working, out);
}

} // namespace xw::gis::detail
