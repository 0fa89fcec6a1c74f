#pragma once
// The view toolbar: stage, map theme, year slider with Play, the scenario shown and the compare
// mode. Input only: each choice is forwarded as a signal (the main window turns it into a view
// state); setFrom() shows what the model holds, and while it does so the toolbar's own signals
// are not emitted. It keeps no state beyond what it shows (the scenario names, for a language
// change) and whether Play waits for the engine.
#include <xw/viewer/model/view_model.hpp>

#include <QToolBar>

#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace xw::viewer::app {

class ViewControls : public QToolBar {
    Q_OBJECT
public:
    explicit ViewControls(QWidget* parent = nullptr);

    /// Shows the model: its scenarios (the first marked as edited), its years, its state. With no
    /// results every control is disabled.
    void setFrom(const ViewerModel& model);
    /// Texts in the current language (called on a language change).
    void retranslate();
    /// While the engine works, Play waits before moving to the next year.
    void setBusy(bool busy) { m_busy = busy; }

    // The parts, for tests and screenshots.
    [[nodiscard]] QComboBox* stageBox() const { return m_stage; }
    [[nodiscard]] QComboBox* themeBox() const { return m_theme; }
    [[nodiscard]] QSlider* yearSlider() const { return m_year; }
    [[nodiscard]] QComboBox* scenarioBox() const { return m_scenario; }
    [[nodiscard]] QComboBox* compareBox() const { return m_compare; }

signals:
    void stageChosen(xw::core::Stage stage);
    void themeChosen(xw::viewer::MapTheme theme);
    /// An index into the model's years() (0: the base year).
    void yearChosen(int index);
    /// The index of a scenario of the model.
    void scenarioChosen(int index);
    void compareChosen(xw::viewer::CompareMode mode);

private:
    void setScenarioNames(const std::vector<std::string>& names);

    bool m_updating = false; ///< being set from the model: the controls' signals are ignored
    bool m_busy = false;
    std::vector<std::string> m_names; ///< the scenario box's names, as last shown

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
};

} // namespace xw::viewer::app
