// Export tests: every format written from the same small tables and read back with GDAL —
// feature counts, CRS (EPSG code identified as gdalsrsinfo does), field names and values, nulls,
// Chinese text in GBK and UTF-8, 10-byte Shapefile field names, DXF layers, the GeoPackage's
// QGIS styles, the workbook's sheets against the CSV files — and refused inputs that must leave
// nothing behind.
#include "export_fixture.hpp"

#include <xw/gis/export.hpp>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <iconv.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>
#include <set>

namespace xw::gis {
namespace {

using test::ScratchDir;
namespace fs = std::filesystem;

/// Meridian arc length from the equator to latitude `phiDeg` on the CGCS2000 ellipsoid
/// (a = 6 378 137 m, 1/f = 298.257222101), by Simpson's rule on M'(φ) = a(1−e²)/(1−e² sin²φ)^1.5
/// with 20 000 steps (error far below 1 mm): on the central meridian of a Gauss-Krüger zone with
/// scale 1 the northing *is* this arc, an independent check of PROJ's inverse projection.
double meridianArc(double phiDeg) {
    const double a = 6378137.0;
    const double f = 1.0 / 298.257222101;
    const double e2 = f * (2.0 - f);
    const double phi = phiDeg * std::numbers::pi / 180.0;
    const int n = 20000;
    const double h = phi / n;
    const auto g = [&](double x) {
        const double s = std::sin(x);
        return a * (1.0 - e2) / std::pow(1.0 - e2 * s * s, 1.5);
    };
    double sum = g(0.0) + g(phi);
    for (int i = 1; i < n; ++i)
        sum += (i % 2 == 1 ? 4.0 : 2.0) * g(i * h);
    return sum * h / 3.0;
}

std::string gbkToUtf8(const std::string& gbk) {
    iconv_t cd = iconv_open("UTF-8", "CP936");
    std::string out(gbk.size() * 2 + 4, '\0');
    char* in = const_cast<char*>(gbk.data());
    std::size_t inLeft = gbk.size();
    char* dst = out.data();
    std::size_t outLeft = out.size();
    iconv(cd, &in, &inLeft, &dst, &outLeft);
    iconv_close(cd);
    out.resize(out.size() - outLeft);
    return out;
}

/// The raw field names of a DBF header (bytes as stored, before any decoding).
std::vector<std::string> rawDbfFieldNames(const fs::path& dbf) {
    const std::string bytes = test::readFile(dbf);
    std::vector<std::string> names;
    for (std::size_t off = 32; off + 32 <= bytes.size() && bytes[off] != '\x0D'; off += 32) {
        std::string name = bytes.substr(off, 11);
        name.resize(name.find('\0') == std::string::npos ? 11 : name.find('\0'));
        names.push_back(name);
    }
    return names;
}

OGRFeatureUniquePtr featureWhere(OGRLayer& layer, const std::string& filter) {
    EXPECT_EQ(layer.SetAttributeFilter(filter.c_str()), OGRERR_NONE) << filter;
    layer.ResetReading();
    return OGRFeatureUniquePtr(layer.GetNextFeature());
}

std::vector<std::string> fieldNames(OGRLayer& layer) {
    std::vector<std::string> names;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    return names;
}

// ---------------------------------------------------------------------------------------------

TEST(ExportFormat, EveryCliNameParsesBackToItsFormat) {
    for (const char* name : {"gdb", "shp", "gpkg", "dxf", "xlsx", "geojson", "csv"}) {
        EXPECT_EQ(exportFormatName(parseExportFormat(name)), name);
    }
    EXPECT_THROW((void)parseExportFormat("kml"), GisError);
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
// GeoPackage

TEST(ExportGeoPackage, RoundTripsCountsCrsChineseFieldsValuesAndNulls) {
    ScratchDir dir;
    const fs::path out = dir.path() / "出图.gpkg";
    const ExportReport report = exportTables(test::allTables(), out, ExportFormat::GeoPackage);
    EXPECT_EQ(report.out, out);
    EXPECT_EQ(test::filesIn(dir.path()), std::vector<std::string>{"出图.gpkg"});

    const GDALDatasetUniquePtr ds = test::openVector(out);
    ASSERT_TRUE(ds);
    OGRLayer* schools = ds->GetLayerByName("schools");
    ASSERT_NE(schools, nullptr);
    EXPECT_EQ(schools->GetFeatureCount(), 3);
    EXPECT_EQ(test::identifiedEpsg(*schools->GetSpatialRef()), "4546");
    EXPECT_EQ(fieldNames(*schools),
              (std::vector<std::string>{"学校代码", "学校名称", "办学性质", "学位数", "学位使用率",
                                        "小学学位缺口数量", "小学学位缺口比例"}));
    const auto s2 = featureWhere(*schools, "\"学校代码\" = 'S002'");
    ASSERT_TRUE(s2);
    EXPECT_STREQ(s2->GetFieldAsString("学校名称"), "阳江市阳东区东城镇中心小学（北校区）");
    EXPECT_TRUE(s2->IsFieldNull(s2->GetFieldIndex("学位数"))); // null, never 0
    EXPECT_TRUE(s2->IsFieldNull(s2->GetFieldIndex("小学学位缺口数量")));
    EXPECT_DOUBLE_EQ(s2->GetFieldAsDouble("学位使用率"), 1.0625);
    const OGRPoint* p2 = s2->GetGeometryRef()->toPoint();
    EXPECT_DOUBLE_EQ(p2->getX(), 601234.5); // x = easting
    EXPECT_DOUBLE_EQ(p2->getY(), 2418765.25);

    OGRLayer* towns = ds->GetLayerByName("towns");
    ASSERT_NE(towns, nullptr);
    EXPECT_EQ(towns->GetFeatureCount(), 2);
    EXPECT_EQ(wkbFlatten(towns->GetGeomType()), wkbMultiPolygon); // singles join the multis
    OGRLayer* indicators = ds->GetLayerByName("indicators");
    ASSERT_NE(indicators, nullptr);
    EXPECT_EQ(indicators->GetGeomType(), wkbNone);
    EXPECT_EQ(indicators->GetFeatureCount(), 3);
    const auto i3 = featureWhere(*indicators, "\"年份\" = 2035");
    ASSERT_TRUE(i3);
    EXPECT_TRUE(i3->IsFieldNull(i3->GetFieldIndex("数值")));
    EXPECT_TRUE(i3->IsFieldNull(i3->GetFieldIndex("是否达标")));
    OGRLayer* mapping = ds->GetLayerByName("xw_fields");
    ASSERT_NE(mapping, nullptr);
    EXPECT_EQ(mapping->GetFeatureCount(), 7 + 4 + 4);
}

TEST(ExportGeoPackage, EverySpatialLayerHasADefaultQgisStyle) {
    ScratchDir dir;
    const fs::path out = dir.path() / "styled.gpkg";
    ExportOptions options;
    options.styles["towns"].classifyKey = "shortfall";
    exportTables(test::allTables(), out, ExportFormat::GeoPackage, options);

    const GDALDatasetUniquePtr ds = test::openVector(out);
    ASSERT_TRUE(ds);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    ASSERT_NE(styles, nullptr);
    EXPECT_EQ(styles->GetFeatureCount(), 2); // schools and towns; indicators has no geometry
    std::map<std::string, std::string> qml;
    std::map<std::string, std::string> sld;
    styles->ResetReading();
    for (auto& f : *styles) {
        EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
        EXPECT_STREQ(f->GetFieldAsString("f_geometry_column"), "geom");
        qml[f->GetFieldAsString("f_table_name")] = f->GetFieldAsString("styleQML");
        sld[f->GetFieldAsString("f_table_name")] = f->GetFieldAsString("styleSLD");
    }
    ASSERT_EQ(qml.size(), 2U);
    EXPECT_NE(qml["schools"].find("<renderer-v2 type=\"singleSymbol\""), std::string::npos);
    EXPECT_NE(qml["schools"].find("class=\"SimpleMarker\""), std::string::npos);
    // Labels by the Chinese name of the `name` column, as written in the layer.
    EXPECT_NE(qml["schools"].find("fieldName=\"学校名称\""), std::string::npos);
    EXPECT_NE(qml["towns"].find("type=\"graduatedSymbol\" attr=\"学位缺口\""), std::string::npos);
    EXPECT_NE(qml["towns"].find("lower=\"0\" upper=\"120.5\""), std::string::npos);
    EXPECT_NE(sld["towns"].find("<se:PolygonSymbolizer>"), std::string::npos);
    // QGIS looks the style up by these names.
    EXPECT_TRUE(ds->GetLayerByName("schools")->GetLayerDefn()->GetGeomFieldCount() == 1);
    EXPECT_STREQ(ds->GetLayerByName("schools")->GetGeometryColumn(), "geom");
}

// ---------------------------------------------------------------------------------------------
// File Geodatabase

TEST(ExportFileGdb, FieldNamesAreKeysWithChineseAliasesAndTheCrsIsRecognised) {
    ScratchDir dir;
    const fs::path out = dir.path() / "delivery.gdb";
    exportTables(test::allTables(), out, ExportFormat::FileGdb);
    const GDALDatasetUniquePtr ds = test::openVector(out);
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "OpenFileGDB");
    OGRLayer* schools = ds->GetLayerByName("schools");
    ASSERT_NE(schools, nullptr);
    EXPECT_EQ(schools->GetFeatureCount(), 3);
    EXPECT_EQ(test::identifiedEpsg(*schools->GetSpatialRef()), "4546");
    OGRFeatureDefn* defn = schools->GetLayerDefn();
    const int shortfall = defn->GetFieldIndex("primary_shortfall");
    ASSERT_GE(shortfall, 0);
    EXPECT_STREQ(defn->GetFieldDefn(shortfall)->GetAlternativeNameRef(), "小学学位缺口数量");
    const auto s2 = featureWhere(*schools, "id = 'S002'");
    ASSERT_TRUE(s2);
    EXPECT_TRUE(s2->IsFieldNull(s2->GetFieldIndex("seats")));
    EXPECT_STREQ(s2->GetFieldAsString("name"), "阳江市阳东区东城镇中心小学（北校区）");
    OGRLayer* indicators = ds->GetLayerByName("indicators");
    ASSERT_NE(indicators, nullptr);
    EXPECT_EQ(indicators->GetFeatureCount(), 3);
    EXPECT_EQ(ds->GetLayerByName("towns")->GetFeatureCount(), 2);
}

// ---------------------------------------------------------------------------------------------
// Shapefile

TEST(ExportShapefile, GbkRoundTripsChineseWithCpg936AndLanguageDriver77) {
    ScratchDir dir;
    const fs::path out = dir.path() / "shp";
    const ExportReport report = exportTables(test::allTables(), out, ExportFormat::Shapefile);
    const auto files = test::filesIn(out);
    for (const char* f : {"schools.shp", "schools.shx", "schools.dbf", "schools.prj", "schools.cpg",
                          "towns.shp", "indicators.dbf", "indicators.cpg", "fields.csv"}) {
        EXPECT_NE(std::find(files.begin(), files.end(), f), files.end()) << f;
    }
    EXPECT_EQ(test::readFile(out / "schools.cpg"), "936");
    EXPECT_EQ(test::readFile(out / "schools.dbf")[29], '\x4D'); // LDID 77 = code page 936

    // Raw DBF names: GBK bytes, at most 10, unique; decoded they are the planned names.
    const auto raw = rawDbfFieldNames(out / "schools.dbf");
    const auto planned =
        exportFieldNames(test::schoolsTable(), ExportFormat::Shapefile, TextEncoding::Gbk);
    ASSERT_EQ(raw.size(), planned.size());
    std::set<std::string> unique;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        EXPECT_LE(raw[i].size(), 10U) << planned[i];
        EXPECT_EQ(gbkToUtf8(raw[i]), planned[i]);
        unique.insert(raw[i]);
    }
    EXPECT_EQ(unique.size(), raw.size());

