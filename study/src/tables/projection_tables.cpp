// The projection's detail and the 学位预警 as tables.
#include "detail/table_builder.hpp"

#include <xw/study/tables.hpp>

namespace xw::study {

using namespace detail;

std::vector<core::Table> projectionTables(const StudyResults& r) {
    std::vector<core::Table> out;
    if (!r.projection)
        return out;
    const core::ProjectionResult& p = *r.projection;
    core::Table population;
    population.name = "projection_population";
    population.titleZh = "预测人口";
    population.titleEn = "Projected residents";
    population.columns = {integer("year", "年份", "Year"),
                          text("town_code", "乡镇代码", "Town code"),
                          integer("age", "年龄", "Age", "years"),
                          text("category", "户籍类别", "Category (registered, migrant)"),
                          real("persons", "人数", "Residents", "persons", 3)};
    core::Table demand;
    demand.name = "projection_demand";
    demand.titleZh = "预测分年级需求";
    demand.titleEn = "Projected demand by grade";
    demand.columns = {integer("year", "年份", "Year"),
                      text("town_code", "乡镇代码", "Town code"),
                      text("stage", "学段", "Stage"),
                      integer("grade", "年级", "Grade"),
                      integer("age", "年龄", "Age of the grade's cohort", "years"),
                      real("demand", "需求", "Residents of the age × target rate", "children", 3),
                      real("migrant_demand", "随迁需求", "Of which 随迁", "children", 3),
                      real("expected_enrolment", "预期在校生",
                           "Demand × the base-year calibration factor", "pupils", 3)};
    for (int y = p.firstYear; y <= p.lastYear; ++y)
        for (std::size_t t = 0; t < p.townCodes.size(); ++t) {
            for (int a = 0; a <= p.maxAge; ++a)
                for (core::PopCategory c :
                     {core::PopCategory::Registered, core::PopCategory::Migrant})
                    population.rows.push_back({cell(y), cell(p.townCodes[t]), cell(a),
                                               cell(core::categoryCode(c)),
                                               cell(p.personsAt(y, t, a, c))});
            for (const core::GradeCohort& g : p.grades)
                demand.rows.push_back(
                    {cell(y), cell(p.townCodes[t]), stageCell(g.stage), cell(g.grade), cell(g.age),
                     cell(p.demandAt(y, t, g.stage, g.grade, core::DemandKind::Raw)),
                     cell(p.demandAt(y, t, g.stage, g.grade, core::DemandKind::Migrant)),
                     cell(p.demandAt(y, t, g.stage, g.grade, core::DemandKind::Calibrated))});
        }
    core::Table components;
    components.name = "projection_components";
    components.titleZh = "人口变动分解";
    components.titleEn = "Components of population change";
    components.columns = {
        integer("year", "年份", "Year"),
        text("town_code", "乡镇代码", "Town code"),
        text("category", "户籍类别", "Category"),
        real("persons_before", "上年人数", "Residents the year before", "persons", 3),
        real("births", "出生", "Births", "persons", 3),
        real("deaths", "死亡", "Deaths", "persons", 3),
        real("aged_out", "超龄离表", "Aged out of the table", "persons", 3),
        real("migration", "迁移", "Net migration", "persons", 3),
        real("housing", "新建小区入住", "Moved into new housing", "persons", 3),
        real("persons_after", "本年人数", "Residents", "persons", 3)};
    for (const auto& c : p.components)
        components.rows.push_back({cell(c.year), cell(p.townCodes[c.town]),
                                   cell(core::categoryCode(c.category)), cell(c.personsBefore),
                                   cell(c.births), cell(c.deaths), cell(c.agedOut),
                                   cell(c.migration), cell(c.housing), cell(c.personsAfter)});
    out.push_back(std::move(population));
    out.push_back(std::move(demand));
    out.push_back(std::move(components));
    return out;
}

namespace {

std::vector<core::Column> quantileColumns() {
    return {
        real("seats", "学位数", "Seats of the year", "seats", 0),
        real("deterministic", "预测需求", "Demand of the projection without draws", "children", 2),
        real("mean", "均值", "Mean demand over draws", "children", 2),
        real("p10", "P10", "10th percentile of demand", "children", 2),
        real("p50", "P50", "Median demand", "children", 2),
        real("p90", "P90", "90th percentile of demand", "children", 2),
        real("probability_over_seats", "需求超学位概率", "Share of draws with demand > seats",
             "share", 4),
        real("utilisation", "利用率", "Median demand ÷ seats (empty: no seats)", "share", 4),
        text("level", "预警级别", "Warning level (green, yellow, red)")};
}

std::vector<core::Cell> quantileCells(const core::WarningCell& c) {
    return {cell(c.seats),
            cell(c.deterministic),
            cell(c.mean),
            cell(c.p10),
            cell(c.p50),
            cell(c.p90),
            cell(c.probabilityOverSeats),
            cell(c.utilisation),
            cell(core::warningLevelCode(c.level))};
}

} // namespace

std::vector<core::Table> warningTables(const StudyResults& r) {
    std::vector<core::Table> out;
    if (!r.warnings)
        return out;
    const core::MonteCarloResult& mc = r.warnings->result;
    const core::CityData& city = *r.city;
    core::Table w;
    w.name = "projection_warnings";
    w.titleZh = "学位预警";
    w.titleEn = "Seat warnings (学位预警)";
    w.columns = {integer("year", "年份", "Year"), text("unit", "片区", "Unit (town, district)"),
                 text("code", "代码", "Code"), text("name", "名称", "Name"),
                 text("stage", "学段", "Stage")};
    for (auto& c : quantileColumns())
        w.columns.push_back(c);
    w.columns.push_back(text("judged", "据此判定", "The stage is judged at this level (yes, no)"));
    const auto byDistrict = [&](core::Stage s) {
        return city.norms[s].catchment == core::CatchmentLevel::District;
    };
    const auto add = [&](const std::vector<core::WarningCell>& cells, bool district) {
        for (const auto& c : cells) {
            std::vector<core::Cell> row{
                cell(c.year), cell(district ? "district" : "town"),
                cell(district ? mc.districtCodes[c.town] : mc.townCodes[c.town]),
                cell(district ? city.regions.districts[c.town].name
                              : city.regions.towns[c.town].name),
                stageCell(c.stage)};
            for (auto& x : quantileCells(c))
                row.push_back(std::move(x));
            row.push_back(yesNo(byDistrict(c.stage) == district));
            w.rows.push_back(std::move(row));
        }
    };
    add(mc.cells, false);
    add(mc.districtCells, true);
    out.push_back(std::move(w));
    if (!mc.catchmentCells.empty()) {
        core::Table c;
        c.name = "projection_catchments";
        c.titleZh = "学校服务范围预警";
        c.titleEn = "Seat warnings per school catchment";
        c.columns = {integer("year", "年份", "Year"),
                     text("school_id", "学校标识码", "School id"),
                     text("campus", "校区", "Campus (empty: a school on one site)"),
                     text("school", "学校名称", "School name"),
                     text("town_code", "乡镇代码", "Town code"),
                     text("stage", "学段", "Stage")};
        for (auto& col : quantileColumns())
            c.columns.push_back(col);
        for (const auto& catchmentCell : mc.catchmentCells) {
            const core::School& school =
                city.schools[r.warnings->catchmentSchool[catchmentCell.town]];
            std::vector<core::Cell> row{cell(catchmentCell.year), cell(school.id),
                                        cell(school.campus),      cell(school.name),
                                        cell(school.townCode),    stageCell(catchmentCell.stage)};
            for (auto& x : quantileCells(catchmentCell))
                row.push_back(std::move(x));
            c.rows.push_back(std::move(row));
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace xw::study
