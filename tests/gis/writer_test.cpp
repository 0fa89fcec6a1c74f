// Writer tests: GeoPackage and CSV round trips reopened with GDAL, and failed writes that must
// leave no partial file and keep an old file intact. The balance is built by hand so these tests
// do not depend on core::computeSeatBalance.
#include "test_support.hpp"

#include <xw/gis/writer.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace xw::gis {
namespace {

using test::ScratchDir;
namespace fs = std::filesystem;

core::AreaStageBalance area(const std::string& code, core::Stage stage, double demand, int seats,
                            int enrolment) {
    core::AreaStageBalance b;
    b.code = code;
    b.stage = stage;
    b.demand = demand;
    b.seats = seats;
    b.enrolment = enrolment;
    b.shortfall = demand > seats ? demand - seats : 0.0;
    b.surplus = seats > demand ? seats - demand : 0.0;
    b.localShortfallSum = b.shortfall;
    b.utilisation = seats > 0 ? static_cast<double>(enrolment) / seats : 0.0;
    b.largeClasses = 1;
    return b;
}

/// Hand-made balance for the mini dataset: S001 primary 8 classes × 45 = 360 seats, 372 pupils.
core::SeatBalance handBalance() {
    core::SeatBalance b;
    b.year = 2020;
    core::SchoolStageBalance s;
    s.schoolIndex = 0;
    s.stage = core::Stage::Primary;
    s.classes = 8;
    s.seats = 360;
    s.enrolment = 372;
    s.utilisation = 372.0 / 360.0;
    s.meanClassSize = 46.5;
    b.schools.push_back(s);
    b.towns.push_back(area("441702001", core::Stage::Primary, 1800.0, 360, 372));
    b.districts.push_back(area("441702", core::Stage::Primary, 1800.0, 360, 372));
    b.districts.back().localShortfallSum = 1500.0;
    return b;
}

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

TEST(WriteGeoPackage, RoundTripsLayersCountsAndBalanceAttributes) {
    const DatasetLoad data = loadDataset(test::fixture("mini"));
    ScratchDir dir;
    const fs::path out = dir.path() / "result.gpkg";
    writeGeoPackage(out, data, handBalance());
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"result.gpkg"});

    const GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds);
    ASSERT_EQ(ds->GetLayerCount(), 3);
    OGRLayer* districts = ds->GetLayerByName("districts");
    OGRLayer* towns = ds->GetLayerByName("towns");
    OGRLayer* schools = ds->GetLayerByName("schools");
    ASSERT_TRUE(districts != nullptr && towns != nullptr && schools != nullptr);
    EXPECT_EQ(districts->GetFeatureCount(), 2);
    EXPECT_EQ(towns->GetFeatureCount(), 3);
    EXPECT_EQ(schools->GetFeatureCount(), 4);
    ASSERT_NE(towns->GetSpatialRef(), nullptr);
    EXPECT_STREQ(towns->GetSpatialRef()->GetAuthorityCode(nullptr), "4546");
    EXPECT_EQ(wkbFlatten(towns->GetGeomType()), wkbMultiPolygon);
    // One column per stage code, whether or not the stage has a balance row.
    EXPECT_GE(towns->GetLayerDefn()->GetFieldIndex("special_large_classes"), 0);
    EXPECT_GE(districts->GetLayerDefn()->GetFieldIndex("kindergarten_local_shortfall_sum"), 0);
    EXPECT_GE(schools->GetLayerDefn()->GetFieldIndex("vocational_huge_classes"), 0);

    const OGRFeatureUniquePtr t = featureWhere(*towns, "code = '441702001'");
    ASSERT_TRUE(t);
    EXPECT_STREQ(t->GetFieldAsString("name"), "南恩街道");
    EXPECT_DOUBLE_EQ(t->GetFieldAsDouble("primary_demand"), 1800.0);
    EXPECT_EQ(t->GetFieldAsInteger("primary_seats"), 360);
    EXPECT_DOUBLE_EQ(t->GetFieldAsDouble("primary_shortfall"), 1440.0);
    EXPECT_DOUBLE_EQ(t->GetFieldAsDouble("primary_surplus"), 0.0);
    EXPECT_NEAR(t->GetFieldAsDouble("area_km2"), 100.0, 1e-6);
    EXPECT_FALSE(t->IsFieldSetAndNotNull(t->GetFieldIndex("junior_seats")));
    // The outline survives: a 10 km square, 1e8 m².
    ASSERT_NE(t->GetGeometryRef(), nullptr);
    EXPECT_NEAR(t->GetGeometryRef()->toMultiPolygon()->get_Area(), 1e8, 1e-2);

    const OGRFeatureUniquePtr d = featureWhere(*districts, "code = '441702'");
    ASSERT_TRUE(d);
    EXPECT_DOUBLE_EQ(d->GetFieldAsDouble("primary_local_shortfall_sum"), 1500.0);

    const OGRFeatureUniquePtr s = featureWhere(*schools, "id = 'S001'");
    ASSERT_TRUE(s);
    EXPECT_STREQ(s->GetFieldAsString("town"), "441702001");
    EXPECT_STREQ(s->GetFieldAsString("ownership"), "public");
    EXPECT_EQ(s->GetFieldAsInteger("primary_classes"), 8);
    EXPECT_DOUBLE_EQ(s->GetFieldAsDouble("primary_mean_class_size"), 46.5);
    EXPECT_FALSE(s->IsFieldSetAndNotNull(s->GetFieldIndex("junior_classes")));
    const auto* point = s->GetGeometryRef()->toPoint();
    EXPECT_NEAR(point->getX(), 600000.0, 0.01);
    EXPECT_NEAR(point->getY(), 2420000.0, 0.01);
}

