// Demand grid, zone membership, the manifest's optional allocation layers and the allocation
// catchment polygons. Outlines are inline WKT in EPSG:4546 metres; every expected
// count is worked by hand in the comments.
#include "test_support.hpp"

#include <xw/core/allocation/allocation.hpp>
#include <xw/gis/catchments.hpp>
#include <xw/gis/demand_grid.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace xw::gis {
namespace {

using test::ScratchDir;
namespace fs = std::filesystem;

std::vector<unsigned char> wkbOf(const std::string& wkt) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE) << wkt;
    std::vector<unsigned char> out(g->WkbSize());
    g->exportToWkb(wkbNDR, out.data(), wkbVariantIso);
    OGRGeometryFactory::destroyGeometry(g);
    return out;
}

OGRGeometryUniquePtr geometryOf(const std::string& wkt) {
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
    return OGRGeometryUniquePtr(g);
}

/// A dataset with one district and the given towns (code → WKT), urban.
DatasetLoad datasetOf(const std::vector<std::pair<std::string, std::string>>& towns) {
    DatasetLoad d;
    d.workingCrs = "EPSG:4546";
    d.city.baseYear = 2020;
    d.city.regions.cityCode = "C";
    d.city.regions.districts = {{"D", "District"}};
    std::string all = "MULTIPOLYGON(";
    for (const auto& [code, wkt] : towns) {
        d.city.regions.towns.push_back({code, code, "D", true, 0.0});
        d.townShapes.push_back({code, wkbOf(wkt)});
    }
    d.districtShapes.push_back({"D", d.townShapes.front().wkb});
    return d;
}

TEST(DemandGrid, ACentreOnASharedEdgeBelongsToExactlyOneTown) {
    // Two 1 km squares side by side, cell 400 m: centres x = 200, 600, 1000, 1400, 1800 and
    // y = 200, 600 (y = 1000 is on the top edge, which the half-open rule leaves out). x = 1000 is
    // on the shared edge: T0 owns [0, 1000), T1 [1000, 2000) → T0 2 × 2 = 4 points, T1 3 × 2 = 6.
    const DatasetLoad d =
        datasetOf({{"T0", "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))"},
                   {"T1", "POLYGON((2000 1000,2000 0,1000 0,1000 1000,2000 1000))"}});
    const DemandGrid g = buildDemandGrid(d, {400.0});
    ASSERT_EQ(g.points.size(), 10U);
    std::map<std::uint32_t, int> perTown;
    std::set<std::pair<double, double>> places;
    for (const auto& p : g.points) {
        ++perTown[p.townIndex];
        EXPECT_TRUE(places.insert({p.location.x, p.location.y}).second) << "repeated place";
    }
    EXPECT_EQ(perTown[0], 4);
    EXPECT_EQ(perTown[1], 6);
    EXPECT_EQ(g.weighting, DemandWeighting::Uniform);
}

TEST(DemandGrid, PointsLieInsideTheirTownAndMatchABruteForceCount) {
    // A non-convex town with a hole, axis-parallel edges on multiples of 100 m and a triangle with
    // odd slopes, so no 100 m cell centre (…50) lies on its boundary: the grid must hold exactly
    // the centres OGR says are inside.
    const std::string wkt = "MULTIPOLYGON(((0 0,3000 0,3000 1000,1000 1000,1000 3000,0 3000,0 0),"
                            "(200 200,800 200,800 800,200 800,200 200)),"
                            "((5000 5000,5600 5000,5317 5903,5000 5000)))";
    const DatasetLoad d = datasetOf({{"T", wkt}});
    const DemandGrid g = buildDemandGrid(d, {100.0});
    const OGRGeometryUniquePtr town = geometryOf(wkt);
    for (const auto& p : g.points) {
        const OGRPoint pt(p.location.x, p.location.y);
        EXPECT_TRUE(town->Contains(&pt)) << p.location.x << " " << p.location.y;
    }
    std::size_t inside = 0;
    // The centres of the 100 m cells, 50 to 5950 m on both axes; integer counters keep each exact.
    for (int row = 0; row < 60; ++row)
        for (int col = 0; col < 60; ++col) {
            const OGRPoint pt(50.0 + 100.0 * col, 50.0 + 100.0 * row);
            inside += town->Contains(&pt) ? 1 : 0;
        }
    // Hand count for the first part: 3000×1000 + 1000×2000 = 5 km² → 500 cells, minus the
    // 600 × 600 m hole (36 cells) = 464; the triangle adds what OGR counts.
    EXPECT_EQ(g.points.size(), inside);
    EXPECT_GT(inside, 464U);
}

