#include "loading.hpp"

#include "report.hpp"

#include <xw/gis/writer.hpp>
#include <xw/scenarios/norms_file.hpp>

#include <fmt/format.h>

#include <iostream>
#include <system_error>

namespace xw::cli {

namespace fs = std::filesystem;

std::optional<Loaded> load(const fs::path& dir) {
    Loaded l;
    try {
        l.data = gis::loadDataset(dir);
        if (l.data.normsFile)
            l.data.city.norms = scenarios::loadNorms(*l.data.normsFile, core::Norms::defaults());
    } catch (const gis::GisError& e) {
        std::cerr << fmt::format("错误 error: {}\n", e.what());
        return std::nullopt;
    } catch (const scenarios::ScenarioError& e) {
        std::cerr << fmt::format("错误 error: {}\n", e.what());
        return std::nullopt;
    }
    for (const auto& p : l.data.problems)
        (p.severity == gis::Severity::Error ? l.errors : l.warnings)++;
    return l;
}

std::string summaryLine(const Loaded& l) {
    const auto& c = l.data.city;
    return fmt::format("数据集 Dataset: {} | 基准年 base year {} | {} 个区县 districts, {} 个乡镇 "
                       "towns, {} 所学校 schools, {} 个新建小区 housing projects | "
                       "坐标系 CRS {}\n"
                       "校验 Validation: {} 个错误 errors (记录已跳过 records skipped), {} 个警告 "
                       "warnings (已修复 repaired)\n",
                       c.name, c.baseYear, c.regions.districts.size(), c.regions.towns.size(),
                       c.schools.size(), c.housing.size(), l.data.workingCrs, l.errors, l.warnings);
}

void writeValidation(const fs::path& out, const Loaded& l) {
    CsvTable t;
    t.header = {"severity", "file", "layer", "feature", "field", "message"};
    for (const auto& p : l.data.problems)
        t.rows.push_back({p.severity == gis::Severity::Error ? "error" : "warning", p.file, p.layer,
                          p.featureId, p.field, p.message});
    gis::writeCsv(out, t.header, t.rows);
}

void createOutputFolder(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw gis::GisError(dir.string(), "",
                            fmt::format("无法创建输出目录 / cannot create the output folder {}: {}",
                                        dir.string(), ec.message()));
}

} // namespace xw::cli
