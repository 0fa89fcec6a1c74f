// Class breaks (Fisher–Jenks, quantiles, round numbers) and class matching.
#include <xw/viewer/map/classify.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

namespace xw::viewer {
namespace {

/// Within-class squared deviation of a partition of sorted values given class bounds.
double totalSsd(const std::vector<double>& sorted, const std::vector<std::size_t>& starts) {
    double total = 0.0;
    for (std::size_t c = 0; c < starts.size(); ++c) {
        const std::size_t b = starts[c];
        const std::size_t e = c + 1 < starts.size() ? starts[c + 1] : sorted.size();
        double mean = 0.0;
        for (std::size_t i = b; i < e; ++i)
            mean += sorted[i];
        mean /= static_cast<double>(e - b);
        for (std::size_t i = b; i < e; ++i)
            total += (sorted[i] - mean) * (sorted[i] - mean);
    }
    return total;
}

/// Brute force over every split of n sorted values into k non-empty runs: the least SSD.
double bestSsd(const std::vector<double>& sorted, int k) {
    double best = std::numeric_limits<double>::max();
    std::vector<std::size_t> starts(static_cast<std::size_t>(k));
    std::function<void(std::size_t, std::size_t)> rec = [&](std::size_t c, std::size_t from) {
        if (c == starts.size()) {
            best = std::min(best, totalSsd(sorted, starts));
            return;
        }
        for (std::size_t i = from; i + (starts.size() - c) <= sorted.size(); ++i) {
            starts[c] = i;
            rec(c + 1, i + 1);
        }
    };
    starts[0] = 0;
    rec(1, 1);
    return best;
}

std::vector<std::size_t> startsOf(const std::vector<double>& sorted,
                                  const std::vector<double>& bounds) {
    std::vector<std::size_t> starts{0};
    for (std::size_t c = 1; c + 1 < bounds.size(); ++c)
        starts.push_back(static_cast<std::size_t>(
            std::lower_bound(sorted.begin(), sorted.end(), bounds[c]) - sorted.begin()));
    return starts;
}

TEST(Jenks, ThreeObviousGroupsSplitBetweenThem) {
    const auto b = jenksBounds({12, 1, 31, 2, 10, 3, 30, 11}, 3);
    EXPECT_EQ(b, (std::vector<double>{1, 10, 30, 31}));
}

TEST(Jenks, EqualsTheBruteForceOptimumOnRandomSets) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1000.0);
    for (int trial = 0; trial < 30; ++trial) {
        std::vector<double> v(11);
        for (auto& x : v)
            x = std::round(u(rng));
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        for (int k = 2; k <= 4; ++k) {
            const auto b = jenksBounds(v, k);
            ASSERT_EQ(b.size(), static_cast<std::size_t>(k) + 1);
            EXPECT_NEAR(totalSsd(v, startsOf(v, b)), bestSsd(v, k), 1e-6)
                << "trial " << trial << " k " << k;
        }
    }
}

TEST(Jenks, FewerDistinctValuesGiveFewerClasses) {
    EXPECT_EQ(jenksBounds({5, 5, 9, 9, 9}, 5), (std::vector<double>{5, 9, 9}));
    EXPECT_EQ(jenksBounds({4, 4, 4}, 3), (std::vector<double>{4, 4}));
    EXPECT_TRUE(jenksBounds({}, 3).empty());
}

TEST(Jenks, NonFiniteValuesAreIgnored) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(jenksBounds({1, nan, 2, 10, 11}, 2), (std::vector<double>{1, 10, 11}));
}

TEST(NiceBounds, RoundNumbersKeepEveryValueInItsClass) {
    std::mt19937 rng(3);
    std::lognormal_distribution<double> d(4.0, 1.0);
    std::vector<double> v(200);
    for (auto& x : v)
        x = std::round(d(rng));
    const auto raw = jenksBounds(v, 5);
    const auto nice = niceBounds(raw, v);
    ASSERT_EQ(nice.size(), raw.size());
    Classification exact, rounded;
    for (std::size_t c = 0; c + 1 < raw.size(); ++c) {
        exact.classes.push_back({"", {}, raw[c], raw[c + 1], {}});
        rounded.classes.push_back({"", {}, nice[c], nice[c + 1], {}});
    }
    for (double x : v)
        EXPECT_EQ(classOf(exact, x), classOf(rounded, x)) << x;
    EXPECT_LE(nice.front(), raw.front());
    EXPECT_GE(nice.back(), raw.back());
}

