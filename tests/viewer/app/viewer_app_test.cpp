// The viewer application driven as a user would (QTest clicks and slider moves on the offscreen
// platform): selection and the details panel, a plan edit changing a town's shortfall and its
// colour on the map, the year slider, undo, saving and reopening a scenario, the scenario's name
// wherever it is shown after "save as" and "open", the language, and an edit the engine refuses.
// Every figure is compared with the engine's results. The details panel alone: its headers name
// the norms' class sizes.
#include "document/failure.hpp"
#include "document/study_document.hpp"
#include "language.hpp"
#include "widgets/details_panel.hpp"
#include "widgets/map_widget.hpp"
#include "window/main_window.hpp"

#include <xw/core/common/progress.hpp>
#include <xw/gis/error.hpp>
#include <xw/study/study.hpp>
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/plan_edits.hpp>

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <new>
#include <random>
#include <stdexcept>

// Readable QStrings in failure messages.
QT_BEGIN_NAMESPACE
inline void PrintTo(const QString& s, std::ostream* os) {
    *os << '"' << s.toStdString() << '"';
}
QT_END_NAMESPACE

namespace xw::viewer::app {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(XW_SOURCE_ROOT) / "data/yangjiang";

/// A lighter engine config than the viewer's default, for test speed (the same code paths).
study::StudyConfig testConfig() {
    study::StudyConfig c = defaultViewerConfig();
    c.years = std::make_pair(2020, 2030);
    c.gridMeters = 500.0;
    c.monteCarloDraws = 40;
    return c;
}

struct Viewer {
    StudyDocument doc;
    MainWindow window{doc};

