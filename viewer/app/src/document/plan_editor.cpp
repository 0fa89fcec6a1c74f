#include "document/plan_editor.hpp"

#include "widgets/edit_dialogs.hpp"

#include <xw/viewer/model/plan_edits.hpp>
#include <xw/viewer/model/year_view.hpp>

#include <QWidget>

#include <algorithm>

namespace xw::viewer::app {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

PlanEditor::PlanEditor(StudyDocument& document, QWidget& dialogParent, QObject* parent)
    : QObject(parent), m_doc(document), m_dialogParent(dialogParent) {}

int PlanEditor::lastYear() const {
    const std::vector<int> ys = m_doc.model().years();
    return ys.empty() ? 0 : ys.back();
}

void PlanEditor::select(SelectionKind kind, const std::string& id, bool showHousing) {
    if (!m_doc.hasResults())
        return;
    ViewState s = m_doc.model().state();
    s.selection = {kind, id};
    if (showHousing)
        s.housing = true;
    m_doc.setState(s);
}

void PlanEditor::placeClicked(MapWidget::Tool tool, core::PointM world) {
    const auto city = m_doc.baseCity();
    if (!city)
        return;
    const ViewState& s = m_doc.model().state();
    if (tool == MapWidget::Tool::AddSchool) {
        const std::string id = newSchoolId(*city, m_doc.plan());
        QString name = tr("New %1 %2").arg(qs(core::stageNameZh(s.stage)), qs(id));
        int classes = defaultClassesPerGrade(s.stage);
        int year = m_doc.model().shownYear();
        if (m_interactive) {
            NewSchoolDialog dialog(name, s.stage, city->norms[s.stage].grades, classes,
                                   city->baseYear, lastYear(), year, &m_dialogParent);
            if (dialog.exec() != QDialog::Accepted)
                return;
            name = dialog.name();
            classes = dialog.classesPerGrade();
            year = dialog.year();
        }
        addSchoolAt(world, name, classes, year);
    } else if (tool == MapWidget::Tool::AddHousing) {
        const std::string id = newHousingId(*city, m_doc.plan());
        core::HousingProject h =
            newHousingProject(id, tr("New housing %1").arg(qs(id)).toStdString(),
                              std::min(lastYear(), m_doc.model().shownYear() + 1));
        if (m_interactive) {
            HousingDialog dialog(h, city->baseYear, lastYear(), &m_dialogParent);
            if (dialog.exec() != QDialog::Accepted)
                return;
            h = dialog.project();
        }
        addHousingAt(world, h);
    }
}

void PlanEditor::addSchoolAt(core::PointM where, const QString& name, int classesPerGrade,
                             int year) {
    const auto city = m_doc.baseCity();
    if (!city)
        return;
    const core::Stage stage = m_doc.model().state().stage;
    const std::string id = newSchoolId(*city, m_doc.plan());
    core::NewSchool n = makeNewSchool(id, name.toStdString(), stage, city->norms[stage].grades,
                                      classesPerGrade, year, where);
    m_doc.editPlan(withNewSchool(m_doc.plan(), std::move(n)), tr("Add school %1").arg(name));
    select(SelectionKind::School, id);
}

void PlanEditor::addHousingAt(core::PointM where, const core::HousingProject& project) {
    core::HousingProject h = project;
    h.location = where;
    h.townCode.clear();
    const std::string id = h.id;
    m_doc.editPlan(withHousing(m_doc.plan(), std::move(h)),
                   tr("Add housing %1").arg(qs(project.name)));
    select(SelectionKind::Housing, id, true);
}

void PlanEditor::featureMoved(const QString& layerId, const QString& featureId, core::PointM to) {
    const std::string id = featureId.toStdString();
    if (layerId == "schools") {
        if (!isPlannedSchool(m_doc.plan(), id)) {
            emit refused(tr("Only the plan's new schools can be moved; the schools of the dataset "
                            "stay where they are."));
            return;
        }
        m_doc.editPlan(withSchoolMoved(m_doc.plan(), id, to), tr("Move %1").arg(featureId));
    } else if (layerId == "housing") {
        std::optional<core::HousingProject> fromDataset;
        if (const auto city = m_doc.baseCity())
            for (const core::HousingProject& h : city->housing)
                if (h.id == id)
                    fromDataset = h;
        m_doc.editPlan(withHousingMoved(m_doc.plan(), id, to, fromDataset),
                       tr("Move %1").arg(featureId));
    }
}

void PlanEditor::editClasses() {
    const ViewState& s = m_doc.model().state();
    if (s.selection.kind != SelectionKind::School)
        return;
    const YearView v = yearView(*m_doc.model().shown().results, s.year);
    const std::vector<int> current = classesPerGrade(*v.city, s.selection.id, s.stage);
    int year = v.year;
    std::vector<int> wanted = current;
    if (m_interactive) {
        ClassesDialog dialog(tr("Classes of %1").arg(qs(s.selection.id)), current,
                             m_doc.baseCity()->baseYear, lastYear(), year, &m_dialogParent);
        if (dialog.exec() != QDialog::Accepted)
            return;
        wanted = dialog.classesPerGrade();
        year = dialog.year();
    }
    setSelectedSchoolClasses(wanted, year);
}

void PlanEditor::setSelectedSchoolClasses(const std::vector<int>& classes, int year) {
    const ViewState& s = m_doc.model().state();
    if (s.selection.kind != SelectionKind::School)
        return;
    // The school's classes in that year's city, with the plan's earlier changes.
    const study::StudyResults& r = *m_doc.model().scenario(0).results;
    const YearView v = yearView(r, year == r.baseYear ? std::nullopt : std::optional<int>(year));
    std::vector<int> current = classesPerGrade(*v.city, s.selection.id, s.stage);
    current.resize(classes.size(), 0);
    m_doc.editPlan(withClasses(m_doc.plan(), s.selection.id, s.stage, classes, current, year),
                   tr("Classes of %1").arg(qs(s.selection.id)));
}

void PlanEditor::toggleSelectedSchoolClosed() {
    const ViewState& s = m_doc.model().state();
    if (s.selection.kind != SelectionKind::School)
        return;
    const std::string id = s.selection.id;
    if (isClosed(m_doc.plan(), id))
        m_doc.editPlan(withSchoolReopened(m_doc.plan(), id), tr("Reopen %1").arg(qs(id)));
    else
        m_doc.editPlan(withSchoolClosed(m_doc.plan(), id, m_doc.model().shownYear()),
                       tr("Close %1").arg(qs(id)));
}

void PlanEditor::editHousing() {
    const ViewState& s = m_doc.model().state();
    if (s.selection.kind != SelectionKind::Housing)
        return;
    const auto city = m_doc.baseCity();
    for (const core::HousingProject& h : city->housing)
        if (h.id == s.selection.id) {
            core::HousingProject edited = h;
            if (m_interactive) {
                HousingDialog dialog(h, city->baseYear, lastYear(), &m_dialogParent);
                if (dialog.exec() != QDialog::Accepted)
                    return;
                edited = dialog.project();
            }
            replaceSelectedHousing(edited);
            return;
        }
}

void PlanEditor::replaceSelectedHousing(const core::HousingProject& project) {
    core::HousingProject h = project;
    h.kindergarten.schoolId.clear();
    m_doc.editPlan(withHousing(m_doc.plan(), std::move(h)),
                   tr("Edit housing %1").arg(qs(project.name)));
}

} // namespace xw::viewer::app
