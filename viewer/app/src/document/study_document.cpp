#include "document/study_document.hpp"

#include "document/failure.hpp"

#include <xw/scenarios/scenario.hpp>
#include <xw/study/progress_steps.hpp>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QUndoCommand>

#include <chrono>

namespace xw::viewer::app {

namespace {

/// One undoable plan edit: the plans before and after.
class PlanCommand : public QUndoCommand {
public:
    PlanCommand(StudyDocument& doc, core::Plan before, core::Plan after, const QString& text)
        : QUndoCommand(text), m_doc(doc), m_before(std::move(before)), m_after(std::move(after)) {}
    void undo() override { m_doc.applyPlan(m_before); }
    void redo() override { m_doc.applyPlan(m_after); }

private:
    StudyDocument& m_doc;
    core::Plan m_before;
    core::Plan m_after;
};

/// True when `a` and `b` name the same file (`b` may be empty: no file).
bool sameFile(const std::filesystem::path& a, const std::filesystem::path& b) {
    if (b.empty())
        return false;
    std::error_code ec;
    const std::filesystem::path x = std::filesystem::weakly_canonical(a, ec);
    if (ec)
        return a.lexically_normal() == b.lexically_normal();
    const std::filesystem::path y = std::filesystem::weakly_canonical(b, ec);
    return ec ? a.lexically_normal() == b.lexically_normal() : x == y;
}

} // namespace

study::StudyConfig defaultViewerConfig() {
    study::StudyConfig c;
    c.allocation = core::AllocationMode::Optimal;
    c.allocateEveryYear = false;
    c.catchmentShapes = true;
    c.monteCarloDraws = kViewerDraws;
    return c;
}

StudyDocument::StudyDocument(QObject* parent)
    : QObject(parent), m_config(defaultViewerConfig()), m_undo(this) {}

StudyDocument::~StudyDocument() {
    m_cancel = true;
    stopWorker();
}

void StudyDocument::stopWorker() {
    if (m_worker.joinable())
        m_worker.join();
}

void StudyDocument::setConfig(const study::StudyConfig& config) {
    m_config = config;
    for (std::size_t k = 0; k < m_studies.size(); ++k) {
        Job job;
        job.scenario = k;
        if (k == 0)
            job.plan = m_plan;
        enqueue(std::move(job));
    }
}

void StudyDocument::open(const std::filesystem::path& path) {
    // Everything open is replaced: pending work is dropped, running work cancelled.
    m_queue.clear();
    if (m_running)
        m_cancel = true;
    Job job;
    job.kind = JobKind::Open;
    job.path = path;
    enqueue(std::move(job));
}

void StudyDocument::openComparison(const std::filesystem::path& path) {
    Job job;
    job.kind = JobKind::OpenComparison;
    job.path = path;
    enqueue(std::move(job));
}

void StudyDocument::setState(const ViewState& state) {
    m_model.setState(state);
    emit viewChanged();
}

scenarios::Scenario StudyDocument::scenario() const {
    scenarios::Scenario s = m_scenario ? *m_scenario : scenarios::Scenario{};
    s.plan = m_plan;
    return s;
}

std::filesystem::path StudyDocument::scenarioFile() const {
    return m_scenario ? m_scenario->file : std::filesystem::path();
}

std::shared_ptr<const core::CityData> StudyDocument::baseCity() const {
    if (m_model.scenarioCount() == 0)
        return nullptr;
    return m_model.scenario(0).results->city;
}

void StudyDocument::editPlan(core::Plan after, const QString& description) {
    m_undo.push(new PlanCommand(*this, m_plan, std::move(after), description));
}

void StudyDocument::applyPlan(const core::Plan& plan) {
    m_plan = plan;
    if (m_suppressApply || m_studies.empty())
        return;
    Job job;
    job.scenario = 0;
    job.plan = plan;
    enqueue(std::move(job));
}

void StudyDocument::saveScenario(const std::filesystem::path& file) {
    scenarios::Scenario s = scenario();
    // The file's own spellings and positions describe the plan as read, not this one.
    s.marks.clear();
    s.newSchoolLocations.clear();
    s.housingLocations.clear();
    s.newSchoolClasses.clear();
    s.classChangeSpecs.clear();
    std::erase_if(s.zoneFiles, [&](const scenarios::ZoneFile& z) {
        return z.redraw >= s.plan.zoneRedraws.size();
    });
    const std::filesystem::path target = std::filesystem::absolute(file);
    if (s.name.empty() || !sameFile(target, s.file))
        s.name = target.stem().string();
    s.file = target;
    scenarios::writeScenario(target, s);
    // The document is now that file: every copy of its name and path follows.
    if (m_scenario) {
        m_scenario->name = s.name;
        m_scenario->file = s.file;
    }
    if (m_model.scenarioCount() > 0)
        m_model.renameScenario(0, s.name);
    m_undo.setClean();
    emit scenariosChanged();
}

void StudyDocument::cancel() {
    m_queue.clear();
    if (m_running)
        m_cancel = true;
}

bool StudyDocument::waitUntilIdle(int ms) {
    QElapsedTimer timer;
    timer.start();
    while (busy() && timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    return !busy();
}

void StudyDocument::enqueue(Job job) {
    job.config = m_config;
    if (job.kind == JobKind::Run) {
        // A newer run of the same scenario supersedes a queued or running one.
        std::erase_if(m_queue, [&](const Job& q) {
            return q.kind == JobKind::Run && q.scenario == job.scenario;
        });
        if (m_running && m_current.kind == JobKind::Run && m_current.scenario == job.scenario)
            m_cancel = true;
    }
    const bool wasBusy = busy();
    m_queue.push_back(std::move(job));
    if (!wasBusy)
        emit busyChanged(true);
    startNext();
}

void StudyDocument::startNext() {
    if (m_running || m_queue.empty())
        return;
    stopWorker();
    Job job = std::move(m_queue.front());
    m_queue.erase(m_queue.begin());
    m_running = true;
    m_cancel = false;
    m_current = job;
    study::Study* target = job.kind == JobKind::Run && job.scenario < m_studies.size()
                               ? m_studies[job.scenario]->study.get()
                               : nullptr;
    m_worker = std::thread([this, job = std::move(job), target]() mutable {
        auto out = std::make_shared<Outcome>();
        const auto start = std::chrono::steady_clock::now();
        const core::Progress reporter(
            [this](std::string_view step, std::int64_t done, std::int64_t total) {
                const QString s = QString::fromStdString(study::progressStepLabel(step));
                const int d = static_cast<int>(done), t = static_cast<int>(total);
                QMetaObject::invokeMethod(
                    this, [this, s, d, t] { emit this->progress(s, d, t); }, Qt::QueuedConnection);
            },
            &m_cancel);
        try {
            study::Study* s = target;
            if (job.kind != JobKind::Run) {
                out->opened = std::make_unique<Entry>();
                out->opened->study =
                    std::make_unique<study::Study>(study::Study::open(job.path, reporter));
                out->scenario = out->opened->study->scenario();
                s = out->opened->study.get();
                reporter.throwIfCancelled();
            } else if (s == nullptr) {
                throw std::logic_error("no such scenario");
            } else if (job.plan) {
                try {
                    s->setPlan(*job.plan);
                } catch (const study::StudyError&) {
                    out->planRefused = true;
                    throw;
                }
            }
            study::StudyConfig config = job.config;
            if (!config.years && !config.baseYearOnly)
                config.years = s->defaultYears();
            out->results = std::make_shared<const study::StudyResults>(s->run(config, reporter));
        } catch (const core::Cancelled&) {
            out->cancelled = true;
        } catch (...) {
            out->error = failureMessage(std::current_exception());
        }
        out->seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        out->job = std::move(job);
        QMetaObject::invokeMethod(
            this, [this, out] { finished(out); }, Qt::QueuedConnection);
    });
}

void StudyDocument::finished(const std::shared_ptr<Outcome>& out) {
    m_running = false;
    try {
        if (out->results) {
            m_lastRunSeconds = out->seconds;
            switch (out->job.kind) {
            case JobKind::Open:
                m_studies.clear();
                m_studies.push_back(std::move(out->opened));
                m_model = ViewerModel();
                m_model.addScenario(out->scenario->name, out->results);
                m_scenario = out->scenario;
                m_plan = m_goodPlan = m_scenario->plan;
                m_undo.clear();
                emit scenariosChanged();
                break;
            case JobKind::OpenComparison:
                m_studies.push_back(std::move(out->opened));
                m_model.addScenario(out->scenario->name, out->results);
                emit scenariosChanged();
                break;
            case JobKind::Run:
                m_model.replaceResults(out->job.scenario, out->results);
                if (out->job.scenario == 0 && out->job.plan)
                    m_goodPlan = *out->job.plan;
                break;
            }
            emit resultsChanged();
        } else if (out->planRefused) {
            // The engine kept its previous plan: so do the plan and the undo stack.
            m_suppressApply = true;
            if (m_undo.canUndo())
                m_undo.undo();
            m_suppressApply = false;
            m_plan = m_goodPlan;
            emit failed(
                QString::fromUtf8("方案未被接受，已撤销该修改 / the plan was refused and the "
                                  "edit undone:\n") +
                out->error);
        } else if (!out->error.isEmpty()) {
            emit failed(out->error);
        }
    } catch (...) {
        emit failed(failureMessage(std::current_exception()));
    }
    startNext();
    if (!busy())
        emit busyChanged(false);
}

} // namespace xw::viewer::app