    explicit Viewer(const fs::path& source = kData) {
        window.setInteractive(false);
        window.resize(1400, 900);
        window.show();
        doc.setConfig(testConfig());
        doc.open(source);
        EXPECT_TRUE(doc.waitUntilIdle(600000)) << "the first run did not finish";
        EXPECT_TRUE(doc.hasResults()) << window.lastError().toStdString();
        QApplication::processEvents();
    }
    [[nodiscard]] const study::StudyResults& results() const {
        return *doc.model().shown().results;
    }
    [[nodiscard]] MapWidget& map() const { return *window.mapWidget(); }
    void idle() {
        ASSERT_TRUE(doc.waitUntilIdle(600000));
        QApplication::processEvents();
    }
};

const MapLayer& layerOf(const MapWidget& w, const std::string& id) {
    for (const auto& l : w.maps().front().layers)
        if (l.id == id)
            return l;
    throw std::runtime_error("no layer " + id);
}

const MapFeature& featureOf(const MapWidget& w, const std::string& layer, const std::string& id) {
    for (const auto& f : layerOf(w, layer).features)
        if (f.id == id)
            return f;
    throw std::runtime_error("no feature " + id);
}

double shortfallOf(const study::StudyResults& r, const std::string& town, core::Stage s) {
    for (const auto& row : r.balance.towns)
        if (row.code == town && row.stage == s)
            return row.shortfall;
    throw std::runtime_error("no town " + town);
}

/// The town with the largest base-year primary shortfall.
std::string shortestTown(const study::StudyResults& r) {
    const core::AreaStageBalance* worst = nullptr;
    for (const auto& row : r.balance.towns)
        if (row.stage == core::Stage::Primary && (!worst || row.shortfall > worst->shortfall))
            worst = &row;
    return worst->code;
}

/// A pixel of the map picture inside `town`, at least `away` px from `avoid`, whose colour is the
/// town's fill colour (no symbol, label or outline on it).
std::optional<QPoint> plainPixelOf(const MapWidget& w, const std::string& town, QPointF avoid,
                                   double away) {
    const MapFeature& f = featureOf(w, "towns", town);
    const MapLayer& towns = layerOf(w, "towns");
    const auto k = classOf(*towns.style.classes, &f.attributes.at("shortfall"));
    if (!k)
        return std::nullopt;
    const Rgba c = towns.style.classes->classes[*k].colour;
    const QImage img = w.picture().convertToFormat(QImage::Format_ARGB32);
    const double ratio = img.devicePixelRatio();
    const MapRenderResult& r = w.renders().front();
    for (int y = 0; y < w.height(); y += 3)
        for (int x = 0; x < w.width(); x += 3) {
            const QPointF p(x, y);
            if (std::hypot(p.x() - avoid.x(), p.y() - avoid.y()) < away)
                continue;
            const auto hit = featureAt(w.maps().front(), r, p, 0.0, {"towns"});
            if (!hit || hit->featureId != town)
                continue;
            const QColor px =
                img.pixelColor(static_cast<int>(x * ratio), static_cast<int>(y * ratio));
            // The whole 5 × 5 neighbourhood has the fill colour: not an edge, label or symbol.
            bool plain = true;
            for (int dy = -2; dy <= 2 && plain; ++dy)
                for (int dx = -2; dx <= 2 && plain; ++dx) {
                    const QColor q = img.pixelColor(static_cast<int>((x + dx) * ratio),
                                                    static_cast<int>((y + dy) * ratio));
                    plain = q.red() == c.r && q.green() == c.g && q.blue() == c.b;
                }
            if (plain && px.red() == c.r)
                return QPoint(x, y);
        }
    return std::nullopt;
}

QColor pixel(const MapWidget& w, QPoint p) {
    const QImage img = w.picture().convertToFormat(QImage::Format_ARGB32);
    const double ratio = img.devicePixelRatio();
    return img.pixelColor(static_cast<int>(p.x() * ratio), static_cast<int>(p.y() * ratio));
}

/// The header of column `c` of the details panel's table.
QString headerOf(const DetailsPanel& panel, int c) {
    return panel.table()->horizontalHeaderItem(c)->text();
}

TEST(DetailsPanel, TheLargeClassColumnNamesTheClassSizeOfTheNormsInUse) {
    // Norms other than the default 56, as a scenario's norms or a plan's policy set them.
    SchoolDetails school;
    school.name = "测试小学";
    school.largeClassMin = 45;
    school.stages.push_back({core::Stage::Primary, 12, 540, 530, 0.98, 44.2, 3, 0});
    TownDetails town;
    town.name = "测试镇";
    town.largeClassMin = 45;
    TownStageRow row;
    row.stage = core::Stage::Primary;
    row.largeClasses = 3;
    town.rows.push_back(row);
    DetailsPanel panel;
    const std::pair<const char*, QString> languages[] = {
        {"en", QString::fromUtf8("Classes ≥45")},
        {"zh_CN", QString::fromUtf8("大班额班数（≥45人）")}};
    for (const auto& [language, header] : languages) {
        ASSERT_TRUE(installLanguage(language));
        panel.showSchool(school, false, false);
        EXPECT_EQ(headerOf(panel, 6), header) << language;
        panel.showTown(town, core::Stage::Primary);
        EXPECT_EQ(headerOf(panel, 6), header) << language;
    }
}

TEST(ViewerApp, ClickingASchoolSelectsItAndFillsThePanel) {
    Viewer v;
    const MapLayer& schools = layerOf(v.map(), "schools");
    // A school symbol standing alone (nothing else within 40 px) inside the frame.
    for (const auto& f : schools.features) {
        const auto at = v.map().deviceOf(f.point);
        ASSERT_TRUE(at.has_value());
        if (!v.map().renders().front().mapFrame.adjusted(50, 50, -50, -50).contains(*at))
            continue;
        bool alone = true;
        for (const auto& g : schools.features)
            if (&g != &f) {
                const auto o = v.map().deviceOf(g.point);
                alone = alone && std::hypot(o->x() - at->x(), o->y() - at->y()) > 40;
            }
        if (!alone)
            continue;
        // The click selects the school and so redraws the map (the selection ring): the widget's
        // maps, `schools` and `f` with them, are replaced. Keep the id, not a reference.
        const std::string id = f.id;
        QTest::mouseClick(&v.map(), Qt::LeftButton, {}, at->toPoint());
        QApplication::processEvents();
        const ViewState& s = v.doc.model().state();
        ASSERT_EQ(s.selection.kind, SelectionKind::School);
        EXPECT_EQ(s.selection.id, id);
        const auto found =
            std::find_if(v.results().city->schools.begin(), v.results().city->schools.end(),
                         [&](const core::School& x) { return x.id == id; });
        ASSERT_NE(found, v.results().city->schools.end()) << id;
        const core::School& school = *found;
        EXPECT_EQ(v.window.detailsPanel()->heading().toStdString(), school.name);
        // One table row per stage the school serves, with the engine's seats.
        const QTableWidget* table = v.window.detailsPanel()->table();
        ASSERT_EQ(table->rowCount(), static_cast<int>(school.stages.size()));
        for (const auto& row : v.results().balance.schools)
            if (v.results().city->schools[row.schoolIndex].id == id &&
                row.stage == core::Stage::Primary) {
                QString seats = table->item(0, 2)->text();
                seats.remove(',');
                EXPECT_EQ(seats.toLongLong(), row.seats);
            }
        // The selection is drawn: a ring around the school.
        EXPECT_NO_THROW((void)layerOf(v.map(), "selection"));
        return;
    }
    FAIL() << "no school stands alone on the map";
}

TEST(ViewerApp, AnEditChangesTheTownsShortfallAndTheMapColourAndUndoRestoresThem) {
    Viewer v;
    const std::string town = shortestTown(v.results());
    const double before = shortfallOf(v.results(), town, core::Stage::Primary);
    ASSERT_GT(before, 100.0);
    // Click the town's inner point with the "add school" tool: a primary school of 4 classes in
    // each of 6 grades (24 × 45 = 1,080 seats) opens there in the base year.
    std::size_t t = 0;
    while (v.results().townShapes[t].code != town)
        ++t;
    // Fit the town to the window so that it has room for a probe away from the new symbol.
    const auto& outline = v.doc.model().shown().geometry->towns[t];
    Extent box{outline.inside.x, outline.inside.y, outline.inside.x, outline.inside.y};
    for (const auto& poly : outline.polygons)
        for (const auto& p : poly.rings.front()) {
            box.minX = std::min(box.minX, p.x);
            box.minY = std::min(box.minY, p.y);
            box.maxX = std::max(box.maxX, p.x);
            box.maxY = std::max(box.maxY, p.y);
        }
    ViewState zoomed = v.doc.model().state();
    zoomed.extent = box.grown(0.1);
    v.doc.setState(zoomed);
    QApplication::processEvents();
    const core::PointM inside = outline.inside;
    const QPointF at = *v.map().deviceOf(inside);
    const auto probe = plainPixelOf(v.map(), town, at, 150.0);
    ASSERT_TRUE(probe.has_value()) << "no plain pixel of the town to watch";
    const QColor colourBefore = pixel(v.map(), *probe);
    v.window.addSchoolAction()->trigger();
    QTest::mouseClick(&v.map(), Qt::LeftButton, {}, at.toPoint());
    v.idle();
    ASSERT_EQ(v.doc.plan().newSchools.size(), 1u) << v.window.lastError().toStdString();
    const core::NewSchool& added = v.doc.plan().newSchools.front();
    EXPECT_EQ(added.year, v.results().baseYear);
    // By hand: the town's seats grow by 1,080 and its shortfall falls to what remains.
    double demand = 0.0, seats = 0.0;
    for (const auto& row : v.results().balance.towns)
        if (row.code == town && row.stage == core::Stage::Primary) {
            demand = row.demand;
            seats = static_cast<double>(row.seats);
        }
    const double after = shortfallOf(v.results(), town, core::Stage::Primary);
    EXPECT_DOUBLE_EQ(after, std::max(0.0, before - 1080.0));
    EXPECT_DOUBLE_EQ(after, std::max(0.0, demand - seats));
    EXPECT_EQ(std::get<double>(featureOf(v.map(), "towns", town).attributes.at("shortfall")),
              std::round(after));
    const QColor colourAfter = pixel(v.map(), *probe);
    EXPECT_NE(colourAfter, colourBefore);
    // The new school is on the map where it was clicked.
    const MapFeature& school = featureOf(v.map(), "schools", added.school.id);
    const auto drawn = v.map().deviceOf(school.point);
    EXPECT_LT(std::hypot(drawn->x() - at.x(), drawn->y() - at.y()), 1.5);

    // Undo: the plan, the shortfall and the colour are back.
    v.doc.undoStack()->undo();
    v.idle();
    EXPECT_TRUE(v.doc.plan().newSchools.empty());
    EXPECT_DOUBLE_EQ(shortfallOf(v.results(), town, core::Stage::Primary), before);
    EXPECT_EQ(pixel(v.map(), *probe), colourBefore);
    // Redo brings the edit back.
    v.doc.undoStack()->redo();
    v.idle();
    EXPECT_DOUBLE_EQ(shortfallOf(v.results(), town, core::Stage::Primary), after);
}

TEST(ViewerApp, TheYearSliderChangesTheFigures) {
    Viewer v;
    const std::string town = shortestTown(v.results());
    ViewState s = v.doc.model().state();
    s.selection = {SelectionKind::Town, town};
    s.stage = core::Stage::Kindergarten;
    v.doc.setState(s);
    QApplication::processEvents();
    const QTableWidget* table = v.window.detailsPanel()->table();
    const auto demandShown = [&] {
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 0)->text().contains("Kindergarten")) {
                QString d = table->item(r, 1)->text();
                d.remove(',');
                return d.toDouble();
            }
        return -1.0;
    };
    const auto demandOf = [&](const core::SeatBalance& b) {
        for (const auto& row : b.towns)
            if (row.code == town && row.stage == core::Stage::Kindergarten)
                return std::round(row.demand);
        return -2.0;
    };
    EXPECT_EQ(demandShown(), demandOf(v.results().balance));
    // Move the slider to 2030 as a user would (keyboard on the focused slider).
    QSlider* slider = v.window.yearSlider();
    const std::vector<int> years = v.doc.model().years();
    const int target =
        static_cast<int>(std::find(years.begin(), years.end(), 2030) - years.begin());
    ASSERT_LT(target, static_cast<int>(years.size()));
    slider->setFocus();
    while (slider->value() < target)
        QTest::keyClick(slider, Qt::Key_Right);
    QApplication::processEvents();
    EXPECT_EQ(v.doc.model().shownYear(), 2030);
    const study::YearResult* y = v.results().yearResult(2030);
    ASSERT_NE(y, nullptr);
    EXPECT_EQ(demandShown(), demandOf(y->balance));
    EXPECT_NE(demandOf(y->balance), demandOf(v.results().balance));
    EXPECT_NE(v.map().maps().front().title.find("2030"), std::string::npos);
}

