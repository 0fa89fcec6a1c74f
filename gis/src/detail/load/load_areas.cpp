// The outline layers of a dataset: districts and towns (their overlaps resolved by one rule),
// and the check of the working CRS's scale over them. See detail/load/dataset_loader.hpp.
#include "detail/load/dataset_loader.hpp"

#include "detail/text.hpp"
#include "detail/working_crs.hpp"

#include <cstdio>
#include <set>

namespace xw::gis::detail {

namespace {

std::string percent(double part, double whole) {
    if (!(whole > 0.0)) {
        return "?";
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f %%", 100.0 * part / whole);
    return buffer;
}

std::string km2(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, v >= 0.01 ? "%.2f km²" : "%.6f km²", v);
    return buffer;
}

} // namespace

CheckedPolygon Loader::readPolygon(const SourceReader& reader, OGRFeature& f, Record& r) {
    if (!r.ok()) {
        return {detail::own(geos, nullptr), 0.0};
    }
    detail::GeometryRead g = reader.geometry(f);
    if (!g.geometry) {
        r.errorColumn(g.field, g.why);
        return {detail::own(geos, nullptr), 0.0};
    }
    return checkPolygon(geos, *g.geometry, r);
}

void Loader::loadDistricts() {
    SourceReader reader = open("districts");
    const std::size_t first = out.problems.size();
    std::set<std::string> seen;
    std::size_t kept = 0;
    const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        const auto code = r.text("code");
        if (code) {
            r.setId(*code);
        }
        core::District d{r.required("code"), r.required("name")};
        if (r.ok() && !seen.insert(d.code).second) {
            r.error("code", "重复的代码，已跳过 / duplicate code, skipped");
        }
        CheckedPolygon poly = readPolygon(reader, f, r);
        if (!poly.geometry) {
            return;
        }
        out.districtShapes.push_back({d.code, detail::toWkb(geos, *poly.geometry)});
        out.city.regions.districts.push_back(std::move(d));
        ++kept;
    });
    requireFeatures(reader, rows, kept, out.problems, first);
}

