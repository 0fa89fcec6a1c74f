// The model's maps on the embedded Yangjiang study: every feature carries the engine's figure for
// its area, stage and year, and is classed by it.
#include <xw/viewer/map/classify.hpp>
#include <xw/viewer/map/hit_test.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/map_builder.hpp>
#include <xw/viewer/model/year_view.hpp>

#include "viewer_study_fixture.hpp"

#include <QPainterPath>

#include <gtest/gtest.h>

#include <cmath>

namespace xw::viewer {
namespace {

using test::yangjiang;
using test::yangjiangGeometry;

const MapLayer& layer(const MapDescription& m, const std::string& id) {
    for (const auto& l : m.layers)
        if (l.id == id)
            return l;
    throw std::runtime_error("no layer " + id);
}

double number(const MapFeature& f, const std::string& key) {
    return std::get<double>(f.attributes.at(key));
}

const core::AreaStageBalance& townRow(const core::SeatBalance& b, const std::string& code,
                                      core::Stage s) {
    for (const auto& r : b.towns)
        if (r.code == code && r.stage == s)
            return r;
    throw std::runtime_error("no row " + code);
}

TEST(MapBuilder, EveryTownIsColouredByItsOwnBaseYearShortfall) {
    const study::StudyResults& r = yangjiang();
    MapRequest req;
    req.stage = core::Stage::Primary;
    const MapDescription map = buildMap(r, yangjiangGeometry(), req);
    const MapLayer& towns = layer(map, "towns");
    ASSERT_EQ(towns.features.size(), r.city->regions.towns.size());
    const Classification& c = *towns.style.classes;
    int townsShortOfSeats = 0;
    for (const auto& f : towns.features) {
        const auto& row = townRow(r.balance, f.id, core::Stage::Primary);
        const double v = number(f, "shortfall");
        EXPECT_EQ(v, std::round(row.shortfall));
        EXPECT_EQ(number(f, "seats"), static_cast<double>(row.seats));
        const auto k = classOf(c, &f.attributes.at("shortfall"));
        ASSERT_TRUE(k.has_value()) << f.id << " " << v;
        if (v >= 1) {
            ++townsShortOfSeats;
            EXPECT_GT(*k, 0u) << f.id; // never the "no shortfall" class
        } else {
            EXPECT_EQ(*k, 0u) << f.id;
        }
    }
    EXPECT_GT(townsShortOfSeats, 0); // the embedded data has towns short of primary seats
    EXPECT_NE(map.title.find("2020"), std::string::npos);
    EXPECT_NE(map.note.find("示意数据"), std::string::npos); // the illustrative-data note
}

TEST(MapBuilder, AProjectedYearShowsThatYearsBalanceNotTheBaseYears) {
    const study::StudyResults& r = yangjiang();
    MapRequest req;
    req.year = 2030;
    req.stage = core::Stage::Kindergarten;
    const MapDescription map = buildMap(r, yangjiangGeometry(), req);
    const study::YearResult* y = r.yearResult(2030);
    ASSERT_NE(y, nullptr);
    int differ = 0;
    for (const auto& f : layer(map, "towns").features) {
        const auto& row = townRow(y->balance, f.id, core::Stage::Kindergarten);
        EXPECT_EQ(number(f, "shortfall"), std::round(row.shortfall)) << f.id;
        EXPECT_DOUBLE_EQ(number(f, "demand"), row.demand) << f.id;
        differ += row.demand != townRow(r.balance, f.id, core::Stage::Kindergarten).demand;
    }
    EXPECT_GT(differ, 0); // births fall: 2030's kindergarten demand is not 2020's
    EXPECT_NE(map.title.find("2030"), std::string::npos);
    EXPECT_THROW((void)buildMap(r, yangjiangGeometry(),
                                [] {
                                    MapRequest q;
                                    q.year = 2031; // not projected
                                    return q;
                                }()),
                 std::invalid_argument);
}

TEST(MapBuilder, SchoolsAreTheStagesSchoolsAtTheirLocations) {
    const study::StudyResults& r = yangjiang();
    MapRequest req;
    req.stage = core::Stage::Junior;
    req.labelMostOvercrowded = 3;
    const MapDescription map = buildMap(r, yangjiangGeometry(), req);
    const MapLayer& schools = layer(map, "schools");
    std::size_t expected = 0;
    for (const auto& row : r.balance.schools)
        expected += row.stage == core::Stage::Junior ? 1 : 0;
    ASSERT_EQ(schools.features.size(), expected);
    int labelled = 0;
    for (const auto& f : schools.features) {
        const auto it = std::find_if(r.city->schools.begin(), r.city->schools.end(),
                                     [&](const core::School& s) { return s.id == f.id; });
        ASSERT_NE(it, r.city->schools.end());
        EXPECT_EQ(f.point.x, it->location.x);
        EXPECT_EQ(f.point.y, it->location.y);
        labelled += f.label.empty() ? 0 : 1;
    }
    EXPECT_EQ(labelled, 3);
}

TEST(MapBuilder, WarningMapsShowTheMonteCarlosLevelOfEachTown) {
    const study::StudyResults& r = yangjiang();
    ASSERT_TRUE(r.warnings.has_value());
    MapRequest req;
    req.theme = MapTheme::Warning;
    req.year = 2030;
    const MapDescription map = buildMap(r, yangjiangGeometry(), req);
    const MapLayer& towns = layer(map, "towns");
    for (const auto& f : towns.features) {
        const core::WarningCell* cell = warningCell(r, f.id, core::Stage::Primary, 2030);
        ASSERT_NE(cell, nullptr) << f.id;
        EXPECT_EQ(std::get<std::string>(f.attributes.at("warning")),
                  std::string(core::warningLevelCode(cell->level)))
            << f.id;
        const auto k = classOf(*towns.style.classes, &f.attributes.at("warning"));
        ASSERT_TRUE(k.has_value());
    }
    // Without a Monte Carlo the theme is refused with a reason.
    study::StudyResults none = r;
    none.warnings.reset();
    EXPECT_THROW((void)buildMap(none, yangjiangGeometry(), req), std::invalid_argument);
}

TEST(MapBuilder, StagesRecruitedPerDistrictAreColouredByDistrict) {
    const study::StudyResults& r = yangjiang();
    MapRequest req;
    req.stage = core::Stage::Senior;
    ASSERT_TRUE(districtStage(*r.city, core::Stage::Senior));
    const MapDescription map = buildMap(r, yangjiangGeometry(), req);
    EXPECT_FALSE(layer(map, "towns").style.classes.has_value());
    const MapLayer& districts = layer(map, "districts");
    ASSERT_TRUE(districts.style.classes.has_value());
    for (const auto& f : districts.features)
        for (const auto& row : r.balance.districts)
            if (row.code == f.id && row.stage == core::Stage::Senior) {
                EXPECT_EQ(number(f, "shortfall"), std::round(row.shortfall)) << f.id;
            }
}

TEST(MapBuilder, AccessibilityShowsTheAllocationsTownMeansAndItsGrid) {
    const study::StudyResults& r = yangjiang();
    MapRequest req;
    req.theme = MapTheme::Accessibility;
    req.grid = GridLayer::Accessibility;
    req.catchments = true;
    const MapDescription map = buildMap(r, yangjiangGeometry(), req);
    const study::StageAllocation* primary = nullptr;
    for (const auto& s : r.allocation->stages)
        if (s.problem.stage == core::Stage::Primary)
            primary = &s;
    ASSERT_NE(primary, nullptr);
    const MapLayer& grid = layer(map, "accessibility_grid");
    ASSERT_EQ(grid.grid.values.size(), primary->result.accessibility.size());
    // NaN (no school in reach) is "no data" on both sides.
    for (std::size_t i = 0; i < grid.grid.values.size(); i += 97) {
        const double want = primary->result.accessibility[i];
        if (std::isnan(want)) {
            EXPECT_TRUE(std::isnan(grid.grid.values[i])) << i;
        } else {
            EXPECT_EQ(grid.grid.values[i], want) << i;
        }
    }
    const MapLayer& catchments = layer(map, "catchments");
    std::size_t expected = 0;
    for (const auto& c : r.allocation->catchments)
        expected += c.stage == core::Stage::Primary ? 1 : 0;
    EXPECT_EQ(catchments.features.size(), expected);
    for (const auto& f : layer(map, "towns").features)
        for (const auto& t : primary->result.towns)
            if (t.code == f.id && t.demand > 0) {
                EXPECT_EQ(number(f, "accessibility"), t.meanAccessibility) << f.id;
            }
}

TEST(MapBuilder, AClickOnASchoolSymbolHitsThatSchoolAndBesideItTheTownUnderIt) {
    const study::StudyResults& r = yangjiang();
    MapRequest req;
    const MapDescription map = buildMap(r, yangjiangGeometry(), req);
    MapRenderResult render;
    (void)renderMapImage(map, &render);
    const MapLayer& schools = layer(map, "schools");
    // A school standing alone: no other symbol within 50 px.
    for (const auto& f : schools.features) {
        const QPointF at = render.worldToDevice.map(QPointF(f.point.x, f.point.y));
        bool alone = render.mapFrame.adjusted(60, 60, -60, -60).contains(at);
        for (const auto& g : schools.features)
            if (&g != &f) {
                const QPointF o = render.worldToDevice.map(QPointF(g.point.x, g.point.y));
                alone = alone && std::hypot(o.x() - at.x(), o.y() - at.y()) > 50;
            }
        if (!alone)
            continue;
        const auto hit = featureAt(map, render, at + QPointF(1, 1));
        ASSERT_TRUE(hit.has_value());
        EXPECT_EQ(hit->layerId, "schools");
        EXPECT_EQ(hit->featureId, f.id);
        const QPointF beside = at + QPointF(25, 0);
        const auto town = featureAt(map, render, beside, 2.0, {"towns", "schools"});
        ASSERT_TRUE(town.has_value());
        EXPECT_EQ(town->layerId, "towns");
        // Qt's own point-in-path test on the town's outline in device units agrees.
        QPainterPath path;
        path.setFillRule(Qt::OddEvenFill);
        for (const auto& part : map.layers[town->layer].features[town->feature].polygons)
            for (const auto& ring : part.rings) {
                QPolygonF poly;
                for (const auto& p : ring)
                    poly << render.worldToDevice.map(QPointF(p.x, p.y));
                path.addPolygon(poly);
            }
        EXPECT_TRUE(path.contains(beside));
        return;
    }
    FAIL() << "no school stands alone on the map";
}

TEST(MapBuilder, TheDifferenceOfTwoScenariosIsTheEnginesPerTownDifference) {
    // A second study of the same data with a new primary school in the town shortest of seats.
    const study::StudyResults& base = yangjiang();
    const core::AreaStageBalance* worst = nullptr;
    for (const auto& row : base.balance.towns)
        if (row.stage == core::Stage::Primary &&
            (worst == nullptr || row.shortfall > worst->shortfall))
            worst = &row;
    ASSERT_NE(worst, nullptr);
    ASSERT_GT(worst->shortfall, 100.0);
    std::size_t t = 0;
    while (base.townShapes[t].code != worst->code)
        ++t;
    study::Study other =
        study::Study::open(std::filesystem::path(XW_SOURCE_ROOT) / "data/yangjiang");
    core::Plan plan;
    core::NewSchool n;
    n.year = base.baseYear;
    n.school.id = "TEST-NEW-1";
    n.school.name = "测试新建小学";
    n.school.location = yangjiangGeometry().towns[t].inside;
    core::StageProvision p;
    p.stage = core::Stage::Primary;
    for (int g = 1; g <= 6; ++g)
        p.grades.push_back({g, 2, 0, 0, std::nullopt, std::nullopt}); // 12 classes × 45 = 540
    n.school.stages = {p};
    plan.newSchools = {n};
    other.setPlan(plan);
    const study::StudyResults second = other.run(test::fixtureConfig());
    MapRequest req;
    const MapDescription map =
        buildDifferenceMap(base, second, yangjiangGeometry(), req, "基准 baseline", "新校 new");
    const MapLayer& towns = layer(map, "towns");
    int changed = 0;
    for (const auto& f : towns.features) {
        const auto& a = townRow(base.balance, f.id, core::Stage::Primary);
        const auto& b = townRow(second.balance, f.id, core::Stage::Primary);
        EXPECT_EQ(number(f, "difference"), std::round(b.shortfall - a.shortfall)) << f.id;
        if (f.id == worst->code) {
            // By hand: 540 more seats in a town short of more than 540 seats… or fewer.
            const double expected =
                std::max(0.0, a.demand - (static_cast<double>(a.seats) + 540.0)) - a.shortfall;
            EXPECT_EQ(number(f, "difference"), std::round(expected));
            const auto k = classOf(*towns.style.classes, &f.attributes.at("difference"));
            ASSERT_TRUE(k.has_value());
            EXPECT_NE(towns.style.classes->classes[*k].label.find("少缺"), std::string::npos);
        }
        changed += number(f, "difference") != 0.0;
    }
    EXPECT_EQ(changed, 1); // the new school is in one town
}

} // namespace
} // namespace xw::viewer
