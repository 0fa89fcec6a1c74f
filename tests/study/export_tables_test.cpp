// The export content of a study (study/export_tables.hpp) on the embedded dataset with a small
// test plan (tests/data/study/export_scenario.yaml): every table of the exports, figures checked
// against the results they come from and against independent computations (study::planCost, the
// seat balance, the allocation's area totals, town areas), coded values in Chinese, and
// docs/exports.md's key table equal to the code's.
#include <xw/core/balance/seats.hpp>
#include <xw/study/compare.hpp>
#include <xw/study/export_tables.hpp>
#include <xw/study/study.hpp>
#include <xw/study/tables.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace {

using namespace xw;
namespace fs = std::filesystem;

const fs::path kScenario = fs::path(XW_SOURCE_ROOT) / "tests/data/study/export_scenario.yaml";

/// One study run shared by the tests: the test plan, 2020–2022, a 2 km grid (fast).
class ExportContentTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        sharedStudy = new study::Study(study::Study::open(kScenario));
        study::StudyConfig config;
        config.years = std::make_pair(2020, 2022);
        config.gridMeters = 2000.0;
        sharedResults = new study::StudyResults(sharedStudy->run(config));
        sharedContent =
            new study::ExportContent(study::exportContent(*sharedStudy, *sharedResults));
    }
    static void TearDownTestSuite() {
        delete sharedContent;
        delete sharedResults;
        delete sharedStudy;
    }

    static const core::Table& table(const std::string& name) {
        for (const core::Table& t : sharedContent->tables)
            if (t.name == name)
                return t;
        throw std::runtime_error("no table " + name);
    }
    /// The cell of `row` in column `key`.
    static const core::Cell& at(const core::Table& t, const std::vector<core::Cell>& row,
                                const std::string& key) {
        const std::size_t c = t.columnIndex(key);
        if (c == t.columns.size())
            throw std::runtime_error(t.name + " has no column " + key);
        return row[c];
    }
    static std::string text(const core::Table& t, const std::vector<core::Cell>& row,
                            const std::string& key) {
        const auto* s = std::get_if<std::string>(&at(t, row, key));
        return s ? *s : std::string();
    }
    static double number(const core::Table& t, const std::vector<core::Cell>& row,
                         const std::string& key) {
        const core::Cell& c = at(t, row, key);
        if (const auto* d = std::get_if<double>(&c))
            return *d;
        if (const auto* i = std::get_if<std::int64_t>(&c))
            return static_cast<double>(*i);
        return std::nan("");
    }
    static const std::vector<core::Cell>& rowOf(const core::Table& t, const std::string& key,
                                                const std::string& value) {
        for (const auto& row : t.rows)
            if (text(t, row, key) == value)
                return row;
        throw std::runtime_error(t.name + ": no row with " + key + " = " + value);
    }

    static study::Study* sharedStudy;
    static study::StudyResults* sharedResults;
    static study::ExportContent* sharedContent;
};
study::Study* ExportContentTest::sharedStudy = nullptr;
study::StudyResults* ExportContentTest::sharedResults = nullptr;
study::ExportContent* ExportContentTest::sharedContent = nullptr;

TEST_F(ExportContentTest, HoldsEveryTableOfTheExportInOrder) {
    std::vector<std::string> names;
    for (const core::Table& t : sharedContent->tables)
        names.push_back(t.name);
    EXPECT_EQ(names, (std::vector<std::string>{"districts", "towns", "zones", "catchments",
                                               "land_reservations", "schools", "school_shortfall",
                                               "plan_schools", "housing", "indicators",
                                               "balance_by_year"}));
    EXPECT_TRUE(sharedContent->notes.empty());
    for (const core::Table& t : sharedContent->tables) {
        EXPECT_FALSE(t.rows.empty()) << t.name;
        if (t.spatial()) {
            EXPECT_EQ(t.geometries.size(), t.rows.size()) << t.name;
            EXPECT_EQ(t.crs, "EPSG:4546") << t.name;
        }
        // Every style refers to columns of its table.
        if (const auto it = sharedContent->styles.find(t.name); it != sharedContent->styles.end()) {
            for (const std::string& key : {it->second.labelKey, it->second.classifyKey}) {
                if (!key.empty()) {
                    EXPECT_LT(t.columnIndex(key), t.columns.size()) << t.name << " " << key;
                }
            }
        }
    }
}

