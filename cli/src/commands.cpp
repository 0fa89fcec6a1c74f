#include "commands.hpp"

#include "allocation_report.hpp"
#include "loading.hpp"
#include "project_command.hpp"
#include "report.hpp"
#include "text_table.hpp"

#include <xw/core/projection/projected_city.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/writer.hpp>
#include <xw/scenarios/norms_file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <system_error>

namespace xw::cli {

namespace fs = std::filesystem;

namespace {

/// Results of every projected year beside the seat balance (YearSeries): indicators, balance
/// coefficients, teachers and land. One entry per year of the series, in its order.
struct YearResults {
    std::vector<core::YearIndicators> indicators;
    std::vector<std::vector<core::BalanceResult>> coefficients;
    std::vector<std::vector<core::AreaResources>> resources;
};

YearResults computeYearResults(const core::CityData& city, const YearSeries& series) {
    YearResults out;
    for (const core::SeatBalance& b : series.balances) {
        out.indicators.push_back(core::computeIndicatorsForYear(city, series.projection, b.year));
        out.coefficients.push_back(
            core::balanceCoefficientsForYear(city, series.projection, b.year));
        out.resources.push_back(core::computeResources(city, b));
    }
    return out;
}

/// Appends the rows of `t` to `into` with `year` (and `extra` cells) in front; the first call
/// sets the header.
void appendWithYear(CsvTable& into, int year, CsvTable t,
                    const std::vector<std::pair<std::string, std::string>>& extra = {}) {
    if (into.header.empty()) {
        into.header.push_back("year");
        for (const auto& [name, value] : extra)
            into.header.push_back(name);
        into.header.insert(into.header.end(), t.header.begin(), t.header.end());
    }
    for (auto& r : t.rows) {
        std::vector<std::string> row{std::to_string(year)};
        for (const auto& [name, value] : extra)
            row.push_back(value);
        row.insert(row.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
        into.rows.push_back(std::move(row));
    }
}

std::string wholeNumber(double v) {
    return fmt::format("{:.0f}", std::round(v));
}

/// Per year, for the city: allocation shortfall per stage (when allocated), and the indicators
/// passed and failed, the large-class share, the balance coefficients passed, teachers short and
/// needed for the missing seats, land and floor area for them.
std::string renderYearResults(const core::CityData& city, const YearSeries& series,
                              const YearResults& yr, const AllocationRun* allocation) {
    std::string out;
    if (allocation && !allocation->byYear.empty()) {
        std::vector<std::string> header{"年份 Year"};
        for (const auto& r : allocation->byYear.front())
            header.push_back(
                fmt::format("{} {}", core::stageNameZh(r.stage), core::stageNameEn(r.stage)));
        TextTable t(header, std::vector<bool>(header.size(), true));
        for (std::size_t y = 0; y < allocation->years.size(); ++y) {
            std::vector<std::string> row{std::to_string(allocation->years[y])};
            for (const auto& r : allocation->byYear[y])
                row.push_back(fmt::format("{} ({})", r.city.shortfall, r.city.unplaced));
            t.addRow(row);
        }
        out +=
            fmt::format("\n== 逐年学位分配缺口 Allocation shortfall by year ({}; 全市 city: 缺口 "
                        "(其中未安置) shortfall (of which unplaced)) ==\n",
                        core::allocationModeCode(allocation->byYear.front().front().mode)) +
            t.render();
    }
    TextTable t({"年份 Year", "指标达标 Pass", "未达标 Fail", "目标期限 Deadline", "大班额 ≥56",
                 "均衡达标 CV pass", "缺教师 Teachers short", "新增教师 New teachers",
                 "用地 Land m²", "建筑 Floor m²"},
                {true, true, true, false, true, true, true, true, true, true});
    for (std::size_t y = 0; y < series.balances.size() && y < yr.indicators.size(); ++y) {
        const core::YearIndicators& ind = yr.indicators[y];
        int pass = 0;
        int fail = 0;
        std::string large = "-";
        for (const auto& a : ind.areas) {
            if (a.level != "city")
                continue;
            for (const auto& i : a.items) {
                if (i.pass)
                    ++(*i.pass ? pass : fail);
                if (i.key == "large_class_share" && i.value)
                    large =
                        fmt::format("{:.1f}% {}", *i.value * 100.0, i.pass && *i.pass ? "✓" : "✗");
            }
        }
        int cvPass = 0;
        for (const auto& c : yr.coefficients[y])
            cvPass += c.pass ? 1 : 0;
        double gap = 0.0, teachers = 0.0, land = 0.0, floor = 0.0;
        for (const auto& r : yr.resources[y])
            if (r.level == "city") {
                gap += r.teacherGap;
                teachers += r.teachersForMissing;
                land += r.landForMissingM2;
                floor += r.floorForMissingM2;
            }
        t.addRow({std::to_string(ind.year), std::to_string(pass), std::to_string(fail),
                  ind.due ? fmt::format("已过 past {}", ind.deadlineYear)
                          : fmt::format("未到 before {}", ind.deadlineYear),
                  large, fmt::format("{}/{}", cvPass, yr.coefficients[y].size()), wholeNumber(gap),
                  wholeNumber(teachers), wholeNumber(land), wholeNumber(floor)});
    }
    out += "\n== 逐年规划指标与资源 Indicators and resources by year (全市 city) ==\n" +
           t.render() +
           "预测年: 在校生 = 基准年各校各年级在校生 × 所在片区预期在校生增长, 班级数、教师、"
           "标准化等按基准年记录; 缺教师 = 按编制需教师 − 在编教师; 新增教师、用地、建筑按缺学位"
           "计。明细见 *_by_year.csv。\n"
           "Projected years: pupils = each school's base-year pupils per grade × the growth of "
           "its unit's expected enrolment; classes, teachers and school records as in the base "
           "year; teachers short = needed by the staffing ratio − on record; new teachers, land "
           "and floor area for the missing seats. Detail in the *_by_year.csv files.\n";
    (void)city;
    return out;
}

/// The *_by_year.csv files (the columns of the base-year file with `year` in front) and
/// xuewei_by_year.gpkg (the towns layer and the per-year tables, for joins on code / school_id).
void writeYearFiles(const fs::path& outDir, const gis::DatasetLoad& data, const YearSeries& series,
                    const YearResults& yr, const AllocationRun* allocation) {
    const core::CityData& city = data.city;
    CsvTable schools, indicators, coefficients, resources, allocAreas, allocSchools;
    for (std::size_t y = 0; y < series.balances.size(); ++y) {
        const int year = series.balances[y].year;
        appendWithYear(schools, year, schoolBalanceTable(city, series.balances[y]));
        const core::YearIndicators& ind = yr.indicators[y];
        appendWithYear(
            indicators, year, indicatorTable(ind.areas),
            {{"deadline_year", std::to_string(ind.deadlineYear)}, {"due", ind.due ? "yes" : "no"}});
        appendWithYear(coefficients, year, balanceCoefficientTable(city, yr.coefficients[y]));
        appendWithYear(resources, year, resourcesTable(yr.resources[y]));
    }
    if (allocation)
        for (std::size_t y = 0; y < allocation->years.size(); ++y) {
            appendWithYear(allocAreas, allocation->years[y],
                           allocationAreaTable(city, allocation->byYear[y]));
            appendWithYear(allocSchools, allocation->years[y],
                           allocationSchoolTable(city, allocation->byYear[y]));
        }
    const std::vector<std::pair<std::string, const CsvTable*>> files{
        {"balance_schools_by_year.csv", &schools},
        {"indicators_by_year.csv", &indicators},
        {"balance_coefficients_by_year.csv", &coefficients},
        {"resources_by_year.csv", &resources},
        {"allocation_areas_by_year.csv", &allocAreas},
        {"allocation_schools_by_year.csv", &allocSchools}};
    std::vector<gis::Table> tables;
    for (const auto& [name, table] : files) {
        if (table->header.empty())
            continue;
        gis::writeCsv(outDir / name, table->header, table->rows);
        // GeoPackage column types: numbers where every cell parses as one, else text.
        std::vector<gis::ColumnType> types(table->header.size(), gis::ColumnType::Integer);
        for (std::size_t c = 0; c < types.size(); ++c)
            for (const auto& row : table->rows) {
                const std::string& v = row[c];
                if (v.empty())
                    continue;
                char* end = nullptr;
                (void)std::strtod(v.c_str(), &end);
                const bool number = end != nullptr && *end == '\0';
                if (!number) {
                    types[c] = gis::ColumnType::Text;
                    break;
                }
                if (v.find_first_of(".eE") != std::string::npos)
                    types[c] = gis::ColumnType::Real;
            }
        for (const char* text : {"code", "school_id", "town_code", "district_code"})
            for (std::size_t c = 0; c < types.size(); ++c)
                if (table->header[c] == text)
                    types[c] = gis::ColumnType::Text; // codes are names, not numbers
        const std::string layer = name.substr(0, name.size() - 4);
        tables.push_back({layer, table->header, types, table->rows});
    }
    gis::writeGeoPackageTables(outDir / "xuewei_by_year.gpkg", data, tables);
}

} // namespace

fs::path defaultDataDir() {
    if (const char* env = std::getenv("XUEWEI_DATA"); env && *env)
        return env;
    std::error_code ec;
    const fs::path source = XW_DEFAULT_DATA_DIR;
    if (fs::exists(source / "dataset.yaml", ec))
        return source;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share/xuewei/data/yangjiang";
        if (fs::exists(installed / "dataset.yaml", ec))
            return installed;
    }
    return source;
}

int checkCommand(const fs::path& dataDir) {
    std::cerr << fmt::format("读取并校验数据集 Loading and validating {} …\n", dataDir.string());
    const auto l = load(dataDir);
    if (!l)
        return kExitBadInput;
    for (const auto& p : l->data.problems)
        std::cout << gis::toString(p) << "\n";
    std::cout << summaryLine(*l);
    return l->errors > 0 ? kExitBadInput : kExitOk;
}

int runCommand(const RunOptions& options) {
    const fs::path dataDir = options.dataDir.value_or(defaultDataDir());
    std::cerr << fmt::format("[1/3] 读取数据集 Loading dataset {} …\n", dataDir.string());
    const auto l = load(dataDir);
    if (!l)
        return kExitBadInput;
    std::cout << summaryLine(*l);
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < l->data.problems.size() && i < kShown; ++i)
        std::cout << "  " << gis::toString(l->data.problems[i]) << "\n";
    if (l->data.problems.size() > kShown)
        std::cout << fmt::format("  … 其余 {} 条见 and {} more in {}\n",
                                 l->data.problems.size() - kShown, l->data.problems.size() - kShown,
                                 (options.outDir / "validation.csv").string());

