#include "widgets/details_panel.hpp"

#include <xw/viewer/map/classify.hpp>

#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace xw::viewer::app {

namespace {

QString num(double v, int decimals = 0) {
    return QString::fromStdString(formatNumber(v, decimals));
}

QString pct(const std::optional<double>& v) {
    return v ? QString::number(*v * 100.0, 'f', 1) + "%" : QStringLiteral("—");
}

QString stageName(core::Stage s) {
    return QString::fromUtf8(core::stageNameZh(s).data(),
                             static_cast<qsizetype>(core::stageNameZh(s).size())) +
           " " +
           QString::fromUtf8(core::stageNameEn(s).data(),
                             static_cast<qsizetype>(core::stageNameEn(s).size()));
}

QString levelName(core::WarningLevel l) {
    switch (l) {
    case core::WarningLevel::Red:
        return DetailsPanel::tr("red");
    case core::WarningLevel::Yellow:
        return DetailsPanel::tr("yellow");
    case core::WarningLevel::Green:
        break;
    }
    return DetailsPanel::tr("green");
}

} // namespace

DetailsPanel::DetailsPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel(this);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    m_heading->setFont(f);
    m_heading->setWordWrap(true);
    m_facts = new QLabel(this);
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableWidget(this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_chart = new QChartView(new QChart(), this);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(240);
    layout->addWidget(m_heading);
    layout->addWidget(m_facts);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_chart, 1);
    clear();
}

QString DetailsPanel::heading() const {
    return m_heading->text();
}

void DetailsPanel::clear() {
    m_heading->setText(tr("Nothing selected"));
    m_facts->setText(tr("Click a school, a housing project or a town on the map."));
    setRows({}, {});
    setChart({}, {});
}

void DetailsPanel::setRows(const QStringList& header, const std::vector<QStringList>& rows) {
    m_table->clear();
    m_table->setColumnCount(static_cast<int>(header.size()));
    m_table->setHorizontalHeaderLabels(header);
    m_table->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r)
        for (int c = 0; c < rows[static_cast<std::size_t>(r)].size(); ++c) {
            auto* item = new QTableWidgetItem(rows[static_cast<std::size_t>(r)][c]);
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
}

void DetailsPanel::setChart(const QString& title,
                            const std::vector<std::pair<QString, std::vector<QPointF>>>& series) {
    auto* chart = new QChart();
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    double minX = 1e9, maxX = -1e9, maxY = 0;
    for (const auto& [name, points] : series) {
        if (points.empty())
            continue;
        auto* line = new QLineSeries();
        line->setName(name);
        line->setPointsVisible(true);
        for (const QPointF& p : points) {
            line->append(p);
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            maxY = std::max(maxY, p.y());
        }
        chart->addSeries(line);
    }
    if (!chart->series().isEmpty()) {
        // Whole years on the ticks, at most five of them so that the labels fit the panel:
        // a step of 1, 2, 5 or 10 years, the range widened to a whole number of steps.
        const int first = static_cast<int>(std::floor(minX));
        const int span = std::max(1, static_cast<int>(std::ceil(maxX)) - first);
        int step = 10;
        for (const int s : {1, 2, 5, 10})
            if (span <= 4 * s) {
                step = s;
                break;
            }
        const int steps = (span + step - 1) / step;
        auto* x = new QValueAxis();
        x->setLabelFormat("%d");
        x->setRange(first, first + steps * step);
        x->setTickCount(steps + 1);
        auto* y = new QValueAxis();
        y->setRange(0, maxY > 0 ? maxY * 1.1 : 1);
        y->setLabelFormat("%.0f");
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (auto* s : chart->series()) {
            s->attachAxis(x);
            s->attachAxis(y);
        }
    }
    QChart* old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;
}

