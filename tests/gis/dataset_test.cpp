// Loader tests on the mini dataset (tests/data/gis/mini) and edited copies of it.
// Reference values: towns are exact 10 km squares in EPSG:4546, so each is 100 km² (hand-worked);
// school points were converted from round EPSG:4546 coordinates to EPSG:4490 with gdaltransform,
// so after reprojection they must come back to those coordinates (to PROJ's round-trip accuracy).
#include "test_support.hpp"

#include <xw/gis/dataset.hpp>

#include <gdal_priv.h>
#include <gdal_utils.h>

#include <algorithm>

namespace xw::gis {
namespace {

using test::copyMini;
using test::fixture;
using test::replaceInFile;
using test::ScratchDir;
namespace fs = std::filesystem;

const core::School* findSchool(const DatasetLoad& d, const std::string& id) {
    for (const auto& s : d.city.schools) {
        if (s.id == id) {
            return &s;
        }
    }
    return nullptr;
}

const core::Town* findTown(const DatasetLoad& d, const std::string& code) {
    const auto i = d.city.regions.townIndex(code);
    return i ? &d.city.regions.towns[*i] : nullptr;
}

/// The problems about one feature id of one layer.
std::vector<Diagnostic> problemsOf(const DatasetLoad& d, const std::string& layer,
                                   const std::string& idPart) {
    std::vector<Diagnostic> out;
    for (const auto& p : d.problems) {
        if (p.layer == layer && p.featureId.find(idPart) != std::string::npos) {
            out.push_back(p);
        }
    }
    return out;
}

std::string allProblems(const DatasetLoad& d) {
    std::string s;
    for (const auto& p : d.problems) {
        s += toString(p) + "\n";
    }
    return s;
}

/// Runs loadDataset expecting a GisError; returns its message.
std::string loadError(const fs::path& folder) {
    try {
        (void)loadDataset(folder);
    } catch (const GisError& e) {
        return e.what();
    }
    ADD_FAILURE() << "loadDataset did not throw for " << folder;
    return {};
}

/// Regions and placement facts every format variant of the mini dataset must reproduce.
void expectMiniRegionsAndSchools(const DatasetLoad& d) {
    ASSERT_EQ(d.city.regions.districts.size(), 2U);
    EXPECT_EQ(d.city.regions.districts[0].code, "441702");
    EXPECT_EQ(d.city.regions.districts[0].name, "江城区");
    EXPECT_EQ(d.city.regions.districts[1].name, "阳东区");
    ASSERT_EQ(d.city.regions.towns.size(), 3U);
    const std::vector<std::string> names{"南恩街道", "城南街道", "东城镇"};
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(d.city.regions.towns[i].name, names[i]);
        EXPECT_NEAR(d.city.regions.towns[i].areaKm2, 100.0, 1e-6) << names[i];
    }
    EXPECT_EQ(d.city.regions.towns[2].districtCode, "441704");
    EXPECT_TRUE(d.city.regions.towns[0].urban);
    EXPECT_FALSE(d.city.regions.towns[2].urban);
    EXPECT_EQ(d.districtShapes.size(), 2U);
    EXPECT_EQ(d.townShapes.size(), 3U);

