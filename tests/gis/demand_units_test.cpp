// The optional demand layers (demand_units + unit_population, built_up, barriers, od_table) and
// the demand points made from them. Fixture: tests/data/gis/units (README.md there) added to a
// copy of tests/data/gis/mini, whose towns are 10 km squares in EPSG:4546:
// 441702001 [595000, 605000] × [2415000, 2425000], 441702002 east of it, 441704100 east again.
#include "test_support.hpp"

#include <xw/core/allocation/demand_points.hpp>
#include <xw/gis/demand_units.hpp>

#include <algorithm>
#include <numeric>

namespace xw::gis {
namespace {

using test::ScratchDir;
namespace fs = std::filesystem;

/// The mini dataset with the units fixture's layers (and, when `tables`, its tables) added.
fs::path unitsDataset(const fs::path& dir, bool layers = true, bool tables = true) {
    test::copyMini(dir);
    for (const auto& e : fs::directory_iterator(test::fixture("units")))
        fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
    const fs::path manifest = dir / "dataset.yaml";
    if (layers)
        test::replaceInFile(manifest, "tables:\n",
                            test::readFile(dir / "manifest_units.yaml") + "tables:\n");
    if (tables)
        test::writeFile(manifest,
                        test::readFile(manifest) + test::readFile(dir / "manifest_tables.yaml"));
    return dir;
}

const core::ResidentialUnit* unit(const DatasetLoad& d, const std::string& id) {
    for (const auto& u : d.demandUnits)
        if (u.id == id)
            return &u;
    return nullptr;
}

bool hasProblem(const DatasetLoad& d, const std::string& layer, const std::string& feature,
                core::Severity s) {
    return std::any_of(d.problems.begin(), d.problems.end(), [&](const Diagnostic& p) {
        return p.layer == layer && p.featureId.find(feature) != std::string::npos &&
               p.severity == s;
    });
}

TEST(DemandUnitsLayer, LoadsPointsAndPolygonsWithTheirPopulation) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(unitsDataset(dir.path()));
    // U6 (unknown town) and the second U1 (duplicate id) are skipped.
    ASSERT_EQ(d.demandUnits.size(), 5U);
    EXPECT_TRUE(hasProblem(d, "demand_units", "U6", core::Severity::Error));
    EXPECT_TRUE(hasProblem(d, "demand_units", "U1", core::Severity::Error));
    const core::ResidentialUnit* u3 = unit(d, "U3");
    ASSERT_NE(u3, nullptr);
    EXPECT_EQ(u3->kind, "小区");
    // The polygon's point lies inside it (GEOS PointOnSurface of a 1 km square).
    EXPECT_GE(u3->location.x, 602500.0);
    EXPECT_LE(u3->location.x, 603500.0);
    EXPECT_GE(u3->location.y, 2416500.0);
    EXPECT_LE(u3->location.y, 2417500.0);
    // Population by age: U2 aged 6: 700 registered + 200 migrant; its second "age 7 registered"
    // row is a duplicate, skipped.
    const core::ResidentialUnit* u2 = unit(d, "U2");
    ASSERT_NE(u2, nullptr);
    EXPECT_DOUBLE_EQ(u2->personsAged(6, 6), 900.0);
    EXPECT_DOUBLE_EQ(u2->personsAged(7, 7), 400.0);
    EXPECT_TRUE(hasProblem(d, "unit_population", "U2", core::Severity::Error));
    EXPECT_TRUE(hasProblem(d, "unit_population", "U9", core::Severity::Error));
    // Totals only.
    const core::ResidentialUnit* u4 = unit(d, "U4");
    ASSERT_NE(u4, nullptr);
    EXPECT_FALSE(u4->hasAges());
    EXPECT_DOUBLE_EQ(u4->total(), 60000.0);
    // U5 lies at (630000, 2420000), 5 km east of its town 441704100 and in no town: kept, warned.
    ASSERT_NE(unit(d, "U5"), nullptr);
    const auto outside = std::find_if(d.problems.begin(), d.problems.end(), [](const auto& p) {
        return p.featureId == "U5" && p.severity == core::Severity::Warning;
    });
    ASSERT_NE(outside, d.problems.end());
    EXPECT_NE(outside->message.find("5000 m"), std::string::npos) << outside->message;
}

// Town 441702001's units give ages; primary weights (ages 6–11) U1 1,100, U2 1,300, U3 650
// (Σ 3,050). Its primary demand is the population table's ages 6–11: 1,500 + 300 + 1,450.5 =
// 3,250.5 → 3,251 children (half away from zero). Quotas 3,251 × 1,100 / 3,050 = 1,172.49,
// × 1,300 / 3,050 = 1,385.67, × 650 / 3,050 = 692.84 → floors 1,172 + 1,385 + 692 = 3,249; the
// two left go to the largest remainders (U3 .84, U2 .67) → 1,172, 1,386, 693.
// Town 441704100's units give totals only (60,000 and 30,000 = 90,000 vs 95,000.5 residents:
// −5.3 %, beyond the 5 % tolerance → warned). Town 441702002 has no unit: its grid cells stay.
TEST(DemandPoints, UnitsReplaceTheGridAndSplitEachTownsCohortsExactly) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(unitsDataset(dir.path()));
    DemandGridConfig config;
    config.cellMeters = 1000.0;
    const DemandGrid g = buildDemandPoints(d, config);
    EXPECT_EQ(g.weighting, DemandWeighting::Units);
    // 3 + 2 units, and 441702002's 10 × 10 cells of 1 km.
    ASSERT_EQ(g.points.size(), 105U);
    ASSERT_EQ(g.pointIds.size(), g.points.size());
    EXPECT_EQ(g.pointIds[0], "U1");
    EXPECT_EQ(g.pointIds[2], "U3");
    EXPECT_EQ(g.pointIds[3], "");
    EXPECT_EQ(g.pointIds[103], "U4");
    EXPECT_EQ(g.cells.size(), 300U);
    const auto primary = g.pointsFor(core::Stage::Primary);
    EXPECT_DOUBLE_EQ(primary[0].weight, 1100.0);
    EXPECT_DOUBLE_EQ(primary[1].weight, 1300.0);
    EXPECT_DOUBLE_EQ(primary[2].weight, 650.0);
    EXPECT_DOUBLE_EQ(primary[103].weight, 60000.0);
    EXPECT_DOUBLE_EQ(g.pointsFor(core::Stage::Kindergarten)[1].weight, 0.0);
    std::vector<double> townDemand(3, 0.0);
    townDemand[0] = 3250.5;
    townDemand[2] = 900.0;
    const core::DemandSplit split = core::splitDemand(primary, townDemand);
    EXPECT_EQ(split.perPoint[0], 1172);
    EXPECT_EQ(split.perPoint[1], 1386);
    EXPECT_EQ(split.perPoint[2], 693);
    EXPECT_EQ(split.perPoint[103] + split.perPoint[104], 900); // 600 : 300 by totals
    EXPECT_EQ(split.perPoint[103], 600);
    const auto warned = std::find_if(g.problems.begin(), g.problems.end(), [](const auto& p) {
        return p.layer == "demand_units" && p.featureId == "441704100";
    });
    ASSERT_NE(warned, g.problems.end());
    EXPECT_NE(warned->message.find("-5.3 %"), std::string::npos) << warned->message;
    EXPECT_EQ(std::count_if(g.problems.begin(), g.problems.end(),
                            [](const auto& p) { return p.featureId == "441702001"; }),
              0);
}

