#pragma once
// Small forms of the plan edits: a new school, a school's classes, a housing project and its
// 配套幼儿园. They return what was typed; the main window turns it into a plan (plan_edits.hpp).
#include <xw/core/model/housing.hpp>
#include <xw/core/model/stage.hpp>

#include <QDialog>

#include <vector>

class QLineEdit;
class QSpinBox;
class QCheckBox;
class QComboBox;

namespace xw::viewer::app {

/// Classes per grade of one stage, one spin box per grade.
class ClassesDialog : public QDialog {
    Q_OBJECT
public:
    ClassesDialog(const QString& title, const std::vector<int>& classesPerGrade, int firstYear,
                  int lastYear, int year, QWidget* parent = nullptr);
    [[nodiscard]] std::vector<int> classesPerGrade() const;
    [[nodiscard]] int year() const;

private:
    std::vector<QSpinBox*> m_grades;
    QSpinBox* m_year = nullptr;
};

/// A new school: name, opening year, classes in each grade of its stage.
class NewSchoolDialog : public QDialog {
    Q_OBJECT
public:
    NewSchoolDialog(const QString& name, core::Stage stage, int grades, int classesPerGrade,
                    int firstYear, int lastYear, int year, QWidget* parent = nullptr);
    [[nodiscard]] QString name() const;
    [[nodiscard]] int year() const;
    [[nodiscard]] int classesPerGrade() const;

private:
    QLineEdit* m_name = nullptr;
    QSpinBox* m_year = nullptr;
    QSpinBox* m_classes = nullptr;
};

/// A housing project and its planned kindergarten.
class HousingDialog : public QDialog {
    Q_OBJECT
public:
    HousingDialog(const core::HousingProject& project, int firstYear, int lastYear,
                  QWidget* parent = nullptr);
    /// The project as edited (id, location and town as given).
    [[nodiscard]] core::HousingProject project() const;

private:
    core::HousingProject m_project;
    QLineEdit* m_name = nullptr;
    QSpinBox* m_dwellings = nullptr;
    QSpinBox* m_completion = nullptr;
    QSpinBox* m_kgClasses = nullptr;
    QCheckBox* m_kgKnown = nullptr;
    QSpinBox* m_kgYear = nullptr;
    QCheckBox* m_kgPublic = nullptr;
};

} // namespace xw::viewer::app