TEST(DemandGrid, ATownTooSmallForACellGetsOnePointInsideIt) {
    // 20 m × 20 m town, cell 100 m: the only nearby centre (50, 50) is outside.
    const std::string tiny = "POLYGON((10 10,30 10,30 30,10 30,10 10))";
    const DatasetLoad d =
        datasetOf({{"BIG", "POLYGON((100 0,1100 0,1100 1000,100 1000,100 0))"}, {"TINY", tiny}});
    const DemandGrid g = buildDemandGrid(d, {100.0});
    ASSERT_EQ(g.townsWithoutCell, (std::vector<std::size_t>{1}));
    int tinyPoints = 0;
    for (const auto& p : g.points)
        if (p.townIndex == 1) {
            ++tinyPoints;
            const OGRPoint pt(p.location.x, p.location.y);
            EXPECT_TRUE(geometryOf(tiny)->Contains(&pt));
        }
    EXPECT_EQ(tinyPoints, 1);
}

TEST(DemandGrid, HousingAddsItsPeopleToTheCellsAroundIt) {
    // 1 km square, 1,000 residents, cell 100 m → 100 cells of 10 persons each. A project of 100
    // dwellings × 3.2 = 320 persons at (550, 550), spread 150 m: the 9 centres 450/550/650 ×
    // 450/550/650 are within 150 m (diagonals 141.4 m) → + 320/9 each. A project completed in
    // 2030 (after the base year 2020) adds nothing.
    DatasetLoad d = datasetOf({{"T", "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))"}});
    d.city.population.totalResidents["T"] = 1000.0;
    core::HousingProject h;
    h.id = "H1";
    h.location = {550, 550};
    h.townCode = "T";
    h.dwellings = 100;
    h.completionYear = 2019;
    d.city.housing.push_back(h);
    h.id = "H2";
    h.location = {50, 50};
    h.completionYear = 2030;
    d.city.housing.push_back(h);
    DemandGridConfig cfg;
    cfg.cellMeters = 100.0;
    cfg.housingSpreadMeters = 150.0;
    const DemandGrid g = buildDemandGrid(d, cfg);
    EXPECT_EQ(g.weighting, DemandWeighting::Housing);
    ASSERT_EQ(g.points.size(), 100U);
    double sum = 0.0;
    for (const auto& p : g.points) {
        sum += p.weight;
        const bool near =
            std::abs(p.location.x - 550) <= 100 && std::abs(p.location.y - 550) <= 100;
        EXPECT_NEAR(p.weight, near ? 10.0 + 320.0 / 9.0 : 10.0, 1e-9)
            << p.location.x << " " << p.location.y;
    }
    EXPECT_NEAR(sum, 1320.0, 1e-9);
}