TEST_F(ExportContentTest, RowCountsEqualTheResultTablesTheyComeFrom) {
    const core::CityData& city = *sharedResults->city;
    EXPECT_EQ(table("schools").rows.size(), city.schools.size());
    EXPECT_EQ(table("towns").rows.size(), city.regions.towns.size());
    EXPECT_EQ(table("districts").rows.size(), city.regions.districts.size());
    EXPECT_EQ(table("school_shortfall").rows.size(), sharedResults->balance.schools.size());
    EXPECT_EQ(table("housing").rows.size(), city.housing.size());
    EXPECT_EQ(table("indicators").rows.size(),
              study::indicatorTable(sharedResults->indicators).rows.size());
    EXPECT_EQ(table("catchments").rows.size(), sharedResults->allocation->catchments.size());
    std::size_t byYear = 0;
    for (const core::Table& t : study::yearTables(*sharedResults))
        if (t.name == "balance_by_year")
            byYear = t.rows.size();
    EXPECT_EQ(table("balance_by_year").rows.size(), byYear);
    EXPECT_GT(byYear, 0U);
}

TEST_F(ExportContentTest, PlanSchoolsListTheNewExpandedAndClosedSchoolsInDateOrder) {
    const core::Table& t = table("plan_schools");
    ASSERT_EQ(t.rows.size(), 4U);
    std::vector<std::string> got;
    for (const auto& row : t.rows)
        got.push_back(text(t, row, "school_id") + " " + text(t, row, "status") + " " +
                      std::to_string(static_cast<int>(number(t, row, "year"))));
    EXPECT_EQ(got, (std::vector<std::string>{"XX0001 新建 2021", "2117020148 扩建 2021",
                                             "XX0002 新建 2022", "2117020149 撤并 2022"}));
    const auto& nine = rowOf(t, "school_id", "XX0001");
    EXPECT_EQ(text(t, nine, "stages"), "小学、初中");
    EXPECT_EQ(text(t, nine, "ownership"), "公办");
    EXPECT_EQ(text(t, nine, "town_code"), "441702001");
    EXPECT_EQ(text(t, nine, "district_code"), "441702");
    // 24 primary + 12 junior classes at the standard class sizes; the central-city land norm
    // (南恩街道 is urban).
    const core::Norms& n = sharedStudy->city().norms;
    const double primarySeats = 24.0 * n[core::Stage::Primary].classSize(1);
    const double juniorSeats = 12.0 * n[core::Stage::Junior].classSize(1);
    EXPECT_EQ(number(t, nine, "classes"), 36.0);
    EXPECT_EQ(number(t, nine, "seats"), primarySeats + juniorSeats);
    EXPECT_EQ(text(t, nine, "land_norm"), "中心城区指标");
    EXPECT_NEAR(number(t, nine, "land_required_m2"),
                primarySeats * n[core::Stage::Primary].landPerStudentCentralM2 +
                    juniorSeats * n[core::Stage::Junior].landPerStudentCentralM2,
                1e-6);
    EXPECT_TRUE(std::isnan(number(t, nine, "land_planned_m2"))); // not given: null
    // The rural school: ordinary norm, its own site area kept beside the norm's.
    const auto& rural = rowOf(t, "school_id", "XX0002");
    EXPECT_EQ(text(t, rural, "land_norm"), "一般指标");
    EXPECT_NEAR(number(t, rural, "land_required_m2"),
                12.0 * n[core::Stage::Primary].classSize(1) *
                    n[core::Stage::Primary].landPerStudentM2,
                1e-6);
    EXPECT_EQ(number(t, rural, "land_planned_m2"), 20000.0);
    // The closure: minus the classes of the school the year before, pupils to the named school.
    const auto& closed = rowOf(t, "school_id", "2117020149");
    const core::School* before = nullptr;
    for (const core::School& s : sharedStudy->city().schools)
        if (s.id == "2117020149")
            before = &s;
    ASSERT_NE(before, nullptr);
    std::int64_t classes = 0;
    for (const auto& p : before->stages)
        classes += p.classes();
    EXPECT_EQ(number(t, closed, "classes"), -static_cast<double>(classes));
    EXPECT_EQ(text(t, closed, "pupils_to"), "2117020147");
    const auto& expanded = rowOf(t, "school_id", "2117020148");
    EXPECT_EQ(number(t, expanded, "classes"), 6.0);
    EXPECT_EQ(text(t, expanded, "stages"), "小学");
    EXPECT_TRUE(std::isnan(number(t, expanded, "land_required_m2"))); // on the existing site
}

