#include "window/main_window.hpp"

#include "document/failure.hpp"
#include "document/plan_editor.hpp"
#include "widgets/details_panel.hpp"
#include "widgets/run_status.hpp"
#include "widgets/view_controls.hpp"

#include <xw/viewer/model/plan_edits.hpp>

#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QMessageBox>
#include <QStatusBar>

namespace xw::viewer::app {

MainWindow::MainWindow(StudyDocument& document, QWidget* parent)
    : QMainWindow(parent), m_doc(document) {
    m_map = new MapWidget(this);
    setCentralWidget(m_map);
    m_details = new DetailsPanel(this);
    auto* dock = new QDockWidget(this);
    dock->setObjectName("details");
    dock->setWidget(m_details);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    m_editor = new PlanEditor(m_doc, *this, this);
    buildActions();
    addToolBarBreak();
    m_controls = new ViewControls(this);
    addToolBar(m_controls);
    m_status = new RunStatus(*statusBar(), this);
    retranslate();
    resize(1600, 900);

    connect(&m_doc, &StudyDocument::resultsChanged, this,
            [this] { guarded([this] { onModelChanged(); }); });
    connect(&m_doc, &StudyDocument::viewChanged, this,
            [this] { guarded([this] { onModelChanged(); }); });
    connect(&m_doc, &StudyDocument::scenariosChanged, this,
            [this] { guarded([this] { updateControls(); }); });
    connect(&m_doc, &StudyDocument::failed, this, [this](const QString& m) { showError(m); });
    connect(&m_doc, &StudyDocument::busyChanged, this, [this](bool busy) {
        m_controls->setBusy(busy);
        m_status->setBusy(busy, m_doc.lastRunSeconds());
    });
    connect(&m_doc, &StudyDocument::progress, m_status, &RunStatus::showProgress);
    connect(m_status, &RunStatus::cancelRequested, this, [this] { m_doc.cancel(); });
    connect(m_doc.undoStack(), &QUndoStack::cleanChanged, this,
            [this](bool clean) { setWindowModified(!clean); });
    connect(m_editor, &PlanEditor::refused, this, [this](const QString& m) { showError(m); });

    connect(m_controls, &ViewControls::stageChosen, this, [this](core::Stage stage) {
        guarded([&] { editState([&](ViewState& s) { s.stage = stage; }); });
    });
    connect(m_controls, &ViewControls::themeChosen, this, [this](MapTheme theme) {
        guarded([&] { editState([&](ViewState& s) { s.theme = theme; }); });
    });
    connect(m_controls, &ViewControls::yearChosen, this, [this](int i) {
        guarded([&] {
            const std::vector<int> ys = m_doc.model().years();
            if (i < 0 || i >= static_cast<int>(ys.size()))
                return;
            editState([&](ViewState& s) {
                if (i == 0)
                    s.year.reset();
                else
                    s.year = ys[static_cast<std::size_t>(i)];
            });
        });
    });
    connect(m_controls, &ViewControls::scenarioChosen, this, [this](int i) {
        guarded([&] {
            editState([&](ViewState& s) {
                s.scenario = static_cast<std::size_t>(i);
                s.compareWith = s.scenario == 0 ? 1 : 0;
                s.year.reset();
            });
        });
    });
    connect(m_controls, &ViewControls::compareChosen, this, [this](CompareMode mode) {
        guarded([&] {
            editState([&](ViewState& s) {
                s.compare = mode;
                s.compareWith = s.scenario == 0 ? 1 : 0;
            });
        });
    });

    connect(m_map, &MapWidget::sizeChanged, this, [this] { guarded([this] { rebuildMaps(); }); });
    connect(m_map, &MapWidget::extentRequested, this, [this](const Extent& e) {
        guarded([&] { editState([&](ViewState& s) { s.extent = e; }); });
    });
    connect(m_map, &MapWidget::featureClicked, this, [this](const QString& l, const QString& f) {
        guarded([&] {
            editState([&](ViewState& s) {
                if (l == "schools")
                    s.selection = {SelectionKind::School, f.toStdString()};
                else if (l == "housing")
                    s.selection = {SelectionKind::Housing, f.toStdString()};
                else if (l == "towns")
                    s.selection = {SelectionKind::Town, f.toStdString()};
                else
                    s.selection = {};
            });
        });
    });
    connect(m_map, &MapWidget::placeClicked, this,
            [this](core::PointM w) { guarded([&] { m_editor->placeClicked(m_map->tool(), w); }); });
    connect(m_map, &MapWidget::featureMoved, this,
            [this](const QString& l, const QString& f, core::PointM to) {
                guarded([&] { m_editor->featureMoved(l, f, to); });
            });
    updateControls();
}

// ---- The parts ----------------------------------------------------------------------------------

void MainWindow::setInteractive(bool interactive) {
    m_interactive = interactive;
    m_editor->setInteractive(interactive);
}

QSlider* MainWindow::yearSlider() const {
    return m_controls->yearSlider();
}
QComboBox* MainWindow::stageBox() const {
    return m_controls->stageBox();
}
QComboBox* MainWindow::themeBox() const {
    return m_controls->themeBox();
}
QComboBox* MainWindow::scenarioBox() const {
    return m_controls->scenarioBox();
}
QComboBox* MainWindow::compareBox() const {
    return m_controls->compareBox();
}
QString MainWindow::statusMessage() const {
    return m_status->message();
}

void MainWindow::addSchoolAt(core::PointM where, const QString& name, int classesPerGrade,
                             int year) {
    m_editor->addSchoolAt(where, name, classesPerGrade, year);
}
void MainWindow::setSelectedSchoolClasses(const std::vector<int>& classesPerGrade, int year) {
    m_editor->setSelectedSchoolClasses(classesPerGrade, year);
}
void MainWindow::toggleSelectedSchoolClosed() {
    m_editor->toggleSelectedSchoolClosed();
}
void MainWindow::addHousingAt(core::PointM where, const core::HousingProject& project) {
    m_editor->addHousingAt(where, project);
}
void MainWindow::replaceSelectedHousing(const core::HousingProject& project) {
    m_editor->replaceSelectedHousing(project);
}

// ---- Events -------------------------------------------------------------------------------------

void MainWindow::retranslate() {
    retranslateActions();
    m_controls->retranslate();
    m_status->retranslate();
    updateTitle();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_interactive && !m_doc.undoStack()->isClean()) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved edits"), tr("The plan has unsaved edits. Quit without saving?"),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    m_doc.cancel();
    event->accept();
}

