#include <xw/core/model/stage.hpp>

#include <gtest/gtest.h>

namespace xw::core {
namespace {

TEST(Stage, CodesChineseAndEnglishNamesParseBack) {
    for (Stage s : kAllStages) {
        EXPECT_EQ(parseStage(stageCode(s)), s);
        EXPECT_EQ(parseStage(stageNameZh(s)), s);
        EXPECT_EQ(parseStage(stageNameEn(s)), s);
    }
    EXPECT_EQ(parseStage(" 幼儿园 "), Stage::Kindergarten);
    EXPECT_EQ(parseStage("PRIMARY"), Stage::Primary);
    EXPECT_FALSE(parseStage("大学").has_value());
}

TEST(Stage, CategoriesAndOwnershipParseInBothLanguages) {
    EXPECT_EQ(parseCategory("户籍"), PopCategory::Registered);
    EXPECT_EQ(parseCategory("Migrant"), PopCategory::Migrant);
    EXPECT_FALSE(parseCategory("other").has_value());
    EXPECT_EQ(parseOwnership("民办"), Ownership::Private);
    EXPECT_EQ(parseOwnership("public"), Ownership::Public);
    EXPECT_FALSE(parseOwnership("").has_value());
}

} // namespace
} // namespace xw::core