TEST_F(ExportContentTest, PlanSchoolsLandAndFloorAddUpToThePlanCostOfTheComparison) {
    // study::planCost is the comparison's independent sum; without the scenario's own site area
    // it uses the norms for every new school.
    core::Plan plan = sharedStudy->scenario().plan;
    for (core::NewSchool& s : plan.newSchools) {
        s.school.landM2 = 0.0;
        s.school.floorM2 = 0.0;
    }
    const study::PlanCost cost = study::planCost(sharedStudy->city(), plan, 2022);
    const core::Table& t = table("plan_schools");
    double land = 0.0, floor = 0.0;
    std::int64_t added = 0;
    for (const auto& row : t.rows) {
        if (!std::isnan(number(t, row, "land_required_m2")))
            land += number(t, row, "land_required_m2");
        if (!std::isnan(number(t, row, "floor_required_m2")))
            floor += number(t, row, "floor_required_m2");
        if (number(t, row, "classes") > 0)
            added += static_cast<std::int64_t>(number(t, row, "classes"));
    }
    EXPECT_NEAR(land, cost.landM2, 1e-6);
    EXPECT_NEAR(floor, cost.floorM2, 1e-6);
    EXPECT_EQ(added, cost.classesAdded);
    EXPECT_EQ(cost.newSchools, 2);
}

TEST_F(ExportContentTest, LandReservationsAreForTheSeatsThePlanLeavesMissing) {
    const core::Table& t = table("land_reservations");
    const core::CityData& city = *sharedResults->city;
    ASSERT_FALSE(t.rows.empty());
    // The test plan's last interventions (a new school, a closure) take effect in 2022, the
    // last year: the peak is the 2022 shortfall.
    EXPECT_EQ(study::planCompleteYear(sharedStudy->scenario().plan, 2020), 2022);
    const study::YearResult* last = sharedResults->yearResult(2022);
    ASSERT_NE(last, nullptr);
    // Each town's shortfall (town-catchment stages) in the base and the last year.
    std::map<std::pair<std::string, std::string>, double> baseShortfall, lastShortfall;
    for (const auto& a : sharedResults->balance.towns)
        baseShortfall[{a.code, std::string(core::stageNameZh(a.stage))}] = a.shortfall;
    std::size_t shortTowns = 0;
    for (const auto& a : last->balance.towns) {
        lastShortfall[{a.code, std::string(core::stageNameZh(a.stage))}] = a.shortfall;
        if (a.shortfall > 0 && city.norms[a.stage].catchment == core::CatchmentLevel::Town)
            ++shortTowns;
    }
    std::size_t listedTowns = 0;
    for (const auto& row : t.rows) {
        const std::string stageZh = text(t, row, "stage");
        const auto stage = core::parseStage(stageZh);
        ASSERT_TRUE(stage) << stageZh;
        const bool byTown = city.norms[*stage].catchment == core::CatchmentLevel::Town;
        EXPECT_EQ(text(t, row, "level"), byTown ? "乡镇" : "区县");
        EXPECT_EQ(number(t, row, "plan_year"), 2022.0);
        EXPECT_EQ(number(t, row, "peak_year"), 2022.0);
        const double peak = number(t, row, "missing_seats_peak");
        EXPECT_GT(peak, 0.0);
        EXPECT_EQ(peak, number(t, row, "missing_seats_last"));
        EXPECT_NEAR(number(t, row, "land_m2"), peak * number(t, row, "land_per_student_m2"),
                    1e-6 * peak);
        EXPECT_NEAR(number(t, row, "floor_m2"), peak * city.norms[*stage].floorPerStudentM2,
                    1e-6 * peak);
        if (!byTown)
            continue;
        ++listedTowns;
        const std::string code = text(t, row, "code");
        EXPECT_DOUBLE_EQ(number(t, row, "missing_seats_base"), baseShortfall.at({code, stageZh}));
        EXPECT_DOUBLE_EQ(peak, lastShortfall.at({code, stageZh}));
        const auto town = city.regions.townIndex(code);
        ASSERT_TRUE(town);
        const bool urban = city.regions.towns[*town].urban;
        EXPECT_EQ(text(t, row, "land_norm"), urban ? "中心城区指标" : "一般指标");
        EXPECT_EQ(number(t, row, "land_per_student_m2"),
                  urban ? city.norms[*stage].landPerStudentCentralM2
                        : city.norms[*stage].landPerStudentM2);
    }
    // Every town still short of seats in 2022 is listed, and no other.
    EXPECT_EQ(listedTowns, shortTowns);
    // 南恩街道's primary shortfall before the plan is met by the new school: far fewer seats
    // are left to reserve land for.
    const auto& nanen = rowOf(t, "code", "441702001");
    EXPECT_GT(number(t, nanen, "missing_seats_base"), 2.0 * number(t, nanen, "missing_seats_peak"));
}

