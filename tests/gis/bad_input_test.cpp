// What the loader says about inputs that are broken or unusual: each test names the kind of input
// and the message or figure it must give. Fixtures: the mini dataset (tests/data/gis/mini) edited
// in a scratch folder, and the inputs from the field (tests/data/cases, see its README). Areas are
// worked by hand from the fixtures' exact EPSG:4546 squares.
#include "test_support.hpp"

#include <xw/gis/dataset.hpp>
#include <xw/gis/demand_grid.hpp>

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace xw::gis {
namespace {

using test::caseFixture;
using test::copyDataset;
using test::copyMini;
using test::readFile;
using test::replaceInFile;
using test::ScratchDir;
using test::writeFile;
namespace fs = std::filesystem;

/// Runs loadDataset expecting a GisError; returns its message.
std::string loadError(const fs::path& folder, const LoadOptions& options = {}) {
    try {
        (void)loadDataset(folder, options);
    } catch (const GisError& e) {
        return e.what();
    }
    ADD_FAILURE() << "loadDataset did not throw for " << folder;
    return {};
}

std::string allProblems(const DatasetLoad& d) {
    std::string s;
    for (const auto& p : d.problems) {
        s += toString(p) + "\n";
    }
    return s;
}

/// The problems of a layer whose message contains `text`.
std::vector<Diagnostic> problemsWith(const DatasetLoad& d, const std::string& layer,
                                     const std::string& text) {
    std::vector<Diagnostic> out;
    for (const auto& p : d.problems) {
        if ((layer.empty() || p.layer == layer) && p.message.find(text) != std::string::npos) {
            out.push_back(p);
        }
    }
    return out;
}

const core::School* findSchool(const DatasetLoad& d, const std::string& id,
                               const std::string& campus = "") {
    for (const auto& s : d.city.schools) {
        if (s.id == id && s.campus == campus) {
            return &s;
        }
    }
    return nullptr;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// Encodings

TEST(BadInputEncoding, GbkCsvFromExcelSaysGbkAndShowsTheDecodedHeader) {
    const std::string msg = loadError(caseFixture("01-gbk-csv-from-excel"));
    EXPECT_TRUE(contains(msg, "the file is not UTF-8 (it looks like GBK): save it as UTF-8 or "
                              "give encoding: GBK in the manifest: schools.csv"))
        << msg;
    EXPECT_TRUE(contains(msg, "header read as GBK: \"学校标识码,学校名称,办学性质")) << msg;
}

TEST(BadInputEncoding, ManifestEncodingIsHonouredForCsv) {
    ScratchDir dir;
    copyDataset(caseFixture("01-gbk-csv-from-excel"), dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "    source: schools.csv\n",
                  "    source: schools.csv\n    encoding: GBK\n");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    ASSERT_EQ(d.city.schools.size(), 4U);
    EXPECT_EQ(findSchool(d, "S001")->name, "南恩小学");
    EXPECT_EQ(findSchool(d, "S004")->name, "阳光幼儿园, 南恩");
}

TEST(BadInputEncoding, Utf16CsvWithByteOrderMarkIsRead) {
    // Excel's "Unicode text" is UTF-16LE with a byte-order mark.
    ScratchDir dir;
    copyMini(dir.path());
    const std::string utf8 = readFile(dir.path() / "schools.csv");
    std::string utf16 = "\xFF\xFE";
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        char32_t cp = 0;
        std::size_t n = 1;
        if (c < 0x80) {
            cp = c;
        } else if ((c >> 5) == 6) {
            cp = ((c & 0x1FU) << 6) | (utf8[i + 1] & 0x3FU);
            n = 2;
        } else {
            cp = ((c & 0x0FU) << 12) | ((utf8[i + 1] & 0x3FU) << 6) | (utf8[i + 2] & 0x3FU);
            n = 3;
        }
        utf16 += static_cast<char>(cp & 0xFF);
        utf16 += static_cast<char>((cp >> 8) & 0xFF);
        i += n;
    }
    writeFile(dir.path() / "schools.csv", utf16);
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    ASSERT_EQ(d.city.schools.size(), 4U);
    EXPECT_EQ(findSchool(d, "S003")->name, "东城九年一贯制学校");
}

TEST(BadInputEncoding, Utf8ByteOrderMarkIsDropped) {
    ScratchDir dir;
    copyMini(dir.path());
    writeFile(dir.path() / "schools.csv", "\xEF\xBB\xBF" + readFile(dir.path() / "schools.csv"));
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    EXPECT_EQ(d.city.schools.size(), 4U);
}

TEST(BadInputFiles, ACsvIsReadAsCsvWhateverSignatureItsCellsHold) {
    // Found by the table fuzzer (tests/fuzz/table_fuzz.cpp): GDAL gives a file that its CSV
    // driver does not take (one column: no separator on the first line) to any driver that
    // recognises a signature in its first bytes; "<JCSDataFile" in a cell made schools.csv an
    // OpenJUMP JML file ("required layer is empty", and memory leaked in GDAL's XML parser).
    ScratchDir dir;
    copyMini(dir.path());
    writeFile(dir.path() / "schools.csv", "学校标识码\nS001 <JCSDataFile>\n");
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "cannot open source: schools.csv: GDAL 的 CSV 驱动不接受此文件"))
        << msg;
    EXPECT_TRUE(contains(msg, "its first line has no column separator (comma, semicolon, tab or "
                              "space), and a table needs at least two columns"))
        << msg;
    // A cell with the signature in a table of several columns is just text.
    copyMini(dir.path());
    replaceInFile(dir.path() / "schools.csv", "S001,南恩小学,", "S001,<JCSDataFile> 南恩小学,");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    ASSERT_NE(findSchool(d, "S001"), nullptr);
    EXPECT_EQ(findSchool(d, "S001")->name, "<JCSDataFile> 南恩小学");
}

