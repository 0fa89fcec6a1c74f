#pragma once
// School stages (学段) and population categories, as in docs/domain.md §1.
#include <array>
#include <optional>
#include <string_view>

namespace xw::core {

/// A stage of schooling. The order is the order of schooling; `kStageCount` values.
enum class Stage { Kindergarten, Primary, Junior, Senior, Vocational, Special };
inline constexpr int kStageCount = 6;
inline constexpr std::array<Stage, kStageCount> kAllStages{Stage::Kindergarten, Stage::Primary,
                                                           Stage::Junior,       Stage::Senior,
                                                           Stage::Vocational,   Stage::Special};

/// Index of a stage in `kAllStages` (0..5), for arrays indexed by stage.
constexpr int stageIndex(Stage s) {
    return static_cast<int>(s);
}

/// Machine code used in files and options: "kindergarten", "primary", ...
std::string_view stageCode(Stage s);
/// Chinese name used in reports: 学前, 小学, 初中, 普通高中, 中职, 特殊教育.
std::string_view stageNameZh(Stage s);
/// English name used in reports: Kindergarten, Primary, ...
std::string_view stageNameEn(Stage s);
/// Parses a code ("primary"), a Chinese name ("小学") or an English name (case-insensitive).
std::optional<Stage> parseStage(std::string_view text);

/// Residents are counted in two categories with different policy targets (domain.md §3).
enum class PopCategory { Registered /*户籍*/, Migrant /*随迁*/ };
inline constexpr int kCategoryCount = 2;
std::string_view categoryCode(PopCategory c);                    // "registered", "migrant"
std::optional<PopCategory> parseCategory(std::string_view text); // also 户籍 / 随迁

enum class Ownership { Public /*公办*/, Private /*民办*/ };
std::optional<Ownership> parseOwnership(std::string_view text); // public/private/公办/民办

} // namespace xw::core
