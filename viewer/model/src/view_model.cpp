#include <xw/viewer/model/view_model.hpp>

#include <algorithm>
#include <stdexcept>

namespace xw::viewer {

namespace {

bool sameCatchments(const study::StudyResults& a, const study::StudyResults& b) {
    if (a.allocation.has_value() != b.allocation.has_value())
        return false;
    if (!a.allocation)
        return true;
    const auto& x = a.allocation->catchments;
    const auto& y = b.allocation->catchments;
    if (x.size() != y.size())
        return false;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i].stage != y[i].stage || x[i].schoolIndex != y[i].schoolIndex ||
            x[i].wkb != y[i].wkb)
            return false;
    return a.zones.size() == b.zones.size();
}

} // namespace

std::size_t ViewerModel::addScenario(std::string name,
                                     std::shared_ptr<const study::StudyResults> results) {
    if (!results || results->city == nullptr)
        throw std::invalid_argument("方案没有结果 / the scenario has no results");
    auto geometry = std::make_shared<const MapGeometry>(decodeGeometry(*results));
    m_scenarios.push_back({std::move(name), std::move(results), std::move(geometry)});
    return m_scenarios.size() - 1;
}

void ViewerModel::replaceResults(std::size_t index,
                                 std::shared_ptr<const study::StudyResults> results) {
    if (!results || results->city == nullptr)
        throw std::invalid_argument("方案没有结果 / the scenario has no results");
    ScenarioResults& s = m_scenarios.at(index);
    if (!sameCatchments(*s.results, *results))
        s.geometry = std::make_shared<const MapGeometry>(decodeGeometry(*results));
    s.results = std::move(results);
    if (index == m_state.scenario) {
        const std::vector<int> ys = years();
        if (m_state.year && std::find(ys.begin(), ys.end(), *m_state.year) == ys.end())
            m_state.year.reset();
    }
    // A selected school that the edit removed is no longer selectable.
    if (m_state.selection.kind == SelectionKind::School && index == m_state.scenario) {
        const YearView v = yearView(*s.results, m_state.year);
        const bool exists =
            std::any_of(v.city->schools.begin(), v.city->schools.end(),
                        [&](const core::School& sc) { return sc.id == m_state.selection.id; });
        if (!exists)
            m_state.selection = {};
    }
}

void ViewerModel::renameScenario(std::size_t index, std::string name) {
    m_scenarios.at(index).name = std::move(name);
}

const ScenarioResults& ViewerModel::scenario(std::size_t index) const {
    return m_scenarios.at(index);
}

void ViewerModel::setState(const ViewState& state) {
    if (state.scenario >= m_scenarios.size())
        throw std::invalid_argument("没有这个方案 / no such scenario: " +
                                    std::to_string(state.scenario + 1));
    if (state.compare != CompareMode::Single &&
        (state.compareWith >= m_scenarios.size() || state.compareWith == state.scenario))
        throw std::invalid_argument("比较需要另一个方案 / a comparison needs a second scenario");
    if (state.year) {
        const study::StudyResults& r = *m_scenarios[state.scenario].results;
        const std::vector<int> ys = shownYears(r);
        if (std::find(ys.begin(), ys.end(), *state.year) == ys.end())
            throw std::invalid_argument("结果中没有 " + std::to_string(*state.year) +
                                        " 年 / the results have no year " +
                                        std::to_string(*state.year));
        if (state.compare != CompareMode::Single) {
            const study::StudyResults& o = *m_scenarios[state.compareWith].results;
            const std::vector<int> os = shownYears(o);
            if (std::find(os.begin(), os.end(), *state.year) == os.end())
                throw std::invalid_argument("比较的方案没有 " + std::to_string(*state.year) +
                                            " 年 / the compared scenario has no year " +
                                            std::to_string(*state.year));
        }
    }
    m_state = state;
}

std::vector<int> ViewerModel::years() const {
    if (m_scenarios.empty())
        return {};
    return shownYears(*shown().results);
}

int ViewerModel::shownYear() const {
    return m_state.year.value_or(m_scenarios.empty() ? 0 : shown().results->baseYear);
}

