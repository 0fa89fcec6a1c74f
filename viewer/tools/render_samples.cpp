// Renders the embedded Yangjiang data (or another dataset folder) to PNG maps and the sample
// leaders' report PDF, with the same code `xuewei map` and `xuewei report` will call. A developer
// tool until those commands exist.
//
//   xw_viewer_samples [OUT_DIR] [DATASET_DIR]
#include <xw/gis/demand_grid.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/model/map_from_data.hpp>
#include <xw/viewer/report/report_writer.hpp>

#include <QGuiApplication>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no display needed
    QGuiApplication app(argc, argv);
    const std::filesystem::path out = argc > 1 ? argv[1] : "out/samples";
    const std::filesystem::path dataset = argc > 2 ? argv[2] : XW_DEFAULT_DATA_DIR;
    try {
        std::filesystem::create_directories(out / "maps");
        const auto t0 = std::chrono::steady_clock::now();
        const xw::viewer::ViewerData data = xw::viewer::loadViewerData(dataset);
        using xw::core::Stage;
        using xw::viewer::MapTheme;
        struct Job {
            const char* name;
            Stage stage;
            MapTheme theme;
            bool housing;
        };
        for (const Job& job :
             {Job{"primary_shortfall", Stage::Primary, MapTheme::Shortfall, false},
              Job{"junior_shortfall", Stage::Junior, MapTheme::Shortfall, false},
              Job{"kindergarten_shortfall", Stage::Kindergarten, MapTheme::Shortfall, true},
              Job{"primary_utilisation", Stage::Primary, MapTheme::Utilisation, false},
              Job{"indicators_failed", Stage::Primary, MapTheme::IndicatorsFailed, false}}) {
            xw::viewer::MapRequest req;
            req.stage = job.stage;
            req.theme = job.theme;
            req.housing = job.housing;
            req.schools = job.theme != MapTheme::IndicatorsFailed;
            const auto map = xw::viewer::buildMap(data, req);
            const auto file = out / "maps" / (std::string(job.name) + ".png");
            const auto r = xw::viewer::writeMap(map, file);
            std::cout << file.string() << ": " << r.labels.size() << " labels, " << r.labelsDropped
                      << " dropped\n";
            for (const auto& p : r.problems)
                std::cerr << "警告 warning: " << p << "\n";
        }
        {
            // Demand points on a 250 m grid (the allocation's default), weighted by residents.
            xw::gis::DemandGridConfig config;
            config.cellMeters = 250.0;
            const xw::gis::DemandGrid grid = xw::gis::buildDemandGrid(data.data, config);
            xw::viewer::MapRequest req;
            req.grid = &grid;
            auto map = xw::viewer::buildMap(data, req);
            map.title = "阳江市 小学学校与需求点（示意数据）";
            map.subtitle = "Primary schools over demand points on a 250 m grid";
            const auto file = out / "maps" / "primary_demand_grid.png";
            const auto r = xw::viewer::writeMap(map, file);
            std::cout << file.string() << ": " << grid.points.size() << " cells, "
                      << r.labels.size() << " labels\n";
        }
        const auto report = xw::viewer::sampleReport(data);
        const auto r = xw::viewer::writeReportPdf(report, out / "report.pdf");
        for (const auto& p : r.problems)
            std::cerr << "警告 warning: " << p << "\n";
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cout << (out / "report.pdf").string() << ": " << r.pages << " pages; " << s
                  << " s in all\n";
    } catch (const std::exception& e) {
        std::cerr << "错误 error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
