#pragma once
// The county balance coefficient (差异系数) of compulsory education, as defined in
// docs/domain.md §6 (教育部 basic balance 2012, quality balance 2017).
#include <xw/core/model/city.hpp>
#include <xw/core/projection/projection.hpp>

#include <optional>
#include <string>
#include <vector>

namespace xw::core {

/// One school's per-student value of an indicator and its weight (enrolment of the stage).
struct WeightedValue {
    double value = 0.0;  ///< X_i, per student
    double weight = 0.0; ///< P_i, students
};

/// CV = S / X̄ with X̄ = Σ X_i P_i / P and S = sqrt(Σ (P_i / P)(X_i − X̄)²).
/// Returns nullopt when there is no weight or X̄ is 0 (the coefficient is undefined).
[[nodiscard]] std::optional<double> differenceCoefficient(const std::vector<WeightedValue>& xs);

/// The per-student resource indicators we can compute from school records.
enum class BalanceIndicator {
    TeachersPer100,         ///< full-time teachers per 100 students (生师比 reciprocal)
    BachelorTeachersPer100, ///< teachers with 本科+ per 100 students
    LandPerStudent,         ///< site area m² per student
    FloorPerStudent,        ///< floor area m² per student
};
inline constexpr int kBalanceIndicatorCount = 4;

struct BalanceResult {
    std::string districtCode;
    Stage stage = Stage::Primary; ///< Primary or Junior
    int schools = 0;              ///< schools counted
    /// CV per indicator (index = BalanceIndicator); nullopt when undefined.
    std::array<std::optional<double>, kBalanceIndicatorCount> cv{};
    std::optional<double> meanCv; ///< mean of the defined CVs (basic balance's summary figure)
    double threshold = 0.0;       ///< the standard's limit for this stage
    bool pass = false;            ///< Basic: meanCv ≤ threshold; Quality: every CV ≤ threshold
};

/// Balance coefficients per district for primary and junior. A school serving both stages has its
/// teachers, land and floor area split between them in proportion to students weighted
/// 1 : `primaryToJunior`.
[[nodiscard]] std::vector<BalanceResult> balanceCoefficients(const CityData& city,
                                                             const BalanceOptions& options);
/// The same with the city's own options (city.norms.balance).
[[nodiscard]] std::vector<BalanceResult> balanceCoefficients(const CityData& city);

/// The coefficients of a projected year: balanceCoefficients on projectedCity(city, projection,
/// year). Teachers, land and floor area stay as on record while each school's students follow
/// its town's projected enrolment, so the per-student values (and their spread) change where
/// towns grow or shrink at different rates. For the base year the result equals
/// balanceCoefficients(city). \throws std::invalid_argument as projectedCity.
[[nodiscard]] std::vector<BalanceResult>
balanceCoefficientsForYear(const CityData& city, const ProjectionResult& projection, int year,
                           const BalanceOptions& options);
/// The same with city.norms.balance.
[[nodiscard]] std::vector<BalanceResult>
balanceCoefficientsForYear(const CityData& city, const ProjectionResult& projection, int year);

} // namespace xw::core
