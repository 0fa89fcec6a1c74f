#include <xw/core/balance/kindergarten_check.hpp>
#include <xw/core/balance/seats.hpp>

#include <algorithm>
#include <cmath>

namespace xw::core {

std::string_view problemNameZh(KindergartenProblem p) {
    switch (p) {
    case KindergartenProblem::Missing:
        return "缺配套幼儿园";
    case KindergartenProblem::TooSmall:
        return "配套园规模不足";
    case KindergartenProblem::Late:
        return "配套园未同步交付";
    case KindergartenProblem::NotPublic:
        return "配套园非公办或普惠";
    }
    return "";
}

std::string_view problemNameEn(KindergartenProblem p) {
    switch (p) {
    case KindergartenProblem::Missing:
        return "kindergarten missing";
    case KindergartenProblem::TooSmall:
        return "kindergarten too small";
    case KindergartenProblem::Late:
        return "kindergarten later than the housing";
    case KindergartenProblem::NotPublic:
        return "kindergarten not public or 普惠";
    }
    return "";
}

std::vector<KindergartenCheck> checkKindergartens(const CityData& city) {
    const Norms& n = city.norms;
    // The 配套园 rule counts mixed-age classes: the mean of the grade sizes (25/30/35 → 30).
    const double mixedClassSize = meanNormClassSize(n[Stage::Kindergarten]);

    std::vector<KindergartenCheck> out;
    for (std::size_t i = 0; i < city.housing.size(); ++i) {
        const HousingProject& h = city.housing[i];
        KindergartenCheck c;
        c.housingIndex = i;
        c.residents = h.dwellings * n.personsPerHousehold;
        c.seatsRequired = c.residents * n.kindergartenSeatsPer1000 / 1000.0;
        c.classesPlanned = h.kindergarten.classes;
        c.required = c.residents >= n.kindergartenMinPeople;
        if (c.required) {
            c.kindergartensRequired = c.residents > 3.0 * n.kindergartenMinPeople ? 2 : 1;
            const int bySeats =
                static_cast<int>(std::ceil(c.seatsRequired / mixedClassSize - 1e-9));
            c.classesRequired =
                std::max(bySeats, c.kindergartensRequired * n.kindergartenMinClasses);
            if (h.kindergarten.classes <= 0) {
                c.problems.push_back(KindergartenProblem::Missing);
            } else {
                if (h.kindergarten.classes < c.classesRequired)
                    c.problems.push_back(KindergartenProblem::TooSmall);
                if (!h.kindergarten.deliveryYear || *h.kindergarten.deliveryYear > h.completionYear)
                    c.problems.push_back(KindergartenProblem::Late);
                if (!h.kindergarten.publicOrPuhui)
                    c.problems.push_back(KindergartenProblem::NotPublic);
            }
        }
        out.push_back(c);
    }
    return out;
}

} // namespace xw::core
