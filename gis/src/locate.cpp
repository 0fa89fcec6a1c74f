#include <xw/gis/locate.hpp>

#include "detail/ogr_util.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>

namespace xw::gis {
namespace {

[[noreturn]] void fail(const std::string& file, const std::string& layer, const std::string& what) {
    throw GisError(file, layer, (file.empty() ? std::string() : file + ": ") + what);
}

detail::SrsPtr srsOf(const std::string& text, const std::string& file) {
    detail::SrsPtr s = detail::parseSrs(text);
    if (!s)
        fail(file, "", "未知坐标系 / unknown CRS: \"" + text + "\"");
    return s;
}

} // namespace

std::vector<core::PointM> toWorkingCrs(const std::vector<std::pair<double, double>>& points,
                                       const std::string& fromCrs, const std::string& workingCrs) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const detail::SrsPtr from = srsOf(fromCrs, "");
    const detail::SrsPtr to = srsOf(workingCrs, "");
    const detail::CtPtr ct(OGRCreateCoordinateTransformation(from.get(), to.get()));
    if (!ct)
        fail("", "",
             "无法转换坐标 / cannot transform " + fromCrs + " → " + workingCrs + ": " +
                 detail::lastGdalError());
    std::vector<core::PointM> out;
    out.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        double x = points[i].first;
        double y = points[i].second;
        if (!std::isfinite(x) || !std::isfinite(y) || !ct->Transform(1, &x, &y) ||
            !std::isfinite(x) || !std::isfinite(y))
            fail("", "",
                 "第 " + std::to_string(i + 1) + " 个点无法转换到 " + workingCrs + " / point " +
                     std::to_string(i + 1) + " cannot be transformed into " + workingCrs);
        out.push_back({x, y});
    }
    return out;
}

std::vector<std::optional<std::string>> townsContaining(const DatasetLoad& data,
                                                        const std::vector<core::PointM>& points) {
    detail::ensureGdalRegistered();
    std::vector<std::unique_ptr<OGRGeometry, decltype(&OGRGeometryFactory::destroyGeometry)>>
        shapes;
    for (const AreaShape& s : data.townShapes) {
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkb(s.wkb.data(), nullptr, &g, s.wkb.size()) !=
            OGRERR_NONE)
            fail("", "towns", "乡镇轮廓无法读取 / unreadable town outline " + s.code);
        shapes.emplace_back(g, &OGRGeometryFactory::destroyGeometry);
    }
    std::vector<std::optional<std::string>> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const OGRPoint p(points[i].x, points[i].y);
        for (std::size_t t = 0; t < shapes.size(); ++t)
            if (shapes[t]->Contains(&p)) {
                out[i] = data.townShapes[t].code;
                break;
            }
    }
    return out;
}

std::vector<ZoneShape> readZonePolygons(const std::filesystem::path& file, const std::string& layer,
                                        const std::string& schoolField,
                                        const std::string& workingCrs) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const std::string name = file.string();
    GDALDatasetUniquePtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds)
        fail(name, "zones", "无法打开 / cannot open: " + detail::lastGdalError());
    OGRLayer* l = layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer.c_str());
    if (l == nullptr)
        fail(name, "zones", "没有图层 / no layer \"" + layer + "\"");
    const int field = l->GetLayerDefn()->GetFieldIndex(schoolField.c_str());
    if (field < 0)
        fail(name, "zones", "没有字段 / no field \"" + schoolField + "\"");
    const OGRSpatialReference* src = l->GetSpatialRef();
    if (src == nullptr)
        fail(name, "zones", "没有坐标系 / the layer declares no CRS");
    const detail::SrsPtr from = detail::cloneSrs(*src);
    const detail::SrsPtr to = srsOf(workingCrs, name);
    const detail::CtPtr ct(OGRCreateCoordinateTransformation(from.get(), to.get()));
    if (!ct)
        fail(name, "zones", "无法转换坐标 / cannot transform into " + workingCrs);
    std::vector<ZoneShape> out;
    l->ResetReading();
    while (OGRFeatureUniquePtr f{l->GetNextFeature()}) {
        OGRGeometry* g = f->GetGeometryRef();
        const std::string id = f->GetFieldAsString(field);
        const auto type = g ? wkbFlatten(g->getGeometryType()) : wkbUnknown;
        if (g == nullptr || (type != wkbPolygon && type != wkbMultiPolygon))
            fail(name, "zones", "要素 " + id + " 不是面 / feature " + id + " is not a polygon");
        if (g->transform(ct.get()) != OGRERR_NONE)
            fail(name, "zones",
                 "要素 " + id + " 无法转换坐标 / feature " + id + " cannot be transformed");
        ZoneShape z;
        z.schoolId = id;
        z.wkb.resize(g->WkbSize());
        g->exportToWkb(wkbNDR, z.wkb.data(), wkbVariantIso);
        out.push_back(std::move(z));
    }
    return out;
}

} // namespace xw::gis