TEST(DemandGrid, PopulationRasterWeightsEachCellByItsPixel) {
    // A 10 × 10 GeoTIFF of 100 m pixels in EPSG:4546 over the town, value = column + 1, except
    // pixel (row 0, column 0) which is no-data → weight 0. Cell centres sit in the pixel centres.
    ScratchDir dir;
    const fs::path tif = dir.path() / "pop.tif";
    {
        GDALAllRegister();
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
        GDALDatasetUniquePtr ds(drv->Create(tif.string().c_str(), 10, 10, 1, GDT_Float32, nullptr));
        double gt[6] = {500000, 100, 0, 2401000, 0, -100};
        ds->SetGeoTransform(gt);
        OGRSpatialReference srs;
        srs.importFromEPSG(4546);
        ds->SetSpatialRef(&srs);
        std::vector<float> v(100);
        for (std::size_t r = 0; r < 10; ++r)
            for (std::size_t c = 0; c < 10; ++c)
                v[r * 10 + c] = static_cast<float>(c + 1);
        v[0] = -9999.0F;
        ds->GetRasterBand(1)->SetNoDataValue(-9999.0);
        ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 10, 10, v.data(), 10, 10,
                                                 GDT_Float32, 0, 0, nullptr),
                  CE_None);
    }
    DatasetLoad d = datasetOf({{"T", "POLYGON((500000 2400000,501000 2400000,501000 2401000,500000 "
                                     "2401000,500000 2400000))"}});
    d.populationRaster = RasterSource{tif, "pop.tif", std::nullopt};
    const DemandGrid g = buildDemandGrid(d, {100.0});
    EXPECT_EQ(g.weighting, DemandWeighting::PopulationRaster);
    ASSERT_EQ(g.points.size(), 100U);
    for (const auto& p : g.points) {
        const int col = static_cast<int>((p.location.x - 500000) / 100);
        const int row = static_cast<int>((2401000 - p.location.y) / 100);
        EXPECT_DOUBLE_EQ(p.weight, row == 0 && col == 0 ? 0.0 : col + 1.0);
    }
}

TEST(DemandGrid, ZonePolygonsGiveEachPointItsSchool) {
    // Town 0..1000 square, cell 100; zone of A = left half, of B = right half: the 50 centres
    // with x < 500 go to A, the 50 with x > 500 to B; none is in both.
    DatasetLoad d = datasetOf({{"T", "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))"}});
    d.city.schools.resize(2);
    d.city.schools[0].id = "A";
    d.city.schools[1].id = "B";
    d.zones.push_back({"A", wkbOf("POLYGON((0 0,500 0,500 1000,0 1000,0 0))"), ""});
    d.zones.push_back({"B", wkbOf("POLYGON((500 0,1000 0,1000 1000,500 1000,500 0))"), ""});
    const DemandGrid g = buildDemandGrid(d, {100.0});
    const auto z = zoneMembership(d, g);
    ASSERT_TRUE(z.has_value());
    ASSERT_EQ(z->offsets.size(), g.points.size() + 1);
    for (std::size_t k = 0; k < g.points.size(); ++k) {
        ASSERT_EQ(z->offsets[k + 1] - z->offsets[k], 1U);
        EXPECT_EQ(z->schools[z->offsets[k]], g.points[k].location.x < 500 ? 0U : 1U);
    }
    d.zones.clear();
    EXPECT_FALSE(zoneMembership(d, g).has_value());
    d.schoolTowns = {{"B", "T"}};
    const auto byTable = zoneMembership(d, g);
    ASSERT_TRUE(byTable.has_value());
    EXPECT_EQ(byTable->schools.size(), g.points.size()); // every point → B
}

TEST(DemandGrid, NonPositiveSpacingIsAnError) {
    const DatasetLoad d = datasetOf({{"T", "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))"}});
    EXPECT_THROW((void)buildDemandGrid(d, {0.0}), GisError);
    EXPECT_THROW((void)buildDemandGrid(d, {-5.0}), GisError);
}

/// Primary schools A at (500, 500) and B at (1500, 500) in town T, one class of 45 seats each.
void addSchoolsAAndB(DatasetLoad& d) {
    for (const auto& [id, x] : {std::pair<std::string, double>{"A", 500.0}, {"B", 1500.0}}) {
        core::School s;
        s.id = id;
        s.name = id;
        s.townCode = "T";
        s.location = {x, 500};
        core::StageProvision p;
        p.stage = core::Stage::Primary;
        p.grades.push_back({1, 1, 45, 0});
        s.stages.push_back(p);
        d.city.schools.push_back(s);
    }
}

