#pragma once
// The QtGui session that painting maps and reports needs (fonts, the PDF writer). The CLI never
// opens a window: unless QT_QPA_PLATFORM names a platform, it uses the offscreen one, so that the
// commands run the same with or without a display.
#include <memory>

class QGuiApplication;

namespace xw::cli {

class GuiSession {
public:
    GuiSession();
    ~GuiSession();
    GuiSession(const GuiSession&) = delete;
    GuiSession& operator=(const GuiSession&) = delete;

private:
    std::unique_ptr<QGuiApplication> m_app; ///< null when an application already exists
};

} // namespace xw::cli
