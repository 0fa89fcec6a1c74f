// Export tests of the GDAL formats, written from the same small tables and read back with GDAL:
// feature counts, CRS (EPSG code identified as gdalsrsinfo does), field names and values, nulls,
// Chinese text in GBK and UTF-8, 10-byte Shapefile field names, the GeoPackage's QGIS styles and
// GeoJSON's RFC 7946 form.
#include "export_readback.hpp"

#include <xw/gis/export.hpp>

#include <cmath>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <map>
#include <set>

namespace xw::gis {
namespace {

using namespace test; // the tables of export_fixture.hpp, export_readback.hpp

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

} // namespace
} // namespace xw::gis
