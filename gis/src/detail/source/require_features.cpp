// Stopping a load when a required layer has no usable row, with the reasons grouped.
#include "detail/source/source_reader.hpp"

#include <xw/gis/error.hpp>

#include "detail/checks/file_checks.hpp"
#include "detail/encoding.hpp"
#include "detail/text.hpp"

#include <algorithm>
#include <iterator>

namespace xw::gis::detail {

std::string noUsableFeatureMessage(const SourceSpec& spec, std::size_t rows,
                                   const std::vector<Diagnostic>& problems,
                                   std::size_t firstProblem) {
    struct Group {
        std::string field;
        std::string message;
        std::size_t count = 0;
        std::vector<std::string> features;
    };
    std::vector<Group> groups;
    for (std::size_t i = firstProblem; i < problems.size(); ++i) {
        const Diagnostic& p = problems[i];
        if (p.severity != Severity::Error || p.file != spec.sourceLabel || p.layer != spec.key) {
            continue;
        }
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
            return g.field == p.field && g.message == p.message;
        });
        if (it == groups.end()) {
            groups.push_back({p.field, p.message, 0, {}});
            it = std::prev(groups.end());
        }
        ++it->count;
        if (it->features.size() < 3) {
            it->features.push_back(p.featureId);
        }
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const Group& a, const Group& b) { return a.count > b.count; });
    std::string message =
        "必需图层没有可用要素 / required layer has no usable feature: " + spec.sourceLabel + " [" +
        spec.key + "] (" + std::to_string(rows) + " 个要素均有错误 / features all have errors)";
    constexpr std::size_t kShown = 10;
    std::string all;
    for (std::size_t i = 0; i < groups.size() && i < kShown; ++i) {
        const Group& g = groups[i];
        std::string features;
        for (const auto& f : g.features) {
            features += std::string(features.empty() ? "" : ", ") + f;
        }
        if (g.count > g.features.size()) {
            features += ", …";
        }
        message += "\n  - " + (g.field.empty() ? std::string() : "字段 field " + g.field + ": ") +
                   g.message + " — " + std::to_string(g.count) + " 个要素 features (" + features +
                   ")";
        all += g.message + "\n";
    }
    if (groups.size() > kShown) {
        std::size_t more = 0;
        for (std::size_t i = kShown; i < groups.size(); ++i) {
            more += groups[i].count;
        }
        message += "\n  … 另有 " + std::to_string(groups.size() - kShown) + " 种原因（" +
                   std::to_string(more) + " 个要素）/ and " +
                   std::to_string(groups.size() - kShown) + " more reasons (" +
                   std::to_string(more) + " features)";
    }
    std::vector<std::string> hints;
    if (all.find("look swapped") != std::string::npos) {
        hints.emplace_back("经度/纬度两列似乎颠倒：在清单 geometry 中互换 x 和 y / the 经度/纬度 "
                           "columns look swapped: exchange x and y under geometry in the manifest");
    } else if (all.find("area of use") != std::string::npos ||
               all.find("not degrees") != std::string::npos ||
               all.find("outside the domain") != std::string::npos) {
        hints.emplace_back("坐标与所写的坐标系不符：请检查清单中此图层的 crs / the coordinates do "
                           "not match the CRS given: check this layer's crs in the manifest");
    } else if (all.find("outside every town") != std::string::npos) {
        hints.emplace_back("所有位置都不在乡镇内：请检查此图层和 towns 图层的坐标系 / no location "
                           "lies inside a town: check the CRS of this layer and of the towns");
    }
    if (all.find("not UTF-8") != std::string::npos) {
        hints.emplace_back("文本编码不是 UTF-8：另存为 UTF-8 或在清单中写 encoding（如 GBK）/ the "
                           "text is not UTF-8: save it as UTF-8 or give encoding (e.g. GBK) in "
                           "the manifest");
    }
    for (const auto& h : hints) {
        message += "\n提示 hint: " + h;
    }
    return message;
}

void requireFeatures(const SourceReader& reader, std::size_t rows, std::size_t kept,
                     const std::vector<Diagnostic>& problems, std::size_t firstProblem) {
    const auto& s = reader.spec();
    if (rows == 0) {
        reader.fail("必需图层为空 / required layer is empty: " + s.sourceLabel + " [" + s.key +
                    "]");
    }
    if (kept == 0) {
        reader.fail(noUsableFeatureMessage(s, rows, problems, firstProblem));
    }
}

} // namespace xw::gis::detail
