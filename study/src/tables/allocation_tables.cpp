// The allocation as tables, and the map layers (outlines, schools, catchments, demand points).
#include "detail/table_builder.hpp"

#include <xw/study/tables.hpp>

#include <map>

namespace xw::study {

using namespace detail;

namespace {

std::vector<core::Cell> areaCells(const char* level, const std::string& district, core::Stage stage,
                                  core::AllocationMode mode, const core::AreaAllocation& a) {
    return {cell(level),
            cell(a.code),
            cell(a.name),
            cell(district),
            stageCell(stage),
            cell(core::allocationModeCode(mode)),
            cell(a.demand),
            cell(a.assigned),
            cell(a.unplaced),
            cell(a.beyondRadius),
            cell(a.seats),
            cell(a.atSchools),
            cell(a.overCapacity),
            cell(a.childrenWithoutSeat),
            cell(a.surplus),
            definedOrNull(a.meanAccessibility),
            cell(a.withoutSchoolInReach),
            cell(a.withinMinutes[0]),
            cell(a.withinMinutes[1]),
            cell(a.withinMinutes[2]),
            cell(a.withinCircle),
            cell(a.crossingBarrier)};
}

const core::Wkb* shapeOf(const std::vector<gis::AreaShape>& shapes, const std::string& code) {
    for (const auto& s : shapes)
        if (s.code == code)
            return &s.wkb;
    return nullptr;
}

} // namespace

std::vector<core::AllocationResult> baseAllocationResults(const StudyResults& r) {
    std::vector<core::AllocationResult> out;
    if (r.allocation)
        for (const StageAllocation& s : r.allocation->stages)
            out.push_back(s.result);
    return out;
}

core::Table allocationAreaTable(const core::CityData& city,
                                const std::vector<core::AllocationResult>& results) {
    core::Table t;
    t.name = "allocation_areas";
    t.titleZh = "区域学位分配";
    t.titleEn = "Allocation by area";
    t.columns = {
        text("level", "层级", "Level (city, district, town)"),
        text("code", "代码", "Code"),
        text("name", "名称", "Name"),
        text("district_code", "区县代码", "District code (towns)"),
        text("stage", "学段", "Stage"),
        text("mode", "分配方式", "Allocation mode (zones, nearest, optimal)"),
        integer("demand", "需求", "Children living in the area", "children"),
        integer("assigned", "已分配", "Of them assigned to a school anywhere", "children"),
        integer("unplaced", "未安置",
                "Of them not placed: no zone, no school within the radius, or no seat left",
                "children"),
        integer("beyond_radius", "超出服务半径", "Children whose school is beyond their radius",
                "children"),
        integer("seats", "学位数", "Seats of the area's schools", "seats"),
        integer("at_schools", "在校分配数", "Children assigned to the area's schools", "children"),
        integer("over_capacity", "超额", "Children above the seats of the area's schools",
                "children"),
        integer("children_without_seat", "无标准学位儿童",
                "Children without a standard seat: over capacity + unplaced", "children"),
        integer("surplus", "富余学位", "Seats left free at the area's schools", "seats"),
        real("accessibility", "可达性",
             "Accessibility (2SFCA by default): seats per child in reach, weighted by the children "
             "with a school in reach (empty: none has one)",
             "seats per child", -1),
        integer("without_school_in_reach", "半径内无学校儿童",
                "Children with no school of the stage within their radius", "children"),
        integer("within_5min", "5分钟内", "Assigned children within 5 minutes at the stage's speed",
                "children"),
        integer("within_10min", "10分钟内", "Assigned children within 10 minutes", "children"),
        integer("within_15min", "15分钟内", "Assigned children within 15 minutes", "children"),
        integer("within_circle", "生活圈内",
                "Assigned children within the stage's GB 50180 living circle (minutes)",
                "children"),
        integer("crossing_barrier", "穿越障碍",
                "Assigned children whose straight path to school crosses a barrier", "children")};
    for (const auto& r : results) {
        t.rows.push_back(areaCells("city", "", r.stage, r.mode, r.city));
        for (const auto& d : r.districts)
            t.rows.push_back(areaCells("district", d.code, r.stage, r.mode, d));
        for (std::size_t i = 0; i < r.towns.size(); ++i)
            t.rows.push_back(
                areaCells("town", city.regions.towns[i].districtCode, r.stage, r.mode, r.towns[i]));
    }
    return t;
}

core::Table allocationSchoolTable(const core::CityData& city,
                                  const std::vector<core::AllocationResult>& results) {
    core::Table t;
    t.name = "allocation_schools";
    t.titleZh = "学校学位分配";
    t.titleEn = "Allocation by school";
    t.columns = {
        text("school_id", "学校标识码", "School id"),
        text("campus", "校区", "Campus (empty: a school on one site)"),
        text("name", "学校名称", "School name"),
        text("town_code", "乡镇代码", "Town code"),
        text("stage", "学段", "Stage"),
        text("mode", "分配方式", "Allocation mode"),
        integer("assigned", "分配人数", "Children assigned", "children"),
        integer("seats", "学位数", "Seats", "seats"),
        integer("classes", "班数", "Classes", "classes"),
        real("utilisation", "学位使用率", "Assigned ÷ seats (empty: no seats)", "share", 4),
        real("mean_class_size", "平均班额", "Assigned ÷ classes (empty: no classes)", "pupils", 2),
        integer("classes_needed", "所需班数", "Classes the assigned children need", "classes"),
        integer("large_classes_by_assignment", "分配后大班额班数",
                "Classes " + largeClassMinText() +
                    " if the assigned were split evenly over the existing classes",
                "classes"),
        integer("huge_classes_by_assignment", "分配后超大班额班数",
                "Classes " + hugeClassMinText() + " likewise", "classes"),
        real("mean_distance_m", "平均距离", "Mean home–school distance of the assigned", "m", 2),
        integer("beyond_radius", "超出服务半径", "Assigned children beyond their radius",
                "children"),
        real("catchment_demand", "服务半径内儿童",
             "Accessibility step 1: (weighted) children within the school's radius", "children", 2),
        real("seats_per_child", "供需比",
             "Accessibility R_j: seats ÷ children within the radius (empty: none)",
             "seats per child", -1),
        real("mean_minutes", "平均用时", "Mean travel time of the assigned at the stage's speed",
             "min", 2),
        integer("crossing_barrier", "穿越障碍",
                "Assigned children whose straight path to school crosses a barrier", "children")};
    for (const auto& r : results)
        for (const auto& s : r.schools) {
            const core::School& sc = city.schools[s.schoolIndex];
            t.rows.push_back({cell(sc.id),
                              cell(sc.campus),
                              cell(sc.name),
                              cell(sc.townCode),
                              stageCell(r.stage),
                              cell(core::allocationModeCode(r.mode)),
                              cell(s.assigned),
                              cell(s.seats),
                              cell(s.classes),
                              cell(s.utilisation),
                              cell(s.meanClassSize),
                              cell(s.classesNeeded),
                              cell(s.largeClassesByAssignment),
                              cell(s.hugeClassesByAssignment),
                              cell(s.meanDistanceMeters),
                              cell(s.beyondRadius),
                              cell(s.catchmentDemand),
                              definedOrNull(s.seatsPerChild),
                              cell(s.meanMinutes),
                              cell(s.crossingBarrier)});
        }
    return t;
}

namespace {

core::Table areaLayer(const StudyResults& r, bool district) {
    core::Table t;
    t.name = district ? "districts" : "towns";
    t.titleZh = district ? "区县" : "乡镇";
    t.titleEn = district ? "Districts" : "Towns";
    t.crs = r.workingCrs;
    t.columns = {text("code", "代码", "Code"), text("name", "名称", "Name")};
    if (!district) {
        t.columns.push_back(text("district", "区县代码", "District code"));
        t.columns.push_back(integer("urban", "城镇", "Urban (1) or rural (0)"));
        t.columns.push_back(real("area_km2", "面积", "Area", "km²", -1));
        t.columns.push_back(
            real("residents", "常住人口", "Residents, all ages (empty: not known)", "persons", 0));
    }
    const auto stageColumns = [&](core::Stage s) {
        const std::string code(core::stageCode(s));
        const std::string zh(core::stageNameZh(s));
        t.columns.push_back(real(code + "_demand", zh + "需求", code + " demand", "children", 2));
        t.columns.push_back(integer(code + "_seats", zh + "学位", code + " seats", "seats"));
        t.columns.push_back(
            integer(code + "_enrolment", zh + "在校生", code + " pupils", "pupils"));
        t.columns.push_back(
            real(code + "_shortfall", zh + "缺口", code + " seat shortfall", "seats", 2));
        t.columns.push_back(
            real(code + "_surplus", zh + "富余", code + " surplus seats", "seats", 2));
        t.columns.push_back(
            real(code + "_utilisation", zh + "使用率", code + " utilisation", "share", 4));
        t.columns.push_back(
            integer(code + "_large_classes", zh + "大班额", code + " large classes", "classes"));
        if (district)
            t.columns.push_back(real(code + "_local_shortfall_sum", zh + "分片缺口合计",
                                     code + " sum of the catchment units' shortfalls", "seats", 2));
    };
    for (core::Stage s : core::kAllStages)
        stageColumns(s);
    std::map<std::pair<std::string, core::Stage>, const core::AreaStageBalance*> index;
    for (const auto& a : district ? r.balance.districts : r.balance.towns)
        index[{a.code, a.stage}] = &a;
    const core::Regions& regions = r.city->regions;
    const auto addRow = [&](const std::string& code, const std::string& name,
                            std::vector<core::Cell> row,
                            const std::vector<gis::AreaShape>& shapes) {
        for (core::Stage s : core::kAllStages) {
            const auto it = index.find({code, s});
            if (it == index.end()) {
                row.insert(row.end(), district ? 8 : 7, core::Cell());
                continue;
            }
            const core::AreaStageBalance& b = *it->second;
            row.insert(row.end(),
                       {cell(b.demand), cell(b.seats), cell(b.enrolment), cell(b.shortfall),
                        cell(b.surplus), cell(b.utilisation), cell(b.largeClasses)});
            if (district)
                row.push_back(cell(b.localShortfallSum));
        }
        (void)name;
        t.rows.push_back(std::move(row));
        const core::Wkb* wkb = shapeOf(shapes, code);
        t.geometries.push_back(wkb ? *wkb : core::Wkb{});
    };
    if (district)
        for (const auto& d : regions.districts)
            addRow(d.code, d.name, {cell(d.code), cell(d.name)}, r.districtShapes);
    else
        for (const auto& tw : regions.towns) {
            const auto& residents = r.city->population.totalResidents;
            const auto it = residents.find(tw.code);
            addRow(tw.code, tw.name,
                   {cell(tw.code), cell(tw.name), cell(tw.districtCode), cell(tw.urban ? 1 : 0),
                    cell(tw.areaKm2), it != residents.end() ? cell(it->second) : core::Cell()},
                   r.townShapes);
        }
    return t;
}

} // namespace

core::Table districtLayer(const StudyResults& r) {
    return areaLayer(r, true);
}

core::Table townLayer(const StudyResults& r) {
    return areaLayer(r, false);
}

core::Table schoolLayer(const StudyResults& r) {
    core::Table t;
    t.name = "schools";
    t.titleZh = "学校";
    t.titleEn = "Schools";
    t.crs = r.workingCrs;
    t.columns = {text("id", "学校标识码", "School id"),
                 text("campus", "校区", "Campus (empty: a school on one site)"),
                 text("name", "学校名称", "School name"), text("town", "乡镇代码", "Town code"),
                 text("ownership", "办学性质", "Ownership (public, private)")};
    for (core::Stage s : core::kAllStages) {
        const std::string code(core::stageCode(s));
        const std::string zh(core::stageNameZh(s));
        t.columns.push_back(integer(code + "_classes", zh + "班数", code + " classes", "classes"));
        t.columns.push_back(integer(code + "_seats", zh + "学位", code + " seats", "seats"));
        t.columns.push_back(
            integer(code + "_enrolment", zh + "在校生", code + " pupils", "pupils"));
        t.columns.push_back(
            real(code + "_utilisation", zh + "使用率", code + " utilisation", "share", 4));
        t.columns.push_back(real(code + "_mean_class_size", zh + "平均班额",
                                 code + " mean class size", "pupils", 2));
        t.columns.push_back(
            integer(code + "_large_classes", zh + "大班额", code + " large classes", "classes"));
        t.columns.push_back(
            integer(code + "_huge_classes", zh + "超大班额", code + " huge classes", "classes"));
    }
    const core::CityData& city = *r.city;
    std::vector<std::vector<const core::SchoolStageBalance*>> bySchool(city.schools.size());
    for (const auto& b : r.balance.schools)
        if (b.schoolIndex < bySchool.size())
            bySchool[b.schoolIndex].push_back(&b);
    for (std::size_t i = 0; i < city.schools.size(); ++i) {
        const core::School& s = city.schools[i];
        std::vector<core::Cell> row{
            cell(s.id), cell(s.campus), cell(s.name), cell(s.townCode),
            cell(s.ownership == core::Ownership::Public ? "public" : "private")};
        for (core::Stage st : core::kAllStages) {
            const core::SchoolStageBalance* b = nullptr;
            for (const auto* x : bySchool[i])
                if (x->stage == st)
                    b = x;
            if (b == nullptr) {
                row.insert(row.end(), 7, core::Cell());
                continue;
            }
            row.insert(row.end(),
                       {cell(b->classes), cell(b->seats), cell(b->enrolment), cell(b->utilisation),
                        cell(b->meanClassSize), cell(b->largeClasses), cell(b->hugeClasses)});
        }
        t.rows.push_back(std::move(row));
        t.geometries.push_back(pointWkb(s.location));
    }
    return t;
}

core::Table catchmentLayer(const StudyResults& r) {
    core::Table t;
    t.name = "catchments";
    t.titleZh = "学校服务范围";
    t.titleEn = "School catchments";
    t.crs = r.workingCrs;
    t.columns = {
        text("stage", "学段", "Stage"),
        text("school_id", "学校标识码", "School id"),
        text("campus", "校区", "Campus (empty: a school on one site)"),
        text("school_name", "学校名称", "School name"),
        integer("assigned", "分配人数", "Children assigned", "children"),
        integer("seats", "学位数", "Seats", "seats"),
        real("utilisation", "学位使用率", "Assigned ÷ seats (empty: no seats)", "share", 4),
        integer("cells", "格网数", "Grid cells in the catchment", "cells")};
    if (!r.allocation)
        return t;
    for (const gis::CatchmentShape& c : r.allocation->catchments) {
        const core::AllocationResult* res = nullptr;
        for (const StageAllocation& s : r.allocation->stages)
            if (s.problem.stage == c.stage)
                res = &s.result;
        if (res == nullptr || c.facility >= res->schools.size())
            continue;
        const core::SchoolAllocation& sa = res->schools[c.facility];
        const core::School& school = r.city->schools[c.schoolIndex];
        t.rows.push_back({stageCell(c.stage), cell(school.id), cell(school.campus),
                          cell(school.name), cell(sa.assigned), cell(sa.seats),
                          cell(sa.utilisation), cell(c.cells)});
        t.geometries.push_back(c.wkb);
    }
    return t;
}

core::Table demandPointLayer(const StudyResults& r) {
    core::Table t;
    t.name = "demand_points";
    t.titleZh = "需求点";
    t.titleEn = "Demand points";
    t.crs = r.workingCrs;
    t.columns = {
        text("stage", "学段", "Stage"),
        text("town", "乡镇代码", "Town code"),
        integer("point", "需求点编号", "Demand point (grid index)"),
        text("unit", "居住单元", "Residential unit id (empty: a grid cell)"),
        integer("demand", "需求", "Children of the point", "children"),
        integer("children", "儿童数", "Children of this destination", "children"),
        text("school_id", "学校标识码", "School id (empty: unplaced)"),
        text("campus", "校区", "Campus (empty: a school on one site)"),
        real("distance_m", "距离", "Distance to the school (unplaced: to the nearest)", "m", 2),
        real("minutes", "用时", "Travel time at the stage's speed", "min", 2),
        integer("crossings", "穿越障碍数", "Barriers the straight path crosses"),
        real("radius_m", "服务半径", "Service radius of the point", "m", 0),
        real("accessibility", "可达性",
             "Accessibility A_i: seats per child in reach (empty: no school in reach)",
             "seats per child", -1),
        text("status", "状态", "assigned or unplaced")};
    if (!r.allocation)
        return t;
    const auto& towns = r.city->regions.towns;
    const std::vector<std::string>& ids = r.allocation->pointIds;
    for (const StageAllocation& s : r.allocation->stages) {
        const auto& pb = s.problem;
        for (const core::AllocationPiece& piece : s.result.pieces) {
            const core::AllocationPoint& p = pb.points[piece.point];
            const bool placed = piece.facility != core::kUnplaced;
            t.rows.push_back(
                {stageCell(pb.stage),
                 cell(p.townIndex < towns.size() ? towns[p.townIndex].code : std::string()),
                 cell(static_cast<std::int64_t>(p.gridIndex)),
                 p.gridIndex < ids.size() && !ids[p.gridIndex].empty() ? cell(ids[p.gridIndex])
                                                                       : core::Cell(),
                 cell(p.demand), cell(piece.amount),
                 placed ? cell(r.city->schools[pb.facilities[piece.facility].schoolIndex].id)
                        : core::Cell(),
                 placed ? cell(r.city->schools[pb.facilities[piece.facility].schoolIndex].campus)
                        : core::Cell(),
                 piece.distanceMeters >= 0.0 ? cell(piece.distanceMeters) : core::Cell(),
                 piece.distanceMeters >= 0.0 && pb.metersPerMinute > 0.0
                     ? cell(piece.distanceMeters / pb.metersPerMinute)
                     : core::Cell(),
                 placed ? cell(piece.barrierCrossings) : core::Cell(), cell(p.radiusMeters),
                 definedOrNull(s.result.accessibility[piece.point]),
                 cell(placed ? "assigned" : "unplaced")});
            t.geometries.push_back(pointWkb(p.location));
        }
    }
    return t;
}

} // namespace xw::study
