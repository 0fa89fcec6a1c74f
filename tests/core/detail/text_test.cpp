// The text helpers every parser shares (xw/core/detail/text.hpp) and the YAML guards
// (xw/core/detail/yaml_guard.hpp). Distances are counted by hand.
#include <xw/core/detail/text.hpp>
#include <xw/core/detail/yaml_guard.hpp>

#include <gtest/gtest.h>

#include <string>

namespace xw::core::detail {
namespace {

TEST(Text, TrimAndLowerTouchOnlyAscii) {
    EXPECT_EQ(trimAscii(" \t学段\r\n"), "学段");
    EXPECT_EQ(trimAscii("\v\f"), "");
    EXPECT_EQ(lowerAscii("Primary 小学 ÄB"), "primary 小学 Äb");
}

TEST(Text, EditDistanceCountsCodePointsAndSwapsAsOne) {
    EXPECT_EQ(editDistance("tabels", "tables"), 1U); // one swap of neighbours
    EXPECT_EQ(editDistance("schoolz", "schools"), 1U);
    EXPECT_EQ(editDistance("学校标识", "学校标识码"), 1U); // one code point, three bytes
    EXPECT_EQ(editDistance("", "abc"), 3U);
    EXPECT_EQ(editDistance("kitten", "sitting"), 3U);
}

TEST(Text, NearestWordOnlyForLikelyTypos) {
    const std::vector<std::string> keys{"layers", "tables", "name", "norms"};
    EXPECT_EQ(nearestWord("tabels", keys), "tables");
    EXPECT_EQ(nearestWord("layer", keys), "layers");
    EXPECT_EQ(nearestWord("population", keys), "");
}

TEST(YamlGuard, OrdinaryDocumentsPass) {
    const std::string manifest = R"(name: x
city: {code: "441700", name: 阳江市}
layers:
  schools:
    source: "schools.csv"   # a comment with [ brackets {
    fields:
      id: 学校标识码
groupings:
  - {name: a, towns: ["1", "2"]}
note: |
                                                                            deep text is not nesting
  - - -
)";
    EXPECT_FALSE(checkYamlNesting(manifest).has_value());
}

TEST(YamlGuard, DeepFlowNestingIsFoundWithItsLine) {
    const std::string text = "a: 1\nb: " + std::string(100000, '[') + std::string(100000, ']');
    const auto p = checkYamlNesting(text);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->line, 2);
    EXPECT_NE(p->message.find("nested deeper than 64 levels"), std::string::npos);
}

TEST(YamlGuard, DeepBlockNestingIsFound) {
    std::string text;
    for (int i = 0; i < 70; ++i)
        text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
    EXPECT_TRUE(checkYamlNesting(text).has_value());
    EXPECT_FALSE(checkYamlNesting(text, 100).has_value());
    std::string compact = "x: 1\n";
    for (int i = 0; i < 70; ++i)
        compact += "- ";
    compact += "leaf\n";
    EXPECT_TRUE(checkYamlNesting(compact).has_value());
}

TEST(YamlGuard, BracketsInsideQuotesAreText) {
    const std::string text =
        "a: \"" + std::string(1000, '[') + "\"\nb: '" + std::string(1000, '{') + "'\n";
    EXPECT_FALSE(checkYamlNesting(text).has_value());
}

TEST(YamlGuard, BlockScalarsWithChompingOrIndentIndicatorsAreText) {
    // Each header opens a block scalar: the more indented lines under it are its text, not
    // five compact entries deep. The same lines under a plain key are nesting.
    for (const std::string header : {"|", "|-", ">+", ">2", "|2- # comment"}) {
        const std::string text = "a: " + header + "\n  - - - - - x\n  {[{[{\nb: 1\n";
        EXPECT_FALSE(checkYamlNesting(text, 3).has_value()) << header;
    }
    const auto p = checkYamlNesting("a:\n  - - - - - x\n", 3);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->line, 2);
}

TEST(YamlGuard, ADocumentMarkerClosesTheOpenNodes) {
    // Two documents 30 deep each, the second indented from column 30 on: only the marker
    // between them keeps the second from counting on top of the first.
    std::string first;
    std::string second;
    for (std::size_t i = 0; i < 30; ++i) {
        first += std::string(i, ' ') + "k:\n";
        second += std::string(30 + i, ' ') + "k:\n";
    }
    EXPECT_FALSE(checkYamlNesting(first + "---\n" + second, 40).has_value());
    const auto p = checkYamlNesting(first + second, 40);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->line, 41);
}

} // namespace
} // namespace xw::core::detail
