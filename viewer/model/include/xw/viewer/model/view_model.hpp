#pragma once
// The viewer's model: the results of one or more scenarios and what is shown of them — stage,
// year, theme, layers, the scenario, the compare mode and the selection — as plain state that the
// widgets, `xuewei map` and the tests read and change. No Qt, no computation: maps and panels
// come from map_builder.hpp and details.hpp over the engine's results.
#include <xw/viewer/model/details.hpp>
#include <xw/viewer/model/map_builder.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xw::viewer {

/// How two scenarios are shown.
enum class CompareMode {
    Single,     ///< the shown scenario alone
    SideBySide, ///< the shown scenario and the compared one, two maps with one extent
    Difference, ///< one diverging map: the compared scenario minus the shown one
};

enum class SelectionKind { None, School, Town, Housing };

struct Selection {
    SelectionKind kind = SelectionKind::None;
    std::string id; ///< school id, town code or housing id
    bool operator==(const Selection&) const = default;
};

/// What is shown. Every field has a sensible default: the base year's primary shortfall.
struct ViewState {
    core::Stage stage = core::Stage::Primary;
    std::optional<int> year; ///< nullopt: the base year
    MapTheme theme = MapTheme::Shortfall;
    bool schools = true;
    bool housing = false;
    bool zones = false;
    bool catchments = false;
    bool roads = true;
    GridLayer grid = GridLayer::None;
    std::size_t scenario = 0; ///< index of the shown scenario
    CompareMode compare = CompareMode::Single;
    std::size_t compareWith = 1; ///< index of the compared scenario
    Selection selection;
    std::optional<Extent> extent; ///< nullopt: the whole city
};

/// One scenario's results and their decoded outlines.
struct ScenarioResults {
    std::string name;
    std::shared_ptr<const study::StudyResults> results;
    std::shared_ptr<const MapGeometry> geometry;
};

class ViewerModel {
public:
    /// Adds a scenario's results (decoding its outlines) and returns its index.
    /// \throws std::invalid_argument when `results` is null.
    std::size_t addScenario(std::string name, std::shared_ptr<const study::StudyResults> results);
    /// Replaces the results of scenario `index` (after an edit and a re-run). The outlines are
    /// decoded again only when the catchments changed. The view state is kept; a year the new
    /// results lack falls back to the base year, a selection that no longer exists is cleared.
    /// \throws std::out_of_range for a bad index; std::invalid_argument for null results.
    void replaceResults(std::size_t index, std::shared_ptr<const study::StudyResults> results);
    /// Renames scenario `index`. \throws std::out_of_range.
    void renameScenario(std::size_t index, std::string name);

    [[nodiscard]] std::size_t scenarioCount() const { return m_scenarios.size(); }
    [[nodiscard]] const ScenarioResults& scenario(std::size_t index) const;
    /// The shown scenario. \throws std::out_of_range when there is none.
    [[nodiscard]] const ScenarioResults& shown() const { return scenario(m_state.scenario); }

    [[nodiscard]] const ViewState& state() const { return m_state; }
    /// Replaces the state after checking it: the year must be one of years(), the scenario
    /// indices valid, a comparison needs two scenarios. \throws std::invalid_argument (Chinese
    /// first) and keeps the old state.
    void setState(const ViewState& state);

    /// The years the shown scenario can show (base year, then projected ones).
    [[nodiscard]] std::vector<int> years() const;
    /// The year shown (the base year when state().year is nullopt).
    [[nodiscard]] int shownYear() const;

    /// The map request of the current state for a target of the given size.
    [[nodiscard]] MapRequest request(int widthPx, int heightPx, double dpi = 96.0) const;
    /// The maps of the current state: one (single or difference) or two (side by side, each
    /// half the width), sharing one extent.
    /// \throws std::invalid_argument as buildMap (a theme the results cannot show).
    [[nodiscard]] std::vector<MapDescription> maps(int widthPx, int heightPx,
                                                   double dpi = 96.0) const;

    /// The selected school's or town's details in the shown year; nullopt when nothing of that
    /// kind is selected or it does not exist in that year.
    [[nodiscard]] std::optional<SchoolDetails> selectedSchool() const;
    [[nodiscard]] std::optional<TownDetails> selectedTown() const;
    /// The selected housing project of the shown scenario's base-year city with its 配套幼儿园
    /// check; nullopt when no housing project is selected or it does not exist.
    [[nodiscard]] std::optional<HousingDetails> selectedHousing() const;

    /// The extent that fits district `code` of the shown scenario: the bounding box of its
    /// outline (working CRS, metres) grown by 5 % on every side; nullopt when there is no such
    /// district or its outline is empty.
    [[nodiscard]] std::optional<Extent> districtExtent(const std::string& code) const;

private:
    std::vector<ScenarioResults> m_scenarios;
    ViewState m_state;
};

} // namespace xw::viewer
