#pragma once
// What a front end shows for a progress step: the bilingual label of each step name the engine
// and the front ends report through core::Progress (core/common/progress.hpp).
#include <string>
#include <string_view>

namespace xw::study {

/// The label of a step, Chinese first then English, e.g. "人口与需求预测 Projection" for
/// "projection". A step is looked up by its first word ("allocation primary 2026" → the label of
/// "allocation"); a step with no entry (the optimiser's, which are labels already, e.g.
/// "选址 siting: 下界 lower bound") is returned as it is.
[[nodiscard]] std::string progressStepLabel(std::string_view step);

} // namespace xw::study
