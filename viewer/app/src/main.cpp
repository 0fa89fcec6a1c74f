// xuewei-viewer: the map viewer and plan editor.
//
//   xuewei-viewer [SCENARIO.yaml | DATASET_FOLDER] [--compare SCENARIO.yaml]
//                 [--screenshot FILE.png [--stage CODE] [--theme CODE] [--select-town CODE]]
//
// Without arguments it opens the embedded Yangjiang dataset ($XUEWEI_DATA overrides it). With
// --screenshot it waits for the first results, grabs the main window to FILE.png and quits (the
// documentation's screenshot is made so, under Xvfb).
#include "language.hpp"
#include "widgets/map_widget.hpp"
#include "window/main_window.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace {

std::filesystem::path defaultData() {
    if (const char* env = std::getenv("XUEWEI_DATA"); env && *env)
        return env;
    return XW_DEFAULT_DATA_DIR;
}

} // namespace

int main(int argc, char** argv) {
    using namespace xw::viewer;
    QApplication app(argc, argv);
    QApplication::setApplicationName("xuewei-viewer");
    QApplication::setOrganizationName("Xuewei");
    app::installLanguage(app::systemLanguage());

    QCommandLineParser parser;
    parser.setApplicationDescription("学位 Xuewei viewer");
    parser.addHelpOption();
    parser.addPositionalArgument("source", "scenario file or dataset folder");
    QCommandLineOption compare("compare", "scenario to compare with", "file");
    QCommandLineOption screenshot("screenshot", "grab the window to this PNG and quit", "file");
    QCommandLineOption stage("stage", "stage shown (kindergarten primary junior …)", "code");
    QCommandLineOption theme("theme", "map theme (shortfall utilisation warning …)", "code");
    QCommandLineOption town("select-town", "select this town", "code");
    QCommandLineOption language("language", "zh_CN or en", "code");
    parser.addOptions({compare, screenshot, stage, theme, town, language});
    parser.process(app);
    if (parser.isSet(language))
        app::installLanguage(parser.value(language));

    app::StudyDocument doc;
    app::MainWindow window(doc);
    const QStringList args = parser.positionalArguments();
    doc.open(args.isEmpty() ? defaultData() : std::filesystem::path(args.front().toStdString()));
    if (parser.isSet(compare))
        doc.openComparison(parser.value(compare).toStdString());
    window.show();

    if (parser.isSet(screenshot)) {
        window.setInteractive(false);
        if (!doc.waitUntilIdle(600000)) {
            std::cerr << "timed out waiting for the results\n";
            return 1;
        }
        if (!doc.hasResults()) {
            std::cerr << window.lastError().toStdString() << "\n";
            return 1;
        }
        xw::viewer::ViewState s = doc.model().state();
        if (parser.isSet(stage))
            if (const auto st = xw::core::parseStage(parser.value(stage).toStdString()))
                s.stage = *st;
        if (parser.isSet(theme))
            if (const auto t = xw::viewer::parseTheme(parser.value(theme).toStdString()))
                s.theme = *t;
        if (parser.isSet(town))
            s.selection = {xw::viewer::SelectionKind::Town, parser.value(town).toStdString()};
        doc.setState(s);
        QApplication::processEvents();
        const QString file = parser.value(screenshot);
        QTimer::singleShot(300, [&] {
            const bool ok = window.grab().save(file, "PNG");
            QApplication::exit(ok ? 0 : 1);
        });
        return app.exec();
    }
    return app.exec();
}
