// What the loader says about text encodings and about files that are not what they seem: each
// test names the kind of input and the message it must give. Fixtures: the mini dataset
// (tests/data/gis/mini) edited in a scratch folder, and the inputs from the field
// (tests/data/cases, see its README).
#include "bad_input_support.hpp"

#include <gdal_priv.h>

#include <sys/stat.h>
#include <unistd.h>

namespace xw::gis {
namespace {

using namespace test; // fixtures, scratch folders, file edits and bad_input_support.hpp

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

} // namespace
} // namespace xw::gis