MapRequest ViewerModel::request(int widthPx, int heightPx, double dpi) const {
    MapRequest req;
    req.stage = m_state.stage;
    req.year = m_state.year;
    req.theme = m_state.theme;
    req.schools = m_state.schools;
    req.housing = m_state.housing;
    req.zones = m_state.zones;
    req.catchments = m_state.catchments;
    req.roads = m_state.roads;
    req.grid = m_state.grid;
    req.widthPx = widthPx;
    req.heightPx = heightPx;
    req.dpi = dpi;
    req.extent = m_state.extent;
    switch (m_state.selection.kind) {
    case SelectionKind::School:
        req.selectedSchools = {m_state.selection.id};
        break;
    case SelectionKind::Town:
        req.selectedTown = m_state.selection.id;
        break;
    case SelectionKind::Housing:
        req.selectedHousing = m_state.selection.id;
        break;
    case SelectionKind::None:
        break;
    }
    if (m_scenarios.size() > 1)
        req.scenarioName = shown().name;
    return req;
}

std::vector<MapDescription> ViewerModel::maps(int widthPx, int heightPx, double dpi) const {
    if (m_scenarios.empty())
        return {};
    const ScenarioResults& s = shown();
    switch (m_state.compare) {
    case CompareMode::Single:
        return {buildMap(*s.results, *s.geometry, request(widthPx, heightPx, dpi))};
    case CompareMode::Difference: {
        const ScenarioResults& o = m_scenarios.at(m_state.compareWith);
        return {buildDifferenceMap(*s.results, *o.results, *s.geometry,
                                   request(widthPx, heightPx, dpi), s.name, o.name)};
    }
    case CompareMode::SideBySide: {
        const ScenarioResults& o = m_scenarios.at(m_state.compareWith);
        const int half = std::max(1, widthPx / 2);
        MapRequest left = request(half, heightPx, dpi);
        left.scenarioName = s.name;
        MapRequest right = left;
        right.scenarioName = o.name;
        MapDescription a = buildMap(*s.results, *s.geometry, left);
        MapDescription b = buildMap(*o.results, *o.geometry, right);
        // One extent for both, so that the same place is in the same spot.
        b.extent = a.extent;
        return {std::move(a), std::move(b)};
    }
    }
    return {};
}

std::optional<SchoolDetails> ViewerModel::selectedSchool() const {
    if (m_scenarios.empty() || m_state.selection.kind != SelectionKind::School)
        return std::nullopt;
    return schoolDetails(*shown().results, m_state.selection.id, m_state.stage, m_state.year);
}

std::optional<TownDetails> ViewerModel::selectedTown() const {
    if (m_scenarios.empty() || m_state.selection.kind != SelectionKind::Town)
        return std::nullopt;
    return townDetails(*shown().results, m_state.selection.id, m_state.year);
}

std::optional<HousingDetails> ViewerModel::selectedHousing() const {
    if (m_scenarios.empty() || m_state.selection.kind != SelectionKind::Housing)
        return std::nullopt;
    return housingDetails(*shown().results, m_state.selection.id);
}

std::optional<Extent> ViewerModel::districtExtent(const std::string& code) const {
    if (m_scenarios.empty())
        return std::nullopt;
    const ScenarioResults& s = shown();
    const auto& shapes = s.results->districtShapes;
    for (std::size_t i = 0; i < shapes.size() && i < s.geometry->districts.size(); ++i) {
        if (shapes[i].code != code)
            continue;
        std::optional<Extent> box;
        for (const gis::PolygonRings& poly : s.geometry->districts[i].polygons)
            for (const auto& ring : poly.rings)
                for (const core::PointM& p : ring) {
                    if (!box)
                        box = Extent{p.x, p.y, p.x, p.y};
                    box->minX = std::min(box->minX, p.x);
                    box->minY = std::min(box->minY, p.y);
                    box->maxX = std::max(box->maxX, p.x);
                    box->maxY = std::max(box->maxY, p.y);
                }
        if (box)
            return box->grown(0.05);
    }
    return std::nullopt;
}

} // namespace xw::viewer
