#pragma once
// Internal: short constructors for table schemas and cells.
#include <xw/core/common/table.hpp>
#include <xw/core/model/norms.hpp>
#include <xw/core/model/region.hpp>
#include <xw/core/model/stage.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace xw::study::detail {

inline core::Column text(std::string key, std::string zh, std::string en) {
    return {std::move(key), std::move(zh), std::move(en), core::ColumnType::Text, "", -1};
}
/// "≥ large_class_min (56 by default)" and "≥ huge_class_min (66 by default)" for column
/// descriptions, the defaults read from core::Norms::defaults() (a norms file may change them).
inline std::string largeClassMinText() {
    return "≥ large_class_min (" + std::to_string(core::Norms::defaults().largeClassMin) +
           " by default)";
}
inline std::string hugeClassMinText() {
    return "≥ huge_class_min (" + std::to_string(core::Norms::defaults().hugeClassMin) +
           " by default)";
}

inline core::Column integer(std::string key, std::string zh, std::string en,
                            std::string unit = "") {
    return {std::move(key),  std::move(zh),
            std::move(en),   core::ColumnType::Integer,
            std::move(unit), 0};
}
inline core::Column real(std::string key, std::string zh, std::string en, std::string unit,
                         int decimals) {
    return {std::move(key),         std::move(zh),   std::move(en),
            core::ColumnType::Real, std::move(unit), decimals};
}

inline core::Cell cell(const std::string& s) {
    return s;
}
inline core::Cell cell(const char* s) {
    return std::string(s);
}
inline core::Cell cell(std::string_view s) {
    return std::string(s);
}
inline core::Cell cell(std::int64_t v) {
    return v;
}
inline core::Cell cell(int v) {
    return static_cast<std::int64_t>(v);
}
inline core::Cell cell(double v) {
    return v;
}
inline core::Cell cell(const std::optional<double>& v) {
    return v ? core::Cell(*v) : core::Cell();
}
inline core::Cell cell(const std::optional<int>& v) {
    return v ? core::Cell(static_cast<std::int64_t>(*v)) : core::Cell();
}
/// A real that may be undefined (NaN, e.g. accessibility with no school in reach): null then.
inline core::Cell definedOrNull(double v) {
    return std::isfinite(v) ? core::Cell(v) : core::Cell();
}
inline core::Cell stageCell(core::Stage s) {
    return std::string(core::stageCode(s));
}
inline core::Cell yesNo(bool v) {
    return std::string(v ? "yes" : "no");
}

/// Point → little-endian ISO WKB.
inline core::Wkb pointWkb(core::PointM p) {
    core::Wkb w(21);
    w[0] = 1; // little-endian
    const std::uint32_t type = 1;
    std::memcpy(&w[1], &type, 4);
    std::memcpy(&w[5], &p.x, 8);
    std::memcpy(&w[13], &p.y, 8);
    return w;
}

/// The table `t` with `year` (and `extra` text columns) in front of every row, appended to `into`
/// (whose schema the first call sets).
void appendWithYear(core::Table& into, int year, const core::Table& t,
                    const std::vector<std::pair<core::Column, core::Cell>>& extra = {});

/// District code of a town code, or "" when unknown.
std::string districtOfTown(const core::RegionIndex& index, const core::Regions& regions,
                           const std::string& townCode);

} // namespace xw::study::detail