// Without units, the built-up polygon [598000, 602000] × [2418000, 2422000] masks town
// 441702001's grid: at 1 km, the 4 × 4 cells with centres 598500 … 601500 hold its 120,000
// residents (7,500 each). Its other cells weigh 0, except, with the grid's year set to 2024, the
// one nearest to housing project H001 (completed 2024) at (597000, 2423000), outside the built-up
// area, which holds the project's people. Without housing the weights are 1 inside, 0 outside.
TEST(DemandPoints, BuiltUpAreasMaskTheGridWithoutUnits) {
    const ScratchDir dir;
    const fs::path folder = unitsDataset(dir.path(), false, false);
    test::replaceInFile(folder / "dataset.yaml", "tables:\n",
                        "  built_up:\n    source: built_up.geojson\ntables:\n");
    DatasetLoad d = loadDataset(folder);
    ASSERT_EQ(d.builtUp.size(), 1U);
    DemandGridConfig config;
    config.cellMeters = 1000.0;
    config.year = 2024;
    for (const bool housing : {true, false}) {
        if (!housing)
            d.city.housing.clear();
        const DemandGrid g = buildDemandPoints(d, config);
        EXPECT_EQ(g.weighting, DemandWeighting::BuiltUp);
        int inside = 0, housed = 0;
        for (const auto& p : g.points) {
            if (p.townIndex != 0)
                continue;
            const bool in = p.location.x > 598000 && p.location.x < 602000 &&
                            p.location.y > 2418000 && p.location.y < 2422000;
            if (in) {
                EXPECT_DOUBLE_EQ(p.weight, housing ? 7500.0 : 1.0);
                ++inside;
            } else if (p.weight > 0.0) {
                ++housed;
            }
        }
        EXPECT_EQ(inside, 16);
        EXPECT_EQ(housed, housing ? 1 : 0);
        // Towns without a built-up cell keep their whole grid (and are reported).
        EXPECT_TRUE(std::any_of(g.points.begin(), g.points.end(),
                                [](const auto& p) { return p.townIndex == 1 && p.weight > 0.0; }));
        EXPECT_FALSE(g.problems.empty());
    }
}