    ASSERT_EQ(d.city.schools.size(), 4U);
    const core::School* s1 = findSchool(d, "S001");
    ASSERT_NE(s1, nullptr);
    EXPECT_EQ(s1->townCode, "441702001");
    EXPECT_NEAR(s1->location.x, 600000.0, 0.01);
    EXPECT_NEAR(s1->location.y, 2420000.0, 0.01);
    EXPECT_EQ(findSchool(d, "S002")->townCode, "441702002");
    EXPECT_EQ(findSchool(d, "S003")->townCode, "441704100");
    EXPECT_EQ(findSchool(d, "S004")->townCode, "441702001");
}

TEST(LoadDataset, ReadsGeoJsonAndCsvWithLonLatAndWktColumns) {
    const DatasetLoad d = loadDataset(fixture("mini"));
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    expectMiniRegionsAndSchools(d);
    EXPECT_EQ(d.workingCrs, "EPSG:4546");
    EXPECT_EQ(d.city.name, "迷你测试数据 Mini test data");
    EXPECT_EQ(d.city.baseYear, 2020);
    EXPECT_EQ(d.city.regions.cityCode, "441700");
    EXPECT_EQ(d.city.regions.cityName, "阳江市");
    ASSERT_TRUE(d.normsFile.has_value());
    EXPECT_EQ(d.normsFile->filename(), "norms.yaml");
    EXPECT_TRUE(d.normsFile->is_absolute());
    ASSERT_EQ(d.city.regions.groupings.size(), 1U);
    EXPECT_EQ(d.city.regions.groupings[0].townCodes.size(), 2U);
    EXPECT_DOUBLE_EQ(d.city.population.totalResidents.at("441704100"), 95000.5);

    // Attributes, including a quoted CSV cell with a comma.
    const core::School* s4 = findSchool(d, "S004");
    EXPECT_EQ(s4->name, "阳光幼儿园, 南恩");
    EXPECT_EQ(s4->ownership, core::Ownership::Private);
    EXPECT_TRUE(s4->flags.puhui);
    EXPECT_EQ(findSchool(d, "S001")->staff.teachers, 40);
    EXPECT_DOUBLE_EQ(findSchool(d, "S002")->landM2, 30000.5);
    EXPECT_FALSE(findSchool(d, "S002")->flags.puhui);

    // Grades: sorted by grade although the file lists grade 2 first.
    const core::StageProvision* p1 = findSchool(d, "S001")->stage(core::Stage::Primary);
    ASSERT_NE(p1, nullptr);
    ASSERT_EQ(p1->grades.size(), 2U);
    EXPECT_EQ(p1->grades[0].grade, 1);
    EXPECT_EQ(p1->grades[0].students, 182);
    EXPECT_EQ(p1->grades[0].migrantStudents, 15);
    EXPECT_EQ(p1->grades[1].grade, 2);
    EXPECT_EQ(p1->grades[1].classes, 4);
    // Junior grades in the national numbering 7–9 become 1–3 within the stage.
    const core::StageProvision* j2 = findSchool(d, "S002")->stage(core::Stage::Junior);
    ASSERT_NE(j2, nullptr);
    ASSERT_EQ(j2->grades.size(), 3U);
    EXPECT_EQ(j2->grades[2].grade, 3);
    EXPECT_EQ(j2->grades[2].students, 280);
    // Stages in schooling order although the file lists junior first.
    const auto& s3 = findSchool(d, "S003")->stages;
    ASSERT_EQ(s3.size(), 2U);
    EXPECT_EQ(s3[0].stage, core::Stage::Primary);
    EXPECT_EQ(s3[1].stage, core::Stage::Junior);
    EXPECT_EQ(findSchool(d, "S004")->stage(core::Stage::Kindergarten)->students(), 50 + 58 + 66);

    // Population in region order, by age and category.
    const auto& pop = d.city.population;
    EXPECT_EQ(pop.year, 2020);
    ASSERT_EQ(pop.towns.size(), 2U);
    EXPECT_EQ(pop.towns[0].townCode, "441702001");
    EXPECT_DOUBLE_EQ(pop.towns[0].persons[6][0], 1500.0);
    EXPECT_DOUBLE_EQ(pop.towns[0].persons[6][1], 300.0);
    EXPECT_DOUBLE_EQ(pop.towns[0].persons[7][0], 1450.5);
    EXPECT_DOUBLE_EQ(pop.towns[0].persons[5][0], 0.0);
    EXPECT_EQ(pop.towns[1].townCode, "441704100");

    ASSERT_EQ(d.city.births.size(), 2U);
    EXPECT_EQ(d.city.births[0].areaCode, "441700");
    EXPECT_DOUBLE_EQ(d.city.births[0].byYear.at(2020), 22500.0);
    EXPECT_DOUBLE_EQ(d.city.births[1].byYear.at(2020), 8000.0);

    // Housing placed from a WKT column.
    ASSERT_EQ(d.city.housing.size(), 2U);
    EXPECT_EQ(d.city.housing[0].townCode, "441702001");
    EXPECT_NEAR(d.city.housing[0].location.x, 597000.0, 0.01);
    EXPECT_EQ(d.city.housing[0].kindergarten.classes, 6);
    EXPECT_EQ(d.city.housing[0].kindergarten.deliveryYear, 2024);
    EXPECT_TRUE(d.city.housing[0].kindergarten.publicOrPuhui);
    EXPECT_EQ(d.city.housing[1].townCode, "441702002");
    EXPECT_EQ(d.city.housing[1].kindergarten.classes, 0);
    EXPECT_FALSE(d.city.housing[1].kindergarten.deliveryYear.has_value());
}

/// ogr2ogr through the library: one layer of `src` into the GeoPackage `dst`.
void toGeoPackage(const fs::path& src, const fs::path& dst, const std::string& layer,
                  const std::vector<const char*>& openOptions, bool update) {
    GDALAllRegister();
    std::vector<const char*> oo = openOptions;
    oo.push_back(nullptr);
    GDALDatasetH in = GDALOpenEx(src.string().c_str(), GDAL_OF_VECTOR, nullptr, oo.data(), nullptr);
    ASSERT_NE(in, nullptr) << src;
    std::vector<std::string> args{"-f", "GPKG", "-nln", layer};
    if (update) {
        args.emplace_back("-update");
    }
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    int usageError = 0;
    GDALDatasetH out =
        GDALVectorTranslate(dst.string().c_str(), nullptr, 1, &in, opts, &usageError);
    GDALVectorTranslateOptionsFree(opts);
    ASSERT_NE(out, nullptr) << CPLGetLastErrorMsg();
    GDALClose(out);
    GDALClose(in);
}

TEST(LoadDataset, ReadsLayersFromOneGeoPackage) {
    ScratchDir dir;
    const fs::path mini = fixture("mini");
    const fs::path gpkg = dir.path() / "city.gpkg";
    toGeoPackage(mini / "districts.geojson", gpkg, "qx", {}, false);
    toGeoPackage(mini / "towns.geojson", gpkg, "xz", {}, true);
    toGeoPackage(mini / "schools.csv", gpkg, "xx",
                 {"X_POSSIBLE_NAMES=经度", "Y_POSSIBLE_NAMES=纬度"}, true);
    test::writeFile(dir.path() / "dataset.yaml", R"(name: gpkg
city: {code: "441700", name: 阳江市}
base_year: 2020
layers:
  districts: {source: city.gpkg, layer: qx, crs: EPSG:4490, fields: {code: 区县代码, name: 区县名称}}
  towns: {source: city.gpkg, layer: xz, fields: {code: 乡镇代码, name: 乡镇名称, district: 区县代码, urban: 城乡}}
  schools: {source: city.gpkg, layer: xx, crs: EPSG:4490, fields: {id: 学校标识码, name: 学校名称, ownership: 办学性质}}
)");
    const DatasetLoad d = loadDataset(dir.path());
    // Without grade and population tables nothing can be computed: both are said, nothing else.
    ASSERT_EQ(d.problems.size(), 2U) << allProblems(d);
    EXPECT_EQ(d.problems[0].layer, "school_grades");
    EXPECT_EQ(d.problems[0].severity, Severity::Warning);
    EXPECT_EQ(d.problems[1].layer, "population");
    expectMiniRegionsAndSchools(d);
}

/// The mini dataset with its towns replaced by the GBK shapefile (no .cpg of its own).
fs::path miniWithGbkShapefile(const fs::path& dir, bool cpg, bool manifestEncoding) {
    copyMini(dir);
    for (const auto& e : fs::directory_iterator(fixture("gbk_shapefile"))) {
        fs::copy_file(e.path(), dir / e.path().filename());
    }
    replaceInFile(dir / "dataset.yaml", "    source: towns.geojson\n",
                  manifestEncoding ? "    source: towns.shp\n    encoding: GBK\n"
                                   : "    source: towns.shp\n");
    if (cpg) {
        test::writeFile(dir / "towns.cpg", "GBK");
    }
    return dir;
}

TEST(LoadDataset, GbkShapefileFixtureReallyHoldsGbkBytes) {
    // Guards the fixture: 南恩街道 in GBK is C4 CF B6 F7 BD D6 B5 C0 (GB 2312 code table).
    const std::string dbf = test::readFile(fixture("gbk_shapefile") / "towns.dbf");
    EXPECT_NE(dbf.find("\xC4\xCF\xB6\xF7\xBD\xD6\xB5\xC0"), std::string::npos);
    EXPECT_EQ(dbf.find("南恩街道"), std::string::npos); // not UTF-8
    EXPECT_FALSE(fs::exists(fixture("gbk_shapefile") / "towns.cpg"));
}

TEST(LoadDataset, ReadsGbkShapefileWithCpg) {
    ScratchDir dir;
    const DatasetLoad d = loadDataset(miniWithGbkShapefile(dir.path(), true, false));
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    expectMiniRegionsAndSchools(d);
    EXPECT_DOUBLE_EQ(d.city.population.totalResidents.at("441702002"), 80000.0);
}

TEST(LoadDataset, ReadsGbkShapefileWithoutCpgUsingManifestEncoding) {
    ScratchDir dir;
    const DatasetLoad d = loadDataset(miniWithGbkShapefile(dir.path(), false, true));
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    expectMiniRegionsAndSchools(d);
}

TEST(LoadDataset, GbkShapefileWithoutCpgOrEncodingCannotMatchItsChineseColumns) {
    // The .dbf's language driver id is 0, so GDAL falls back to ISO-8859-1 and the GBK column
    // names no longer match: this is why the two tests above pass only through the encoding.
    ScratchDir dir;
    const std::string msg = loadError(miniWithGbkShapefile(dir.path(), false, false));
    EXPECT_NE(msg.find("required field missing: towns.shp [towns]"), std::string::npos) << msg;
}

TEST(LoadDataset, WorkingCrsOptionOverridesManifest) {
    // EPSG:4547 is the CGCS2000 3-degree zone at 114°E: the same squares are no longer square
    // there, so the area changes while the loader must still place every school.
    LoadOptions options;
    options.workingCrs = "EPSG:4547";
    const DatasetLoad d = loadDataset(fixture("mini"), options);
    EXPECT_EQ(d.workingCrs, "EPSG:4547");
    EXPECT_EQ(d.city.schools.size(), 4U);
    EXPECT_GT(std::abs(d.city.regions.towns[0].areaKm2 - 100.0), 1e-3);
    EXPECT_NEAR(d.city.regions.towns[0].areaKm2, 100.0, 2.0);
}

// ---------------------------------------------------------------------------------------------
// Fatal problems

TEST(LoadDatasetFatal, MissingManifestNamesIt) {
    ScratchDir dir;
    const std::string msg = loadError(dir.path());
    EXPECT_NE(msg.find("dataset.yaml"), std::string::npos) << msg;
    EXPECT_NE(msg.find("manifest not found"), std::string::npos) << msg;
}

TEST(LoadDatasetFatal, MalformedManifestSaysSo) {
    ScratchDir dir;
    test::writeFile(dir.path() / "dataset.yaml", "base_year: 2020\nlayers: [unclosed\n");
    const std::string msg = loadError(dir.path());
    EXPECT_NE(msg.find("数据集清单格式错误 / malformed manifest: dataset.yaml"), std::string::npos)
        << msg;
}

TEST(LoadDatasetFatal, MisspelledLayerIsAnUnknownKeyNamingTheNearestKnownOne) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "  schools:\n", "  schoolz:\n");
    const std::string msg = loadError(dir.path());
    EXPECT_NE(msg.find("dataset.yaml:19: 未知的键 / unknown key: layers.schoolz (是否应为 / did "
                       "you mean layers.schools?)"),
              std::string::npos)
        << msg;
}

