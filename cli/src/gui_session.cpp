#include "gui_session.hpp"

#include <QGuiApplication>

namespace xw::cli {

namespace {
// QGuiApplication keeps references to argc and argv for its whole life.
int g_argc = 1;
char g_name[] = "xuewei";
char* g_argv[] = {g_name, nullptr};
} // namespace

GuiSession::GuiSession() {
    if (QGuiApplication::instance() != nullptr)
        return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    m_app = std::make_unique<QGuiApplication>(g_argc, g_argv);
}

GuiSession::~GuiSession() = default;

} // namespace xw::cli