// ---- Plumbing -----------------------------------------------------------------------------------

void MainWindow::guarded(const std::function<void()>& body) {
    try {
        body();
    } catch (...) {
        showError(failureMessage(std::current_exception()));
    }
}

void MainWindow::showError(const QString& message) {
    m_lastError = message;
    m_status->showMessage(message.section('\n', 0, 0));
    if (m_interactive)
        QMessageBox::warning(this, tr("Xuewei"), message);
}

void MainWindow::editState(const std::function<void(ViewState&)>& change) {
    if (!m_doc.hasResults())
        return;
    ViewState s = m_doc.model().state();
    change(s);
    m_doc.setState(s);
}

// ---- What is shown ------------------------------------------------------------------------------

void MainWindow::onModelChanged() {
    updateControls();
    rebuildMaps();
    updateDetails();
}

void MainWindow::rebuildMaps() {
    if (!m_doc.hasResults())
        return;
    try {
        m_map->setMaps(m_doc.model().maps(m_map->width(), m_map->height()));
    } catch (const std::invalid_argument& e) {
        // A theme this study cannot show (no 学位预警, no allocation): say why, show shortfall.
        showError(QString::fromStdString(e.what()));
        ViewState s = m_doc.model().state();
        if (s.theme != MapTheme::Shortfall || s.grid != GridLayer::None) {
            s.theme = MapTheme::Shortfall;
            s.grid = GridLayer::None;
            m_doc.setState(s);
        }
    }
}

void MainWindow::updateDetails() {
    if (!m_doc.hasResults()) {
        m_details->clear();
        return;
    }
    const ViewerModel& model = m_doc.model();
    const ViewState& s = model.state();
    switch (s.selection.kind) {
    case SelectionKind::School:
        if (const auto d = model.selectedSchool()) {
            const bool editable = s.scenario == 0;
            m_details->showSchool(*d, editable && isPlannedSchool(m_doc.plan(), d->id),
                                  editable && isClosed(m_doc.plan(), d->id));
            return;
        }
        break;
    case SelectionKind::Town:
        if (const auto d = model.selectedTown()) {
            m_details->showTown(*d, s.stage);
            return;
        }
        break;
    case SelectionKind::Housing:
        if (const auto d = model.selectedHousing()) {
            m_details->showHousing(*d);
            return;
        }
        break;
    case SelectionKind::None:
        break;
    }
    m_details->clear();
}

void MainWindow::updateControls() {
    m_controls->setFrom(m_doc.model());
    m_updating = true;
    updateActions();
    m_updating = false;
    updateTitle();
}

void MainWindow::updateTitle() {
    QString title = tr("Xuewei — school places");
    if (m_doc.hasResults())
        title =
            QString::fromStdString(m_doc.model().scenario(0).name) + QStringLiteral(" — ") + title;
    setWindowTitle(title + QStringLiteral(" [*]"));
    setWindowFilePath(QString::fromStdString(m_doc.scenarioFile().string()));
}

void MainWindow::fitDistrict(const std::string& code) {
    if (const auto e = m_doc.model().districtExtent(code))
        editState([&](ViewState& s) { s.extent = *e; });
}

} // namespace xw::viewer::app