TEST(LoadDatasetFatal, ManifestWithoutSchoolsLayerSaysWhichLayer) {
    ScratchDir dir;
    copyMini(dir.path());
    const std::string yaml = test::readFile(dir.path() / "dataset.yaml");
    const auto from = yaml.find("  schools:\n");
    const auto to = yaml.find("  housing:\n");
    test::writeFile(dir.path() / "dataset.yaml", yaml.substr(0, from) + yaml.substr(to));
    const std::string msg = loadError(dir.path());
    EXPECT_NE(msg.find("required layer missing: layers.schools"), std::string::npos) << msg;
}

TEST(LoadDatasetFatal, MissingSourceFileNamesTheFile) {
    ScratchDir dir;
    copyMini(dir.path());
    fs::remove(dir.path() / "schools.csv");
    try {
        (void)loadDataset(dir.path());
        FAIL() << "no error";
    } catch (const GisError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("文件不存在 / file not found: schools.csv"), std::string::npos) << msg;
        EXPECT_EQ(e.file(), "schools.csv");
        EXPECT_EQ(e.layer(), "schools");
    }
}

TEST(LoadDatasetFatal, MissingRequiredFieldNamesOurFieldAndTheColumn) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "schools.csv", "学校名称", "名称");
    const std::string msg = loadError(dir.path());
    EXPECT_NE(msg.find("缺少必需字段 / required field missing: schools.csv [schools] 字段 field "
                       "name (列 column \"学校名称\")"),
              std::string::npos)
        << msg;
}