TEST_F(ExportContentTest, ZonesAreThePlansRedrawAsTheUnionOfTheirTowns) {
    const core::Table& t = table("zones");
    ASSERT_EQ(t.rows.size(), 2U);
    const core::CityData& city = *sharedResults->city;
    const auto areaOf = [&](const std::string& code) {
        return city.regions.towns[*city.regions.townIndex(code)].areaKm2;
    };
    const auto& first = rowOf(t, "school_id", "2117020147");
    EXPECT_EQ(text(t, first, "source"), "方案");
    EXPECT_EQ(number(t, first, "year"), 2021.0);
    EXPECT_EQ(text(t, first, "towns"), "441702001,441702002");
    EXPECT_EQ(text(t, first, "school_name"), "江城区第一小学");
    // Adjacent towns united: the area of the union is the sum of the towns' areas.
    EXPECT_NEAR(number(t, first, "area_km2"), areaOf("441702001") + areaOf("441702002"),
                1e-6 * areaOf("441702002"));
    // One polygon where the towns touch along an edge (WKB type 3), not two parts.
    const core::Wkb& wkb = t.geometries[static_cast<std::size_t>(&first - &t.rows[0])];
    ASSERT_GE(wkb.size(), 5U);
    EXPECT_EQ(wkb[1], 3) << "expected a single polygon";
}

TEST_F(ExportContentTest, SchoolShortfallIsEnrolmentAndAssignmentAboveTheSeats) {
    const core::Table& t = table("school_shortfall");
    double overCapacity = 0.0;
    for (const auto& row : t.rows) {
        const double seats = number(t, row, "seats");
        EXPECT_EQ(number(t, row, "over_enrolment"),
                  std::max(0.0, number(t, row, "enrolment") - seats));
        const double assigned = number(t, row, "assigned");
        if (!std::isnan(assigned)) {
            EXPECT_GE(number(t, row, "over_capacity"), 0.0);
            if (text(t, row, "stage") == "小学")
                overCapacity += number(t, row, "over_capacity");
        }
    }
    // The schools' over capacity adds up to the allocation's city figure.
    for (const auto& s : sharedResults->allocation->stages) {
        if (s.problem.stage == core::Stage::Primary) {
            EXPECT_EQ(overCapacity, static_cast<double>(s.result.city.overCapacity));
        }
    }
    // A school's seats equal its seat balance (the balance_schools.csv of xuewei run).
    const auto& first = sharedResults->balance.schools.front();
    EXPECT_EQ(number(t, t.rows.front(), "seats"), static_cast<double>(first.seats));
    EXPECT_EQ(text(t, t.rows.front(), "school_id"),
              sharedResults->city->schools[first.schoolIndex].id);
}

TEST_F(ExportContentTest, HousingStatusFollowsTheKindergartenCheck) {
    const core::Table& t = table("housing");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& c = sharedResults->kindergartens[i];
        const std::string status = text(t, t.rows[i], "kindergarten_status");
        seen.insert(status);
        EXPECT_EQ(status, !c.problems.empty() ? "未达标" : c.required ? "达标" : "无需配建");
        EXPECT_EQ(text(t, t.rows[i], "required"), c.required ? "是" : "否");
    }
    EXPECT_GE(seen.size(), 2U);
}

TEST_F(ExportContentTest, CodedValuesAreChineseInEveryTable) {
    std::set<std::string> coded;
    for (const auto& v : study::exportCodedValues())
        coded.insert(v.column);
    std::size_t checked = 0;
    for (const core::Table& t : sharedContent->tables)
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (coded.count(t.columns[c].key) == 0)
                continue;
            EXPECT_EQ(t.columns[c].type, core::ColumnType::Text) << t.name;
            for (const auto& row : t.rows) {
                const auto* s = std::get_if<std::string>(&row[c]);
                if (s == nullptr)
                    continue;
                ++checked;
                for (char ch : *s)
                    ASSERT_FALSE(std::isalpha(static_cast<unsigned char>(ch)))
                        << t.name << "." << t.columns[c].key << " = " << *s;
            }
        }
    EXPECT_GT(checked, 1000U);
    const core::Table& schools = table("schools");
    std::set<std::string> ownership;
    for (const auto& row : schools.rows)
        ownership.insert(text(schools, row, "ownership"));
    EXPECT_EQ(ownership, (std::set<std::string>{"公办", "民办"}));
    const core::Table& towns = table("towns");
    EXPECT_EQ(text(towns, rowOf(towns, "code", "441702001"), "urban"), "城镇");
    EXPECT_EQ(text(towns, rowOf(towns, "code", "441702102"), "urban"), "乡村");
}

