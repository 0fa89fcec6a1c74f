#pragma once
// The plan edits of the viewer: map input (a click with an adding tool, a dragged feature) and the
// edit commands (classes, close / reopen, housing) become a new plan pushed on the document's
// undo stack (StudyDocument::editPlan), with the forms of edit_dialogs.hpp asking for the details
// when interactive. The plans themselves come from plan_edits.hpp; the figures from the engine.
// Not a widget: it owns nothing on screen and opens its forms over `dialogParent`.
#include "document/study_document.hpp"
#include "widgets/map_widget.hpp"

#include <QObject>
#include <QString>

#include <vector>

class QWidget;

namespace xw::viewer::app {

class PlanEditor : public QObject {
    Q_OBJECT
public:
    /// `document` and `dialogParent` must outlive the editor.
    PlanEditor(StudyDocument& document, QWidget& dialogParent, QObject* parent = nullptr);

    /// Without forms: edits take their defaults (tests, scripted screenshots).
    void setInteractive(bool interactive) { m_interactive = interactive; }

    /// A click on the map at `world` (working CRS, metres) with `tool`: a new school or housing
    /// project there (other tools: nothing).
    void placeClicked(MapWidget::Tool tool, core::PointM world);
    /// A feature dragged to `to`: a planned school or any housing project moves; a school of the
    /// dataset does not (refused() says so).
    void featureMoved(const QString& layerId, const QString& featureId, core::PointM to);
    /// Asks for the selected school's classes per grade (its current ones in the year shown) and
    /// applies them.
    void editClasses();
    /// Asks for the selected housing project's figures and applies them.
    void editHousing();

    /// The edits without forms (the forms end in these too). Each is one undo entry; the
    /// document re-runs the study.
    void addSchoolAt(core::PointM where, const QString& name, int classesPerGrade, int year);
    void setSelectedSchoolClasses(const std::vector<int>& classesPerGrade, int year);
    void toggleSelectedSchoolClosed();
    void addHousingAt(core::PointM where, const core::HousingProject& project);
    void replaceSelectedHousing(const core::HousingProject& project);

signals:
    /// An edit that cannot be made, with the reason (the viewer's language).
    void refused(const QString& message);

private:
    void select(SelectionKind kind, const std::string& id, bool showHousing = false);
    [[nodiscard]] int lastYear() const;

    StudyDocument& m_doc;
    QWidget& m_dialogParent;
    bool m_interactive = true;
};

} // namespace xw::viewer::app
