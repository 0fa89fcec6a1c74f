#include <xw/core/model/stage.hpp>

#include <xw/core/detail/text.hpp>

#include <string>

namespace xw::core {
namespace {

using detail::lowerAscii;
using detail::trimAscii;

struct StageNames {
    Stage stage;
    std::string_view code;
    std::string_view zh;
    std::string_view en;
    std::string_view zhAlt; // a second common Chinese spelling
};

constexpr std::array<StageNames, kStageCount> kStageNames{{
    {Stage::Kindergarten, "kindergarten", "学前", "Kindergarten", "幼儿园"},
    {Stage::Primary, "primary", "小学", "Primary", "小学"},
    {Stage::Junior, "junior", "初中", "Junior middle", "初级中学"},
    {Stage::Senior, "senior", "普通高中", "General senior high", "高中"},
    {Stage::Vocational, "vocational", "中职", "Secondary vocational", "中等职业"},
    {Stage::Special, "special", "特殊教育", "Special education", "特教"},
}};

} // namespace

std::string_view stageCode(Stage s) {
    return kStageNames[stageIndex(s)].code;
}
std::string_view stageNameZh(Stage s) {
    return kStageNames[stageIndex(s)].zh;
}
std::string_view stageNameEn(Stage s) {
    return kStageNames[stageIndex(s)].en;
}

std::optional<Stage> parseStage(std::string_view text) {
    text = trimAscii(text);
    const std::string l = lowerAscii(text);
    for (const auto& n : kStageNames) {
        if (l == n.code || text == n.zh || text == n.zhAlt || l == lowerAscii(n.en))
            return n.stage;
    }
    return std::nullopt;
}

std::string_view categoryCode(PopCategory c) {
    return c == PopCategory::Registered ? "registered" : "migrant";
}

std::optional<PopCategory> parseCategory(std::string_view text) {
    text = trimAscii(text);
    const std::string l = lowerAscii(text);
    if (l == "registered" || text == "户籍")
        return PopCategory::Registered;
    if (l == "migrant" || text == "随迁" || text == "非户籍")
        return PopCategory::Migrant;
    return std::nullopt;
}

std::optional<Ownership> parseOwnership(std::string_view text) {
    text = trimAscii(text);
    const std::string l = lowerAscii(text);
    if (l == "public" || text == "公办")
        return Ownership::Public;
    if (l == "private" || text == "民办")
        return Ownership::Private;
    return std::nullopt;
}

} // namespace xw::core