    std::cerr << "[2/3] 计算学位供需平衡 Computing the seat balance …\n";
    const core::CityData& city = l->data.city;
    const core::SeatBalance balance = core::computeSeatBalance(city);

    std::cout << fmt::format("\n== {} 年学位供需 Seat balance {} — 全市 city ==\n", city.baseYear,
                             city.baseYear)
              << renderHeadline(city, balance);
    if (!options.quiet) {
        for (core::Stage s : core::kAllStages) {
            if (!options.stages.empty() &&
                std::find(options.stages.begin(), options.stages.end(), s) == options.stages.end())
                continue;
            std::cout << fmt::format("\n== {} {} ({} 年 / {}) ==\n", core::stageNameZh(s),
                                     core::stageNameEn(s), city.baseYear, city.baseYear)
                      << renderStageTable(city, balance, s);
        }
        std::cout << "\n需求 = 适龄常住人口 × 目标入学率; 学位 = 班数 × 标准班额; 缺口/富余按区域内"
                     "学校计; Σ分片缺口 = 各招生片区缺口之和 (幼儿园和义务教育以乡镇为片区, "
                     "高中、中职、特教以区县为片区, 不跨片区调剂)。\n"
                     "Demand = residents of the stage's ages × target rate; seats = classes × "
                     "standard class size; shortfall/surplus against the schools in the same area; "
                     "Σlocal short = sum of the shortfalls of the catchment units (towns for "
                     "kindergarten and compulsory schooling, districts for senior, vocational and "
                     "special schools), with no child crossing a unit's boundary.\n";
    }

