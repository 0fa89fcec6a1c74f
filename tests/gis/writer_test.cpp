// Writer tests: GeoPackage and CSV round trips reopened with GDAL, and failed writes that must
// leave no partial file and keep an old file intact.
#include "test_support.hpp"

#include <xw/gis/output/writer.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <limits>

namespace xw::gis {
namespace {

using test::ScratchDir;
namespace fs = std::filesystem;

std::vector<std::string> filesIn(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

GDALDatasetUniquePtr openVector(const fs::path& p) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::FromHandle(GDALOpenEx(
        p.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

OGRFeatureUniquePtr featureWhere(OGRLayer& layer, const std::string& filter) {
    EXPECT_EQ(layer.SetAttributeFilter(filter.c_str()), OGRERR_NONE);
    layer.ResetReading();
    return OGRFeatureUniquePtr(layer.GetNextFeature());
}

/// A point (x, y) as little-endian ISO WKB.
core::Wkb pointWkb(double x, double y) {
    OGRPoint p(x, y);
    core::Wkb w(p.WkbSize());
    p.exportToWkb(wkbNDR, w.data(), wkbVariantIso);
    return w;
}

core::Wkb polygonWkb(const char* wkt) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE);
    core::Wkb w(g->WkbSize());
    g->exportToWkb(wkbNDR, w.data(), wkbVariantIso);
    OGRGeometryFactory::destroyGeometry(g);
    return w;
}

core::Table schoolsTable() {
    core::Table t;
    t.name = "schools";
    t.crs = "EPSG:4546";
    t.columns = {{"id", "学校标识码", "School id", core::ColumnType::Text, "", -1},
                 {"seats", "学位数", "Seats", core::ColumnType::Integer, "seats", 0},
                 {"utilisation", "使用率", "Utilisation", core::ColumnType::Real, "share", 4}};
    t.rows = {{std::string("S001"), std::int64_t{360}, 372.0 / 360.0},
              {std::string("S002"), std::int64_t{5000000000}, core::Cell()}};
    t.geometries = {pointWkb(600000.0, 2420000.0), pointWkb(601000.0, 2421000.0)};
    return t;
}

TEST(WriteGeoPackage, RoundTripsLayersTypesNullsAndTheCrs) {
    ScratchDir dir;
    const fs::path out = dir.path() / "result.gpkg";
    core::Table towns;
    towns.name = "towns";
    towns.crs = "EPSG:4546";
    towns.columns = {{"code", "代码", "Code", core::ColumnType::Text, "", -1}};
    towns.rows = {{std::string("441702001")}};
    // A polygon is promoted to the layer's multipolygon.
    towns.geometries = {polygonWkb("POLYGON((0 0,10000 0,10000 10000,0 10000,0 0))")};
    core::Table plain;
    plain.name = "series";
    plain.columns = {{"year", "年份", "Year", core::ColumnType::Integer, "", 0},
                     {"demand", "需求", "Demand", core::ColumnType::Real, "", 2}};
    plain.rows = {{std::int64_t{2021}, 12.5}, {std::int64_t{2022}, core::Cell()}};
    const core::Table schools = schoolsTable();
    writeGeoPackage(out, {&towns, &schools, &plain});
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"result.gpkg"});

    const GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds);
    ASSERT_EQ(ds->GetLayerCount(), 3);
    OGRLayer* t = ds->GetLayerByName("towns");
    OGRLayer* s = ds->GetLayerByName("schools");
    OGRLayer* p = ds->GetLayerByName("series");
    ASSERT_TRUE(t != nullptr && s != nullptr && p != nullptr);
    ASSERT_NE(t->GetSpatialRef(), nullptr);
    EXPECT_STREQ(t->GetSpatialRef()->GetAuthorityCode(nullptr), "4546");
    EXPECT_EQ(wkbFlatten(t->GetGeomType()), wkbMultiPolygon);
    EXPECT_EQ(wkbFlatten(s->GetGeomType()), wkbPoint);
    EXPECT_EQ(p->GetGeomType(), wkbNone);
    const OGRFeatureUniquePtr town = featureWhere(*t, "code = '441702001'");
    ASSERT_TRUE(town);
    EXPECT_NEAR(town->GetGeometryRef()->toMultiPolygon()->get_Area(), 1e8, 1e-2);
    const OGRFeatureUniquePtr big = featureWhere(*s, "id = 'S002'");
    ASSERT_TRUE(big);
    // 64-bit counts survive; a null stays null, not 0.
    EXPECT_EQ(big->GetFieldAsInteger64("seats"), 5000000000LL);
    EXPECT_FALSE(big->IsFieldSetAndNotNull(big->GetFieldIndex("utilisation")));
    EXPECT_NEAR(big->GetGeometryRef()->toPoint()->getX(), 601000.0, 0.01);
    const OGRFeatureUniquePtr second = featureWhere(*p, "year = 2022");
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->IsFieldSetAndNotNull(second->GetFieldIndex("demand")));
}

