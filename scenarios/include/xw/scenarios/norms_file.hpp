#pragma once
#include <xw/core/model/norms.hpp>
#include <xw/scenarios/error.hpp>

#include <filesystem>
#include <string>

namespace xw::scenarios {

/// Reads norm overrides from a YAML file and applies them on top of `base`. Every key is listed
/// with its default and source in docs/norms.md: top-level `large_class_min`, `huge_class_min`,
/// `persons_per_household`, `kindergarten_seats_per_1000`, `kindergarten_min_people`,
/// `kindergarten_min_classes`; `stages: {<stage code>: {entry_age, grades, age_min, age_max,
/// class_size, target_rate, radius_urban_m, radius_rural_m, students_per_staff,
/// land_per_student_m2, land_per_student_central_m2, floor_per_student_m2,
/// max_classes_per_school, catchment}}`; `indicator_targets: {…}` (core::IndicatorTargets),
/// `balance: {standard, min_students_quality, primary_to_junior, basic_primary, basic_junior,
/// quality_primary, quality_junior}` and `warning_thresholds: {red_probability, red_utilisation,
/// yellow_probability, yellow_utilisation}`.
/// \throws ScenarioError naming the file, line, column and key for a missing/malformed file, an
/// unknown key (with the nearest known one) or stage, a value of the wrong type; or, when
/// core::validate rejects the result, with one diagnostic per invalid value, each naming the file,
/// the key (validate's field, e.g. stages.primary.target_rate) and, where the file sets the value,
/// its line and column.
[[nodiscard]] core::Norms loadNorms(const std::filesystem::path& file, const core::Norms& base);

/// The same from YAML text; `origin` names the source in messages.
[[nodiscard]] core::Norms parseNorms(const std::string& yamlText, const std::string& origin,
                                     const core::Norms& base);

} // namespace xw::scenarios
