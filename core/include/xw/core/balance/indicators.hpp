#pragma once
// The seed plan's indicators (shared/docs/domain.md §6) per district and for the city, from the
// base-year school records and population, with pass/fail against their targets; and the same for
// a projected year (computeIndicatorsForYear).
#include <xw/core/model/city.hpp>
#include <xw/core/projection/projection.hpp>

#include <optional>
#include <string>
#include <vector>

namespace xw::core {

enum class Comparison { AtLeast, AtMost, Between };

/// Targets of the seed (阳江市推进教育现代化先进市实施方案, 2017) and the MOE large-class
/// milestones; every value overridable.
struct IndicatorTargets {
    double kindergartenGrossEnrolment = 0.98; ///< 学前三年毛入园率 ≥
    double kindergartenPublicPuhui = 0.80;    ///< 公办+普惠 coverage ≥
    double kindergartenProvincial = 0.70;     ///< 省规范化幼儿园 coverage ≥ (by children)
    double largeClassShare = 0.05;     ///< 大班额 (≥ 56) share of classes ≤ (MOE 2020)
    double hugeClassShare = 0.02;      ///< 超大班额 (≥ 66) share ≤ (MOE 2018)
    double standardisedPublic = 1.00;  ///< 标准化学校, public compulsory schools ≥
    double standardisedPrivate = 0.70; ///< private compulsory schools ≥
    double qualitySenior = 0.80;       ///< students in 优质 senior highs ≥
    double highSchoolGross = 0.95;     ///< 高中阶段毛入学率 ≥
    double vocationalShareMin = 0.45;  ///< 普职比 about 1 : 1: 中职 share of 高中阶段 [A]
    double vocationalShareMax = 0.55;
    double provincialKeyVocational = 0.80; ///< students in 省级重点+ 中职 ≥
    double disabledEnrolment = 0.97;       ///< 三类残疾儿童入学率 ≥
    /// Disabled children (三类残疾) per resident aged 6–14 [A]: about 0.88 million pupils in
    /// special education nationally in 2020 (随班就读 included) over ~160 million of compulsory
    /// age, at a ~95 % enrolment rate.
    double disabledPrevalence = 0.006;
    double migrantPublic = 0.50;               ///< 随迁子女 in public compulsory schools ≥
    double kindergartenTeachersCollege = 0.65; ///< 大专+ ≥
    double primaryTeachersBachelor = 0.35;     ///< 本科+ ≥
    double juniorTeachersBachelor = 0.80;      ///< 本科+ ≥
    double seniorTeachersPostgrad = 0.10;      ///< 研究生 ≥ (senior and vocational)
    double vocationalDualQualified = 0.60;     ///< 双师型 ≥
    int deadlineYear = 2018; ///< the city's certification by end 2018 (seed §二)
};

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

/// The indicators for every district and the city (city last).
[[nodiscard]] std::vector<AreaIndicators> computeIndicators(const CityData& city,
                                                            const IndicatorTargets& targets = {});

/// The indicators of one year, and where the year stands against the seed's date.
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
                                                      const IndicatorTargets& targets = {});

} // namespace xw::core
