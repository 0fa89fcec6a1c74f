#include <xw/gis/diagnostic.hpp>

#include <gtest/gtest.h>

namespace xw::gis {
namespace {

TEST(Diagnostic, ToStringNamesFileLayerFeatureFieldAndReason) {
    const Diagnostic d{Severity::Error, "schools.csv", "schools",
                       "S0123",         "经度",        "不是数字 / not a number: \"abc\""};
    EXPECT_EQ(toString(d), "错误 error: schools.csv [schools] 要素 feature S0123, 字段 field 经度: "
                           "不是数字 / not a number: \"abc\"");
}

TEST(Diagnostic, ToStringOfAWarningWithoutFieldOmitsTheFieldPart) {
    const Diagnostic d{Severity::Warning,
                       "towns.geojson",
                       "towns",
                       "441704100",
                       "",
                       "几何无效，已修复 / invalid geometry repaired"};
    EXPECT_EQ(toString(d), "警告 warning: towns.geojson [towns] 要素 feature 441704100: "
                           "几何无效，已修复 / invalid geometry repaired");
}

} // namespace
} // namespace xw::gis
