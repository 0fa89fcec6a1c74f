// The optional `sites` layer (教育用地 parcels, detail/load_sites.cpp). Fixture:
// tests/data/gis/sites (README.md there) added to a copy of tests/data/gis/mini, whose towns are
// 10 km squares in EPSG:4546: 441702001 [595000, 605000] × [2415000, 2425000], 441702002 east of
// it, 441704100 east again. Figures are worked by hand from the WKT.
#include "test_support.hpp"

#include <xw/gis/dataset.hpp>

#include <algorithm>

namespace xw::gis {
namespace {

using core::Severity;
using core::Stage;
using test::ScratchDir;
namespace fs = std::filesystem;

fs::path sitesDataset(const fs::path& dir) {
    test::copyMini(dir);
    for (const auto& e : fs::directory_iterator(test::fixture("sites")))
        fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
    test::replaceInFile(dir / "dataset.yaml", "tables:\n",
                        test::readFile(dir / "manifest_sites.yaml") + "tables:\n");
    return dir;
}

const core::SiteParcel* parcel(const DatasetLoad& d, const std::string& id) {
    for (const auto& p : d.sites)
        if (p.id == id)
            return &p;
    return nullptr;
}

/// The one problem of the layer about a feature with this severity, or nullptr.
const Diagnostic* problem(const DatasetLoad& d, const std::string& feature, Severity s) {
    const auto it = std::find_if(d.problems.begin(), d.problems.end(), [&](const Diagnostic& p) {
        return p.layer == "sites" && p.featureId == feature && p.severity == s;
    });
    return it == d.problems.end() ? nullptr : &*it;
}

TEST(SitesLayer, PolygonParcelsStandAtTheirCentroidWithThePolygonsArea) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(sitesDataset(dir.path()));
    const core::SiteParcel* d1 = parcel(d, "D1");
    ASSERT_NE(d1, nullptr);
    EXPECT_EQ(d1->name, "城南教育用地");
    EXPECT_EQ(d1->townCode, "441702001");
    // 200 m × 150 m: 30,000 m², centred at (600100, 2418075).
    EXPECT_NEAR(d1->areaM2, 30000.0, 1e-6);
    EXPECT_NEAR(d1->location.x, 600100.0, 1e-6);
    EXPECT_NEAR(d1->location.y, 2418075.0, 1e-6);
    EXPECT_EQ(d1->maxClasses, 24);
    EXPECT_EQ(d1->costYuan, 80000000.0);
    EXPECT_EQ(d1->stages, (std::vector<Stage>{Stage::Primary, Stage::Junior}));
    EXPECT_TRUE(d1->allows(Stage::Junior));
    EXPECT_FALSE(d1->allows(Stage::Senior));
}

TEST(SitesLayer, AParcelWhoseCentroidFallsOutsideStandsInsideItAndKeepsTheGivenArea) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(sitesDataset(dir.path()));
    const core::SiteParcel* d2 = parcel(d, "D2");
    ASSERT_NE(d2, nullptr);
    // The U's centroid (601150, 2419135.7) lies in its notch [601100, 601200] × [2419100,
    // 2419300]; the point used is inside the U itself.
    const core::PointM p = d2->location;
    EXPECT_GE(p.x, 601000.0);
    EXPECT_LE(p.x, 601300.0);
    EXPECT_GE(p.y, 2419000.0);
    EXPECT_LE(p.y, 2419300.0);
    EXPECT_FALSE(p.x > 601100.0 && p.x < 601200.0 && p.y > 2419100.0) << p.x << " " << p.y;
    EXPECT_NEAR(d2->areaM2, 50000.0, 1e-9); // area_m2 as given, below the polygon's 70,000
    EXPECT_FALSE(d2->maxClasses.has_value());
    EXPECT_FALSE(d2->costYuan.has_value());
    EXPECT_EQ(d2->stages, std::vector<Stage>{Stage::Primary});
}

TEST(SitesLayer, PointParcelsTakeTheirAreaFromTheDataOrHaveNone) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(sitesDataset(dir.path()));
    const core::SiteParcel* d3 = parcel(d, "D3");
    ASSERT_NE(d3, nullptr);
    EXPECT_EQ(d3->location.x, 598000.0);
    EXPECT_EQ(d3->location.y, 2422000.0);
    EXPECT_EQ(d3->areaM2, 12000.0);
    EXPECT_EQ(d3->maxClasses, 18);
    const core::SiteParcel* d4 = parcel(d, "D4");
    ASSERT_NE(d4, nullptr);
    EXPECT_EQ(d4->townCode, "441702002");
    EXPECT_EQ(d4->areaM2, 0.0);
    EXPECT_TRUE(d4->stages.empty());
    EXPECT_TRUE(d4->allows(Stage::Senior));
}

