// What the engine hands to maps and the viewer: the zones in force, the road network followed,
// the shortfall difference of two runs, and a plan replaced after opening a scenario file (the
// viewer's edits) written back without the file's stale source positions.
#include <xw/scenarios/scenario.hpp>
#include <xw/study/compare.hpp>
#include <xw/study/study.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace xw::study {
namespace {

namespace fs = std::filesystem;
using core::Stage;

const fs::path kSmall = fs::path(XW_SOURCE_ROOT) / "tests/data/study/small";
const fs::path kMini = fs::path(XW_SOURCE_ROOT) / "tests/data/gis/mini";
const fs::path kPbf = fs::path(XW_SOURCE_ROOT) / "tests/data/gis/roads/mini_roads.osm.pbf";

StudyConfig baseOnly() {
    StudyConfig c;
    c.baseYearOnly = true;
    c.allocation.reset();
    return c;
}

/// An ISO WKB square polygon.
core::Wkb square(double x0, double y0, double side) {
    core::Wkb w;
    const auto put = [&](const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        w.insert(w.end(), b, b + n);
    };
    const unsigned char order = 1;
    const std::uint32_t type = 3, rings = 1, points = 5;
    put(&order, 1);
    put(&type, 4);
    put(&rings, 4);
    put(&points, 4);
    const double xy[10] = {x0, y0, x0 + side, y0, x0 + side, y0 + side, x0, y0 + side, x0, y0};
    put(xy, sizeof xy);
    return w;
}

core::NewSchool primarySchool(const std::string& id, core::PointM at, int classesPerGrade,
                              int year) {
    core::NewSchool n;
    n.year = year;
    n.school.id = id;
    n.school.name = "新学校 " + id;
    n.school.location = at;
    core::StageProvision p;
    p.stage = Stage::Primary;
    for (int g = 1; g <= 6; ++g)
        p.grades.push_back({g, classesPerGrade, 0, 0});
    n.school.stages.push_back(p);
    return n;
}

TEST(ResultsForMaps, TheZonesInForceAreThePlansLatestRedrawByTheBaseYear) {
    Study study = Study::open(kSmall);
    const StudyResults before = study.run(baseOnly());
    core::Plan plan;
    core::ZoneRedraw now;
    now.year = 2020; // the base year
    now.polygons = {{"P1", square(600000, 2420000, 5000)}, {"P2", square(610000, 2420000, 5000)}};
    core::ZoneRedraw later;
    later.year = 2024;
    later.polygons = {{"P3", square(620000, 2420000, 5000)}};
    plan.zoneRedraws = {now, later};
    study.setPlan(plan);
    const StudyResults r = study.run(baseOnly());
    ASSERT_EQ(r.zones.size(), 2u);
    EXPECT_EQ(r.zones[0].schoolId, "P1");
    EXPECT_EQ(r.zones[1].schoolId, "P2");
    EXPECT_EQ(r.zones[0].wkb, now.polygons[0].second);
    EXPECT_EQ(before.zones.size(), study.dataset().zones.size());
}

TEST(ResultsForMaps, TheRoadNetworkFollowedIsInTheResults) {
    Study study = Study::open(kMini);
    StudyConfig c = baseOnly();
    c.allocation = core::AllocationMode::Nearest;
    c.gridMeters = 1000.0;
    const StudyResults straight = study.run(c);
    ASSERT_TRUE(straight.allocation.has_value());
    EXPECT_EQ(straight.allocation->roads, nullptr);
    c.roads = kPbf.string();
    const StudyResults road = study.run(c);
    ASSERT_NE(road.allocation->roads, nullptr);
    EXPECT_EQ(road.allocation->roads->linesUsed, 3); // the file's three roads
    EXPECT_FALSE(road.allocation->roads->segments.empty());
}

TEST(ResultsForMaps, TheShortfallDifferenceIsTheSecondRunMinusTheFirstTownByTown) {
    Study a = Study::open(kSmall);
    Study b = Study::open(kSmall);
    core::Plan plan;
    // Two classes per grade (12 × 45 = 540 seats) in town 2 from the base year.
    plan.newSchools = {primarySchool("N1", {615000, 2423000}, 2, 2020)};
    b.setPlan(plan);
    StudyConfig c = baseOnly();
    c.baseYearOnly = false;
    c.years = std::make_pair(2020, 2022);
    const StudyResults ra = a.run(c);
    const StudyResults rb = b.run(c);
    const std::vector<TownDifference> d = townShortfallDifference(ra, rb, Stage::Primary, 2020);
    ASSERT_EQ(d.size(), ra.city->regions.towns.size());
    int changed = 0;
    for (const TownDifference& t : d) {
        double first = 0.0, second = 0.0, demand = 0.0, seats = 0.0;
        for (const auto& row : ra.balance.towns)
            if (row.code == t.code && row.stage == Stage::Primary) {
                first = row.shortfall;
                demand = row.demand;
                seats = static_cast<double>(row.seats);
            }
        for (const auto& row : rb.balance.towns)
            if (row.code == t.code && row.stage == Stage::Primary)
                second = row.shortfall;
        EXPECT_EQ(t.first, first);
        EXPECT_EQ(t.second, second);
        EXPECT_EQ(t.difference, second - first);
        if (t.code == rb.city->schools.back().townCode) {
            // By hand: 540 more seats against the same demand.
            EXPECT_EQ(t.second, std::max(0.0, demand - seats - 540.0));
        }
        changed += t.difference != 0.0;
    }
    EXPECT_LE(changed, 1);
    // A projected year compares the years' own balances; a year neither run has is refused.
    EXPECT_NO_THROW((void)townShortfallDifference(ra, rb, Stage::Primary, 2022));
    EXPECT_THROW((void)townShortfallDifference(ra, rb, Stage::Primary, 2030), StudyError);
}

TEST(ResultsForMaps, APlanReplacedAfterOpeningAFileIsWrittenWithoutTheFilesPositions) {
    const fs::path file =
        fs::temp_directory_path() / ("xw_setplan_" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(file) << "xuewei_scenario: 1\nname: file\ndataset: " << kSmall.string()
                        << "\nhorizon: 2026\ninterventions:\n"
                           "  - close: {school: P3, year: 2022}\n"
                           "  - new_school: {id: F1, name: 文件新校, year: 2021, location: {x: "
                           "615000, y: 2423000}, stages: {primary: 12}}\n"
                           "  - new_school: {id: F2, name: 文件新校二, year: 2022, location: {x: "
                           "605500, y: 2423000}, stages: {primary: 6}}\n";
    Study study = Study::open(file);
    ASSERT_EQ(study.scenario().marks.size(), 3u);
    // The viewer removes one new school and the closure, and adds its own school.
    core::Plan plan = study.scenario().plan;
    plan.closures.clear();
    plan.newSchools.erase(plan.newSchools.begin());
    plan.newSchools.push_back(primarySchool("V1", {625500, 2423000}, 1, 2023));
    study.setPlan(plan);
    EXPECT_TRUE(study.scenario().marks.empty());
    EXPECT_TRUE(study.scenario().newSchoolLocations.empty());
    // Written and read back: the plan's own interventions, nothing of the file's old ones.
    const scenarios::Scenario back =
        scenarios::parseScenario(scenarios::toYaml(study.scenario()), file);
    ASSERT_EQ(back.plan.newSchools.size(), 2u);
    EXPECT_EQ(back.plan.newSchools[0].school.id, "F2");
    EXPECT_EQ(back.plan.newSchools[1].school.id, "V1");
    EXPECT_TRUE(back.plan.closures.empty());
    ASSERT_TRUE(back.newSchoolLocations[1].has_value());
    EXPECT_FALSE(back.newSchoolLocations[1]->geographic);
    EXPECT_EQ(back.newSchoolLocations[1]->a, 625500.0);
    fs::remove(file);
}

} // namespace
} // namespace xw::study
