#include "main_window.hpp"

#include "details_panel.hpp"
#include "edit_dialogs.hpp"
#include "language.hpp"
#include "map_widget.hpp"

#include <xw/scenarios/error.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/plan_edits.hpp>
#include <xw/viewer/model/report_builder.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSlider>
#include <QStatusBar>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>

namespace xw::viewer::app {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const std::vector<MapTheme> kThemes{MapTheme::Shortfall, MapTheme::Utilisation, MapTheme::Warning,
                                    MapTheme::Indicators, MapTheme::Accessibility};

} // namespace

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
    buildActions();
    buildControls();
    retranslate();
    resize(1600, 900);

    connect(&m_doc, &StudyDocument::resultsChanged, this,
            [this] { guarded([this] { onResults(); }); });
    connect(&m_doc, &StudyDocument::viewChanged, this, [this] { guarded([this] { onView(); }); });
    connect(&m_doc, &StudyDocument::scenariosChanged, this,
            [this] { guarded([this] { updateControls(); }); });
    connect(&m_doc, &StudyDocument::failed, this, [this](const QString& m) { showError(m); });
    connect(&m_doc, &StudyDocument::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        if (!busy)
            m_status->setText(tr("Ready. Last run: %1 s").arg(m_doc.lastRunSeconds(), 0, 'f', 2));
    });
    connect(&m_doc, &StudyDocument::progress, this,
            [this](const QString& step, int done, int total) {
                m_status->setText(tr("Computing: %1").arg(step));
                m_progress->setRange(0, std::max(0, total));
                m_progress->setValue(std::clamp(done, 0, std::max(0, total)));
            });
    connect(m_doc.undoStack(), &QUndoStack::cleanChanged, this,
            [this](bool clean) { setWindowModified(!clean); });

    connect(m_map, &MapWidget::sizeChanged, this, [this] { guarded([this] { rebuildMaps(); }); });
    connect(m_map, &MapWidget::extentRequested, this, [this](const Extent& e) {
        guarded([&] { editState([&](ViewState& s) { s.extent = e; }); });
    });
    connect(m_map, &MapWidget::featureClicked, this, [this](const QString& l, const QString& f) {
        guarded([&] { onFeatureClicked(l, f); });
    });
    connect(m_map, &MapWidget::placeClicked, this,
            [this](core::PointM w) { guarded([&] { onPlaceClicked(w); }); });
    connect(m_map, &MapWidget::featureMoved, this,
            [this](const QString& l, const QString& f, core::PointM to) {
                guarded([&] { onFeatureMoved(l, f, to); });
            });
    updateControls();
}

// ---- Construction -------------------------------------------------------------------------------

