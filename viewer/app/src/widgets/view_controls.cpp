#include "widgets/view_controls.hpp"

#include <QComboBox>
#include <QLabel>
#include <QSlider>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace xw::viewer::app {

namespace {

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const std::vector<MapTheme> kThemes{MapTheme::Shortfall, MapTheme::Utilisation, MapTheme::Warning,
                                    MapTheme::Indicators, MapTheme::Accessibility};

} // namespace

ViewControls::ViewControls(QWidget* parent) : QToolBar(parent) {
    setObjectName("view");
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
    // Names arrive after the first show and change on "save as": the box follows them.
    m_scenario->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_compare = new QComboBox(this);
    for (int i = 0; i < 3; ++i)
        m_compare->addItem(QString(), i);

    addWidget(m_stageLabel);
    addWidget(m_stage);
    addSeparator();
    addWidget(m_themeLabel);
    addWidget(m_theme);
    addSeparator();
    addWidget(m_yearLabel);
    addWidget(m_year);
    addWidget(m_yearValue);
    addWidget(m_play);
    addSeparator();
    addWidget(m_scenarioLabel);
    addWidget(m_scenario);
    addWidget(m_compare);

    connect(m_stage, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (!m_updating && i >= 0)
            emit stageChosen(core::kAllStages[static_cast<std::size_t>(i)]);
    });
    connect(m_theme, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (!m_updating && i >= 0)
            emit themeChosen(kThemes[static_cast<std::size_t>(i)]);
    });
    connect(m_year, &QSlider::valueChanged, this, [this](int i) {
        if (!m_updating)
            emit yearChosen(i);
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
        if (m_busy)
            return;
        if (m_year->value() >= m_year->maximum()) {
            m_play->setChecked(false);
            return;
        }
        m_year->setValue(m_year->value() + 1);
    });
    connect(m_scenario, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (!m_updating && i >= 0)
            emit scenarioChosen(i);
    });
    connect(m_compare, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (m_updating || i < 0)
            return;
        emit compareChosen(i == 1   ? CompareMode::SideBySide
                           : i == 2 ? CompareMode::Difference
                                    : CompareMode::Single);
    });
}

void ViewControls::setFrom(const ViewerModel& model) {
    m_updating = true;
    const bool have = model.scenarioCount() > 0;
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_stage, m_theme, m_year, m_play, m_scenario, m_compare})
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
        std::vector<std::string> names;
        for (std::size_t k = 0; k < model.scenarioCount(); ++k)
            names.push_back(model.scenario(k).name);
        setScenarioNames(names);
        m_scenario->setCurrentIndex(static_cast<int>(s.scenario));
        m_compare->setEnabled(model.scenarioCount() > 1);
        m_compare->setCurrentIndex(s.compare == CompareMode::SideBySide   ? 1
                                   : s.compare == CompareMode::Difference ? 2
                                                                          : 0);
    }
    m_updating = false;
}

void ViewControls::setScenarioNames(const std::vector<std::string>& names) {
    // Every item is written each time: a scenario renamed (saved under another name) or replaced
    // by another one opened keeps its index, so comparing counts would leave its old name.
    m_names = names;
    const bool updating = m_updating;
    m_updating = true;
    while (m_scenario->count() > static_cast<int>(names.size()))
        m_scenario->removeItem(m_scenario->count() - 1);
    for (std::size_t k = 0; k < names.size(); ++k) {
        const QString text = QString::fromStdString(names[k]) + (k == 0 ? tr(" (edited)") : "");
        const int i = static_cast<int>(k);
        if (i < m_scenario->count())
            m_scenario->setItemText(i, text);
        else
            m_scenario->addItem(text);
    }
    m_updating = updating;
}

void ViewControls::retranslate() {
    setWindowTitle(tr("View"));
    m_stageLabel->setText(tr("Stage "));
    m_themeLabel->setText(tr(" Map "));
    m_yearLabel->setText(tr(" Year "));
    m_scenarioLabel->setText(tr(" Scenario "));
    m_play->setText(tr("Play"));
    const QStringList themes{tr("Seat shortfall"), tr("Utilisation"), tr("Seat warning"),
                             tr("Indicators not met"), tr("Accessibility (2SFCA)")};
    for (int i = 0; i < m_theme->count() && i < themes.size(); ++i)
        m_theme->setItemText(i, themes[i]);
    const QStringList modes{tr("Single"), tr("Side by side"), tr("Difference")};
    for (int i = 0; i < m_compare->count(); ++i)
        m_compare->setItemText(i, modes[i]);
    setScenarioNames(m_names);
}

} // namespace xw::viewer::app