TEST(ViewerApp, SavingAndReopeningAScenarioGivesTheSameMap) {
    const fs::path dir =
        fs::temp_directory_path() / ("xw_viewer_app_" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const fs::path file = dir / "edited.yaml";
    QImage first;
    std::vector<std::string> townsFirst;
    {
        Viewer v;
        const std::string town = shortestTown(v.results());
        std::size_t t = 0;
        while (v.results().townShapes[t].code != town)
            ++t;
        v.window.addSchoolAt(v.doc.model().shown().geometry->towns[t].inside, "测试新校", 3,
                             v.results().baseYear);
        v.idle();
        ASSERT_EQ(v.doc.plan().newSchools.size(), 1u);
        v.window.saveScenarioTo(QString::fromStdString(file.string()));
        EXPECT_TRUE(v.doc.undoStack()->isClean());
        // Adding the school selected it (ringed on the map). The selection is the view's, not the
        // scenario's: the file does not carry it, so compare the two maps with nothing selected.
        ViewState unselected = v.doc.model().state();
        unselected.selection = {};
        v.doc.setState(unselected);
        first = renderMapImage(v.doc.model().maps(1200, 800).front());
    }
    ASSERT_TRUE(fs::exists(file));
    Viewer again(file);
    ASSERT_EQ(again.doc.plan().newSchools.size(), 1u);
    EXPECT_EQ(again.doc.plan().newSchools.front().school.name, "测试新校");
    const QImage second = renderMapImage(again.doc.model().maps(1200, 800).front());
    ASSERT_EQ(first.size(), second.size());
    EXPECT_TRUE(first == second) << "the reopened scenario draws a different map";
    fs::remove_all(dir);
}

/// Triggers File → Save scenario as, types `file` into the file dialog and clicks Save, as a
/// user would.
void saveAsThroughTheDialog(MainWindow& window, const fs::path& file) {
    bool typed = false;
    // The dialog is modal: it is filled from its own event loop once it is up.
    std::function<void()> fill = [&] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (dialog == nullptr) {
            QTimer::singleShot(50, fill);
            return;
        }
        auto* name = dialog->findChild<QLineEdit*>("fileNameEdit");
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QPushButton* save = buttons ? buttons->button(QDialogButtonBox::Save) : nullptr;
        if (name == nullptr || save == nullptr) {
            ADD_FAILURE() << "the save dialog has no file name field or Save button";
            dialog->reject();
            return;
        }
        if (!QTest::qWaitForWindowExposed(dialog)) {
            ADD_FAILURE() << "the save dialog is not shown";
            dialog->reject();
            return;
        }
        name->clear();
        // Key by key with its text (QTest::keyClicks takes ASCII only; the name is Chinese).
        for (const QChar c : QString::fromStdString(file.string()))
            QTest::sendKeyEvent(QTest::Click, name, Qt::Key_unknown, QString(c), Qt::NoModifier);
        typed = true;
        // Typing opened the completer's list of matching files; a click elsewhere would only
        // close it. Close it first, as Escape on the list does.
        if (QCompleter* c = name->completer(); c != nullptr && c->popup()->isVisible())
            QTest::keyClick(c->popup(), Qt::Key_Escape);
        QTest::mouseClick(save, Qt::LeftButton);
        if (dialog->isVisible()) {
            ADD_FAILURE() << "the save dialog did not take " << file;
            dialog->reject();
        }
    };
    QTimer::singleShot(0, fill);
    window.saveAction()->trigger();
    QApplication::processEvents();
    ASSERT_TRUE(typed) << "the save dialog did not open";
}