void MainWindow::buildActions() {
    m_fileMenu = menuBar()->addMenu(QString());
    m_open =
        m_fileMenu->addAction(QString(), this, [this] { guarded([this] { openDialog(false); }); });
    m_open->setShortcut(QKeySequence::Open);
    m_openFolder =
        m_fileMenu->addAction(QString(), this, [this] { guarded([this] { openDialog(true); }); });
    m_openCompare =
        m_fileMenu->addAction(QString(), this, [this] { guarded([this] { compareDialog(); }); });
    m_fileMenu->addSeparator();
    m_save = m_fileMenu->addAction(QString(), this, [this] { guarded([this] { saveDialog(); }); });
    m_save->setShortcut(QKeySequence::SaveAs);
    m_exportMap =
        m_fileMenu->addAction(QString(), this, [this] { guarded([this] { exportMapDialog(); }); });
    m_report =
        m_fileMenu->addAction(QString(), this, [this] { guarded([this] { reportDialog(); }); });
    m_fileMenu->addSeparator();
    m_quit = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quit->setShortcut(QKeySequence::Quit);

    m_editMenu = menuBar()->addMenu(QString());
    m_undo = m_doc.undoStack()->createUndoAction(this);
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_doc.undoStack()->createRedoAction(this);
    m_redo->setShortcut(QKeySequence::Redo);
    m_editMenu->addAction(m_undo);
    m_editMenu->addAction(m_redo);
    m_editMenu->addSeparator();
    m_tools = new QActionGroup(this);
    m_tools->setExclusive(true);
    const auto tool = [&](MapWidget::Tool t) {
        QAction* a = m_editMenu->addAction(QString());
        a->setCheckable(true);
        m_tools->addAction(a);
        connect(a, &QAction::triggered, this, [this, t] { m_map->setTool(t); });
        return a;
    };
    m_select = tool(MapWidget::Tool::Select);
    m_select->setChecked(true);
    m_addSchool = tool(MapWidget::Tool::AddSchool);
    m_addHousing = tool(MapWidget::Tool::AddHousing);
    m_move = tool(MapWidget::Tool::Move);
    m_editMenu->addSeparator();
    m_editClasses =
        m_editMenu->addAction(QString(), this, [this] { guarded([this] { onEditClasses(); }); });
    m_closeSchool = m_editMenu->addAction(
        QString(), this, [this] { guarded([this] { toggleSelectedSchoolClosed(); }); });
    m_editHousing =
        m_editMenu->addAction(QString(), this, [this] { guarded([this] { onEditHousing(); }); });

    m_viewMenu = menuBar()->addMenu(QString());
    m_fitCity = m_viewMenu->addAction(QString(), this, [this] {
        guarded([this] { editState([](ViewState& s) { s.extent.reset(); }); });
    });
    m_fitCity->setShortcut(QKeySequence(Qt::Key_Home));
    m_districtMenu = m_viewMenu->addMenu(QString());
    m_layersMenu = m_viewMenu->addMenu(QString());
    const auto layer = [&](bool ViewState::*member) {
        QAction* a = m_layersMenu->addAction(QString());
        a->setCheckable(true);
        connect(a, &QAction::toggled, this, [this, member](bool on) {
            if (!m_updating)
                guarded([&] { editState([&](ViewState& s) { s.*member = on; }); });
        });
        return a;
    };
    m_layerSchools = layer(&ViewState::schools);
    m_layerHousing = layer(&ViewState::housing);
    m_layerZones = layer(&ViewState::zones);
    m_layerCatchments = layer(&ViewState::catchments);
    m_layerRoads = layer(&ViewState::roads);
    m_layersMenu->addSeparator();
    m_gridGroup = new QActionGroup(this);
    const auto grid = [&](GridLayer g) {
        QAction* a = m_layersMenu->addAction(QString());
        a->setCheckable(true);
        m_gridGroup->addAction(a);
        connect(a, &QAction::triggered, this,
                [this, g] { guarded([&] { editState([&](ViewState& s) { s.grid = g; }); }); });
        return a;
    };
    m_gridNone = grid(GridLayer::None);
    m_gridDemand = grid(GridLayer::Demand);
    m_gridAccess = grid(GridLayer::Accessibility);

    m_languageMenu = menuBar()->addMenu(QString());
    m_langZh = m_languageMenu->addAction(QStringLiteral("中文"), this, [this] {
        guarded([] { installLanguage(QStringLiteral("zh_CN")); });
    });
    m_langEn = m_languageMenu->addAction(QStringLiteral("English"), this, [this] {
        guarded([] { installLanguage(QStringLiteral("en")); });
    });
    m_helpMenu = menuBar()->addMenu(QString());
    m_about = m_helpMenu->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About Xuewei"),
                           tr("Xuewei 学位: school-seat planning simulator.\nMaps and figures come "
                              "from the study engine; this window only shows and edits them."));
    });

    m_editBar = addToolBar(QString());
    m_editBar->setObjectName("edit");
    m_editBar->addAction(m_undo);
    m_editBar->addAction(m_redo);
    m_editBar->addSeparator();
    m_editBar->addActions(m_tools->actions());
    m_editBar->addAction(m_editClasses);
    m_editBar->addAction(m_closeSchool);
    m_editBar->addAction(m_editHousing);
}

