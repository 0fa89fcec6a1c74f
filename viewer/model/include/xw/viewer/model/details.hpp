#pragma once
// What the details panel shows for a school or a town, gathered from a study's results (no
// computation: rows and series are the engine's figures, picked by id and year).
#include <xw/study/study_results.hpp>
#include <xw/viewer/map/map_description.hpp>

#include <optional>
#include <string>
#include <vector>

namespace xw::viewer {

/// One stage of a school in the shown year (core::SchoolStageBalance).
struct SchoolStageRow {
    core::Stage stage = core::Stage::Primary;
    std::int64_t classes = 0;
    std::int64_t seats = 0;
    std::int64_t enrolment = 0; ///< recorded (base year) or projected
    std::optional<double> utilisation;
    std::optional<double> meanClassSize;
    std::int64_t largeClasses = 0; ///< 大班额 (≥ the year's Norms::largeClassMin pupils)
    std::int64_t hugeClasses = 0;  ///< 超大班额 (≥ the year's Norms::hugeClassMin pupils)
};

/// One stage of a school in the shown year's allocation (core::SchoolAllocation).
struct SchoolAllocationRow {
    core::Stage stage = core::Stage::Primary;
    std::int64_t assigned = 0;
    std::int64_t seats = 0;
    std::optional<double> utilisation;
    std::int64_t classesNeeded = 0;
    double meanDistanceMeters = 0.0;
    std::int64_t beyondRadius = 0;
    double seatsPerChild = 0.0; ///< 2SFCA R_j
};

/// One year of a school's stage: seats, projected enrolment and, when allocated, the children
/// assigned (the demand the school meets).
struct SchoolYearPoint {
    int year = 0;
    double seats = 0.0;
    double enrolment = 0.0;
    std::optional<double> assigned;
};

struct SchoolDetails {
    std::string id;
    std::string name;
    std::string townCode;
    std::string townName;
    std::string ownership; ///< 公办 Public / 民办 Private
    core::PointM location;
    int year = 0;
    int largeClassMin = 0; ///< the year's Norms::largeClassMin, which largeClasses counts from
    std::vector<SchoolStageRow> stages;
    std::vector<SchoolAllocationRow> allocation;
    /// The base-year catchment of the selected stage: grid cells (0 when none or not computed).
    std::int64_t catchmentCells = 0;
    double catchmentKm2 = 0.0;
    core::Stage seriesStage = core::Stage::Primary;
    /// The selected stage over the years (projected years; the base year alone without them).
    std::vector<SchoolYearPoint> series;
};

/// One stage of a town in the shown year.
struct TownStageRow {
    core::Stage stage = core::Stage::Primary;
    double residentsInBand = 0.0;
    double demand = 0.0;
    std::int64_t seats = 0;
    std::int64_t enrolment = 0;
    std::int64_t classes = 0;
    std::int64_t largeClasses = 0;
    double shortfall = 0.0;
    double surplus = 0.0;
    std::optional<double> utilisation;
    std::optional<core::WarningLevel> warning;  ///< 学位预警 of the town (or its district)
    std::optional<double> probabilityOverSeats; ///< of that warning cell
    std::optional<double> accessibility;        ///< 2SFCA mean over the town's children
};

struct TownYearPoint {
    int year = 0;
    double demand = 0.0;
    double seats = 0.0;
    double enrolment = 0.0; ///< expected enrolment
};

struct TownDetails {
    std::string code;
    std::string name;
    std::string districtName;
    int year = 0;
    int largeClassMin = 0; ///< the year's Norms::largeClassMin, which largeClasses counts from
    std::vector<TownStageRow> rows; ///< stages with demand or seats, in stage order
    /// Per stage of `rows`, the projection by year (empty without projected years).
    std::vector<std::pair<core::Stage, std::vector<TownYearPoint>>> series;
};

/// A housing project of the base year's city and its 配套幼儿园 check
/// (StudyResults::kindergartens).
struct HousingDetails {
    core::HousingProject project;
    std::optional<core::KindergartenCheck> check; ///< nullopt when the engine checked none
    std::string townName; ///< the town's name; its code when the regions lack it
};

/// The school `id` in `year` (nullopt: the base year); nullopt when the year's city has no such
/// school (closed, not yet open). `stage` picks the series and the catchment.
/// \throws std::invalid_argument when the results lack the year.
[[nodiscard]] std::optional<SchoolDetails> schoolDetails(const study::StudyResults& results,
                                                         const std::string& id, core::Stage stage,
                                                         std::optional<int> year);

/// The town `code` in `year`; nullopt when there is no such town.
/// \throws std::invalid_argument when the results lack the year.
[[nodiscard]] std::optional<TownDetails>
townDetails(const study::StudyResults& results, const std::string& code, std::optional<int> year);

/// The housing project `id` of the base year's city (the dataset's projects with the plan's:
/// what the study checked for the 配套幼儿园 rule); nullopt when there is no such project.
[[nodiscard]] std::optional<HousingDetails> housingDetails(const study::StudyResults& results,
                                                           const std::string& id);

/// A short tooltip for a feature of a map built by map_builder.hpp ("name", seats, demand,
/// shortfall, utilisation, … from its attributes), Chinese first; empty for unnamed features.
[[nodiscard]] std::string featureTooltip(const MapLayer& layer, const MapFeature& feature);

} // namespace xw::viewer