    const GDALDatasetUniquePtr ds = test::openVector(out / "schools.shp");
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    EXPECT_EQ(layer->GetFeatureCount(), 3);
    EXPECT_EQ(test::identifiedEpsg(*layer->GetSpatialRef()), "4546");
    EXPECT_EQ(fieldNames(*layer), planned);
    const auto s3 = featureWhere(*layer, "\"学校代码\" = 'S003'");
    ASSERT_TRUE(s3);
    EXPECT_STREQ(s3->GetFieldAsString("学校名称"), "海陵岛试验区闸坡镇\"渔港\"小学, 二部");
    EXPECT_EQ(s3->GetFieldAsInteger64("学位数"), 2700);
    const auto s2 = featureWhere(*layer, "\"学校代码\" = 'S002'");
    ASSERT_TRUE(s2);
    EXPECT_TRUE(s2->IsFieldNull(s2->GetFieldIndex("学位数"))); // DBF null, not 0
    EXPECT_DOUBLE_EQ(s2->GetFieldAsDouble("学位使用率"), 1.0625);

    // The mapping written beside: one row per column, with the key and the name as written.
    const std::string mapping = test::readFile(out / "fields.csv");
    EXPECT_NE(mapping.find("schools,学校,小学学位1,primary_shortfall_share,小学学位缺口比例"),
              std::string::npos);
    EXPECT_FALSE(report.fields.empty());
}

TEST(ExportShapefile, Utf8RoundTripsChinese) {
    ScratchDir dir;
    const fs::path out = dir.path() / "shp";
    ExportOptions options;
    options.shapefileEncoding = TextEncoding::Utf8;
    exportTables(test::allTables(), out, ExportFormat::Shapefile, options);
    EXPECT_EQ(test::readFile(out / "towns.cpg"), "UTF-8");
    for (const auto& raw : rawDbfFieldNames(out / "towns.dbf"))
        EXPECT_LE(raw.size(), 10U);
    const GDALDatasetUniquePtr ds = test::openVector(out / "towns.shp");
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    EXPECT_EQ(fieldNames(*layer),
              (std::vector<std::string>{"乡镇代", "乡镇名", "适龄儿", "学位缺"}));
    const auto t = featureWhere(*layer, "\"乡镇代\" = '441704100'");
    ASSERT_TRUE(t);
    EXPECT_STREQ(t->GetFieldAsString("乡镇名"), "东城镇");
}

TEST(ExportShapefile, CharacterWithoutGbkCodeIsRefusedUnlessUtf8) {
    ScratchDir dir;
    auto tables = test::allTables();
    tables[0].rows[1][1] = std::string("𠀀学校"); // U+20000, outside GBK
    try {
        exportTables(tables, dir.path() / "shp", ExportFormat::Shapefile);
        FAIL() << "expected a GisError";
    } catch (const GisError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("row 2"), std::string::npos) << what;
        EXPECT_NE(what.find("GBK"), std::string::npos) << what;
    }
    EXPECT_TRUE(test::filesIn(dir.path()).empty());
    ExportOptions utf8;
    utf8.shapefileEncoding = TextEncoding::Utf8;
    EXPECT_NO_THROW(exportTables(tables, dir.path() / "shp", ExportFormat::Shapefile, utf8));
}