TEST(BadInputEncoding, UnknownEncodingIsFatal) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "    source: schools.csv\n",
                  "    source: schools.csv\n    encoding: KLINGON\n");
    EXPECT_TRUE(contains(loadError(dir.path()), "unknown encoding: \"KLINGON\""));
}

TEST(BadInputEncoding, MissingColumnListsTheClosestHeadersWithInvisibleCharactersShown) {
    ScratchDir dir;
    copyMini(dir.path());
    // A zero-width space glued to the header, as copied from a web page.
    replaceInFile(dir.path() / "schools.csv", "学校标识码,", "\xE2\x80\x8B学校标识码,");
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "required field missing: schools.csv [schools] 字段 field id (列 "
                              "column \"学校标识码\")"))
        << msg;
    EXPECT_TRUE(contains(msg, "the column \"<U+200B>学校标识码\" has invisible characters")) << msg;
    EXPECT_TRUE(contains(msg, "closest columns: \"<U+200B>学校标识码\"")) << msg;
}

TEST(BadInputEncoding, MappedOptionalColumnThatIsMissingIsFatalNotSilentlyZero) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "migrant: 随迁子女}", "migrant: 随迁子女数}");
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "the column mapped in the manifest is missing: school_grades.csv "
                              "[school_grades] 字段 field migrant (列 column \"随迁子女数\")"))
        << msg;
    EXPECT_TRUE(contains(msg, "closest columns: \"随迁子女\"")) << msg;
}

// ---------------------------------------------------------------------------------------------
// Files that are not readable files

TEST(BadInputFiles, ZeroByteFileSaysEmpty) {
    ScratchDir dir;
    copyMini(dir.path());
    writeFile(dir.path() / "schools.csv", "");
    EXPECT_TRUE(contains(loadError(dir.path()), "the file is empty (0 bytes): schools.csv"));
}

TEST(BadInputFiles, DirectorySaysFolder) {
    ScratchDir dir;
    copyMini(dir.path());
    fs::remove(dir.path() / "schools.csv");
    fs::create_directory(dir.path() / "schools.csv");
    EXPECT_TRUE(contains(loadError(dir.path()), "is a folder, not a file: schools.csv"));
}

TEST(BadInputFiles, FifoIsRefusedWithoutWaiting) {
    ScratchDir dir;
    copyMini(dir.path());
    fs::remove(dir.path() / "schools.csv");
    ASSERT_EQ(::mkfifo((dir.path() / "schools.csv").c_str(), 0600), 0);
    // Opening a FIFO for reading would block until a writer comes: this returns at once.
    EXPECT_TRUE(contains(loadError(dir.path()), "is a named pipe (FIFO)"));
}

