// StagedOutput: outputs appear whole or not at all. Failures are provoked for real: a read-only
// file system (a read-only tmpfs when root, a folder without write permission otherwise) and a
// full one (a 256 KiB tmpfs, root only; skipped elsewhere).
#include "export_fixture.hpp"

#include <xw/gis/export.hpp>
#include <xw/gis/output/atomic_output.hpp>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace xw::gis {
namespace {

using test::ScratchDir;
namespace fs = std::filesystem;

/// A tmpfs mounted on `dir` while alive (root only); mounted() is false when mount(2) failed.
class TmpfsMount {
public:
    TmpfsMount(const fs::path& dir, const std::string& options, bool readOnly) : m_dir(dir) {
        m_mounted =
            ::geteuid() == 0 &&
            ::mount("tmpfs", dir.c_str(), "tmpfs",
                    readOnly ? static_cast<unsigned long>(MS_RDONLY) : 0UL, options.c_str()) == 0;
    }
    ~TmpfsMount() {
        if (m_mounted)
            ::umount2(m_dir.c_str(), MNT_DETACH);
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;
    [[nodiscard]] bool mounted() const { return m_mounted; }

private:
    fs::path m_dir;
    bool m_mounted = false;
};

TEST(StagedOutput, FolderAppearsOnlyOnCommit) {
    ScratchDir dir;
    const fs::path target = dir.path() / "run";
    StagedOutput out(target, StagedOutput::Kind::Folder, false);
    EXPECT_TRUE(fs::is_directory(out.path()));
    EXPECT_EQ(out.path().parent_path(), dir.path()); // beside the target: one file system
    test::writeFile(out.path() / "a.csv", "a");
    EXPECT_FALSE(fs::exists(target));
    out.commit();
    EXPECT_EQ(test::readFile(target / "a.csv"), "a");
    EXPECT_EQ(test::filesIn(dir.path()), std::vector<std::string>{"run"});
}

TEST(StagedOutput, TrailingSlashNamesTheFolder) {
    ScratchDir dir;
    StagedOutput out(dir.path().string() + "/run/", StagedOutput::Kind::Folder, false);
    EXPECT_EQ(out.target(), dir.path() / "run");
    out.commit();
    EXPECT_TRUE(fs::is_directory(dir.path() / "run"));
}

TEST(StagedOutput, DestroyedWithoutCommitLeavesNothing) {
    ScratchDir dir;
    {
        StagedOutput out(dir.path() / "run", StagedOutput::Kind::Folder, false);
        test::writeFile(out.path() / "half.csv", "half");
        fs::create_directory(out.path() / "sub");
        test::writeFile(out.path() / "sub" / "x", "x");
    }
    {
        StagedOutput out(dir.path() / "one.gpkg", StagedOutput::Kind::File, false);
        test::writeFile(out.path(), "partial");
    }
    EXPECT_TRUE(test::filesIn(dir.path()).empty());
}

TEST(StagedOutput, ExistingTargetIsRefusedWithoutOverwriteAndKept) {
    ScratchDir dir;
    const fs::path target = dir.path() / "out.csv";
    test::writeFile(target, "old");
    try {
        StagedOutput out(target, StagedOutput::Kind::File, false);
        FAIL() << "expected a GisError";
    } catch (const GisError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("无法写入输出", 0), 0U) << what; // Chinese first
        EXPECT_NE(what.find(target.string()), std::string::npos) << what;
        EXPECT_NE(what.find("--force"), std::string::npos) << what;
    }
    EXPECT_EQ(test::readFile(target), "old");
}

TEST(StagedOutput, CommitSwapsAnExistingFolderForTheNewOneWhole) {
    ScratchDir dir;
    const fs::path target = dir.path() / "run";
    fs::create_directory(target);
    test::writeFile(target / "old.csv", "old");
    StagedOutput out(target, StagedOutput::Kind::Folder, true);
    test::writeFile(out.path() / "new.csv", "new");
    EXPECT_TRUE(fs::exists(target / "old.csv")); // untouched until the commit
    out.commit();
    EXPECT_EQ(test::filesIn(target), std::vector<std::string>{"new.csv"});
    EXPECT_EQ(test::filesIn(dir.path()), std::vector<std::string>{"run"});
}

TEST(StagedOutput, MissingFolderIsRefusedNamingIt) {
    ScratchDir dir;
    try {
        StagedOutput out(dir.path() / "no" / "such" / "x.gpkg", StagedOutput::Kind::File, false);
        FAIL() << "expected a GisError";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find((dir.path() / "no" / "such").string()),
                  std::string::npos)
            << e.what();
    }
}

