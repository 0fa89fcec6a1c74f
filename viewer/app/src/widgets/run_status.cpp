#include "widgets/run_status.hpp"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

#include <algorithm>

namespace xw::viewer::app {

RunStatus::RunStatus(QStatusBar& bar, QObject* parent) : QObject(parent) {
    m_progress = new QProgressBar(&bar);
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_cancel = new QToolButton(&bar);
    m_cancel->setVisible(false);
    connect(m_cancel, &QToolButton::clicked, this, &RunStatus::cancelRequested);
    m_message = new QLabel(&bar);
    bar.addWidget(m_message, 1);
    bar.addPermanentWidget(m_progress);
    bar.addPermanentWidget(m_cancel);
}

void RunStatus::showMessage(const QString& message) {
    m_message->setText(message);
}

QString RunStatus::message() const {
    return m_message->text();
}

void RunStatus::showProgress(const QString& step, int done, int total) {
    m_message->setText(tr("Computing: %1").arg(step));
    m_progress->setRange(0, std::max(0, total));
    m_progress->setValue(std::clamp(done, 0, std::max(0, total)));
}

void RunStatus::setBusy(bool busy, double lastRunSeconds) {
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    if (!busy)
        m_message->setText(tr("Ready. Last run: %1 s").arg(lastRunSeconds, 0, 'f', 2));
}

void RunStatus::retranslate() {
    m_cancel->setText(tr("Cancel"));
    if (m_message->text().isEmpty())
        m_message->setText(tr("Ready"));
}

} // namespace xw::viewer::app
