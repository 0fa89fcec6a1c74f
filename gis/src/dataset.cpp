// Dataset loader: the layers and tables a manifest names, read into core types. The steps per
// layer are detail/load_*.cpp (detail/load/dataset_loader.hpp); the manifest, the cell parsing, the
// source reader and the geometry checks live in detail/ too. See docs/dataset-format.md.
#include <xw/gis/dataset.hpp>
#include <xw/gis/detail/read_areas.hpp>

#include "detail/checks/file_checks.hpp"
#include "detail/demand/demand_layers.hpp"
#include "detail/load/dataset_loader.hpp"
#include "detail/text.hpp"
#include "detail/working_crs.hpp"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <utility>

namespace xw::gis {

namespace detail {

namespace fs = std::filesystem;

void Loader::run(const LoadOptions& options) {
    progress.report("load", 0, kLoadSteps);
    progress.throwIfCancelled();
    out.workingCrs =
        options.workingCrs.value_or(manifest.workingCrs.value_or(std::string(kDefaultWorkingCrs)));
    working = workingSrs(out.workingCrs);
    out.city.name = manifest.name;
    out.city.baseYear = manifest.baseYear;
    out.city.regions.cityCode = manifest.cityCode;
    out.city.regions.cityName = manifest.cityName;
    if (manifest.norms) {
        const fs::path norms = fs::path(*manifest.norms).is_absolute() ? fs::path(*manifest.norms)
                                                                       : folder / *manifest.norms;
        if (const auto why = detail::inputFileProblem(norms)) {
            throw GisError(*manifest.norms, "norms",
                           *why + ": " + *manifest.norms + " (" + norms.string() + ")");
        }
        out.normsFile = fs::absolute(norms);
    }
    int done = 0;
    const auto stepDone = [&] {
        progress.report("load", ++done, kLoadSteps);
        progress.throwIfCancelled();
    };
    loadDistricts();
    stepDone();
    loadTowns();
    checkGroupings();
    stepDone();
    const TownIndex towns(geos, std::move(townGeometries));
    loadSchools(towns);
    stepDone();
    loadHousing(towns);
    stepDone();
    loadGrades();
    stepDone();
    loadPopulation();
    stepDone();
    loadBirths();
    stepDone();
    loadZones();
    stepDone();
    loadSchoolTowns();
    stepDone();
    loadSites(towns);
    stepDone();
    locatePopulationRaster();
    stepDone();
    loadDemandLayers();
    stepDone();
}

SourceReader Loader::open(const std::string& key) {
    const detail::SourceSchema& schema = *detail::findSchema(key);
    // Tables the model cannot do without once named: an empty one would make every seat or
    // every child 0 without a word.
    const bool mustHaveRows =
        schema.required || key == "school_grades" || key == "population" || key == "births";
    const SourceSpec& spec = manifest.sources.at(key);
    SourceReader reader(spec, schema.fields, schema.geometry, working.get(), out.problems,
                        mustHaveRows);
    reader.watch(progress);
    if (!mustHaveRows && reader.rowCount() == 0) {
        out.problems.push_back({Severity::Warning, spec.sourceLabel, key, "", "",
                                "清单中列出但没有任何数据行 / named in the manifest but has no "
                                "rows"});
    }
    return reader;
}

void Loader::locatePopulationRaster() {
    const auto it = manifest.sources.find("population_raster");
    if (it == manifest.sources.end()) {
        return;
    }
    const SourceSpec& spec = it->second;
    if (const auto why = detail::inputFileProblem(spec.path)) {
        throw GisError(spec.sourceLabel, spec.key,
                       *why + ": " + spec.sourceLabel + " (" + spec.path.string() + ")");
    }
    out.populationRaster = RasterSource{fs::absolute(spec.path), spec.sourceLabel, spec.crs};
}

void Loader::checkGroupings() {
    for (auto& g : manifest.groupings) {
        std::vector<std::string> kept;
        for (const auto& code : g.townCodes) {
            if (out.city.regions.townIndex(code)) {
                kept.push_back(code);
            } else {
                out.problems.push_back(
                    {Severity::Error, kManifestName, "groupings", g.name, "towns",
                     "未知的乡镇代码，已忽略 / unknown town code, ignored: " + inQuotes(code)});
            }
        }
        g.townCodes = std::move(kept);
    }
    out.city.regions.groupings = manifest.groupings;
}

void Loader::loadDemandLayers() {
    std::map<std::string, detail::SourceLocation> found;
    for (const char* key : detail::kDemandLayerKeys) {
        const auto it = manifest.sources.find(key);
        if (it == manifest.sources.end()) {
            continue;
        }
        const SourceSpec& s = it->second;
        found[key] = {s.key,      s.sourceLabel, s.path,       s.layer,        s.crs,
                      s.encoding, s.geometry.x,  s.geometry.y, s.geometry.wkt, s.fields};
    }
    detail::loadDemandLayers(found, *working, out);
}

} // namespace detail

using detail::CheckedPolygon;
using detail::checkPolygon;
using detail::forEachFeature;
using detail::GeosContext;
using detail::Loader;
using detail::readManifest;
using detail::Record;
using detail::rowId;
using detail::SourceReader;
using detail::SourceSpec;
using detail::workingSrs;

DatasetLoad loadDataset(const std::filesystem::path& folder, const LoadOptions& options,
                        const core::Progress& progress) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    Loader loader{folder, progress, readManifest(folder), nullptr, {}, {}, {}, {}, {}};
    loader.run(options);
    return std::move(loader.out);
}

namespace detail {

AreaLoad readAreas(const std::filesystem::path& source, const std::string& codeField,
                   const std::string& nameField, const std::optional<std::string>& crsOverride,
                   const std::string& workingCrs) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const detail::SrsPtr working = workingSrs(workingCrs);
    SourceSpec spec;
    spec.key = "areas";
    spec.sourceLabel = source.filename().string();
    spec.path = source;
    spec.crs = crsOverride;
    spec.fields = {{"code", codeField}, {"name", nameField}};
    AreaLoad out;
    const GeosContext geos;
    SourceReader reader(spec, {{"code", true}, {"name", true}}, detail::GeometryKind::Polygon,
                        working.get(), out.problems, false);
    forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto code = r.text("code")) {
            r.setId(*code);
        }
        AreaRecord a;
        a.code = r.required("code");
        a.name = r.required("name");
        if (!r.ok()) {
            return;
        }
        detail::GeometryRead g = reader.geometry(f);
        if (!g.geometry) {
            r.errorColumn(g.field, g.why);
            return;
        }
        CheckedPolygon poly = checkPolygon(geos, *g.geometry, r);
        if (!poly.geometry) {
            return;
        }
        a.areaKm2 = poly.areaKm2;
        a.wkb = detail::toWkb(geos, *poly.geometry);
        out.areas.push_back(std::move(a));
    });
    return out;
}

} // namespace detail
} // namespace xw::gis
