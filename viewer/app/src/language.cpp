#include "language.hpp"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace xw::viewer::app {

namespace {

struct Installed {
    QString code;
    std::unique_ptr<QTranslator> viewer;
    std::unique_ptr<QTranslator> qt;
};

Installed& installed() {
    static Installed i;
    return i;
}

} // namespace

QString systemLanguage() {
    return QLocale::system().language() == QLocale::English ? QStringLiteral("en")
                                                            : QStringLiteral("zh_CN");
}

bool installLanguage(const QString& code) {
    Installed& i = installed();
    auto viewer = std::make_unique<QTranslator>();
    // qt_add_translations embeds the .qm files under :/i18n.
    if (!viewer->load(QStringLiteral(":/i18n/xuewei_viewer_") + code))
        return false;
    auto qt = std::make_unique<QTranslator>();
    const bool haveQt = qt->load(QStringLiteral("qtbase_") + code,
                                 QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (i.viewer)
        QCoreApplication::removeTranslator(i.viewer.get());
    if (i.qt)
        QCoreApplication::removeTranslator(i.qt.get());
    i.viewer = std::move(viewer);
    i.qt = haveQt ? std::move(qt) : nullptr;
    if (i.qt)
        QCoreApplication::installTranslator(i.qt.get());
    QCoreApplication::installTranslator(i.viewer.get());
    i.code = code;
    return true;
}

QString currentLanguage() {
    return installed().code;
}

} // namespace xw::viewer::app