TEST(WriteGeoPackage, ANonFiniteNumberFailsNamingRowAndColumnAndKeepsTheOldFile) {
    ScratchDir dir;
    const fs::path out = dir.path() / "result.gpkg";
    test::writeFile(out, "old result");
    core::Table t = schoolsTable();
    t.rows[1][2] = std::numeric_limits<double>::infinity();
    try {
        writeGeoPackage(out, {&t});
        FAIL() << "no error";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("row 2, utilisation: not a finite number"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"result.gpkg"});
    EXPECT_EQ(test::readFile(out), "old result");
}

TEST(WriteGeoPackage, ACellOfTheWrongTypeIsAnError) {
    ScratchDir dir;
    core::Table t = schoolsTable();
    t.rows[0][1] = std::string("360");
    try {
        writeGeoPackage(dir.path() / "r.gpkg", {&t});
        FAIL() << "no error";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("row 1, seats: the cell does not match the column"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(filesIn(dir.path()).empty());
}

core::Table textTable(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows) {
    core::Table t;
    t.name = "t";
    for (const auto& h : header)
        t.columns.push_back({h, h, h, core::ColumnType::Text, "", -1});
    for (const auto& r : rows) {
        std::vector<core::Cell> cells;
        cells.reserve(r.size());
        for (const auto& c : r)
            cells.emplace_back(c);
        t.rows.push_back(cells);
    }
    return t;
}

TEST(CellText, NumbersFollowTheColumnsDecimalsAndNullIsEmpty) {
    const core::Column two{"a", "", "", core::ColumnType::Real, "", 2};
    const core::Column auto6{"a", "", "", core::ColumnType::Real, "", -1};
    EXPECT_EQ(cellText(1234.5678, two), "1234.57");
    EXPECT_EQ(cellText(-0.001, two), "0.00");
    EXPECT_EQ(cellText(1234.5678, auto6), "1234.57");
    EXPECT_EQ(cellText(0.000123456789, auto6), "0.000123457");
    EXPECT_EQ(cellText(12345678.9, auto6), "12345679");
    EXPECT_EQ(cellText(core::Cell(), two), "");
    EXPECT_EQ(cellText(std::int64_t{-7}, two), "-7");
    EXPECT_THROW((void)cellText(std::nan(""), two), GisError);
}

TEST(WriteCsv, WritesBomCrlfAndRfc4180Quoting) {
    ScratchDir dir;
    const fs::path out = dir.path() / "table.csv";
    writeCsv(out,
             textTable({"学校", "备注"}, {{"南恩小学", "含,逗号"}, {"x", "say \"hi\"\nnext"}}));
    EXPECT_EQ(test::readFile(out), "\xEF\xBB\xBF学校,备注\r\n南恩小学,\"含,逗号\"\r\n"
                                   "x,\"say \"\"hi\"\"\nnext\"\r\n");
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"table.csv"});

    // GDAL reads it back with the BOM stripped and the quoted cells intact.
    const GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    EXPECT_EQ(layer->GetFeatureCount(), 2);
    EXPECT_EQ(layer->GetLayerDefn()->GetFieldIndex("学校"), 0);
    layer->ResetReading();
    const OGRFeatureUniquePtr first(layer->GetNextFeature());
    ASSERT_TRUE(first);
    EXPECT_STREQ(first->GetFieldAsString("备注"), "含,逗号");
    const OGRFeatureUniquePtr second(layer->GetNextFeature());
    ASSERT_TRUE(second);
    EXPECT_STREQ(second->GetFieldAsString("备注"), "say \"hi\"\nnext");
}

TEST(WriteCsv, RowOfWrongWidthFailsWithoutTouchingTheOldFile) {
    ScratchDir dir;
    const fs::path out = dir.path() / "table.csv";
    test::writeFile(out, "old,table\r\n");
    try {
        writeCsv(out, textTable({"a", "b"}, {{"1", "2"}, {"3", "4"}, {"5"}}));
        FAIL() << "no error";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("row 3 has 1 cells, the header 2"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"table.csv"});
    EXPECT_EQ(test::readFile(out), "old,table\r\n");
}

TEST(WriteCsv, MissingFolderIsAnError) {
    ScratchDir dir;
    EXPECT_THROW(writeCsv(dir.path() / "no/such/folder/t.csv", textTable({"a"}, {})), GisError);
    EXPECT_TRUE(filesIn(dir.path()).empty());
}

} // namespace
} // namespace xw::gis
