// The main window's menus, actions and edit toolbar: built once, retitled on a language change,
// checked and enabled from the state shown.
#include "window/main_window.hpp"

#include "document/plan_editor.hpp"
#include "language.hpp"

#include <QAction>
#include <QActionGroup>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolBar>

namespace xw::viewer::app {

void MainWindow::buildActions() {
    // Menus in menu-bar order; the toolbar last, as it reuses the edit menu's actions.
    buildFileMenu();
    buildEditMenu();
    buildViewMenu();
    buildLanguageAndHelpMenus();
    buildEditBar();
}

void MainWindow::buildFileMenu() {
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
}

void MainWindow::buildEditMenu() {
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
    m_editClasses = m_editMenu->addAction(QString(), this,
                                          [this] { guarded([this] { m_editor->editClasses(); }); });
    m_closeSchool = m_editMenu->addAction(
        QString(), this, [this] { guarded([this] { m_editor->toggleSelectedSchoolClosed(); }); });
    m_editHousing = m_editMenu->addAction(QString(), this,
                                          [this] { guarded([this] { m_editor->editHousing(); }); });
}

void MainWindow::buildViewMenu() {
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
}

void MainWindow::buildLanguageAndHelpMenus() {
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
}

void MainWindow::buildEditBar() {
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

void MainWindow::retranslateActions() {
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
}

void MainWindow::updateActions() {
    if (!m_doc.hasResults()) {
        for (QAction* a : {m_addSchool, m_addHousing, m_move, m_editClasses, m_closeSchool,
                           m_editHousing, m_save, m_exportMap, m_report})
            a->setEnabled(false);
        return;
    }
    const ViewerModel& model = m_doc.model();
    const ViewState& s = model.state();
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
    // The districts to fit to: rebuilt whenever they differ from the shown city's (another
    // dataset opened may have as many districts, with other codes and names).
    QStringList wanted;
    for (const core::District& d : r.city->regions.districts)
        wanted << QString::fromStdString(d.code + '\t' + d.name);
    QStringList shown;
    for (const QAction* a : m_districtMenu->actions())
        shown << a->data().toString() + '\t' + a->text();
    if (shown != wanted) {
        m_districtMenu->clear();
        for (const core::District& d : r.city->regions.districts) {
            const std::string code = d.code;
            QAction* a =
                m_districtMenu->addAction(QString::fromStdString(d.name), this,
                                          [this, code] { guarded([&] { fitDistrict(code); }); });
            a->setData(QString::fromStdString(code));
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
}

} // namespace xw::viewer::app
