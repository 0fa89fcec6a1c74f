#include <xw/viewer/model/details.hpp>

#include "detail/model_text.hpp"

#include <xw/core/model/region.hpp>
#include <xw/core/projection/monte_carlo.hpp>
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/model/year_view.hpp>

#include <algorithm>
#include <cmath>

namespace xw::viewer {

namespace {

std::optional<std::size_t> schoolIndex(const core::CityData& city, const std::string& id) {
    for (std::size_t i = 0; i < city.schools.size(); ++i)
        if (city.schools[i].id == id)
            return i;
    return std::nullopt;
}

/// Seats, projected enrolment and the children assigned of a school's stage in one year.
std::optional<SchoolYearPoint> yearPoint(int year, const core::CityData& city,
                                         const core::SeatBalance& balance,
                                         const std::vector<const core::AllocationResult*>& alloc,
                                         const std::string& id, core::Stage stage) {
    const auto i = schoolIndex(city, id);
    if (!i)
        return std::nullopt;
    for (const auto& row : balance.schools)
        if (row.schoolIndex == *i && row.stage == stage) {
            SchoolYearPoint p;
            p.year = year;
            p.seats = static_cast<double>(row.seats);
            p.enrolment = static_cast<double>(row.enrolment);
            for (const auto* a : alloc)
                if (a != nullptr && a->stage == stage)
                    for (const auto& s : a->schools)
                        if (s.schoolIndex == *i)
                            p.assigned = static_cast<double>(s.assigned);
            return p;
        }
    return std::nullopt;
}

} // namespace

std::optional<SchoolDetails> schoolDetails(const study::StudyResults& r, const std::string& id,
                                           core::Stage stage, std::optional<int> year) {
    const YearView v = yearView(r, year);
    const auto index = schoolIndex(*v.city, id);
    if (!index)
        return std::nullopt;
    const core::School& s = v.city->schools[*index];
    SchoolDetails d;
    d.id = s.id;
    d.name = s.name;
    d.townCode = s.townCode;
    if (const auto t = v.city->regions.townIndex(s.townCode))
        d.townName = v.city->regions.towns[*t].name;
    d.ownership = s.ownership == core::Ownership::Public ? "公办 Public" : "民办 Private";
    d.location = s.location;
    d.year = v.year;
    d.largeClassMin = v.city->norms.largeClassMin;
    for (const auto& row : v.balance->schools)
        if (row.schoolIndex == *index)
            d.stages.push_back({row.stage, row.classes, row.seats, row.enrolment, row.utilisation,
                                row.meanClassSize, row.largeClasses, row.hugeClasses});
    for (const core::AllocationResult* a : v.allocation)
        for (const auto& sa : a->schools)
            if (sa.schoolIndex == *index)
                d.allocation.push_back({a->stage, sa.assigned, sa.seats, sa.utilisation,
                                        sa.classesNeeded, sa.meanDistanceMeters, sa.beyondRadius,
                                        sa.seatsPerChild});
    d.seriesStage = stage;
    if (r.allocation) {
        // Catchments are of the base year's city; match by id.
        const auto baseIndex = schoolIndex(*r.city, id);
        for (const auto& c : r.allocation->catchments)
            if (baseIndex && c.schoolIndex == *baseIndex && c.stage == stage) {
                d.catchmentCells = c.cells;
                d.catchmentKm2 = static_cast<double>(c.cells) * r.allocation->gridMeters *
                                 r.allocation->gridMeters / 1.0e6;
            }
    }
    if (r.years.empty()) {
        std::vector<const core::AllocationResult*> alloc;
        if (r.allocation)
            for (const auto& sa : r.allocation->stages)
                alloc.push_back(&sa.result);
        if (auto p = yearPoint(r.baseYear, *r.city, r.balance, alloc, id, stage))
            d.series.push_back(*p);
    } else {
        for (const study::YearResult& y : r.years) {
            std::vector<const core::AllocationResult*> alloc;
            for (const auto& a : y.allocation)
                alloc.push_back(&a);
            if (auto p = yearPoint(y.year, *y.city, y.balance, alloc, id, stage))
                d.series.push_back(*p);
        }
    }
    return d;
}

std::optional<TownDetails> townDetails(const study::StudyResults& r, const std::string& code,
                                       std::optional<int> year) {
    const YearView v = yearView(r, year);
    const core::Regions& regions = v.city->regions;
    const core::RegionIndex index(regions);
    const auto t = index.townIndex(code);
    if (!t)
        return std::nullopt;
    TownDetails d;
    d.code = code;
    d.name = regions.towns[*t].name;
    if (const auto di = index.districtOfTown(*t))
        d.districtName = regions.districts[*di].name;
    d.year = v.year;
    d.largeClassMin = v.city->norms.largeClassMin;
    for (const auto& row : v.balance->towns) {
        if (row.code != code || (row.demand <= 0.0 && row.seats == 0))
            continue;
        TownStageRow x;
        x.stage = row.stage;
        x.residentsInBand = row.residentsInBand;
        x.demand = row.demand;
        x.seats = row.seats;
        x.enrolment = row.enrolment;
        x.classes = row.classes;
        x.largeClasses = row.largeClasses;
        x.shortfall = row.shortfall;
        x.surplus = row.surplus;
        x.utilisation = row.utilisation;
        const std::string unit =
            districtStage(*v.city, row.stage) ? regions.towns[*t].districtCode : code;
        if (const core::WarningCell* w = warningCell(r, unit, row.stage, v.year)) {
            x.warning = w->level;
            x.probabilityOverSeats = w->probabilityOverSeats;
        }
        if (const core::AllocationResult* a = v.allocationOf(row.stage))
            for (const auto& ta : a->towns)
                if (ta.code == code && ta.demand > 0)
                    x.accessibility = ta.meanAccessibility;
        d.rows.push_back(x);
    }
    for (const TownStageRow& row : d.rows) {
        std::vector<TownYearPoint> points;
        for (const study::YearResult& y : r.years)
            for (const auto& b : y.balance.towns)
                if (b.code == code && b.stage == row.stage)
                    points.push_back({y.year, b.demand, static_cast<double>(b.seats),
                                      static_cast<double>(b.enrolment)});
        d.series.emplace_back(row.stage, std::move(points));
    }
    return d;
}

std::optional<HousingDetails> housingDetails(const study::StudyResults& r, const std::string& id) {
    const core::CityData& city = *r.city;
    for (std::size_t i = 0; i < city.housing.size(); ++i) {
        if (city.housing[i].id != id)
            continue;
        HousingDetails d;
        d.project = city.housing[i];
        for (const core::KindergartenCheck& k : r.kindergartens)
            if (k.housingIndex == i)
                d.check = k;
        const auto t = city.regions.townIndex(d.project.townCode);
        d.townName = t ? city.regions.towns[*t].name : d.project.townCode;
        return d;
    }
    return std::nullopt;
}

std::string featureTooltip(const MapLayer& layer, const MapFeature& f) {
    const auto number = [&](const char* key) -> const double* {
        const auto it = f.attributes.find(key);
        return it == f.attributes.end() ? nullptr : std::get_if<double>(&it->second);
    };
    const auto text = [&](const char* key) -> const std::string* {
        const auto it = f.attributes.find(key);
        return it == f.attributes.end() ? nullptr : std::get_if<std::string>(&it->second);
    };
    std::string out;
    if (const auto* name = text("name"))
        out = *name;
    else if (!f.label.empty())
        out = f.label;
    else if (layer.id == "housing" || layer.id == "selection")
        out = f.id;
    if (out.empty())
        return out;
    const auto line = [&](const std::string& label, const std::string& value) {
        out += "\n" + label + ": " + value;
    };
    if (const double* v = number("demand"))
        line("需求 Demand", formatNumber(*v));
    if (const double* v = number("seats"))
        line("学位 Seats", formatNumber(*v));
    if (const double* v = number("enrolment"))
        line("在校生 Enrolment", formatNumber(*v));
    if (const double* v = number("shortfall"); v != nullptr && layer.id != "schools")
        line("缺口 Shortfall", formatNumber(*v));
    if (const double* v = number("utilisation"))
        line("使用率 Utilisation", detail::percent(*v));
    if (const double* v = number("large_classes"); v != nullptr && *v > 0)
        line("大班额班数 Large classes", formatNumber(*v));
    if (const double* v = number("accessibility"))
        line("可达性 Accessibility (2SFCA)", formatNumber(*v, 2));
    if (const auto* w = text("warning"))
        if (const auto level = core::parseWarningLevel(*w))
            line("学位预警 Warning", std::string(core::warningLevelLabel(*level)));
    if (const double* v = number("difference")) {
        // formatNumber signs negatives itself. Appended, not "+" + string: GCC 12 warns falsely
        // (-Wrestrict) on a literal plus a temporary string.
        std::string d = *v > 0 ? "+" : "";
        d += formatNumber(*v);
        line("缺口之差 Difference", d);
    }
    if (const double* v = number("failed"))
        line("未达标指标 Indicators not met", formatNumber(*v));
    if (const auto* k = text("kindergarten"))
        line("配套幼儿园 Kindergarten", *k);
    if (const double* v = number("dwellings"))
        line("套数 Dwellings", formatNumber(*v));
    return out;
}

} // namespace xw::viewer
