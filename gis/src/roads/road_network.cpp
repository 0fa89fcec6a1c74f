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
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

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

/// Where a layer keeps a way's id and tags; -1 for a field the layer lacks.
struct WayFields {
    int id = -1;
    int highway = -1; ///< the road layer only: an area keeps its highway tag in other_tags
    int otherTags = -1;
};

/// The OSM multipolygons layer when walkers or cyclists are profiled: their pedestrian areas
/// (closed area=yes ways) join the network. Null otherwise, or when the layer has no CRS or no
/// tags to read the class from. `fields` gets the layer's id and tags fields.
OGRLayer* pedestrianAreas(const RoadSource& road, const RoadNetworkOptions& options,
                          WayFields& fields) {
    if (!road.osm || !options.profile || *options.profile == core::TravelProfile::Bus)
        return nullptr;
    OGRLayer* areas = road.dataset->GetLayerByName("multipolygons");
    if (areas == nullptr)
        return nullptr;
    fields.otherTags = areas->GetLayerDefn()->GetFieldIndex("other_tags");
    fields.id = areas->GetLayerDefn()->GetFieldIndex("osm_way_id");
    if (areas->GetSpatialRef() == nullptr || fields.otherTags < 0)
        return nullptr; // nothing to read the class from
    return areas;
}

/// Adds features one by one to a network: drops the ways not travelled (counted by class and
/// reason when profiled) and reports, as skipped, the features whose lines cannot be used.
class FeatureReader {
public:
    /// `net` names the source and layer (for the problems) and outlives the reader.
    FeatureReader(RoadNetwork& net, const RoadSource& road, const RoadNetworkOptions& options,
                  WayFields roadFields, WayFields areaFields, bool classified)
        : m_net(net), m_options(options), m_transform(road.transform.get()),
          m_roadFields(roadFields), m_areaFields(areaFields), m_classified(classified),
          m_builder(net, options.snapToleranceMeters) {}

    /// Adds one feature of the road layer, or of the areas layer when `area`.
    void add(OGRFeature& f, bool area) {
        ++m_features;
        const std::optional<std::string> classKey = travelledClass(f, area);
        if (!classKey)
            return;
        const int idField = area ? m_areaFields.id : m_roadFields.id;
        const std::string id = idField >= 0 && f.IsFieldSetAndNotNull(idField)
                                   ? std::string("osm_id ") + f.GetFieldAsString(idField)
                                   : "FID " + std::to_string(f.GetFID());
        if (const std::optional<std::string> why = readParts(f, area)) {
            skip(id, *why);
            return;
        }
        addParts(*classKey, id);
    }

    /// Features seen, whether added or not.
    [[nodiscard]] std::size_t features() const { return m_features; }

private:
    void skip(const std::string& id, const std::string& why) {
        ++m_net.featuresSkipped;
        m_net.problems.push_back({Severity::Error, m_net.source, m_net.layer, id, "", why});
    }

    /// The way's class key ("" when ways are not told apart), or nothing when the way is not
    /// travelled: counted as skipped, and by class and reason under a profile.
    std::optional<std::string> travelledClass(OGRFeature& f, bool area) {
        if (!m_classified && !area)
            return std::string();
        WayTags tags;
        const int tagsField = area ? m_areaFields.otherTags : m_roadFields.otherTags;
        if (tagsField >= 0 && f.IsFieldSetAndNotNull(tagsField))
            tags.other = parseOtherTags(f.GetFieldAsString(tagsField));
        if (area) {
            tags.highway = tags.other.count("highway") != 0 ? tags.other["highway"] : "";
            if (tags.highway.empty()) { // buildings, land use …: not ways at all
                ++m_net.featuresSkipped;
                return std::nullopt;
            }
        } else if (f.IsFieldSetAndNotNull(m_roadFields.highway)) {
            tags.highway = f.GetFieldAsString(m_roadFields.highway);
        }
        std::string classKey =
            (tags.highway.empty() ? std::string("(none)") : tags.highway) + (area ? " (area)" : "");
        const std::optional<std::string> reason =
            m_options.profile ? wayVerdict(*m_options.profile, tags)
                              : (isTravelledHighway(tags.highway)
                                     ? std::nullopt
                                     : std::optional<std::string>("not a travelled way"));
        if (reason) {
            ++m_net.featuresSkipped; // rivers, railways, motorways …: counted, not reported
            if (m_options.profile) {
                ++m_net.classes[classKey].dropped;
                ++m_net.droppedByReason[*reason];
            }
            return std::nullopt;
        }
        return classKey;
    }