TEST(DemandGrid, AllocationLayersAreWrittenAndAddUpToTheDemand) {
    // Town 0..2000 × 0..1000 with schools A (500, 500, 1 class = 45 seats) and B (1500, 500,
    // 1 class); 200 children spread uniformly over 200 cells of 100 m → 1 per cell. Optimal mode
    // places 90 and leaves 110 unplaced; the layers must carry all 200.
    DatasetLoad d = datasetOf({{"T", "POLYGON((0 0,2000 0,2000 1000,0 1000,0 0))"}});
    addSchoolsAAndB(d);
    const DemandGrid g = buildDemandGrid(d, {100.0});
    ASSERT_EQ(g.points.size(), 200U);
    const core::DemandSplit split = core::splitDemand(g.points, {200.0});
    core::AllocationConfig cfg;
    cfg.mode = core::AllocationMode::Optimal;
    const core::AllocationProblem pb =
        core::buildAllocationProblem(d.city, core::Stage::Primary, g.points, split.perPoint, cfg);
    const core::AllocationResult r = core::allocate(d.city, pb);
    EXPECT_EQ(r.city.assigned, 90);
    EXPECT_EQ(r.city.unplaced, 110);
    std::int64_t children = 0;
    std::int64_t unplaced = 0;
    for (const auto& piece : r.pieces) {
        children += piece.amount;
        if (piece.facility == core::kUnplaced)
            unplaced += piece.amount;
    }
    EXPECT_EQ(children, 200);
    EXPECT_EQ(unplaced, 110);
    const std::vector<CatchmentShape> shapes = catchmentShapes(g.cellMeters, pb, r);
    ASSERT_EQ(shapes.size(), 2U);
    for (const CatchmentShape& c : shapes) {
        OGRGeometry* geom = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkb(c.wkb.data(), nullptr, &geom, c.wkb.size()),
                  OGRERR_NONE);
        const std::unique_ptr<OGRGeometry> owned(geom);
        EXPECT_TRUE(geom->IsValid());
        // Each cell holds one child, so the catchment covers `assigned` cells of 0.01 km².
        EXPECT_NEAR(geom->toMultiPolygon()->get_Area(),
                    static_cast<double>(r.schools[c.facility].assigned) * 100.0 * 100.0, 1e-6);
        EXPECT_EQ(c.cells, r.schools[c.facility].assigned);
    }
}

TEST(DemandGrid, CatchmentsCoverTheChildlessCellsOfTheirTown) {
    // Town T (0..2000 × 0..1000, 200 cells of 100 m) with schools A (500, 500) and B (1500, 500)
    // and children in only two cells: one at (50, 550) and one at (1950, 450). Town U (2000..3000)
    // next to it has no children. Nearest mode sends the first child to A, the second to B.
    // Without the grid the catchments are the two inhabited cells (2 × 0.01 km²); with it every
    // cell of T joins the catchment of the nearer inhabited cell (4-neighbour steps), so the two
    // catchments tile T exactly (200 cells, 2 km²) and U stays outside.
    DatasetLoad d = datasetOf({{"T", "POLYGON((0 0,2000 0,2000 1000,0 1000,0 0))"},
                               {"U", "POLYGON((2000 0,3000 0,3000 1000,2000 1000,2000 0))"}});
    addSchoolsAAndB(d);
    const DemandGrid g = buildDemandGrid(d, {100.0});
    ASSERT_EQ(g.points.size(), 300U);
    std::vector<std::int64_t> demand(g.points.size(), 0);
    for (std::size_t k = 0; k < g.points.size(); ++k) {
        const auto& p = g.points[k].location;
        if ((p.x == 50.0 && p.y == 550.0) || (p.x == 1950.0 && p.y == 450.0))
            demand[k] = 1;
    }
    core::AllocationConfig cfg;
    cfg.mode = core::AllocationMode::Nearest;
    const core::AllocationProblem pb =
        core::buildAllocationProblem(d.city, core::Stage::Primary, g.points, demand, cfg);
    ASSERT_EQ(pb.points.size(), 2U);
    const core::AllocationResult r = core::allocate(d.city, pb);
    ASSERT_EQ(r.city.assigned, 2);

    const auto catchments = [&](bool withGrid) {
        std::map<std::string, std::pair<double, std::int64_t>> bySchool; // area, cells
        std::map<std::string, std::unique_ptr<OGRGeometry>> shapes;
        for (const CatchmentShape& c :
             catchmentShapes(g.cellMeters, pb, r, withGrid ? &g.points : nullptr)) {
            OGRGeometry* geom = nullptr;
            EXPECT_EQ(OGRGeometryFactory::createFromWkb(c.wkb.data(), nullptr, &geom, c.wkb.size()),
                      OGRERR_NONE);
            EXPECT_TRUE(geom != nullptr && geom->IsValid());
            const std::string id = d.city.schools[c.schoolIndex].id;
            bySchool[id] = {geom->toMultiPolygon()->get_Area(), c.cells};
            shapes[id].reset(geom);
        }
        return std::pair{bySchool, std::move(shapes)};
    };

    const auto [sparse, sparseShapes] = catchments(false);
    ASSERT_EQ(sparse.size(), 2U);
    EXPECT_NEAR(sparse.at("A").first, 1.0e4, 1e-6);
    EXPECT_EQ(sparse.at("A").second, 1);
    EXPECT_NEAR(sparse.at("B").first, 1.0e4, 1e-6);

    const auto [full, fullShapes] = catchments(true);
    ASSERT_EQ(full.size(), 2U);
    EXPECT_NEAR(full.at("A").first + full.at("B").first, 2.0e6, 1e-6); // all of T, none of U
    EXPECT_EQ(full.at("A").second + full.at("B").second, 200);
    EXPECT_NEAR(full.at("A").first, static_cast<double>(full.at("A").second) * 1.0e4, 1e-6);
    // Each side of T goes to the school whose child lives there.
    const OGRPoint westEdge(150.0, 150.0);
    const OGRPoint eastEdge(1850.0, 850.0);
    const OGRPoint inU(2500.0, 500.0);
    EXPECT_TRUE(fullShapes.at("A")->Contains(&westEdge));
    EXPECT_TRUE(fullShapes.at("B")->Contains(&eastEdge));
    EXPECT_FALSE(fullShapes.at("A")->Contains(&inU) || fullShapes.at("B")->Contains(&inU));
}

} // namespace
} // namespace xw::gis

