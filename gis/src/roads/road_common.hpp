#pragma once
// Internal to the road networks: what the builder, the segment index and the distances share.
// Not installed.
#include <xw/core/model/region.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

namespace xw::gis::detail {

/// No vertex, segment, chain or junction.
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// Straight-line distance, metres.
[[nodiscard]] inline double dist(const core::PointM& a, const core::PointM& b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

} // namespace xw::gis::detail
