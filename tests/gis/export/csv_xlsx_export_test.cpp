// Export tests of the tables for spreadsheets: one CSV file per table, and the workbook whose
// sheets must equal the CSV files, with frozen headers, number formats and widths.
#include "export_readback.hpp"

#include <xw/gis/export.hpp>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <fstream>
#include <map>

namespace xw::gis {
namespace {

using namespace test; // the tables of export_fixture.hpp, export_readback.hpp

TEST(ExportCsv, OneUtf8BomCrlfFilePerTableWithChineseHeadersAndEmptyNulls) {
    ScratchDir dir;
    const fs::path out = dir.path() / "csv";
    exportTables(test::allTables(), out, ExportFormat::Csv);
    const std::string schools = test::readFile(out / "schools.csv");
    EXPECT_EQ(schools.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(schools.find("学校代码,学校名称,办学性质,学位数,学位使用率,小学学位缺口数量,"
                           "小学学位缺口比例,X（东）,Y（北）\r\n"),
              std::string::npos);
    // Decimals as the columns ask; null cells empty (never 0); RFC 4180 quoting.
    EXPECT_NE(schools.find("S001,阳江市江城第一小学,公办,1350,0.948,12.5,0.009,500000.000,"
                           "2400000.000\r\n"),
              std::string::npos);
    EXPECT_NE(schools.find("S002,阳江市阳东区东城镇中心小学（北校区）,民办,,1.062,,,"),
              std::string::npos);
    EXPECT_NE(schools.find("\"海陵岛试验区闸坡镇\"\"渔港\"\"小学, 二部\""), std::string::npos);
    const std::string towns = test::readFile(out / "towns.csv");
    EXPECT_NE(towns.find(",WKT\r\n"), std::string::npos);
    EXPECT_NE(towns.find("\"MULTIPOLYGON (((590000 2410000"), std::string::npos);
    const std::string indicators = test::readFile(out / "indicators.csv");
    EXPECT_NE(indicators.find("2035,学位缺口,,\r\n"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// XLSX

/// The CSV cell of `table` in the row whose first cell is `firstCell`, by header.
std::string csvCell(const fs::path& csv, const std::string& firstCell, const std::string& header) {
    const GDALDatasetUniquePtr ds = test::openVector(csv);
    EXPECT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    const int field = layer->GetLayerDefn()->GetFieldIndex(header.c_str());
    EXPECT_GE(field, 0) << header;
    const char* firstName = layer->GetLayerDefn()->GetFieldDefn(0)->GetNameRef();
    const auto f = featureWhere(*layer, std::string("\"") + firstName + "\" = '" + firstCell + "'");
    EXPECT_TRUE(f) << firstCell;
    return f ? f->GetFieldAsString(field) : std::string();
}

TEST(ExportXlsx, OneSheetPerTableWithUnitHeadersAndCellsEqualToTheCsv) {
    ScratchDir dir;
    const auto tables = test::allTables();
    exportTables(tables, dir.path() / "领导.xlsx", ExportFormat::Xlsx);
    exportTables(tables, dir.path() / "csv", ExportFormat::Csv);

    // GDAL 3.6's XLSX driver takes its header setting from a configuration option only.
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    const GDALDatasetUniquePtr ds = test::openVector(dir.path() / "领导.xlsx");
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", nullptr);
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "XLSX");
    ASSERT_EQ(ds->GetLayerCount(), 3);
    EXPECT_STREQ(ds->GetLayer(0)->GetName(), "学校");
    EXPECT_STREQ(ds->GetLayer(1)->GetName(), "乡镇学位供需");
    EXPECT_STREQ(ds->GetLayer(2)->GetName(), "指标");

    OGRLayer* schools = ds->GetLayer(0);
    EXPECT_EQ(schools->GetFeatureCount(), 3);
    EXPECT_EQ(fieldNames(*schools),
              (std::vector<std::string>{"学校代码", "学校名称", "办学性质", "学位数（个）",
                                        "学位使用率（%）", "小学学位缺口数量（个）",
                                        "小学学位缺口比例（%）", "X（东）", "Y（北）"}));
    const auto s2 = featureWhere(*schools, "\"学校代码\" = 'S002'");
    ASSERT_TRUE(s2);
    EXPECT_EQ(s2->GetFieldAsString("学校名称"),
              csvCell(dir.path() / "csv/schools.csv", "S002", "学校名称"));
    EXPECT_FALSE(s2->IsFieldSetAndNotNull(s2->GetFieldIndex("学位数（个）"))); // a blank cell
    // A share: the workbook keeps the full value, shown to the CSV's three decimals.
    EXPECT_NEAR(s2->GetFieldAsDouble("学位使用率（%）"),
                std::stod(csvCell(dir.path() / "csv/schools.csv", "S002", "学位使用率")), 5e-4);

    OGRLayer* towns = ds->GetLayer(1);
    EXPECT_EQ(towns->GetFeatureCount(), 2);
    const auto t1 = featureWhere(*towns, "\"乡镇代码\" = '441702001'");
    ASSERT_TRUE(t1);
    EXPECT_EQ(std::to_string(t1->GetFieldAsInteger64("适龄儿童（人）")),
              csvCell(dir.path() / "csv/towns.csv", "441702001", "适龄儿童"));

    OGRLayer* indicators = ds->GetLayer(2);
    EXPECT_EQ(indicators->GetFeatureCount(), 3);
    const auto i2 = featureWhere(*indicators, "\"年份（年）\" = 2030");
    ASSERT_TRUE(i2);
    EXPECT_EQ(std::string(i2->GetFieldAsString("指标")),
              csvCell(dir.path() / "csv/indicators.csv", "2030", "指标"));
    EXPECT_NEAR(i2->GetFieldAsDouble("数值"),
                std::stod(csvCell(dir.path() / "csv/indicators.csv", "2030", "数值")), 5e-3);
}

/// A member of a zip file, read through GDAL's /vsizip/ file system.
std::string readZipped(const fs::path& zip, const std::string& member) {
    VSILFILE* fp = VSIFOpenL(("/vsizip/" + zip.string() + "/" + member).c_str(), "rb");
    EXPECT_NE(fp, nullptr) << member;
    std::string text;
    if (fp == nullptr)
        return text;
    std::array<char, 4096> buf{};
    for (std::size_t n = 0; (n = VSIFReadL(buf.data(), 1, buf.size(), fp)) > 0;)
        text.append(buf.data(), n);
    VSIFCloseL(fp);
    return text;
}

TEST(ExportXlsx, SheetsCarryFrozenHeaderNumberFormatsAndWidths) {
    ScratchDir dir;
    const fs::path out = dir.path() / "book.xlsx";
    exportTables(test::allTables(), out, ExportFormat::Xlsx);
    // Inside the zip: the first sheet's XML and the styles.
    const std::string xml = readZipped(out, "xl/worksheets/sheet1.xml");
    const std::string styles = readZipped(out, "xl/styles.xml");
    EXPECT_NE(xml.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                       "state=\"frozen\"/>"),
              std::string::npos);
    EXPECT_NE(xml.find("<autoFilter ref=\"A1:I4\"/>"), std::string::npos);
    EXPECT_NE(xml.find("<col min=\"2\" max=\"2\" width="), std::string::npos);
    EXPECT_NE(styles.find("formatCode=\"0.0%\""), std::string::npos);    // shares
    EXPECT_NE(styles.find("formatCode=\"#,##0.0\""), std::string::npos); // one decimal
    EXPECT_NE(styles.find("formatCode=\"0\""), std::string::npos);       // years, no separator
}

} // namespace
} // namespace xw::gis
