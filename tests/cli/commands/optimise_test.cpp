// xuewei optimise and xuewei zones as a user runs them: the answer is a scenario that parses and
// runs, with the new schools the command printed; bad options are usage errors (exit 2) in both
// languages.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;
using xw::testing::Scratch;

const fs::path kRoot = XW_SOURCE_ROOT;
const fs::path kSmall = kRoot / "tests/data/study/small";

std::string optimise(const std::string& extra, const fs::path& out) {
    return "optimise --data " + kSmall.string() + " --grid-m 1000 --stage primary " + extra +
           " --out " + out.string();
}

TEST(Optimise, WritesAScenarioThatRunsWithTheNewSchoolsAndSeatsItPrinted) {
    Scratch dir("xw_optimise_run");
    const auto o = runXuewei(optimise("--year 2020 --new 2", dir.path / "opt"));
    ASSERT_EQ(o.exitCode, 0) << o.out;
    EXPECT_NE(o.out.find("目标 Objective"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("下界 Bound"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("差距 Gap"), std::string::npos) << o.out;
    ASSERT_TRUE(fs::exists(dir.path / "opt/optimised.yaml"));
    const auto sites = readCsv((dir.path / "opt/sites.csv").string());
    ASSERT_EQ(sites.rows.size(), 2u);
    for (const auto& row : sites.rows) {
        EXPECT_EQ(row.at("kind"), "new_school");
        EXPECT_GT(std::stoi(row.at("seats")), 0);
        // The printed table names every site with its seats.
        EXPECT_NE(o.out.find(row.at("school_id")), std::string::npos) << o.out;
        EXPECT_NE(o.out.find(row.at("seats")), std::string::npos) << o.out;
    }

    const auto check = runXuewei("scenario check " + (dir.path / "opt/optimised.yaml").string());
    EXPECT_EQ(check.exitCode, 0) << check.out;
    const auto r = runXuewei("run --no-report --grid-m 1000 --scenario " +
                             (dir.path / "opt/optimised.yaml").string() + " --out " +
                             (dir.path / "run").string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    const auto schools = readCsv((dir.path / "run/allocation_schools.csv").string());
    for (const auto& site : sites.rows) {
        bool found = false;
        for (const auto& row : schools.rows)
            if (row.at("school_id") == site.at("school_id") && row.at("stage") == "primary") {
                found = true;
                EXPECT_EQ(row.at("seats"), site.at("seats"));
                EXPECT_GT(std::stoi(row.at("assigned")), 0);
            }
        EXPECT_TRUE(found) << site.at("school_id");
    }
}

// A kindergarten's grades have different class sizes (25, 30, 35): a new site's seats are the
// sum over its grades, as the run counts them, so sites.csv and the scenario's run agree.
TEST(Optimise, AKindergartensSeatsAreThoseTheRunCountsWithGradesOfDifferentSizes) {
    Scratch dir("xw_optimise_kg");
    const auto o = runXuewei("optimise --data " + kSmall.string() +
                             " --grid-m 1000 --stage kindergarten --year 2020 --new 1 --out " +
                             (dir.path / "opt").string());
    ASSERT_EQ(o.exitCode, 0) << o.out;
    const auto sites = readCsv((dir.path / "opt/sites.csv").string());
    ASSERT_EQ(sites.rows.size(), 1u);
    const auto& site = sites.rows.front();
    // 25 + 30 + 35 = 90 seats per class in every grade.
    EXPECT_EQ(std::stoi(site.at("seats")), std::stoi(site.at("classes_per_grade")) * 90);
    const auto r = runXuewei("run --no-report --grid-m 1000 --scenario " +
                             (dir.path / "opt/optimised.yaml").string() + " --out " +
                             (dir.path / "run").string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    bool found = false;
    for (const auto& row : readCsv((dir.path / "run/allocation_schools.csv").string()).rows)
        if (row.at("school_id") == site.at("school_id") && row.at("stage") == "kindergarten") {
            found = true;
            EXPECT_EQ(row.at("seats"), site.at("seats"));
        }
    EXPECT_TRUE(found) << site.at("school_id");
}

TEST(Optimise, AProjectedYearWithSeatsAndEveryModelSucceeds) {
    Scratch dir("xw_optimise_models");
    const auto cap = runXuewei(optimise("--year 2024 --new 1 --capacitated split", dir.path / "a"));
    EXPECT_EQ(cap.exitCode, 0) << cap.out;
    for (const char* model : {"mclp", "pcenter"}) {
        const auto m = runXuewei(
            optimise(std::string("--year 2022 --new 1 --model ") + model, dir.path / model));
        EXPECT_EQ(m.exitCode, 0) << model << "\n" << m.out;
    }
    const auto l = runXuewei(optimise("--year 2022 --model lscp", dir.path / "lscp"));
    EXPECT_EQ(l.exitCode, 0) << l.out;
    const auto b = runXuewei(optimise("--year 2022 --budget 200000000", dir.path / "budget"));
    EXPECT_EQ(b.exitCode, 0) << b.out;
}

TEST(Optimise, BadOptionsAreBilingualUsageErrors) {
    Scratch dir("xw_optimise_bad");
    const auto zero = runXuewei(optimise("--year 2020 --new 0", dir.path / "a"));
    EXPECT_EQ(zero.exitCode, 2) << zero.out;
    EXPECT_NE(zero.out.find("--new 须在"), std::string::npos) << zero.out;
    EXPECT_NE(zero.out.find("--new must be"), std::string::npos) << zero.out;

    const auto model = runXuewei(optimise("--year 2020 --new 1 --model best", dir.path / "b"));
    EXPECT_EQ(model.exitCode, 2) << model.out;
    EXPECT_NE(model.out.find("--model 须为"), std::string::npos) << model.out;
    EXPECT_NE(model.out.find("--model must be"), std::string::npos) << model.out;

    for (const char* year : {"2019", "2040"}) {
        const auto y = runXuewei(optimise(std::string("--new 1 --year ") + year, dir.path / "c"));
        EXPECT_EQ(y.exitCode, 2) << y.out;
        EXPECT_NE(y.out.find("不在"), std::string::npos) << y.out;
        EXPECT_NE(y.out.find("is outside"), std::string::npos) << y.out;
    }
    const auto none = runXuewei(optimise("--year 2020", dir.path / "d"));
    EXPECT_EQ(none.exitCode, 2) << none.out;
    EXPECT_FALSE(fs::exists(dir.path / "a"));
    EXPECT_FALSE(fs::exists(dir.path / "c"));
}

TEST(Zones, DrawsZonesWrittenAsAScenarioThatRunsInZonesMode) {
    Scratch dir("xw_zones_run");
    const auto z =
        runXuewei("zones --data " + kSmall.string() +
                  " --grid-m 1000 --stage primary --year 2020 --out " + (dir.path / "z").string());
    ASSERT_EQ(z.exitCode, 0) << z.out;
    EXPECT_NE(z.out.find("下界 Bound"), std::string::npos) << z.out;
    ASSERT_TRUE(fs::exists(dir.path / "z/zones.gpkg"));
    const auto zones = readCsv((dir.path / "z/zones.csv").string());
    EXPECT_EQ(zones.rows.size(), 3u); // the small dataset's three primary schools
    const auto r =
        runXuewei("run --no-report --grid-m 1000 --allocate zones --scenario " +
                  (dir.path / "z/zoned.yaml").string() + " --out " + (dir.path / "run").string());
    ASSERT_EQ(r.exitCode, 0) << r.out;

    const auto bad = runXuewei("zones --data " + kSmall.string() +
                               " --stage primary --year 2019 --out " + (dir.path / "b").string());
    EXPECT_EQ(bad.exitCode, 2) << bad.out;
    EXPECT_NE(bad.out.find("is outside"), std::string::npos) << bad.out;
}

// The embedded data's demand points are residential units (villages and estates), off any grid:
// no unit has a neighbour, so none is held to contiguity, and each may go to any of its nearest
// schools. Primary 2026 has 164,096 children for 255,915 seats: nobody need be over the seats,
// and nobody is.
TEST(Zones, ResidentialUnitsOfTheEmbeddedDataAreZonedWithNobodyOverTheSeats) {
    Scratch dir("xw_zones_units");
    const auto z =
        runXuewei("zones --stage primary --year 2026 --out " + (dir.path / "z").string());
    ASSERT_EQ(z.exitCode, 0) << z.out;
    EXPECT_NE(z.out.find("Children over the seats: 0 · 不连通单元 Detached units: 850"),
              std::string::npos)
        << z.out;
    for (const auto& row : readCsv((dir.path / "z/zones.csv").string()).rows)
        EXPECT_EQ(row.at("overflow"), "0") << row.at("school_id");
}

} // namespace