TEST(BadInputFiles, SymlinkLoopIsNamedAsSuch) {
    ScratchDir dir;
    copyMini(dir.path());
    fs::remove(dir.path() / "schools.csv");
    fs::create_symlink("loop_b.csv", dir.path() / "schools.csv");
    fs::create_symlink("schools.csv", dir.path() / "loop_b.csv");
    EXPECT_TRUE(contains(loadError(dir.path()), "symbolic link loop"));
}

TEST(BadInputFiles, BrokenSymlinkNamesItsTarget) {
    ScratchDir dir;
    copyMini(dir.path());
    fs::remove(dir.path() / "schools.csv");
    fs::create_symlink("gone.csv", dir.path() / "schools.csv");
    EXPECT_TRUE(contains(loadError(dir.path()), "broken symbolic link to gone.csv"));
}

TEST(BadInputFiles, UnreadableFileSaysPermissionDenied) {
    if (::geteuid() == 0) {
        GTEST_SKIP() << "root reads every file";
    }
    ScratchDir dir;
    copyMini(dir.path());
    fs::permissions(dir.path() / "schools.csv", fs::perms::none);
    EXPECT_TRUE(contains(loadError(dir.path()), "permission denied"));
}

TEST(BadInputFiles, GeoPackageWithoutItsTablesSaysItWasNotWrittenCompletely) {
    // What is left of a GeoPackage copied onto a full disk: an SQLite file that claims to be a
    // GeoPackage (application id "GPKG") and holds none of its tables.
    ScratchDir dir;
    copyDataset(caseFixture("07-multipoint-schools-from-qgis"), dir.path());
    fs::remove(dir.path() / "schools.gpkg");
    GDALAllRegister();
    GDALDriver* sqlite = GetGDALDriverManager()->GetDriverByName("SQLite");
    ASSERT_NE(sqlite, nullptr);
    {
        GDALDatasetUniquePtr db(
            sqlite->Create((dir.path() / "schools.gpkg").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_NE(db, nullptr);
        db->ExecuteSQL("PRAGMA application_id = 1196444487", nullptr, nullptr);
        db->ExecuteSQL("CREATE TABLE half (a)", nullptr, nullptr);
    }
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "cannot open source: schools.gpkg")) << msg;
    EXPECT_TRUE(contains(msg, "was not written completely") ||
                contains(msg, "damaged or incomplete"))
        << msg;
}

TEST(BadInputFiles, TruncatedGeoPackageSaysDamagedOrIncomplete) {
    ScratchDir dir;
    copyDataset(caseFixture("07-multipoint-schools-from-qgis"), dir.path());
    const std::string gpkg = readFile(dir.path() / "schools.gpkg");
    writeFile(dir.path() / "schools.gpkg", gpkg.substr(0, 8192));
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "the file is damaged or incomplete")) << msg;
}

// ---------------------------------------------------------------------------------------------
// The manifest

TEST(BadInputManifest, MisspelledTablesKeyIsAnErrorNamingTablesNotZeroFigures) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "tables:\n", "tabels:\n");
    EXPECT_TRUE(contains(loadError(dir.path()),
                         "dataset.yaml:29: 未知的键 / unknown key: tabels (是否应为 / did you mean "
                         "tables?)"));
}

TEST(BadInputManifest, MisspelledFieldKeyNamesTheNearestField) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "{school: 学校标识码, stage: 学段",
                  "{school: 学校标识码, stgae: 学段");
    EXPECT_TRUE(contains(loadError(dir.path()),
                         "unknown key: tables.school_grades.fields.stgae (是否应为 / did you mean "
                         "tables.school_grades.fields.stage?)"));
}

TEST(BadInputManifest, DuplicateKeyIsAnError) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "base_year: 2020\n",
                  "base_year: 2020\nbase_year: 2021\n");
    EXPECT_TRUE(contains(loadError(dir.path()), "duplicate key: base_year"));
}

