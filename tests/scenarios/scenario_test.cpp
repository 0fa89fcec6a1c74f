// Scenario files: every shipped scenario round-trips; every kind of bad file is refused whole,
// with the file, line, column, key and why.
#include <xw/scenarios/scenario.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace xw::scenarios {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = XW_SOURCE_ROOT;

std::string messageOf(const std::string& yaml) {
    try {
        (void)parseScenario(yaml, kRoot / "scenarios/yangjiang/t.yaml");
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(ScenarioFile, EveryShippedScenarioRoundTrips) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(kRoot / "scenarios/yangjiang")) {
        if (e.path().extension() != ".yaml")
            continue;
        ++n;
        const Scenario a = loadScenario(e.path());
        const Scenario b = parseScenario(toYaml(a), e.path());
        EXPECT_EQ(b.name, a.name) << e.path();
        EXPECT_EQ(b.dataset, a.dataset);
        EXPECT_EQ(b.horizonYear, a.horizonYear);
        EXPECT_EQ(b.assumptions, a.assumptions);
        EXPECT_EQ(b.normsYaml.empty(), a.normsYaml.empty());
        EXPECT_EQ(b.plan.housing, a.plan.housing);
        EXPECT_EQ(b.newSchoolClasses, a.newSchoolClasses);
        EXPECT_EQ(b.classChangeSpecs, a.classChangeSpecs);
        ASSERT_EQ(b.plan.newSchools.size(), a.plan.newSchools.size());
        ASSERT_EQ(b.plan.classChanges.size(), a.plan.classChanges.size());
        for (std::size_t i = 0; i < a.plan.classChanges.size(); ++i) {
            EXPECT_EQ(b.plan.classChanges[i].schoolId, a.plan.classChanges[i].schoolId);
            EXPECT_EQ(b.plan.classChanges[i].gradeDeltas, a.plan.classChanges[i].gradeDeltas);
            EXPECT_EQ(b.plan.classChanges[i].year, a.plan.classChanges[i].year);
        }
        ASSERT_EQ(b.plan.conversions.size(), a.plan.conversions.size());
        for (std::size_t i = 0; i < a.plan.conversions.size(); ++i)
            EXPECT_EQ(b.plan.conversions[i].puhui, a.plan.conversions[i].puhui);
        // Written again, the text is stable.
        EXPECT_EQ(toYaml(b), toYaml(a));
    }
    EXPECT_EQ(n, 4);
}

TEST(ScenarioFile, TheShippedPlanCarriesEveryKindOfItsProgramme) {
    const Scenario s = loadScenario(kRoot / "scenarios/yangjiang/plan-2017.yaml");
    EXPECT_GT(s.plan.housing.size(), 10U);      // 配套幼儿园 delivered
    EXPECT_GT(s.plan.conversions.size(), 3U);   // 民办园转普惠
    EXPECT_GT(s.plan.classChanges.size(), 20U); // 扩班
    EXPECT_GT(s.plan.newSchools.size(), 3U);    // 新建小学
    EXPECT_EQ(s.horizonYear, 2035);
}

TEST(ScenarioFile, AnUnknownKeyNamesTheNearestAndItsPlace) {
    const std::string m = messageOf("xuewei_scenario: 1\ndataset: ../../data/yangjiang\n"
                                    "horizn: 2035\n");
    EXPECT_NE(m.find("t.yaml:3:1 字段 field horizn: 未知的键 \"horizn\"，是否应为 \"horizon\"？ / "
                     "unknown key \"horizn\", did you mean \"horizon\"?"),
              std::string::npos)
        << m;
    const std::string k = messageOf("dataset: ../../data/yangjiang\ninterventions:\n"
                                    "  - new_shool: {id: N}\n");
    EXPECT_NE(k.find("did you mean \"new_school\"?"), std::string::npos) << k;
    const std::string s =
        messageOf("dataset: ../../data/yangjiang\ninterventions:\n"
                  "  - expand: {school: A, year: 2025, stage: primery, classes: 2}\n");
    EXPECT_NE(s.find("unknown stage \"primery\", did you mean \"primary\"?"), std::string::npos)
        << s;
}

