#include <xw/core/siting/siting_problem.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace xw::core {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::invalid_argument("选址问题输入无效 / invalid siting problem: " + what);
}

void checkMeters(double v, const std::string& where) {
    if (std::isnan(v) || v < 0.0)
        fail(where + " 距离为负或非数 / distance is negative or NaN");
}

void checkFinite(double v, const std::string& where, const char* field) {
    if (!std::isfinite(v) || v < 0.0)
        fail(where + " 字段 field " + field + ": 须为有限非负数 / must be finite and ≥ 0");
}

} // namespace

SitingDistanceMatrix SitingDistanceMatrix::dense(std::size_t points, std::size_t facilities,
                                                 std::vector<double> metersRowMajor) {
    if (metersRowMajor.size() != points * facilities)
        fail("距离矩阵大小 / distance matrix size " + std::to_string(metersRowMajor.size()) +
             " ≠ " + std::to_string(points) + " × " + std::to_string(facilities));
    if (points >= std::numeric_limits<std::uint32_t>::max() ||
        facilities >= std::numeric_limits<std::uint32_t>::max())
        fail("矩阵过大 / matrix too large");
    for (std::size_t t = 0; t < metersRowMajor.size(); ++t)
        checkMeters(metersRowMajor[t],
                    "点 point " + std::to_string(t / std::max<std::size_t>(facilities, 1)));
    SitingDistanceMatrix m;
    m.m_points = points;
    m.m_facilities = facilities;
    m.m_dense = true;
    m.m_values = std::move(metersRowMajor);
    return m;
}

SitingDistanceMatrix SitingDistanceMatrix::sparse(std::size_t points, std::size_t facilities,
                                                  std::vector<Entry> entries) {
    if (points >= std::numeric_limits<std::uint32_t>::max() ||
        facilities >= std::numeric_limits<std::uint32_t>::max())
        fail("矩阵过大 / matrix too large");
    for (std::size_t t = 0; t < entries.size(); ++t) {
        const Entry& e = entries[t];
        if (e.point >= points || e.facility >= facilities)
            fail("距离矩阵第 " + std::to_string(t + 1) + " 项越界 / entry " +
                 std::to_string(t + 1) + " out of range");
        checkMeters(e.meters,
                    "距离矩阵第 " + std::to_string(t + 1) + " 项 / entry " + std::to_string(t + 1));
    }
    // Stable sort keeps the listed order among duplicates, so the last listed is the last kept.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.point != b.point ? a.point < b.point : a.facility < b.facility;
    });
    SitingDistanceMatrix m;
    m.m_points = points;
    m.m_facilities = facilities;
    m.m_dense = false;
    m.m_rowStart.assign(points + 1, 0);
    for (std::size_t t = 0; t < entries.size(); ++t) {
        const bool lastOfPair = t + 1 == entries.size() ||
                                entries[t + 1].point != entries[t].point ||
                                entries[t + 1].facility != entries[t].facility;
        if (!lastOfPair)
            continue;
        m.m_values.push_back(entries[t].meters);
        m.m_column.push_back(entries[t].facility);
        ++m.m_rowStart[entries[t].point + 1];
    }
    for (std::size_t i = 0; i < points; ++i)
        m.m_rowStart[i + 1] += m.m_rowStart[i];
    return m;
}

double SitingDistanceMatrix::meters(std::size_t point, std::size_t facility) const {
    if (m_dense)
        return m_values[point * m_facilities + facility];
    const auto begin = m_column.begin() + static_cast<std::ptrdiff_t>(m_rowStart[point]);
    const auto end = m_column.begin() + static_cast<std::ptrdiff_t>(m_rowStart[point + 1]);
    const auto it = std::lower_bound(begin, end, static_cast<std::uint32_t>(facility));
    if (it == end || *it != facility)
        return std::numeric_limits<double>::infinity();
    return m_values[static_cast<std::size_t>(it - m_column.begin())];
}