TEST(BadInputManifest, HundredThousandDeepNestingIsRefusedBeforeTheParserRecurses) {
    ScratchDir dir;
    copyMini(dir.path());
    const std::string yaml = readFile(dir.path() / "dataset.yaml");
    writeFile(dir.path() / "dataset.yaml",
              yaml + "extra: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "nested deeper than 64 levels")) << msg;
    EXPECT_TRUE(contains(msg, "dataset.yaml:39:")) << msg; // the line of the nesting
}

TEST(BadInputManifest, AliasBombIsRefusedWithAPlainReason) {
    ScratchDir dir;
    copyMini(dir.path());
    std::string bomb = "name: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'h'; ++c) {
        const char prev = static_cast<char>(c - 1);
        bomb += std::string("z") + c + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) {
            bomb += std::string(i == 0 ? "" : ", ") + "*" + prev;
        }
        bomb += "]\n";
    }
    std::string yaml = readFile(dir.path() / "dataset.yaml");
    yaml.replace(yaml.find("name: 迷你测试数据 Mini test data\n"),
                 std::string("name: 迷你测试数据 Mini test data\n").size(), bomb);
    writeFile(dir.path() / "dataset.yaml", yaml);
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "expand to more than 100000 nodes (an alias bomb?)")) << msg;
}

TEST(BadInputManifest, BaseYearOutsideItsRangeIsFatal) {
    for (const char* year : {"-2020", "1900", "2200"}) {
        ScratchDir dir;
        copyMini(dir.path());
        replaceInFile(dir.path() / "dataset.yaml", "base_year: 2020\n",
                      std::string("base_year: ") + year + "\n");
        const std::string msg = loadError(dir.path());
        EXPECT_TRUE(contains(msg, std::string("base_year 超出范围 / out of range: \"") + year +
                                      "\" (允许 allowed 1949–2100)"))
            << msg;
    }
}

TEST(BadInputManifest, ManifestInGbkSaysSo) {
    ScratchDir dir;
    copyMini(dir.path());
    // 迷你 in GBK: C3D4 C4E3.
    replaceInFile(dir.path() / "dataset.yaml", "name: 迷你测试数据", "name: \xC3\xD4\xC4\xE3");
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "dataset.yaml:4: 清单不是 UTF-8 编码")) << msg;
    EXPECT_TRUE(contains(msg, "the manifest is not UTF-8")) << msg;
}

TEST(BadInputManifest, RequiredTableWithAHeaderAndNoRowsIsFatal) {
    ScratchDir dir;
    copyMini(dir.path());
    writeFile(dir.path() / "school_grades.csv", "学校标识码,学段,年级,班级数,在校生数,随迁子女\n");
    EXPECT_TRUE(contains(loadError(dir.path()),
                         "the table has no rows (a header at most): school_grades.csv"));
}

TEST(BadInputManifest, OptionalLayerWithNoRowsIsAWarning) {
    ScratchDir dir;
    copyMini(dir.path());
    writeFile(dir.path() / "housing.csv",
              "项目编号,项目名称,套数,交付年份,配套幼儿园班数,幼儿园交付年份,"
              "公办普惠,WKT\n");
    const DatasetLoad d = loadDataset(dir.path());
    ASSERT_EQ(problemsWith(d, "housing", "named in the manifest but has no rows").size(), 1U)
        << allProblems(d);
}

// ---------------------------------------------------------------------------------------------
// Every feature of a required layer fails: the reasons, grouped, with a hint

TEST(BadInputLayers, OnePartMultiPointsFromQgisAreSchools) {
    const DatasetLoad d = loadDataset(caseFixture("07-multipoint-schools-from-qgis"));
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    ASSERT_EQ(d.city.schools.size(), 4U);
    // S001 was converted from (600000, 2420000) in EPSG:4546 (tests/data/gis/README.md).
    EXPECT_NEAR(findSchool(d, "S001")->location.x, 600000.0, 0.01);
    EXPECT_EQ(findSchool(d, "S003")->townCode, "441704100");
}

TEST(BadInputLayers, SwappedLongitudeAndLatitudeAreNamedInTheFatalMessage) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "geometry: {x: 经度, y: 纬度}",
                  "geometry: {x: 纬度, y: 经度}");
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "required layer has no usable feature: schools.csv [schools] (4 "))
        << msg;
    EXPECT_TRUE(contains(msg, "— 4 个要素 features (S001, S002, S003, …)")) << msg;
    EXPECT_TRUE(contains(msg, "look swapped")) << msg;
    EXPECT_TRUE(contains(msg, "提示 hint: 经度/纬度两列似乎颠倒")) << msg;
}

