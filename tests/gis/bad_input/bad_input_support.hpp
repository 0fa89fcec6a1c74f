#pragma once
// Helpers of the bad-input tests: the loader's fatal message and its problems as text.
#include "../test_support.hpp"

#include <xw/gis/dataset.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace xw::gis::test {

/// Runs loadDataset expecting a GisError; returns its message.
inline std::string loadError(const fs::path& folder, const LoadOptions& options = {}) {
    try {
        (void)loadDataset(folder, options);
    } catch (const GisError& e) {
        return e.what();
    }
    ADD_FAILURE() << "loadDataset did not throw for " << folder;
    return {};
}

inline std::string allProblems(const DatasetLoad& d) {
    std::string s;
    for (const auto& p : d.problems) {
        s += toString(p) + "\n";
    }
    return s;
}

/// The problems of a layer whose message contains `text`.
inline std::vector<Diagnostic> problemsWith(const DatasetLoad& d, const std::string& layer,
                                            const std::string& text) {
    std::vector<Diagnostic> out;
    for (const auto& p : d.problems) {
        if ((layer.empty() || p.layer == layer) && p.message.find(text) != std::string::npos) {
            out.push_back(p);
        }
    }
    return out;
}

inline const core::School* findSchool(const DatasetLoad& d, const std::string& id,
                                      const std::string& campus = "") {
    for (const auto& s : d.city.schools) {
        if (s.id == id && s.campus == campus) {
            return &s;
        }
    }
    return nullptr;
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace xw::gis::test
