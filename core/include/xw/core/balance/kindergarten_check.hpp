#pragma once
// The 配套幼儿园 check of new housing (Guangdong 2016 rule, State Council 2019 No. 3; domain.md
// §3): every residential area of ≥ 4,500 people reserves a kindergarten of ≥ 6 classes, > 13,500
// people needs ≥ 2 kindergartens, 40 seats per 1,000 residents, delivered with the housing and run
// as 公办 or 普惠.
#include <xw/core/model/city.hpp>

#include <string>
#include <vector>

namespace xw::core {

enum class KindergartenProblem {
    Missing,   ///< required but none planned (缺配套园)
    TooSmall,  ///< fewer classes than required (规模不足)
    Late,      ///< delivered after the housing (未同步交付), or delivery year unknown
    NotPublic, ///< not to be run as 公办 or 普惠 (非公办普惠)
};

struct KindergartenCheck {
    std::size_t housingIndex = 0;  ///< index into CityData::housing
    double residents = 0.0;        ///< dwellings × persons per household
    bool required = false;         ///< residents ≥ kindergartenMinPeople
    int kindergartensRequired = 0; ///< 0, 1, or 2 when residents > 3 × kindergartenMinPeople
    double seatsRequired = 0.0;    ///< residents × seats per 1,000 ÷ 1,000
    int classesRequired = 0;       ///< ceil(seats ÷ mixed class size), at least min classes each
    int classesPlanned = 0;
    std::vector<KindergartenProblem> problems; ///< empty when the plan complies
};

/// Checks every housing project. Projects below the size threshold are listed with
/// `required == false` and their seat need, since their children still need places nearby.
[[nodiscard]] std::vector<KindergartenCheck> checkKindergartens(const CityData& city);

/// 缺配套园 / missing … for reports.
[[nodiscard]] std::string_view problemNameZh(KindergartenProblem p);
[[nodiscard]] std::string_view problemNameEn(KindergartenProblem p);

} // namespace xw::core
