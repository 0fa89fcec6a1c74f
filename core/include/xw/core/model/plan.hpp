#pragma once
// A planner's plan as dated interventions on the base-year city (plain data), and the city as it
// stands in a given year once the interventions dated by then have taken effect. Scenario files
// (scenarios/) are parsed into a Plan; the study engine applies it year by year.
//
// Dates: an intervention dated Y takes effect at the start of school year Y, so the city of year Y
// and of every later year includes it, and the city of Y − 1 does not. Interventions dated in the
// base year change the base-year results too.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/common/table.hpp>
#include <xw/core/model/city.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xw::core {

/// A new school (新建学校). `school` carries its id, name, ownership, flags, location (working
/// CRS), town (the study engine fills it from the location when empty), land and floor area and
/// one StageProvision per stage with its classes per grade and 0 students.
struct NewSchool {
    int year = 0; ///< opening year
    School school;
};

/// Classes added (> 0, 扩建) or removed (< 0, 缩减) in one stage of a school, per grade
/// (gradeDeltas[g − 1] for grade g; shorter vectors mean 0 for the other grades). A stage the
/// school does not serve yet is created.
struct ClassChange {
    int year = 0;
    std::string schoolId;
    Stage stage = Stage::Primary;
    std::vector<int> gradeDeltas;
};

/// A school closed (撤并) from `year` on. Its pupils go to `pupilsTo` (a school id; empty = to no
/// school in particular: they join the demand of the town as everyone else does). With `merge`,
/// the school's classes move to `pupilsTo` as well (合并: one school on the receiving site).
struct Closure {
    int year = 0;
    std::string schoolId;
    std::string pupilsTo;
    bool merge = false;
};

/// A change of ownership or status from `year` on (民办 → 公办/普惠, 标准化, 省规范化, …); only the
/// values given change.
struct Conversion {
    int year = 0;
    std::string schoolId;
    std::optional<Ownership> ownership;
    std::optional<bool> puhui;
    std::optional<bool> standardised;
    std::optional<bool> provincialStandard;
    std::optional<bool> quality;
    std::optional<bool> provincialKey;
};

/// Attendance zones (学区) redrawn from `year` on: either a school → towns table or polygons
/// (ISO WKB in the working CRS), one per school; the zones of the latest redraw by a year replace
/// the dataset's.
struct ZoneRedraw {
    int year = 0;
    std::vector<std::pair<std::string, std::string>> schoolTowns; ///< (school id, town code)
    std::vector<std::pair<std::string, Wkb>> polygons;            ///< (school id, zone outline)
};

/// A policy change from `year` on: standard class sizes per stage (the class-size limit that
/// defines seats), the large-class thresholds, the target share of 随迁子女 in public schools.
struct PolicyChange {
    int year = 0;
    std::vector<std::pair<Stage, std::vector<int>>> classSizes; ///< (stage, size per grade)
    std::optional<int> largeClassMin;
    std::optional<int> hugeClassMin;
    std::optional<double> migrantPublicShare; ///< target, 0..1
};

struct Plan {
    std::vector<NewSchool> newSchools;
    std::vector<ClassChange> classChanges;
    std::vector<Closure> closures;
    std::vector<Conversion> conversions;
    std::vector<ZoneRedraw> zoneRedraws;
    /// Housing added (a new id) or changed (an existing id: the record is replaced). Dated by
    /// their own completion and kindergarten delivery years; they change the projection.
    std::vector<HousingProject> housing;
    std::vector<PolicyChange> policies;

    [[nodiscard]] bool empty() const {
        return newSchools.empty() && classChanges.empty() && closures.empty() &&
               conversions.empty() && zoneRedraws.empty() && housing.empty() && policies.empty();
    }
};

/// Id of the school a delivered 配套幼儿园 becomes: "配套园-<housing id>".
[[nodiscard]] std::string housingKindergartenId(const HousingProject& project);

/// The city with only the plan's housing applied (added or replaced by id, in plan order): the
/// city whose residents the projection follows.
[[nodiscard]] CityData withPlannedHousing(const CityData& city, const Plan& plan);

/// The city as it stands in `year` (≥ city.baseYear): withPlannedHousing, then every intervention
/// dated ≤ year in date order (ties in the order new schools, class changes, conversions,
/// closures, policies; within a kind, file order); then each housing project whose 配套幼儿园 is
/// delivered after the base year and by `year` and not yet a school becomes a school
/// (housingKindergartenId; public when the plan says 公办/普惠, its classes spread over the grades
/// by spreadOverGrades, 0 pupils) and its PlannedKindergarten::schoolId is set.
/// Schools keep their order; closed schools are removed, new ones (plan order) and opened
/// 配套园 (housing order) are appended, so the school lists of two years differ only by
/// removals and appends. Students stay as on record (the base year's), with a closed school's
/// pupils added grade by grade to the receiving school. baseYear is unchanged.
/// Interventions that do not fit the city (unknown ids, …) are skipped; validatePlan reports them.
[[nodiscard]] CityData cityInYear(const CityData& city, const Plan& plan, int year);

/// Every problem of a plan against its city and horizon, as diagnostics with layer = the
/// intervention kind (new_schools, class_changes, closures, conversions, zones, housing,
/// policies), featureId = the intervention's index (1-based, "#3") and id, field = the bad key:
/// a year outside baseYear..horizonYear; an unknown school id, town code or stage; a new school
/// whose id is already taken, without a stage, classes or location; a class reduction below 0
/// classes; two closures of one school; a change to a school after its closure; pupils sent to
/// a school that is closed by then or to the school itself; a new school whose stage has 0
/// classes; housing with a bad completion or delivery year; class sizes below 1; a policy
/// migrant share outside 0..1; contradicting policies of one year.
[[nodiscard]] std::vector<Diagnostic> validatePlan(const CityData& city, const Plan& plan,
                                                   int horizonYear);

} // namespace xw::core
