#pragma once
// The main window: the map, the details panel, the controls (stage, year slider with play,
// scenario, compare mode, theme, layers), the plan edits with undo/redo, and the menus. Thin:
// every control only changes the document's view state or pushes a plan edit; what is shown
// comes from the document's model. Every slot catches: an error is a message box.
#include "study_document.hpp"

#include <QMainWindow>

#include <functional>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QSlider;
class QTimer;
class QToolBar;
class QToolButton;

namespace xw::viewer::app {

class DetailsPanel;
class MapWidget;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(StudyDocument& document, QWidget* parent = nullptr);

    /// Without prompts (tests, scripted screenshots): edits take their defaults instead of asking
    /// in a dialog, and errors go to the status bar and lastError() instead of a message box.
    void setInteractive(bool interactive) { m_interactive = interactive; }
    [[nodiscard]] QString lastError() const { return m_lastError; }

    // The parts, for tests and screenshots.
    [[nodiscard]] MapWidget* mapWidget() const { return m_map; }
    [[nodiscard]] DetailsPanel* detailsPanel() const { return m_details; }
    [[nodiscard]] QSlider* yearSlider() const { return m_year; }
    [[nodiscard]] QComboBox* stageBox() const { return m_stage; }
    [[nodiscard]] QComboBox* themeBox() const { return m_theme; }
    [[nodiscard]] QComboBox* scenarioBox() const { return m_scenario; }
    [[nodiscard]] QComboBox* compareBox() const { return m_compare; }
    [[nodiscard]] QAction* addSchoolAction() const { return m_addSchool; }
    [[nodiscard]] QAction* addHousingAction() const { return m_addHousing; }
    [[nodiscard]] QAction* moveAction() const { return m_move; }
    [[nodiscard]] QAction* selectAction() const { return m_select; }
    [[nodiscard]] QMenu* fileMenu() const { return m_fileMenu; }

    /// Plan edits without dialogs (the dialogs call these too).
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
    void buildActions();
    void buildControls();
    void retranslate();
    /// Runs a slot body; any exception becomes a message (never a crash).
    void guarded(const std::function<void()>& body);
    void showError(const QString& message);
    void editState(const std::function<void(ViewState&)>& change);

    void onResults();
    void onView();
    void rebuildMaps();
    void updateDetails();
    void updateControls();
    void onFeatureClicked(const QString& layerId, const QString& featureId);
    void onPlaceClicked(core::PointM world);
    void onFeatureMoved(const QString& layerId, const QString& featureId, core::PointM to);
    void onEditClasses();
    void onEditHousing();
    void openDialog(bool folder);
    void compareDialog();
    void saveDialog();
    void exportMapDialog();
    void reportDialog();
    void fitDistrict(const std::string& code);
    [[nodiscard]] int lastYear() const;

    StudyDocument& m_doc;
    MapWidget* m_map = nullptr;
    DetailsPanel* m_details = nullptr;
    bool m_interactive = true;
    QString m_lastError;
    bool m_updating = false; ///< controls being set from the model: their signals are ignored

    QMenu* m_fileMenu = nullptr;
    QMenu* m_editMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_layersMenu = nullptr;
    QMenu* m_districtMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QToolBar* m_viewBar = nullptr;
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

    QLabel* m_stageLabel = nullptr;
    QComboBox* m_stage = nullptr;
    QLabel* m_themeLabel = nullptr;
    QComboBox* m_theme = nullptr;
    QLabel* m_yearLabel = nullptr;
    QSlider* m_year = nullptr;
    QLabel* m_yearValue = nullptr;
    QToolButton* m_play = nullptr;
    QTimer* m_playTimer = nullptr;
    QLabel* m_scenarioLabel = nullptr;
    QComboBox* m_scenario = nullptr;
    QComboBox* m_compare = nullptr;

    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace xw::viewer::app
