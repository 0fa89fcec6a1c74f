// xuewei scenario check FILE: validate a scenario file against its dataset.
#include "cli.hpp"
#include "render/render.hpp"

#include <xw/study/study.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace xw::cli {

Command addScenarioCommand(CLI::App& app) {
    CLI::App* c = app.add_subcommand("scenario", "方案文件 / scenario files");
    c->require_subcommand(1);
    auto file = std::make_shared<std::string>();
    CLI::App* check = c->add_subcommand(
        "check", "校验方案文件及其数据集 / validate a scenario file and its dataset");
    check->add_option("FILE", *file, "方案文件 scenario file (YAML)")->required();
    return {c, [file] {
                const study::Study study = study::Study::open(*file);
                const scenarios::Scenario& sc = study.scenario();
                std::size_t warnings = 0;
                for (const auto& d : study.diagnostics())
                    if (d.layer != "" && d.severity != core::Severity::Info) {
                        (void)d;
                        ++warnings;
                    }
                const core::Plan& p = sc.plan;
                std::cout << fmt::format(
                    "方案 Scenario: {} ({})\n数据集 Dataset: {}\n期限 Horizon: {}\n"
                    "干预 Interventions: 新建学校 new schools {}, 增减班 class changes {}, 撤并 "
                    "closures {}, 转制 conversions {}, 学区调整 zone redraws {}, 新建小区 housing "
                    "{}, 政策 policies {}\n",
                    sc.name, sc.file.string(), sc.dataset.string(),
                    sc.horizonYear ? std::to_string(*sc.horizonYear) : std::string("-"),
                    p.newSchools.size(), p.classChanges.size(), p.closures.size(),
                    p.conversions.size(), p.zoneRedraws.size(), p.housing.size(),
                    p.policies.size());
                std::cout << renderSummary(study.city(), sc.name, study.dataset().workingCrs,
                                           study.diagnostics());
                std::cout << "方案有效 / the scenario is valid\n";
                (void)warnings;
                return kExitOk;
            }};
}

} // namespace xw::cli
