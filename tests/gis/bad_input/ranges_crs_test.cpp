// What the loader says about numbers and years out of range and about working CRSs that are not
// fit for the city. Fixtures: the mini dataset (tests/data/gis/mini)
// edited in a scratch folder, and the inputs from the field (tests/data/cases, see its README).
#include "bad_input_support.hpp"

#include <cmath>

namespace xw::gis {
namespace {

using namespace test; // fixtures, scratch folders, file edits and bad_input_support.hpp

// ---------------------------------------------------------------------------------------------
// Ranges

TEST(BadInputRanges, NineHundredMillionClassesAreRejectedWithTheFieldNamed) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "school_grades.csv", "S002,初中,8,6,310,",
                  "S002,初中,8,999999999,310,");
    const DatasetLoad d = loadDataset(dir.path());
    const auto p =
        problemsWith(d, "school_grades", "out of range: \"999999999\" (允许 allowed 0–1000)");
    ASSERT_EQ(p.size(), 1U) << allProblems(d);
    EXPECT_EQ(p[0].field, "班级数");
    EXPECT_EQ(findSchool(d, "S002")->stage(core::Stage::Junior)->classes(), 6 + 5);
}

TEST(BadInputRanges, HugeAndNonFiniteNumbersAreRejected) {
    ScratchDir dir;
    copyMini(dir.path());
    replaceInFile(dir.path() / "population.csv", "441702001,6,户籍,1500", "441702001,6,户籍,1e308");
    replaceInFile(dir.path() / "population.csv", "441702001,6,随迁,300", "441702001,6,随迁,inf");
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(problemsWith(d, "population", "out of range: \"1e308\"").size(), 1U)
        << allProblems(d);
    EXPECT_EQ(problemsWith(d, "population", "not a finite number: \"inf\"").size(), 1U)
        << allProblems(d);
    for (const auto& t : d.city.population.towns) {
        for (const auto& age : t.persons) {
            EXPECT_TRUE(std::isfinite(age[0]) && std::isfinite(age[1]));
        }
    }
}

TEST(BadInputRanges, YearsOutside1949To2100AreErrors) {
    ScratchDir dir;
    copyMini(dir.path());
    const std::string housing = readFile(dir.path() / "housing.csv");
    writeFile(dir.path() / "housing.csv", housing);
    replaceInFile(dir.path() / "births.csv", "441700,2020,", "441700,2200,");
    const std::string original = readFile(dir.path() / "housing.csv");
    // The two projects: completion year 1900 for the first, kindergarten delivery year 0 for the
    // second (column order: id, name, dwellings, year, kg classes, kg year, kg public, WKT).
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < original.size()) {
        const std::size_t end = original.find('\n', start);
        lines.push_back(original.substr(start, end - start));
        start = end + 1;
    }
    ASSERT_GE(lines.size(), 3U);
    const auto setField = [](std::string& line, int index, const std::string& value) {
        std::size_t from = 0;
        for (int i = 0; i < index; ++i) {
            from = line.find(',', from) + 1;
        }
        line.replace(from, line.find(',', from) - from, value);
    };
    setField(lines[1], 3, "1900");
    setField(lines[2], 5, "0");
    setField(lines[2], 4, "3");
    std::string edited;
    for (const auto& l : lines) {
        edited += l + "\n";
    }
    writeFile(dir.path() / "housing.csv", edited);
    const DatasetLoad d = loadDataset(dir.path());
    EXPECT_EQ(
        problemsWith(d, "housing", "year out of range: \"1900\" (允许 allowed 1949–2100)").size(),
        1U)
        << allProblems(d);
    EXPECT_EQ(problemsWith(d, "housing", "year out of range: \"0\"").size(), 1U) << allProblems(d);
    EXPECT_EQ(problemsWith(d, "births", "year out of range: \"2200\"").size(), 1U)
        << allProblems(d);
    EXPECT_TRUE(d.city.housing.empty());
}

// ---------------------------------------------------------------------------------------------
// The working CRS

TEST(BadInputWorkingCrs, WebMercatorIsRejectedWithTheReason) {
    LoadOptions options;
    options.workingCrs = "EPSG:3857";
    const std::string msg = loadError(test::fixture("mini"), options);
    EXPECT_TRUE(contains(msg, "the working CRS must not be Web Mercator: \"EPSG:3857\"")) << msg;
    EXPECT_TRUE(contains(msg, "about 8 % at 22° N")) << msg;
}

TEST(BadInputWorkingCrs, GeographicIsRejectedWithTheReason) {
    LoadOptions options;
    options.workingCrs = "EPSG:4326";
    EXPECT_TRUE(contains(loadError(test::fixture("mini"), options),
                         "must be projected in metres, not geographic (degrees)"));
}

TEST(BadInputWorkingCrs, DistantZoneWarnsWithItsScaleErrorAndTheRightZone) {
    // UTM 50N (central meridian 117° E, scale 0.9996) over the mini towns at about 112.0° E,
    // 21.9° N: k = 0.9996 · (1 + (Δλ cos φ)² / 2) with Δλ = 5° → 0.9996 · 1.00327 = 1.00287,
    // so the scale error is about 0.29 % (hand-worked from the transverse Mercator series).
    LoadOptions options;
    options.workingCrs = "EPSG:32650";
    const DatasetLoad d = loadDataset(test::fixture("mini"), options);
    const auto w = problemsWith(d, "", "distorts lengths by up to 0.");
    ASSERT_EQ(w.size(), 1U) << allProblems(d);
    EXPECT_EQ(w[0].field, "working_crs");
    EXPECT_TRUE(contains(w[0].message, "use EPSG:4546")) << w[0].message;
    const auto at = w[0].message.find("up to 0.");
    const double figure = std::stod(w[0].message.substr(at + 6));
    EXPECT_NEAR(figure, 0.29, 0.03);
}

TEST(BadInputWorkingCrs, LocalGaussKrugerZoneDoesNotWarn) {
    const DatasetLoad d = loadDataset(test::fixture("mini"));
    EXPECT_TRUE(problemsWith(d, "", "distorts lengths").empty()) << allProblems(d);
}

} // namespace
} // namespace xw::gis
