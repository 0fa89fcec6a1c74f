// The study engine's facade: opening a study (dataset + scenario) and running it. The single
// place where the layers' failures (gis::GisError, scenarios::ScenarioError, invalid_argument from
// core) are turned into StudyError for every front end.
#include "detail/study_impl.hpp"

#include <xw/core/balance/seats.hpp>
#include <xw/core/detail/parallel.hpp>
#include <xw/core/projection/projected_city.hpp>
#include <xw/gis/locate.hpp>
#include <xw/scenarios/norms_file.hpp>

#include <algorithm>
#include <cmath>
#include <system_error>

namespace xw::study {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void failWith(const std::vector<core::Diagnostic>& ds, const std::string& headline) {
    std::string message = headline;
    for (const core::Diagnostic& d : ds)
        if (d.severity == core::Severity::Error) {
            message += "\n  " + core::toString(d);
        }
    throw StudyError(message, ds);
}

/// Runs `f`, turning every layer's failure into a StudyError (the one translation point).
template <class F> auto translated(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const StudyError&) {
        throw;
    } catch (const core::Cancelled&) {
        throw;
    } catch (const scenarios::ScenarioError& e) {
        throw StudyError(e.what(), e.diagnostics());
    } catch (const gis::GisError& e) {
        core::Diagnostic d;
        d.file = e.file();
        d.layer = e.layer();
        d.message = e.what();
        throw StudyError(e.what(), {d});
    } catch (const std::invalid_argument& e) {
        throw StudyError(std::string("输入无效 / invalid input: ") + e.what());
    }
}

bool isIllustrative(const core::CityData& city) {
    return city.name.find("示意") != std::string::npos ||
           city.name.find("illustrative") != std::string::npos;
}

/// Fills the working-CRS locations and towns of the plan's new schools and housing from the
/// scenario's locations.
void placePlan(scenarios::Scenario& sc, const gis::DatasetLoad& data,
               std::vector<core::Diagnostic>& problems) {
    const auto place = [&](const std::vector<std::optional<scenarios::Location>>& locs,
                           const auto& setLocation) {
        std::vector<std::pair<double, double>> geo, metric;
        std::vector<std::size_t> geoAt, metricAt;
        for (std::size_t i = 0; i < locs.size(); ++i) {
            if (!locs[i])
                continue;
            (locs[i]->geographic ? geo : metric).emplace_back(locs[i]->a, locs[i]->b);
            (locs[i]->geographic ? geoAt : metricAt).push_back(i);
        }
        const std::vector<core::PointM> g = gis::toWorkingCrs(geo, "EPSG:4490", data.workingCrs);
        for (std::size_t k = 0; k < g.size(); ++k)
            setLocation(geoAt[k], g[k]);
        for (std::size_t k = 0; k < metric.size(); ++k)
            setLocation(metricAt[k], core::PointM{metric[k].first, metric[k].second});
    };
    core::Plan& plan = sc.plan;
    place(sc.newSchoolLocations, [&](std::size_t i, core::PointM p) {
        if (i < plan.newSchools.size())
            plan.newSchools[i].school.location = p;
    });
    place(sc.housingLocations, [&](std::size_t i, core::PointM p) {
        if (i < plan.housing.size())
            plan.housing[i].location = p;
    });
    for (const scenarios::ZoneFile& z : sc.zoneFiles)
        if (z.redraw < plan.zoneRedraws.size())
            for (gis::ZoneShape& shape :
                 gis::readZonePolygons(z.path, z.layer, z.schoolField, data.workingCrs))
                plan.zoneRedraws[z.redraw].polygons.emplace_back(shape.schoolId,
                                                                 std::move(shape.wkb));
    (void)problems;
}

/// Empty town codes of new schools and housing from the outline containing them.
void fillTowns(core::Plan& plan, const gis::DatasetLoad& data,
               std::vector<core::Diagnostic>& problems) {
    std::vector<core::PointM> points;
    for (const core::NewSchool& n : plan.newSchools)
        points.push_back(n.school.location);
    for (const core::HousingProject& h : plan.housing)
        points.push_back(h.location);
    const auto towns = gis::townsContaining(data, points);
    const auto missing = [&](const char* layer, std::size_t i, const std::string& id) {
        core::Diagnostic d;
        d.layer = layer;
        d.featureId = "#" + std::to_string(i + 1) + " " + id;
        d.field = "location";
        d.message = "位置不在任何乡镇内，请给出 town / the location lies in no town of the "
                    "dataset; give its town";
        problems.push_back(d);
    };
    for (std::size_t i = 0; i < plan.newSchools.size(); ++i) {
        std::string& town = plan.newSchools[i].school.townCode;
        if (town.empty()) {
            if (towns[i])
                town = *towns[i];
            else
                missing("new_schools", i, plan.newSchools[i].school.id);
        }
    }
    for (std::size_t i = 0; i < plan.housing.size(); ++i) {
        std::string& town = plan.housing[i].townCode;
        const auto& t = towns[plan.newSchools.size() + i];
        if (town.empty()) {
            if (t)
                town = *t;
            else
                missing("housing", i, plan.housing[i].id);
        }
    }
}

} // namespace