QString editedSuffix() {
    return QApplication::translate("xw::viewer::app::ViewControls", " (edited)");
}

TEST(ViewerApp, SavingAsAnotherFileShowsTheNewNameEverywhere) {
    const fs::path dir =
        fs::temp_directory_path() / ("xw_viewer_name_" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    Viewer v; // the dataset's baseline
    ASSERT_EQ(v.window.scenarioBox()->count(), 1);
    EXPECT_EQ(v.window.scenarioBox()->itemText(0), "baseline" + editedSuffix());
    v.window.addSchoolAt(v.doc.model().shown().geometry->towns[0].inside, "另存新校", 3,
                         v.results().baseYear);
    v.idle();
    ASSERT_TRUE(v.window.isWindowModified());

    const fs::path south = dir / "南区方案.yaml";
    saveAsThroughTheDialog(v.window, south);
    ASSERT_TRUE(fs::exists(south)) << v.window.lastError().toStdString();
    EXPECT_EQ(v.doc.scenarioFile(), south);
    EXPECT_EQ(v.doc.model().scenario(0).name, "南区方案");
    EXPECT_EQ(v.window.scenarioBox()->count(), 1);
    EXPECT_EQ(v.window.scenarioBox()->itemText(0), QString::fromUtf8("南区方案") + editedSuffix());
    EXPECT_TRUE(v.window.windowTitle().startsWith(QString::fromUtf8("南区方案 — ")))
        << v.window.windowTitle().toStdString();
    EXPECT_FALSE(v.window.isWindowModified());
    // The file carries the name it is shown with.
    std::ifstream in(south);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("name: 南区方案"), std::string::npos) << text;

    // A scenario that names itself: opened, it shows its own name (not the one shown before);
    // saved onto its own file it keeps it; saved as another file it takes that file's name.
    const fs::path east = dir / "east.yaml";
    {
        std::ofstream out(east);
        out << "xuewei_scenario: 1\nname: 东区 / east\ndataset: " << kData.string() << "\n";
    }
    v.doc.open(east);
    v.idle();
    ASSERT_TRUE(v.doc.hasResults()) << v.window.lastError().toStdString();
    EXPECT_EQ(v.window.scenarioBox()->itemText(0),
              QString::fromUtf8("东区 / east") + editedSuffix());
    EXPECT_TRUE(v.window.windowTitle().startsWith(QString::fromUtf8("东区 / east — ")));
    EXPECT_EQ(v.doc.scenarioFile(), east);
    v.window.saveScenarioTo(QString::fromStdString(east.string()));
    EXPECT_EQ(v.window.scenarioBox()->itemText(0),
              QString::fromUtf8("东区 / east") + editedSuffix());
    const fs::path west = dir / "west.yaml";
    saveAsThroughTheDialog(v.window, west);
    EXPECT_EQ(v.doc.scenarioFile(), west);
    EXPECT_EQ(v.window.scenarioBox()->itemText(0), "west" + editedSuffix());
    EXPECT_TRUE(v.window.windowTitle().startsWith("west — "));
    // The maps of two scenarios name them as the combo does.
    v.doc.openComparison(south);
    v.idle();
    ASSERT_EQ(v.window.scenarioBox()->count(), 2);
    EXPECT_EQ(v.window.scenarioBox()->itemText(1), QString::fromUtf8("南区方案"));
    EXPECT_NE(v.map().maps().front().subtitle.find("west"), std::string::npos)
        << v.map().maps().front().subtitle;
    fs::remove_all(dir);
}

