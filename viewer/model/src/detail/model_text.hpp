#pragma once
// Number formats shared by the model's maps, panels and report pages (private).
#include <cstdio>
#include <optional>
#include <string>

namespace xw::viewer::detail {

/// 0.953 → "95.3%".
inline std::string percent(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f%%", decimals, v * 100.0);
    return buf;
}

/// A share or "—" when undefined.
inline std::string percent(const std::optional<double>& v, int decimals = 1) {
    return v ? percent(*v, decimals) : std::string("—");
}

} // namespace xw::viewer::detail