TEST(BadInputLayers, MetresDeclaredAsDegreesAreNamedInTheFatalMessage) {
    ScratchDir dir;
    copyMini(dir.path());
    writeFile(dir.path() / "schools.csv",
              "学校标识码,学校名称,办学性质,普惠,专任教师数,占地面积,经度,纬度\n"
              "S001,南恩小学,公办,,40,18000,600000,2420000\n"
              "S002,城南中学,公办,否,60,30000.5,610000,2420000\n");
    const std::string msg = loadError(dir.path());
    EXPECT_TRUE(contains(msg, "the coordinates are not degrees but look like projected metres: "
                              "check crs (now EPSG:4490)"))
        << msg;
    EXPECT_TRUE(contains(msg, "— 2 个要素 features (S001, S002)")) << msg;
}

TEST(BadInputLayers, ReasonsAreGroupedMostFrequentFirst) {
    ScratchDir dir;
    copyMini(dir.path());
    writeFile(dir.path() / "schools.csv",
              "学校标识码,学校名称,办学性质,普惠,专任教师数,占地面积,经度,纬度\n"
              "S001,甲,公办,,40,18000,abc,21.87\n"
              "S002,乙,公办,,40,18000,112.06,\n"
              "S003,丙,公办,,40,18000,112.16,\n"
              "S004,丁,国有,,40,18000,111.98,21.85\n");
    const std::string msg = loadError(dir.path());
    const auto missing = msg.find("缺少坐标 / missing coordinate — 2 个要素 features (S002, S003)");
    const auto nan = msg.find("不是数字 / not a number: \"abc\" — 1 个要素 features (S001)");
    const auto ownership = msg.find("unknown ownership: \"国有\"");
    ASSERT_NE(missing, std::string::npos) << msg;
    ASSERT_NE(nan, std::string::npos) << msg;
    ASSERT_NE(ownership, std::string::npos) << msg;
    EXPECT_LT(missing, nan);
}

// ---------------------------------------------------------------------------------------------
// Overlapping towns

TEST(BadInputTowns, OverlapGoesToTheSmallerTownWhateverTheOrder) {
    // 东城街道 (615–621 km × 10 km = 60 km²) is drawn over 东城镇 (615–625 km, 100 km²): the
    // overlap is all of 东城街道, 60 km², 60 % of 东城镇. 东城镇 keeps 40 km².
    for (const char* variant : {"dataset", "dataset-reordered"}) {
        const DatasetLoad d =
            loadDataset(caseFixture("11-overlapping-towns-after-boundary-change", variant));
        const auto w = problemsWith(d, "towns", "overlaps town 441704001 东城街道 by 60.00 km²");
        ASSERT_EQ(w.size(), 1U) << variant << "\n" << allProblems(d);
        EXPECT_EQ(w[0].severity, Severity::Warning);
        EXPECT_EQ(w[0].featureId, "441704100");
        EXPECT_TRUE(contains(w[0].message, "(60.0 % of this town, 100.0 % of the other)"))
            << w[0].message;
        const auto& towns = d.city.regions.towns;
        const auto zhen = d.city.regions.townIndex("441704100");
        const auto jie = d.city.regions.townIndex("441704001");
        ASSERT_TRUE(zhen && jie);
        EXPECT_NEAR(towns[*zhen].areaKm2, 40.0, 1e-6) << variant;
        EXPECT_NEAR(towns[*jie].areaKm2, 60.0, 1e-6) << variant;
        // S003 at (620000, 2420000) lies in the overlap.
        EXPECT_EQ(findSchool(d, "S003")->townCode, "441704001") << variant;
    }
}

TEST(BadInputTowns, OverlapIsNotCountedTwiceInTheDemandGrid) {
    // 300 km² of land once the overlap is cut: 300 / 0.25² = 4,800 cells of 250 m, each once.
    const DatasetLoad d = loadDataset(caseFixture("11-overlapping-towns-after-boundary-change"));
    const DemandGrid g = buildDemandGrid(d, {250.0});
    EXPECT_EQ(g.points.size(), 4800U);
    std::set<std::pair<double, double>> where;
    for (const auto& p : g.points) {
        EXPECT_TRUE(where.insert({p.location.x, p.location.y}).second)
            << "cell counted twice at " << p.location.x << ", " << p.location.y;
    }
}

