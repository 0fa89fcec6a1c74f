#include "detail/map_classes.hpp"

#include <xw/core/model/stage.hpp>
#include <xw/core/projection/monte_carlo.hpp>
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/model/map_builder.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace xw::viewer::detail {

using core::Stage;

std::vector<Rgba> coloursFor(Palette palette, int k) {
    if (k >= 3)
        return brewerColours(palette, k);
    const auto five = brewerColours(palette, 5);
    return k == 1 ? std::vector<Rgba>{five[3]} : std::vector<Rgba>{five[1], five[3]};
}

namespace {

/// Graduated classes of fixed bounds [lo, hi), five of the palette's colours, one label each.
Classification fixedClasses(const std::string& attribute, const std::string& title,
                            std::string method, Palette palette,
                            const std::vector<std::pair<double, double>>& bounds,
                            const std::vector<std::string>& labels, std::string noDataLabel) {
    Classification c;
    c.attribute = attribute;
    c.kind = ClassKind::Graduated;
    c.title = title;
    c.method = std::move(method);
    const auto colours = brewerColours(palette, 5);
    for (std::size_t i = 0; i < bounds.size(); ++i)
        c.classes.push_back({labels[i], colours[i], bounds[i].first, bounds[i].second, {}});
    c.noDataLabel = std::move(noDataLabel);
    return c;
}

} // namespace

/// Utilisation classes, fixed so that maps of different stages and years compare: the middle
/// class 95–105 % matches the 学位预警 utilisation thresholds (core WarningThresholds).
Classification utilisationClasses(const std::string& attribute, const std::string& title) {
    return fixedClasses(
        attribute, title, "固定分级 Fixed classes; 95–105% = 学位预警阈值 warning thresholds",
        Palette::RdBu, {{0.0, 0.8}, {0.8, 0.95}, {0.95, 1.05}, {1.05, 1.2}, {1.2, 1e9}},
        {"< 80%", "80–95%", "95–105%", "105–120%", "≥ 120%"}, "无学位 No seats");
}

/// 2SFCA accessibility (seats per child within reach), fixed classes around one seat per child;
/// YlGnBu, so that better-served areas are darker.
Classification accessibilityClasses(const std::string& attribute, const std::string& title) {
    std::vector<std::string> labels = {"< 0.5", "0.5–0.9", "0.9–1.1", "1.1–1.5", "≥ 1.5"};
    for (std::string& l : labels)
        l += " 学位/儿童 seats/child";
    return fixedClasses(
        attribute, title,
        "固定分级，1 = 每名儿童一个学位 Fixed classes; 1 = one seat per child (2SFCA)",
        Palette::YlGnBu, {{0.0, 0.5}, {0.5, 0.9}, {0.9, 1.1}, {1.1, 1.5}, {1.5, 1e9}}, labels,
        "无儿童 No children");
}

/// Shortfall classes: "no shortfall" below one seat, then Jenks natural breaks of the positive
/// whole-seat shortfalls (at most five classes, YlOrRd), rounded to round numbers between
/// classes. Labels give whole seats: 1–119, 120–479, …
Classification shortfallClasses(const std::vector<double>& shortfalls, const std::string& title) {
    Classification c;
    c.attribute = "shortfall";
    c.kind = ClassKind::Graduated;
    c.title = title;
    c.classes.push_back({"无缺口 No shortfall", rgbHex(0xf7f7f7), 0.0, 1.0, {}});
    std::vector<double> positive;
    for (double v : shortfalls)
        if (v >= 1.0)
            positive.push_back(v);
    c.method = "Jenks 自然断点（取整） Natural breaks, rounded";
    if (positive.empty())
        return c;
    std::vector<double> bounds = niceBounds(jenksBounds(positive, 5), positive);
    bounds.front() = 1.0;
    const int k = static_cast<int>(bounds.size()) - 1;
    const std::vector<Rgba> colours = coloursFor(Palette::YlOrRd, k);
    for (int i = 0; i < k; ++i) {
        const double lo = bounds[static_cast<std::size_t>(i)];
        const double hi = bounds[static_cast<std::size_t>(i) + 1];
        const bool last = i + 1 == k;
        const double shownHi = last ? hi : std::ceil(hi) - 1.0;
        std::string label = formatNumber(std::ceil(lo));
        if (shownHi > std::ceil(lo))
            label += "–" + formatNumber(shownHi);
        c.classes.push_back(
            {label + " 个学位 seats", colours[static_cast<std::size_t>(i)], lo, hi, {}});
    }
    return c;
}

/// Diverging classes of a difference in whole seats short: "no change" for 0, then Jenks breaks
/// of |d| mirrored on both sides (RdBu: blue = fewer short in the second scenario, red = more).
Classification differenceClasses(const std::vector<double>& diffs, const std::string& title) {
    Classification c;
    c.attribute = "difference";
    c.kind = ClassKind::Graduated;
    c.title = title;
    c.method = "以 0 为中心，|差| 的 Jenks 自然断点（取整） Centred on 0; natural breaks of "
               "|difference|, rounded";
    std::vector<double> magnitudes;
    for (double v : diffs)
        if (std::abs(v) >= 1.0)
            magnitudes.push_back(std::abs(v));
    // Whole-seat ranges per side: [lo_i, hi_i], from the centre out.
    std::vector<std::pair<double, double>> ranges;
    if (!magnitudes.empty()) {
        std::vector<double> b = niceBounds(jenksBounds(magnitudes, 3), magnitudes);
        b.front() = 1.0;
        for (std::size_t i = 0; i + 1 < b.size(); ++i) {
            const bool last = i + 2 == b.size();
            ranges.emplace_back(std::ceil(b[i]),
                                last ? std::floor(b[i + 1]) : std::ceil(b[i + 1]) - 1.0);
        }
    }
    const int k = static_cast<int>(ranges.size());        // classes per side, 0–3
    const auto colours = brewerColours(Palette::RdBu, 7); // dark blue … white … dark red
    const auto colour = [&](int i, bool more) {
        const int step = 3 - k + i + 1; // the outermost class gets the darkest colour
        return colours[static_cast<std::size_t>(more ? 3 + step : 3 - step)];
    };
    const auto span = [](double lo, double hi, const char* sign) {
        std::string t = sign + formatNumber(lo);
        if (hi > lo)
            t += " … " + std::string(sign) + formatNumber(hi);
        return t;
    };
    for (int i = k - 1; i >= 0; --i) {
        const auto [lo, hi] = ranges[static_cast<std::size_t>(i)];
        c.classes.push_back(
            {span(lo, hi, "−") + " 少缺 fewer short", colour(i, false), -hi - 0.5, -lo + 0.5, {}});
    }
    c.classes.push_back({"0 无变化 No change", rgbHex(0xf7f7f7), -0.5, 0.5, {}});
    for (int i = 0; i < k; ++i) {
        const auto [lo, hi] = ranges[static_cast<std::size_t>(i)];
        c.classes.push_back(
            {span(lo, hi, "+") + " 多缺 more short", colour(i, true), lo - 0.5, hi + 0.5, {}});
    }
    return c;
}

Classification warningClasses() {
    Classification c;
    c.attribute = "warning";
    c.kind = ClassKind::Categorical;
    c.title = "学位预警 Seat warning";
    c.method = "蒙特卡洛：需求超过学位的概率与使用率 Monte Carlo: probability that demand exceeds "
               "seats, and utilisation";
    using core::WarningLevel;
    const auto level = [](WarningLevel l, std::uint32_t rgb) {
        return MapClass{std::string(core::warningLevelLabel(l)), rgbHex(rgb), 0, 0,
                        std::string(core::warningLevelCode(l))};
    };
    c.classes = {level(WarningLevel::Red, 0xd73027), level(WarningLevel::Yellow, 0xfee08b),
                 level(WarningLevel::Green, 0x91cf60)};
    c.noDataLabel = "无学位无需求 No seats, no demand";
    return c;
}

SymbolStyle schoolSymbols(double maxSeats, int largeClassMin) {
    SymbolStyle s;
    s.shapeAttribute = "stage";
    const std::array<SymbolShape, core::kStageCount> shapes = {
        SymbolShape::Circle,  SymbolShape::Square,  SymbolShape::Triangle,
        SymbolShape::Diamond, SymbolShape::Hexagon, SymbolShape::Star};
    for (Stage st : core::kAllStages)
        s.shapes.push_back({std::string(core::stageCode(st)),
                            shapes[static_cast<std::size_t>(core::stageIndex(st))],
                            stageLabel(st)});
    s.sizeAttribute = "seats";
    // The largest size at a round number just above the largest school.
    double top = 100.0;
    while (top < maxSeats)
        top *= top < 1000 ? 2.0 : 1.5;
    top = roundestBetween(top * 0.8, top);
    s.sizeValueAtMax = top;
    s.sizeMinPt = 3.5;
    s.sizeMaxPt = 15.0;
    s.sizeLegendValues = {roundestBetween(top * 0.15, top * 0.3),
                          roundestBetween(top * 0.4, top * 0.6), top};
    s.sizeLegendUnit = "学位 seats";
    s.markAttribute = "large_classes";
    s.markLabel = "有大班额（≥" + std::to_string(largeClassMin) + "人）Has classes of " +
                  std::to_string(largeClassMin) + "+";
    s.markColour = rgbHex(0x000000);
    return s;
}

} // namespace xw::viewer::detail
