#pragma once
// Cohort-component projection of resident children by town, single-year age and category, and the
// enrolment demand per stage and grade that follows from it. Plain configuration in,
// plain data out; no I/O. Method, assumptions and the sources of every default: docs/projection.md.
//
// Errors: nothing here throws for bad input. Every result carries `errors` (the run could not be
// done; the data fields are then empty) and `warnings` (the run was done, something was skipped
// or guessed), both core::Diagnostic. Messages are Chinese first, then English, and name the
// offending value.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/model/city.hpp>

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace xw::core {

/// Survival by single-year age. `survivalByAge[a]` is the probability that a person aged a at one
/// count (mid-year) is alive and aged a+1 at the next; the last entry repeats for older ages.
struct LifeTable {
    std::vector<double> survivalByAge;
    /// Probability that a live birth of the year is alive at the mid-year count as age 0.
    double newbornSurvival = 1.0;

    /// Default for Guangdong around 2020 [A]: infant mortality 3 ‰ split half before and half
    /// after the first count; ages ≥ 1 from q(a) = 6e-4·e^(−0.7a) + 1.2e-4 + 2e-5·e^(0.095a)
    /// (childhood decline + Makeham + Gompertz). Entries for ages 0..maxAge.
    [[nodiscard]] static LifeTable guangdong2020(int maxAge);
};

enum class FertilityVariant { Low, Medium, High };

/// Births come from the dataset's births series where it has data, then follow a path.
struct BirthsAssumptions {
    FertilityVariant variant = FertilityVariant::Medium;
    /// Annual relative change of births after the last data year, per variant (low, medium,
    /// high), e.g. −0.015 = −1.5 % a year [A]; must be > −1.
    std::array<double, 3> annualChangeByVariant{-0.04, -0.015, 0.01};
    /// City-wide births that replace the series and the path in the years given (scenario use).
    std::map<int, double> cityBirthsOverride;
    /// Births of a city (or district) are shared among its towns in proportion to their
    /// base-year residents aged 0..shareAgeMax, split by category the same way [A].
    int shareAgeMax = 2;
};

/// Net migration rate per person per year. A vector holds one value for every age, or one value
/// per age 0..maxAge; empty means 0.
struct TownMigration {
    std::string townCode;
    std::array<std::vector<double>, kCategoryCount> netRatePerYearByAge;
    /// 随迁 newcomers per year (persons of the table's ages, added to the migrant category),
    /// spread over ages by `MigrationAssumptions::inflowAgeShare`.
    double migrantInflowPersonsPerYear = 0.0;
};

struct MigrationAssumptions {
    /// Rates for every town (per category), replaced for the towns listed in `towns`.
    std::array<std::vector<double>, kCategoryCount> netRatePerYearByAge;
    std::vector<TownMigration> towns;
    /// Share of 随迁 inflow at each age 0..maxAge (sums to 1); empty = the housing mover
    /// profile normalised to 1.
    std::vector<double> inflowAgeShare;
};

struct HousingAssumptions {
    /// Cumulative share of dwellings occupied in the completion year + k (k = 0, 1, …); the last
    /// value holds afterwards. Non-decreasing, within 0..1 [A].
    std::vector<double> occupancyRamp{0.30, 0.60, 0.85, 0.95};
    /// Movers of the table's ages as a share of all movers, per age 0..maxAge; empty = the
    /// default profile of `defaultMoverAgeShare` [A].
    std::vector<double> moverAgeShare;
    /// Years between the planned completion year and the first move-ins, ≥ 0.
    int delayYears = 0;
    /// Share of movers counted as 随迁 (the rest as 户籍: buying a home in the city usually
    /// gives children a registered school place) [A].
    double migrantShare = 0.0;
};

/// Default age profile of people moving into new housing, ages 0..maxAge [A]: 1.5 % of movers
/// at each age 0–5, 1.4 % at 6–11, 1.2 % at 12–14, 1.0 % at 15–18, 0 above 18. At 3.2 persons per
/// dwelling this gives 27 primary and 11.5 junior pupils per 100 dwellings, within the local
/// 70–90 and 35–45 seats per 1,000 residents of domain.md §3.
[[nodiscard]] std::vector<double> defaultMoverAgeShare(int maxAge);

struct ProjectionAssumptions {
    LifeTable lifeTable; ///< empty survivalByAge = LifeTable::guangdong2020
    BirthsAssumptions births;
    MigrationAssumptions migration;
    HousingAssumptions housing;
    /// Treat the table's last age as open-ended (survivors stay in it). When false, survivors of
    /// the last age leave the table ("aged out").
    bool openEndedTopAge = false;
};

/// Last projected year when none is given: the horizon of the national plan 《中国教育现代化2035》
/// (State Council, 2019), which city plans after 2019 work toward; the 2017 Yangjiang plan itself
/// names no year after 2020. The one definition; study::kDefaultHorizonYear is this value. [A]
inline constexpr int kDefaultHorizonYear = 2035;

struct ProjectionConfig {
    /// Last year projected. The first is the population's year (Population::year, or
    /// CityData::baseYear when that is 0).
    int horizonYear = kDefaultHorizonYear;
    ProjectionAssumptions assumptions;
    /// Calibrate demand so that the year CityData::baseYear reproduces the enrolment of the
    /// schools by town × stage × grade; the factors then hold for every year.
    bool calibrate = true;
};

/// How a town's population (one category) changed from year − 1 to year:
/// persons(year) = persons(year − 1) − deaths − agedOut + births + migration + housing.
struct ComponentRow {
    int year = 0;
    std::size_t town = 0;
    PopCategory category = PopCategory::Registered;
    double personsBefore = 0.0; ///< all ages, year − 1
    double births = 0.0;        ///< live births allocated to the town (before newborn deaths)
    double deaths = 0.0;        ///< including births that did not survive to the count
    double agedOut = 0.0;       ///< survivors of the last age leaving the table
    double migration = 0.0;     ///< net migration including 随迁 inflow
    double housing = 0.0;       ///< people moving into new housing
    double personsAfter = 0.0;  ///< all ages, year
};

/// One grade of one stage whose cohort is in the table: age = entryAge + grade − 1.
struct GradeCohort {
    Stage stage = Stage::Primary;
    int grade = 1;
    int age = 0;
};

/// Base-year calibration of one town, stage and grade: observed ÷ modelled. For stages recruited
/// county-wide (StageNorms::catchment == District) the factor is the district's observed ÷
/// modelled, the same for all its towns, so district totals are reproduced.
struct CalibrationRow {
    std::size_t town = 0;
    Stage stage = Stage::Primary;
    int grade = 1;
    double observed = 0.0; ///< students in the town's schools in CityData::baseYear
    double modelled = 0.0; ///< raw demand in that year
    double factor = 1.0;
};

/// Which figure of demand: residents × target rate, its 随迁 part, or the calibrated figure
/// (raw × the town's base-year factor; = raw when not calibrated).
enum class DemandKind { Raw, Migrant, Calibrated };

/// Dense results (no per-row strings or indices, so a 48-town, 16-year run stays under 1 MB).
/// Year indices run 0..lastYear − firstYear; towns follow CityData::regions.towns.
struct ProjectionResult {
    /// Why the run was not done (not done when not empty): severity Error, layer "projection",
    /// featureId the town, births area or housing project the message names, field the stage
    /// code or norms key, year the year; each empty (0) when the message names none.
    std::vector<Diagnostic> errors;
    /// The run was done; something was skipped or assumed: severity Warning, the other fields
    /// as in `errors`.
    std::vector<Diagnostic> warnings;
    int firstYear = 0;
    int lastYear = 0;
    int maxAge = 0;
    std::vector<std::string> townCodes;
    std::vector<GradeCohort> grades; ///< stage order, then grade; grades beyond maxAge left out
    /// Residents, index ((yearIndex × towns + town) × (maxAge + 1) + age) × 2 + category.
    std::vector<double> persons;
    /// Demand, index (yearIndex × towns + town) × grades.size() + grade slot; persons.
    std::vector<double> demandRaw, demandMigrant, demandCalibrated;
    std::vector<ComponentRow> components;    ///< years firstYear+1..lastYear, town, category
    std::vector<CalibrationRow> calibration; ///< empty when not calibrated
    std::vector<double> cityBirths;          ///< births per year firstYear..lastYear used

    [[nodiscard]] bool ok() const { return errors.empty(); }
    [[nodiscard]] int years() const { return lastYear - firstYear + 1; }
    /// Residents of a town, age and category in a year; 0 outside the table.
    [[nodiscard]] double personsAt(int year, std::size_t town, int age, PopCategory c) const;
    /// Demand of a town, stage and grade in a year; 0 when not projected.
    [[nodiscard]] double demandAt(int year, std::size_t town, Stage s, int grade,
                                  DemandKind kind = DemandKind::Calibrated) const;
    /// Σ over the stage's grades of demandAt.
    [[nodiscard]] double stageDemand(int year, std::size_t town, Stage s,
                                     DemandKind kind = DemandKind::Calibrated) const;
};

/// Projects the city's residents from the population year to config.horizonYear and derives
/// enrolment demand per town × stage × grade × year.
[[nodiscard]] ProjectionResult project(const CityData& city, const ProjectionConfig& config);

} // namespace xw::core
