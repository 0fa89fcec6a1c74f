// docs/output-columns.md lists every column of every table the commands write, generated from the
// tables' own schemas (study/tables.hpp): the document cannot drift from the code. On a mismatch,
// run the test with XW_UPDATE_DOCS=1 to rewrite the document, then review the diff.
#include <xw/study/backtest.hpp>
#include <xw/study/compare.hpp>
#include <xw/study/study.hpp>
#include <xw/study/tables.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace xw::study {
namespace {

namespace fs = std::filesystem;

const char* typeName(core::ColumnType t) {
    switch (t) {
    case core::ColumnType::Integer:
        return "integer";
    case core::ColumnType::Real:
        return "real";
    case core::ColumnType::Text:
        break;
    }
    return "text";
}

std::string markdown(const std::vector<core::Table>& tables) {
    std::ostringstream out;
    out << "# Output columns\n\n"
           "Every table the commands write, with each column's key (the CSV header and the "
           "GeoPackage field), its Chinese and English name, type and unit. Generated from the "
           "tables' schemas in study/ by `tests/study/output_columns_test.cpp` (run it with "
           "`XW_UPDATE_DOCS=1` after changing a table); do not edit by hand. An empty cell is "
           "null: not applicable or not known, never 0.\n\n"
           "Names with one meaning each: `shortfall` is always the seat shortfall of the balance, "
           "demand − seats when positive; the allocation's children without a standard seat are "
           "`children_without_seat`; `large_classes` counts the school records' classes of ≥ 56 "
           "pupils, `large_classes_by_assignment` those the allocated children would fill.\n";
    for (const core::Table& t : tables) {
        if (t.spatial())
            out << "\n## Layer `" << t.name << "` — " << t.titleZh << " / " << t.titleEn
                << "\n\nA GeoPackage layer (geometry in the working CRS).\n\n";
        else
            out << "\n## " << t.name << ".csv — " << t.titleZh << " / " << t.titleEn << "\n\n";
        out << "| key | 中文 | meaning | type | unit |\n|---|---|---|---|---|\n";
        for (const core::Column& c : t.columns)
            out << "| `" << c.key << "` | " << c.nameZh << " | " << c.nameEn << " | "
                << typeName(c.type) << " | " << c.unit << " |\n";
    }
    return out.str();
}

TEST(Docs, OutputColumnsAreDocumented) {
    const fs::path root = XW_SOURCE_ROOT;
    Study study = Study::open(root / "tests/data/study/small");
    StudyConfig c;
    c.years = std::make_pair(2020, 2022);
    c.gridMeters = 2000.0;
    c.monteCarloDraws = 5;
    c.catchmentWarnings = true;
    const StudyResults r = study.run(c);
    const core::CityData& city = *r.city;
    std::vector<core::Table> tables{areaBalanceTable(city, r.balance),
                                    schoolBalanceTable(city, r.balance),
                                    indicatorTable(r.indicators),
                                    coefficientTable(city, r.coefficients),
                                    kindergartenCheckTable(city, r.kindergartens),
                                    resourcesTable(r.resources),
                                    allocationAreaTable(city, baseAllocationResults(r)),
                                    allocationSchoolTable(city, baseAllocationResults(r)),
                                    validationTable(r.diagnostics),
                                    districtLayer(r),
                                    townLayer(r),
                                    schoolLayer(r),
                                    catchmentLayer(r),
                                    demandPointLayer(r)};
    for (auto& t : yearTables(r))
        if (t.name != "balance_by_year") // the columns of balance_areas with `year` in front
            tables.push_back(std::move(t));
    for (auto& t : projectionTables(r))
        tables.push_back(std::move(t));
    for (auto& t : warningTables(r))
        tables.push_back(std::move(t));
    // `xuewei compare` of two scenarios (here the same one twice).
    const std::vector<ComparedRun> runs{{"a", "", &r, &study.scenario().plan, &study.city()},
                                        {"b", "", &r, &study.scenario().plan, &study.city()}};
    for (auto& t : comparisonTables(runs))
        tables.push_back(std::move(t));
    for (auto& t : comparisonLayers(runs))
        tables.push_back(std::move(t));
    const std::string text = markdown(tables);
    const fs::path doc = root / "docs/output-columns.md";
    if (const char* update = std::getenv("XW_UPDATE_DOCS"); update && std::string(update) == "1")
        std::ofstream(doc) << text;
    std::ifstream in(doc);
    const std::string onDisk{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_EQ(onDisk, text) << "docs/output-columns.md is out of date: run this test with "
                               "XW_UPDATE_DOCS=1 and review the diff";
}

} // namespace
} // namespace xw::study
