// The study engine on the small test dataset (tests/data/study/make_small.py): every intervention
// kind of a scenario with figures worked by hand, incremental re-runs equal to fresh ones, the
// comparison of a scenario with itself, and the tables.
#include <xw/study/compare.hpp>
#include <xw/study/progress_steps.hpp>
#include <xw/study/study.hpp>
#include <xw/study/tables.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace xw::study {
namespace {

namespace fs = std::filesystem;
using core::Stage;

const fs::path kSmall = fs::path(XW_SOURCE_ROOT) / "tests/data/study/small";

/// A scenario file on the small dataset with the given interventions (YAML list items).
class ScenarioFile {
public:
    explicit ScenarioFile(const std::string& interventions, const std::string& extra = "") {
        static int n = 0;
        m_path = fs::temp_directory_path() /
                 ("xw_study_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + ".yaml");
        std::ofstream(m_path) << "xuewei_scenario: 1\nname: test\ndataset: " << kSmall.string()
                              << "\nhorizon: 2026\n"
                              << extra << "interventions:\n"
                              << interventions;
    }
    ~ScenarioFile() { fs::remove(m_path); }
    ScenarioFile(const ScenarioFile&) = delete;
    ScenarioFile& operator=(const ScenarioFile&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

/// A new primary school N1 of 3 classes per grade opening in `year`, in the small dataset's town 2.
core::NewSchool newPrimarySchool(int year) {
    core::NewSchool n;
    n.year = year;
    n.school.id = "N1";
    n.school.name = "新学校";
    n.school.location = {615000, 2423000};
    core::StageProvision p;
    p.stage = Stage::Primary;
    for (int g = 1; g <= 6; ++g)
        p.grades.push_back({g, 3, 0, 0});
    n.school.stages.push_back(p);
    return n;
}

StudyConfig noAllocation() {
    StudyConfig c;
    c.allocation.reset();
    return c;
}

const core::AreaStageBalance& townRow(const core::SeatBalance& b, const std::string& code,
                                      Stage s) {
    for (const auto& a : b.towns)
        if (a.code == code && a.stage == s)
            return a;
    throw std::runtime_error("no town row " + code);
}

const YearResult& year(const StudyResults& r, int y) {
    const YearResult* yr = r.yearResult(y);
    if (yr == nullptr)
        throw std::runtime_error("no year " + std::to_string(y));
    return *yr;
}

TEST(StudyEngine, OpeningReportsTheLoadAndStopsWhenCancelled) {
    std::vector<std::int64_t> done;
    std::atomic<bool> cancel{false};
    const core::Progress progress(
        [&](std::string_view step, std::int64_t d, std::int64_t total) {
            EXPECT_EQ(step, "load");
            EXPECT_EQ(total, gis::kLoadSteps);
            done.push_back(d);
        },
        &cancel);
    const Study study = Study::open(kSmall, progress);
    EXPECT_FALSE(study.city().schools.empty());
    ASSERT_FALSE(done.empty());
    EXPECT_EQ(done.back(), gis::kLoadSteps);

    // Cancelled: core::Cancelled, not a StudyError, so front ends tell it from a failure.
    cancel = true;
    EXPECT_THROW((void)Study::open(kSmall, progress), core::Cancelled);
}

TEST(StudyEngine, EveryStepARunReportsHasALabel) {
    // A run with allocation, catchments and warnings: each step it reports is shown to users by
    // its bilingual label, never by its key.
    std::set<std::string> steps;
    const core::Progress progress(
        [&](std::string_view step, std::int64_t, std::int64_t) { steps.emplace(step); });
    Study study = Study::open(kSmall, progress);
    StudyConfig c;
    c.years = std::make_pair(2020, 2022);
    c.monteCarloDraws = 20;
    (void)study.run(c, progress);
    std::set<std::string> keys; // first words
    for (const std::string& step : steps)
        keys.insert(step.substr(0, step.find(' ')));
    for (const char* expected :
         {"load", "balance", "projection", "demand_grid", "allocation", "monte_carlo"})
        EXPECT_EQ(keys.count(expected), 1U) << expected;
    for (const std::string& step : steps)
        EXPECT_NE(progressStepLabel(step), step) << step;
    EXPECT_EQ(progressStepLabel("projection"), "人口与需求预测 Projection");
    EXPECT_EQ(progressStepLabel("allocation primary 2026"), progressStepLabel("allocation"));
    EXPECT_EQ(progressStepLabel("选址 siting: 下界 lower bound"), "选址 siting: 下界 lower bound");
}

TEST(StudyEngine, DefaultYearsRunFromThePopulationYearToTheScenariosHorizonOr2035) {
    const Study bare = Study::open(kSmall);
    const core::CityData& c = bare.city();
    const int first = c.population.year != 0 ? c.population.year : c.baseYear;
    EXPECT_EQ(bare.horizonYear(), 2035); // no scenario: kDefaultHorizonYear
    EXPECT_EQ(bare.defaultYears(), std::make_pair(first, 2035));
    const ScenarioFile f("  []\n");
    const Study planned = Study::open(f.path());
    EXPECT_EQ(planned.horizonYear(), 2026);
    EXPECT_EQ(planned.defaultYears(), std::make_pair(first, 2026));
}

TEST(StudyEngine, ANewSchoolAddsExactlyItsSeatsInItsOpeningYearAndNotBefore) {
    // A 12-class primary school (2 per grade × 45 = 540 seats) in T2 from 2023.
    const ScenarioFile f("  - new_school: {id: N1, name: 新学校, year: 2023, location: {x: "
                         "615000, y: 2423000}, stages: {primary: 12}}\n");
    Study base = Study::open(kSmall);
    Study plan = Study::open(f.path());
    StudyConfig c = noAllocation();
    c.years = std::make_pair(2020, 2026);
    const StudyResults rb = base.run(c);
    const StudyResults rp = plan.run(c);
    for (int y = 2020; y <= 2026; ++y) {
        const auto& a = townRow(year(rb, y).balance, "441702002", Stage::Primary);
        const auto& b = townRow(year(rp, y).balance, "441702002", Stage::Primary);
        EXPECT_EQ(b.seats - a.seats, y >= 2023 ? 540 : 0) << y;
        EXPECT_EQ(b.demand, a.demand) << y;
        EXPECT_DOUBLE_EQ(a.shortfall - b.shortfall, y >= 2023 ? std::min(540.0, a.shortfall) : 0.0)
            << y;
        // Other towns are untouched.
        EXPECT_EQ(townRow(year(rp, y).balance, "441702001", Stage::Primary).seats,
                  townRow(year(rb, y).balance, "441702001", Stage::Primary).seats);
    }
    // The town was found from the location; the school is in the years' cities from 2023.
    EXPECT_EQ(plan.scenario().plan.newSchools[0].school.townCode, "441702002");
    EXPECT_EQ(year(rp, 2022).city->schools.size(), year(rb, 2022).city->schools.size());
    const auto has = [](const YearResult& y, const char* id) {
        for (const auto& s : y.city->schools)
            if (s.id == id)
                return true;
        return false;
    };
    EXPECT_FALSE(has(year(rp, 2022), "N1"));
    EXPECT_TRUE(has(year(rp, 2023), "N1"));
}

TEST(StudyEngine, AClosureSendsItsPupilsToTheNamedSchool) {
    const ScenarioFile f("  - close: {school: P2, year: 2024, pupils_to: P1}\n");
    Study study = Study::open(f.path());
    StudyConfig c = noAllocation();
    c.years = std::make_pair(2020, 2026);
    const StudyResults r = study.run(c);
    const auto enrolmentOf = [](const YearResult& y, const std::string& id) {
        std::int64_t n = -1;
        for (const auto& s : y.balance.schools)
            if (y.city->schools[s.schoolIndex].id == id && s.stage == Stage::Primary)
                n = s.enrolment;
        return n;
    };
    // In 2023 both schools; from 2024 P2 is gone and its pupils are on P1's record: P1's record
    // is then 6,000 + 3,000 base-year pupils instead of 6,000, each grade scaled by T1's growth,
    // so P1 has 1.5 times its pupils of the baseline (up to the rounding of six grades).
    Study base = Study::open(kSmall);
    const StudyResults rb = base.run(c);
    EXPECT_EQ(enrolmentOf(year(r, 2023), "P2"), enrolmentOf(year(rb, 2023), "P2"));
    EXPECT_EQ(enrolmentOf(year(r, 2023), "P1"), enrolmentOf(year(rb, 2023), "P1"));
    EXPECT_EQ(enrolmentOf(year(r, 2024), "P2"), -1);
    EXPECT_NEAR(static_cast<double>(enrolmentOf(year(r, 2024), "P1")),
                1.5 * static_cast<double>(enrolmentOf(year(rb, 2024), "P1")), 6.0);
    EXPECT_EQ(townRow(year(r, 2024).balance, "441702002", Stage::Primary).seats, 0);
}

TEST(StudyEngine, ExpansionReductionPolicyAndConversionTakeEffectFromTheirYears) {
    const ScenarioFile f(
        "  - expand: {school: P3, year: 2022, stage: primary, classes_per_grade: "
        "1}\n"
        "  - reduce: {school: P1, year: 2024, stage: primary, grades: [2, 0, 0, 0, "
        "0, 0]}\n"
        "  - policy: {year: 2025, class_size: {junior: 45}}\n"
        "  - convert: {school: K1, year: 2021, ownership: private, puhui: true}\n");
    Study study = Study::open(f.path());
    StudyConfig c = noAllocation();
    c.years = std::make_pair(2020, 2026);
    const StudyResults r = study.run(c);
    const auto seats = [&](int y, const char* town, Stage s) {
        return townRow(year(r, y).balance, town, s).seats;
    };
    EXPECT_EQ(seats(2021, "441704100", Stage::Primary), 1620);
    EXPECT_EQ(seats(2022, "441704100", Stage::Primary), 1620 + 6 * 45);
    EXPECT_EQ(seats(2023, "441702001", Stage::Primary), 5400);
    EXPECT_EQ(seats(2024, "441702001", Stage::Primary), 5400 - 2 * 45);
    EXPECT_EQ(seats(2024, "441702001", Stage::Junior), 3000);
    EXPECT_EQ(seats(2025, "441702001", Stage::Junior), 60 * 45); // the class-size limit is policy
    // 公办+普惠 coverage: K1 is 普惠 either way, so coverage stays 100 % after the conversion.
    const auto coverage = [&](int y) {
        for (const auto& a : year(r, y).indicators->areas)
            if (a.level == "city")
                for (const auto& i : a.items)
                    if (i.key == "kindergarten_public_puhui")
                        return i.value.value_or(-1.0);
        return -2.0;
    };
    EXPECT_DOUBLE_EQ(coverage(2020), 1.0);
    EXPECT_DOUBLE_EQ(coverage(2021), 1.0);
}

TEST(StudyEngine, HousingOfThePlanMovesTheProjectionAndItsKindergartenOpensAsASchool) {
    const ScenarioFile f("  - housing: {id: H9, name: 三镇新城, location: {x: 625000, y: 2425000}, "
                         "dwellings: 3000, completion_year: 2022, kindergarten: {classes: 9, year: "
                         "2022, public: true}}\n");
    Study base = Study::open(kSmall);
    Study plan = Study::open(f.path());
    StudyConfig c = noAllocation();
    c.years = std::make_pair(2020, 2026);
    const StudyResults rb = base.run(c);
    const StudyResults rp = plan.run(c);
    const auto demand = [&](const StudyResults& r, int y) {
        return townRow(year(r, y).balance, "441704100", Stage::Primary).demand;
    };
    EXPECT_EQ(demand(rp, 2021), demand(rb, 2021));
    EXPECT_GT(demand(rp, 2023), demand(rb, 2023)); // movers with children arrive from 2022
    // 9 classes: 3 per grade × (25 + 30 + 35) = 270 kindergarten seats in T3 from 2022.
    EXPECT_EQ(townRow(year(rp, 2022).balance, "441704100", Stage::Kindergarten).seats -
                  townRow(year(rb, 2022).balance, "441704100", Stage::Kindergarten).seats,
              270);
    EXPECT_EQ(year(rp, 2022).city->schools.back().id, "配套园-H9");
    EXPECT_EQ(year(rp, 2021).city->schools.size(), year(rb, 2021).city->schools.size());
}

TEST(StudyEngine, EveryYearsAllocationHasTheSchoolsOfThatYear) {
    const ScenarioFile f("  - new_school: {id: N1, name: 新学校, year: 2023, location: {x: "
                         "615000, y: 2423000}, stages: {primary: 12}}\n");
    Study study = Study::open(f.path());
    StudyConfig c;
    c.years = std::make_pair(2020, 2024);
    c.gridMeters = 1000.0;
    const StudyResults r = study.run(c);
    const auto facilities = [&](int y) {
        for (const auto& a : year(r, y).allocation)
            if (a.stage == Stage::Primary)
                return a.schools.size();
        return std::size_t{0};
    };
    EXPECT_EQ(facilities(2022), 3U);
    EXPECT_EQ(facilities(2023), 4U);
    // The new school takes children from its first year: its seats are used.
    for (const auto& a : year(r, 2023).allocation)
        if (a.stage == Stage::Primary) {
            EXPECT_EQ(a.schools.back().seats, 540);
            EXPECT_GT(a.schools.back().assigned, 0);
        }
}

TEST(StudyEngine, AReRunAfterAnEditEqualsAFreshStudyOfTheEditedPlan) {
    Study study = Study::open(kSmall);
    StudyConfig c;
    c.years = std::make_pair(2020, 2024);
    c.gridMeters = 1000.0;
    (void)study.run(c); // fills the caches
    core::Plan plan = study.scenario().plan;
    plan.newSchools.push_back(newPrimarySchool(2022));
    study.setPlan(plan);
    const StudyResults again = study.run(c);

    scenarios::Scenario sc = scenarios::Scenario::baseline(kSmall);
    sc.plan = plan;
    Study fresh = Study::open(sc);
    const StudyResults cold = fresh.run(c);
    ASSERT_EQ(again.years.size(), cold.years.size());
    for (std::size_t y = 0; y < again.years.size(); ++y)
        for (std::size_t k = 0; k < again.years[y].allocation.size(); ++k) {
            const auto& a = again.years[y].allocation[k];
            const auto& b = cold.years[y].allocation[k];
            EXPECT_EQ(a.city.assigned, b.city.assigned);
            EXPECT_EQ(a.city.unplaced, b.city.unplaced);
            EXPECT_DOUBLE_EQ(a.totalDistanceMeters, b.totalDistanceMeters)
                << again.years[y].year << " " << core::stageCode(a.stage);
            ASSERT_EQ(a.schools.size(), b.schools.size());
        }
}

TEST(StudyEngine, AReRunAfterAClosureNamesEverySchoolAsAFreshStudyDoes) {
    // Closing the kindergarten K1, the first school of the list, moves every later school up one
    // place; the primary and junior problems are otherwise unchanged, and their results (which
    // name schools by index) must not be reused with the old indices.
    Study study = Study::open(kSmall);
    StudyConfig c;
    c.years = std::make_pair(2020, 2024);
    c.gridMeters = 1000.0;
    (void)study.run(c);
    core::Plan plan = study.scenario().plan;
    plan.closures.push_back({2020, "K1", "", false});
    study.setPlan(plan);
    const StudyResults again = study.run(c);
    scenarios::Scenario sc = scenarios::Scenario::baseline(kSmall);
    sc.plan = plan;
    Study fresh = Study::open(sc);
    const StudyResults cold = fresh.run(c);
    const auto idsOf = [](const core::AllocationResult& a, const core::CityData& city) {
        std::vector<std::string> ids;
        for (const auto& s : a.schools)
            ids.push_back(city.schools.at(s.schoolIndex).id);
        return ids;
    };
    ASSERT_EQ(again.allocation->stages.size(), cold.allocation->stages.size());
    for (std::size_t k = 0; k < again.allocation->stages.size(); ++k)
        EXPECT_EQ(idsOf(again.allocation->stages[k].result, *again.city),
                  idsOf(cold.allocation->stages[k].result, *cold.city));
    for (std::size_t y = 0; y < again.years.size(); ++y)
        for (std::size_t k = 0; k < again.years[y].allocation.size(); ++k)
            EXPECT_EQ(idsOf(again.years[y].allocation[k], *again.years[y].city),
                      idsOf(cold.years[y].allocation[k], *cold.years[y].city))
                << again.years[y].year;
    const std::vector<std::string> primary{"P1", "P2", "P3"};
    for (const auto& st : again.allocation->stages) {
        if (st.result.stage == Stage::Primary) {
            EXPECT_EQ(idsOf(st.result, *again.city), primary);
        }
    }
}

TEST(StudyEngine, CatchmentsAfterAnEditEqualThoseOfAFreshStudy) {
    Study study = Study::open(kSmall);
    StudyConfig c;
    c.gridMeters = 1000.0;
    c.baseYearOnly = true;
    (void)study.run(c);
    core::Plan plan = study.scenario().plan;
    plan.newSchools.push_back(newPrimarySchool(2020));
    study.setPlan(plan);
    const StudyResults again = study.run(c);
    scenarios::Scenario sc = scenarios::Scenario::baseline(kSmall);
    sc.plan = plan;
    Study fresh = Study::open(sc);
    const StudyResults cold = fresh.run(c);
    const auto& a = again.allocation->catchments;
    const auto& b = cold.allocation->catchments;
    ASSERT_EQ(a.size(), b.size());
    bool newSchoolHasOne = false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a[k].stage, b[k].stage);
        EXPECT_EQ(a[k].schoolIndex, b[k].schoolIndex);
        EXPECT_EQ(a[k].cells, b[k].cells);
        EXPECT_EQ(a[k].wkb, b[k].wkb);
        newSchoolHasOne = newSchoolHasOne || again.city->schools[a[k].schoolIndex].id == "N1";
    }
    EXPECT_TRUE(newSchoolHasOne);
}

TEST(StudyEngine, TheFiguresOfEveryYearDoNotDependOnTheThreadCount) {
    const ScenarioFile f("  - new_school: {id: N1, name: 新学校, year: 2023, location: {x: "
                         "615000, y: 2423000}, stages: {primary: 12}}\n");
    StudyConfig c;
    c.years = std::make_pair(2020, 2026);
    c.gridMeters = 500.0;
    c.threads = 1;
    Study one = Study::open(f.path());
    const StudyResults r1 = one.run(c);
    c.threads = 4;
    Study four = Study::open(f.path());
    const StudyResults r4 = four.run(c);
    ASSERT_EQ(r1.years.size(), r4.years.size());
    for (std::size_t y = 0; y < r1.years.size(); ++y) {
        const YearResult& a = r1.years[y];
        const YearResult& b = r4.years[y];
        ASSERT_EQ(a.balance.towns.size(), b.balance.towns.size());
        for (std::size_t t = 0; t < a.balance.towns.size(); ++t) {
            EXPECT_EQ(a.balance.towns[t].demand, b.balance.towns[t].demand);
            EXPECT_EQ(a.balance.towns[t].seats, b.balance.towns[t].seats);
            EXPECT_EQ(a.balance.towns[t].largeClasses, b.balance.towns[t].largeClasses);
        }
        ASSERT_EQ(a.allocation.size(), b.allocation.size());
        for (std::size_t k = 0; k < a.allocation.size(); ++k) {
            EXPECT_EQ(a.allocation[k].totalDistanceMeters, b.allocation[k].totalDistanceMeters);
            ASSERT_EQ(a.allocation[k].schools.size(), b.allocation[k].schools.size());
            for (std::size_t j = 0; j < a.allocation[k].schools.size(); ++j)
                EXPECT_EQ(a.allocation[k].schools[j].assigned, b.allocation[k].schools[j].assigned);
        }
    }
}

TEST(StudyEngine, APlanThatContradictsTheDatasetIsRefusedWithEveryProblemAndItsLine) {
    const ScenarioFile f("  - close: {school: P9, year: 2024}\n"
                         "  - expand: {school: P1, year: 2040, stage: primary, classes: 6}\n");
    try {
        (void)Study::open(f.path());
        FAIL() << "no error";
    } catch (const StudyError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find(f.path().string() + ":6:5 [closures] 要素 feature #1 P9, 字段 field "
                                             "school: 数据集和方案中都没有学校 \"P9\""),
                  std::string::npos)
            << m;
        EXPECT_NE(m.find(":7:5 [class_changes] 要素 feature #1 P1, 字段 field year, 2040 年 year: "
                         "年份 2040 不在 2020–2026 之间"),
                  std::string::npos)
            << m;
        EXPECT_EQ(e.diagnostics().size(), 2U);
    }
}

TEST(StudyEngine, CompareOfAScenarioWithItselfIsZeroEverywhere) {
    const ScenarioFile f("  - new_school: {id: N1, name: 新学校, year: 2023, location: {x: "
                         "615000, y: 2423000}, stages: {primary: 12}}\n");
    Study a = Study::open(f.path());
    Study b = Study::open(f.path());
    StudyConfig c;
    c.years = std::make_pair(2020, 2024);
    c.gridMeters = 1000.0;
    const StudyResults ra = a.run(c);
    const StudyResults rb = b.run(c);
    const std::vector<ComparedRun> runs{{"a", "", &ra, &a.scenario().plan, &a.city()},
                                        {"b", "", &rb, &b.scenario().plan, &b.city()}};
    const std::vector<core::Table> tables = comparisonTables(runs);
    const core::Table& areas = tables.at(1);
    int diffs = 0;
    for (std::size_t c2 = 0; c2 < areas.columns.size(); ++c2) {
        if (areas.columns[c2].key.find("_diff_") == std::string::npos)
            continue;
        for (const auto& row : areas.rows)
            if (const auto* d = std::get_if<double>(&row[c2])) {
                EXPECT_EQ(*d, 0.0) << areas.columns[c2].key;
                ++diffs;
            }
    }
    EXPECT_GT(diffs, 100);
    // Both scenarios cost the same: 12 classes and a new school's land and floor.
    const core::Table& sc = tables.at(0);
    EXPECT_EQ(sc.rows[0][4], sc.rows[1][4]);
    EXPECT_EQ(std::get<std::int64_t>(sc.rows[0][5]), 12);
    for (const core::Table& layer : comparisonLayers(runs)) {
        for (std::size_t c2 = 0; c2 < layer.columns.size(); ++c2) {
            if (layer.columns[c2].key.find("_diff") == std::string::npos)
                continue;
            for (const auto& row : layer.rows) {
                if (const auto* v = std::get_if<double>(&row[c2])) {
                    EXPECT_EQ(*v, 0.0);
                } else if (const auto* i = std::get_if<std::int64_t>(&row[c2])) {
                    EXPECT_EQ(*i, 0);
                }
            }
        }
    }
}

TEST(StudyEngine, NoTableHoldsANonFiniteNumber) {
    const ScenarioFile f("  - close: {school: P3, year: 2022}\n");
    Study study = Study::open(f.path());
    StudyConfig c;
    c.years = std::make_pair(2020, 2024);
    c.gridMeters = 1000.0;
    const StudyResults r = study.run(c);
    std::vector<core::Table> tables = yearTables(r);
    tables.push_back(areaBalanceTable(*r.city, r.balance));
    tables.push_back(schoolBalanceTable(*r.city, r.balance));
    tables.push_back(townLayer(r));
    tables.push_back(schoolLayer(r));
    for (const core::Table& t : tables)
        for (const auto& row : t.rows)
            for (const auto& cell : row)
                if (const auto* d = std::get_if<double>(&cell)) {
                    EXPECT_TRUE(std::isfinite(*d)) << t.name;
                }
}

} // namespace
} // namespace xw::study
