// `xuewei export` on the embedded dataset with a small test plan (2 km grid for speed): every
// format read back with GDAL — layers and feature counts equal to the tables `xuewei run` writes
// for the same scenario, the CRS recognised by its EPSG code, values equal to run's CSV files
// (a school's seats, a town's shortfall), coded values in Chinese; --force; a read-only folder
// fails naming the path and leaves nothing behind.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;
using xw::testing::Scratch;

const std::string kScenario =
    (fs::path(XW_SOURCE_ROOT) / "tests/data/study/export_scenario.yaml").string();
const std::string kStudy = "--scenario " + kScenario + " --grid-m 2000";

/// The tables every export of the test plan holds, in order.
const std::vector<std::string> kTables{
    "districts",        "towns",        "zones",   "catchments", "land_reservations", "schools",
    "school_shortfall", "plan_schools", "housing", "indicators", "balance_by_year"};
const std::set<std::string> kStageNames{"学前", "小学", "初中", "普通高中", "中职", "特殊教育"};

GDALDatasetUniquePtr openVector(const fs::path& path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::FromHandle(GDALOpenEx(
        path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

/// Field name written for (table, key): from xw_fields (GeoPackage) or fields.csv (folders).
using FieldMap = std::map<std::pair<std::string, std::string>, std::string>;

FieldMap fieldsOfGpkg(GDALDataset& ds) {
    FieldMap m;
    OGRLayer* l = ds.GetLayerByName("xw_fields");
    EXPECT_NE(l, nullptr);
    if (l == nullptr)
        return m;
    for (auto& f : *l)
        m[{f->GetFieldAsString("table_name"), f->GetFieldAsString("key")}] =
            f->GetFieldAsString("field");
    return m;
}

FieldMap fieldsOfFolder(const fs::path& folder) {
    FieldMap m;
    for (const auto& row : readCsv((folder / "fields.csv").string()).rows)
        m[{row.at("表 table"), row.at("键 key")}] = row.at("字段 field");
    return m;
}

/// Values of `field` over a layer's features, as text.
std::vector<std::string> values(OGRLayer& layer, const std::string& field) {
    std::vector<std::string> out;
    const int i = layer.GetLayerDefn()->GetFieldIndex(field.c_str());
    EXPECT_GE(i, 0) << layer.GetName() << " has no field " << field;
    if (i < 0)
        return out;
    layer.ResetReading();
    for (auto& f : layer)
        out.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
    return out;
}

/// The value of `want` in the feature whose fields `match` equal the given texts.
std::string valueWhere(OGRLayer& layer, const std::map<std::string, std::string>& match,
                       const std::string& want) {
    layer.ResetReading();
    for (auto& f : layer) {
        bool ok = true;
        for (const auto& [field, value] : match)
            ok = ok && std::string(f->GetFieldAsString(field.c_str())) == value;
        if (ok)
            return f->GetFieldAsString(want.c_str());
    }
    ADD_FAILURE() << layer.GetName() << ": no feature matching";
    return "";
}

std::string epsgOf(OGRLayer& layer) {
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    if (srs == nullptr)
        return "";
    OGRSpatialReference copy(*srs);
    if (copy.GetAuthorityCode(nullptr) == nullptr)
        copy.AutoIdentifyEPSG();
    const char* code = copy.GetAuthorityCode(nullptr);
    return code != nullptr ? code : "";
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ExportCommand : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        outDir = new Scratch("xw_export_cli");
        fs::create_directories(outDir->path);
        runResults = new std::map<std::string, xw::testing::RunResult>;
        (*runResults)["run"] =
            runXuewei("run -q --no-report " + kStudy + " --out " + (outDir->path / "run").string());
        for (const char* f : {"gdb", "shp", "gpkg", "dxf", "xlsx", "geojson", "csv"})
            (*runResults)[f] = runXuewei(std::string("export --format ") + f + " " + kStudy +
                                         " --out " + out(f).string());
    }
    static void TearDownTestSuite() {
        delete runResults;
        delete outDir;
    }
    static fs::path out(const std::string& format) {
        if (format == "gdb")
            return outDir->path / "plan.gdb";
        if (format == "gpkg" || format == "dxf" || format == "xlsx")
            return outDir->path / ("plan." + format);
        return outDir->path / ("plan_" + format);
    }
    static fs::path runFile(const std::string& name) { return outDir->path / "run" / name; }

    /// Rows of a CSV of `xuewei run`.
    static std::size_t runRows(const std::string& name) {
        return readCsv(runFile(name).string()).rows.size();
    }
    /// How many features each table must have, from `xuewei run`'s files of the same scenario.
    static std::map<std::string, std::size_t> expectedCounts() {
        std::map<std::string, std::size_t> n;
        n["school_shortfall"] = runRows("balance_schools.csv");
        n["indicators"] = runRows("indicators.csv");
        n["housing"] = runRows("kindergarten_check.csv");
        n["balance_by_year"] = runRows("balance_by_year.csv");
        std::set<std::string> towns, districts, schools;
        for (const auto& row : readCsv(runFile("balance_areas.csv").string()).rows) {
            if (row.at("level") == "town")
                towns.insert(row.at("code"));
            if (row.at("level") == "district")
                districts.insert(row.at("code"));
        }
        for (const auto& row : readCsv(runFile("balance_schools.csv").string()).rows)
            schools.insert(row.at("school_id"));
        n["towns"] = towns.size();
        n["districts"] = districts.size();
        n["schools"] = schools.size();
        // Land reservations: the areas short of seats in 2022, the test plan's last year (its
        // last interventions take effect then): towns for the stages netted by town, districts
        // for senior high, vocational and special schools (the norms' catchment levels).
        std::size_t reservations = 0;
        const std::set<std::string> byDistrict{"senior", "vocational", "special"};
        for (const auto& row : readCsv(runFile("resources_by_year.csv").string()).rows)
            if (row.at("year") == "2022" && std::stod(row.at("missing_seats")) > 0 &&
                (row.at("level") == "town" ||
                 (row.at("level") == "district" && byDistrict.count(row.at("stage")))))
                ++reservations;
        n["land_reservations"] = reservations;
        n["plan_schools"] = 4;
        n["zones"] = 2;
        const auto gpkg = openVector(runFile("xuewei.gpkg"));
        n["catchments"] =
            static_cast<std::size_t>(gpkg->GetLayerByName("catchments")->GetFeatureCount());
        return n;
    }
    /// Seats of school 2117020147 (primary) in balance_schools.csv.
    static std::string runSeats() {
        for (const auto& row : readCsv(runFile("balance_schools.csv").string()).rows)
            if (row.at("school_id") == "2117020147" && row.at("stage") == "primary")
                return row.at("seats");
        return "";
    }
    /// The town with the largest primary shortfall in balance_areas.csv: (code, shortfall).
    static std::pair<std::string, double> runTownShortfall() {
        std::pair<std::string, double> best{"", -1.0};
        for (const auto& row : readCsv(runFile("balance_areas.csv").string()).rows)
            if (row.at("level") == "town" && row.at("stage") == "primary" &&
                std::stod(row.at("shortfall")) > best.second)
                best = {row.at("code"), std::stod(row.at("shortfall"))};
        return best;
    }

    /// Checks one OGR dataset (gdb, gpkg) or the layers of a folder against run's tables.
    static void checkLayers(const std::map<std::string, OGRLayer*>& layers, const FieldMap& fields,
                            const std::string& epsg) {
        const auto counts = expectedCounts();
        for (const std::string& t : kTables) {
            ASSERT_TRUE(layers.count(t)) << "missing " << t;
            OGRLayer* l = layers.at(t);
            ASSERT_NE(l, nullptr) << t;
            EXPECT_EQ(static_cast<std::size_t>(l->GetFeatureCount(TRUE)), counts.at(t)) << t;
            if (!epsg.empty() && t != "indicators" && t != "balance_by_year") {
                EXPECT_EQ(epsgOf(*l), epsg) << t;
            }
        }
        const auto f = [&](const std::string& table, const std::string& key) {
            return fields.at({table, key});
        };
        // A school's seats and a town's shortfall as `xuewei run` wrote them.
        OGRLayer& shortfall = *layers.at("school_shortfall");
        EXPECT_EQ(valueWhere(shortfall,
                             {{f("school_shortfall", "school_id"), "2117020147"},
                              {f("school_shortfall", "stage"), "小学"}},
                             f("school_shortfall", "seats")),
                  runSeats());
        const auto [town, townShortfall] = runTownShortfall();
        EXPECT_GT(townShortfall, 0.0);
        EXPECT_NEAR(std::stod(valueWhere(*layers.at("towns"), {{f("towns", "code"), town}},
                                         f("towns", "primary_shortfall"))),
                    townShortfall, 1e-6);
        // Coded values in Chinese.
        const auto ownership = values(*layers.at("schools"), f("schools", "ownership"));
        EXPECT_EQ(std::set<std::string>(ownership.begin(), ownership.end()),
                  (std::set<std::string>{"公办", "民办"}));
        for (const std::string& s : values(shortfall, f("school_shortfall", "stage")))
            EXPECT_TRUE(kStageNames.count(s)) << s;
        const auto status = values(*layers.at("plan_schools"), f("plan_schools", "status"));
        EXPECT_EQ(std::set<std::string>(status.begin(), status.end()),
                  (std::set<std::string>{"新建", "扩建", "撤并"}));
        const auto pass = values(*layers.at("indicators"), f("indicators", "pass"));
        for (const std::string& p : pass)
            EXPECT_TRUE(p == "达标" || p == "未达标" || p == "无法判定") << p;
    }

    static Scratch* outDir;
    static std::map<std::string, xw::testing::RunResult>* runResults;
};
Scratch* ExportCommand::outDir = nullptr;
std::map<std::string, xw::testing::RunResult>* ExportCommand::runResults = nullptr;

TEST_F(ExportCommand, EveryFormatSucceedsAndListsItsTables) {
    for (const auto& [name, r] : *runResults) {
        ASSERT_EQ(r.exitCode, 0) << name << "\n" << r.out;
        if (name == "run")
            continue;
        EXPECT_TRUE(fs::exists(out(name))) << name;
        for (const std::string& t : kTables)
            EXPECT_NE(r.out.find(t), std::string::npos) << name << " does not name " << t;
        // Progress lines with their times, and the export's own step.
        EXPECT_NE(r.out.find("写出导出文件 Writing the export"), std::string::npos) << r.out;
    }
    // Nothing staged is left beside the outputs.
    for (const auto& e : fs::directory_iterator(outDir->path))
        EXPECT_EQ(e.path().filename().string().find(".partial"), std::string::npos) << e.path();
}

TEST_F(ExportCommand, GeoPackageHoldsRunsTablesWithStylesInEpsg4546) {
    const auto ds = openVector(out("gpkg"));
    ASSERT_TRUE(ds);
    std::map<std::string, OGRLayer*> layers;
    for (const std::string& t : kTables)
        layers[t] = ds->GetLayerByName(t.c_str());
    checkLayers(layers, fieldsOfGpkg(*ds), "4546");
    // One QGIS style per spatial layer, used as the default.
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    ASSERT_NE(styles, nullptr);
    std::set<std::string> styled;
    for (auto& f : *styles) {
        styled.insert(f->GetFieldAsString("f_table_name"));
        EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
    }
    EXPECT_EQ(styled.size(), 9U); // every table but indicators and balance_by_year
    EXPECT_TRUE(styled.count("land_reservations"));
}

TEST_F(ExportCommand, FileGeodatabaseUsesKeysWithChineseAliases) {
    const auto ds = openVector(out("gdb"));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "OpenFileGDB");
    std::map<std::string, OGRLayer*> layers;
    FieldMap keys;
    for (const std::string& t : kTables) {
        layers[t] = ds->GetLayerByName(t.c_str());
        ASSERT_NE(layers[t], nullptr) << t;
        OGRFeatureDefn* d = layers[t]->GetLayerDefn();
        for (int i = 0; i < d->GetFieldCount(); ++i)
            keys[{t, d->GetFieldDefn(i)->GetNameRef()}] = d->GetFieldDefn(i)->GetNameRef();
    }
    checkLayers(layers, keys, "4546");
    OGRFeatureDefn* d = layers.at("land_reservations")->GetLayerDefn();
    const int land = d->GetFieldIndex("land_m2");
    ASSERT_GE(land, 0);
    EXPECT_STREQ(d->GetFieldDefn(land)->GetAlternativeNameRef(), "预留用地面积");
}

TEST_F(ExportCommand, ShapefilesAreGbkWithUniqueTenByteNames) {
    const fs::path folder = out("shp");
    std::map<std::string, OGRLayer*> layers;
    std::vector<GDALDatasetUniquePtr> open;
    for (const std::string& t : kTables) {
        const bool spatial = t != "indicators" && t != "balance_by_year";
        const fs::path file = folder / (t + (spatial ? ".shp" : ".dbf"));
        EXPECT_EQ(readFile(folder / (t + ".cpg")), "936") << t;
        EXPECT_EQ(fs::exists(folder / (t + ".prj")), spatial) << t;
        open.push_back(openVector(file));
        ASSERT_TRUE(open.back()) << file;
        layers[t] = open.back()->GetLayer(0);
        // Field names fit 10 bytes in GBK and are unique (GDAL decodes them to UTF-8).
        OGRFeatureDefn* d = layers[t]->GetLayerDefn();
        std::set<std::string> names;
        for (int i = 0; i < d->GetFieldCount(); ++i) {
            const std::string name = d->GetFieldDefn(i)->GetNameRef();
            EXPECT_TRUE(names.insert(name).second) << t << " repeats " << name;
            char* gbk = CPLRecode(name.c_str(), CPL_ENC_UTF8, "CP936");
            EXPECT_LE(std::string(gbk).size(), 10U) << t << " " << name;
            CPLFree(gbk);
        }
    }
    checkLayers(layers, fieldsOfFolder(folder), "4546");
}

TEST_F(ExportCommand, DxfHasAGeometryAndALabelLayerPerSpatialTable) {
    const auto ds = openVector(out("dxf"));
    ASSERT_TRUE(ds);
    OGRLayer* entities = ds->GetLayer(0);
    std::map<std::string, std::size_t> perLayer;
    for (const std::string& layer : values(*entities, "Layer"))
        ++perLayer[layer];
    const auto counts = expectedCounts();
    for (const std::string& t : kTables) {
        if (t == "indicators" || t == "balance_by_year") {
            EXPECT_FALSE(perLayer.count(t)) << t;
            continue;
        }
        EXPECT_TRUE(perLayer.count(t)) << t;
        // Labels by the name column; catchments have none.
        EXPECT_EQ(perLayer.count(t + "_label"), t == "catchments" ? 0U : 1U) << t;
    }
    // Points: one POINT entity per school.
    EXPECT_EQ(perLayer["schools"], counts.at("schools"));
    EXPECT_EQ(perLayer["plan_schools"], 4U);
}

TEST_F(ExportCommand, WorkbookHasOneSheetPerTableWithRunsValues) {
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    const auto ds = openVector(out("xlsx"));
    CPLSetConfigOption("OGR_XLSX_HEADERS", nullptr);
    ASSERT_TRUE(ds);
    const auto gpkg = openVector(out("gpkg"));
    ASSERT_EQ(ds->GetLayerCount(), static_cast<int>(kTables.size()));
    const auto counts = expectedCounts();
    std::map<std::string, OGRLayer*> sheets;
    for (std::size_t i = 0; i < kTables.size(); ++i) {
        OGRLayer* sheet = ds->GetLayer(static_cast<int>(i));
        // Sheets in table order, named by the Chinese title (the GeoPackage identifier).
        OGRLayer* layer = gpkg->GetLayerByName(kTables[i].c_str());
        const char* identifier = layer->GetMetadataItem("IDENTIFIER");
        EXPECT_STREQ(sheet->GetName(), identifier != nullptr ? identifier : "") << kTables[i];
        EXPECT_EQ(static_cast<std::size_t>(sheet->GetFeatureCount(TRUE)), counts.at(kTables[i]))
            << kTables[i];
        sheets[kTables[i]] = sheet;
    }
    // Headers are the Chinese names with their unit: 学位数（个）.
    OGRLayer& shortfall = *sheets.at("school_shortfall");
    EXPECT_EQ(
        valueWhere(shortfall, {{"学校标识码", "2117020147"}, {"学段", "小学"}}, "学位数（个）"),
        runSeats());
}

TEST_F(ExportCommand, GeoJsonIsWgs84AndCsvHasRunsRows) {
    const auto counts = expectedCounts();
    for (const std::string& t : kTables) {
        const auto csv = readCsv((out("csv") / (t + ".csv")).string());
        EXPECT_EQ(csv.rows.size(), counts.at(t)) << t;
        const auto json = openVector(out("geojson") / (t + ".geojson"));
        ASSERT_TRUE(json) << t;
        EXPECT_EQ(static_cast<std::size_t>(json->GetLayer(0)->GetFeatureCount(TRUE)), counts.at(t));
        if (t == "schools") {
            EXPECT_EQ(epsgOf(*json->GetLayer(0)), "4326");
            OGREnvelope e;
            ASSERT_EQ(json->GetLayer(0)->GetExtent(&e), OGRERR_NONE);
            EXPECT_GT(e.MinX, 110.0);
            EXPECT_LT(e.MaxX, 113.0);
            EXPECT_GT(e.MinY, 21.0);
            EXPECT_LT(e.MaxY, 23.0);
        }
    }
    // The CSV seats equal run's, under the Chinese header.
    std::size_t found = 0;
    for (const auto& row : readCsv((out("csv") / "school_shortfall.csv").string()).rows) {
        if (row.at("学校标识码") == "2117020147" && row.at("学段") == "小学") {
            EXPECT_EQ(row.at("学位数"), runSeats());
            ++found;
        }
    }
    EXPECT_EQ(found, 1U);
    EXPECT_TRUE(fs::exists(out("csv") / "fields.csv"));
}

TEST(ExportCommandCrs, ZonePrefixedAndGeographicTargets) {
    Scratch dir("xw_export_crs");
    fs::create_directories(dir.path);
    const std::string fast = kStudy + " --allocate none";
    const auto r = runXuewei("export --format shp --crs EPSG:4525 --encoding utf8 " + fast +
                             " --out " + (dir.path / "shp").string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_EQ(readFile(dir.path / "shp" / "schools.cpg"), "UTF-8");
    const auto shp = openVector(dir.path / "shp" / "schools.shp");
    ASSERT_TRUE(shp);
    EXPECT_EQ(epsgOf(*shp->GetLayer(0)), "4525");
    OGREnvelope e;
    ASSERT_EQ(shp->GetLayer(0)->GetExtent(&e), OGRERR_NONE);
    EXPECT_GT(e.MinX, 37.0e6); // eastings with the zone prefix 37
    EXPECT_LT(e.MaxX, 38.0e6);
    // Without an allocation there are no catchments, and the note says so.
    EXPECT_FALSE(fs::exists(dir.path / "shp" / "catchments.shp"));
    EXPECT_NE(r.out.find("catchments"), std::string::npos);

    const auto g = runXuewei("export --format gpkg --crs EPSG:4490 " + fast + " --out " +
                             (dir.path / "geo.gpkg").string());
    ASSERT_EQ(g.exitCode, 0) << g.out;
    const auto gpkg = openVector(dir.path / "geo.gpkg");
    OGRLayer* schools = gpkg->GetLayerByName("schools");
    EXPECT_EQ(epsgOf(*schools), "4490");
    ASSERT_EQ(schools->GetExtent(&e), OGRERR_NONE);
    EXPECT_GT(e.MinX, 110.0); // x is the longitude
    EXPECT_LT(e.MaxX, 113.0);
}

TEST(ExportCommandCrs, WithoutCrsTheFilesAreInTheDatasetsWorkingCrs) {
    // The small study dataset with another Gauss-Krüger zone as its working CRS (CM 114°E).
    Scratch dir("xw_export_working_crs");
    fs::create_directories(dir.path);
    const fs::path data = dir.path / "small";
    fs::copy(fs::path(XW_SOURCE_ROOT) / "tests/data/study/small", data,
             fs::copy_options::recursive);
    {
        std::ifstream in(data / "dataset.yaml");
        std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        const auto at = text.find("working_crs: EPSG:4546");
        ASSERT_NE(at, std::string::npos);
        text.replace(at, 22, "working_crs: EPSG:4547");
        std::ofstream(data / "dataset.yaml") << text;
    }
    const auto r = runXuewei("export --format gpkg --allocate none --data " + data.string() +
                             " --out " + (dir.path / "plan.gpkg").string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("坐标系 CRS: EPSG:4547"), std::string::npos) << r.out;
    const auto gpkg = openVector(dir.path / "plan.gpkg");
    ASSERT_TRUE(gpkg);
    EXPECT_EQ(epsgOf(*gpkg->GetLayerByName("schools")), "4547");
}

TEST(ExportCommandOutput, ExistingOutputNeedsForceAndIsReplacedWhole) {
    Scratch dir("xw_export_force");
    fs::create_directories(dir.path);
    const fs::path target = dir.path / "plan.gpkg";
    {
        std::ofstream old(target);
        old << "an older file";
    }
    // The embedded dataset's baseline (no plan, no zones, base year only): those tables are
    // left out with a note.
    const std::string fast = "--grid-m 2000 --allocate none";
    const auto refused = runXuewei("export --format gpkg " + fast + " --out " + target.string());
    EXPECT_EQ(refused.exitCode, 1) << refused.out;
    EXPECT_NE(refused.out.find(target.string()), std::string::npos) << refused.out;
    EXPECT_NE(refused.out.find("--force"), std::string::npos) << refused.out;
    EXPECT_EQ(readFile(target), "an older file"); // untouched
    const auto forced =
        runXuewei("export --format gpkg --force " + fast + " --out " + target.string());
    ASSERT_EQ(forced.exitCode, 0) << forced.out;
    EXPECT_NE(forced.out.find("plan_schools"), std::string::npos) << forced.out;
    const auto ds = openVector(target);
    ASSERT_TRUE(ds);
    EXPECT_NE(ds->GetLayerByName("schools"), nullptr);
    EXPECT_EQ(ds->GetLayerByName("plan_schools"), nullptr);
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(dir.path))
        left.push_back(e.path().filename().string());
    EXPECT_EQ(left, std::vector<std::string>{"plan.gpkg"});
}

TEST(ExportCommandOutput, ReadOnlyFolderFailsNamingThePathAndLeavesNothing) {
    Scratch dir("xw_export_ro");
    const fs::path folder = dir.path / "readonly";
    fs::create_directories(folder);
    // Root ignores permission bits: a read-only tmpfs then.
    const bool mounted =
        ::geteuid() == 0 && ::mount("tmpfs", folder.c_str(), "tmpfs", MS_RDONLY, "size=1m") == 0;
    if (!mounted) {
        if (::geteuid() == 0)
            GTEST_SKIP() << "root without mount(2): cannot make a read-only folder";
        fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
    }
    const fs::path target = folder / "plan_shp";
    const auto r =
        runXuewei("export --format shp " + kStudy + " --allocate none --out " + target.string());
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_NE(r.out.find(target.string()), std::string::npos) << r.out;
    EXPECT_TRUE(r.out.find("只读 / read-only") != std::string::npos ||
                r.out.find("没有写权限 / permission denied") != std::string::npos)
        << r.out;
    EXPECT_TRUE(fs::is_empty(folder));
    if (mounted)
        ::umount2(folder.c_str(), MNT_DETACH);
    else
        fs::permissions(folder, fs::perms::owner_all);
}

TEST(ExportCommandUsage, BadFormatOrCrsIsAUsageError) {
    const auto format = runXuewei("export --format pdf --out /tmp/x.pdf");
    EXPECT_EQ(format.exitCode, 2) << format.out;
    const auto crs = runXuewei("export --format gpkg --crs 4546 --out /tmp/x.gpkg");
    EXPECT_EQ(crs.exitCode, 2) << crs.out;
    EXPECT_NE(crs.out.find("EPSG:4546"), std::string::npos) << crs.out;
    const auto both = runXuewei("export --format gpkg --data a --scenario b --out /tmp/x.gpkg");
    EXPECT_EQ(both.exitCode, 2) << both.out;
}

} // namespace