TEST(BadInputTowns, TownEntirelyInsideSmallerTownsIsSkippedWithAnError) {
    ScratchDir dir;
    copyDataset(caseFixture("11-overlapping-towns-after-boundary-change"), dir.path());
    // 东城街道 now covers 东城镇 whole (the same square) and is given a code that sorts first:
    // equal areas go to the lower code, so 东城镇 (441704100) is left with nothing.
    replaceInFile(dir.path() / "towns.geojson", "621000", "625000");
    replaceInFile(dir.path() / "towns.geojson", "621000", "625000");
    replaceInFile(dir.path() / "towns.geojson", "\"441704001\"", "\"441704000\"");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_FALSE(d.city.regions.townIndex("441704100").has_value());
    ASSERT_EQ(problemsWith(d, "towns", "the whole town lies inside smaller towns").size(), 1U)
        << allProblems(d);
}

// ---------------------------------------------------------------------------------------------
// Schools: duplicate ids and campuses

TEST(BadInputSchools, DuplicateIdIsReportedByRowAndItsGradesAreNotCreditedToTheFirst) {
    const DatasetLoad d = loadDataset(caseFixture("13-school-with-two-campuses-one-id"));
    const auto dup = problemsWith(d, "schools", "duplicate id (same as row 1): row 5 skipped");
    ASSERT_EQ(dup.size(), 1U) << allProblems(d);
    EXPECT_TRUE(contains(dup[0].message, "tell the campuses apart in a campus column"));
    // The first campus stays, but none of S001's grade rows can be attributed to it.
    const core::School* s1 = findSchool(d, "S001");
    ASSERT_NE(s1, nullptr);
    EXPECT_TRUE(s1->stages.empty());
    EXPECT_EQ(
        problemsWith(d, "school_grades", "is duplicated in the schools layer (rows 1, 5)").size(),
        5U)
        << allProblems(d);
}

/// Case 13 with a campus column (校区) in both tables.
fs::path twoCampuses(const fs::path& dir) {
    copyDataset(caseFixture("13-school-with-two-campuses-one-id"), dir);
    std::string schools = readFile(dir / "schools.csv");
    schools.replace(schools.find("纬度\n"), std::string("纬度\n").size(), "纬度,校区\n");
    schools.replace(schools.find("21.8725267194963\n"), 17, "21.8725267194963,本部\n");
    schools.replace(schools.find("21.853871142654\n"), 16, "21.853871142654,城南校区\n");
    for (const char* id : {"S002", "S003", "S004"}) {
        const auto at = schools.find(std::string("\n") + id);
        schools.insert(schools.find('\n', at + 1), ",");
    }
    writeFile(dir / "schools.csv", schools);
    std::string grades = readFile(dir / "school_grades.csv");
    grades.replace(grades.find("随迁子女\n"), std::string("随迁子女\n").size(), "随迁子女,校区\n");
    std::string out;
    std::size_t start = grades.find('\n') + 1;
    out = grades.substr(0, start);
    while (start < grades.size()) {
        const std::size_t end = grades.find('\n', start);
        std::string line = grades.substr(start, end - start);
        if (line.rfind("S001,小学", 0) == 0) {
            line += ",本部";
        } else if (line.rfind("S001,初中", 0) == 0) {
            line += ",城南校区";
        } else {
            line += ",";
        }
        out += line + "\n";
        start = end + 1;
    }
    writeFile(dir / "school_grades.csv", out);
    replaceInFile(dir / "dataset.yaml", "{id: 学校标识码,", "{id: 学校标识码, campus: 校区,");
    replaceInFile(dir / "dataset.yaml", "{school: 学校标识码,",
                  "{school: 学校标识码, campus: 校区,");
    return dir;
}

TEST(BadInputSchools, CampusesUnderOneIdEachKeepTheirLocationAndGrades) {
    ScratchDir dir;
    const DatasetLoad d = loadDataset(twoCampuses(dir.path()));
    EXPECT_TRUE(d.problems.empty()) << allProblems(d);
    const core::School* main = findSchool(d, "S001", "本部");
    const core::School* south = findSchool(d, "S001", "城南校区");
    ASSERT_NE(main, nullptr);
    ASSERT_NE(south, nullptr);
    EXPECT_EQ(main->townCode, "441702001");
    EXPECT_EQ(south->townCode, "441702002"); // 112.0641° E lies in 城南街道
    ASSERT_EQ(main->stages.size(), 1U);
    EXPECT_EQ(main->stages[0].stage, core::Stage::Primary);
    EXPECT_EQ(main->stages[0].students(), 182 + 190);
    ASSERT_EQ(south->stages.size(), 1U);
    EXPECT_EQ(south->stages[0].stage, core::Stage::Junior);
    EXPECT_EQ(south->stages[0].students(), 200 + 198 + 195);
}

