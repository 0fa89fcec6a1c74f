#include <xw/core/balance/balance_coefficient.hpp>
#include <xw/core/model/region.hpp>
#include <xw/core/projection/projected_city.hpp>

#include <cmath>
#include <optional>
#include <vector>

namespace xw::core {

std::optional<double> differenceCoefficient(const std::vector<WeightedValue>& xs) {
    double p = 0.0;
    double sum = 0.0;
    for (const auto& x : xs) {
        p += x.weight;
        sum += x.value * x.weight;
    }
    if (!(p > 0.0))
        return std::nullopt;
    const double mean = sum / p;
    if (mean == 0.0)
        return std::nullopt;
    double var = 0.0;
    for (const auto& x : xs)
        var += (x.weight / p) * (x.value - mean) * (x.value - mean);
    return std::sqrt(var) / mean;
}

std::vector<BalanceResult> balanceCoefficients(const CityData& city,
                                               const BalanceOptions& options) {
    std::vector<BalanceResult> out;
    // Each school's district (RegionIndex: the one town → district rule), found once.
    const RegionIndex regions(city.regions);
    std::vector<std::optional<std::size_t>> districtOf(city.schools.size());
    for (std::size_t k = 0; k < city.schools.size(); ++k)
        if (const auto t = regions.townIndex(city.schools[k].townCode))
            districtOf[k] = regions.districtOfTown(*t);
    for (std::size_t di = 0; di < city.regions.districts.size(); ++di) {
        const District& d = city.regions.districts[di];
        for (Stage stage : {Stage::Primary, Stage::Junior}) {
            std::array<std::vector<WeightedValue>, kBalanceIndicatorCount> values;
            int counted = 0;
            for (std::size_t k = 0; k < city.schools.size(); ++k) {
                const School& s = city.schools[k];
                if (s.ownership != Ownership::Public || s.flags.teachingPoint)
                    continue;
                if (districtOf[k] != di)
                    continue;
                const StageProvision* own = s.stage(stage);
                if (!own || own->students() <= 0)
                    continue;
                const auto students = static_cast<double>(own->students());
                if (options.standard == BalanceStandard::Quality &&
                    students < options.minStudentsQuality)
                    continue;
                // Share of the school's resources that belongs to this stage.
                const StageProvision* pri = s.stage(Stage::Primary);
                const StageProvision* jun = s.stage(Stage::Junior);
                const double wp = pri ? static_cast<double>(pri->students()) : 0.0;
                const double wj =
                    jun ? static_cast<double>(jun->students()) * options.primaryToJunior : 0.0;
                const double mine = stage == Stage::Primary ? wp : wj;
                const double share = (wp + wj) > 0.0 ? mine / (wp + wj) : 1.0;
                const double perStudent = share / students;
                values[0].push_back({100.0 * s.staff.teachers * perStudent, students});
                values[1].push_back({100.0 * s.staff.bachelorPlus * perStudent, students});
                values[2].push_back({s.landM2 * perStudent, students});
                values[3].push_back({s.floorM2 * perStudent, students});
                ++counted;
            }
            BalanceResult r;
            r.districtCode = d.code;
            r.stage = stage;
            r.schools = counted;
            const bool quality = options.standard == BalanceStandard::Quality;
            r.threshold = stage == Stage::Primary
                              ? (quality ? options.qualityPrimary : options.basicPrimary)
                              : (quality ? options.qualityJunior : options.basicJunior);
            double sum = 0.0;
            int defined = 0;
            bool allWithin = true;
            for (int i = 0; i < kBalanceIndicatorCount; ++i) {
                r.cv[static_cast<std::size_t>(i)] =
                    differenceCoefficient(values[static_cast<std::size_t>(i)]);
                if (const auto& cv = r.cv[static_cast<std::size_t>(i)]) {
                    sum += *cv;
                    ++defined;
                    allWithin = allWithin && *cv <= r.threshold;
                }
            }
            if (defined > 0)
                r.meanCv = sum / defined;
            r.pass = defined > 0 && (quality ? allWithin : *r.meanCv <= r.threshold);
            out.push_back(r);
        }
    }
    return out;
}

std::vector<BalanceResult> balanceCoefficientsForYear(const CityData& city,
                                                      const ProjectionResult& projection, int year,
                                                      const BalanceOptions& options) {
    return balanceCoefficients(projectedCity(city, projection, year), options);
}

std::vector<BalanceResult> balanceCoefficients(const CityData& city) {
    return balanceCoefficients(city, city.norms.balance);
}

std::vector<BalanceResult>
balanceCoefficientsForYear(const CityData& city, const ProjectionResult& projection, int year) {
    return balanceCoefficientsForYear(city, projection, year, city.norms.balance);
}

} // namespace xw::core
