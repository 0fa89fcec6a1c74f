// `xuewei run --years`: every result per projected year (allocation, indicators, balance
// coefficients, teachers and land) on the embedded dataset. The figures are checked against each
// other and against the base-year files: each year's allocation places exactly that year's
// projected demand (balance_by_year.csv), and the base year's rows equal the base-year files.
#include "cli/csv_reader.hpp"
#include "cli/run_support.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace {

namespace fs = std::filesystem;
using xw::testing::readCsv;
using xw::testing::runXuewei;
using xw::testing::Scratch;

std::string key(const std::map<std::string, std::string>& row,
                std::initializer_list<const char*> columns) {
    std::string k;
    for (const char* c : columns)
        k += row.at(c) + "|";
    return k;
}

class RunYears : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        outDir = new Scratch("xw_run_years_all");
        // A coarse grid keeps the three optimal allocations per stage short in Debug builds.
        runResult = new xw::testing::RunResult(runXuewei(
            "run -q --no-report --years 2020-2022 --grid-m 2000 --out " + outDir->path.string()));
    }
    static void TearDownTestSuite() {
        delete runResult;
        delete outDir;
    }
    static Scratch* outDir;
    static xw::testing::RunResult* runResult;
};
Scratch* RunYears::outDir = nullptr;
xw::testing::RunResult* RunYears::runResult = nullptr;

TEST_F(RunYears, EveryYearsAllocationPlacesThatYearsProjectedDemand) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    // A timed progress line for the allocation of every stage and year.
    EXPECT_NE(runResult->out.find("学位分配 Allocation"), std::string::npos) << runResult->out;
    EXPECT_NE(runResult->out.find("逐年规划指标与资源"), std::string::npos);

    // Projected demand per year, town and stage: whole children, the same figure in the balance
    // and in the allocation (docs/allocation.md, "Split").
    std::map<std::string, double> demand;
    for (const auto& row : readCsv((outDir->path / "balance_by_year.csv").string()).rows)
        if (row.at("level") == "town")
            demand[key(row, {"year", "code", "stage"})] = std::stod(row.at("demand"));
    const auto areas = readCsv((outDir->path / "allocation_areas_by_year.csv").string());
    ASSERT_EQ(areas.header.front(), "year");
    std::set<std::string> years;
    std::map<std::string, long long> cityAssigned; // year|stage → Σ town assigned
    int towns = 0;
    for (const auto& row : areas.rows) {
        years.insert(row.at("year"));
        const long long d = std::stoll(row.at("demand"));
        const long long assigned = std::stoll(row.at("assigned"));
        const long long unplaced = std::stoll(row.at("unplaced"));
        EXPECT_EQ(assigned + unplaced, d) << key(row, {"year", "level", "code", "stage"});
        EXPECT_EQ(std::stoll(row.at("children_without_seat")),
                  std::stoll(row.at("over_capacity")) + unplaced);
        if (row.at("level") != "town")
            continue;
        ++towns;
        EXPECT_EQ(static_cast<double>(d), demand.at(key(row, {"year", "code", "stage"})))
            << key(row, {"year", "code", "stage"});
        cityAssigned[key(row, {"year", "stage"})] += assigned;
    }
    EXPECT_EQ(years, (std::set<std::string>{"2020", "2021", "2022"}));
    EXPECT_GT(towns, 0);
    // Demand changes between the years (otherwise the test would prove little).
    double changed = 0.0;
    for (const auto& [k, d] : demand)
        if (k.rfind("2022|", 0) == 0)
            changed += std::abs(d - demand.at("2020|" + k.substr(5)));
    EXPECT_GT(changed, 1000.0);

    // Per school: Σ assigned of a year and stage = the towns' assigned of that year and stage.
    std::map<std::string, long long> schoolAssigned;
    for (const auto& row : readCsv((outDir->path / "allocation_schools_by_year.csv").string()).rows)
        schoolAssigned[key(row, {"year", "stage"})] += std::stoll(row.at("assigned"));
    EXPECT_EQ(schoolAssigned, cityAssigned);
}

