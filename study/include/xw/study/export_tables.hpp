#pragma once
// What `xuewei export` hands to the land (国土) and planning (规划) departments and to leaders: a
// study's results as export tables, with coded values in Chinese. The tables reuse the schemas of
// study/tables.hpp wherever a result table exists; the ones defined here exist only for exports
// (the plan's schools, land reservations, shortfall by school, attendance zones, housing). How
// each format carries them is gis/export.hpp's business; docs/exports.md lists every table and
// column (generated from these functions and checked by a test).
#include <xw/core/common/table.hpp>
#include <xw/core/model/plan.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/export.hpp>
#include <xw/study/study_results.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace xw::study {

class Study;

/// The tables of one export, in writing order (layer order, sheet order).
struct ExportContent {
    /// Coded values already in Chinese (translateCodedValues); every spatial table in the
    /// results' working CRS.
    std::vector<core::Table> tables;
    /// How each table is drawn (QGIS styles in a GeoPackage, DXF colours), by table name.
    std::map<std::string, gis::TableStyle> styles;
    /// Tables left out because the study has nothing for them, and why ("中文 / English").
    std::vector<std::string> notes;
};

/// The export of a study's results: districts, towns (the seat balance and shortfall per stage),
/// zones (attendance zones in force in the last year), catchments (with an allocation),
/// land_reservations, schools, school_shortfall, plan_schools (with a plan), housing (配套幼儿园),
/// indicators and, with projected years, balance_by_year. A table with no rows is left out and
/// named in `notes`. `results` must come from `study.run`.
/// \throws gis::GisError when an attendance zone's town outlines cannot be united.
[[nodiscard]] ExportContent exportContent(const Study& study, const StudyResults& results);

// ---- The tables that exist only for exports (codes in English, as every result table) --------

/// school_shortfall: one point per school and stage served in the base year — the columns of
/// balance_schools, then over_enrolment = max(0, enrolment − seats); with an allocation also the
/// children assigned, classes they need, mean distance, beyond radius, and over_capacity =
/// max(0, assigned − seats), the school's part of allocation_areas' over_capacity.
[[nodiscard]] core::Table schoolShortfallTable(const StudyResults& r);

/// plan_schools: one point per intervention of `plan` on a school, in date order: status new
/// (新建), expand (扩建), reduce (缩减), close (撤并), merge (合并); the year it takes effect
/// (a new school's opening year), stages, classes and seats added (negative for reductions and
/// closures: the classes and seats of the school the year before), and for new schools the land
/// and floor area the norms require (study::planCost's rule: seats × land per student — the
/// central-city norm in urban towns — and × floor per student), the norm used, and the land and
/// floor the scenario gives; for expansions the floor area the added seats require (land: on the
/// existing site, null). Conversions are not listed (they add no seats). `base` is Study::city();
/// points in `crs` (the working CRS).
[[nodiscard]] core::Table planSchoolTable(const core::CityData& base, const core::Plan& plan,
                                          const std::string& crs);

/// land_reservations (教育用地预留): one polygon per area and stage whose seats still fall short
/// once `plan` is in place — from the plan year (the year its last new school, class change,
/// closure or class-size policy takes effect, at most the last year) to the last year of the
/// results — towns for town-catchment stages, districts for district-catchment ones
/// (StageNorms::catchment). Columns: the missing seats of the base year (before the plan),
/// the peak from the plan year on (and its year), the last year's; and the land and floor area
/// the norms require for the peak (core::computeResources: land per student — the central-city
/// norm in urban towns for town catchments — and floor per student), naming the norm used. The
/// plan's own new schools are in plan_schools.
[[nodiscard]] core::Table landReservationTable(const StudyResults& r, const core::Plan& plan);

/// The year the plan's last new school, class change, closure or class-size policy takes effect;
/// `baseYear` when it has none (or all are earlier).
[[nodiscard]] int planCompleteYear(const core::Plan& plan, int baseYear);

/// zones (学区): the attendance zones in force in `year` — the plan's latest redraw dated ≤ year,
/// else the dataset's `zones` layer or `school_towns` table — one polygon per school (a zone
/// given as towns is the union of their outlines), with the school, its stages, the source
/// (dataset, plan) and the year the redraw takes effect. Empty when there are none.
/// \throws gis::GisError when town outlines cannot be united.
[[nodiscard]] core::Table zoneLayer(const gis::DatasetLoad& dataset, const core::Plan& plan,
                                    int year, const StudyResults& r);

/// housing: kindergarten_check's columns with the project's point and kindergarten_status:
/// compliant (达标: required and no problem), non_compliant (未达标), not_required (无需配建).
[[nodiscard]] core::Table housingLayer(const StudyResults& r);

// ---- Coded values in Chinese (exports only; `xuewei run` keeps the English codes) -------------

/// One coded value of a column and its Chinese text.
struct CodedValue {
    std::string column; ///< column key (in any table)
    std::string code;   ///< as the result tables write it; "1"/"0" for the Integer column urban
    std::string zh;
};

/// Every coded value the exports translate, by column key: stage (学段 names), stages (a list,
/// "、" between names), ownership (公办/民办), level (全市/区县/组团/乡镇), pass (达标/未达标/
/// 无法判定), comparison, required and public_or_puhui (是/否), large_classes_source, urban
/// (城镇/乡村), status, kindergarten_status, land_norm, source.
[[nodiscard]] const std::vector<CodedValue>& exportCodedValues();

/// Replaces the coded values of `table`'s columns listed by exportCodedValues with their Chinese
/// text (an Integer coded column becomes Text); other values and columns are left as they are.
void translateCodedValues(core::Table& table);

/// The English key ↔ Chinese name table of `tables` and the coded values, as Markdown: one
/// section per table (name, titles, geometry) with a row per column (key, 中文名, English, type,
/// unit). docs/exports.md holds its output between the markers
/// `<!-- export-columns:begin -->` and `<!-- export-columns:end -->`.
[[nodiscard]] std::string exportColumnsMarkdown(const std::vector<core::Table>& tables);

} // namespace xw::study
