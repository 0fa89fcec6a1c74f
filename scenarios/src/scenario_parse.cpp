// Reading a scenario file: the top-level keys, the assumptions and the norms block; the
// interventions are read by intervention_parse.cpp.
#include <xw/scenarios/norms_file.hpp>
#include <xw/scenarios/scenario.hpp>

#include "detail/norms_node.hpp"
#include "detail/scenario_parser.hpp"
#include "detail/yaml_util.hpp"

#include <yaml-cpp/yaml.h>

#include <system_error>

namespace xw::scenarios {
namespace fs = std::filesystem;
namespace {

using detail::Parser;

const std::vector<std::string> kTopKeys{"xuewei_scenario", "name",         "description",
                                        "dataset",         "horizon",      "assumptions",
                                        "norms",           "interventions"};

void parseAssumptions(Parser& p, const YAML::Node& n, Scenario& sc, std::string& targetsYaml) {
    const std::string w = "assumptions";
    if (!p.keys(n, w,
                {"fertility", "births", "migration_rate", "housing_delay_years",
                 "housing_migrant_share", "enrolment_targets"}))
        return;
    Assumptions& a = sc.assumptions;
    if (const auto f = p.scalar<std::string>(n, "fertility", w, false)) {
        if (*f == "low" || *f == "低")
            a.fertility = core::FertilityVariant::Low;
        else if (*f == "medium" || *f == "中")
            a.fertility = core::FertilityVariant::Medium;
        else if (*f == "high" || *f == "高")
            a.fertility = core::FertilityVariant::High;
        else
            p.error(n["fertility"], w + ".fertility",
                    "应为 low、medium 或 high / expected low, medium or high: \"" + *f + "\"");
    }
    if (const YAML::Node b = n["births"]; b.IsDefined()) {
        if (!b.IsMap())
            p.error(b, w + ".births", "应为 年份: 出生数 / expected year: births");
        else
            for (const auto& kv : b) {
                const auto y = p.scalarOf<int>(kv.first, w + ".births");
                const auto v = p.scalarOf<double>(kv.second, w + ".births");
                if (y && v) {
                    if (*y < 1949 || *y > 2100 || !(*v >= 0.0) || *v > 1e7)
                        p.error(kv.first, w + ".births",
                                "年份须在 1949–2100、出生数在 0–10,000,000 之间 / the year must "
                                "lie in 1949–2100 and births in 0–10,000,000");
                    else
                        a.cityBirths[*y] = *v;
                }
            }
    }
    if (const auto m = p.scalar<double>(n, "migration_rate", w, false)) {
        if (*m < -0.5 || *m > 0.5)
            p.error(n["migration_rate"], w + ".migration_rate",
                    "年净迁移率须在 −0.5–0.5 之间 / the migration rate must lie in −0.5–0.5");
        else
            a.migrationRatePerYear = *m;
    }
    if (const auto d = p.scalar<int>(n, "housing_delay_years", w, false)) {
        if (*d < 0 || *d > 50)
            p.error(n["housing_delay_years"], w + ".housing_delay_years",
                    "推迟年数须在 0–50 之间 / the delay must lie in 0–50 years");
        else
            a.housingDelayYears = *d;
    }
    if (const auto s = p.scalar<double>(n, "housing_migrant_share", w, false)) {
        if (*s < 0.0 || *s > 1.0)
            p.error(n["housing_migrant_share"], w + ".housing_migrant_share",
                    "比例须在 0–1 之间 / the share must lie in 0–1");
        else
            a.housingMigrantShare = *s;
    }
    if (const YAML::Node t = n["enrolment_targets"]; t.IsDefined()) {
        if (!t.IsMap()) {
            p.error(t, w + ".enrolment_targets",
                    "应为 学段: 目标入学率 / expected stage: target rate");
            return;
        }
        YAML::Emitter e;
        e << YAML::BeginMap << YAML::Key << "stages" << YAML::Value << YAML::BeginMap;
        for (const auto& kv : t) {
            const auto stage = p.stage(kv.first, w + ".enrolment_targets");
            const auto rate = p.scalarOf<double>(kv.second, w + ".enrolment_targets");
            if (!stage || !rate)
                continue;
            if (!(*rate >= 0.0 && *rate <= 2.0)) {
                p.error(kv.second, w + ".enrolment_targets",
                        "目标入学率须在 0–2 之间 / the target rate must lie in 0–2");
                continue;
            }
            e << YAML::Key << std::string(core::stageCode(*stage)) << YAML::Value << YAML::BeginMap
              << YAML::Key << "target_rate" << YAML::Value << *rate << YAML::EndMap;
        }
        e << YAML::EndMap << YAML::EndMap;
        targetsYaml = e.c_str();
    }
}

} // namespace

Scenario parseScenario(const std::string& yamlText, const fs::path& file) {
    const std::string origin = file.string();
    const YAML::Node root = detail::loadYaml(yamlText, origin);
    Parser p(origin, fs::absolute(file).parent_path());
    Scenario sc;
    sc.file = fs::absolute(file);
    if (root.IsNull()) {
        p.error(root, "(top)", "文件为空 / the file is empty");
    } else if (p.keys(root, "", kTopKeys)) {
        if (const auto v = p.scalar<int>(root, "xuewei_scenario", "", false);
            v && *v != kScenarioFormatVersion)
            p.error(root["xuewei_scenario"], "xuewei_scenario",
                    "本程序只读第 1 版方案文件 / this program reads format version 1 only");
        sc.name = p.scalar<std::string>(root, "name", "", false).value_or(file.stem().string());
        sc.description = p.scalar<std::string>(root, "description", "", false).value_or("");
        if (const auto d = p.scalar<std::string>(root, "dataset", "", true)) {
            sc.dataset = p.path(*d);
            std::error_code ec;
            if (!fs::is_directory(sc.dataset, ec))
                p.error(root["dataset"], "dataset",
                        "找不到数据集目录 / no dataset folder at " + sc.dataset.string());
        }
        sc.horizonYear = p.year(root, "horizon", "", false);
        std::string targetsYaml;
        if (root["assumptions"].IsDefined())
            parseAssumptions(p, root["assumptions"], sc, targetsYaml);
        if (const YAML::Node n = root["norms"]; n.IsDefined() && !n.IsNull()) {
            YAML::Emitter e;
            e << n;
            sc.normsYaml = e.c_str();
            try {
                core::Norms check = core::Norms::defaults();
                applyNormsNode(n, origin, check);
            } catch (const ScenarioError& err) {
                // The norms reader places each value in this file (the block is part of it);
                // a problem without a place is put at the block.
                for (core::Diagnostic d : err.diagnostics()) {
                    const core::Diagnostic block = detail::diagnosticAt(origin, n, "", "");
                    if (d.line <= 0) {
                        d.line = block.line;
                        d.column = block.column;
                    }
                    d.file = block.file;
                    d.field = "norms." + d.field;
                    p.add(std::move(d));
                }
            }
        }
        if (!targetsYaml.empty()) {
            // Enrolment targets are a norms override of each stage's target rate.
            YAML::Node norms =
                sc.normsYaml.empty() ? YAML::Node(YAML::NodeType::Map) : YAML::Load(sc.normsYaml);
            const YAML::Node targets = YAML::Load(targetsYaml);
            for (const auto& st : targets["stages"])
                norms["stages"][st.first.Scalar()]["target_rate"] = st.second["target_rate"];
            YAML::Emitter e;
            e << norms;
            sc.normsYaml = e.c_str();
        }
        if (const YAML::Node list = root["interventions"]; list.IsDefined() && !list.IsNull()) {
            if (!list.IsSequence())
                p.error(list, "interventions", "应为列表 / expected a list");
            else
                for (std::size_t i = 0; i < list.size(); ++i)
                    detail::parseIntervention(p, list[i], i, sc);
        }
    }
    if (!p.problems().empty()) {
        std::string message = origin + ": 方案文件有 " + std::to_string(p.problems().size()) +
                              " 处错误，未应用 / the scenario file has " +
                              std::to_string(p.problems().size()) +
                              " problem(s) and was not applied:";
        for (const core::Diagnostic& d : p.problems())
            message += "\n  " + core::toString(d);
        throw ScenarioError(message, p.problems());
    }
    resolveClasses(sc, core::Norms::defaults());
    return sc;
}

Scenario loadScenario(const fs::path& file) {
    return parseScenario(detail::readText(file.string()), file);
}

} // namespace xw::scenarios
