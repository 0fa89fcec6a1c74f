// Writing a large point layer to GeoPackage with gis::exportTables, for the side-by-side run
// against ogr2ogr in bench/run_export_bench.sh (figures in docs/performance.md, "Exports").
//
//   export_bench N OUT_FOLDER
//
// Builds N points (seeded, uniform over a 60 km square of EPSG:4546 around Yangjiang) with an
// integer id, a Chinese name and a real value; writes OUT_FOLDER/points.csv (id,name,value,x,y:
// the same data for ogr2ogr) and then, timed, OUT_FOLDER/ours.gpkg. Prints the seconds of each
// step as "step seconds", and for ours "ours_gpkg wall_seconds cpu_seconds".
#include <xw/gis/export.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace {

using namespace xw;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// User + system CPU seconds of this process so far.
double cpuSeconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

core::Wkb pointWkb(double x, double y) {
    core::Wkb wkb(21);
    wkb[0] = 1; // little-endian ISO WKB point
    const std::uint32_t type = 1;
    std::memcpy(&wkb[1], &type, 4);
    std::memcpy(&wkb[5], &x, 8);
    std::memcpy(&wkb[13], &y, 8);
    return wkb;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "用法 / usage: export_bench N OUT_FOLDER\n");
        return 2;
    }
    try {
        const std::size_t n = std::stoul(argv[1]);
        const fs::path out = argv[2];
        fs::create_directories(out);

        auto start = Clock::now();
        core::Table t;
        t.name = "points";
        t.titleZh = "测试点";
        t.titleEn = "Test points";
        t.crs = "EPSG:4546";
        t.columns = {core::Column{"id", "编号", "Id", core::ColumnType::Integer, "", -1},
                     core::Column{"name", "名称", "Name", core::ColumnType::Text, "", -1},
                     core::Column{"value", "数值", "Value", core::ColumnType::Real, "", -1}};
        std::mt19937_64 rng(1);
        std::uniform_real_distribution<double> ux(570000.0, 630000.0);
        std::uniform_real_distribution<double> uy(2380000.0, 2440000.0);
        std::uniform_real_distribution<double> uv(0.0, 1000.0);
        t.rows.reserve(n);
        t.geometries.reserve(n);
        std::ofstream csv(out / "points.csv", std::ios::binary | std::ios::trunc);
        csv << "id,name,value,x,y\n";
        for (std::size_t i = 0; i < n; ++i) {
            const double x = ux(rng);
            const double y = uy(rng);
            const double v = uv(rng);
            std::string name = "阳江测试点" + std::to_string(i);
            char line[256];
            std::snprintf(line, sizeof line, "%zu,%s,%.17g,%.17g,%.17g\n", i, name.c_str(), v, x,
                          y);
            csv << line;
            t.rows.push_back({static_cast<std::int64_t>(i), std::move(name), v});
            t.geometries.push_back(pointWkb(x, y));
        }
        csv.close();
        std::printf("build_table_and_csv %.3f\n", secondsSince(start));

        gis::ExportOptions options;
        options.force = true;
        std::vector<core::Table> tables;
        tables.push_back(std::move(t)); // not a copy inside the timed call
        start = Clock::now();
        const double cpu = cpuSeconds();
        gis::exportTables(tables, out / "ours.gpkg", gis::ExportFormat::GeoPackage, options);
        std::printf("ours_gpkg %.3f %.3f\n", secondsSince(start), cpuSeconds() - cpu);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "错误 / error: %s\n", e.what());
        return 1;
    }
    return 0;
}