    const auto indicators = core::computeIndicators(city);
    const auto coefficients = core::balanceCoefficients(city);
    const auto kindergartens = core::checkKindergartens(city);
    const auto resources = core::computeResources(city, balance);
    if (!options.quiet) {
        std::cout << fmt::format("\n== 规划指标 Seed indicators ({} 年 / {}; 目标年 target year "
                                 "{}) ==\n",
                                 city.baseYear, city.baseYear,
                                 core::IndicatorTargets{}.deadlineYear)
                  << renderIndicators(indicators)
                  << "\n== 义务教育均衡差异系数 Balance coefficients (基本均衡 basic standard) ==\n"
                  << renderBalanceCoefficients(city, coefficients)
                  << "\n== 新建小区配套幼儿园 Kindergartens of new housing ==\n"
                  << renderKindergartenChecks(city, kindergartens)
                  << "\n== 教师与用地 Teachers and land (按规范 by the norms) ==\n"
                  << renderResources(resources);
    }

    std::optional<YearSeries> series;
    std::optional<YearResults> yearResults;
    if (options.years) {
        ProjectionOptions po;
        po.years = options.years;
        const ProjectionSetup setup = makeProjectionConfig(city, po);
        if (!setup.error.empty()) {
            std::cerr << "错误 error: " << setup.error << "\n";
            return kExitBadInput;
        }
        std::cerr << fmt::format("      预测 Projecting {}–{} …\n", setup.firstYear,
                                 setup.lastYear);
        series = projectYears(city, setup);
        if (!series)
            return kExitBadInput;
        std::cout << fmt::format("\n== 逐年学位供需 Seat balance by year {}–{} (中方案 medium "
                                 "variant; 不确定性见 uncertainty: xuewei project) ==\n",
                                 setup.firstYear, setup.lastYear)
                  << renderYearSeries(city, *series);
        if (city.baseYear < setup.firstYear || city.baseYear > setup.lastYear)
            std::cerr << fmt::format("警告 warning: 基准年 {0} 不在预测期内, 不计逐年指标 / the "
                                     "base year {0} is outside the projection: no indicators by "
                                     "year\n",
                                     city.baseYear);
        else
            yearResults = computeYearResults(city, *series);
    }

