#pragma once
// The viewer's document: the studies open (the edited scenario first, compared ones after), the
// engine's work (opening, running) off the GUI thread with progress and cancel, the viewer model
// their results feed, and the undo stack of plan edits. Widgets read the model and call the
// slots; nothing here computes a figure (the study engine does).
//
// Threads: every study::Study is touched by the worker thread only (open, setPlan, run); the GUI
// thread keeps its own copies of what it reads (the scenario, the plan, the results).
#include <xw/study/study.hpp>
#include <xw/viewer/model/view_model.hpp>

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace xw::viewer::app {

/// Monte Carlo draws of the viewer's 学位预警 (fewer than the report's: each edit re-runs them).
inline constexpr int kViewerDraws = 200;

/// The engine config the viewer starts from: projected to the scenario's horizon (or 2035), the
/// optimal allocation of the base year with catchments, kViewerDraws draws.
[[nodiscard]] study::StudyConfig defaultViewerConfig();

class StudyDocument : public QObject {
    Q_OBJECT
public:
    explicit StudyDocument(QObject* parent = nullptr);
    ~StudyDocument() override;
    StudyDocument(const StudyDocument&) = delete;
    StudyDocument& operator=(const StudyDocument&) = delete;

    [[nodiscard]] const study::StudyConfig& config() const { return m_config; }
    /// Applies to later runs and re-runs every open scenario.
    void setConfig(const study::StudyConfig& config);

    /// Opens a scenario file or dataset folder as the edited scenario, replacing everything open
    /// (after the running work is cancelled), and runs it. Errors come as failed().
    void open(const std::filesystem::path& scenarioOrDataset);
    /// Opens another scenario to compare with (not edited) and runs it. Errors come as failed().
    void openComparison(const std::filesystem::path& scenario);

    [[nodiscard]] bool hasResults() const { return m_model.scenarioCount() > 0; }
    [[nodiscard]] const ViewerModel& model() const { return m_model; }
    /// Replaces the view state (stage, year, theme, selection, …); emits viewChanged.
    /// \throws std::invalid_argument as ViewerModel::setState (the state is kept).
    void setState(const ViewState& state);

    /// The edited scenario as opened (named and placed as last saved), with the plan of plan().
    [[nodiscard]] scenarios::Scenario scenario() const;
    /// The edited scenario's file as last opened or saved (absolute); empty for a dataset's
    /// baseline not saved yet, or before anything is open.
    [[nodiscard]] std::filesystem::path scenarioFile() const;
    /// The plan as last applied (what the latest run used or uses).
    [[nodiscard]] const core::Plan& plan() const { return m_plan; }
    /// The edited scenario's base-year city of its latest results (null before the first run).
    [[nodiscard]] std::shared_ptr<const core::CityData> baseCity() const;
    [[nodiscard]] QUndoStack* undoStack() { return &m_undo; }

    /// Pushes an edit (undoable) that replaces the plan by `after`; the study re-runs. When the
    /// engine refuses the plan, failed() says why and the edit is undone.
    void editPlan(core::Plan after, const QString& description);
    /// Used by the undo commands: applies a plan and re-runs (no undo entry).
    void applyPlan(const core::Plan& plan);

    /// Writes the edited scenario with its current plan (scenarios::writeScenario: atomic) and
    /// marks the undo stack clean. Saved under another file than its own ("save as"), the
    /// scenario takes that file's stem as its name (a dataset's baseline too); saved onto its own
    /// file it keeps its name. The file and the name are then the document's: the model's
    /// scenario is renamed and scenariosChanged() emitted, so that every view of the name follows.
    /// \throws scenarios::ScenarioError naming the file (nothing changes).
    void saveScenario(const std::filesystem::path& file);

    [[nodiscard]] bool busy() const { return m_running || !m_queue.empty(); }
    /// Asks the running work to stop (it ends with core::Cancelled; nothing changes).
    void cancel();
    /// For tests and scripts: processes events until no work is left or `ms` pass; true when
    /// idle.
    bool waitUntilIdle(int ms);
    /// Wall seconds the last finished run took in the engine.
    [[nodiscard]] double lastRunSeconds() const { return m_lastRunSeconds; }

signals:
    void resultsChanged();       ///< a run finished: the model has new results
    void viewChanged();          ///< the view state changed
    void busyChanged(bool busy); ///< work started, or the last pending work ended
    /// A step of the running work: its label (study::progressStepLabel), work done and total.
    void progress(const QString& step, int done, int total);
    void failed(const QString& message); ///< work failed; the message is Chinese first
    void scenariosChanged(); ///< a scenario was opened, or the edited one saved (renamed, moved)

private:
    struct Entry {
        std::unique_ptr<study::Study> study;
    };
    enum class JobKind { Open, OpenComparison, Run };
    struct Job {
        JobKind kind = JobKind::Run;
        std::filesystem::path path;     ///< Open, OpenComparison
        std::size_t scenario = 0;       ///< Run
        std::optional<core::Plan> plan; ///< Run of the edited scenario: set before running
        study::StudyConfig config;
    };
    struct Outcome {
        Job job;
        std::unique_ptr<Entry> opened; ///< Open, OpenComparison
        std::optional<scenarios::Scenario> scenario;
        std::shared_ptr<const study::StudyResults> results;
        double seconds = 0.0;
        bool cancelled = false;
        bool planRefused = false;
        QString error;
    };

    void enqueue(Job job);
    void startNext();
    void finished(const std::shared_ptr<Outcome>& outcome);
    void stopWorker();

    std::vector<std::unique_ptr<Entry>> m_studies; ///< touched by the worker only while running
    ViewerModel m_model;
    std::optional<scenarios::Scenario> m_scenario; ///< the edited one, as opened
    core::Plan m_plan;
    core::Plan m_goodPlan; ///< the last plan the engine accepted
    bool m_suppressApply = false;
    study::StudyConfig m_config;
    QUndoStack m_undo;

    std::vector<Job> m_queue;
    std::thread m_worker;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    Job m_current;
    double m_lastRunSeconds = 0.0;
};

} // namespace xw::viewer::app
