#pragma once
// Internal to the viewer model: the classifications and symbols of the maps (fixed classes where
// maps of different stages and years must compare, Jenks breaks where they need not). Not
// installed.
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/map/map_description.hpp>

#include <string>
#include <vector>

namespace xw::viewer::detail {

/// `k` colours of the ColorBrewer palette; for k < 3 the middle ones of its five.
[[nodiscard]] std::vector<Rgba> coloursFor(Palette palette, int k);

/// Utilisation classes, fixed so that maps of different stages and years compare: the middle
/// class 95–105 % matches the 学位预警 utilisation thresholds (core WarningThresholds).
[[nodiscard]] Classification utilisationClasses(const std::string& attribute,
                                                const std::string& title);

/// 2SFCA accessibility (seats per child within reach), fixed classes around one seat per child.
[[nodiscard]] Classification accessibilityClasses(const std::string& attribute,
                                                  const std::string& title);

/// "No shortfall" below one seat, then Jenks breaks of the positive whole-seat shortfalls.
[[nodiscard]] Classification shortfallClasses(const std::vector<double>& shortfalls,
                                              const std::string& title);

/// Diverging classes of a difference in whole seats short, centred on "no change".
[[nodiscard]] Classification differenceClasses(const std::vector<double>& diffs,
                                               const std::string& title);

/// The 学位预警 levels red, yellow, green.
[[nodiscard]] Classification warningClasses();

/// School symbols: a shape per stage, area proportional to seats up to a round number just
/// above `maxSeats`, a ring for schools with large classes.
[[nodiscard]] SymbolStyle schoolSymbols(double maxSeats, int largeClassMin);

} // namespace xw::viewer::detail
