#pragma once
// Edits of a plan as the viewer makes them (add a school, move it, change its classes, close or
// reopen it, add or change a housing project and its 配套幼儿园): plain functions from one
// core::Plan to the next, so that undo/redo keeps whole plans and the engine re-runs on them
// (study::Study::setPlan). No computation of results; the study validates the plan.
#include <xw/core/model/plan.hpp>

#include <optional>
#include <string>
#include <vector>

namespace xw::viewer {

/// A school id not used by `city` (any year's schools are the base city's plus the plan's new
/// ones) nor by the plan: "新校-1", "新校-2", …
[[nodiscard]] std::string newSchoolId(const core::CityData& city, const core::Plan& plan);
/// A housing id not used by the city nor the plan: "新小区-1", …
[[nodiscard]] std::string newHousingId(const core::CityData& city, const core::Plan& plan);

/// A new school of one stage opening in `year` at `location` (working CRS) with `classesPerGrade`
/// classes in each of the stage's grades (`grades` of the norms), public, no pupils yet. The
/// town is left empty for the study to fill from the location.
[[nodiscard]] core::NewSchool makeNewSchool(std::string id, std::string name, core::Stage stage,
                                            int grades, int classesPerGrade, int year,
                                            core::PointM location);

/// Default classes per grade of a new school of the stage (a common size: 3 for kindergarten,
/// 4 for primary, 8 for junior, 10 for senior, 8 for vocational, 1 for special).
[[nodiscard]] int defaultClassesPerGrade(core::Stage stage);

/// A new housing project as the viewer proposes it before the planner edits it: 3,000 dwellings
/// (9,600 people at the default norms' 3.2 per household, above their 4,500 of the 配套幼儿园
/// rule) completing in
/// `completionYear`, with a public (普惠) 配套幼儿园 of 6 classes delivered the same year. Location
/// and town are left empty for the caller and the study.
[[nodiscard]] core::HousingProject newHousingProject(std::string id, std::string name,
                                                     int completionYear);

/// Classes per grade (grade 1 first) of school `schoolId`'s `stage` in `city` (a year's city,
/// core::cityInYear with the plan): as many entries as the norms give the stage grades
/// (city.norms[stage].grades); zero for a grade the school lacks, all zero when the city has no
/// such school or it does not serve the stage. What withClasses takes as `current`.
[[nodiscard]] std::vector<int> classesPerGrade(const core::CityData& city,
                                               const std::string& schoolId, core::Stage stage);

/// The plan with `school` added.
[[nodiscard]] core::Plan withNewSchool(core::Plan plan, core::NewSchool school);

/// True when `schoolId` is one of the plan's new schools.
[[nodiscard]] bool isPlannedSchool(const core::Plan& plan, const std::string& schoolId);

/// The plan with the planned school `schoolId` moved to `location` (its town is cleared for the
/// study to fill again). \throws std::invalid_argument when it is not a planned school (schools
/// of the dataset stay where they are).
[[nodiscard]] core::Plan withSchoolMoved(core::Plan plan, const std::string& schoolId,
                                         core::PointM location);

/// The plan in which school `schoolId`'s `stage` has `classesPerGrade` (one per grade, grade 1
/// first) from `year` on. For a planned school the new school's own classes are set. For a
/// school of the dataset `current` is its classes per grade in that year's city (with the plan's
/// earlier changes); the difference becomes a class change dated `year` (added to one of the
/// same school, stage and year if the plan has it; a change that sums to nothing is dropped).
/// \throws std::invalid_argument when a count is negative.
[[nodiscard]] core::Plan withClasses(core::Plan plan, const std::string& schoolId,
                                     core::Stage stage, const std::vector<int>& classesPerGrade,
                                     const std::vector<int>& current, int year);

/// The plan with school `schoolId` closed from `year`: a planned school is removed from the plan
/// with every change that names it; a school of the dataset gets a closure (pupils to no school in
/// particular). Already closed: the plan unchanged.
[[nodiscard]] core::Plan withSchoolClosed(core::Plan plan, const std::string& schoolId, int year);

/// The plan without the closures of `schoolId` (it stays open).
[[nodiscard]] core::Plan withSchoolReopened(core::Plan plan, const std::string& schoolId);

/// True when the plan closes `schoolId` at some year.
[[nodiscard]] bool isClosed(const core::Plan& plan, const std::string& schoolId);

/// The plan with `project` added, or replacing the plan's project of the same id; a project of
/// the dataset with that id is replaced in every year by it (core::withPlannedHousing).
[[nodiscard]] core::Plan withHousing(core::Plan plan, core::HousingProject project);

/// The plan with housing project `id` moved: the plan's record, or a copy of the dataset's
/// record (`fromDataset`) placed in the plan. Its town is cleared for the study to fill.
[[nodiscard]] core::Plan withHousingMoved(core::Plan plan, const std::string& id,
                                          core::PointM location,
                                          const std::optional<core::HousingProject>& fromDataset);

} // namespace xw::viewer
