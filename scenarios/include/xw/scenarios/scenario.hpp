#pragma once
// Scenario files (docs/scenarios.md, schema scenarios/scenario.schema.json): a plan stated as a
// YAML file — the dataset it starts from, the horizon, the assumptions and the dated
// interventions. Parsed here into plain data; the study engine applies it (core::cityInYear).
//
// Errors: a file is checked whole; every problem found becomes a diagnostic with the file, line,
// column, key and why (an unknown key names the nearest known key), and the file is refused with
// ScenarioError carrying them all — nothing is applied from a file with an error.
#include <xw/core/model/plan.hpp>
#include <xw/core/projection/projection.hpp>
#include <xw/scenarios/error.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xw::scenarios {

/// The scenario format version this build reads and writes (`xuewei_scenario: 1`).
inline constexpr int kScenarioFormatVersion = 1;

/// A location as written in the file: lon/lat in CGCS2000 (EPSG:4490) or x/y in the dataset's
/// working CRS (metres). The study engine transforms it; a new school's or housing project's
/// core location is filled from it.
struct Location {
    double a = 0.0; ///< longitude (degrees) or x (metres)
    double b = 0.0; ///< latitude (degrees) or y (metres)
    bool geographic = true;
};

/// Classes as a file states them: a total spread over the stage's grades (core::spreadOverGrades),
/// the same number in every grade, or one number per grade.
struct ClassSpec {
    int total = 0;
    int perGrade = 0;
    std::vector<int> grades;
    int sign = 1; ///< −1 for a reduction

    /// Classes per grade for a stage of `gradeCount` grades (signed).
    [[nodiscard]] std::vector<int> perGradeFor(int gradeCount) const;
    bool operator==(const ClassSpec&) const = default;
};

/// Zones drawn in a polygon file (any OGR source) instead of a table: one polygon per school,
/// identified by `schoolField`.
struct ZoneFile {
    std::size_t redraw = 0;     ///< index into Plan::zoneRedraws it fills
    std::filesystem::path path; ///< absolute
    std::string layer;          ///< empty = the first layer
    std::string schoolField = "school_id";
};

/// What the projection assumes beyond the dataset (docs/projection.md).
struct Assumptions {
    core::FertilityVariant fertility = core::FertilityVariant::Medium;
    std::map<int, double> cityBirths;  ///< city births of given years, replacing the path
    double migrationRatePerYear = 0.0; ///< net, all ages and categories, per person per year
    int housingDelayYears = 0;         ///< years between planned completion and move-in, ≥ 0
    std::optional<double> housingMigrantShare; ///< share of movers counted as 随迁, 0..1

    bool operator==(const Assumptions&) const = default;
};

/// Where an intervention was written, for messages.
struct SourceMark {
    std::string kind; ///< new_school, expand, reduce, close, merge, convert, zones, housing, policy
    std::string layer;     ///< the core::validatePlan layer it lands in (new_schools, …)
    std::size_t index = 0; ///< index within that layer's vector of the plan
    int line = 0;          ///< 1-based
    int column = 0;        ///< 1-based
};

struct Scenario {
    std::filesystem::path file; ///< the scenario file (absolute); empty for a dataset's baseline
    std::string name;           ///< display name; the file stem when not given
    std::string description;
    std::filesystem::path dataset; ///< the base dataset folder (absolute)
    std::optional<int> horizonYear;
    Assumptions assumptions;
    /// The `norms:` block as YAML text (norms-file keys, docs/norms.md), applied over the
    /// dataset's norms; empty when none. Enrolment targets of `assumptions` are merged into it.
    std::string normsYaml;
    core::Plan plan;
    /// Parallel to plan.newSchools and plan.housing: where each was placed in the file (the
    /// engine transforms them into the working CRS; nullopt when the file gave none).
    std::vector<std::optional<Location>> newSchoolLocations;
    std::vector<std::optional<Location>> housingLocations;
    std::vector<ZoneFile> zoneFiles;
    /// Parallel to plan.newSchools: the classes of each stage as written; and to
    /// plan.classChanges. resolveClasses turns them into grades with the study's norms.
    std::vector<std::vector<std::pair<core::Stage, ClassSpec>>> newSchoolClasses;
    std::vector<ClassSpec> classChangeSpecs;
    std::vector<SourceMark> marks; ///< one per intervention, in file order

    /// The baseline scenario of a dataset: no interventions, default assumptions.
    [[nodiscard]] static Scenario baseline(const std::filesystem::path& datasetFolder);
};

/// Reads and checks a scenario file (syntax, keys, types, ranges, references within the file).
/// Checks that need the dataset (ids, towns, dates against the base year) are made by
/// checkAgainstCity once the dataset is loaded.
/// \throws ScenarioError with every problem found.
[[nodiscard]] Scenario loadScenario(const std::filesystem::path& file);

/// The same from text; `file` names the source in messages and anchors relative paths.
[[nodiscard]] Scenario parseScenario(const std::string& yamlText,
                                     const std::filesystem::path& file);

/// The plan's problems against its city (core::validatePlan), with the file position of each
/// intervention filled in (Diagnostic::file, line, column).
[[nodiscard]] std::vector<core::Diagnostic> checkAgainstCity(const Scenario& scenario,
                                                             const core::CityData& city);

/// The scenario as YAML text in the canonical form loadScenario reads back to an equal scenario.
/// yaml-cpp keeps no comments: a file written back loses its comments and gets the canonical key
/// order (docs/scenarios.md says so); a leading comment names the writer.
[[nodiscard]] std::string toYaml(const Scenario& scenario);

/// Writes toYaml(scenario) to `file` atomically (temporary file, then rename); relative paths
/// (dataset, zone files) are written relative to the file's folder.
/// \throws ScenarioError naming the file and the system's reason.
void writeScenario(const std::filesystem::path& file, const Scenario& scenario);

/// Fills the grades of the plan's new schools and class changes from their ClassSpec with the
/// grade counts of `norms` (the study's: a dataset may change a stage's grades).
void resolveClasses(Scenario& scenario, const core::Norms& norms);

/// Norms for a study: `base` with the scenario's norms block applied.
/// \throws ScenarioError as parseNorms.
[[nodiscard]] core::Norms scenarioNorms(const Scenario& scenario, const core::Norms& base);

/// The projection assumptions of the scenario on top of `config`.
void applyAssumptions(const Assumptions& assumptions, core::ProjectionConfig& config);

} // namespace xw::scenarios
