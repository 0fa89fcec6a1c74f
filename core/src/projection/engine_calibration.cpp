// Calibrating the projection: the factors that make the base year's projected enrolment match the
// enrolment the schools report.
#include "detail/projection_engine.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace xw::core::detail {
namespace {

/// Enrolment the schools report per town × grade slot (`slots`), for the towns of the regions;
/// warns about schools in no known town and about enrolment in grades no slot projects.
std::vector<double> observedEnrolment(const CityData& city, const std::vector<GradeSlot>& slots,
                                      ProblemLog& problems) {
    const std::size_t nSlots = slots.size();
    std::vector<double> observed(city.regions.towns.size() * nSlots, 0.0);
    std::vector<bool> unknownGrade(kStageCount, false);
    int schoolsOutside = 0;
    for (const School& school : city.schools) {
        const auto ti = city.regions.townIndex(school.townCode);
        if (!ti) {
            ++schoolsOutside;
            continue;
        }
        for (const StageProvision& sp : school.stages)
            for (const GradeRecord& g : sp.grades) {
                bool found = false;
                for (std::size_t k = 0; k < nSlots; ++k)
                    if (slots[k].stage == sp.stage && slots[k].grade == g.grade) {
                        observed[*ti * nSlots + k] += g.students;
                        found = true;
                    }
                if (!found && g.students > 0)
                    unknownGrade[stageIndex(sp.stage)] = true;
            }
    }
    if (schoolsOutside > 0)
        problems.warning(std::to_string(schoolsOutside) +
                         " 所学校不在任何镇街，未参与校准 / schools with no known town are "
                         "left out of the calibration");
    for (Stage s : kAllStages)
        if (unknownGrade[stageIndex(s)])
            problems.warning("部分年级无法校准 / " + stageLabel(s) +
                                 " has enrolment in grades outside the projected ages",
                             {}, std::string(stageCode(s)));
    return observed;
}

/// Per town (`townCodes`), its district's index in the regions, or the district count for none.
std::vector<std::size_t> districtOfTowns(const Regions& regions,
                                         const std::vector<std::string>& townCodes) {
    std::vector<std::size_t> districtOf(townCodes.size(), regions.districts.size());
    const RegionIndex regionIndex(regions);
    for (std::size_t t = 0; t < townCodes.size(); ++t)
        if (const auto ti = regionIndex.townIndex(townCodes[t]))
            if (const auto di = regionIndex.districtOfTown(*ti))
                districtOf[t] = *di;
    return districtOf;
}

/// Per-town × slot values summed per district × slot (`districts` + 1 rows: the last gathers the
/// towns of no district).
std::vector<double> districtSums(const std::vector<double>& byTown,
                                 const std::vector<std::size_t>& districtOf, std::size_t districts,
                                 std::size_t nSlots) {
    std::vector<double> out((districts + 1) * nSlots, 0.0);
    for (std::size_t t = 0; t < districtOf.size(); ++t)
        for (std::size_t k = 0; k < nSlots; ++k)
            out[districtOf[t] * nSlots + k] += byTown[t * nSlots + k];
    return out;
}

} // namespace

void ProjectionEngine::calibrate(const CityData& city, ProblemLog& problems) {
    const int year = city.baseYear != 0 ? city.baseYear : firstYear;
    if (year < firstYear || year > lastYear) {
        problems.warning("基年不在预测年份内，未校准 / base year " + std::to_string(year) +
                             " is outside " + std::to_string(firstYear) + ".." +
                             std::to_string(lastYear) + "; demand not calibrated",
                         {}, {}, year);
        return;
    }
    Workspace ws;
    allocate(ws, false);
    run(Perturbation{}, ws, false, year - firstYear + 1); // only up to the calibration year
    const Eigen::ArrayXXd& p = ws.persons[static_cast<std::size_t>(year - firstYear)];

    const std::size_t nSlots = m_slots.size();
    const std::vector<double> observed = observedEnrolment(city, m_slots, problems);
    std::vector<double> modelled(towns * nSlots, 0.0);
    for (std::size_t t = 0; t < towns; ++t)
        for (std::size_t k = 0; k < nSlots; ++k)
            modelled[t * nSlots + k] = rawDemand(p, t, k);

    // Stages recruited county-wide (StageNorms::catchment) are calibrated per district: a town
    // without a senior high has senior-age residents but no pupils of its own, and a town factor
    // of 0 would hide its children from every later year.
    const std::size_t nDistricts = city.regions.districts.size();
    const std::vector<std::size_t> districtOf = districtOfTowns(city.regions, townCodes);
    const std::vector<double> observedD = districtSums(observed, districtOf, nDistricts, nSlots);
    const std::vector<double> modelledD = districtSums(modelled, districtOf, nDistricts, nSlots);

    int outOfBand = 0;
    std::string example;
    for (std::size_t t = 0; t < towns; ++t)
        for (std::size_t k = 0; k < nSlots; ++k) {
            CalibrationRow row;
            row.town = t;
            row.stage = m_slots[k].stage;
            row.grade = m_slots[k].grade;
            row.observed = observed[t * nSlots + k];
            row.modelled = modelled[t * nSlots + k];
            const bool countyWide = city.norms[row.stage].catchment == CatchmentLevel::District;
            if (countyWide) {
                const double obs = observedD[districtOf[t] * nSlots + k];
                const double mod = modelledD[districtOf[t] * nSlots + k];
                row.factor = mod > 0.0 ? obs / mod : 1.0;
            } else if (row.modelled > 0.0) {
                row.factor = row.observed / row.modelled;
            } else if (row.observed > 0.0) {
                // No modelled children in this grade: fall back on the stage's factor.
                double obs = 0.0;
                double mod = 0.0;
                for (std::size_t j = 0; j < nSlots; ++j)
                    if (m_slots[j].stage == row.stage) {
                        obs += observed[t * nSlots + j];
                        mod += modelled[t * nSlots + j];
                    }
                row.factor = mod > 0.0 ? obs / mod : 1.0;
                problems.warning("无模型人口，校准不能重现在校生 / town " + townCodes[t] + " " +
                                     stageLabel(row.stage) + " grade " + std::to_string(row.grade) +
                                     ": " + num(row.observed) +
                                     " students but no modelled children; factor " +
                                     num(row.factor),
                                 townCodes[t], std::string(stageCode(row.stage)), year);
            } else {
                row.factor = 1.0;
            }
            if (row.modelled > 0.0 && (row.factor < 0.5 || row.factor > 2.0)) {
                if (outOfBand == 0)
                    example = townCodes[t] + " " + stageLabel(row.stage) + " grade " +
                              std::to_string(row.grade) + " factor " + num(row.factor);
                ++outOfBand;
            }
            m_factor[t * nSlots + k] = row.factor;
            calibration.push_back(row);
        }
    if (outOfBand > 0)
        problems.warning(std::to_string(outOfBand) +
                         " 个校准系数超出 0.5..2（跨镇就读或数据问题）/ calibration factors "
                         "outside 0.5..2 (cross-town schooling or data problems), e.g. " +
                         example);
}

} // namespace xw::core::detail
