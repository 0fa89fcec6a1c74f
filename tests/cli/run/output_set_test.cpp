// The output set of a command is replaced all or nothing, never a folder of the user's; usage
// errors are plain and bilingual.
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using xw::testing::runXuewei;
using xw::testing::Scratch;

const fs::path kSmall = fs::path(XW_SOURCE_ROOT) / "tests/data/study/small";

TEST(OutputSet, ASecondRunReplacesTheWholeSetLeavingNoFileOfTheFirst) {
    Scratch dir("xw_output_set");
    const std::string out = (dir.path / "out").string();
    ASSERT_EQ(
        runXuewei("run -q --data " + kSmall.string() + " --grid-m 2000 --out " + out).exitCode, 0);
    EXPECT_TRUE(fs::exists(dir.path / "out/allocation_areas.csv"));
    const auto r = runXuewei("run -q --allocate none --data " + kSmall.string() + " --out " + out);
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_FALSE(fs::exists(dir.path / "out/allocation_areas.csv"));
    EXPECT_TRUE(fs::exists(dir.path / "out/balance_areas.csv"));
    // Nothing staged is left beside it.
    for (const auto& e : fs::directory_iterator(dir.path))
        EXPECT_EQ(e.path().filename(), "out") << e.path();
}

TEST(OutputSet, AFolderOfTheUsersIsNeverReplaced) {
    Scratch dir("xw_output_foreign");
    fs::create_directories(dir.path / "mine");
    std::ofstream(dir.path / "mine/thesis.docx") << "precious";
    const auto r = runXuewei("run -q --allocate none --data " + kSmall.string() + " --out " +
                             (dir.path / "mine").string());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("not written by xuewei"), std::string::npos) << r.out;
    EXPECT_TRUE(fs::exists(dir.path / "mine/thesis.docx"));
    EXPECT_FALSE(fs::exists(dir.path / "mine/balance_areas.csv"));
}

TEST(OutputSet, AnUnwritableFolderSaysWhichPathAndWhy) {
    if (::geteuid() == 0)
        GTEST_SKIP() << "root may write anywhere";
    Scratch dir("xw_output_readonly");
    fs::create_directories(dir.path);
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    const auto r = runXuewei("run -q --allocate none --data " + kSmall.string() + " --out " +
                             (dir.path / "out").string());
    fs::permissions(dir.path, fs::perms::owner_all);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find((dir.path / "out").string()), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("permission denied"), std::string::npos) << r.out;
}

TEST(UsageErrors, AreBilingualAndPlain) {
    const auto grid = runXuewei("run --grid-m 0");
    EXPECT_EQ(grid.exitCode, 2);
    EXPECT_NE(grid.out.find("须在 10–100000 之间 / must lie in 10–100000: 0"), std::string::npos)
        << grid.out;
    EXPECT_EQ(grid.out.find("179769"), std::string::npos) << "no 309-digit range";
    const auto unknown = runXuewei("run --no-such-option");
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_NE(unknown.out.find("用法错误 usage: "), std::string::npos) << unknown.out;
    const auto stage = runXuewei("run --stage university");
    EXPECT_EQ(stage.exitCode, 2);
    EXPECT_NE(stage.out.find("未知学段 \"university\""), std::string::npos) << stage.out;
}

} // namespace