TEST(BadInputSchools, GradeRowWithoutCampusOfASchoolWithSeveralIsAnError) {
    ScratchDir dir;
    twoCampuses(dir.path());
    replaceInFile(dir.path() / "school_grades.csv", "S001,初中,9,4,195,8,城南校区",
                  "S001,初中,9,4,195,8,");
    const DatasetLoad d = loadDataset(dir.path());
    ASSERT_EQ(
        problemsWith(d, "school_grades", "has several campuses (\"本部\", \"城南校区\")").size(),
        1U)
        << allProblems(d);
}

// ---------------------------------------------------------------------------------------------
// Grade rows

TEST(BadInputGrades, PupilsInAGradeWithNoClassesAreAWarning) {
    const DatasetLoad d = loadDataset(caseFixture("14-teaching-point-zero-classes"));
    const auto w = problemsWith(d, "school_grades", "pupils in a grade with 0 classes");
    ASSERT_EQ(w.size(), 4U) << allProblems(d);
    EXPECT_EQ(w[0].severity, Severity::Warning);
    EXPECT_EQ(w[0].featureId, "row 12 (T001)");
    EXPECT_TRUE(contains(w[0].message, "5 pupils")) << w[0].message;
    // The rows stay: T002's two grades, 3 + 2 pupils, no classes.
    const core::School* t2 = findSchool(d, "T002");
    ASSERT_NE(t2, nullptr);
    EXPECT_EQ(t2->stage(core::Stage::Primary)->students(), 5);
    EXPECT_EQ(t2->stage(core::Stage::Primary)->classes(), 0);
}

TEST(BadInputGrades, MoreLargeOrHugeClassesThanClassesAreRejected) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "dataset.yaml", "migrant: 随迁子女}",
                  "migrant: 随迁子女, large_classes: 大班额, huge_classes: 超大班额}");
    std::string grades = readFile(dir.path() / "school_grades.csv");
    grades.replace(grades.find("随迁子女\n"), std::string("随迁子女\n").size(),
                   "随迁子女,大班额,超大班额\n");
    std::string out;
    std::size_t start = 0;
    int line = 0;
    while (start < grades.size()) {
        const std::size_t end = grades.find('\n', start);
        std::string row = grades.substr(start, end - start);
        if (line > 0) {
            row += line == 1 ? ",5," : (line == 2 ? ",2,3" : ",,");
        }
        out += row + "\n";
        start = end + 1;
        ++line;
    }
    writeFile(dir.path() / "school_grades.csv", out);
    const DatasetLoad d = loadDataset(dir.path());
    // Row 1: S001 grade 2 with 4 classes reports 5 large; row 2: 2 large, 3 huge.
    EXPECT_EQ(
        problemsWith(d, "school_grades", "5 large classes reported in a grade of 4 classes").size(),
        1U)
        << allProblems(d);
    EXPECT_EQ(problemsWith(d, "school_grades",
                           "there cannot be more of them (3) than large "
                           "classes (2)")
                  .size(),
              1U)
        << allProblems(d);
    EXPECT_EQ(findSchool(d, "S001")->stage(core::Stage::Primary), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Ranges

TEST(BadInputRanges, NineHundredMillionClassesAreRejectedWithTheFieldNamed) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "school_grades.csv", "S002,初中,8,6,310,",
                  "S002,初中,8,999999999,310,");
    const DatasetLoad d = loadDataset(dir.path());
    const auto p =
        problemsWith(d, "school_grades", "out of range: \"999999999\" (允许 allowed 0–1000)");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(p[0].field, "班级数");
    EXPECT_EQ(findSchool(d, "S002")->stage(core::Stage::Junior)->classes(), 6 + 5);
}

TEST(BadInputRanges, HugeAndNonFiniteNumbersAreRejected) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "population.csv", "441702001,6,户籍,1500", "441702001,6,户籍,1e308");
    replaceInFile(dir.path() / "population.csv", "441702001,6,随迁,300", "441702001,6,随迁,inf");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(problemsWith(d, "population", "out of range: \"1e308\"").size(), 1U)
        << allProblems(d);
    EXPECT_EQ(problemsWith(d, "population", "not a finite number: \"inf\"").size(), 1U)
        << allProblems(d);
    for (const auto& t : d.city.population.towns) {
        for (const auto& age : t.persons) {
            EXPECT_TRUE(std::isfinite(age[0]) && std::isfinite(age[1]));
        }
    }
}