TEST_F(RunYears, TheBaseYearsRowsEqualTheBaseYearFiles) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    const auto check = [&](const std::string& base, const std::string& byYear,
                           std::initializer_list<const char*> keys,
                           std::initializer_list<const char*> values) {
        std::map<std::string, std::map<std::string, std::string>> baseRows;
        for (const auto& row : readCsv((outDir->path / base).string()).rows)
            baseRows[key(row, keys)] = row;
        int matched = 0;
        for (const auto& row : readCsv((outDir->path / byYear).string()).rows) {
            if (row.at("year") != "2020")
                continue;
            const auto it = baseRows.find(key(row, keys));
            ASSERT_NE(it, baseRows.end()) << byYear << " " << key(row, keys);
            for (const char* v : values)
                EXPECT_EQ(row.at(v), it->second.at(v)) << byYear << " " << key(row, keys) << v;
            ++matched;
        }
        EXPECT_EQ(matched, static_cast<int>(baseRows.size())) << byYear;
    };
    check("allocation_areas.csv", "allocation_areas_by_year.csv", {"level", "code", "stage"},
          {"demand", "assigned", "unplaced", "children_without_seat", "seats"});
    check("allocation_schools.csv", "allocation_schools_by_year.csv", {"school_id", "stage"},
          {"assigned", "seats", "large_classes_by_assignment"});
    check("indicators.csv", "indicators_by_year.csv", {"level", "code", "indicator"},
          {"numerator", "denominator", "value", "pass"});
    check("balance_coefficients.csv", "balance_coefficients_by_year.csv",
          {"district_code", "stage"}, {"schools", "cv_teachers_per_100", "mean_cv", "pass"});
    check("balance_schools.csv", "balance_schools_by_year.csv", {"school_id", "stage"},
          {"enrolment", "classes", "seats", "large_classes", "huge_classes"});
    check("resources.csv", "resources_by_year.csv", {"level", "code", "stage"},
          {"teachers_on_record", "missing_seats", "teachers_for_missing", "land_for_missing_m2"});
}

TEST_F(RunYears, IndicatorsSayWhetherTheSeedsDateHasPassedAndMoveWithTheYear) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    const auto ind = readCsv((outDir->path / "indicators_by_year.csv").string());
    std::map<std::string, std::string> value; // year|level|code|indicator → value
    for (const auto& row : ind.rows) {
        EXPECT_EQ(row.at("deadline_year"), "2018");
        EXPECT_EQ(row.at("due"), "yes"); // every year from 2020 is past end 2018
        value[key(row, {"year", "level", "code", "indicator"})] = row.at("value");
    }
    // Records stay, demand-driven ratios move: 标准化 counts schools from their records, while
    // gross enrolment and the large-class share follow the projected pupils.
    const std::string city = "441700|";
    EXPECT_EQ(value.at("2020|city|" + city + "standardised_public|"),
              value.at("2022|city|" + city + "standardised_public|"));
    EXPECT_NE(value.at("2020|city|" + city + "high_school_gross_enrolment|"),
              value.at("2022|city|" + city + "high_school_gross_enrolment|"));
    EXPECT_NE(value.at("2020|city|" + city + "large_class_share|"),
              value.at("2022|city|" + city + "large_class_share|"));
}

TEST_F(RunYears, TheYearTablesAreInTheirOwnGeoPackage) {
    ASSERT_EQ(runResult->exitCode, 0) << runResult->out;
    GDALAllRegister();
    const fs::path gpkg = outDir->path / "xuewei_by_year.gpkg";
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.string().c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds) << gpkg;
    for (const char* name : {"towns", "allocation_schools_by_year", "allocation_areas_by_year",
                             "indicators_by_year", "resources_by_year"}) {
        OGRLayer* layer = ds->GetLayerByName(name);
        ASSERT_NE(layer, nullptr) << name;
        EXPECT_GT(layer->GetFeatureCount(), 0) << name;
    }
    const auto schools = readCsv((outDir->path / "allocation_schools_by_year.csv").string());
    EXPECT_EQ(ds->GetLayerByName("allocation_schools_by_year")->GetFeatureCount(),
              static_cast<GIntBig>(schools.rows.size()));
}

} // namespace
