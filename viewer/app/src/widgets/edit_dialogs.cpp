#include "widgets/edit_dialogs.hpp"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace xw::viewer::app {

namespace {

QSpinBox* yearBox(int first, int last, int value, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setRange(first, std::max(first, last));
    box->setValue(std::clamp(value, first, std::max(first, last)));
    return box;
}

void addButtons(QDialog* dialog, QVBoxLayout* layout) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace

ClassesDialog::ClassesDialog(const QString& title, const std::vector<int>& classesPerGrade,
                             int firstYear, int lastYear, int year, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();
    m_year = yearBox(firstYear, lastYear, year, this);
    form->addRow(tr("From year"), m_year);
    for (std::size_t g = 0; g < classesPerGrade.size(); ++g) {
        auto* box = new QSpinBox(this);
        box->setRange(0, 99);
        box->setValue(classesPerGrade[g]);
        form->addRow(tr("Grade %1 classes").arg(g + 1), box);
        m_grades.push_back(box);
    }
    layout->addLayout(form);
    addButtons(this, layout);
}

std::vector<int> ClassesDialog::classesPerGrade() const {
    std::vector<int> out;
    for (const QSpinBox* b : m_grades)
        out.push_back(b->value());
    return out;
}

int ClassesDialog::year() const {
    return m_year->value();
}

NewSchoolDialog::NewSchoolDialog(const QString& name, core::Stage stage, int grades,
                                 int classesPerGrade, int firstYear, int lastYear, int year,
                                 QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("New school"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();
    m_name = new QLineEdit(name, this);
    form->addRow(tr("Name"), m_name);
    m_year = yearBox(firstYear, lastYear, year, this);
    form->addRow(tr("Opens in"), m_year);
    m_classes = new QSpinBox(this);
    m_classes->setRange(1, 30);
    m_classes->setValue(classesPerGrade);
    form->addRow(
        tr("Classes per grade (%1 grades of %2)")
            .arg(grades)
            .arg(QString::fromUtf8(core::stageNameZh(stage).data(),
                                   static_cast<qsizetype>(core::stageNameZh(stage).size()))),
        m_classes);
    layout->addLayout(form);
    addButtons(this, layout);
}

QString NewSchoolDialog::name() const {
    return m_name->text().trimmed();
}
int NewSchoolDialog::year() const {
    return m_year->value();
}
int NewSchoolDialog::classesPerGrade() const {
    return m_classes->value();
}

HousingDialog::HousingDialog(const core::HousingProject& project, int firstYear, int lastYear,
                             QWidget* parent)
    : QDialog(parent), m_project(project) {
    setWindowTitle(tr("Housing project"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();
    m_name = new QLineEdit(QString::fromStdString(project.name), this);
    form->addRow(tr("Name"), m_name);
    m_dwellings = new QSpinBox(this);
    m_dwellings->setRange(1, 200000);
    m_dwellings->setValue(std::max(1, project.dwellings));
    form->addRow(tr("Dwellings"), m_dwellings);
    m_completion = yearBox(firstYear, lastYear, project.completionYear, this);
    form->addRow(tr("Completion year"), m_completion);
    m_kgClasses = new QSpinBox(this);
    m_kgClasses->setRange(0, 60);
    m_kgClasses->setValue(project.kindergarten.classes);
    form->addRow(tr("Kindergarten classes planned"), m_kgClasses);
    m_kgKnown = new QCheckBox(tr("Delivery year known"), this);
    m_kgKnown->setChecked(project.kindergarten.deliveryYear.has_value());
    form->addRow(QString(), m_kgKnown);
    m_kgYear = yearBox(firstYear, lastYear,
                       project.kindergarten.deliveryYear.value_or(project.completionYear), this);
    m_kgYear->setEnabled(m_kgKnown->isChecked());
    connect(m_kgKnown, &QCheckBox::toggled, m_kgYear, &QWidget::setEnabled);
    form->addRow(tr("Kindergarten delivered in"), m_kgYear);
    m_kgPublic = new QCheckBox(tr("Run as public or puhui kindergarten"), this);
    m_kgPublic->setChecked(project.kindergarten.publicOrPuhui);
    form->addRow(QString(), m_kgPublic);
    layout->addLayout(form);
    addButtons(this, layout);
}

core::HousingProject HousingDialog::project() const {
    core::HousingProject h = m_project;
    h.name = m_name->text().trimmed().toStdString();
    h.dwellings = m_dwellings->value();
    h.completionYear = m_completion->value();
    h.kindergarten.classes = m_kgClasses->value();
    h.kindergarten.deliveryYear =
        m_kgKnown->isChecked() ? std::optional<int>(m_kgYear->value()) : std::nullopt;
    h.kindergarten.publicOrPuhui = m_kgPublic->isChecked();
    return h;
}

} // namespace xw::viewer::app
