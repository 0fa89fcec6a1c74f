// Road networks read with GDAL/OGR (the OSM driver or any line layer) or built from lines. See
// road_network.hpp and docs/allocation.md ("Road distances").
#include <xw/gis/road_network.hpp>

#include "detail/ogr_util.hpp"
#include "roads/network_builder.hpp"
#include "roads/road_common.hpp"

#include <xw/core/detail/text.hpp>

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <stdexcept>
#include <system_error>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;
using core::PointM;
using detail::dist;
using detail::NetworkBuilder;

bool isOsmFile(const fs::path& file) {
    const std::string name = core::detail::lowerAscii(file.filename().string());
    const auto endsWith = [&](const std::string& s) {
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    return endsWith(".osm") || endsWith(".pbf");
}

/// The road layer opened, with its CRS resolved and the transformation to the working CRS.
struct RoadSource {
    detail::SrsPtr working;
    detail::SrsPtr source;
    GDALDatasetUniquePtr dataset;
    OGRLayer* layer = nullptr; ///< owned by the dataset
    std::string layerName;
    bool osm = false;        ///< read by GDAL's OSM driver
    detail::CtPtr transform; ///< source → working; null when they are the same
};

/// Opens `file` (named `label` in messages) and its road layer: options.layer, else "lines" of an
/// OSM file, else the first layer.
/// \throws GisError when the working CRS is not projected in metres, the file or the layer is
/// missing, or the source CRS is unknown or cannot be transformed.
RoadSource openRoadSource(const fs::path& file, const std::string& label,
                          const std::string& workingCrs, const RoadNetworkOptions& options) {
    const std::string wantedLayer =
        options.layer ? *options.layer : (isOsmFile(file) ? std::string("lines") : std::string());
    const auto fail = [&](const std::string& layer, const std::string& message) {
        throw GisError(label, layer, message);
    };
    RoadSource r;
    detail::SrsPtr& working = r.working;
    working = detail::parseSrs(workingCrs);
    if (!working)
        fail(wantedLayer, "未知坐标系 / unknown CRS: working CRS \"" + workingCrs + "\"");
    if (!working->IsProjected() || std::abs(working->GetLinearUnits() - 1.0) > 1e-9)
        fail(wantedLayer, "工作坐标系必须是以米为单位的投影坐标系 / the working CRS must be "
                          "projected in metres: " +
                              workingCrs);
    std::error_code ec;
    if (label.rfind("/vsi", 0) != 0 && !fs::exists(file, ec))
        fail(wantedLayer, "路网文件不存在 / road network file not found: " + label);
    GDALDatasetUniquePtr& ds = r.dataset;
    ds.reset(GDALDataset::FromHandle(
        GDALOpenEx(label.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds)
        fail(wantedLayer, "无法打开路网文件 / cannot open road network: " + label + ": " +
                              detail::lastGdalError());
    r.osm = ds->GetDriver() != nullptr && std::string(ds->GetDriver()->GetDescription()) == "OSM";
    OGRLayer*& layer = r.layer;
    if (!wantedLayer.empty())
        layer = ds->GetLayerByName(wantedLayer.c_str());
    else if (ds->GetLayerCount() > 0)
        layer = ds->GetLayer(0);
    if (layer == nullptr)
        fail(wantedLayer, "图层不存在 / layer not found: " + label +
                              (wantedLayer.empty() ? std::string(" (没有图层 no layer)")
                                                   : " 图层 layer " + wantedLayer));
    r.layerName = layer->GetName();
    const std::string& layerName = r.layerName;

    detail::SrsPtr& source = r.source;
    if (options.crs) {
        source = detail::parseSrs(*options.crs);
        if (!source)
            fail(layerName, "未知坐标系 / unknown CRS: " + label + " [" + layerName + "] crs \"" +
                                *options.crs + "\"");
    } else if (layer->GetSpatialRef() != nullptr) {
        source = detail::cloneSrs(*layer->GetSpatialRef());
    } else {
        fail(layerName, "未知坐标系 / unknown CRS: " + label + " [" + layerName +
                            "] 数据源未声明坐标系 / the source declares no CRS");
    }
    detail::CtPtr& transform = r.transform;
    if (!source->IsSame(working.get())) {
        transform.reset(OGRCreateCoordinateTransformation(source.get(), working.get()));
        if (!transform)
            fail(layerName, "无法转换坐标系 / cannot transform CRS: " + label + " " +
                                detail::srsLabel(*source) + " → " + detail::srsLabel(*working) +
                                ": " + detail::lastGdalError());
    }
    return r;
}

} // namespace

double RoadNetwork::totalLengthMeters() const {
    double total = 0.0;
    for (const Segment& s : segments)
        total += s.lengthMeters;
    return total;
}

RoadNetwork buildRoadNetwork(const std::vector<std::vector<PointM>>& lines,
                             double snapToleranceMeters) {
    RoadNetwork net;
    NetworkBuilder builder(net, snapToleranceMeters);
    for (const auto& line : lines) {
        for (const PointM& p : line)
            if (!std::isfinite(p.x) || !std::isfinite(p.y))
                throw std::invalid_argument("buildRoadNetwork: a coordinate is not finite");
        if (builder.addLine(line) > 0)
            ++net.linesUsed;
    }
    return net;
}

RoadNetwork readRoadNetwork(const fs::path& file, const std::string& workingCrs,
                            const RoadNetworkOptions& options) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const std::string label = file.string();
    const auto fail = [&](const std::string& layer, const std::string& message) {
        throw GisError(label, layer, message);
    };
    RoadSource road = openRoadSource(file, label, workingCrs, options);
    GDALDatasetUniquePtr& ds = road.dataset;
    OGRLayer* const layer = road.layer;
    const std::string& layerName = road.layerName;
    const bool osm = road.osm;
    const detail::CtPtr& transform = road.transform;
    const int highwayField = layer->GetLayerDefn()->GetFieldIndex("highway");
    const int otherTagsField = layer->GetLayerDefn()->GetFieldIndex("other_tags");
    const int osmIdField = layer->GetLayerDefn()->GetFieldIndex("osm_id");
    if (osm && highwayField < 0)
        fail(layerName, "缺少字段 / field missing: " + label + " [" + layerName + "] highway");
    // Ways are told apart by their class in OSM files always, elsewhere with a profile and a
    // highway field. Walkers and cyclists also use pedestrian areas (closed area=yes ways, which
    // the OSM driver puts in its multipolygons layer): their outlines join the network.
    const bool classified = osm || (options.profile && highwayField >= 0);
    OGRLayer* areas = nullptr;
    if (osm && options.profile && *options.profile != core::TravelProfile::Bus)
        areas = ds->GetLayerByName("multipolygons");
    int areaTagsField = -1, areaIdField = -1;
    if (areas != nullptr) {
        areaTagsField = areas->GetLayerDefn()->GetFieldIndex("other_tags");
        areaIdField = areas->GetLayerDefn()->GetFieldIndex("osm_way_id");
        if (areas->GetSpatialRef() == nullptr || areaTagsField < 0)
            areas = nullptr; // nothing to read the class from
    }

    RoadNetwork net;
    net.source = label;
    net.layer = layerName;
    net.profile = options.profile;
    NetworkBuilder builder(net, options.snapToleranceMeters);
    std::size_t features = 0;
    std::vector<PointM> part;
    std::vector<std::vector<PointM>> parts;
    const auto process = [&](OGRFeature& f, bool area) {
        ++features;
        const int idField = area ? areaIdField : osmIdField;
        const std::string id = idField >= 0 && f.IsFieldSetAndNotNull(idField)
                                   ? std::string("osm_id ") + f.GetFieldAsString(idField)
                                   : "FID " + std::to_string(f.GetFID());
        const auto skip = [&](const std::string& why) {
            ++net.featuresSkipped;
            net.problems.push_back({Severity::Error, label, layerName, id, "", why});
        };
        std::string classKey;
        if (classified || area) {
            WayTags tags;
            const int tagsField = area ? areaTagsField : otherTagsField;
            if (tagsField >= 0 && f.IsFieldSetAndNotNull(tagsField))
                tags.other = parseOtherTags(f.GetFieldAsString(tagsField));
            if (area) {
                tags.highway = tags.other.count("highway") != 0 ? tags.other["highway"] : "";
                if (tags.highway.empty()) { // buildings, land use …: not ways at all
                    ++net.featuresSkipped;
                    return;
                }
            } else if (f.IsFieldSetAndNotNull(highwayField)) {
                tags.highway = f.GetFieldAsString(highwayField);
            }
            classKey = (tags.highway.empty() ? std::string("(none)") : tags.highway) +
                       (area ? " (area)" : "");
            const std::optional<std::string> reason =
                options.profile ? wayVerdict(*options.profile, tags)
                                : (isTravelledHighway(tags.highway)
                                       ? std::nullopt
                                       : std::optional<std::string>("not a travelled way"));
            if (reason) {
                ++net.featuresSkipped; // rivers, railways, motorways …: counted, not reported
                if (options.profile) {
                    ++net.classes[classKey].dropped;
                    ++net.droppedByReason[*reason];
                }
                return;
            }
        }
        const OGRGeometry* g0 = f.GetGeometryRef();
        if (g0 == nullptr || g0->IsEmpty()) {
            skip("缺少几何 / missing geometry");
            return;
        }
        OGRGeometryUniquePtr g(g0->hasCurveGeometry() ? g0->getLinearGeometry() : g0->clone());
        const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
        const bool polygonal = type == wkbPolygon || type == wkbMultiPolygon;
        if (type != wkbLineString && type != wkbMultiLineString && !(area && polygonal)) {
            skip(std::string("几何不是线 / geometry is not a line: ") +
                 OGRGeometryTypeToName(type));
            return;
        }
        if (transform && g->transform(transform.get()) != OGRERR_NONE) {
            skip("坐标无法转换到工作坐标系 / cannot transform to the working CRS: " +
                 detail::lastGdalError());
            return;
        }
        parts.clear();
        const auto take = [&](const OGRSimpleCurve& line) {
            part.clear();
            for (int k = 0; k < line.getNumPoints(); ++k)
                part.push_back({line.getX(k), line.getY(k)});
            parts.push_back(part);
        };
        const auto takePolygon = [&](const OGRPolygon& p) {
            for (const OGRLinearRing* ring : p)
                take(*ring);
        };
        if (type == wkbLineString) {
            take(*g->toLineString());
        } else if (type == wkbMultiLineString) {
            for (const OGRLineString* line : *g->toMultiLineString())
                take(*line);
        } else if (type == wkbPolygon) {
            takePolygon(*g->toPolygon());
        } else {
            for (const OGRPolygon* p : *g->toMultiPolygon())
                takePolygon(*p);
        }
        for (const auto& p : parts)
            for (const PointM& q : p)
                if (!std::isfinite(q.x) || !std::isfinite(q.y)) {
                    skip("坐标不是有限数 / coordinate is not a finite number");
                    return;
                }
        std::size_t segments = 0;
        double length = 0.0;
        for (const auto& p : parts) {
            segments += builder.addLine(p);
            for (std::size_t k = 0; k + 1 < p.size(); ++k)
                length += dist(p[k], p[k + 1]);
        }
        if (segments > 0) {
            ++net.linesUsed;
            if (options.profile && !classKey.empty()) {
                ++net.classes[classKey].kept;
                net.classes[classKey].keptMeters += length;
            }
        } else {
            skip("线少于两个不同的点 / line has fewer than two distinct points");
        }
    };
    if (osm) {
        // The OSM driver reads the file once for all layers: take the dataset's features in file
        // order and keep those of the wanted layer.
        ds->ResetReading();
        for (;;) {
            OGRLayer* from = nullptr;
            OGRFeatureUniquePtr f(ds->GetNextFeature(&from, nullptr, nullptr, nullptr));
            if (!f)
                break;
            if (from == layer)
                process(*f, false);
            else if (areas != nullptr && from == areas)
                process(*f, true);
        }
    } else {
        layer->ResetReading();
        for (;;) {
            OGRFeatureUniquePtr f(layer->GetNextFeature());
            if (!f)
                break;
            process(*f, false);
        }
    }
    if (net.segments.empty())
        fail(layerName, "路网没有可用的线 / no usable road line: " + label + " [" + layerName +
                            "] (" + std::to_string(features) + " 个要素 features, " +
                            std::to_string(net.featuresSkipped) + " 个跳过 skipped)");
    return net;
}

} // namespace xw::gis
