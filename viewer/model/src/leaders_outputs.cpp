#include <xw/viewer/model/leaders_outputs.hpp>

#include <xw/study/study.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/map_builder.hpp>
#include <xw/viewer/model/report_builder.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include <algorithm>

namespace xw::viewer {

std::vector<std::string> writeLeadersOutputs(study::Study& study,
                                             const study::StudyResults& results,
                                             const std::filesystem::path& folder,
                                             const core::Progress& progress) {
    std::vector<std::string> written;
    // ---- Maps of the run's own results (the figures of its tables)
    std::filesystem::create_directories(folder / "maps");
    const MapGeometry geometry = decodeGeometry(results);
    const auto write = [&](const std::string& name, const MapRequest& req) {
        writeMap(buildMap(results, geometry, req), folder / "maps" / name);
        written.push_back("maps/" + name);
    };
    progress.report("maps", 0, 1);
    for (core::Stage s : core::kAllStages) {
        const bool served =
            std::any_of(results.balance.schools.begin(), results.balance.schools.end(),
                        [&](const auto& row) { return row.stage == s; });
        if (!served)
            continue;
        MapRequest req;
        req.stage = s;
        req.housing = s == core::Stage::Kindergarten;
        write(std::string(core::stageCode(s)) + "_shortfall.png", req);
        progress.throwIfCancelled();
    }
    {
        MapRequest req;
        req.theme = MapTheme::Utilisation;
        write("primary_utilisation.png", req);
        req.theme = MapTheme::Indicators;
        req.schools = false;
        write("indicators.png", req);
    }
    if (results.allocation) {
        MapRequest req;
        req.theme = MapTheme::Accessibility;
        req.catchments = !results.allocation->catchments.empty();
        // A grid of cells shows where accessibility is low; residential units are points too
        // small to see at city scale, so with units the towns carry the colour (town means).
        const auto& ids = results.allocation->pointIds;
        const bool units =
            std::any_of(ids.begin(), ids.end(), [](const std::string& id) { return !id.empty(); });
        req.grid = units ? GridLayer::None : GridLayer::Accessibility;
        write("primary_accessibility.png", req);
    }
    progress.report("maps", 1, 1);

    // ---- The report: its own run, with the projection and the 学位预警
    std::optional<std::pair<int, int>> years;
    if (!results.years.empty())
        years = std::make_pair(results.years.front().year, results.years.back().year);
    // A dataset that cannot be projected (e.g. towns with different age bands) still gets its
    // base-year report: the projection's pages are left out and the report says why.
    study::StudyResults reportResults;
    try {
        reportResults = study.run(reportStudyConfig(study, years), progress);
    } catch (const study::StudyError& e) {
        reportResults = results;
        core::Diagnostic d;
        d.severity = core::Severity::Warning;
        d.layer = "report";
        d.message = std::string("报告不含逐年预测和学位预警 / the report has no projection and no "
                                "seat warnings: ") +
                    e.what();
        reportResults.diagnostics.push_back(std::move(d));
    }
    if (reportResults.warnings && !reportResults.years.empty()) {
        MapRequest req;
        req.theme = MapTheme::Warning;
        req.year = reportResults.years.back().year;
        writeMap(buildMap(reportResults, geometry, req),
                 folder / "maps" / ("primary_warning_" + std::to_string(*req.year) + ".png"));
        written.push_back("maps/primary_warning_" + std::to_string(*req.year) + ".png");
    }
    progress.report("report", 0, 1);
    const std::string source = study.scenario().file.empty()
                                   ? study.scenario().dataset.filename().string()
                                   : study.scenario().file.filename().string();
    const ReportDocument doc = buildReport(
        {{study.scenario().name, source, &reportResults, &study.scenario().plan, &study.city()}});
    writeReportPdf(doc, folder / "report.pdf");
    written.insert(written.begin(), "report.pdf");
    progress.report("report", 1, 1);
    return written;
}

} // namespace xw::viewer
