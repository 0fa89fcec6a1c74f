#pragma once
// Helpers for the viewer tests: scratch folders and running poppler-utils on PDFs.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

namespace xw::viewer::test {

namespace fs = std::filesystem;

class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        m_path = fs::temp_directory_path() /
                 ("xw_viewer_test_" + std::to_string(rd()) + "_" + std::to_string(rd()));
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

/// Standard output of a shell command; fails the test when it exits non-zero.
inline std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        ADD_FAILURE() << "cannot run " << command;
        return out;
    }
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0)
        out.append(buf.data(), n);
    const int rc = pclose(pipe);
    EXPECT_EQ(rc, 0) << command;
    return out;
}

/// pdftotext of a PDF (UTF-8, layout order), or "" with a test failure naming poppler-utils.
inline std::string pdfText(const fs::path& pdf) {
    const std::string exe = XW_PDFTOTEXT;
    if (exe.empty() || exe.find("NOTFOUND") != std::string::npos) {
        ADD_FAILURE() << "pdftotext not found: install poppler-utils (scripts/setup.sh deps)";
        return {};
    }
    return run(exe + " -enc UTF-8 '" + pdf.string() + "' -");
}

/// The "Pages:" count of pdfinfo, or -1.
inline int pdfPages(const fs::path& pdf) {
    const std::string exe = XW_PDFINFO;
    if (exe.empty() || exe.find("NOTFOUND") != std::string::npos) {
        ADD_FAILURE() << "pdfinfo not found: install poppler-utils (scripts/setup.sh deps)";
        return -1;
    }
    const std::string info = run(exe + " '" + pdf.string() + "'");
    const auto at = info.find("Pages:");
    if (at == std::string::npos)
        return -1;
    return std::stoi(info.substr(at + 6));
}

/// The "Page size:" line of pdfinfo.
inline std::string pdfPageSize(const fs::path& pdf) {
    const std::string info = run(std::string(XW_PDFINFO) + " '" + pdf.string() + "'");
    const auto at = info.find("Page size:");
    if (at == std::string::npos)
        return {};
    return info.substr(at, info.find('\n', at) - at);
}

} // namespace xw::viewer::test
