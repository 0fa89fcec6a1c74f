#pragma once
// The study engine: the one facade every front end calls (the CLI, the viewer, the report, the
// exports, the optimiser). A study is a dataset plus a scenario; run() takes one plain config and
// returns one plain results value. Nothing here prints; progress and cancellation go through
// core::Progress. Modelled on OSRM's engine facade (one class, pimpl, plain config in, plain
// results out).
//
// Re-running after an edit (setPlan) recomputes only what the edit touches: the projection, the
// demand grid and the year-by-year demand splits are kept while their inputs (assumptions,
// housing, years, grid spacing) are unchanged; an allocation whose problem is unchanged is
// reused, and one whose schools changed warm-starts from the previous run's solution of the same
// stage and year.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/common/progress.hpp>
#include <xw/core/model/plan.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/scenarios/scenario.hpp>
#include <xw/study/study_config.hpp>
#include <xw/study/study_results.hpp>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace xw::study {

/// A study that cannot be opened or run: the dataset or scenario is unusable, or the plan
/// contradicts the dataset. what() is the first problem, Chinese first then English;
/// diagnostics() lists them all (with file, line, column where known).
class StudyError : public std::runtime_error {
public:
    StudyError(const std::string& message, std::vector<core::Diagnostic> diagnostics = {})
        : std::runtime_error(message), m_diagnostics(std::move(diagnostics)) {}
    [[nodiscard]] const std::vector<core::Diagnostic>& diagnostics() const noexcept {
        return m_diagnostics;
    }

private:
    std::vector<core::Diagnostic> m_diagnostics;
};

class Study final {
public:
    /// Opens a scenario file (*.yaml, *.yml: the scenario names its dataset) or a dataset folder
    /// (its baseline: no interventions). Loads and validates the dataset, applies the dataset's
    /// and the scenario's norms, places the plan's new schools and housing in the working CRS and
    /// their towns, and checks the plan against the dataset.
    /// Loading reports step "load" through `progress` (gis::loadDataset) and stops on its cancel
    /// flag.
    /// \throws StudyError when anything is unusable (every error of the plan at once);
    /// core::Cancelled when cancelled.
    [[nodiscard]] static Study open(const std::filesystem::path& scenarioOrDataset,
                                    const core::Progress& progress = {});
    /// The same for a scenario already in memory.
    [[nodiscard]] static Study open(scenarios::Scenario scenario,
                                    const core::Progress& progress = {});

    Study(Study&&) noexcept;
    Study& operator=(Study&&) noexcept;
    Study(const Study&) = delete;
    Study& operator=(const Study&) = delete;
    ~Study();

    /// The dataset as loaded (with its norms), without the scenario.
    [[nodiscard]] const gis::DatasetLoad& dataset() const;
    [[nodiscard]] const scenarios::Scenario& scenario() const;
    /// The base city: the dataset with the scenario's norms and planned housing, before any dated
    /// intervention. core::cityInYear(city(), scenario().plan, year) is the city of a year.
    [[nodiscard]] const core::CityData& city() const;
    /// Load problems of the dataset and warnings about the plan.
    [[nodiscard]] const std::vector<core::Diagnostic>& diagnostics() const;
    /// True for the embedded illustrative dataset (reports say so).
    [[nodiscard]] bool illustrativeData() const;
    /// The scenario's horizon, or kDefaultHorizonYear when it names none.
    [[nodiscard]] int horizonYear() const;
    /// The years a projection covers when the front end names none: from the population data's
    /// year (the base year when the data has none) to horizonYear().
    [[nodiscard]] std::pair<int, int> defaultYears() const;

    /// Replaces the scenario's plan (an edit in the viewer, an optimiser's answer). New schools
    /// and housing must have working-CRS locations; empty town codes are filled from them.
    /// scenario() then carries the new plan without the file's source positions and spellings
    /// (marks, locations as written, class specs): scenarios::writeScenario writes the plan's own
    /// values (locations as working-CRS x/y, classes per grade).
    /// \throws StudyError when the plan contradicts the dataset (the study keeps its old plan).
    void setPlan(core::Plan plan);
    /// Replaces the assumptions (invalidates the projection and what follows from it).
    void setAssumptions(const scenarios::Assumptions& assumptions);

    /// Runs the study. Reports steps ("balance", "projection", "monte_carlo", "allocation
    /// primary 2026", "catchments", …) on `progress` and stops with core::Cancelled when it is
    /// cancelled (the study stays usable).
    /// \throws StudyError when the config is unusable (bad years, zones mode without zones, an
    /// unreadable road network, …); core::Cancelled.
    [[nodiscard]] StudyResults run(const StudyConfig& config, const core::Progress& progress = {});

    /// The study's state; defined and used inside study/src only.
    struct Impl;

private:
    explicit Study(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// The first and last projected year that `config` asks of a study whose population year is
/// `populationYear` and whose scenario horizon is `horizon`; nullopt for base year only.
/// \throws StudyError when the years are outside what the data allows.
[[nodiscard]] std::optional<std::pair<int, int>>
projectedYears(const StudyConfig& config, int populationYear, std::optional<int> horizon);

} // namespace xw::study