    /// Reads the feature's lines (an area's rings) into m_parts in the working CRS; returns why
    /// it cannot, or nothing.
    std::optional<std::string> readParts(const OGRFeature& f, bool area) {
        const OGRGeometry* g0 = f.GetGeometryRef();
        if (g0 == nullptr || g0->IsEmpty())
            return "缺少几何 / missing geometry";
        OGRGeometryUniquePtr g(g0->hasCurveGeometry() ? g0->getLinearGeometry() : g0->clone());
        const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
        const bool polygonal = type == wkbPolygon || type == wkbMultiPolygon;
        if (type != wkbLineString && type != wkbMultiLineString && !(area && polygonal))
            return std::string("几何不是线 / geometry is not a line: ") +
                   OGRGeometryTypeToName(type);
        if (m_transform != nullptr && g->transform(m_transform) != OGRERR_NONE)
            return "坐标无法转换到工作坐标系 / cannot transform to the working CRS: " +
                   detail::lastGdalError();
        m_parts.clear();
        const auto take = [&](const OGRSimpleCurve& line) {
            m_part.clear();
            for (int k = 0; k < line.getNumPoints(); ++k)
                m_part.push_back({line.getX(k), line.getY(k)});
            m_parts.push_back(m_part);
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
        for (const auto& p : m_parts)
            for (const PointM& q : p)
                if (!std::isfinite(q.x) || !std::isfinite(q.y))
                    return "坐标不是有限数 / coordinate is not a finite number";
        return std::nullopt;
    }

    /// Adds m_parts to the network and tallies the class's kept length.
    void addParts(const std::string& classKey, const std::string& id) {
        std::size_t segments = 0;
        double length = 0.0;
        for (const auto& p : m_parts) {
            segments += m_builder.addLine(p);
            for (std::size_t k = 0; k + 1 < p.size(); ++k)
                length += dist(p[k], p[k + 1]);
        }
        if (segments == 0) {
            skip(id, "线少于两个不同的点 / line has fewer than two distinct points");
            return;
        }
        ++m_net.linesUsed;
        if (m_options.profile && !classKey.empty()) {
            ++m_net.classes[classKey].kept;
            m_net.classes[classKey].keptMeters += length;
        }
    }

    RoadNetwork& m_net;
    const RoadNetworkOptions& m_options;
    OGRCoordinateTransformation* m_transform; ///< owned by the RoadSource; null for none
    WayFields m_roadFields;
    WayFields m_areaFields;
    bool m_classified; ///< ways of the road layer are told apart by class
    NetworkBuilder m_builder;
    std::size_t m_features = 0;
    std::vector<PointM> m_part;
    std::vector<std::vector<PointM>> m_parts;
};

/// Feeds the road layer's features (and the areas', when not null) to `reader` in file order.
void readFeatures(RoadSource& road, OGRLayer* areas, FeatureReader& reader) {
    if (road.osm) {
        // The OSM driver reads the file once for all layers: take the dataset's features in file
        // order and keep those of the wanted layer.
        road.dataset->ResetReading();
        for (;;) {
            OGRLayer* from = nullptr;
            OGRFeatureUniquePtr f(road.dataset->GetNextFeature(&from, nullptr, nullptr, nullptr));
            if (!f)
                break;
            if (from == road.layer)
                reader.add(*f, false);
            else if (areas != nullptr && from == areas)
                reader.add(*f, true);
        }
    } else {
        road.layer->ResetReading();
        for (;;) {
            OGRFeatureUniquePtr f(road.layer->GetNextFeature());
            if (!f)
                break;
            reader.add(*f, false);
        }
    }
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
    RoadSource road = openRoadSource(file, label, workingCrs, options);
    const std::string& layerName = road.layerName;
    OGRFeatureDefn& defn = *road.layer->GetLayerDefn();
    WayFields roadFields;
    roadFields.id = defn.GetFieldIndex("osm_id");
    roadFields.highway = defn.GetFieldIndex("highway");
    roadFields.otherTags = defn.GetFieldIndex("other_tags");
    if (road.osm && roadFields.highway < 0)
        throw GisError(label, layerName,
                       "缺少字段 / field missing: " + label + " [" + layerName + "] highway");
    // Ways are told apart by their class in OSM files always, elsewhere with a profile and a
    // highway field.
    const bool classified = road.osm || (options.profile && roadFields.highway >= 0);
    WayFields areaFields;
    OGRLayer* const areas = pedestrianAreas(road, options, areaFields);

    RoadNetwork net;
    net.source = label;
    net.layer = layerName;
    net.profile = options.profile;
    FeatureReader reader(net, road, options, roadFields, areaFields, classified);
    readFeatures(road, areas, reader);
    if (net.segments.empty())
        throw GisError(label, layerName,
                       "路网没有可用的线 / no usable road line: " + label + " [" + layerName +
                           "] (" + std::to_string(reader.features()) + " 个要素 features, " +
                           std::to_string(net.featuresSkipped) + " 个跳过 skipped)");
    return net;
}

} // namespace xw::gis
