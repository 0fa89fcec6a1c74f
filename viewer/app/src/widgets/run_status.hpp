#pragma once
// The status bar's share of the window: one line of message (the last thing done, or the first
// line of an error) and, while the engine works, the running step's progress and a Cancel button.
// Input only: Cancel is forwarded as cancelRequested(); the figures come from the document's
// progress() signal.
#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;

namespace xw::viewer::app {

class RunStatus : public QObject {
    Q_OBJECT
public:
    /// Adds the message, the progress bar and Cancel to `bar` (which owns the widgets).
    explicit RunStatus(QStatusBar& bar, QObject* parent = nullptr);

    void showMessage(const QString& message);
    [[nodiscard]] QString message() const;
    /// The running step: "Computing: step", `done` of `total` (clamped to 0 … total).
    void showProgress(const QString& step, int done, int total);
    /// Shows or hides the progress and Cancel; once idle, says how long the last run took.
    void setBusy(bool busy, double lastRunSeconds);
    /// Texts in the current language.
    void retranslate();

signals:
    void cancelRequested();

private:
    QLabel* m_message = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
};

} // namespace xw::viewer::app
