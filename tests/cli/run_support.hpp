#pragma once
// Runs the xuewei executable under test and captures its exit code and output.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace xw::testing {

struct RunResult {
    int exitCode = -1;
    std::string out; ///< stdout and stderr together
};

/// A temporary folder for one test's outputs, removed before and after.
struct Scratch {
    std::filesystem::path path;
    explicit Scratch(const std::string& name)
        : path(std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
    }
    ~Scratch() { std::filesystem::remove_all(path); }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
};

inline RunResult runXuewei(const std::string& args) {
    static int counter = 0;
    const std::filesystem::path log =
        std::filesystem::temp_directory_path() /
        ("xw_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".log");
    const std::string cmd =
        std::string(XW_XUEWEI_EXE) + " " + args + " > " + log.string() + " 2>&1";
    const int status = std::system(cmd.c_str());
    RunResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(log);
    r.out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    std::filesystem::remove(log);
    return r;
}

} // namespace xw::testing