    std::optional<AllocationRun> allocation;
    if (options.allocate != "none") {
        std::cerr << "      学位分配 Allocating children to schools …\n";
        // Each projected year's resident demand (as in balance_by_year.csv) per stage and town.
        std::vector<YearDemand> years;
        if (series)
            for (const core::SeatBalance& b : series->balances) {
                YearDemand y;
                y.year = b.year;
                for (auto& v : y.townDemand)
                    v.assign(city.regions.towns.size(), 0.0);
                for (std::size_t r = 0; r < b.towns.size(); ++r) // town-major, stage-minor
                    y.townDemand[static_cast<std::size_t>(core::stageIndex(b.towns[r].stage))]
                                [r / core::kStageCount] = b.towns[r].demand;
                years.push_back(std::move(y));
            }
        allocation =
            runAllocation(l->data, balance, {options.allocate, options.gridMeters, options.roads},
                          std::cerr, years);
        if (!allocation)
            return kExitBadInput;
        if (!options.quiet)
            std::cout << fmt::format("\n== 学位分配 Allocation ({} 年 / {}) ==\n", city.baseYear,
                                     city.baseYear)
                      << renderAllocation(city, *allocation, options.stages);
    }
    if (series && yearResults)
        std::cout << renderYearResults(city, *series, *yearResults,
                                       allocation ? &*allocation : nullptr);