void Study::Impl::applyPlan(core::Plan plan) {
    std::vector<core::Diagnostic> problems;
    fillTowns(plan, dataset, problems);
    scenarios::Scenario candidate = scenario;
    candidate.plan = std::move(plan);
    for (core::Diagnostic& d : scenarios::checkAgainstCity(candidate, dataset.city))
        problems.push_back(std::move(d));
    if (core::countOf(problems, core::Severity::Error) > 0)
        failWith(problems,
                 "方案与数据集矛盾 / the plan contradicts the dataset (" +
                     (candidate.file.empty() ? std::string("plan") : candidate.file.string()) +
                     "):");
    scenario = std::move(candidate);
    planned = dataset;
    planned.city = core::withPlannedHousing(dataset.city, scenario.plan);
    // Everything the housing feeds (projection, grid) is keyed on it; allocations on their
    // problems, so nothing else needs clearing here.
    diagnostics = dataset.problems;
    for (core::Diagnostic& d : problems)
        diagnostics.push_back(std::move(d));
}

Study::Study(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Study::Study(Study&&) noexcept = default;
Study& Study::operator=(Study&&) noexcept = default;
Study::~Study() = default;

Study Study::open(const fs::path& path, const core::Progress& progress) {
    return translated([&] {
        std::error_code ec;
        if (fs::is_directory(path, ec))
            return open(scenarios::Scenario::baseline(fs::absolute(path)), progress);
        if (!fs::exists(path, ec))
            throw StudyError("找不到方案文件或数据集目录 / no scenario file or dataset folder: " +
                             path.string());
        return open(scenarios::loadScenario(path), progress);
    });
}

Study Study::open(scenarios::Scenario scenario, const core::Progress& progress) {
    return translated([&] {
        auto impl = std::make_unique<Impl>();
        impl->dataset = gis::loadDataset(scenario.dataset, {}, progress);
        core::Norms norms = core::Norms::defaults();
        if (impl->dataset.normsFile)
            norms = scenarios::loadNorms(*impl->dataset.normsFile, norms);
        impl->dataset.city.norms = scenarios::scenarioNorms(scenario, norms);
        impl->illustrative = isIllustrative(impl->dataset.city);
        scenarios::resolveClasses(scenario, impl->dataset.city.norms);
        std::vector<core::Diagnostic> problems;
        placePlan(scenario, impl->dataset, problems);
        core::Plan plan = scenario.plan;
        impl->scenario = std::move(scenario);
        impl->applyPlan(std::move(plan));
        return Study(std::move(impl));
    });
}

const gis::DatasetLoad& Study::dataset() const {
    return m_impl->dataset;
}
const scenarios::Scenario& Study::scenario() const {
    return m_impl->scenario;
}
const core::CityData& Study::city() const {
    return m_impl->planned.city;
}
const std::vector<core::Diagnostic>& Study::diagnostics() const {
    return m_impl->diagnostics;
}
bool Study::illustrativeData() const {
    return m_impl->illustrative;
}
int Study::horizonYear() const {
    return m_impl->scenario.horizonYear.value_or(kDefaultHorizonYear);
}
std::pair<int, int> Study::defaultYears() const {
    const core::CityData& c = city();
    return {c.population.year != 0 ? c.population.year : c.baseYear, horizonYear()};
}

void Study::setPlan(core::Plan plan) {
    translated([&] {
        m_impl->applyPlan(std::move(plan));
        // The file's positions and spellings (marks, locations as written, class specs) describe
        // the plan read from the file, not this one: toYaml and the diagnostics must not pair
        // them with other interventions. The plan itself carries every value they held.
        scenarios::Scenario& sc = m_impl->scenario;
        sc.marks.clear();
        sc.newSchoolLocations.clear();
        sc.housingLocations.clear();
        sc.newSchoolClasses.clear();
        sc.classChangeSpecs.clear();
        // Zone files stay (their polygons are in the plan's redraws), unless the redraw is gone.
        std::erase_if(sc.zoneFiles, [&](const scenarios::ZoneFile& z) {
            return z.redraw >= sc.plan.zoneRedraws.size();
        });
    });
}

void Study::setAssumptions(const scenarios::Assumptions& assumptions) {
    m_impl->scenario.assumptions = assumptions;
}

std::optional<std::pair<int, int>> projectedYears(const StudyConfig& config, int populationYear,
                                                  std::optional<int> horizon) {
    if (config.baseYearOnly && !config.years)
        return std::nullopt;
    std::pair<int, int> years;
    if (config.years)
        years = *config.years;
    else if (horizon)
        years = {populationYear, *horizon};
    else
        return std::nullopt;
    if (years.first != populationYear)
        throw StudyError("起始年 " + std::to_string(years.first) + " 须为人口数据年份 " +
                         std::to_string(populationYear) +
                         "; 回测需用更早年份的数据集 / the first year " +
                         std::to_string(years.first) + " must be the population year " +
                         std::to_string(populationYear) +
                         " of the dataset; a back-test needs a dataset of an earlier year");
    if (years.second < years.first || years.second > populationYear + 50)
        throw StudyError("末年 " + std::to_string(years.second) + " 须在 " +
                         std::to_string(years.first) + "–" + std::to_string(populationYear + 50) +
                         " 之间 / the last year " + std::to_string(years.second) + " must lie in " +
                         std::to_string(years.first) + "–" + std::to_string(populationYear + 50));
    return years;
}

namespace {

void checkConfig(const StudyConfig& c) {
    if (!(c.gridMeters >= 10.0 && c.gridMeters <= 100000.0))
        throw StudyError("格网间距须在 10–100000 米之间 / the grid spacing must lie in "
                         "10–100,000 m: " +
                         std::to_string(c.gridMeters));
    if (c.monteCarloDraws < 0 || c.monteCarloDraws > 1000000)
        throw StudyError("模拟次数须在 0–1000000 之间 / draws must lie in 0–1,000,000");
    if (c.threads < 1 || c.threads > 64)
        throw StudyError("线程数须在 1–64 之间 / threads must lie in 1–64");
    if (c.catchmentWarnings && c.allocation != core::AllocationMode::Optimal)
        throw StudyError("学校服务范围预警需要最优分配 / catchment warnings need the optimal "
                         "allocation");
    if (const auto& t = c.warningThresholds) {
        const auto unit = [](double p) { return p >= 0.0 && p <= 1.0; };
        if (!unit(t->redProbability) || !unit(t->yellowProbability) ||
            !(t->redUtilisation >= 0.0) || !(t->yellowUtilisation >= 0.0) ||
            t->yellowProbability > t->redProbability || t->yellowUtilisation > t->redUtilisation)
            throw StudyError("预警阈值无效: 概率在 0–1 之间, 黄色不高于红色 / bad warning "
                             "thresholds: probabilities in 0–1, yellow not above red");
    }
}

core::ProjectionConfig projectionConfig(const scenarios::Scenario& sc, std::pair<int, int> years) {
    core::ProjectionConfig c;
    c.horizonYear = years.second;
    scenarios::applyAssumptions(sc.assumptions, c);
    return c;
}

/// What every result carries from the study: names, CRS, boundaries, the attendance zones in
/// force in the base year and the study's diagnostics.
StudyResults resultsOf(const Study::Impl& s) {
    StudyResults r;
    const core::CityData& city = s.planned.city;
    r.datasetName = city.name;
    r.scenarioName = s.scenario.name;
    r.workingCrs = s.dataset.workingCrs;
    r.illustrativeData = s.illustrative;
    r.baseYear = city.baseYear;
    r.districtShapes = s.dataset.districtShapes;
    r.townShapes = s.dataset.townShapes;
    r.zones = detail::zonesForYear(s.planned, city, s.scenario.plan, city.baseYear).zones;
    r.diagnostics = s.diagnostics;
    return r;
}

/// The base year: the city under the plan, its seat balance, indicators, 差异系数, 配套幼儿园
/// check and resources.
void runBaseYear(const Study::Impl& s, StudyResults& r, const core::Progress& progress) {
    const core::CityData& city = s.planned.city;
    const detail::StepTimer timer;
    progress.report("balance", 0, 1);
    auto base = std::make_shared<const core::CityData>(
        core::cityInYear(city, s.scenario.plan, city.baseYear));
    r.city = base;
    r.balance = core::computeSeatBalance(*base);
    r.indicators = core::computeIndicators(*base);
    r.coefficients = core::balanceCoefficients(*base);
    r.kindergartens = core::checkKindergartens(*base);
    r.resources = core::computeResources(*base, r.balance);
    r.timings.push_back({"balance", timer.seconds()});
    progress.report("balance", 1, 1);
    progress.throwIfCancelled();
}

/// The projection over `years` (kept while its years, assumptions, housing and norms are
/// unchanged), with its warnings in the diagnostics.
/// \throws StudyError when the projection cannot be made.
void project(Study::Impl& s, std::pair<int, int> years, const core::ProjectionConfig& pconfig,
             StudyResults& r) {
    const core::CityData& city = s.planned.city;
    const bool cached = s.projection && s.projection->years == years &&
                        s.projection->assumptions == s.scenario.assumptions &&
                        s.projection->housing == city.housing &&
                        s.projection->normsYaml == s.scenario.normsYaml;
    if (!cached) {
        core::ProjectionResult p = core::project(*r.city, pconfig);
        if (!p.ok())
            failWith(p.errors, "预测无法进行 / the projection cannot be made:");
        s.projection = detail::ProjectionCache{
            years, s.scenario.assumptions, city.housing, s.scenario.normsYaml,
            std::make_shared<const core::ProjectionResult>(std::move(p))};
    }
    r.projection = *s.projection->projection;
    r.diagnostics.insert(r.diagnostics.end(), r.projection->warnings.begin(),
                         r.projection->warnings.end());
}

/// Every projected year's results on that year's city. The years are independent: blocks of
/// years on the study's threads, each year written to its own slot (the same figures whatever
/// the thread count). Without the base year in the projection only the seat balance is made.
void runYears(const Study::Impl& s, const StudyConfig& config, std::pair<int, int> years,
              StudyResults& r) {
    const core::CityData& city = s.planned.city;
    const bool baseInProjection = city.baseYear >= years.first && city.baseYear <= years.second;
    if (!baseInProjection)
        r.diagnostics.push_back({core::Severity::Warning, "", "projection", "", "",
                                 "基准年 " + std::to_string(city.baseYear) +
                                     " 不在预测期内, 不计逐年指标 / the base year is outside the "
                                     "projection: no indicators by year"});
    r.years.resize(static_cast<std::size_t>(years.second - years.first) + 1);
    const core::ProjectionResult& projection = *r.projection;
    core::detail::forBlocks(
        r.years.size(), core::detail::threadsFor(config.threads, r.years.size(), 8, 1),
        [&](std::size_t, std::size_t begin, std::size_t end) {
            for (std::size_t k = begin; k < end; ++k) {
                YearResult& yr = r.years[k];
                const int y = years.first + static_cast<int>(k);
                yr.year = y;
                yr.city = y == city.baseYear ? r.city
                                             : std::make_shared<const core::CityData>(
                                                   core::cityInYear(city, s.scenario.plan, y));
                if (!baseInProjection) {
                    yr.balance = core::computeSeatBalanceForYear(*yr.city, projection, y);
                    continue;
                }
                // One projected city serves the balance, indicators and coefficients.
                const core::CityData projected = core::projectedCity(*yr.city, projection, y);
                yr.balance =
                    core::computeSeatBalanceForYear(*yr.city, projection, y, {}, &projected);
                yr.indicators = core::indicatorsOfProjectedCity(projected, y);
                yr.coefficients = core::balanceCoefficients(projected);
                yr.resources = core::computeResources(*yr.city, yr.balance);
            }
        });
}

} // namespace

StudyResults Study::run(const StudyConfig& config, const core::Progress& progress) {
    return translated([&] {
        checkConfig(config);
        Impl& s = *m_impl;
        StudyResults r = resultsOf(s);
        runBaseYear(s, r, progress);

        const core::CityData& city = s.planned.city;
        const int populationYear = city.population.year != 0 ? city.population.year : city.baseYear;
        const auto years = projectedYears(config, populationYear, s.scenario.horizonYear);
        core::ProjectionConfig pconfig;
        if (years) {
            const detail::StepTimer timer;
            progress.report("projection", 0, 1);
            pconfig = projectionConfig(s.scenario, *years);
            project(s, *years, pconfig, r);
            runYears(s, config, *years, r);
            r.timings.push_back({"projection", timer.seconds()});
            progress.report("projection", 1, 1);
            progress.throwIfCancelled();
        }
        if (config.allocation) {
            const detail::StepTimer timer;
            detail::runAllocation(s, config, r, progress);
            r.timings.push_back({"allocation", timer.seconds()});
        }
        if (config.monteCarloDraws > 0) { // 学位预警
            if (!years)
                throw StudyError("学位预警需要预测年份 / seat warnings need projected years");
            const detail::StepTimer timer;
            detail::runWarnings(s, config, pconfig, r, progress);
            r.timings.push_back({"monte_carlo", timer.seconds()});
        }
        return r;
    });
}

} // namespace xw::study