TEST(StagedOutput, ReadOnlyFolderIsRefusedNamingThePathAndWhy) {
    ScratchDir dir;
    const fs::path folder = dir.path() / "readonly";
    fs::create_directory(folder);
    // Root ignores permission bits: use a read-only file system instead.
    const TmpfsMount mount(folder, "size=1m", true);
    if (!mount.mounted()) {
        if (::geteuid() == 0)
            GTEST_SKIP() << "root without mount(2): cannot make a read-only folder";
        ::chmod(folder.c_str(), 0555);
    }
    for (const ExportFormat f : {ExportFormat::GeoPackage, ExportFormat::Shapefile}) {
        const fs::path out = folder / (f == ExportFormat::GeoPackage ? "x.gpkg" : "shp");
        try {
            exportTables(test::allTables(), out, f);
            FAIL() << "expected a GisError";
        } catch (const GisError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(out.string()), std::string::npos) << what;
            EXPECT_TRUE(what.find("只读 / read-only") != std::string::npos ||
                        what.find("没有写权限 / permission denied") != std::string::npos)
                << what;
        }
    }
    EXPECT_TRUE(test::filesIn(folder).empty());
    ::chmod(folder.c_str(), 0755);
}

/// A point table big enough to overflow a 256 KiB file system in any format.
core::Table manyPoints(std::size_t n) {
    core::Table t;
    t.name = "points";
    t.titleZh = "点";
    t.crs = "EPSG:4546";
    t.columns = {test::column("id", "编号", "Id", core::ColumnType::Integer),
                 test::column("name", "名称", "Name", core::ColumnType::Text)};
    for (std::size_t i = 0; i < n; ++i) {
        t.rows.push_back({static_cast<std::int64_t>(i),
                          std::string("阳江市第") + std::to_string(i) + "号测试点"});
        t.geometries.push_back(test::wkbOf("POINT (" + std::to_string(500000 + i) + " 2400000)"));
    }
    return t;
}

TEST(StagedOutput, FullFileSystemFailsSayingSoAndLeavesNothing) {
    ScratchDir dir;
    const fs::path folder = dir.path() / "small";
    fs::create_directory(folder);
    const TmpfsMount mount(folder, "size=256k", false);
    if (!mount.mounted())
        GTEST_SKIP() << "needs root to mount a 1 MiB tmpfs";
    test::writeFile(folder / "keep.txt", "an unrelated file");
    const std::vector<core::Table> tables{manyPoints(40000)};
    for (const ExportFormat f : {ExportFormat::GeoPackage, ExportFormat::Csv, ExportFormat::Xlsx,
                                 ExportFormat::Shapefile}) {
        const fs::path out = folder / (f == ExportFormat::GeoPackage ? "x.gpkg"
                                       : f == ExportFormat::Xlsx     ? "x.xlsx"
                                       : f == ExportFormat::Csv      ? "csv"
                                                                     : "shp");
        try {
            exportTables(tables, out, f);
            FAIL() << "expected a GisError for " << exportFormatName(f);
        } catch (const GisError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(out.string()), std::string::npos) << what;
            EXPECT_NE(what.find("no space left on device"), std::string::npos) << what;
        }
        EXPECT_EQ(test::filesIn(folder), std::vector<std::string>{"keep.txt"})
            << exportFormatName(f);
    }
}

} // namespace
} // namespace xw::gis