namespace xw::gis {
namespace {

/// The reports of one run: (step, done, total) in order.
struct Reports {
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> seen;
    std::atomic<bool> cancel{false};
    /// Sets the cancel flag when `step` reports `done` (never when done < 0).
    std::string cancelStep;
    std::int64_t cancelAt = -1;

    core::Progress progress() {
        return core::Progress(
            [this](std::string_view step, std::int64_t done, std::int64_t total) {
                seen.emplace_back(std::string(step), done, total);
                if (step == cancelStep && done == cancelAt)
                    cancel = true;
            },
            &cancel);
    }
};

const fs::path kEmbedded = test::sourceRoot() / "data/yangjiang";

TEST(LoadDataset, ReportsEveryStepInOrderAndEndsAtItsTotal) {
    Reports r;
    const DatasetLoad d = loadDataset(kEmbedded, {}, r.progress());
    ASSERT_EQ(r.seen.size(), static_cast<std::size_t>(kLoadSteps) + 1);
    for (std::size_t k = 0; k < r.seen.size(); ++k)
        EXPECT_EQ(r.seen[k], std::make_tuple(std::string("load"), static_cast<std::int64_t>(k),
                                             static_cast<std::int64_t>(kLoadSteps)));
    EXPECT_FALSE(d.city.schools.empty());
}

TEST(LoadDataset, CancelledAfterTheSchoolsStopsBeforeTheNextStep) {
    // Step 3 is the schools layer (districts, towns, schools): cancelling when it is reported
    // stops loading there, with core::Cancelled and no later report.
    Reports r;
    r.cancelStep = "load";
    r.cancelAt = 3;
    EXPECT_THROW((void)loadDataset(kEmbedded, {}, r.progress()), core::Cancelled);
    ASSERT_FALSE(r.seen.empty());
    EXPECT_EQ(std::get<1>(r.seen.back()), 3);
}

TEST(LoadDataset, ACancelledRunReadsNoLayer) {
    Reports r;
    r.cancel = true;
    EXPECT_THROW((void)loadDataset(kEmbedded, {}, r.progress()), core::Cancelled);
    // Only the start is reported: no layer is opened.
    EXPECT_EQ(r.seen.size(), 1U);
}

TEST(DemandGrid, ReportsOneUnitPerTownAndOneForTheWeighting) {
    // Three towns of 1 km² at 500 m spacing: 4 cells each; units 3 towns + 1 weighting = 4.
    const DatasetLoad d = datasetOf({{"A", "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))"},
                                     {"B", "POLYGON((1000 0,2000 0,2000 1000,1000 1000,1000 0))"},
                                     {"C", "POLYGON((2000 0,3000 0,3000 1000,2000 1000,2000 0))"}});
    Reports r;
    const DemandGrid g = buildDemandGrid(d, {500.0}, r.progress());
    EXPECT_EQ(g.points.size(), 12U);
    ASSERT_EQ(r.seen.size(), 5U);
    for (std::size_t k = 0; k < r.seen.size(); ++k)
        EXPECT_EQ(r.seen[k], std::make_tuple(std::string("demand_grid"),
                                             static_cast<std::int64_t>(k), std::int64_t{4}));
}

TEST(DemandGrid, CancelledAfterTheSecondTownStopsThere) {
    const DatasetLoad d = datasetOf({{"A", "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))"},
                                     {"B", "POLYGON((1000 0,2000 0,2000 1000,1000 1000,1000 0))"},
                                     {"C", "POLYGON((2000 0,3000 0,3000 1000,2000 1000,2000 0))"}});
    Reports r;
    r.cancelStep = "demand_grid";
    r.cancelAt = 2;
    EXPECT_THROW((void)buildDemandGrid(d, {500.0}, r.progress()), core::Cancelled);
    EXPECT_EQ(r.seen.size(), 3U); // 0, 1, 2: the third town is never scanned
}

TEST(LoadDataset, ReadsOptionalZonesSchoolTownsAndLocatesThePopulationRaster) {
    // The mini dataset plus a zones layer (one polygon of S001 covering everything, one of an
    // unknown school S999 that must be reported and skipped), a school_towns table (one good row,
    // one with an unknown town) and a population raster that exists.
    ScratchDir dir;
    const fs::path root = test::copyMini(dir.path());
    test::writeFile(root / "zones.geojson",
                    R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"sid": "S001"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1000000, 0], [1000000, 4000000], [0, 4000000], [0, 0]]]}},
{"type": "Feature", "properties": {"sid": "S999"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
)");
    test::writeFile(root / "school_towns.csv", "sid,tid\nS001,441702001\nS001,999999999\n");
    test::writeFile(root / "pop.tif", "not read by the loader");
    test::replaceInFile(root / "dataset.yaml", "tables:\n",
                        "  zones:\n    source: zones.geojson\n    crs: EPSG:4546\n"
                        "    fields: {school: sid}\n"
                        "  population_raster: {source: pop.tif}\n"
                        "tables:\n"
                        "  school_towns: {source: school_towns.csv, fields: {school: sid, town: "
                        "tid}}\n");
    const DatasetLoad d = loadDataset(root);
    ASSERT_EQ(d.zones.size(), 1U);
    EXPECT_EQ(d.zones[0].schoolId, "S001");
    ASSERT_EQ(d.schoolTowns.size(), 1U);
    EXPECT_EQ(d.schoolTowns[0], (std::pair<std::string, std::string>{"S001", "441702001"}));
    ASSERT_TRUE(d.populationRaster.has_value());
    EXPECT_EQ(d.populationRaster->path.filename(), "pop.tif");
    int zoneErrors = 0;
    int tableErrors = 0;
    for (const auto& p : d.problems) {
        zoneErrors += p.layer == "zones" && p.field == "sid" ? 1 : 0;
        tableErrors += p.layer == "school_towns" && p.field == "tid" ? 1 : 0;
    }
    EXPECT_EQ(zoneErrors, 1);
    EXPECT_EQ(tableErrors, 1);
}

TEST(LoadDataset, MissingPopulationRasterIsAnErrorNamingIt) {
    ScratchDir dir;
    const fs::path root = test::copyMini(dir.path());
    test::replaceInFile(root / "dataset.yaml", "tables:\n",
                        "  population_raster: {source: missing.tif}\ntables:\n");
    try {
        (void)loadDataset(root);
        FAIL() << "no error";
    } catch (const GisError& e) {
        EXPECT_NE(std::string(e.what()).find("missing.tif"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace xw::gis
