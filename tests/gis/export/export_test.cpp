// Export tests of what every format shares: the format names, the field names each format can
// hold, and refused inputs that must leave nothing behind.
#include "export_readback.hpp"

#include <xw/gis/export.hpp>

#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>

namespace xw::gis {
namespace {

using namespace test; // the tables of export_fixture.hpp, export_readback.hpp

// ---------------------------------------------------------------------------------------------

TEST(ExportFormat, EveryCliNameParsesBackToItsFormat) {
    for (const char* name : {"gdb", "shp", "gpkg", "dxf", "xlsx", "geojson", "csv"}) {
        EXPECT_EQ(exportFormatName(parseExportFormat(name)), name);
    }
    EXPECT_THROW((void)parseExportFormat("kml"), GisError);
}

TEST(ExportFormat, TheListHoldsEveryFormatOnceAndTheRefusalNamesThemInItsOrder) {
    std::string names;
    for (const ExportFormat f : kExportFormats) {
        EXPECT_EQ(parseExportFormat(exportFormatName(f)), f);
        names += (names.empty() ? "" : ", ") + std::string(exportFormatName(f));
    }
    EXPECT_EQ(names, "gdb, shp, gpkg, dxf, xlsx, geojson, csv");
    try {
        (void)parseExportFormat("kml");
        FAIL() << "expected a GisError";
    } catch (const GisError& e) {
        EXPECT_STREQ(e.what(), "未知的导出格式 / unknown export format \"kml\"; 可选 / one of: "
                               "gdb, shp, gpkg, dxf, xlsx, geojson, csv");
    }
}

TEST(ExportFieldNames, ShapefileNamesFitTenBytesInGbkAndCollisionsAreNumbered) {
    const auto names =
        exportFieldNames(test::schoolsTable(), ExportFormat::Shapefile, TextEncoding::Gbk);
    // 小学学位缺口数量 and 小学学位缺口比例 both cut to 小学学位缺 (5 × 2 bytes); the second
    // becomes 小学学位 + 1 (9 bytes).
    EXPECT_EQ(names, (std::vector<std::string>{"学校代码", "学校名称", "办学性质", "学位数",
                                               "学位使用率", "小学学位缺", "小学学位1"}));
}

TEST(ExportFieldNames, ShapefileNamesFitTenBytesInUtf8AndCollisionsAreNumbered) {
    const auto names =
        exportFieldNames(test::schoolsTable(), ExportFormat::Shapefile, TextEncoding::Utf8);
    // Three bytes per character in UTF-8: at most three characters.
    EXPECT_EQ(names, (std::vector<std::string>{"学校代", "学校名", "办学性", "学位数", "学位使",
                                               "小学学", "小学学1"}));
}

TEST(ExportFieldNames, ShapefileNamesDropPunctuationAndStartWithALetter) {
    core::Table t;
    t.name = "t";
    t.columns = {test::column("a", "用地面积（m²）", "", core::ColumnType::Real),
                 test::column("b", "2025年学位", "", core::ColumnType::Integer),
                 test::column("c", "学位数", "", core::ColumnType::Integer),
                 test::column("d", "学位数", "", core::ColumnType::Integer)};
    const auto names = exportFieldNames(t, ExportFormat::Shapefile, TextEncoding::Gbk);
    EXPECT_EQ(names, (std::vector<std::string>{"用地面积_m", "F2025年学", "学位数", "学位数1"}));
}

TEST(ExportFieldNames, GeodatabaseNamesAreTheKeysMadeValid) {
    core::Table t;
    t.name = "t";
    t.columns = {test::column("order", "顺序", "", core::ColumnType::Integer),
                 test::column("2025_seats", "2025 学位", "", core::ColumnType::Integer),
                 test::column("shape_area", "面积", "", core::ColumnType::Real),
                 test::column("seats-per-class", "班额", "", core::ColumnType::Real)};
    EXPECT_EQ(
        exportFieldNames(t, ExportFormat::FileGdb, TextEncoding::Gbk),
        (std::vector<std::string>{"order_", "F2025_seats", "shape_area_", "seats_per_class"}));
}

// ---------------------------------------------------------------------------------------------
// Refusals and all-or-nothing

TEST(ExportRefusals, InfiniteValueIsRefusedNamingTableRowAndColumnAndNothingIsWritten) {
    ScratchDir dir;
    auto tables = test::allTables();
    tables[0].rows[1][4] = std::numeric_limits<double>::infinity();
    for (const ExportFormat f : {ExportFormat::GeoPackage, ExportFormat::Csv, ExportFormat::Xlsx}) {
        const fs::path out = dir.path() / (f == ExportFormat::Csv    ? "csv"
                                           : f == ExportFormat::Xlsx ? "x.xlsx"
                                                                     : "x.gpkg");
        try {
            exportTables(tables, out, f);
            FAIL() << "expected a GisError";
        } catch (const GisError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("表 schools 第 2 行 列 utilisation"), std::string::npos) << what;
            EXPECT_NE(what.find("table schools, row 2, column utilisation"), std::string::npos);
            EXPECT_NE(what.find("inf"), std::string::npos);
        }
    }
    tables[0].rows[1][4] = std::nan("");
    EXPECT_THROW(exportTables(tables, dir.path() / "y.gpkg", ExportFormat::GeoPackage), GisError);
    EXPECT_TRUE(test::filesIn(dir.path()).empty());
}

TEST(ExportRefusals, CellOfTheWrongTypeOrRowOfTheWrongLengthIsRefused) {
    ScratchDir dir;
    auto wrongType = test::allTables();
    wrongType[2].rows[0][0] = std::string("2025");
    EXPECT_THROW(exportTables(wrongType, dir.path() / "a.gpkg", ExportFormat::GeoPackage),
                 GisError);
    auto shortRow = test::allTables();
    shortRow[1].rows[0].pop_back();
    EXPECT_THROW(exportTables(shortRow, dir.path() / "b.gpkg", ExportFormat::GeoPackage), GisError);
    auto badName = test::allTables();
    badName[0].name = "学校";
    EXPECT_THROW(exportTables(badName, dir.path() / "c.gpkg", ExportFormat::GeoPackage), GisError);
    EXPECT_THROW(exportTables(test::allTables(), dir.path() / "d.sqlite", ExportFormat::GeoPackage),
                 GisError);
    auto reserved = test::allTables();
    reserved[2].name = "fields"; // would overwrite the mapping file fields.csv
    EXPECT_THROW(exportTables(reserved, dir.path() / "csv", ExportFormat::Csv), GisError);
    EXPECT_TRUE(test::filesIn(dir.path()).empty());
}

TEST(ExportRefusals, ExistingOutputIsKeptWithoutForceAndReplacedWholeWithIt) {
    ScratchDir dir;
    const fs::path out = dir.path() / "old.gpkg";
    test::writeFile(out, "an older export");
    try {
        exportTables(test::allTables(), out, ExportFormat::GeoPackage);
        FAIL() << "expected a GisError";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("已存在"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::readFile(out), "an older export");

    ExportOptions force;
    force.force = true;
    exportTables(test::allTables(), out, ExportFormat::GeoPackage, force);
    EXPECT_TRUE(test::openVector(out));
    EXPECT_EQ(test::filesIn(dir.path()), std::vector<std::string>{"old.gpkg"});

    // A folder export over an existing folder: all new files, none of the old ones.
    const fs::path folder = dir.path() / "shp";
    fs::create_directory(folder);
    test::writeFile(folder / "stale.txt", "from before");
    EXPECT_THROW(exportTables(test::allTables(), folder, ExportFormat::Shapefile), GisError);
    exportTables(test::allTables(), folder, ExportFormat::Shapefile, force);
    EXPECT_FALSE(fs::exists(folder / "stale.txt"));
    EXPECT_TRUE(fs::exists(folder / "schools.shp"));
}

TEST(ExportRefusals, CancelledExportLeavesNothing) {
    ScratchDir dir;
    std::atomic<bool> cancel{true};
    const core::Progress progress([](std::string_view, std::int64_t, std::int64_t) {}, &cancel);
    ExportOptions options;
    options.progress = &progress;
    EXPECT_THROW(
        exportTables(test::allTables(), dir.path() / "c.gpkg", ExportFormat::GeoPackage, options),
        core::Cancelled);
    EXPECT_THROW(exportTables(test::allTables(), dir.path() / "csv", ExportFormat::Csv, options),
                 core::Cancelled);
    EXPECT_TRUE(test::filesIn(dir.path()).empty());
}

} // namespace
} // namespace xw::gis
