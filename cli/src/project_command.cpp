#include "project_command.hpp"

#include "allocation_report.hpp"
#include "commands.hpp"
#include "report.hpp"
#include "text_table.hpp"

#include <xw/gis/writer.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <regex>
#include <system_error>

namespace xw::cli {
namespace {

namespace fs = std::filesystem;
using core::Stage;

std::string integer(double v) {
    return fmt::format("{:.0f}", std::round(v));
}

std::string finiteOrEmpty(double v, int decimals) {
    return std::isfinite(v) ? fixed(v, decimals) : std::string();
}

const core::AreaStageBalance& cityRow(const core::SeatBalance& b, Stage s) {
    return b.city[static_cast<std::size_t>(core::stageIndex(s))];
}

gis::Table toTable(std::string name, const CsvTable& csv, std::vector<gis::ColumnType> types) {
    return gis::Table{std::move(name), csv.header, std::move(types), csv.rows};
}

} // namespace

std::optional<std::pair<int, int>> parseYears(const std::string& text) {
    static const std::regex range(R"(^\s*(\d{4})\s*(?:[-–~:]\s*(\d{4}))?\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, range))
        return std::nullopt;
    const int a = std::stoi(m[1].str());
    const int b = m[2].matched ? std::stoi(m[2].str()) : a;
    return std::make_pair(a, b);
}

std::optional<std::pair<double, double>> parseThreshold(const std::string& text) {
    static const std::regex pair(R"(^\s*([0-9]*\.?[0-9]+)\s*,\s*([0-9]*\.?[0-9]+)\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, pair))
        return std::nullopt;
    const double p = std::stod(m[1].str());
    const double u = std::stod(m[2].str());
    if (p > 1.0)
        return std::nullopt;
    return std::make_pair(p, u);
}

std::optional<core::FertilityVariant> parseFertility(const std::string& text) {
    if (text == "low" || text == "低")
        return core::FertilityVariant::Low;
    if (text == "medium" || text == "中")
        return core::FertilityVariant::Medium;
    if (text == "high" || text == "高")
        return core::FertilityVariant::High;
    return std::nullopt;
}

ProjectionSetup makeProjectionConfig(const core::CityData& city, const ProjectionOptions& options) {
    ProjectionSetup setup;
    const int popYear = city.population.year != 0 ? city.population.year : city.baseYear;
    setup.firstYear = options.years ? options.years->first : popYear;
    setup.lastYear = options.years ? options.years->second : std::max(2035, popYear);
    if (setup.firstYear != popYear) {
        setup.error = fmt::format(
            "起始年 {0} 须为人口数据年份 {1}; 回测需用更早年份的数据集 / the first year {0} must "
            "be "
            "the population year {1} of the dataset; a back-test needs a dataset of an earlier "
            "year",
            setup.firstYear, popYear);
        return setup;
    }
    if (setup.lastYear < setup.firstYear || setup.lastYear > popYear + 50) {
        setup.error = fmt::format("末年 {0} 须在 {1}–{2} 之间 / the last year {0} must lie in "
                                  "{1}–{2}",
                                  setup.lastYear, setup.firstYear, popYear + 50);
        return setup;
    }
    core::ProjectionConfig& c = setup.config;
    c.horizonYear = setup.lastYear;
    c.calibrate = options.calibrate;
    c.assumptions.births.variant = options.fertility;
    c.assumptions.housing.delayYears = options.housingDelayYears;
    if (options.migrationRatePerYear != 0.0)
        for (auto& v : c.assumptions.migration.netRatePerYearByAge)
            v = {options.migrationRatePerYear};
    return setup;
}

std::optional<YearSeries> projectYears(const core::CityData& city, const ProjectionSetup& setup) {
    YearSeries series;
    series.projection = core::project(city, setup.config);
    for (const auto& w : series.projection.warnings)
        std::cerr << "警告 warning: " << w << "\n";
    if (!series.projection.ok()) {
        for (const auto& e : series.projection.errors)
            std::cerr << "错误 error: " << e << "\n";
        return std::nullopt;
    }
    for (int y = setup.firstYear; y <= setup.lastYear; ++y)
        series.balances.push_back(core::computeSeatBalanceForYear(city, series.projection, y));
    return series;
}

std::string renderYearSeries(const core::CityData& city, const YearSeries& series) {
    std::vector<std::string> header{"年份 Year"};
    for (Stage s : core::kAllStages)
        header.emplace_back(core::stageNameZh(s));
    std::vector<bool> right(header.size(), true);
    TextTable demand(header, right);
    TextTable shortage(header, right);
    for (const core::SeatBalance& b : series.balances) {
        std::vector<std::string> d{std::to_string(b.year)};
        std::vector<std::string> s{std::to_string(b.year)};
        for (Stage st : core::kAllStages) {
            const auto& c = cityRow(b, st);
            d.push_back(fmt::format("{} / {}", integer(c.demand), c.seats));
            // Units short: towns, or districts for stages recruited county-wide.
            const bool byDistrict = city.norms[st].catchment == core::CatchmentLevel::District;
            int unitsShort = 0;
            for (const auto& u : byDistrict ? b.districts : b.towns)
                if (u.stage == st && u.shortfall >= 0.5)
                    ++unitsShort;
            s.push_back(fmt::format("{} ({})", integer(c.localShortfallSum), unitsShort));
        }
        demand.addRow(d);
        shortage.addRow(s);
    }
    return "需求 / 学位 Demand / seats (全市 city):\n" + demand.render() +
           "\nΣ分片缺口 (缺位片区数) Σlocal shortfall (units short):\n" + shortage.render();
}

std::vector<std::string> yearBalanceHeader() {
    std::vector<std::string> h = areaBalanceHeader();
    h.insert(h.begin(), "year");
    return h;
}

std::vector<std::vector<std::string>> yearBalanceRows(const core::CityData& city,
                                                      const YearSeries& series) {
    std::vector<std::vector<std::string>> rows;
    for (const core::SeatBalance& b : series.balances) {
        CsvTable t = areaBalanceTable(city, b);
        for (auto& r : t.rows) {
            r.insert(r.begin(), std::to_string(b.year));
            rows.push_back(std::move(r));
        }
    }
    return rows;
}

std::vector<core::CatchmentShare>
catchmentShares(const core::CityData& city, const core::SeatBalance& base,
                const std::vector<core::AllocationProblem>& problems,
                const std::vector<core::AllocationResult>& results) {
    std::vector<core::CatchmentShare> out;
    const std::size_t towns = city.regions.towns.size();
    for (std::size_t k = 0; k < problems.size() && k < results.size(); ++k) {
        const core::AllocationProblem& pb = problems[k];
        // Town rows are town-major, stage-minor (computeSeatBalance).
        std::vector<double> townChildren(towns, 0.0);
        for (std::size_t t = 0; t < towns; ++t) {
            const std::size_t row = t * core::kStageCount + core::stageIndex(pb.stage);
            if (row < base.towns.size())
                townChildren[t] = base.towns[row].demand;
        }
        // children[facility][town]
        std::vector<std::map<std::size_t, double>> children(pb.facilities.size());
        for (const core::AllocationPiece& piece : results[k].pieces) {
            if (piece.facility == core::kUnplaced)
                continue;
            const std::size_t t = pb.points[piece.point].townIndex;
            if (t < towns)
                children[piece.facility][t] += static_cast<double>(piece.amount);
        }
        for (std::size_t j = 0; j < pb.facilities.size(); ++j) {
            core::CatchmentShare cs;
            cs.schoolId = city.schools[pb.facilities[j].schoolIndex].id;
            cs.stage = pb.stage;
            cs.seats = static_cast<double>(pb.facilities[j].seats);
            for (const auto& [t, n] : children[j])
                if (townChildren[t] > 0.0)
                    cs.townShares.emplace_back(t, std::min(1.0, n / townChildren[t]));
            out.push_back(std::move(cs));
        }
    }
    return out;
}

int projectCommand(const ProjectOptions& options) {
    const fs::path dataDir = options.dataDir.value_or(defaultDataDir());
    std::cerr << fmt::format("[1/4] 读取数据集 Loading dataset {} …\n", dataDir.string());
    const auto l = load(dataDir);
    if (!l)
        return kExitBadInput;
    std::cout << summaryLine(*l);
    const core::CityData& city = l->data.city;
    if (!options.catchmentRoads.empty() && !options.catchments) {
        std::cerr << "用法错误 usage: --roads 只用于 --catchments (学校服务范围的分配) / --roads "
                     "applies to --catchments (the allocation behind the school catchments)\n";
        return kExitUsage;
    }
    const ProjectionSetup setup = makeProjectionConfig(city, options.projection);
    if (!setup.error.empty()) {
        std::cerr << "错误 error: " << setup.error << "\n";
        return kExitBadInput;
    }

    std::cerr << fmt::format("[2/4] 人口与需求预测 Projecting {}–{} …\n", setup.firstYear,
                             setup.lastYear);
    const auto series = projectYears(city, setup);
    if (!series)
        return kExitBadInput;
    std::cout << fmt::format("\n== 学位需求预测 Demand projection {}–{} ==\n", setup.firstYear,
                             setup.lastYear)
              << renderYearSeries(city, *series);

    std::cerr << fmt::format("[3/4] 蒙特卡洛模拟 Monte Carlo: {} 次 draws, 种子 seed {}, {} 线程 "
                             "threads …\n",
                             options.draws, options.seed, options.threads);
    core::MonteCarloConfig mc;
    std::vector<std::size_t> catchmentSchool; // index into city.schools per catchment
    if (options.catchments) {
        std::cerr << "      学校服务范围: 基准年最优分配 School catchments from the base-year "
                     "optimal allocation …\n";
        const core::SeatBalance base = core::computeSeatBalance(city);
        const auto run = runAllocation(
            l->data, base, {"optimal", options.catchmentGridMeters, options.catchmentRoads},
            std::cerr);
        if (!run)
            return kExitBadInput;
        mc.catchments = catchmentShares(city, base, run->problems, run->results);
        for (const auto& pb : run->problems)
            for (const auto& f : pb.facilities)
                catchmentSchool.push_back(f.schoolIndex);
    }
    mc.projection = setup.config;
    mc.thresholds = options.thresholds;
    mc.draws = options.draws;
    mc.seed = options.seed;
    mc.threads = options.threads;
    mc.calibratedDemand = options.compareCalibrated;
    int lastTenth = -1;
    mc.progress = [&](int done, int total) {
        const int tenth = total > 0 ? done * 10 / total : 10;
        if (tenth != lastTenth) {
            lastTenth = tenth;
            std::cerr << fmt::format("      {}/{} ({}%)\n", done, total, tenth * 10);
        }
    };
    const core::MonteCarloResult result = core::runMonteCarlo(city, mc);
    for (const auto& w : result.warnings)
        std::cerr << "警告 warning: " << w << "\n";
    if (!result.ok()) {
        for (const auto& e : result.errors)
            std::cerr << "错误 error: " << e << "\n";
        return kExitBadInput;
    }

    // Warnings are judged per catchment unit: towns, or districts for stages recruited
    // county-wide (senior, vocational, special by default).
    auto byDistrict = [&](Stage st) {
        return city.norms[st].catchment == core::CatchmentLevel::District;
    };
    auto unitName = [&](const core::WarningCell& c) {
        return byDistrict(c.stage) ? city.regions.districts[c.town].name
                                   : city.regions.towns[c.town].name;
    };
    std::vector<const core::WarningCell*> judged;
    for (const auto& c : result.cells)
        if (!byDistrict(c.stage))
            judged.push_back(&c);
    for (const auto& c : result.districtCells)
        if (byDistrict(c.stage))
            judged.push_back(&c);

    std::vector<std::string> header{"年份 Year"};
    for (Stage s : core::kAllStages)
        header.push_back(fmt::format("{} 红/黄", core::stageNameZh(s)));
    TextTable counts(header, std::vector<bool>(header.size(), true));
    for (int y = setup.firstYear; y <= setup.lastYear; ++y) {
        std::array<int, core::kStageCount> red{}, yellow{};
        for (const core::WarningCell* c : judged) {
            if (c->year != y)
                continue;
            if (c->level == core::WarningLevel::Red)
                ++red[core::stageIndex(c->stage)];
            else if (c->level == core::WarningLevel::Yellow)
                ++yellow[core::stageIndex(c->stage)];
        }
        std::vector<std::string> row{std::to_string(y)};
        for (int s = 0; s < core::kStageCount; ++s)
            row.push_back(fmt::format("{}/{}", red[s], yellow[s]));
        counts.addRow(row);
    }
    TextTable reds({"片区 Unit", "学段 Stage", "学位 Seats", "P10", "P50", "P90", "P(需求>学位)"},
                   {false, false, true, true, true, true, true});
    for (const core::WarningCell* c : judged) {
        if (c->year != setup.lastYear || c->level != core::WarningLevel::Red)
            continue;
        reds.addRow({unitName(*c), std::string(core::stageNameZh(c->stage)), integer(c->seats),
                     integer(c->p10), integer(c->p50), integer(c->p90),
                     fmt::format("{:.0f}%", c->probabilityOverSeats * 100.0)});
    }
    std::cout << fmt::format(
                     "\n== 学位预警 Seat warnings (片区数 units: 红 red / 黄 yellow; 学前、义务"
                     "教育按乡镇, 高中、中职、特教按区县 / towns for kindergarten and "
                     "compulsory, districts for the others; {} 次模拟 draws; 比较 {}) ==\n",
                     result.draws,
                     options.compareCalibrated ? "预期在校生 expected enrolment"
                                               : "常住适龄需求 resident demand")
              << counts.render()
              << fmt::format("\n{} 年红色预警 Red in {}:\n", setup.lastYear, setup.lastYear)
              << reds.render();

    if (options.catchments) {
        std::vector<std::string> h{"年份 Year"};
        for (Stage st : core::kAllStages)
            h.push_back(fmt::format("{} 红/黄", core::stageNameZh(st)));
        TextTable schoolCounts(h, std::vector<bool>(h.size(), true));
        for (int y = setup.firstYear; y <= setup.lastYear; ++y) {
            std::array<int, core::kStageCount> red{}, yellow{};
            for (const auto& c : result.catchmentCells) {
                if (c.year != y)
                    continue;
                if (c.level == core::WarningLevel::Red)
                    ++red[core::stageIndex(c.stage)];
                else if (c.level == core::WarningLevel::Yellow)
                    ++yellow[core::stageIndex(c.stage)];
            }
            std::vector<std::string> row{std::to_string(y)};
            for (int st = 0; st < core::kStageCount; ++st)
                row.push_back(fmt::format("{}/{}", red[st], yellow[st]));
            schoolCounts.addRow(row);
        }
        std::cout << "\n== 学校服务范围预警 School catchment warnings (学校数 schools: 红 red / 黄 "
                     "yellow) ==\n"
                  << schoolCounts.render();
    }

    std::cerr << fmt::format("[4/4] 写出结果 Writing results to {} …\n", options.outDir.string());
    const core::ProjectionResult& p = series->projection;
    CsvTable population{{"year", "town_code", "age", "category", "persons"}, {}};
    CsvTable demand{{"year", "town_code", "stage", "grade", "age", "demand", "migrant_demand",
                     "expected_enrolment"},
                    {}};
    for (int y = p.firstYear; y <= p.lastYear; ++y)
        for (std::size_t t = 0; t < p.townCodes.size(); ++t) {
            for (int a = 0; a <= p.maxAge; ++a)
                for (core::PopCategory c :
                     {core::PopCategory::Registered, core::PopCategory::Migrant})
                    population.rows.push_back({std::to_string(y), p.townCodes[t], std::to_string(a),
                                               std::string(core::categoryCode(c)),
                                               fixed(p.personsAt(y, t, a, c), 3)});
            for (const core::GradeCohort& g : p.grades)
                demand.rows.push_back(
                    {std::to_string(y), p.townCodes[t], std::string(core::stageCode(g.stage)),
                     std::to_string(g.grade), std::to_string(g.age),
                     fixed(p.demandAt(y, t, g.stage, g.grade, core::DemandKind::Raw), 3),
                     fixed(p.demandAt(y, t, g.stage, g.grade, core::DemandKind::Migrant), 3),
                     fixed(p.demandAt(y, t, g.stage, g.grade, core::DemandKind::Calibrated), 3)});
        }
    CsvTable components{{"year", "town_code", "category", "persons_before", "births", "deaths",
                         "aged_out", "migration", "housing", "persons_after"},
                        {}};
    for (const auto& c : p.components)
        components.rows.push_back({std::to_string(c.year), p.townCodes[c.town],
                                   std::string(core::categoryCode(c.category)),
                                   fixed(c.personsBefore, 3), fixed(c.births, 3),
                                   fixed(c.deaths, 3), fixed(c.agedOut, 3), fixed(c.migration, 3),
                                   fixed(c.housing, 3), fixed(c.personsAfter, 3)});
    CsvTable warnings{{"year", "unit", "code", "name", "stage", "seats", "deterministic", "mean",
                       "p10", "p50", "p90", "probability_over_seats", "utilisation", "level",
                       "judged"},
                      {}};
    auto addWarnings = [&](const std::vector<core::WarningCell>& cells, bool district) {
        for (const auto& c : cells)
            warnings.rows.push_back(
                {std::to_string(c.year), district ? "district" : "town",
                 district ? result.districtCodes[c.town] : result.townCodes[c.town],
                 district ? city.regions.districts[c.town].name : city.regions.towns[c.town].name,
                 std::string(core::stageCode(c.stage)), fixed(c.seats, 0),
                 fixed(c.deterministic, 2), fixed(c.mean, 2), fixed(c.p10, 2), fixed(c.p50, 2),
                 fixed(c.p90, 2), fixed(c.probabilityOverSeats, 4), finiteOrEmpty(c.utilisation, 4),
                 std::string(core::warningLevelCode(c.level)),
                 byDistrict(c.stage) == district ? "yes" : "no"});
    };
    addWarnings(result.cells, false);
    addWarnings(result.districtCells, true);
    const CsvTable balance{yearBalanceHeader(), yearBalanceRows(city, *series)};
    CsvTable catchments{{"year", "school_id", "school", "town_code", "stage", "seats",
                         "deterministic", "mean", "p10", "p50", "p90", "probability_over_seats",
                         "utilisation", "level"},
                        {}};
    for (const auto& c : result.catchmentCells) {
        const core::School& school = city.schools[catchmentSchool[c.town]];
        catchments.rows.push_back(
            {std::to_string(c.year), school.id, school.name, school.townCode,
             std::string(core::stageCode(c.stage)), fixed(c.seats, 0), fixed(c.deterministic, 2),
             fixed(c.mean, 2), fixed(c.p10, 2), fixed(c.p50, 2), fixed(c.p90, 2),
             fixed(c.probabilityOverSeats, 4), finiteOrEmpty(c.utilisation, 4),
             std::string(core::warningLevelCode(c.level))});
    }

    using T = gis::ColumnType;
    try {
        createOutputFolder(options.outDir);
        gis::writeCsv(options.outDir / "projection_population.csv", population.header,
                      population.rows);
        gis::writeCsv(options.outDir / "projection_demand.csv", demand.header, demand.rows);
        gis::writeCsv(options.outDir / "projection_components.csv", components.header,
                      components.rows);
        gis::writeCsv(options.outDir / "projection_balance.csv", balance.header, balance.rows);
        gis::writeCsv(options.outDir / "projection_warnings.csv", warnings.header, warnings.rows);
        if (options.catchments)
            gis::writeCsv(options.outDir / "projection_catchments.csv", catchments.header,
                          catchments.rows);
        std::vector<T> balanceTypes(balance.header.size(), T::Real);
        for (const char* text : {"level", "code", "name", "district_code", "stage"})
            for (std::size_t i = 0; i < balance.header.size(); ++i)
                if (balance.header[i] == text)
                    balanceTypes[i] = T::Text;
        balanceTypes[0] = T::Integer;
        gis::writeGeoPackageTables(
            options.outDir / "projection.gpkg", l->data,
            {toTable(
                 "demand", demand,
                 {T::Integer, T::Text, T::Text, T::Integer, T::Integer, T::Real, T::Real, T::Real}),
             toTable("warnings", warnings,
                     {T::Integer, T::Text, T::Text, T::Text, T::Text, T::Real, T::Real, T::Real,
                      T::Real, T::Real, T::Real, T::Real, T::Real, T::Text, T::Text}),
             toTable("balance", balance, balanceTypes),
             toTable("components", components,
                     {T::Integer, T::Text, T::Text, T::Real, T::Real, T::Real, T::Real, T::Real,
                      T::Real, T::Real}),
             toTable("catchment_warnings", catchments,
                     {T::Integer, T::Text, T::Text, T::Text, T::Text, T::Real, T::Real, T::Real,
                      T::Real, T::Real, T::Real, T::Real, T::Real, T::Text})});
    } catch (const gis::GisError& e) {
        std::cerr << "错误 error: " << e.what() << "\n";
        return kExitBadInput;
    }
    std::cout << fmt::format("\n已写出 Written: {0}/projection.gpkg (towns + 表 tables demand, "
                             "warnings, balance, components), {0}/projection_population.csv, "
                             "{0}/projection_demand.csv, {0}/projection_components.csv, "
                             "{0}/projection_balance.csv, {0}/projection_warnings.csv\n",
                             options.outDir.string());
    return kExitOk;
}

} // namespace xw::cli
