#pragma once
// Class breaks and colour schemes for choropleths and graduated symbols. No Qt.
//
// Breaks. jenksBounds is Fisher's exact optimal partition of sorted values into k classes with the
// least total within-class squared deviation (W. D. Fisher, "On grouping for maximum
// homogeneity", JASA 53, 1958; G. F. Jenks, "Optimal data classification for choropleth maps",
// 1977: "natural breaks"), by dynamic programming in O(k·n²). Above 4,000 values it runs on 4,000
// evenly spaced order statistics of the sorted values. niceBounds then moves every inner break to
// the roundest number between the two classes it separates (so no value changes class) and the
// outer bounds to round numbers outside the data, so that legends read 0–50, 50–120, ...
//
// Colours. ColorBrewer 2.0 schemes (Cynthia Brewer, Mark Harrower and The Pennsylvania State
// University, colorbrewer2.org, Apache-2.0 licence), the per-class-count variants; every scheme
// offered here is marked colour-blind safe there.
#include <xw/viewer/map/map_description.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace xw::viewer {

enum class Palette {
    YlOrRd, ///< sequential yellow–orange–red (shortfall, overcrowding), 3–7 classes
    Blues,  ///< sequential blues (demand, density), 3–7 classes
    YlGnBu, ///< sequential yellow–green–blue (accessibility), 3–7 classes
    RdBu,   ///< diverging red–blue (utilisation around 100 %), 3–7 classes; red = high
    PuOr,   ///< diverging purple–orange, 3–7 classes
};

/// The scheme's colours for n classes, light to dark (sequential) or first end to second end
/// (diverging: RdBu from blue to red, so higher values are redder).
/// \throws std::invalid_argument when n is outside 3–7.
[[nodiscard]] std::vector<Rgba> brewerColours(Palette palette, int n);

/// Class bounds b0 < b1 < … < bk for k classes [b_i, b_{i+1}) (the last also holding b_k) by
/// Fisher–Jenks natural breaks. Fewer classes are returned when there are fewer distinct values;
/// non-finite values are ignored. Empty input gives an empty vector; one distinct value v gives
/// {v, v}.
[[nodiscard]] std::vector<double> jenksBounds(std::vector<double> values, int k);

/// Bounds at the 1/k, 2/k, … quantiles (type 1: an observed value), duplicates removed.
[[nodiscard]] std::vector<double> quantileBounds(std::vector<double> values, int k);

/// The bounds with every inner break moved to the roundest number in (largest value of the class
/// below, smallest value of the class above] and the outer bounds rounded outwards to two
/// significant digits. `values` are the classified values (to know each class's extremes).
[[nodiscard]] std::vector<double> niceBounds(const std::vector<double>& bounds,
                                             std::vector<double> values);

/// The roundest number x with low < x ≤ high (fewest significant digits, then a multiple of 5,
/// then of 2); `high` itself when none is rounder.
[[nodiscard]] double roundestBetween(double low, double high);

/// Graduated classes from bounds and colours (as many colours as classes), each labelled by
/// `format(lower) + "–" + format(upper)` followed by `unit` when not empty.
[[nodiscard]] std::vector<MapClass>
graduatedClasses(const std::vector<double>& bounds, const std::vector<Rgba>& colours,
                 const std::function<std::string(double)>& format, const std::string& unit = {});

/// The index of the class a value falls in, or nullopt (missing attribute, no class matches).
/// Graduated: lower ≤ v < upper, the last class closed above. Categorical: the text equals the
/// category, or a number printed with %g does.
[[nodiscard]] std::optional<std::size_t> classOf(const Classification& classification,
                                                 const AttributeValue* value);
[[nodiscard]] std::optional<std::size_t> classOf(const Classification& classification,
                                                 double value);

/// A number with thousands separators and `decimals` decimals: 12,345 or 0.95.
[[nodiscard]] std::string formatNumber(double value, int decimals = 0);

} // namespace xw::viewer