TEST(LoadDatasetFatal, UnparseableCrsInManifestIsUnknownCrs) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "    crs: EPSG:4490\n    fields: {code: 区县代码",
                  "    crs: EPSG:999999\n    fields: {code: 区县代码");
    const std::string msg = loadError(dir.path());
    EXPECT_NE(msg.find("未知坐标系 / unknown CRS: districts.geojson [districts] crs "
                       "\"EPSG:999999\""),
              std::string::npos)
        << msg;
}

TEST(LoadDatasetFatal, CsvWithoutCrsIsUnknownCrs) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "    source: schools.csv\n    crs: EPSG:4490\n",
                  "    source: schools.csv\n");
    const std::string msg = loadError(dir.path());
    EXPECT_NE(msg.find("unknown CRS: schools.csv [schools]"), std::string::npos) << msg;
}

TEST(LoadDatasetFatal, EmptyTownsLayerIsFatal) {
    ScratchDir dir;
    copyMini(dir.path());
    test::writeFile(dir.path() / "towns.geojson",
                    R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": )"
                    R"({"name": "urn:ogc:def:crs:EPSG::4546"}}, "features": []})");
    const std::string msg = loadError(dir.path());
    EXPECT_NE(msg.find("必需图层为空 / required layer is empty: towns.geojson [towns]"),
              std::string::npos)
        << msg;
}

