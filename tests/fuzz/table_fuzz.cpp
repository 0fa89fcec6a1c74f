// libFuzzer target: a table file through GDAL's CSV driver and the source reader
// (gis/src/detail/source_reader.cpp): encoding detection and conversion, the field map with its
// closest-header messages, and every kind of cell parsing with its range checks. The first byte
// picks the manifest's `encoding` (none, GBK, UTF-16, UTF-8: its value mod 4) and the layer whose
// fields are read (school_grades or the optimiser's sites: bit 2); the rest is the file. Any bytes
// must give records or problems or a GisError, never a crash or another exception.
#include <xw/gis/error.hpp>

#include "detail/load/schema.hpp"
#include "detail/ogr_util.hpp"
#include "detail/source/source_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace xw::gis;

namespace {

/// One scratch file per process, removed at exit.
struct Scratch {
    std::string path;
    Scratch() {
        char name[] = "/tmp/xw_table_fuzz_XXXXXX";
        const int fd = mkstemp(name);
        if (fd >= 0)
            close(fd);
        path = std::string(name) + ".csv";
        std::remove(name);
    }
    ~Scratch() { std::remove(path.c_str()); }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Scratch scratch;
    static const bool registered = [] {
        detail::ensureGdalRegistered();
        return true;
    }();
    (void)registered;
    if (size == 0)
        return 0;
    {
        std::ofstream out(scratch.path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    }
    const bool sites = (data[0] & 4U) != 0;
    const char* layer = sites ? "sites" : "school_grades";
    detail::SourceSpec spec;
    spec.key = layer;
    spec.sourceLabel = "fuzz.csv";
    spec.path = scratch.path;
    switch (data[0] % 4) {
    case 1:
        spec.encoding = "GBK";
        break;
    case 2:
        spec.encoding = "UTF-16";
        break;
    case 3:
        spec.encoding = "UTF-8";
        break;
    default:
        break;
    }
    const detail::QuietGdal quiet;
    std::vector<Diagnostic> problems;
    try {
        const detail::SourceReader reader(spec, detail::fieldsOf(layer), detail::GeometryKind::None,
                                          nullptr, problems, true);
        detail::forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
            detail::Record r(reader, f, problems, detail::rowId(row));
            if (sites) {
                // The cells of gis/src/detail/load/load_sites.cpp with its limits.
                (void)r.required("id");
                (void)r.text("name");
                (void)r.number("area_m2", false, 1e8);
                (void)r.count("max_classes", false, 5000);
                (void)r.number("cost", false, 1e12);
                (void)r.text("stages");
                return;
            }
            (void)r.required("school");
            (void)r.text("campus");
            (void)r.required("stage");
            (void)r.integer("grade", true, 99);
            (void)r.count("classes", true, 1000);
            (void)r.count("students", true, 100000);
            (void)r.number("migrant", false, 1e7);
            (void)r.year("disabled", false);
            (void)r.boolean("large_classes", true);
            (void)r.count("huge_classes", false, 1000);
        });
    } catch (const GisError&) {
    }
    return 0;
}