void DetailsPanel::showSchool(const SchoolDetails& s, bool planned, bool closed) {
    m_heading->setText(QString::fromStdString(s.name));
    QString facts = tr("%1 · %2 · town %3 · year %4")
                        .arg(QString::fromStdString(s.id), QString::fromStdString(s.ownership),
                             QString::fromStdString(s.townName), QString::number(s.year));
    if (planned)
        facts += " · " + tr("planned new school");
    if (closed)
        facts += " · " + tr("closed by the plan");
    if (s.catchmentCells > 0)
        facts +=
            "\n" + tr("Catchment (%1): %2 grid cells, %3 km²")
                       .arg(stageName(s.seriesStage), num(static_cast<double>(s.catchmentCells)),
                            num(s.catchmentKm2, 1));
    m_facts->setText(facts);
    std::vector<QStringList> rows;
    for (const SchoolStageRow& r : s.stages) {
        QStringList row{stageName(r.stage),
                        num(static_cast<double>(r.classes)),
                        num(static_cast<double>(r.seats)),
                        num(static_cast<double>(r.enrolment)),
                        pct(r.utilisation),
                        r.meanClassSize ? num(*r.meanClassSize, 1) : QStringLiteral("—"),
                        num(static_cast<double>(r.largeClasses))};
        QString assigned = QStringLiteral("—");
        for (const SchoolAllocationRow& a : s.allocation)
            if (a.stage == r.stage)
                assigned = num(static_cast<double>(a.assigned)) + " (" +
                           num(a.meanDistanceMeters / 1000.0, 1) + " km)";
        row << assigned;
        rows.push_back(row);
    }
    setRows({tr("Stage"), tr("Classes"), tr("Seats"), tr("Enrolment"), tr("Utilisation"),
             tr("Class size"), tr("Classes ≥%1").arg(s.largeClassMin),
             tr("Assigned (mean distance)")},
            rows);
    std::vector<QPointF> seats, enrolment, assigned;
    for (const SchoolYearPoint& p : s.series) {
        seats.emplace_back(p.year, p.seats);
        enrolment.emplace_back(p.year, p.enrolment);
        if (p.assigned)
            assigned.emplace_back(p.year, *p.assigned);
    }
    setChart(tr("%1: demand against seats by year").arg(stageName(s.seriesStage)),
             {{tr("Seats"), seats},
              {tr("Projected enrolment"), enrolment},
              {tr("Children assigned"), assigned}});
}

void DetailsPanel::showTown(const TownDetails& t, core::Stage stage) {
    m_heading->setText(QString::fromStdString(t.name));
    m_facts->setText(tr("%1 · district %2 · year %3")
                         .arg(QString::fromStdString(t.code),
                              QString::fromStdString(t.districtName), QString::number(t.year)));
    std::vector<QStringList> rows;
    for (const TownStageRow& r : t.rows)
        rows.push_back({stageName(r.stage), num(r.demand), num(static_cast<double>(r.seats)),
                        num(static_cast<double>(r.enrolment)), num(r.shortfall), pct(r.utilisation),
                        num(static_cast<double>(r.largeClasses)),
                        r.warning ? levelName(*r.warning) + " (" + pct(r.probabilityOverSeats) + ")"
                                  : QStringLiteral("—"),
                        r.accessibility ? num(*r.accessibility, 2) : QStringLiteral("—")});
    setRows({tr("Stage"), tr("Demand"), tr("Seats"), tr("Enrolment"), tr("Shortfall"),
             tr("Utilisation"), tr("Classes ≥%1").arg(t.largeClassMin), tr("Warning (P)"),
             tr("Accessibility")},
            rows);
    std::vector<QPointF> demand, seats, enrolment;
    for (const auto& [s, points] : t.series)
        if (s == stage)
            for (const TownYearPoint& p : points) {
                demand.emplace_back(p.year, p.demand);
                seats.emplace_back(p.year, p.seats);
                enrolment.emplace_back(p.year, p.enrolment);
            }
    setChart(tr("%1: projection by year").arg(stageName(stage)),
             {{tr("Demand"), demand}, {tr("Seats"), seats}, {tr("Expected enrolment"), enrolment}});
}

void DetailsPanel::showHousing(const HousingDetails& housing) {
    const core::HousingProject& h = housing.project;
    const core::KindergartenCheck* check = housing.check ? &*housing.check : nullptr;
    const QString townName = QString::fromStdString(housing.townName);
    m_heading->setText(QString::fromStdString(h.name));
    m_facts->setText(tr("%1 · town %2 · %3 dwellings · completion %4")
                         .arg(QString::fromStdString(h.id), townName, num(h.dwellings),
                              QString::number(h.completionYear)));
    std::vector<QStringList> rows;
    QString problems;
    if (check != nullptr)
        for (const auto p : check->problems)
            problems += (problems.isEmpty() ? "" : "; ") +
                        QString::fromUtf8(core::problemNameZh(p).data(),
                                          static_cast<qsizetype>(core::problemNameZh(p).size()));
    rows.push_back({tr("Planned kindergarten"), num(h.kindergarten.classes) + " " + tr("classes"),
                    h.kindergarten.deliveryYear ? QString::number(*h.kindergarten.deliveryYear)
                                                : QStringLiteral("—"),
                    h.kindergarten.publicOrPuhui ? tr("public or puhui") : tr("private"),
                    check != nullptr ? num(check->classesRequired) : QStringLiteral("—"),
                    check == nullptr     ? QStringLiteral("—")
                    : problems.isEmpty() ? (check->required ? tr("complies") : tr("not required"))
                                         : problems});
    setRows({tr("Item"), tr("Classes"), tr("Delivery"), tr("Run as"), tr("Classes required"),
             tr("Check")},
            rows);
    setChart({}, {});
}

} // namespace xw::viewer::app
