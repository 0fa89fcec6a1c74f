// Scenarios as values: the class specs of a scenario, its baseline, the classes resolved by the
// norms, the checks against a city and what a scenario changes in the norms and the projection.
// Reading is scenario_parse.cpp (with intervention_parse.cpp), writing scenario_write.cpp.
#include <xw/core/balance/seats.hpp>
#include <xw/scenarios/norms_file.hpp>
#include <xw/scenarios/scenario.hpp>

#include <algorithm>
#include <string>

namespace xw::scenarios {
namespace fs = std::filesystem;

std::vector<int> ClassSpec::perGradeFor(int gradeCount) const {
    std::vector<int> out;
    if (!grades.empty())
        out = grades;
    else if (perGrade != 0)
        out.assign(static_cast<std::size_t>(std::max(gradeCount, 0)), perGrade);
    else
        out = core::spreadOverGrades(total, std::max(gradeCount, 1));
    for (int& v : out)
        v *= sign;
    return out;
}

Scenario Scenario::baseline(const fs::path& datasetFolder) {
    Scenario s;
    s.name = "baseline";
    s.dataset = datasetFolder;
    return s;
}

void resolveClasses(Scenario& sc, const core::Norms& norms) {
    for (std::size_t i = 0; i < sc.plan.newSchools.size() && i < sc.newSchoolClasses.size(); ++i) {
        core::School& school = sc.plan.newSchools[i].school;
        school.stages.clear();
        for (const auto& [stage, spec] : sc.newSchoolClasses[i]) {
            core::StageProvision p;
            p.stage = stage;
            const std::vector<int> perGrade = spec.perGradeFor(norms[stage].grades);
            for (std::size_t g = 0; g < perGrade.size(); ++g)
                p.grades.push_back(core::GradeRecord{static_cast<int>(g) + 1, perGrade[g], 0, 0});
            school.stages.push_back(std::move(p));
        }
        std::sort(school.stages.begin(), school.stages.end(),
                  [](const core::StageProvision& a, const core::StageProvision& b) {
                      return a.stage < b.stage;
                  });
    }
    for (std::size_t i = 0; i < sc.plan.classChanges.size() && i < sc.classChangeSpecs.size(); ++i)
        sc.plan.classChanges[i].gradeDeltas =
            sc.classChangeSpecs[i].perGradeFor(norms[sc.plan.classChanges[i].stage].grades);
}

std::vector<core::Diagnostic> checkAgainstCity(const Scenario& sc, const core::CityData& city) {
    std::vector<core::Diagnostic> out =
        core::validatePlan(city, sc.plan, sc.horizonYear.value_or(city.baseYear + 50));
    for (core::Diagnostic& d : out) {
        d.file = sc.file.empty() ? std::string() : sc.file.string();
        const auto hash = d.featureId.find('#');
        if (hash == std::string::npos)
            continue;
        const std::size_t index = std::stoul(d.featureId.substr(hash + 1)) - 1;
        for (const SourceMark& m : sc.marks)
            if (m.layer == d.layer && m.index == index) {
                d.line = m.line;
                d.column = m.column;
            }
    }
    return out;
}

core::Norms scenarioNorms(const Scenario& sc, const core::Norms& base) {
    if (sc.normsYaml.empty())
        return base;
    return parseNorms(sc.normsYaml, sc.file.string() + " [norms]", base);
}

void applyAssumptions(const Assumptions& a, core::ProjectionConfig& config) {
    config.assumptions.births.variant = a.fertility;
    config.assumptions.births.cityBirthsOverride = a.cityBirths;
    config.assumptions.housing.delayYears = a.housingDelayYears;
    if (a.housingMigrantShare)
        config.assumptions.housing.migrantShare = *a.housingMigrantShare;
    if (a.migrationRatePerYear != 0.0)
        for (auto& v : config.assumptions.migration.netRatePerYearByAge)
            v = {a.migrationRatePerYear};
}

} // namespace xw::scenarios