void MainWindow::buildControls() {
    addToolBarBreak();
    m_viewBar = addToolBar(QString());
    m_viewBar->setObjectName("view");
    m_stageLabel = new QLabel(this);
    m_stage = new QComboBox(this);
    for (core::Stage s : core::kAllStages)
        m_stage->addItem(qs(core::stageNameZh(s)) + " " + qs(core::stageNameEn(s)),
                         static_cast<int>(core::stageIndex(s)));
    m_themeLabel = new QLabel(this);
    m_theme = new QComboBox(this);
    for (std::size_t i = 0; i < kThemes.size(); ++i)
        m_theme->addItem(QString(), static_cast<int>(i));
    m_yearLabel = new QLabel(this);
    m_year = new QSlider(Qt::Horizontal, this);
    m_year->setMinimumWidth(220);
    m_year->setPageStep(1);
    m_year->setTickPosition(QSlider::TicksBelow);
    m_yearValue = new QLabel(this);
    m_yearValue->setMinimumWidth(48);
    m_play = new QToolButton(this);
    m_play->setCheckable(true);
    m_playTimer = new QTimer(this);
    m_playTimer->setInterval(800);
    m_scenarioLabel = new QLabel(this);
    m_scenario = new QComboBox(this);
    m_compare = new QComboBox(this);
    for (int i = 0; i < 3; ++i)
        m_compare->addItem(QString(), i);

    m_viewBar->addWidget(m_stageLabel);
    m_viewBar->addWidget(m_stage);
    m_viewBar->addSeparator();
    m_viewBar->addWidget(m_themeLabel);
    m_viewBar->addWidget(m_theme);
    m_viewBar->addSeparator();
    m_viewBar->addWidget(m_yearLabel);
    m_viewBar->addWidget(m_year);
    m_viewBar->addWidget(m_yearValue);
    m_viewBar->addWidget(m_play);
    m_viewBar->addSeparator();
    m_viewBar->addWidget(m_scenarioLabel);
    m_viewBar->addWidget(m_scenario);
    m_viewBar->addWidget(m_compare);

    connect(m_stage, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (m_updating || i < 0)
            return;
        guarded([&] {
            editState(
                [&](ViewState& s) { s.stage = core::kAllStages[static_cast<std::size_t>(i)]; });
        });
    });
    connect(m_theme, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (m_updating || i < 0)
            return;
        guarded([&] {
            editState([&](ViewState& s) { s.theme = kThemes[static_cast<std::size_t>(i)]; });
        });
    });
    connect(m_year, &QSlider::valueChanged, this, [this](int i) {
        if (m_updating)
            return;
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
    connect(m_play, &QToolButton::toggled, this, [this](bool on) {
        if (on) {
            if (m_year->value() >= m_year->maximum())
                m_year->setValue(0);
            m_playTimer->start();
        } else {
            m_playTimer->stop();
        }
    });
    connect(m_playTimer, &QTimer::timeout, this, [this] {
        // The next year once the map of this one is drawn (a run in progress waits).
        if (m_doc.busy())
            return;
        if (m_year->value() >= m_year->maximum()) {
            m_play->setChecked(false);
            return;
        }
        m_year->setValue(m_year->value() + 1);
    });
    connect(m_scenario, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (m_updating || i < 0)
            return;
        guarded([&] {
            editState([&](ViewState& s) {
                s.scenario = static_cast<std::size_t>(i);
                s.compareWith = s.scenario == 0 ? 1 : 0;
                s.year.reset();
            });
        });
    });
    connect(m_compare, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (m_updating || i < 0)
            return;
        guarded([&] {
            editState([&](ViewState& s) {
                s.compare = i == 1   ? CompareMode::SideBySide
                            : i == 2 ? CompareMode::Difference
                                     : CompareMode::Single;
                s.compareWith = s.scenario == 0 ? 1 : 0;
            });
        });
    });

    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_cancel = new QToolButton(this);
    m_cancel->setVisible(false);
    connect(m_cancel, &QToolButton::clicked, this, [this] { m_doc.cancel(); });
    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("Xuewei — school places") + QStringLiteral(" [*]"));
    m_fileMenu->setTitle(tr("&File"));
    m_open->setText(tr("&Open scenario…"));
    m_openFolder->setText(tr("Open &dataset folder…"));
    m_openCompare->setText(tr("&Compare with scenario…"));
    m_save->setText(tr("&Save scenario as…"));
    m_exportMap->setText(tr("&Export map (PNG, PDF)…"));
    m_report->setText(tr("Write &report (PDF)…"));
    m_quit->setText(tr("&Quit"));
    m_editMenu->setTitle(tr("&Edit"));
    m_undo->setText(tr("&Undo"));
    m_redo->setText(tr("&Redo"));
    m_select->setText(tr("Select"));
    m_addSchool->setText(tr("Add school"));
    m_addHousing->setText(tr("Add housing"));
    m_move->setText(tr("Move"));
    m_editClasses->setText(tr("Classes…"));
    m_closeSchool->setText(tr("Close / reopen school"));
    m_editHousing->setText(tr("Housing…"));
    m_viewMenu->setTitle(tr("&View"));
    m_fitCity->setText(tr("Fit to &city"));
    m_districtMenu->setTitle(tr("Fit to &district"));
    m_layersMenu->setTitle(tr("&Layers"));
    m_layerSchools->setText(tr("Schools"));
    m_layerHousing->setText(tr("Housing projects"));
    m_layerZones->setText(tr("Attendance zones"));
    m_layerCatchments->setText(tr("Computed catchments"));
    m_layerRoads->setText(tr("Road network"));
    m_gridNone->setText(tr("No grid"));
    m_gridDemand->setText(tr("Demand points"));
    m_gridAccess->setText(tr("Accessibility grid (2SFCA)"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_about->setText(tr("&About"));
    m_editBar->setWindowTitle(tr("Edit"));
    m_viewBar->setWindowTitle(tr("View"));
    m_stageLabel->setText(tr("Stage "));
    m_themeLabel->setText(tr(" Map "));
    m_yearLabel->setText(tr(" Year "));
    m_scenarioLabel->setText(tr(" Scenario "));
    m_play->setText(tr("Play"));
    m_cancel->setText(tr("Cancel"));
    const QStringList themes{tr("Seat shortfall"), tr("Utilisation"), tr("Seat warning"),
                             tr("Indicators not met"), tr("Accessibility (2SFCA)")};
    for (int i = 0; i < m_theme->count() && i < themes.size(); ++i)
        m_theme->setItemText(i, themes[i]);
    const QStringList modes{tr("Single"), tr("Side by side"), tr("Difference")};
    for (int i = 0; i < m_compare->count(); ++i)
        m_compare->setItemText(i, modes[i]);
    if (m_status->text().isEmpty())
        m_status->setText(tr("Ready"));
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
    } catch (const study::StudyError& e) {
        showError(QString::fromStdString(e.what()));
    } catch (const scenarios::ScenarioError& e) {
        showError(QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        showError(QString::fromStdString(e.what()));
    } catch (...) {
        showError(tr("Unknown error"));
    }
}

void MainWindow::showError(const QString& message) {
    m_lastError = message;
    m_status->setText(message.section('\n', 0, 0));
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

int MainWindow::lastYear() const {
    const std::vector<int> ys = m_doc.model().years();
    return ys.empty() ? 0 : ys.back();
}

void MainWindow::onResults() {
    updateControls();
    rebuildMaps();
    updateDetails();
}

void MainWindow::onView() {
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
    const ViewState& s = m_doc.model().state();
    switch (s.selection.kind) {
    case SelectionKind::School:
        if (const auto d = m_doc.model().selectedSchool()) {
            const bool editable = s.scenario == 0;
            m_details->showSchool(*d, editable && isPlannedSchool(m_doc.plan(), d->id),
                                  editable && isClosed(m_doc.plan(), d->id));
            return;
        }
        break;
    case SelectionKind::Town:
        if (const auto d = m_doc.model().selectedTown()) {
            m_details->showTown(*d, s.stage);
            return;
        }
        break;
    case SelectionKind::Housing: {
        const study::StudyResults& r = *m_doc.model().shown().results;
        for (std::size_t i = 0; i < r.city->housing.size(); ++i)
            if (r.city->housing[i].id == s.selection.id) {
                const core::KindergartenCheck* check = nullptr;
                for (const auto& k : r.kindergartens)
                    if (k.housingIndex == i)
                        check = &k;
                QString town = qs(r.city->housing[i].townCode);
                if (const auto t = r.city->regions.townIndex(r.city->housing[i].townCode))
                    town = qs(r.city->regions.towns[*t].name);
                m_details->showHousing(r.city->housing[i], check, town);
                return;
            }
        break;
    }
    case SelectionKind::None:
        break;
    }
    m_details->clear();
}

void MainWindow::updateControls() {
    m_updating = true;
    const bool have = m_doc.hasResults();
    const ViewerModel& model = m_doc.model();
    for (QWidget* w : std::initializer_list<QWidget*>{m_stage, m_theme, m_year, m_play, m_scenario})
        w->setEnabled(have);
    if (have) {
        const ViewState& s = model.state();
        m_stage->setCurrentIndex(static_cast<int>(core::stageIndex(s.stage)));
        const auto themeAt = std::find(kThemes.begin(), kThemes.end(), s.theme);
        m_theme->setCurrentIndex(static_cast<int>(themeAt - kThemes.begin()));
        const std::vector<int> ys = model.years();
        m_year->setRange(0, std::max(0, static_cast<int>(ys.size()) - 1));
        const auto at = std::find(ys.begin(), ys.end(), model.shownYear());
        m_year->setValue(at == ys.end() ? 0 : static_cast<int>(at - ys.begin()));
        m_yearValue->setText(QString::number(model.shownYear()));
        m_play->setEnabled(ys.size() > 1);
        if (m_scenario->count() != static_cast<int>(model.scenarioCount())) {
            m_scenario->clear();
            for (std::size_t k = 0; k < model.scenarioCount(); ++k)
                m_scenario->addItem(qs(model.scenario(k).name) +
                                    (k == 0 ? tr(" (edited)") : QString()));
        }
        m_scenario->setCurrentIndex(static_cast<int>(s.scenario));
        m_compare->setEnabled(model.scenarioCount() > 1);
        m_compare->setCurrentIndex(s.compare == CompareMode::SideBySide   ? 1
                                   : s.compare == CompareMode::Difference ? 2
                                                                          : 0);
        m_layerSchools->setChecked(s.schools);
        m_layerHousing->setChecked(s.housing);
        m_layerZones->setChecked(s.zones);
        m_layerCatchments->setChecked(s.catchments);
        m_layerRoads->setChecked(s.roads);
        (s.grid == GridLayer::Demand          ? m_gridDemand
         : s.grid == GridLayer::Accessibility ? m_gridAccess
                                              : m_gridNone)
            ->setChecked(true);
        const study::StudyResults& r = *model.shown().results;
        m_layerZones->setEnabled(!r.zones.empty());
        m_layerCatchments->setEnabled(r.allocation && !r.allocation->catchments.empty());
        m_layerRoads->setEnabled(r.allocation && r.allocation->roads != nullptr);
        m_gridDemand->setEnabled(r.allocation.has_value());
        m_gridAccess->setEnabled(r.allocation.has_value());
        // The districts to fit to.
        if (m_districtMenu->actions().size() !=
            static_cast<int>(r.city->regions.districts.size())) {
            m_districtMenu->clear();
            for (const core::District& d : r.city->regions.districts) {
                const std::string code = d.code;
                m_districtMenu->addAction(qs(d.name), this,
                                          [this, code] { guarded([&] { fitDistrict(code); }); });
            }
        }
        // Edits apply to the edited scenario (the first) shown alone.
        const bool editable = s.scenario == 0 && s.compare == CompareMode::Single;
        const bool school = editable && s.selection.kind == SelectionKind::School;
        for (QAction* a : {m_addSchool, m_addHousing, m_move})
            a->setEnabled(editable);
        m_editClasses->setEnabled(school);
        m_closeSchool->setEnabled(school);
        m_editHousing->setEnabled(editable && s.selection.kind == SelectionKind::Housing);
        m_save->setEnabled(true);
        m_exportMap->setEnabled(true);
        m_report->setEnabled(true);
    } else {
        for (QAction* a : {m_addSchool, m_addHousing, m_move, m_editClasses, m_closeSchool,
                           m_editHousing, m_save, m_exportMap, m_report})
            a->setEnabled(false);
    }
    m_updating = false;
}

// ---- Map input ----------------------------------------------------------------------------------

void MainWindow::onFeatureClicked(const QString& layerId, const QString& featureId) {
    editState([&](ViewState& s) {
        if (layerId == "schools")
            s.selection = {SelectionKind::School, featureId.toStdString()};
        else if (layerId == "housing")
            s.selection = {SelectionKind::Housing, featureId.toStdString()};
        else if (layerId == "towns")
            s.selection = {SelectionKind::Town, featureId.toStdString()};
        else
            s.selection = {};
    });
}

void MainWindow::onPlaceClicked(core::PointM world) {
    const auto city = m_doc.baseCity();
    if (!city)
        return;
    const ViewState& s = m_doc.model().state();
    if (m_map->tool() == MapWidget::Tool::AddSchool) {
        const std::string id = newSchoolId(*city, m_doc.plan());
        QString name = tr("New %1 %2").arg(qs(core::stageNameZh(s.stage)), qs(id));
        int classes = defaultClassesPerGrade(s.stage);
        int year = m_doc.model().shownYear();
        if (m_interactive) {
            NewSchoolDialog dialog(name, s.stage, city->norms[s.stage].grades, classes,
                                   city->baseYear, lastYear(), year, this);
            if (dialog.exec() != QDialog::Accepted)
                return;
            name = dialog.name();
            classes = dialog.classesPerGrade();
            year = dialog.year();
        }
        addSchoolAt(world, name, classes, year);
    } else if (m_map->tool() == MapWidget::Tool::AddHousing) {
        core::HousingProject h;
        h.id = newHousingId(*city, m_doc.plan());
        h.name = tr("New housing %1").arg(qs(h.id)).toStdString();
        h.dwellings = 3000;
        h.completionYear = std::min(lastYear(), m_doc.model().shownYear() + 1);
        h.kindergarten.classes = 6;
        h.kindergarten.deliveryYear = h.completionYear;
        h.kindergarten.publicOrPuhui = true;
        if (m_interactive) {
            HousingDialog dialog(h, city->baseYear, lastYear(), this);
            if (dialog.exec() != QDialog::Accepted)
                return;
            h = dialog.project();
        }
        addHousingAt(world, h);
    }
}

void MainWindow::addSchoolAt(core::PointM where, const QString& name, int classesPerGrade,
                             int year) {
    const auto city = m_doc.baseCity();
    if (!city)
        return;
    const core::Stage stage = m_doc.model().state().stage;
    const std::string id = newSchoolId(*city, m_doc.plan());
    core::NewSchool n = makeNewSchool(id, name.toStdString(), stage, city->norms[stage].grades,
                                      classesPerGrade, year, where);
    m_doc.editPlan(withNewSchool(m_doc.plan(), std::move(n)), tr("Add school %1").arg(name));
    editState([&](ViewState& s) { s.selection = {SelectionKind::School, id}; });
}

void MainWindow::addHousingAt(core::PointM where, const core::HousingProject& project) {
    core::HousingProject h = project;
    h.location = where;
    h.townCode.clear();
    const std::string id = h.id;
    m_doc.editPlan(withHousing(m_doc.plan(), std::move(h)),
                   tr("Add housing %1").arg(qs(project.name)));
    editState([&](ViewState& s) {
        s.selection = {SelectionKind::Housing, id};
        s.housing = true;
    });
}

void MainWindow::onFeatureMoved(const QString& layerId, const QString& featureId, core::PointM to) {
    const std::string id = featureId.toStdString();
    if (layerId == "schools") {
        if (!isPlannedSchool(m_doc.plan(), id)) {
            showError(tr("Only the plan's new schools can be moved; the schools of the dataset "
                         "stay where they are."));
            return;
        }
        m_doc.editPlan(withSchoolMoved(m_doc.plan(), id, to), tr("Move %1").arg(featureId));
    } else if (layerId == "housing") {
        std::optional<core::HousingProject> fromDataset;
        if (const auto city = m_doc.baseCity())
            for (const core::HousingProject& h : city->housing)
                if (h.id == id)
                    fromDataset = h;
        m_doc.editPlan(withHousingMoved(m_doc.plan(), id, to, fromDataset),
                       tr("Move %1").arg(featureId));
    }
}

void MainWindow::onEditClasses() {
    const ViewState& s = m_doc.model().state();
    if (s.selection.kind != SelectionKind::School)
        return;
    const YearView v = yearView(*m_doc.model().shown().results, s.year);
    std::vector<int> current(static_cast<std::size_t>(v.city->norms[s.stage].grades), 0);
    for (const core::School& sc : v.city->schools)
        if (sc.id == s.selection.id)
            if (const core::StageProvision* p = sc.stage(s.stage))
                for (const auto& g : p->grades)
                    if (g.grade >= 1 && g.grade <= static_cast<int>(current.size()))
                        current[static_cast<std::size_t>(g.grade - 1)] = g.classes;
    int year = v.year;
    std::vector<int> wanted = current;
    if (m_interactive) {
        ClassesDialog dialog(tr("Classes of %1").arg(qs(s.selection.id)), current,
                             m_doc.baseCity()->baseYear, lastYear(), year, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        wanted = dialog.classesPerGrade();
        year = dialog.year();
    }
    setSelectedSchoolClasses(wanted, year);
}

void MainWindow::setSelectedSchoolClasses(const std::vector<int>& classesPerGrade, int year) {
    const ViewState& s = m_doc.model().state();
    if (s.selection.kind != SelectionKind::School)
        return;
    // The school's classes in that year's city, with the plan's earlier changes.
    const study::StudyResults& r = *m_doc.model().scenario(0).results;
    const YearView v = yearView(r, year == r.baseYear ? std::nullopt : std::optional<int>(year));
    std::vector<int> current(classesPerGrade.size(), 0);
    for (const core::School& sc : v.city->schools)
        if (sc.id == s.selection.id)
            if (const core::StageProvision* p = sc.stage(s.stage))
                for (const auto& g : p->grades)
                    if (g.grade >= 1 && g.grade <= static_cast<int>(current.size()))
                        current[static_cast<std::size_t>(g.grade - 1)] = g.classes;
    m_doc.editPlan(
        withClasses(m_doc.plan(), s.selection.id, s.stage, classesPerGrade, current, year),
        tr("Classes of %1").arg(qs(s.selection.id)));
}

void MainWindow::toggleSelectedSchoolClosed() {
    const ViewState& s = m_doc.model().state();
    if (s.selection.kind != SelectionKind::School)
        return;
    const std::string id = s.selection.id;
    if (isClosed(m_doc.plan(), id))
        m_doc.editPlan(withSchoolReopened(m_doc.plan(), id), tr("Reopen %1").arg(qs(id)));
    else
        m_doc.editPlan(withSchoolClosed(m_doc.plan(), id, m_doc.model().shownYear()),
                       tr("Close %1").arg(qs(id)));
}

void MainWindow::onEditHousing() {
    const ViewState& s = m_doc.model().state();
    if (s.selection.kind != SelectionKind::Housing)
        return;
    const auto city = m_doc.baseCity();
    for (const core::HousingProject& h : city->housing)
        if (h.id == s.selection.id) {
            core::HousingProject edited = h;
            if (m_interactive) {
                HousingDialog dialog(h, city->baseYear, lastYear(), this);
                if (dialog.exec() != QDialog::Accepted)
                    return;
                edited = dialog.project();
            }
            replaceSelectedHousing(edited);
            return;
        }
}

void MainWindow::replaceSelectedHousing(const core::HousingProject& project) {
    core::HousingProject h = project;
    h.kindergarten.schoolId.clear();
    m_doc.editPlan(withHousing(m_doc.plan(), std::move(h)),
                   tr("Edit housing %1").arg(qs(project.name)));
}

void MainWindow::fitDistrict(const std::string& code) {
    const ScenarioResults& s = m_doc.model().shown();
    for (std::size_t i = 0;
         i < s.results->districtShapes.size() && i < s.geometry->districts.size(); ++i)
        if (s.results->districtShapes[i].code == code) {
            Extent e;
            bool any = false;
            for (const auto& poly : s.geometry->districts[i].polygons)
                for (const auto& ring : poly.rings)
                    for (const auto& p : ring) {
                        if (!any)
                            e = {p.x, p.y, p.x, p.y};
                        any = true;
                        e.minX = std::min(e.minX, p.x);
                        e.minY = std::min(e.minY, p.y);
                        e.maxX = std::max(e.maxX, p.x);
                        e.maxY = std::max(e.maxY, p.y);
                    }
            if (any)
                editState([&](ViewState& st) { st.extent = e.grown(0.05); });
        }
}

// ---- Files --------------------------------------------------------------------------------------

void MainWindow::openDialog(bool folder) {
    const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Open dataset folder"))
                                : QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                               tr("Scenario files (*.yaml *.yml)"));
    if (path.isEmpty())
        return;
    m_doc.open(path.toStdString());
}

void MainWindow::compareDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Compare with scenario"), QString(),
                                                      tr("Scenario files (*.yaml *.yml)"));
    if (!path.isEmpty())
        m_doc.openComparison(path.toStdString());
}