TEST(ScenarioFile, WrongTypesAndRangesAreNamedWithTheValue) {
    const std::string m =
        messageOf("dataset: ../../data/yangjiang\nhorizon: soon\nassumptions: {fertility: "
                  "extreme, migration_rate: 0.9}\ninterventions:\n"
                  "  - expand: {school: A, year: 1900, stage: primary, classes: -2}\n");
    EXPECT_NE(m.find("字段 field horizon: 不是有效数值 / not a valid number: \"soon\""),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("expected low, medium or high: \"extreme\""), std::string::npos) << m;
    EXPECT_NE(m.find("the migration rate must lie in −0.5–0.5"), std::string::npos) << m;
    EXPECT_NE(m.find("the year 1900 is outside 1949–2100"), std::string::npos) << m;
    EXPECT_NE(m.find("classes must be positive"), std::string::npos) << m;
    // All five at once: the file is checked whole.
    EXPECT_NE(m.find("5 problem(s)"), std::string::npos) << m;
}

TEST(ScenarioFile, EveryInvalidNormsValueIsNamedWithItsKey) {
    const std::string m = messageOf("dataset: ../../data/yangjiang\nnorms:\n"
                                    "  persons_per_household: 0\n"
                                    "  stages: {junior: {grades: 0}}\n");
    EXPECT_NE(m.find("字段 field norms.stages.junior.grades: 规范取值无效 / invalid norms: junior: "
                     "grades 0 is outside 1..12"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("字段 field norms.persons_per_household: 规范取值无效 / invalid norms: "
                     "persons_per_household 0 is outside (0)..20"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("2 problem(s)"), std::string::npos) << m;
    // Each at the line that sets it (the file's lines 3 and 4), not at the norms: block.
    EXPECT_NE(m.find("t.yaml:3:"), std::string::npos) << m;
    EXPECT_NE(m.find("t.yaml:4:"), std::string::npos) << m;
}

TEST(ScenarioFile, AMissingDatasetAndAnEmptyFileAreRefused) {
    EXPECT_NE(messageOf("name: x\n").find("dataset: 缺少必填项 / required key missing"),
              std::string::npos);
    EXPECT_NE(
        messageOf("dataset: /nonexistent/data\n").find("no dataset folder at /nonexistent/data"),
        std::string::npos);
    EXPECT_NE(messageOf("").find("the file is empty"), std::string::npos);
    EXPECT_NE(messageOf("interventions: [").find("malformed YAML"), std::string::npos);
}

TEST(ScenarioFile, DeepNestingAndAliasBombsAreRefusedBeforeParsing) {
    std::string deep = "dataset: x\nnorms: ";
    for (int i = 0; i < 100000; ++i)
        deep += "[";
    EXPECT_NE(messageOf(deep).find("nesting deeper than 64 levels"), std::string::npos);
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 0; i < 12; ++i) {
        bomb += "b" + std::to_string(i) + ": &b" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k)
            bomb += (k ? ", *" : "*") + (i == 0 ? std::string("a") : "b" + std::to_string(i - 1));
        bomb += "]\n";
    }
    EXPECT_NE(messageOf(bomb).find("YAML aliases (*name) are not supported"), std::string::npos);
}

TEST(ScenarioFile, EnrolmentTargetsBecomeNormOverrides) {
    const Scenario s = parseScenario("dataset: ../../data/yangjiang\nassumptions:\n"
                                     "  enrolment_targets: {kindergarten: 0.9, 小学: 0.99}\n",
                                     kRoot / "scenarios/yangjiang/t.yaml");
    const core::Norms n = scenarioNorms(s, core::Norms::defaults());
    EXPECT_DOUBLE_EQ(n[core::Stage::Kindergarten].targetRate, 0.9);
    EXPECT_DOUBLE_EQ(n[core::Stage::Primary].targetRate, 0.99);
    EXPECT_DOUBLE_EQ(n[core::Stage::Junior].targetRate, 1.0);
}

TEST(ScenarioFile, WritingIsAtomicAndReadsBack) {
    const fs::path dir = fs::temp_directory_path() / ("xw_scn_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    Scenario s = loadScenario(kRoot / "scenarios/yangjiang/plan-2017.yaml");
    writeScenario(dir / "copy.yaml", s);
    const Scenario back = loadScenario(dir / "copy.yaml");
    EXPECT_EQ(back.dataset, s.dataset); // written relative to the new file, read back absolute
    EXPECT_EQ(back.plan.classChanges.size(), s.plan.classChanges.size());
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++files;
    EXPECT_EQ(files, 1U); // no temporary left behind
    EXPECT_THROW(writeScenario(dir / "no/such/folder/x.yaml", s), ScenarioError);
    fs::remove_all(dir);
}

} // namespace
} // namespace xw::scenarios
