// What the loader says about broken manifests and about layers whose coordinates do not fit their
// CRS: each test names the kind of input and the message it must give. Fixtures: the mini dataset
// (tests/data/gis/mini) edited in a scratch folder, and the inputs from the field
// (tests/data/cases, see its README).
#include "bad_input_support.hpp"

namespace xw::gis {
namespace {

using namespace test; // fixtures, scratch folders, file edits and bad_input_support.hpp

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

} // namespace
} // namespace xw::gis