    std::cerr << fmt::format("[3/3] 写出结果 Writing results to {} …\n", options.outDir.string());
    try {
        createOutputFolder(options.outDir);
        const CsvTable areas = areaBalanceTable(city, balance);
        const CsvTable schools = schoolBalanceTable(city, balance);
        const gis::AllocationLayers layers =
            allocation ? allocation->layers() : gis::AllocationLayers{};
        gis::writeGeoPackage(options.outDir / "xuewei.gpkg", l->data, balance,
                             allocation ? &layers : nullptr);
        if (allocation) {
            const CsvTable aa = allocationAreaTable(city, *allocation);
            gis::writeCsv(options.outDir / "allocation_areas.csv", aa.header, aa.rows);
            const CsvTable as = allocationSchoolTable(city, *allocation);
            gis::writeCsv(options.outDir / "allocation_schools.csv", as.header, as.rows);
        }
        gis::writeCsv(options.outDir / "balance_areas.csv", areas.header, areas.rows);
        gis::writeCsv(options.outDir / "balance_schools.csv", schools.header, schools.rows);
        const CsvTable ind = indicatorTable(indicators);
        gis::writeCsv(options.outDir / "indicators.csv", ind.header, ind.rows);
        const CsvTable cv = balanceCoefficientTable(city, coefficients);
        gis::writeCsv(options.outDir / "balance_coefficients.csv", cv.header, cv.rows);
        const CsvTable kg = kindergartenCheckTable(city, kindergartens);
        gis::writeCsv(options.outDir / "kindergarten_check.csv", kg.header, kg.rows);
        const CsvTable res = resourcesTable(resources);
        gis::writeCsv(options.outDir / "resources.csv", res.header, res.rows);
        if (series)
            gis::writeCsv(options.outDir / "balance_by_year.csv", yearBalanceHeader(),
                          yearBalanceRows(city, *series));
        if (series && yearResults)
            writeYearFiles(options.outDir, l->data, *series, *yearResults,
                           allocation ? &*allocation : nullptr);
        writeValidation(options.outDir / "validation.csv", *l);
    } catch (const gis::GisError& e) {
        std::cerr << fmt::format("错误 error: {}\n", e.what());
        return kExitBadInput;
    }
    std::cout << fmt::format("\n已写出 Written: {0}/xuewei.gpkg (图层 layers districts, towns, "
                             "schools), {0}/balance_areas.csv, {0}/balance_schools.csv, "
                             "{0}/indicators.csv, {0}/balance_coefficients.csv, "
                             "{0}/kindergarten_check.csv, {0}/resources.csv, "
                             "{0}/validation.csv\n",
                             options.outDir.string());
    if (allocation)
        std::cout << fmt::format("  以及 and: 图层 layers demand_points, catchments; "
                                 "{0}/allocation_areas.csv, {0}/allocation_schools.csv\n",
                                 options.outDir.string());
    if (series)
        std::cout << fmt::format(
            "  逐年 by year: {0}/balance_by_year.csv{1}\n", options.outDir.string(),
            yearResults
                ? fmt::format(", {0}/balance_schools_by_year.csv, "
                              "{0}/indicators_by_year.csv, "
                              "{0}/balance_coefficients_by_year.csv, "
                              "{0}/resources_by_year.csv{1}, "
                              "{0}/xuewei_by_year.gpkg",
                              options.outDir.string(),
                              allocation ? fmt::format(", {0}/allocation_areas_by_year.csv, "
                                                       "{0}/allocation_schools_by_year.csv",
                                                       options.outDir.string())
                                         : std::string())
                : std::string());
    return kExitOk;
}

} // namespace xw::cli