TEST(SitesLayer, BadRecordsAreSkippedWithFileFeatureFieldAndReason) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(sitesDataset(dir.path()));
    std::vector<std::string> kept;
    for (const auto& p : d.sites)
        kept.push_back(p.id);
    EXPECT_EQ(kept, (std::vector<std::string>{"D1", "D2", "D3", "D4", "D10", "D12"}));

    const Diagnostic* duplicate = problem(d, "D1", Severity::Error);
    ASSERT_NE(duplicate, nullptr);
    EXPECT_EQ(duplicate->file, "sites.csv");
    EXPECT_EQ(duplicate->field, "地块编号");
    EXPECT_NE(duplicate->message.find("duplicate id"), std::string::npos);
    const Diagnostic* stage = problem(d, "D6", Severity::Error);
    ASSERT_NE(stage, nullptr);
    EXPECT_EQ(stage->field, "学段");
    EXPECT_NE(stage->message.find("\"大学\""), std::string::npos) << stage->message;
    const Diagnostic* outside = problem(d, "D7", Severity::Error);
    ASSERT_NE(outside, nullptr);
    EXPECT_EQ(outside->field, "WKT");
    EXPECT_NE(outside->message.find("outside every town"), std::string::npos);
    const Diagnostic* negative = problem(d, "D8", Severity::Error);
    ASSERT_NE(negative, nullptr);
    EXPECT_EQ(negative->field, "用地面积");
    const Diagnostic* noClass = problem(d, "D9", Severity::Error);
    ASSERT_NE(noClass, nullptr);
    EXPECT_EQ(noClass->field, "最多班数");
    const Diagnostic* line = problem(d, "D11", Severity::Error);
    ASSERT_NE(line, nullptr);
    EXPECT_NE(line->message.find("not a point or polygon: LINESTRING"), std::string::npos)
        << line->message;
}

TEST(SitesLayer, AnAreaAboveThePolygonsAndARepairedPolygonAreWarningsAndKept) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(sitesDataset(dir.path()));
    const Diagnostic* big = problem(d, "D10", Severity::Warning);
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(big->field, "用地面积");
    EXPECT_NE(big->message.find("90000 m² exceeds the polygon's 10000 m²"), std::string::npos)
        << big->message;
    ASSERT_NE(parcel(d, "D10"), nullptr);
    EXPECT_EQ(parcel(d, "D10")->areaM2, 90000.0);
    EXPECT_EQ(parcel(d, "D10")->stages, (std::vector<Stage>{Stage::Junior, Stage::Senior}));
    const Diagnostic* repaired = problem(d, "D12", Severity::Warning);
    ASSERT_NE(repaired, nullptr);
    EXPECT_NE(repaired->message.find("repaired"), std::string::npos);
    // The bow tie [605000, 605200] × [2417000, 2417200] becomes two triangles of 10,000 m² each.
    ASSERT_NE(parcel(d, "D12"), nullptr);
    EXPECT_NEAR(parcel(d, "D12")->areaM2, 20000.0, 1e-6);
}

TEST(SitesLayer, ALayerWithoutAUsableParcelSaysTheOptimiserFallsBack) {
    const ScratchDir dir;
    sitesDataset(dir.path());
    test::writeFile(dir.path() / "sites.csv", "地块编号,地块名称,用地面积,最多班数,投资,学段,WKT\n"
                                              "X1,域外,,,,,POINT (700000 2420000)\n");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_TRUE(d.sites.empty());
    const auto it = std::find_if(d.problems.begin(), d.problems.end(), [](const Diagnostic& p) {
        return p.layer == "sites" && p.severity == Severity::Warning &&
               p.message.find("falls back") != std::string::npos;
    });
    EXPECT_NE(it, d.problems.end());
}

TEST(SitesLayer, ADatasetWithoutTheLayerHasNoParcels) {
    const ScratchDir dir;
    const DatasetLoad d = loadDataset(test::copyMini(dir.path()));
    EXPECT_TRUE(d.sites.empty());
    for (const auto& p : d.problems)
        EXPECT_NE(p.layer, "sites");
}

} // namespace
} // namespace xw::gis