TEST(NiceBounds, RoundestNumberBetweenTwoValues) {
    EXPECT_DOUBLE_EQ(roundestBetween(117, 130), 120);
    EXPECT_DOUBLE_EQ(roundestBetween(99, 100), 100);
    EXPECT_DOUBLE_EQ(roundestBetween(0.23, 0.31), 0.3);
    EXPECT_DOUBLE_EQ(roundestBetween(141, 149), 145);
    EXPECT_DOUBLE_EQ(roundestBetween(1, 1000), 1000);
    EXPECT_DOUBLE_EQ(roundestBetween(5, 5), 5);
}

TEST(Quantiles, FiveClassesOfOneToTen) {
    EXPECT_EQ(quantileBounds({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5),
              (std::vector<double>{1, 3, 5, 7, 9, 10}));
}

TEST(Brewer, PublishedColoursForFiveClasses) {
    const auto y = brewerColours(Palette::YlOrRd, 5);
    ASSERT_EQ(y.size(), 5u);
    EXPECT_EQ(y.front(), rgbHex(0xffffb2));
    EXPECT_EQ(y.back(), rgbHex(0xbd0026));
    // RdBu is returned blue → red so that higher utilisation is redder.
    const auto rb = brewerColours(Palette::RdBu, 5);
    EXPECT_EQ(rb.front(), rgbHex(0x0571b0));
    EXPECT_EQ(rb.back(), rgbHex(0xca0020));
    EXPECT_THROW((void)brewerColours(Palette::Blues, 9), std::invalid_argument);
}

TEST(ClassOf, GraduatedClassesAreHalfOpenAndTheLastIsClosed) {
    Classification c;
    c.classes = graduatedClasses({0, 10, 20}, {rgbHex(1), rgbHex(2)},
                                 [](double v) { return formatNumber(v); });
    EXPECT_EQ(c.classes[0].label, "0–10");
    EXPECT_EQ(classOf(c, 0.0), 0u);
    EXPECT_EQ(classOf(c, 9.99), 0u);
    EXPECT_EQ(classOf(c, 10.0), 1u);
    EXPECT_EQ(classOf(c, 20.0), 1u);
    EXPECT_FALSE(classOf(c, 20.01));
    EXPECT_FALSE(classOf(c, -1.0));
    EXPECT_FALSE(classOf(c, std::numeric_limits<double>::quiet_NaN()));
    EXPECT_FALSE(classOf(c, static_cast<const AttributeValue*>(nullptr)));
}

TEST(ClassOf, CategoriesMatchTextOrPrintedNumbers) {
    Classification c;
    c.kind = ClassKind::Categorical;
    c.classes = {{"绿", {}, 0, 0, "green"}, {"2 级", {}, 0, 0, "2"}};
    const AttributeValue green = std::string("green");
    const AttributeValue two = 2.0;
    const AttributeValue other = std::string("red");
    EXPECT_EQ(classOf(c, &green), 0u);
    EXPECT_EQ(classOf(c, &two), 1u);
    EXPECT_FALSE(classOf(c, &other));
}

TEST(FormatNumber, ThousandsSeparatorsAndDecimals) {
    EXPECT_EQ(formatNumber(12345.6), "12,346");
    EXPECT_EQ(formatNumber(999), "999");
    EXPECT_EQ(formatNumber(1234567.891, 2), "1,234,567.89");
    EXPECT_EQ(formatNumber(-4200), "-4,200");
    EXPECT_EQ(formatNumber(-0.2), "0");
}

} // namespace
} // namespace xw::viewer