TEST(BadInputRanges, YearsOutside1949To2100AreErrors) {
    ScratchDir dir;
    copyMini(dir.path());
    const std::string housing = readFile(dir.path() / "housing.csv");
    writeFile(dir.path() / "housing.csv", housing);
    replaceInFile(dir.path() / "births.csv", "441700,2020,", "441700,2200,");
    const std::string original = readFile(dir.path() / "housing.csv");
    // The two projects: completion year 1900 for the first, kindergarten delivery year 0 for the
    // second (column order: id, name, dwellings, year, kg classes, kg year, kg public, WKT).
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < original.size()) {
        const std::size_t end = original.find('\n', start);
        lines.push_back(original.substr(start, end - start));
        start = end + 1;
    }
    ASSERT_GE(lines.size(), 3U);
    const auto setField = [](std::string& line, int index, const std::string& value) {
        std::size_t from = 0;
        for (int i = 0; i < index; ++i) {
            from = line.find(',', from) + 1;
        }
        line.replace(from, line.find(',', from) - from, value);
    };
    setField(lines[1], 3, "1900");
    setField(lines[2], 5, "0");
    setField(lines[2], 4, "3");
    std::string edited;
    for (const auto& l : lines) {
        edited += l + "\n";
    }
    writeFile(dir.path() / "housing.csv", edited);
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(
        problemsWith(d, "housing", "year out of range: \"1900\" (允许 allowed 1949–2100)").size(),
        1U)
        << allProblems(d);
    EXPECT_EQ(problemsWith(d, "housing", "year out of range: \"0\"").size(), 1U) << allProblems(d);
    EXPECT_EQ(problemsWith(d, "births", "year out of range: \"2200\"").size(), 1U)
        << allProblems(d);
    EXPECT_TRUE(d.city.housing.empty());
}

// ---------------------------------------------------------------------------------------------
// The working CRS

TEST(BadInputWorkingCrs, WebMercatorIsRejectedWithTheReason) {
    LoadOptions options;
    options.workingCrs = "EPSG:3857";
    const std::string msg = loadError(test::fixture("mini"), options);
    EXPECT_TRUE(contains(msg, "the working CRS must not be Web Mercator: \"EPSG:3857\"")) << msg;
    EXPECT_TRUE(contains(msg, "about 8 % at 22° N")) << msg;
}

TEST(BadInputWorkingCrs, GeographicIsRejectedWithTheReason) {
    LoadOptions options;
    options.workingCrs = "EPSG:4326";
    EXPECT_TRUE(contains(loadError(test::fixture("mini"), options),
                         "must be projected in metres, not geographic (degrees)"));
}

TEST(BadInputWorkingCrs, DistantZoneWarnsWithItsScaleErrorAndTheRightZone) {
    // UTM 50N (central meridian 117° E, scale 0.9996) over the mini towns at about 112.0° E,
    // 21.9° N: k = 0.9996 · (1 + (Δλ cos φ)² / 2) with Δλ = 5° → 0.9996 · 1.00327 = 1.00287,
    // so the scale error is about 0.29 % (hand-worked from the transverse Mercator series).
    LoadOptions options;
    options.workingCrs = "EPSG:32650";
    const DatasetLoad d = loadDataset(test::fixture("mini"), options);
    const auto w = problemsWith(d, "", "distorts lengths by up to 0.");
    ASSERT_EQ(w.size(), 1U) << allProblems(d);
    EXPECT_EQ(w[0].field, "working_crs");
    EXPECT_TRUE(contains(w[0].message, "use EPSG:4546")) << w[0].message;
    const auto at = w[0].message.find("up to 0.");
    const double figure = std::stod(w[0].message.substr(at + 6));
    EXPECT_NEAR(figure, 0.29, 0.03);
}

TEST(BadInputWorkingCrs, LocalGaussKrugerZoneDoesNotWarn) {
    const DatasetLoad d = loadDataset(test::fixture("mini"));
    EXPECT_TRUE(problemsWith(d, "", "distorts lengths").empty()) << allProblems(d);
}

} // namespace
} // namespace xw::gis