TEST(LoadDatasetFatal, WorkingCrsMustBeProjected) {
    LoadOptions options;
    options.workingCrs = "EPSG:4490";
    try {
        (void)loadDataset(fixture("mini"), options);
        FAIL() << "no error";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("must be projected in metres"), std::string::npos)
            << e.what();
    }
}

// ---------------------------------------------------------------------------------------------
// Records that are skipped or repaired

TEST(LoadDatasetProblems, NonNumericClassesSkipsTheRowWithFileRowAndField) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "school_grades.csv", "S002,初中,8,6,310,", "S002,初中,8,abc,310,");
    const DatasetLoad d = loadDataset(dir.path());
    ASSERT_EQ(d.problems.size(), 1U) << allProblems(d);
    const Diagnostic& p = d.problems[0];
    EXPECT_EQ(p.severity, Severity::Error);
    EXPECT_EQ(p.file, "school_grades.csv");
    EXPECT_EQ(p.layer, "school_grades");
    EXPECT_EQ(p.featureId, "row 4 (S002)"); // 4th data row (line 5 of the file)
    EXPECT_EQ(p.field, "班级数");
    EXPECT_EQ(p.message, "不是数字 / not a number: \"abc\"");
    EXPECT_EQ(toString(p), "错误 error: school_grades.csv [school_grades] 要素 feature row 4 "
                           "(S002), 字段 field 班级数: 不是数字 / not a number: \"abc\"");
    // Grade 8 (2 within junior) is skipped; the others stay.
    const auto& grades = findSchool(d, "S002")->stage(core::Stage::Junior)->grades;
    ASSERT_EQ(grades.size(), 2U);
    EXPECT_EQ(grades[0].grade, 1);
    EXPECT_EQ(grades[1].grade, 3);
}

