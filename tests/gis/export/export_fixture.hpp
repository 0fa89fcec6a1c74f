#pragma once
// Small result tables for the export tests: schools (points), towns (polygons) and an
// indicator table (no geometry), in EPSG:4546, with Chinese text, nulls, a share column and two
// Chinese column names that collide when cut to 10 bytes.
#include "../test_support.hpp"

#include <xw/core/common/table.hpp>

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

namespace xw::gis::test {

inline core::Wkb wkbOf(const std::string& wkt) {
    OGRGeometry* g = nullptr;
    const char* text = wkt.c_str();
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(&text, nullptr, &g), OGRERR_NONE) << wkt;
    core::Wkb wkb(static_cast<std::size_t>(g->WkbSize()));
    g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    OGRGeometryFactory::destroyGeometry(g);
    return wkb;
}

inline core::Column column(std::string key, std::string zh, std::string en, core::ColumnType type,
                           std::string unit = "", int decimals = -1) {
    return core::Column{std::move(key), std::move(zh),   std::move(en),
                        type,           std::move(unit), decimals};
}

/// Three schools; the second has null seats and a null shortfall. School 1 sits on the
/// central meridian 111°E (easting 500 000 m in EPSG:4546).
inline core::Table schoolsTable() {
    using core::ColumnType;
    core::Table t;
    t.name = "schools";
    t.titleZh = "学校";
    t.titleEn = "Schools";
    t.crs = "EPSG:4546";
    t.columns = {column("id", "学校代码", "School id", ColumnType::Text),
                 column("name", "学校名称", "School name", ColumnType::Text),
                 column("ownership", "办学性质", "Ownership", ColumnType::Text),
                 column("seats", "学位数", "Seats", ColumnType::Integer, "seats"),
                 column("utilisation", "学位使用率", "Utilisation", ColumnType::Real, "share", 3),
                 column("primary_shortfall", "小学学位缺口数量", "Primary shortfall",
                        ColumnType::Real, "seats", 1),
                 column("primary_shortfall_share", "小学学位缺口比例", "Primary shortfall share",
                        ColumnType::Real, "share", 3)};
    t.rows = {{std::string("S001"), std::string("阳江市江城第一小学"), std::string("公办"),
               std::int64_t{1350}, 0.9481, 12.5, 0.0093},
              {std::string("S002"), std::string("阳江市阳东区东城镇中心小学（北校区）"),
               std::string("民办"), core::Cell{}, 1.0625, core::Cell{}, core::Cell{}},
              {std::string("S003"), std::string("海陵岛试验区闸坡镇\"渔港\"小学, 二部"),
               std::string("公办"), std::int64_t{2700}, 0.5, 0.0, 0.0}};
    t.geometries = {wkbOf("POINT (500000 2400000)"), wkbOf("POINT (601234.5 2418765.25)"),
                    wkbOf("POINT (589000 2385000)")};
    return t;
}

/// Two towns as squares (one a multipolygon), with a population to classify on.
inline core::Table townsTable() {
    using core::ColumnType;
    core::Table t;
    t.name = "towns";
    t.titleZh = "乡镇学位供需";
    t.titleEn = "Seat balance by town";
    t.crs = "EPSG:4546";
    t.columns = {column("code", "乡镇代码", "Town code", ColumnType::Text),
                 column("name", "乡镇名称", "Town name", ColumnType::Text),
                 column("children", "适龄儿童", "Children", ColumnType::Integer, "children"),
                 column("shortfall", "学位缺口", "Shortfall", ColumnType::Real, "seats", 1)};
    t.rows = {{std::string("441702001"), std::string("南恩街道"), std::int64_t{5400}, 120.5},
              {std::string("441704100"), std::string("东城镇"), std::int64_t{3100}, 0.0}};
    t.geometries = {
        wkbOf("POLYGON ((590000 2410000, 600000 2410000, 600000 2420000, 590000 2420000, "
              "590000 2410000))"),
        wkbOf("MULTIPOLYGON (((600000 2410000, 610000 2410000, 610000 2420000, 600000 2420000, "
              "600000 2410000)))")};
    return t;
}

/// A plain table (no geometry) with a year column.
inline core::Table indicatorTable() {
    using core::ColumnType;
    core::Table t;
    t.name = "indicators";
    t.titleZh = "指标";
    t.titleEn = "Indicators";
    t.columns = {column("year", "年份", "Year", ColumnType::Integer, "year"),
                 column("indicator", "指标", "Indicator", ColumnType::Text),
                 column("value", "数值", "Value", ColumnType::Real, "", 2),
                 column("pass", "是否达标", "Pass", ColumnType::Text)};
    t.rows = {{std::int64_t{2025}, std::string("大班额比例"), 0.031, std::string("否")},
              {std::int64_t{2030}, std::string("生均用地面积"), 18.75, std::string("是")},
              {std::int64_t{2035}, std::string("学位缺口"), core::Cell{}, core::Cell{}}};
    return t;
}

inline std::vector<core::Table> allTables() {
    return {schoolsTable(), townsTable(), indicatorTable()};
}

inline GDALDatasetUniquePtr openVector(const fs::path& p,
                                       const char* const* openOptions = nullptr) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::FromHandle(GDALOpenEx(
        p.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, openOptions, nullptr)));
}

/// The EPSG code GDAL identifies for a CRS as gdalsrsinfo does (the CRS's own authority code,
/// else the one match of 100 % confidence), or "" when none.
inline std::string identifiedEpsg(const OGRSpatialReference& srs) {
    if (const char* code = srs.GetAuthorityCode(nullptr);
        code != nullptr && srs.GetAuthorityName(nullptr) != nullptr &&
        std::string(srs.GetAuthorityName(nullptr)) == "EPSG")
        return code;
    int count = 0;
    int* confidence = nullptr;
    OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &count, &confidence);
    std::string found;
    if (count > 0 && confidence[0] == 100) {
        const auto* m = OGRSpatialReference::FromHandle(matches[0]);
        if (const char* code = m->GetAuthorityCode(nullptr))
            found = code;
    }
    OSRFreeSRSArray(matches);
    CPLFree(confidence);
    return found;
}

inline std::vector<std::string> filesIn(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace xw::gis::test
