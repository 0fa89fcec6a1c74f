// The main window's files: open a scenario or a dataset, compare with another scenario, save the
// edited scenario, export the map, write the report (off the GUI thread).
#include "window/main_window.hpp"

#include "document/failure.hpp"
#include "widgets/run_status.hpp"

#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/report_builder.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include <QFileDialog>
#include <QThread>

namespace xw::viewer::app {

void MainWindow::openDialog(bool folder) {
    const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Open dataset folder"))
                                : QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                               tr("Scenario files (*.yaml *.yml)"));
    if (path.isEmpty())
        return;
    m_doc.open(path.toStdString());
}

void MainWindow::compareDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Compare with scenario"), QString(),
                                                      tr("Scenario files (*.yaml *.yml)"));
    if (!path.isEmpty())
        m_doc.openComparison(path.toStdString());
}

void MainWindow::saveDialog() {
    // Starts at the scenario's own file (a dataset's baseline: the working folder).
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save scenario as"), QString::fromStdString(m_doc.scenarioFile().string()),
        tr("Scenario files (*.yaml)"));
    if (!file.isEmpty())
        saveScenarioTo(file);
}

void MainWindow::saveScenarioTo(const QString& file) {
    m_doc.saveScenario(file.toStdString());
    m_status->showMessage(tr("Saved %1").arg(file));
}

void MainWindow::exportMapDialog() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export map"), QString(),
                                                      tr("PNG image (*.png);;PDF (*.pdf)"));
    if (file.isEmpty())
        return;
    writeMaps(m_doc.model().maps(1920, 1080), file.toStdString());
    m_status->showMessage(tr("Written %1").arg(file));
}

void MainWindow::reportDialog() {
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Write report"), QString(), tr("PDF (*.pdf)"));
    if (file.isEmpty())
        return;
    // Composed and written off the GUI thread from the current results (shared, immutable).
    std::vector<std::shared_ptr<const study::StudyResults>> keep;
    std::vector<ReportScenario> scenarios;
    const ViewerModel& model = m_doc.model();
    const std::size_t first = model.state().scenario;
    std::vector<std::size_t> order{first};
    for (std::size_t k = 0; k < model.scenarioCount(); ++k)
        if (k != first)
            order.push_back(k);
    for (std::size_t k : order) {
        keep.push_back(model.scenario(k).results);
        scenarios.push_back(
            {model.scenario(k).name, model.scenario(k).name, keep.back().get(), nullptr, nullptr});
    }
    m_status->showMessage(tr("Writing report %1 …").arg(file));
    QThread* thread = QThread::create([this, keep, scenarios, file] {
        QString message;
        try {
            const ReportWriteResult r = writeReportPdf(buildReport(scenarios), file.toStdString());
            message = tr("Written %1 (%2 pages)").arg(file).arg(r.pages);
        } catch (...) {
            message = failureMessage(std::current_exception());
        }
        QMetaObject::invokeMethod(
            this, [this, message] { m_status->showMessage(message); }, Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

} // namespace xw::viewer::app