TEST(LoadDatasetProblems, NonNumericCoordinateSkipsTheSchool) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "schools.csv", "112.160988171831", "abc");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(d.city.schools.size(), 3U);
    EXPECT_EQ(findSchool(d, "S003"), nullptr);
    const auto p = problemsOf(d, "schools", "S003");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(toString(p[0]), "错误 error: schools.csv [schools] 要素 feature S003, 字段 field "
                              "经度: 不是数字 / not a number: \"abc\"");
    // Its grade rows now refer to an unknown school: reported and skipped, not a crash.
    EXPECT_EQ(problemsOf(d, "school_grades", "S003").size(), 2U);
}

TEST(LoadDatasetProblems, GbkTextInAUtf8CsvIsReportedNotPassedOn) {
    ScratchDir dir;
    copyMini(dir.path());
    // 南恩小学 in GBK (C4CF B6F7 D0A1 D1A7), as Excel saves a CSV on a Chinese Windows.
    replaceInFile(dir.path() / "schools.csv", "南恩小学", "\xC4\xCF\xB6\xF7\xD0\xA1\xD1\xA7");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(findSchool(d, "S001"), nullptr);
    const auto p = problemsOf(d, "schools", "S001");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(p[0].field, "学校名称");
    EXPECT_NE(p[0].message.find("text is not UTF-8"), std::string::npos) << p[0].message;
}

TEST(LoadDatasetProblems, BowTieTownIsRepairedWithWarning) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "towns.geojson",
                  "[[[615000, 2415000], [625000, 2415000], [625000, 2425000], [615000, 2425000], "
                  "[615000, 2415000]]]",
                  "[[[615000, 2415000], [625000, 2425000], [625000, 2415000], [615000, 2425000], "
                  "[615000, 2415000]]]");
    const DatasetLoad d = loadDataset(dir.path());
    const auto p = problemsOf(d, "towns", "441704100");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(p[0].severity, Severity::Warning);
    EXPECT_EQ(p[0].file, "towns.geojson");
    EXPECT_NE(p[0].message.find("invalid geometry repaired"), std::string::npos);
    EXPECT_NE(p[0].message.find("Self-intersection"), std::string::npos) << p[0].message;
    // MakeValid splits the bow-tie at its crossing (620000, 2420000) into two triangles of
    // 10 km base and 5 km height: 2 × 25 km² = 50 km² (hand-worked).
    const core::Town* t = findTown(d, "441704100");
    ASSERT_NE(t, nullptr);
    EXPECT_NEAR(t->areaKm2, 50.0, 1e-6);
}

TEST(LoadDatasetProblems, UnrepairableGeometryIsSkippedWithError) {
    ScratchDir dir;
    copyMini(dir.path());
    // A ring that collapses to a line has no polygonal part left after MakeValid.
    replaceInFile(dir.path() / "towns.geojson",
                  "[[[615000, 2415000], [625000, 2415000], [625000, 2425000], [615000, 2425000], "
                  "[615000, 2415000]]]",
                  "[[[615000, 2415000], [625000, 2415000], [620000, 2415000], [615000, 2415000]]]");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(findTown(d, "441704100"), nullptr);
    const auto p = problemsOf(d, "towns", "441704100");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(p[0].severity, Severity::Error);
    EXPECT_NE(p[0].message.find("cannot be repaired"), std::string::npos) << p[0].message;
    // S003 stood in that town: now outside every town.
    EXPECT_EQ(findSchool(d, "S003"), nullptr);
}

