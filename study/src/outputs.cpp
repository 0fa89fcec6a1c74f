#include <xw/gis/output/writer.hpp>
#include <xw/study/outputs.hpp>
#include <xw/study/tables.hpp>

namespace xw::study {
namespace fs = std::filesystem;

namespace {

void csv(const fs::path& folder, const core::Table& t, std::vector<std::string>& written) {
    const std::string name = t.name + ".csv";
    gis::writeCsv(folder / name, t);
    written.push_back(name);
}

} // namespace

std::vector<std::string> writeRunOutputs(const StudyResults& r, const fs::path& folder,
                                         const RunOutputOptions& options) {
    std::vector<std::string> written;
    const core::CityData& city = *r.city;
    const core::Table districts = districtLayer(r);
    const core::Table towns = townLayer(r);
    const core::Table schools = schoolLayer(r);
    std::vector<const core::Table*> layers{&districts, &towns, &schools};
    core::Table catchments;
    if (r.allocation) {
        catchments = catchmentLayer(r);
        layers.push_back(&catchments);
    }
    gis::writeGeoPackage(folder / "xuewei.gpkg", layers);
    written.emplace_back("xuewei.gpkg");
    if (r.allocation && options.demandPoints) {
        const core::Table points = demandPointLayer(r);
        gis::writeGeoPackage(folder / "demand_points.gpkg", {&points});
        written.emplace_back("demand_points.gpkg");
    }
    csv(folder, areaBalanceTable(city, r.balance), written);
    csv(folder, schoolBalanceTable(city, r.balance), written);
    csv(folder, indicatorTable(r.indicators), written);
    csv(folder, coefficientTable(city, r.coefficients), written);
    csv(folder, kindergartenCheckTable(city, r.kindergartens), written);
    csv(folder, resourcesTable(r.resources), written);
    if (r.allocation) {
        const auto results = baseAllocationResults(r);
        csv(folder, allocationAreaTable(city, results), written);
        csv(folder, allocationSchoolTable(city, results), written);
    }
    const std::vector<core::Table> years = yearTables(r);
    for (const core::Table& t : years)
        csv(folder, t, written);
    if (!years.empty()) {
        // The per-year tables beside the towns layer, for joins on code / school_id.
        std::vector<const core::Table*> tables{&towns};
        for (const core::Table& t : years)
            if (t.name != "balance_by_year")
                tables.push_back(&t);
        gis::writeGeoPackage(folder / "xuewei_by_year.gpkg", tables);
        written.emplace_back("xuewei_by_year.gpkg");
    }
    csv(folder, validationTable(r.diagnostics), written);
    return written;
}

std::vector<std::string> writeProjectOutputs(const StudyResults& r, const fs::path& folder) {
    std::vector<std::string> written;
    const std::vector<core::Table> projection = projectionTables(r);
    const std::vector<core::Table> warnings = warningTables(r);
    core::Table balance;
    for (const core::Table& t : yearTables(r))
        if (t.name == "balance_by_year")
            balance = t;
    balance.name = "projection_balance";
    for (const core::Table& t : projection)
        csv(folder, t, written);
    csv(folder, balance, written);
    for (const core::Table& t : warnings)
        csv(folder, t, written);
    const core::Table towns = townLayer(r);
    std::vector<const core::Table*> layers{&towns};
    std::vector<core::Table> renamed;
    renamed.reserve(projection.size() + warnings.size() + 1);
    for (const core::Table& t : projection)
        if (t.name != "projection_population") {
            renamed.push_back(t);
            renamed.back().name = t.name.substr(std::string("projection_").size());
        }
    renamed.push_back(balance);
    renamed.back().name = "balance";
    for (const core::Table& t : warnings) {
        renamed.push_back(t);
        renamed.back().name = t.name == "projection_warnings" ? "warnings" : "catchment_warnings";
    }
    for (const core::Table& t : renamed)
        layers.push_back(&t);
    gis::writeGeoPackage(folder / "projection.gpkg", layers);
    written.emplace_back("projection.gpkg");
    return written;
}

} // namespace xw::study