TEST(ExportContent, BaselineWithoutYearsOrAllocationLeavesTablesOutWithNotes) {
    // The embedded dataset's baseline: no plan, no zones; base year only, no allocation.
    study::Study study = study::Study::open(fs::path(XW_SOURCE_ROOT) / "data/yangjiang");
    study::StudyConfig config;
    config.allocation.reset();
    const study::StudyResults r = study.run(config);
    const study::ExportContent c = study::exportContent(study, r);
    std::vector<std::string> names;
    for (const core::Table& t : c.tables)
        names.push_back(t.name);
    EXPECT_EQ(names, (std::vector<std::string>{"districts", "towns", "land_reservations", "schools",
                                               "school_shortfall", "housing", "indicators"}));
    std::string notes;
    for (const std::string& n : c.notes)
        notes += n + "\n";
    for (const char* left : {"zones", "catchments", "plan_schools", "balance_by_year"})
        EXPECT_NE(notes.find(left), std::string::npos) << left << " not named in\n" << notes;
    // Styles only for tables that are exported (gis::exportTables refuses others).
    for (const auto& [name, style] : c.styles)
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    // Base year only: the land reservations are the base-year shortfall.
    const core::Table& land = c.tables[2];
    const std::size_t base = land.columnIndex("missing_seats_base");
    const std::size_t peak = land.columnIndex("missing_seats_peak");
    for (const auto& row : land.rows)
        EXPECT_EQ(std::get<double>(row[base]), std::get<double>(row[peak]));
}

TEST(ExportValues, ResultTablesKeepTheirEnglishCodes) {
    // translateCodedValues works on a copy: the tables of xuewei run keep their codes.
    core::Table t;
    t.name = "t";
    t.columns = {{"stage", "学段", "Stage", core::ColumnType::Text, "", -1},
                 {"stages", "学段", "Stages", core::ColumnType::Text, "", -1},
                 {"urban", "城镇", "Urban", core::ColumnType::Integer, "", 0},
                 {"other", "其他", "Other", core::ColumnType::Text, "", -1}};
    t.rows = {
        {std::string("senior"), std::string("primary,junior"), std::int64_t{1}, std::string("yes")},
        {core::Cell(), std::string("special"), std::int64_t{0}, std::string("no")}};
    core::Table copy = t;
    study::translateCodedValues(copy);
    EXPECT_EQ(std::get<std::string>(copy.rows[0][0]), "普通高中");
    EXPECT_EQ(std::get<std::string>(copy.rows[0][1]), "小学、初中");
    EXPECT_EQ(std::get<std::string>(copy.rows[0][2]), "城镇");
    EXPECT_EQ(std::get<std::string>(copy.rows[1][2]), "乡村");
    EXPECT_EQ(std::get<std::string>(copy.rows[1][1]), "特殊教育");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(copy.rows[1][0])); // null stays null
    EXPECT_EQ(std::get<std::string>(copy.rows[0][3]), "yes");             // not a coded column
    EXPECT_EQ(copy.columns[2].type, core::ColumnType::Text);
    EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "senior");
}

/// docs/exports.md lists every export column: the block between the markers is the code's
/// exportColumnsMarkdown. XW_UPDATE_DOCS=1 rewrites it.
TEST_F(ExportContentTest, DocsListEveryExportColumn) {
    const fs::path doc = fs::path(XW_SOURCE_ROOT) / "docs/exports.md";
    std::ifstream in(doc);
    ASSERT_TRUE(in) << doc;
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const std::string begin = "<!-- export-columns:begin -->\n";
    const std::string end = "<!-- export-columns:end -->";
    const std::size_t a = text.find(begin);
    const std::size_t b = text.find(end);
    ASSERT_NE(a, std::string::npos) << "marker missing in " << doc;
    ASSERT_NE(b, std::string::npos) << "marker missing in " << doc;
    const std::string expected = study::exportColumnsMarkdown(sharedContent->tables);
    const std::string actual = text.substr(a + begin.size(), b - a - begin.size());
    if (actual != expected && std::getenv("XW_UPDATE_DOCS") != nullptr) {
        std::ofstream out(doc, std::ios::binary);
        out << text.substr(0, a + begin.size()) << expected << text.substr(b);
        GTEST_SKIP() << "rewrote the column table of " << doc;
    }
    EXPECT_EQ(actual, expected) << "docs/exports.md is out of date: run XW_UPDATE_DOCS=1 "
                                   "build/release/tests/xw_study_tests "
                                   "--gtest_filter='*DocsListEveryExportColumn'";
}

} // namespace
