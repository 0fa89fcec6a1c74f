// xuewei check: load and validate a dataset (or a scenario and its dataset) and list every
// problem.
#include "cli.hpp"
#include "render/render.hpp"

#include <xw/study/study.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace xw::cli {

Command addCheckCommand(CLI::App& app) {
    auto path = std::make_shared<std::string>();
    CLI::App* c = app.add_subcommand(
        "check", "校验数据集 (或方案及其数据集) 并列出问题 / validate a dataset (or a scenario and "
                 "its dataset) and list every problem");
    c->add_option("PATH", *path, "数据集目录或方案文件 dataset folder or scenario file")
        ->required();
    return {c, [path] {
                std::cerr << fmt::format("读取并校验 Loading and validating {} …\n", *path);
                const study::Study study = study::Study::open(*path);
                for (const auto& d : study.diagnostics())
                    std::cout << core::toString(d) << "\n";
                std::cout << renderSummary(study.city(), study.scenario().name,
                                           study.dataset().workingCrs, study.diagnostics());
                return core::countOf(study.diagnostics(), core::Severity::Error) > 0 ? kExitBadInput
                                                                                     : kExitOk;
            }};
}

} // namespace xw::cli
