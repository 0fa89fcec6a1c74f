#pragma once
// The details of the selected school, town or housing project: a heading, a table by stage and
// a chart over the years (Qt Charts). Filled from the model's SchoolDetails / TownDetails /
// HousingDetails; computes nothing.
#include <xw/viewer/model/details.hpp>

#include <QWidget>

class QLabel;
class QTableWidget;
class QChartView;

namespace xw::viewer::app {

class DetailsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DetailsPanel(QWidget* parent = nullptr);

    void showSchool(const SchoolDetails& school, bool planned, bool closed);
    void showTown(const TownDetails& town, core::Stage stage);
    void showHousing(const HousingDetails& housing);
    void clear();

    /// What is shown (tests read them).
    [[nodiscard]] QString heading() const;
    [[nodiscard]] const QTableWidget* table() const { return m_table; }
    [[nodiscard]] QChartView* chart() const { return m_chart; }

private:
    void setRows(const QStringList& header, const std::vector<QStringList>& rows);
    void setChart(const QString& title,
                  const std::vector<std::pair<QString, std::vector<QPointF>>>& series);

    QLabel* m_heading = nullptr;
    QLabel* m_facts = nullptr;
    QTableWidget* m_table = nullptr;
    QChartView* m_chart = nullptr;
};

} // namespace xw::viewer::app