void Loader::loadTowns() {
    SourceReader reader = open("towns");
    const std::size_t first = out.problems.size();
    std::set<std::string> seen;
    std::vector<core::Town> towns;
    std::vector<GeomPtr> outlines;
    std::vector<std::optional<double>> residents;
    const std::size_t rows = forEachFeature(reader, [&](OGRFeature& f, std::size_t row) {
        Record r(reader, f, out.problems, rowId(row));
        if (const auto code = r.text("code")) {
            r.setId(*code);
        }
        core::Town t;
        t.code = r.required("code");
        t.name = r.required("name");
        t.districtCode = r.required("district");
        t.urban = r.boolean("urban", true).value_or(false);
        const auto people = r.number("residents", false, kMaxResidents);
        if (r.ok() && !seen.insert(t.code).second) {
            r.error("code", "重复的代码，已跳过 / duplicate code, skipped");
        }
        if (r.ok() && !out.city.regions.districtIndex(t.districtCode)) {
            r.error("district",
                    "未知的区县代码 / unknown district code: " + inQuotes(t.districtCode));
        }
        CheckedPolygon poly = readPolygon(reader, f, r);
        if (!poly.geometry) {
            return;
        }
        t.areaKm2 = poly.areaKm2;
        towns.push_back(std::move(t));
        outlines.push_back(std::move(poly.geometry));
        residents.push_back(people);
    });
    requireFeatures(reader, rows, towns.size(), out.problems, first);

    // Overlapping towns: one rule, whatever the order of the file (area_checks.hpp).
    std::vector<std::string> codes;
    std::vector<double> areas;
    for (const auto& t : towns) {
        codes.push_back(t.code);
        areas.push_back(t.areaKm2);
    }
    const auto overlaps = detail::resolveTownOverlaps(geos, outlines, codes, areas);
    std::size_t slivers = 0;
    double sliverKm2 = 0.0;
    for (const auto& o : overlaps) {
        const core::Town& big = towns[o.larger];
        const core::Town& small = towns[o.smaller];
        if (o.areaKm2 < kSliverKm2) {
            ++slivers;
            sliverKm2 += o.areaKm2;
            continue;
        }
        out.problems.push_back(
            {Severity::Warning, reader.spec().sourceLabel, "towns", big.code, "",
             "与乡镇 " + small.code + " " + small.name + " 重叠 " + km2(o.areaKm2) + "（本镇的 " +
                 percent(o.areaKm2, big.areaKm2) + "，对方的 " + percent(o.areaKm2, small.areaKm2) +
                 "）：重叠部分归面积较小的 " + small.name + "，已从本镇切除 / overlaps town " +
                 small.code + " " + small.name + " by " + km2(o.areaKm2) + " (" +
                 percent(o.areaKm2, big.areaKm2) + " of this town, " +
                 percent(o.areaKm2, small.areaKm2) +
                 " of the other): the overlap belongs to the smaller town, " + small.code +
                 ", and is cut out of this one"});
    }
    if (slivers > 0) {
        out.problems.push_back({Severity::Info, reader.spec().sourceLabel, "towns", "", "",
                                std::to_string(slivers) + " 处乡镇边界的微小重叠（共 " +
                                    km2(sliverKm2) + "）按同一规则归面积较小的乡镇 / " +
                                    std::to_string(slivers) +
                                    " tiny overlaps between town outlines (" + km2(sliverKm2) +
                                    " in all) go to the smaller town by the same rule"});
    }
    for (std::size_t i = 0; i < towns.size(); ++i) {
        core::Town& t = towns[i];
        const double area = detail::areaKm2Of(geos, *outlines[i]);
        if (!(area > 0.0)) {
            out.problems.push_back(
                {Severity::Error, reader.spec().sourceLabel, "towns", t.code, "",
                 "整个乡镇都在其他较小的乡镇之内，已跳过 / the whole town lies inside "
                 "smaller towns: skipped"});
            continue;
        }
        t.areaKm2 = area;
        if (residents[i]) {
            out.city.population.totalResidents[t.code] = *residents[i];
        }
        out.townShapes.push_back({t.code, detail::toWkb(geos, *outlines[i])});
        townGeometries.push_back(std::move(outlines[i]));
        out.city.regions.towns.push_back(std::move(t));
    }
    checkWorkingCrsScale();
}

void Loader::checkWorkingCrsScale() {
    OGREnvelope extent;
    bool any = false;
    for (const auto& g : townGeometries) {
        double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
        if (GEOSGeom_getXMin_r(geos.handle(), g.get(), &x0) == 0 ||
            GEOSGeom_getXMax_r(geos.handle(), g.get(), &x1) == 0 ||
            GEOSGeom_getYMin_r(geos.handle(), g.get(), &y0) == 0 ||
            GEOSGeom_getYMax_r(geos.handle(), g.get(), &y1) == 0) {
            continue;
        }
        if (!any) {
            extent.MinX = x0;
            extent.MaxX = x1;
            extent.MinY = y0;
            extent.MaxY = y1;
            any = true;
        } else {
            extent.Merge(x0, y0);
            extent.Merge(x1, y1);
        }
    }
    if (!any) {
        return;
    }
    constexpr double kMaxScaleError = 0.001;
    const auto error = detail::maxScaleError(*working, extent);
    if (!error || *error <= kMaxScaleError) {
        return;
    }
    char figure[32];
    std::snprintf(figure, sizeof figure, "%.2f %%", *error * 100.0);
    std::string better;
    if (const auto lon = detail::centreLongitude(*working, extent)) {
        better = detail::gaussKrugerZoneFor(*lon);
    }
    out.problems.push_back(
        {Severity::Warning, kManifestName, "", "", "working_crs",
         "工作坐标系 " + out.workingCrs + " 在数据范围内的长度变形最大为 " + figure +
             "（超过 0.1%），距离、面积和服务半径都会偏差" +
             (better.empty() ? std::string() : "；请改用 " + better) + " / the working CRS " +
             out.workingCrs + " distorts lengths by up to " + figure +
             " over the dataset's extent (more than 0.1 %): distances, areas and service "
             "radii are off" +
             (better.empty() ? std::string()
                             : "; use " + better + " (CGCS2000 3-degree Gauss-Krüger)")});
}

} // namespace xw::gis::detail