void MainWindow::saveDialog() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Save scenario as"), QString(),
                                                      tr("Scenario files (*.yaml)"));
    if (!file.isEmpty())
        saveScenarioTo(file);
}

void MainWindow::saveScenarioTo(const QString& file) {
    m_doc.saveScenario(file.toStdString());
    m_status->setText(tr("Saved %1").arg(file));
}

void MainWindow::exportMapDialog() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export map"), QString(),
                                                      tr("PNG image (*.png);;PDF (*.pdf)"));
    if (file.isEmpty())
        return;
    writeMaps(m_doc.model().maps(1920, 1080), file.toStdString());
    m_status->setText(tr("Written %1").arg(file));
}

void MainWindow::reportDialog() {
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Write report"), QString(), tr("PDF (*.pdf)"));
    if (file.isEmpty())
        return;
    // Composed and written off the GUI thread from the current results (shared, immutable).
    std::vector<std::shared_ptr<const study::StudyResults>> keep;
    std::vector<ReportScenario> scenarios;
    const ViewerModel& model = m_doc.model();
    const std::size_t first = model.state().scenario;
    std::vector<std::size_t> order{first};
    for (std::size_t k = 0; k < model.scenarioCount(); ++k)
        if (k != first)
            order.push_back(k);
    for (std::size_t k : order) {
        keep.push_back(model.scenario(k).results);
        scenarios.push_back(
            {model.scenario(k).name, model.scenario(k).name, keep.back().get(), nullptr, nullptr});
    }
    m_status->setText(tr("Writing report %1 …").arg(file));
    QThread* thread = QThread::create([this, keep, scenarios, file] {
        QString message;
        try {
            const ReportWriteResult r = writeReportPdf(buildReport(scenarios), file.toStdString());
            message = tr("Written %1 (%2 pages)").arg(file).arg(r.pages);
        } catch (const std::exception& e) {
            message = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, message] { m_status->setText(message); }, Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

} // namespace xw::viewer::app