TEST(ViewerApp, TwoScenariosShowSideBySideOrAsTheirDifference) {
    const fs::path dir =
        fs::temp_directory_path() / ("xw_viewer_cmp_" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const fs::path file = dir / "more.yaml";
    {
        Viewer v;
        v.window.addSchoolAt(v.doc.model().shown().geometry->towns[0].inside, "比较新校", 4,
                             v.results().baseYear);
        v.idle();
        v.window.saveScenarioTo(QString::fromStdString(file.string()));
    }
    Viewer v;
    v.doc.openComparison(file);
    v.idle();
    ASSERT_EQ(v.doc.model().scenarioCount(), 2u);
    v.window.compareBox()->setCurrentIndex(1); // side by side
    QApplication::processEvents();
    EXPECT_EQ(v.map().maps().size(), 2u);
    EXPECT_EQ(v.map().renders().size(), 2u);
    v.window.compareBox()->setCurrentIndex(2); // difference
    QApplication::processEvents();
    ASSERT_EQ(v.map().maps().size(), 1u);
    const MapFeature& t0 = featureOf(v.map(), "towns", v.results().townShapes[0].code);
    EXPECT_LE(std::get<double>(t0.attributes.at("difference")), 0.0);
    fs::remove_all(dir);
}

TEST(ViewerApp, AnEditTheEngineRefusesIsAMessageAndIsUndone) {
    Viewer v;
    const std::size_t before = v.doc.undoStack()->count();
    // A school opening after the scenario's last allowed year: the study refuses the plan.
    v.window.addSchoolAt(v.doc.model().shown().geometry->towns[0].inside, "太晚的学校", 4, 2999);
    v.idle();
    EXPECT_FALSE(v.window.lastError().isEmpty());
    EXPECT_TRUE(v.doc.plan().newSchools.empty());
    EXPECT_EQ(v.doc.undoStack()->index(), static_cast<int>(before));
}

TEST(ViewerApp, TheMenusSpeakChineseOrEnglish) {
    Viewer v;
    ASSERT_TRUE(installLanguage("en"));
    QApplication::processEvents();
    EXPECT_EQ(v.window.fileMenu()->title(), "&File");
    ASSERT_TRUE(installLanguage("zh_CN"));
    QApplication::processEvents();
    EXPECT_EQ(v.window.fileMenu()->title(), QString::fromUtf8("文件(&F)"));
    EXPECT_EQ(v.window.themeBox()->itemText(0), QString::fromUtf8("学位缺口"));
    EXPECT_EQ(v.window.scenarioBox()->itemText(0), QString::fromUtf8("baseline（编辑中）"));
    ASSERT_TRUE(installLanguage("en"));
    QApplication::processEvents();
    EXPECT_EQ(v.window.scenarioBox()->itemText(0), "baseline (edited)");
}

} // namespace
} // namespace xw::viewer::app

