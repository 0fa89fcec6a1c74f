#pragma once
// The Leslie-type shift matrix of the projection's ageing step, for tests and documentation only
// (internal; core::project applies the same step vectorised). Needs Eigen on the include path.
#include <Eigen/Core>

#include <vector>

namespace xw::core::detail {

/// Ages 0..n−1: L(a+1, a) = survival[a]; with an open top age also L(n−1, n−1) = survival[n−1].
/// Births enter row 0 separately.
[[nodiscard]] inline Eigen::MatrixXd shiftMatrix(const std::vector<double>& survival,
                                                 bool openTop) {
    const auto n = static_cast<Eigen::Index>(survival.size());
    Eigen::MatrixXd l = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index a = 0; a + 1 < n; ++a)
        l(a + 1, a) = survival[static_cast<std::size_t>(a)];
    if (openTop && n > 0)
        l(n - 1, n - 1) = survival.back();
    return l;
}

} // namespace xw::core::detail
