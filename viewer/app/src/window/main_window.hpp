#pragma once
// The main window: the map, the details panel, the view toolbar (view_controls.hpp), the plan
// edits (plan_editor.hpp) with undo/redo, the status line (run_status.hpp) and the menus. Thin:
// every control only changes the document's view state or asks the editor for a plan edit; what
// is shown comes from the document's model. Every slot catches: an error is a message box.
//
// The class is split by concern over three files: main_window.cpp (the parts, their wiring, what
// is shown), main_window_menus.cpp (menus, actions, edit toolbar), main_window_files.cpp (open,
// save, export, report).
#include "document/study_document.hpp"
#include "widgets/map_widget.hpp"

#include <QMainWindow>

#include <functional>

class QAction;
class QActionGroup;
class QComboBox;
class QMenu;
class QSlider;
class QToolBar;

namespace xw::viewer::app {

class DetailsPanel;
class PlanEditor;
class RunStatus;
class ViewControls;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(StudyDocument& document, QWidget* parent = nullptr);

    /// Without prompts (tests, scripted screenshots): edits take their defaults instead of asking
    /// in a dialog, and errors go to the status bar and lastError() instead of a message box.
    void setInteractive(bool interactive);
    [[nodiscard]] QString lastError() const { return m_lastError; }

    // The parts, for tests and screenshots.
    [[nodiscard]] MapWidget* mapWidget() const { return m_map; }
    [[nodiscard]] DetailsPanel* detailsPanel() const { return m_details; }
    [[nodiscard]] QSlider* yearSlider() const;
    [[nodiscard]] QComboBox* stageBox() const;
    [[nodiscard]] QComboBox* themeBox() const;
    [[nodiscard]] QComboBox* scenarioBox() const;
    [[nodiscard]] QComboBox* compareBox() const;
    [[nodiscard]] QAction* addSchoolAction() const { return m_addSchool; }
    [[nodiscard]] QAction* addHousingAction() const { return m_addHousing; }
    [[nodiscard]] QAction* moveAction() const { return m_move; }
    [[nodiscard]] QAction* selectAction() const { return m_select; }
    [[nodiscard]] QAction* saveAction() const { return m_save; }
    [[nodiscard]] QMenu* fileMenu() const { return m_fileMenu; }
    /// The status line's message.
    [[nodiscard]] QString statusMessage() const;

    /// Plan edits without dialogs (PlanEditor's; the dialogs end in these too).
    void addSchoolAt(core::PointM where, const QString& name, int classesPerGrade, int year);
    void setSelectedSchoolClasses(const std::vector<int>& classesPerGrade, int year);
    void toggleSelectedSchoolClosed();
    void addHousingAt(core::PointM where, const core::HousingProject& project);
    void replaceSelectedHousing(const core::HousingProject& project);
    /// Saves the edited scenario (no dialog). \throws as StudyDocument::saveScenario.
    void saveScenarioTo(const QString& file);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    // main_window.cpp: plumbing and what is shown.
    /// Runs a slot body; any exception becomes a message (never a crash).
    void guarded(const std::function<void()>& body);
    void showError(const QString& message);
    void editState(const std::function<void(ViewState&)>& change);
    void retranslate();
    void onModelChanged();
    void rebuildMaps();
    void updateDetails();
    void updateControls();
    /// The window title names the edited scenario; "[*]" marks unsaved edits.
    void updateTitle();
    void fitDistrict(const std::string& code);

    // main_window_menus.cpp: menus, actions and the edit toolbar.
    void buildActions();
    // The steps of buildActions, in menu-bar order; each creates its menu's actions untitled
    // (retranslateActions names them).
    void buildFileMenu();
    void buildEditMenu();
    void buildViewMenu();
    void buildLanguageAndHelpMenus();
    /// The edit toolbar: undo, redo, the map tools and the school and housing edits.
    void buildEditBar();
    void retranslateActions();
    /// Checks and enables the actions for the state shown (m_updating set by the caller).
    void updateActions();

    // main_window_files.cpp: files.
    void openDialog(bool folder);
    void compareDialog();
    void saveDialog();
    void exportMapDialog();
    void reportDialog();

    StudyDocument& m_doc;
    MapWidget* m_map = nullptr;
    DetailsPanel* m_details = nullptr;
    ViewControls* m_controls = nullptr;
    RunStatus* m_status = nullptr;
    PlanEditor* m_editor = nullptr;
    bool m_interactive = true;
    QString m_lastError;
    bool m_updating = false; ///< actions being set from the model: their signals are ignored

    QMenu* m_fileMenu = nullptr;
    QMenu* m_editMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_layersMenu = nullptr;
    QMenu* m_districtMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QToolBar* m_editBar = nullptr;

    QAction* m_open = nullptr;
    QAction* m_openFolder = nullptr;
    QAction* m_openCompare = nullptr;
    QAction* m_save = nullptr;
    QAction* m_exportMap = nullptr;
    QAction* m_report = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QActionGroup* m_tools = nullptr;
    QAction* m_select = nullptr;
    QAction* m_addSchool = nullptr;
    QAction* m_addHousing = nullptr;
    QAction* m_move = nullptr;
    QAction* m_editClasses = nullptr;
    QAction* m_closeSchool = nullptr;
    QAction* m_editHousing = nullptr;
    QAction* m_fitCity = nullptr;
    QAction* m_layerSchools = nullptr;
    QAction* m_layerHousing = nullptr;
    QAction* m_layerZones = nullptr;
    QAction* m_layerCatchments = nullptr;
    QAction* m_layerRoads = nullptr;
    QActionGroup* m_gridGroup = nullptr;
    QAction* m_gridNone = nullptr;
    QAction* m_gridDemand = nullptr;
    QAction* m_gridAccess = nullptr;
    QAction* m_langZh = nullptr;
    QAction* m_langEn = nullptr;
    QAction* m_about = nullptr;
};

} // namespace xw::viewer::app
