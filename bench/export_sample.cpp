// Writes the embedded Yangjiang dataset's primary-school balance in every export format, as
// sample files to open in QGIS, ArcGIS, AutoCAD and Excel (scripts/render_exports.py renders
// the GeoPackage and the Shapefile with QGIS). The tables here are a stand-in built from the
// seat balance; the study engine will provide the real export content.
//
//   export_sample OUT_FOLDER [DATA_FOLDER] [EPSG:4546|EPSG:4525|EPSG:4490]
#include <xw/core/balance/seat_balance.hpp>
#include <xw/gis/dataset.hpp>
#include <xw/gis/export.hpp>

#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace xw;
namespace fs = std::filesystem;

core::Column col(std::string key, std::string zh, std::string en, core::ColumnType type,
                 std::string unit = "", int decimals = -1) {
    return core::Column{std::move(key), std::move(zh),   std::move(en),
                        type,           std::move(unit), decimals};
}

core::Cell optionalReal(bool present, double v) {
    return present ? core::Cell{v} : core::Cell{};
}

std::vector<core::Table> sampleTables(const gis::DatasetLoad& data,
                                      const core::SeatBalance& balance) {
    using core::ColumnType;
    const auto& city = data.city;

    core::Table districts;
    districts.name = "districts";
    districts.titleZh = "区县";
    districts.titleEn = "Districts";
    districts.crs = data.workingCrs;
    districts.columns = {col("code", "区县代码", "District code", ColumnType::Text),
                         col("name", "区县名称", "District name", ColumnType::Text)};
    for (std::size_t i = 0; i < city.regions.districts.size(); ++i) {
        districts.rows.push_back({city.regions.districts[i].code, city.regions.districts[i].name});
        districts.geometries.push_back(data.districtShapes[i].wkb);
    }

    std::map<std::string, const core::AreaStageBalance*> townPrimary;
    for (const auto& b : balance.towns) {
        if (b.stage == core::Stage::Primary)
            townPrimary[b.code] = &b;
    }
    core::Table towns;
    towns.name = "towns";
    towns.titleZh = "乡镇小学学位供需";
    towns.titleEn = "Primary seat balance by town";
    towns.crs = data.workingCrs;
    towns.columns = {
        col("code", "乡镇代码", "Town code", ColumnType::Text),
        col("name", "乡镇名称", "Town name", ColumnType::Text),
        col("urban", "城乡", "Urban or rural", ColumnType::Text),
        col("primary_demand", "小学学位需求", "Primary demand", ColumnType::Real, "children", 0),
        col("primary_seats", "小学学位", "Primary seats", ColumnType::Integer, "seats"),
        col("primary_shortfall", "小学学位缺口", "Primary shortfall", ColumnType::Real, "seats", 0),
        col("primary_utilisation", "小学学位使用率", "Primary utilisation", ColumnType::Real,
            "share", 3)};
    for (std::size_t i = 0; i < city.regions.towns.size(); ++i) {
        const auto& t = city.regions.towns[i];
        const auto it = townPrimary.find(t.code);
        const core::AreaStageBalance* b = it != townPrimary.end() ? it->second : nullptr;
        towns.rows.push_back(
            {t.code, t.name, std::string(t.urban ? "城镇" : "乡村"),
             optionalReal(b != nullptr, b != nullptr ? b->demand : 0.0),
             b != nullptr ? core::Cell{std::int64_t{b->seats}} : core::Cell{},
             optionalReal(b != nullptr, b != nullptr ? b->shortfall : 0.0),
             optionalReal(b != nullptr && b->utilisation, b != nullptr ? b->utilisation.value_or(0.0) : 0.0)});
        towns.geometries.push_back(data.townShapes[i].wkb);
    }

    core::Table schools;
    schools.name = "schools";
    schools.titleZh = "小学";
    schools.titleEn = "Primary schools";
    schools.crs = data.workingCrs;
    schools.columns = {
        col("id", "学校标识码", "School id", ColumnType::Text),
        col("name", "学校名称", "School name", ColumnType::Text),
        col("ownership", "办学性质", "Ownership", ColumnType::Text),
        col("town", "所在乡镇", "Town", ColumnType::Text),
        col("classes", "班数", "Classes", ColumnType::Integer, "classes"),
        col("seats", "学位数", "Seats", ColumnType::Integer, "seats"),
        col("enrolment", "在校生数", "Enrolment", ColumnType::Integer, "pupils"),
        col("utilisation", "学位使用率", "Utilisation", ColumnType::Real, "share", 3)};
    for (const auto& b : balance.schools) {
        if (b.stage != core::Stage::Primary)
            continue;
        const core::School& s = city.schools[b.schoolIndex];
        schools.rows.push_back(
            {s.id, s.name, std::string(s.ownership == core::Ownership::Public ? "公办" : "民办"),
             s.townCode, std::int64_t{b.classes}, std::int64_t{b.seats}, std::int64_t{b.enrolment},
             optionalReal(b.utilisation.has_value(), b.utilisation.value_or(0.0))});
        core::Wkb wkb(21);
        wkb[0] = 1; // little-endian ISO WKB point
        const std::uint32_t type = 1;
        std::memcpy(&wkb[1], &type, 4);
        std::memcpy(&wkb[5], &s.location.x, 8);
        std::memcpy(&wkb[13], &s.location.y, 8);
        schools.geometries.push_back(std::move(wkb));
    }

    core::Table summary;
    summary.name = "summary";
    summary.titleZh = "全市学位汇总";
    summary.titleEn = "City seat summary";
    summary.columns = {
        col("stage", "学段", "Stage", ColumnType::Text),
        col("demand", "学位需求", "Demand", ColumnType::Real, "children", 0),
        col("seats", "学位", "Seats", ColumnType::Integer, "seats"),
        col("net_shortfall", "净缺口", "Net shortfall", ColumnType::Real, "seats", 0)};
    for (const auto& c : balance.city) {
        summary.rows.push_back({std::string(core::stageNameZh(c.stage)), c.demand,
                                std::int64_t{c.seats}, c.demand - static_cast<double>(c.seats)});
    }
    return {districts, towns, schools, summary};
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "用法 / usage: export_sample OUT_FOLDER [DATA_FOLDER] [CRS]\n");
        return 2;
    }
    try {
        const fs::path out = argv[1];
        const fs::path dataFolder = argc > 2 ? fs::path(argv[2]) : fs::path(XW_DEFAULT_DATA_DIR);
        const gis::DatasetLoad data = gis::loadDataset(dataFolder);
        const core::SeatBalance balance = core::computeSeatBalance(data.city);
        const auto tables = sampleTables(data, balance);
        gis::ExportOptions options;
        options.force = true;
        if (argc > 3)
            options.crs = argv[3];
        options.styles["towns"].classifyKey = "primary_shortfall";
        options.styles["districts"].labelKey = "name";
        options.styles["districts"].colour = {90, 90, 90};
        options.styles["districts"].hasColour = true;
        options.styles["districts"].aci = 8;
        options.styles["districts"].fill = false;
        fs::create_directories(out);
        for (const char* f : {"gdb", "shp", "gpkg", "dxf", "xlsx", "geojson", "csv"}) {
            const gis::ExportFormat format = gis::parseExportFormat(f);
            const std::string name =
                std::string("yangjiang") + (gis::exportWritesFolder(format) ? "_" : ".") + f;
            const gis::ExportReport r = gis::exportTables(tables, out / name, format, options);
            std::printf("%-8s %s (%zu files or layers)\n", f, r.out.c_str(), r.files.size());
            for (const auto& note : r.notes)
                std::printf("         %s\n", note.c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "错误 / error: %s\n", e.what());
        return 1;
    }
    return 0;
}