TEST(WriteGeoPackage, FailedWriteLeavesNoPartialFileAndKeepsTheOldOne) {
    const DatasetLoad data = loadDataset(test::fixture("mini"));
    ScratchDir dir;
    const fs::path out = dir.path() / "result.gpkg";
    test::writeFile(out, "old result");
    core::SeatBalance bad = handBalance();
    bad.schools[0].schoolIndex = 99; // only found after districts and towns are written
    try {
        writeGeoPackage(out, data, bad);
        FAIL() << "no error";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("balance does not match the data"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"result.gpkg"});
    EXPECT_EQ(test::readFile(out), "old result");
}

TEST(WriteGeoPackageTables, WritesTownsAndTypedAttributeTables) {
    const DatasetLoad data = loadDataset(test::fixture("mini"));
    ScratchDir dir;
    const fs::path out = dir.path() / "series.gpkg";
    Table t{"demand_series",
            {"year", "town", "demand"},
            {ColumnType::Integer, ColumnType::Text, ColumnType::Real},
            {{"2021", "441702001", "12.5"}, {"2022", "441702001", ""}}};
    writeGeoPackageTables(out, data, {t});
    const GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds);
    OGRLayer* towns = ds->GetLayerByName("towns");
    ASSERT_NE(towns, nullptr);
    EXPECT_EQ(towns->GetFeatureCount(), static_cast<GIntBig>(data.city.regions.towns.size()));
    OGRLayer* series = ds->GetLayerByName("demand_series");
    ASSERT_NE(series, nullptr);
    EXPECT_EQ(series->GetGeomType(), wkbNone);
    ASSERT_EQ(series->GetFeatureCount(), 2);
    const auto first = featureWhere(*series, "year = 2021");
    ASSERT_TRUE(first);
    EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("demand"), 12.5);
    EXPECT_STREQ(first->GetFieldAsString("town"), "441702001");
    const auto second = featureWhere(*series, "year = 2022");
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->IsFieldSetAndNotNull(second->GetFieldIndex("demand")));
}

TEST(WriteGeoPackageTables, ANonNumberInANumericColumnFailsAndLeavesNoFile) {
    const DatasetLoad data = loadDataset(test::fixture("mini"));
    ScratchDir dir;
    const fs::path out = dir.path() / "series.gpkg";
    Table t{"bad", {"year"}, {ColumnType::Integer}, {{"20x1"}}};
    try {
        writeGeoPackageTables(out, data, {t});
        FAIL() << "no error";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("not a number: \"20x1\""), std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(filesIn(dir.path()).empty());
}

TEST(WriteCsv, WritesBomCrlfAndRfc4180Quoting) {
    ScratchDir dir;
    const fs::path out = dir.path() / "table.csv";
    writeCsv(out, {"学校", "备注"}, {{"南恩小学", "含,逗号"}, {"x", "say \"hi\"\nnext"}});
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
        writeCsv(out, {"a", "b"}, {{"1", "2"}, {"3", "4"}, {"5"}});
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
    EXPECT_THROW(writeCsv(dir.path() / "no/such/folder/t.csv", {"a"}, {}), GisError);
    EXPECT_TRUE(filesIn(dir.path()).empty());
}

} // namespace
} // namespace xw::gis
