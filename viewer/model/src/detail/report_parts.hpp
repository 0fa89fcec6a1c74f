#pragma once
// Private to the report builder: what its pages share (the context and the cell formats) and
// the pages that look ahead — the 学位预警 and the comparison of scenarios (report_outlook.cpp).
#include "detail/model_text.hpp"

#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/model/map_builder.hpp>
#include <xw/viewer/model/report_builder.hpp>

#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

namespace xw::viewer::detail {

/// A whole number with thousands separators.
inline std::string whole(double v) {
    return formatNumber(std::round(v));
}

/// Counts (seats, pupils, classes) are exact in a double far beyond any city's figures.
template <class I>
requires std::is_integral_v<I> std::string whole(I v) {
    return formatNumber(static_cast<double>(v));
}

inline std::string signedWhole(double v) {
    const double r = std::round(v);
    if (r == 0.0)
        return "0";
    return (r > 0 ? "+" : "−") + formatNumber(std::abs(r));
}

inline std::string townName(const core::CityData& c, const std::string& code) {
    const auto i = c.regions.townIndex(code);
    return i ? c.regions.towns[*i].name : code;
}

/// A map page: the map's title and subtitle become the page heading and caption, its notes go
/// to the page footer.
MapPage mapPage(MapDescription map);

/// The map request of a report page: the stage, its five most overcrowded schools labelled,
/// smaller symbols, no roads.
MapRequest reportRequest(core::Stage stage);

/// What every part of the report reads: the first scenario's results and the choices made once.
struct ReportContext {
    const std::vector<ReportScenario>& scenarios;
    const ReportOptions& options;
    const study::StudyResults& r; ///< the first scenario's
    const core::CityData& city;
    const MapGeometry& geometry;
    bool projected = false;
    int lastYear = 0;
    std::vector<core::Stage> stages;
};

/// The 学位预警 maps and the table of red and yellow units (nothing without warnings).
/// \throws std::invalid_argument when a warning year of the options is not projected.
void addWarnings(const ReportContext& ctx, ReportDocument& doc);

/// The comparison of scenarios: table, difference maps and seats by scenario (nothing with one).
/// \throws std::invalid_argument when the scenarios differ in dataset or years.
void addComparison(const ReportContext& ctx, ReportDocument& doc);

} // namespace xw::viewer::detail