// ---------------------------------------------------------------------------------------------
// CRS

struct CrsCase {
    const char* crs;
    const char* code;
};

class ExportCrs : public ::testing::TestWithParam<CrsCase> {};

TEST_P(ExportCrs, ShapefileAndGeoPackageCarryTheEpsgCodeAndEastingFirst) {
    const CrsCase c = GetParam();
    ScratchDir dir;
    ExportOptions options;
    options.crs = c.crs;
    const std::vector<core::Table> tables{test::schoolsTable()};
    exportTables(tables, dir.path() / "shp", ExportFormat::Shapefile, options);
    exportTables(tables, dir.path() / "out.gpkg", ExportFormat::GeoPackage, options);

    // The .prj alone, identified the way gdalsrsinfo does.
    OGRSpatialReference prj;
    ASSERT_EQ(prj.SetFromUserInput(test::readFile(dir.path() / "shp/schools.prj").c_str()),
              OGRERR_NONE);
    EXPECT_EQ(test::identifiedEpsg(prj), c.code);

    for (const fs::path& file : {dir.path() / "shp/schools.shp", dir.path() / "out.gpkg"}) {
        const GDALDatasetUniquePtr ds = test::openVector(file);
        ASSERT_TRUE(ds) << file;
        OGRLayer* layer = ds->GetLayerByName("schools");
        ASSERT_NE(layer, nullptr);
        EXPECT_EQ(test::identifiedEpsg(*layer->GetSpatialRef()), c.code) << file;
        const auto s1 = featureWhere(*layer, "\"学校代码\" = 'S001'");
        ASSERT_TRUE(s1);
        const OGRPoint* p = s1->GetGeometryRef()->toPoint();
        // School 1 is on the central meridian 111°E, 2 400 000 m north of the equator.
        if (std::string(c.code) == "4546") {
            EXPECT_NEAR(p->getX(), 500000.0, 1e-6);
            EXPECT_NEAR(p->getY(), 2400000.0, 1e-6);
        } else if (std::string(c.code) == "4525") {
            EXPECT_NEAR(p->getX(), 37500000.0, 1e-6); // zone prefix 37
            EXPECT_NEAR(p->getY(), 2400000.0, 1e-6);
        } else {
            EXPECT_NEAR(p->getX(), 111.0, 1e-9); // longitude first
            EXPECT_NEAR(meridianArc(p->getY()), 2400000.0, 1e-3);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(CgcsTargets, ExportCrs,
                         ::testing::Values(CrsCase{"EPSG:4546", "4546"},
                                           CrsCase{"EPSG:4525", "4525"},
                                           CrsCase{"EPSG:4490", "4490"}));

// ---------------------------------------------------------------------------------------------
// GeoJSON and CSV

TEST(ExportGeoJson, IsRfc7946LonLatWithoutCrsMemberAndCounterClockwiseRings) {
    ScratchDir dir;
    auto tables = test::allTables();
    // A clockwise exterior ring: RFC 7946 wants it counter-clockwise.
    tables[1].geometries[0] =
        test::wkbOf("POLYGON ((590000 2410000, 590000 2420000, 600000 2420000, 600000 2410000, "
                    "590000 2410000))");
    const fs::path out = dir.path() / "geojson";
    exportTables(tables, out, ExportFormat::GeoJson);
    EXPECT_EQ(test::filesIn(out), (std::vector<std::string>{"fields.csv", "indicators.geojson",
                                                            "schools.geojson", "towns.geojson"}));
    const std::string text = test::readFile(out / "schools.geojson");
    EXPECT_EQ(text.find("\"crs\""), std::string::npos);
    EXPECT_NE(text.find("\"学校名称\": \"阳江市江城第一小学\""), std::string::npos);
    EXPECT_NE(text.find("\"学位数\": null"), std::string::npos);

    const GDALDatasetUniquePtr ds = test::openVector(out / "schools.geojson");
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    EXPECT_EQ(layer->GetFeatureCount(), 3);
    EXPECT_EQ(test::identifiedEpsg(*layer->GetSpatialRef()), "4326");
    const auto s1 = featureWhere(*layer, "\"学校代码\" = 'S001'");
    ASSERT_TRUE(s1);
    EXPECT_NEAR(s1->GetGeometryRef()->toPoint()->getX(), 111.0, 1e-7); // longitude first
    EXPECT_NEAR(meridianArc(s1->GetGeometryRef()->toPoint()->getY()), 2400000.0, 0.05);

    const GDALDatasetUniquePtr towns = test::openVector(out / "towns.geojson");
    ASSERT_TRUE(towns);
    towns->GetLayer(0)->ResetReading();
    for (auto& f : *towns->GetLayer(0)) {
        const OGRGeometry* g = f->GetGeometryRef();
        const OGRPolygon* poly = wkbFlatten(g->getGeometryType()) == wkbPolygon
                                     ? g->toPolygon()
                                     : g->toMultiPolygon()->getGeometryRef(0);
        EXPECT_FALSE(poly->getExteriorRing()->isClockwise());
    }
}

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

// ---------------------------------------------------------------------------------------------
// DXF

TEST(ExportDxf, OneLayerPerThemeWithLabelsAndLayerColours) {
    ScratchDir dir;
    const fs::path out = dir.path() / "cad.dxf";
    ExportOptions options;
    options.styles["towns"].aci = 3;
    const ExportReport report = exportTables(test::allTables(), out, ExportFormat::Dxf, options);
    EXPECT_EQ(report.notes.size(), 1U); // the indicator table has no geometry
    EXPECT_EQ(test::filesIn(dir.path()), std::vector<std::string>{"cad.dxf"});

    const GDALDatasetUniquePtr ds = test::openVector(out);
    ASSERT_TRUE(ds);
    OGRLayer* entities = ds->GetLayer(0);
    std::map<std::string, int> perLayer;
    std::map<std::string, std::string> penByLayer;
    std::set<std::string> texts;
    entities->ResetReading();
    for (auto& f : *entities) {
        const std::string layer = f->GetFieldAsString("Layer");
        ++perLayer[layer];
        const char* style = f->GetStyleString();
        if (style != nullptr && layer.find("_label") == std::string::npos)
            penByLayer[layer] = style;
        if (layer.find("_label") != std::string::npos)
            texts.insert(f->GetFieldAsString("Text"));
    }
    EXPECT_EQ(perLayer["schools"], 3);
    EXPECT_EQ(perLayer["schools_label"], 3);
    EXPECT_EQ(perLayer["towns"], 2); // one closed polyline per ring
    EXPECT_EQ(perLayer["towns_label"], 2);
    EXPECT_EQ(perLayer.count("indicators"), 0U);
    EXPECT_EQ(texts.count("阳江市江城第一小学"), 1U);
    EXPECT_EQ(texts.count("南恩街道"), 1U);
    // BYLAYER entities take the layer table's colour: schools red (ACI 1), towns green (ACI 3).
    EXPECT_NE(penByLayer["schools"].find("#ff0000"), std::string::npos) << penByLayer["schools"];
    EXPECT_NE(penByLayer["towns"].find("#00ff00"), std::string::npos) << penByLayer["towns"];
    // Chinese text is stored as \U+ escapes, which every AutoCAD reads.
    // Labels in a text style with the TrueType font file AutoCAD names for 宋体.
    EXPECT_NE(test::readFile(out).find("  3\nsimsun.ttc\n1001\nACAD\n1000\nSimSun\n"),
              std::string::npos);
    // Upper-case hex digits, as AutoCAD writes them.
    EXPECT_NE(test::readFile(out).find("\\U+9633\\U+6C5F"), std::string::npos); // 阳江
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
