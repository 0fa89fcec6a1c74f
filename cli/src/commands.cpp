#include "commands.hpp"

#include "allocation_report.hpp"
#include "loading.hpp"
#include "project_command.hpp"
#include "report.hpp"

#include <xw/core/seat_balance.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/writer.hpp>
#include <xw/scenarios/norms_file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <system_error>

namespace xw::cli {

namespace fs = std::filesystem;

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
    }

    std::optional<AllocationRun> allocation;
    if (options.allocate != "none") {
        std::cerr << "      学位分配 Allocating children to schools …\n";
        allocation =
            runAllocation(l->data, balance, {options.allocate, options.gridMeters}, std::cerr);
        if (!allocation)
            return kExitBadInput;
        if (!options.quiet)
            std::cout << fmt::format("\n== 学位分配 Allocation ({} 年 / {}) ==\n", city.baseYear,
                                     city.baseYear)
                      << renderAllocation(city, *allocation, options.stages);
    }

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
    return kExitOk;
}

} // namespace xw::cli
