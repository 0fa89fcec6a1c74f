#pragma once
// The 2017 plan's indicators (docs/domain.md §6) per district and for the city, from the
// base-year school records and population, with pass/fail against their targets; and the same for
// a projected year (computeIndicatorsForYear).
#include <xw/core/model/city.hpp>
#include <xw/core/projection/projection.hpp>

#include <optional>
#include <string>
#include <vector>

namespace xw::core {

enum class Comparison { AtLeast, AtMost, Between };

struct Indicator {
    std::string key;    ///< stable machine name, e.g. kindergarten_gross_enrolment
    std::string nameZh; ///< e.g. 学前三年毛入园率
    std::string nameEn;
    double numerator = 0.0;
    double denominator = 0.0;
    std::optional<double> value; ///< numerator ÷ denominator; nullopt when the denominator is 0
    Comparison comparison = Comparison::AtLeast;
    double target = 0.0;      ///< the bound (lower bound for Between)
    double targetHigh = 0.0;  ///< upper bound for Between
    std::optional<bool> pass; ///< nullopt when the value is undefined
};

struct AreaIndicators {
    std::string level; ///< "city" or "district"
    std::string code;
    std::string name;
    std::vector<Indicator> items;
};

/// The indicators for every district and the city (city last), against `targets`.
[[nodiscard]] std::vector<AreaIndicators> computeIndicators(const CityData& city,
                                                            const IndicatorTargets& targets);
/// The same against the city's own targets (city.norms.indicatorTargets).
[[nodiscard]] std::vector<AreaIndicators> computeIndicators(const CityData& city);

/// The indicators of one year, and where the year stands against the 2017 plan's date.
struct YearIndicators {
    int year = 0;
    int deadlineYear = 0; ///< IndicatorTargets::deadlineYear
    /// year ≥ deadlineYear: the target was due ("by end of" the deadline year), so a fail is a
    /// target missed; before it, a fail is a target still to be met.
    bool due = false;
    std::vector<AreaIndicators> areas; ///< as computeIndicators
};

/// The indicators of a projected year: computeIndicators on projectedCity(city, projection,
/// year), i.e. the same arithmetic on the year's residents and projected students. What moves
/// with the year: gross enrolment (学前三年毛入园率, 高中阶段毛入学率), the enrolment shares
/// (公办+普惠, 省规范化, 优质高中, 省级重点中职, 普职比, 随迁子女公办), 大班额/超大班额 (projected
/// students spread evenly over the existing classes) and 三类残疾儿童入学率. What stays as on
/// record: 标准化学校 shares (schools, not pupils) and teacher qualifications (teachers are fixed;
/// a mixed school's teachers are still split over its stages by pupils, so the stage ratios move
/// only through that split). For the base year the result equals computeIndicators(city).
/// \throws std::invalid_argument as projectedCity.
[[nodiscard]] YearIndicators computeIndicatorsForYear(const CityData& city,
                                                      const ProjectionResult& projection, int year,
                                                      const IndicatorTargets& targets);
/// The same against city.norms.indicatorTargets.
[[nodiscard]] YearIndicators computeIndicatorsForYear(const CityData& city,
                                                      const ProjectionResult& projection, int year);
/// The indicators of a year from its projected city (projectedCity(city, projection, year), built
/// once by a caller that needs it for other figures too), against its norms' targets: the same
/// as computeIndicatorsForYear.
[[nodiscard]] YearIndicators indicatorsOfProjectedCity(const CityData& projected, int year);

} // namespace xw::core