void validateSitingProblem(const SitingProblem& problem) {
    const std::size_t n = problem.demand.size();
    const std::size_t e = problem.existing.size();
    const std::size_t c = problem.candidates.size();
    if (n >= std::numeric_limits<std::uint32_t>::max() / 2 ||
        e + c >= std::numeric_limits<std::uint32_t>::max() / 2)
        fail("需求点或设施过多 / too many demand points or facilities");
    for (std::size_t i = 0; i < n; ++i) {
        const SitingDemandPoint& d = problem.demand[i];
        const std::string where = "需求点 demand point " + std::to_string(i);
        if (d.children < 0)
            fail(where + " 字段 field children: 儿童数为负 / negative number of children");
        checkFinite(d.serviceRadiusMeters, where, "serviceRadiusMeters");
        if (d.objectiveWeight && *d.objectiveWeight < 0)
            fail(where + " 字段 field objectiveWeight: 权重为负 / negative weight");
        if (!problem.matrix && (!std::isfinite(d.location.x) || !std::isfinite(d.location.y)))
            fail(where + " 字段 field location: 坐标非有限 / coordinates not finite");
    }
    for (std::size_t j = 0; j < e; ++j) {
        const ExistingFacility& f = problem.existing[j];
        const std::string where = "现有学校 existing facility " + std::to_string(j);
        if (f.seats < 0)
            fail(where + " 字段 field seats: 学位数为负 / negative seats");
        if (!problem.matrix && (!std::isfinite(f.location.x) || !std::isfinite(f.location.y)))
            fail(where + " 字段 field location: 坐标非有限 / coordinates not finite");
    }
    for (std::size_t j = 0; j < c; ++j) {
        const CandidateSite& s = problem.candidates[j];
        const std::string where = "候选地块 candidate site " + std::to_string(j);
        if (s.seats < 0)
            fail(where + " 字段 field seats: 学位数为负 / negative seats");
        if (s.seatsPerClass < 0)
            fail(where + " 字段 field seatsPerClass: 班额为负 / negative class size");
        checkFinite(s.fixedCostYuan, where, "fixedCostYuan");
        checkFinite(s.costPerSeatYuan, where, "costPerSeatYuan");
        if (!std::isfinite(siteCostYuan(s)))
            fail(where + " 造价溢出 / cost overflows");
        if (!problem.matrix && (!std::isfinite(s.location.x) || !std::isfinite(s.location.y)))
            fail(where + " 字段 field location: 坐标非有限 / coordinates not finite");
    }
    for (std::size_t k = 0; k < problem.expansions.size(); ++k) {
        const FacilityExpansion& x = problem.expansions[k];
        const std::string where = "扩建方案 expansion " + std::to_string(k);
        if (x.facility >= e)
            fail(where + " 字段 field facility: 无此现有学校 / no such existing facility " +
                 std::to_string(x.facility));
        if (x.extraSeats <= 0)
            fail(where + " 字段 field extraSeats: 须为正 / must be positive");
        if (x.seatsPerClass < 0)
            fail(where + " 字段 field seatsPerClass: 班额为负 / negative class size");
        checkFinite(x.fixedCostYuan, where, "fixedCostYuan");
        checkFinite(x.costPerSeatYuan, where, "costPerSeatYuan");
        if (!std::isfinite(expansionCostYuan(x)))
            fail(where + " 造价溢出 / cost overflows");
    }
    if (problem.matrix) {
        if (problem.matrix->points() != n || problem.matrix->facilities() != e + c)
            fail("距离矩阵为 " + std::to_string(problem.matrix->points()) + " × " +
                 std::to_string(problem.matrix->facilities()) +
                 "，应为 / distance matrix must be " + std::to_string(n) + " × " +
                 std::to_string(e + c));
    }
}

double siteCostYuan(const CandidateSite& site) {
    return site.fixedCostYuan + site.costPerSeatYuan * static_cast<double>(site.seats);
}

double expansionCostYuan(const FacilityExpansion& expansion) {
    return expansion.fixedCostYuan +
           expansion.costPerSeatYuan * static_cast<double>(expansion.extraSeats);
}

} // namespace xw::core
