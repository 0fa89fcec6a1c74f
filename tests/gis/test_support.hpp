#pragma once
// Helpers for the gis tests: fixture paths, scratch folders and small file edits.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace xw::gis::test {

namespace fs = std::filesystem;

inline fs::path sourceRoot() {
    return {XW_SOURCE_ROOT};
}
inline fs::path sharedRoot() {
    return {XW_SHARED_ROOT};
}
inline fs::path fixture(const std::string& name) {
    return sourceRoot() / "tests/data/gis" / name;
}
/// One of the inputs from the field under tests/data/cases (its README says what each holds).
inline fs::path caseFixture(const std::string& name, const std::string& dataset = "dataset") {
    return sourceRoot() / "tests/data/cases" / name / dataset;
}

/// A fresh folder under the system temp folder, removed with everything in it at scope exit.
class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        m_path = fs::temp_directory_path() /
                 ("xw_gis_test_" + std::to_string(rd()) + "_" + std::to_string(rd()));
        fs::create_directories(m_path);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

inline std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void writeFile(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

/// Replaces the one occurrence of `from` in the file; fails the test if it is not there.
inline void replaceInFile(const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = readFile(p);
    const auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << "fixture edit: \"" << from << "\" not in " << p;
    text.replace(pos, from.size(), to);
    writeFile(p, text);
}

/// Copies a dataset folder into `dir` and returns `dir`.
inline fs::path copyDataset(const fs::path& from, const fs::path& dir) {
    fs::copy(from, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    return dir;
}

/// Copies the mini dataset (tests/data/gis/mini) into `dir` and returns `dir`.
inline fs::path copyMini(const fs::path& dir) {
    fs::copy(fixture("mini"), dir,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    return dir;
}

} // namespace xw::gis::test