// The viewer's one translation of failures: each kind says what it is; a study error lists its
// error diagnostics (not its warnings) once; a bug asks to be reported.
TEST(FailureMessage, EachKindOfFailureSaysWhatItIs) {
    using xw::viewer::app::failureMessage;
    const auto of = [](auto e) { return failureMessage(std::make_exception_ptr(e)); };
    xw::core::Diagnostic bad;
    bad.file = "schools.csv";
    bad.layer = "schools";
    bad.featureId = "S1";
    bad.field = "classes";
    bad.message = "不是数字 / not a number";
    xw::core::Diagnostic warning = bad;
    warning.severity = xw::core::Severity::Warning;
    warning.message = "只是警告 / only a warning";
    const QString study = of(xw::study::StudyError("数据集无法使用 / unusable", {bad, warning}));
    EXPECT_TRUE(study.startsWith("数据集无法使用 / unusable\n")) << study.toStdString();
    EXPECT_EQ(study.count("S1"), 1) << study.toStdString();
    EXPECT_FALSE(study.contains("only a warning")) << study.toStdString();
    EXPECT_EQ(of(xw::gis::GisError("a.csv", "schools", "坏 / bad")), QString::fromUtf8("坏 / bad"));
    EXPECT_TRUE(of(std::bad_alloc()).contains("out of memory"));
    EXPECT_TRUE(of(xw::core::Cancelled()).contains("cancelled"));
    const QString bug = of(std::logic_error("index out of range"));
    EXPECT_TRUE(bug.startsWith(QString::fromUtf8("内部错误 / internal error: index out of range")))
        << bug.toStdString();
    EXPECT_TRUE(bug.contains("please report"));
    EXPECT_TRUE(failureMessage(std::make_exception_ptr(42)).contains("unknown error"));
}