TEST(DemandLayers, BarriersAndTheOdTableAreRead) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(unitsDataset(dir.path()));
    ASSERT_EQ(d.barriers.size(), 2U);
    EXPECT_EQ(d.barriers[0].id, "R1");
    EXPECT_EQ(d.barriers[0].kind, "铁路");
    EXPECT_EQ(d.barriers[1].parts.size(), 2U);
    ASSERT_TRUE(d.odTable);
    EXPECT_EQ(d.odTable->unit, core::OdUnit::Minutes);
    // 6 rows: S999 is not a school (one warning), "x" is not a number (an error).
    EXPECT_EQ(d.odTable->entries.size(), 4U);
    EXPECT_TRUE(hasProblem(d, "od_table", "row 6", core::Severity::Error));
    EXPECT_TRUE(std::any_of(d.problems.begin(), d.problems.end(), [](const auto& p) {
        return p.layer == "od_table" && p.message.find("S999") != std::string::npos;
    }));
    // Points named by unit: the OD table's origins.
    DemandGridConfig config;
    config.cellMeters = 1000.0;
    const core::PairInputs in = pairInputs(d, buildDemandPoints(d, config));
    ASSERT_TRUE(in.od && in.barriers);
    EXPECT_EQ(in.originIds[1], "U2");
    EXPECT_EQ(in.barriers->crossings({598000, 2422000}, {600000, 2418000}), 2);
}

TEST(DemandLayers, BadCombinationsStopWithAReason) {
    {
        const ScratchDir dir;
        const fs::path folder = unitsDataset(dir.path(), false, true);
        try {
            (void)loadDataset(folder);
            FAIL() << "unit_population without demand_units was accepted";
        } catch (const GisError& e) {
            EXPECT_NE(std::string(e.what()).find("demand_units"), std::string::npos);
        }
    }
    {
        const ScratchDir dir;
        const fs::path folder = unitsDataset(dir.path());
        test::replaceInFile(folder / "dataset.yaml", "minutes: 分钟}",
                            "minutes: 分钟, meters: 分钟}");
        EXPECT_THROW((void)loadDataset(folder), GisError);
    }
}

} // namespace
} // namespace xw::gis
