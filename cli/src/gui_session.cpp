#include "gui_session.hpp"

#include <QGuiApplication>

namespace xw::cli {

namespace {
// QGuiApplication keeps references to argc and argv for its whole life.
int appArgc = 1;
char appName[] = "xuewei";
char* appArgv[] = {appName, nullptr};
} // namespace

GuiSession::GuiSession() {
    if (QGuiApplication::instance() != nullptr)
        return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    m_app = std::make_unique<QGuiApplication>(appArgc, appArgv);
}

GuiSession::~GuiSession() = default;

} // namespace xw::cli