TEST(LoadDatasetProblems, SchoolOutsideEveryTownIsSkippedWithError) {
    ScratchDir dir;
    copyMini(dir.path());
    std::string csv = test::readFile(dir.path() / "schools.csv");
    // (630000, 2420000) in EPSG:4546: 5 km east of the last town.
    csv += "S005,海边小学,公办,,10,,112.257720095503,21.8705669001182\n";
    test::writeFile(dir.path() / "schools.csv", csv);
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(d.city.schools.size(), 4U);
    const auto p = problemsOf(d, "schools", "S005");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(p[0].severity, Severity::Error);
    EXPECT_EQ(p[0].file, "schools.csv");
    EXPECT_NE(p[0].message.find("outside every town"), std::string::npos);
}

TEST(LoadDatasetProblems, DuplicateIdKeepsTheFirstAndReportsTheLater) {
    ScratchDir dir;
    copyMini(dir.path());
    std::string csv = test::readFile(dir.path() / "schools.csv");
    csv += "S001,重复小学,公办,,1,,111.967513282801,21.8725267194963\n";
    test::writeFile(dir.path() / "schools.csv", csv);
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(d.city.schools.size(), 4U);
    EXPECT_EQ(findSchool(d, "S001")->name, "南恩小学");
    const auto p = problemsOf(d, "schools", "S001");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(p[0].field, "学校标识码");
    EXPECT_NE(p[0].message.find("duplicate id"), std::string::npos);
}

TEST(LoadDatasetProblems, UnknownStageOwnershipCategoryAndTownAreReported) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "school_grades.csv", "S003,小学,1", "S003,大学,1");
    replaceInFile(dir.path() / "schools.csv", "S002,城南中学,公办", "S002,城南中学,国有");
    replaceInFile(dir.path() / "population.csv", "441702001,6,随迁", "441702001,6,外籍");
    replaceInFile(dir.path() / "population.csv", "441704100,6", "441799999,6");
    const DatasetLoad d = loadDataset(dir.path());
    const auto has = [&](const std::string& layer, const std::string& field,
                         const std::string& text) {
        return std::any_of(d.problems.begin(), d.problems.end(), [&](const Diagnostic& p) {
            return p.layer == layer && p.field == field &&
                   p.message.find(text) != std::string::npos;
        });
    };
    EXPECT_TRUE(has("school_grades", "学段", "unknown stage: \"大学\"")) << allProblems(d);
    EXPECT_TRUE(has("schools", "办学性质", "unknown ownership: \"国有\"")) << allProblems(d);
    EXPECT_TRUE(has("population", "类别", "unknown category: \"外籍\"")) << allProblems(d);
    EXPECT_TRUE(has("population", "乡镇代码", "unknown town code: \"441799999\""))
        << allProblems(d);
    EXPECT_EQ(findSchool(d, "S002"), nullptr);
    EXPECT_EQ(findSchool(d, "S003")->stage(core::Stage::Primary), nullptr);
    ASSERT_EQ(d.city.population.towns.size(), 1U);
    EXPECT_DOUBLE_EQ(d.city.population.towns[0].persons[6][1], 0.0);
}

TEST(LoadDatasetProblems, TownOfUnknownDistrictIsSkipped) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "towns.geojson", "\"区县代码\": \"441704\"",
                  "\"区县代码\": \"441799\"");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(d.city.regions.towns.size(), 2U);
    const auto p = problemsOf(d, "towns", "441704100");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(p[0].field, "区县代码");
    EXPECT_NE(p[0].message.find("unknown district code: \"441799\""), std::string::npos);
}

} // namespace
} // namespace xw::gis
