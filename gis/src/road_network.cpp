// Road networks (GDAL/OGR, OSM driver) and shortest-path distances over them. See
// road_network.hpp and docs/allocation.md ("Road distances").
#include <xw/gis/road_network.hpp>

#include "detail/ogr_util.hpp"

#include <xw/core/detail/text.hpp>

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <memory>
#include <queue>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;
using core::PointM;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

double dist(const PointM& a, const PointM& b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

/// Adds lines to a RoadNetwork, merging coordinates within the tolerance into one vertex: a hash
/// grid with cells of the tolerance's size, so a coordinate's possible partners lie in the 3 × 3
/// cells around it. Collisions of the cell hash only add candidates that the distance test drops.
class NetworkBuilder {
public:
    NetworkBuilder(RoadNetwork& net, double toleranceMeters)
        : m_net(net), m_tol(std::max(0.0, toleranceMeters)),
          m_cell(std::max(toleranceMeters, 1.0e-3)) {}

    /// Adds one polyline; returns the number of segments it gave.
    std::size_t addLine(const std::vector<PointM>& line) {
        std::size_t added = 0;
        std::uint32_t prev = kNone;
        for (const PointM& p : line) {
            const std::uint32_t v = vertex(p);
            if (prev != kNone && v != prev) {
                m_net.segments.push_back({prev, v, dist(m_net.vertices[prev], m_net.vertices[v])});
                ++added;
            }
            prev = v;
        }
        return added;
    }

private:
    std::uint32_t vertex(const PointM& p) {
        const auto cx = static_cast<std::int64_t>(std::floor(p.x / m_cell));
        const auto cy = static_cast<std::int64_t>(std::floor(p.y / m_cell));
        std::uint32_t best = kNone;
        double bestD = std::numeric_limits<double>::infinity();
        for (std::int64_t dy = -1; dy <= 1; ++dy)
            for (std::int64_t dx = -1; dx <= 1; ++dx) {
                const auto it = m_head.find(key(cx + dx, cy + dy));
                if (it == m_head.end())
                    continue;
                for (std::uint32_t v = it->second; v != kNone; v = m_next[v]) {
                    const double d = dist(p, m_net.vertices[v]);
                    if (d <= m_tol && (d < bestD || (d == bestD && v < best))) {
                        best = v;
                        bestD = d;
                    }
                }
            }
        if (best != kNone)
            return best;
        if (m_net.vertices.size() >= kNone)
            throw std::length_error("road network: more than 4 billion vertices");
        const auto v = static_cast<std::uint32_t>(m_net.vertices.size());
        m_net.vertices.push_back(p);
        auto [it, inserted] = m_head.try_emplace(key(cx, cy), v);
        m_next.push_back(inserted ? kNone : it->second);
        it->second = v;
        return v;
    }

    static std::uint64_t key(std::int64_t x, std::int64_t y) {
        return static_cast<std::uint64_t>(x) * 0x9E3779B97F4A7C15ULL ^
               static_cast<std::uint64_t>(y);
    }

    RoadNetwork& m_net;
    double m_tol;
    double m_cell;
    std::unordered_map<std::uint64_t, std::uint32_t> m_head; ///< cell → last vertex added
    std::vector<std::uint32_t> m_next;                       ///< vertex → previous in its cell
};

bool isOsmFile(const fs::path& file) {
    const std::string name = core::detail::lowerAscii(file.filename().string());
    const auto endsWith = [&](const std::string& s) {
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    return endsWith(".osm") || endsWith(".pbf");
}

/// Nearest segment of a set, by a uniform grid over the segments: a segment is listed in every
/// cell it passes through, so the point of a segment nearest to p lies in a listed cell, and a
/// cell k rings away from p's cell is at least (k − 1) cells away.
class SegmentIndex {
public:
    SegmentIndex(const RoadNetwork& net, std::vector<std::uint32_t> segments)
        : m_net(net), m_segments(std::move(segments)) {
        if (m_segments.empty())
            return;
        m_minX = m_minY = std::numeric_limits<double>::infinity();
        double maxX = -m_minX, maxY = -m_minY;
        for (const std::uint32_t s : m_segments)
            for (const std::uint32_t v : {m_net.segments[s].a, m_net.segments[s].b}) {
                const PointM& p = m_net.vertices[v];
                m_minX = std::min(m_minX, p.x);
                m_minY = std::min(m_minY, p.y);
                maxX = std::max(maxX, p.x);
                maxY = std::max(maxY, p.y);
            }
        const double area = std::max(maxX - m_minX, 1.0) * std::max(maxY - m_minY, 1.0);
        m_cell = std::max(std::sqrt(area / static_cast<double>(m_segments.size())), 1.0);
        m_nx = static_cast<long>((maxX - m_minX) / m_cell) + 1;
        m_ny = static_cast<long>((maxY - m_minY) / m_cell) + 1;
        m_start.assign(static_cast<std::size_t>(m_nx * m_ny) + 1, 0);
        for (const std::uint32_t s : m_segments)
            forEachCell(s, [&](std::size_t c) { ++m_start[c + 1]; });
        for (std::size_t c = 1; c < m_start.size(); ++c)
            m_start[c] += m_start[c - 1];
        m_items.resize(m_start.back());
        std::vector<std::size_t> next(m_start.begin(), m_start.end() - 1);
        for (const std::uint32_t s : m_segments)
            forEachCell(s, [&](std::size_t c) { m_items[next[c]++] = s; });
    }

    struct Hit {
        std::uint32_t segment = kNone;
        double t = 0.0; ///< 0 at the segment's a, 1 at b
        PointM at;
        double d = std::numeric_limits<double>::infinity();
    };

    /// The nearest point on the nearest segment (ties: lowest segment index). The search starts
    /// from the cell nearest p (clamped into the grid), visits square rings of cells, only those
    /// inside the grid, and stops when no unvisited cell can hold a nearer segment: at most
    /// max(nx, ny) rings wherever p lies, however the segments are laid out.
    [[nodiscard]] Hit nearest(const PointM& p) const {
        Hit best;
        if (m_items.empty())
            return best;
        const long cxp = cx(p.x);
        const long cyp = cy(p.y);
        const long maxRing = std::max({cxp, m_nx - 1 - cxp, cyp, m_ny - 1 - cyp});
        const auto visit = [&](long x, long y) {
            const auto c = static_cast<std::size_t>(y * m_nx + x);
            for (std::size_t k = m_start[c]; k < m_start[c + 1]; ++k)
                consider(p, m_items[k], best);
        };
        // Distance from p to the box of cells [x0, x1] × [y0, y1] (cell i spans
        // [min + i·cell, min + (i + 1)·cell]).
        const auto boxDistance = [&](long x0, long x1, long y0, long y1) {
            const double dx = std::max({0.0, m_minX + static_cast<double>(x0) * m_cell - p.x,
                                        p.x - (m_minX + static_cast<double>(x1 + 1) * m_cell)});
            const double dy = std::max({0.0, m_minY + static_cast<double>(y0) * m_cell - p.y,
                                        p.y - (m_minY + static_cast<double>(y1 + 1) * m_cell)});
            return std::sqrt(dx * dx + dy * dy);
        };
        for (long ring = 0; ring <= maxRing; ++ring) {
            const long x0 = cxp - ring, x1 = cxp + ring, y0 = cyp - ring, y1 = cyp + ring;
            if (ring == 0) {
                visit(cxp, cyp);
            } else {
                for (const long y : {y0, y1})
                    if (y >= 0 && y < m_ny)
                        for (long x = std::max(x0, 0L); x <= std::min(x1, m_nx - 1); ++x)
                            visit(x, y);
                for (const long x : {x0, x1})
                    if (x >= 0 && x < m_nx)
                        for (long y = std::max(y0 + 1, 0L); y <= std::min(y1 - 1, m_ny - 1); ++y)
                            visit(x, y);
            }
            if (ring == maxRing || best.segment == kNone)
                continue;
            // A segment's nearest point to p lies in a cell that lists it, so every segment not
            // yet seen is at least as far as the nearest unvisited cell.
            double bound = std::numeric_limits<double>::infinity();
            if (x0 > 0)
                bound = std::min(bound, boxDistance(0, x0 - 1, 0, m_ny - 1));
            if (x1 < m_nx - 1)
                bound = std::min(bound, boxDistance(x1 + 1, m_nx - 1, 0, m_ny - 1));
            if (y0 > 0)
                bound = std::min(bound, boxDistance(0, m_nx - 1, 0, y0 - 1));
            if (y1 < m_ny - 1)
                bound = std::min(bound, boxDistance(0, m_nx - 1, y1 + 1, m_ny - 1));
            if (bound > best.d + 1e-9 * (1.0 + best.d))
                break;
        }
        return best;
    }

private:
    void consider(const PointM& p, std::uint32_t s, Hit& best) const {
        const PointM& a = m_net.vertices[m_net.segments[s].a];
        const PointM& b = m_net.vertices[m_net.segments[s].b];
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double len2 = dx * dx + dy * dy;
        double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
        t = std::clamp(t, 0.0, 1.0);
        const PointM at{a.x + t * dx, a.y + t * dy};
        const double d = dist(p, at);
        if (d < best.d || (d == best.d && s < best.segment))
            best = {s, t, at, d};
    }

    [[nodiscard]] long cx(double x) const {
        return std::clamp(static_cast<long>(std::floor((x - m_minX) / m_cell)), 0L, m_nx - 1);
    }
    [[nodiscard]] long cy(double y) const {
        return std::clamp(static_cast<long>(std::floor((y - m_minY) / m_cell)), 0L, m_ny - 1);
    }

    /// Every cell the segment passes through (row by row: the x range of the segment within the
    /// row's band, widened by a micrometre against rounding).
    template <typename F> void forEachCell(std::uint32_t s, F&& f) const {
        const PointM& a = m_net.vertices[m_net.segments[s].a];
        const PointM& b = m_net.vertices[m_net.segments[s].b];
        const double y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
        for (long row = cy(y0); row <= cy(y1); ++row) {
            const double lo = std::max(y0, m_minY + static_cast<double>(row) * m_cell);
            const double hi = std::min(y1, m_minY + static_cast<double>(row + 1) * m_cell);
            double xlo = std::min(a.x, b.x), xhi = std::max(a.x, b.x);
            if (b.y != a.y) {
                const double xa = a.x + (lo - a.y) / (b.y - a.y) * (b.x - a.x);
                const double xb = a.x + (hi - a.y) / (b.y - a.y) * (b.x - a.x);
                xlo = std::max(xlo, std::min(xa, xb));
                xhi = std::min(xhi, std::max(xa, xb));
            }
            for (long col = cx(xlo - 1e-6); col <= cx(xhi + 1e-6); ++col)
                f(static_cast<std::size_t>(row * m_nx + col));
        }
    }

    const RoadNetwork& m_net;
    std::vector<std::uint32_t> m_segments;
    double m_minX = 0, m_minY = 0, m_cell = 1.0;
    long m_nx = 0, m_ny = 0;
    std::vector<std::size_t> m_start;
    std::vector<std::uint32_t> m_items;
};

} // namespace

double RoadNetwork::totalLengthMeters() const {
    double total = 0.0;
    for (const Segment& s : segments)
        total += s.lengthMeters;
    return total;
}

bool isTravelledHighway(std::string_view highway) {
    static constexpr std::array<std::string_view, 22> kKept = {
        "motorway",     "motorway_link", "trunk",          "trunk_link", "primary",
        "primary_link", "secondary",     "secondary_link", "tertiary",   "tertiary_link",
        "unclassified", "residential",   "living_street",  "service",    "pedestrian",
        "track",        "road",          "footway",        "path",       "steps",
        "cycleway",     "bridleway"};
    return std::find(kKept.begin(), kKept.end(), highway) != kKept.end();
}

std::map<std::string, std::string> parseOtherTags(std::string_view text) {
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    const auto quotedString = [&](std::string& value) {
        if (i >= text.size() || text[i] != '"')
            return false;
        ++i;
        value.clear();
        while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\' && i + 1 < text.size())
                ++i;
            value.push_back(text[i++]);
        }
        if (i >= text.size())
            return false;
        ++i; // closing quote
        return true;
    };
    std::string key, value;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ','))
            ++i;
        if (i >= text.size() || !quotedString(key))
            break;
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (text.substr(i, 2) != "=>")
            break;
        i += 2;
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (!quotedString(value))
            break;
        out[key] = value;
    }
    return out;
}

std::optional<std::string> wayVerdict(core::TravelProfile profile, const WayTags& way) {
    const auto tag = [&](const char* key) {
        const auto it = way.other.find(key);
        return it == way.other.end() ? std::string() : it->second;
    };
    const auto oneOf = [](const std::string& v, std::initializer_list<std::string_view> values) {
        return std::find(values.begin(), values.end(), v) != values.end();
    };
    const std::string& h = way.highway;
    const std::string access = tag("access");
    const bool accessClosed = oneOf(access, {"no", "private"});
    const bool motorroad = tag("motorroad") == "yes";
    switch (profile) {
    case core::TravelProfile::Walk: {
        const std::string foot = tag("foot");
        const bool footAllowed = oneOf(foot, {"yes", "designated", "permissive"});
        if (h == "motorway" || h == "motorway_link")
            return h;
        if (oneOf(foot, {"no", "use_sidepath"}))
            return "foot=" + foot;
        if (accessClosed && !footAllowed)
            return "access=" + access;
        if (motorroad && !footAllowed)
            return std::string("motorroad=yes");
        if (h == "trunk" || h == "trunk_link") {
            if (footAllowed || oneOf(tag("sidewalk"), {"both", "left", "right", "yes"}))
                return std::nullopt;
            return h + " (no sidewalk)";
        }
        if (oneOf(h,
                  {"footway", "path", "steps", "pedestrian", "living_street", "residential",
                   "service", "unclassified", "track", "road", "cycleway", "bridleway", "primary",
                   "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link"}))
            return std::nullopt;
        return std::string("not a walking way");
    }
    case core::TravelProfile::Cycle: {
        const std::string bicycle = tag("bicycle");
        const bool bikeAllowed = oneOf(bicycle, {"yes", "designated", "permissive"});
        if (h == "motorway" || h == "motorway_link" || h == "steps")
            return h;
        if (bicycle == "no" || bicycle == "use_sidepath")
            return "bicycle=" + bicycle;
        if (accessClosed && !bikeAllowed)
            return "access=" + access;
        if (motorroad && !bikeAllowed)
            return std::string("motorroad=yes");
        if (h == "footway" || h == "pedestrian")
            return bikeAllowed ? std::nullopt : std::optional<std::string>(h + " (no bicycle)");
        if (oneOf(h,
                  {"trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
                   "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
                   "service", "track", "road", "cycleway", "path", "bridleway"}))
            return std::nullopt;
        return std::string("not a cycling way");
    }
    case core::TravelProfile::Bus: {
        if (accessClosed)
            return "access=" + access;
        if (tag("motor_vehicle") == "no")
            return std::string("motor_vehicle=no");
        if (oneOf(h, {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
                      "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
                      "residential", "living_street", "service", "road"}))
            return std::nullopt;
        return std::string("not a road for vehicles");
    }
    }
    return std::string("unknown profile");
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
    const std::string wantedLayer =
        options.layer ? *options.layer : (isOsmFile(file) ? std::string("lines") : std::string());
    const auto fail = [&](const std::string& layer, const std::string& message) {
        throw GisError(label, layer, message);
    };
    const detail::SrsPtr working = detail::parseSrs(workingCrs);
    if (!working)
        fail(wantedLayer, "未知坐标系 / unknown CRS: working CRS \"" + workingCrs + "\"");
    if (!working->IsProjected() || std::abs(working->GetLinearUnits() - 1.0) > 1e-9)
        fail(wantedLayer, "工作坐标系必须是以米为单位的投影坐标系 / the working CRS must be "
                          "projected in metres: " +
                              workingCrs);
    std::error_code ec;
    if (label.rfind("/vsi", 0) != 0 && !fs::exists(file, ec))
        fail(wantedLayer, "路网文件不存在 / road network file not found: " + label);
    GDALDatasetUniquePtr ds(GDALDataset::FromHandle(
        GDALOpenEx(label.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds)
        fail(wantedLayer, "无法打开路网文件 / cannot open road network: " + label + ": " +
                              detail::lastGdalError());
    const bool osm =
        ds->GetDriver() != nullptr && std::string(ds->GetDriver()->GetDescription()) == "OSM";
    OGRLayer* layer = nullptr;
    if (!wantedLayer.empty())
        layer = ds->GetLayerByName(wantedLayer.c_str());
    else if (ds->GetLayerCount() > 0)
        layer = ds->GetLayer(0);
    if (layer == nullptr)
        fail(wantedLayer, "图层不存在 / layer not found: " + label +
                              (wantedLayer.empty() ? std::string(" (没有图层 no layer)")
                                                   : " 图层 layer " + wantedLayer));
    const std::string layerName = layer->GetName();

    detail::SrsPtr source;
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
    detail::CtPtr transform;
    if (!source->IsSame(working.get())) {
        transform.reset(OGRCreateCoordinateTransformation(source.get(), working.get()));
        if (!transform)
            fail(layerName, "无法转换坐标系 / cannot transform CRS: " + label + " " +
                                detail::srsLabel(*source) + " → " + detail::srsLabel(*working) +
                                ": " + detail::lastGdalError());
    }
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

RoadDistances::RoadDistances(const RoadNetwork& net, std::vector<PointM> facilities,
                             std::vector<PointM> points, const RoadDistanceOptions& options)
    : m_facilities(std::move(facilities)), m_points(std::move(points)) {
    const auto t0 = std::chrono::steady_clock::now();
    if (net.segments.empty())
        throw std::invalid_argument("RoadDistances: the road network has no segment");
    for (const auto* list : {&m_facilities, &m_points})
        for (const PointM& p : *list)
            if (!std::isfinite(p.x) || !std::isfinite(p.y))
                throw std::invalid_argument("RoadDistances: a location is not finite");
    const std::size_t nv = net.vertices.size();
    const std::size_t ns = net.segments.size();

    // Vertex → incident segments (CSR).
    std::vector<std::uint32_t> incStart(nv + 1, 0);
    for (const auto& s : net.segments) {
        ++incStart[s.a + 1];
        ++incStart[s.b + 1];
    }
    for (std::size_t v = 0; v < nv; ++v)
        incStart[v + 1] += incStart[v];
    std::vector<std::uint32_t> inc(incStart.back());
    {
        std::vector<std::uint32_t> next(incStart.begin(), incStart.end() - 1);
        for (std::uint32_t s = 0; s < ns; ++s) {
            inc[next[net.segments[s].a]++] = s;
            inc[next[net.segments[s].b]++] = s;
        }
    }

    // Junctions (degree ≠ 2) and chains: maximal runs of segments through degree-2 vertices.
    // A chain's positions are measured from its first junction; segOffset is the along-distance
    // of the segment's end nearer that junction.
    std::vector<std::uint32_t> junctionOf(nv, kNone);
    std::uint32_t junctions = 0;
    for (std::size_t v = 0; v < nv; ++v) {
        const std::uint32_t degree = incStart[v + 1] - incStart[v];
        if (degree > 0 && degree != 2)
            junctionOf[v] = junctions++;
    }
    std::vector<std::uint32_t> segChain(ns, kNone);
    std::vector<double> segOffset(ns, 0.0);
    std::vector<char> segForward(ns, 1);
    std::vector<std::uint32_t> chainStart, chainEnd;
    const auto walk = [&](std::uint32_t v0, std::uint32_t s0) {
        const auto c = static_cast<std::uint32_t>(m_chainLength.size());
        double along = 0.0;
        std::uint32_t v = v0, s = s0;
        for (;;) {
            const RoadNetwork::Segment& seg = net.segments[s];
            const bool forward = seg.a == v;
            const std::uint32_t w = forward ? seg.b : seg.a;
            segChain[s] = c;
            segOffset[s] = along;
            segForward[s] = forward ? 1 : 0;
            along += seg.lengthMeters;
            if (junctionOf[w] != kNone) {
                v = w;
                break;
            }
            s = inc[incStart[w]] == s ? inc[incStart[w] + 1] : inc[incStart[w]];
            v = w;
        }
        chainStart.push_back(junctionOf[v0]);
        chainEnd.push_back(junctionOf[v]);
        m_chainLength.push_back(along);
    };
    for (std::uint32_t v = 0; v < nv; ++v)
        if (junctionOf[v] != kNone)
            for (std::uint32_t k = incStart[v]; k < incStart[v + 1]; ++k)
                if (segChain[inc[k]] == kNone)
                    walk(v, inc[k]);
    for (std::uint32_t s = 0; s < ns; ++s)
        if (segChain[s] == kNone) { // a loop of degree-2 vertices: its first vertex is a junction
            junctionOf[net.segments[s].a] = junctions++;
            walk(net.segments[s].a, s);
        }
    m_junctionCount = junctions;
    const std::size_t chains = m_chainLength.size();

    // Junction graph (CSR); loops at one junction never shorten a path and are left out.
    std::vector<std::uint32_t> adjStart(junctions + 1, 0);
    for (std::size_t c = 0; c < chains; ++c)
        if (chainStart[c] != chainEnd[c]) {
            ++adjStart[chainStart[c] + 1];
            ++adjStart[chainEnd[c] + 1];
        }
    for (std::size_t j = 0; j < junctions; ++j)
        adjStart[j + 1] += adjStart[j];
    std::vector<std::pair<std::uint32_t, double>> adj(adjStart.back());
    {
        std::vector<std::uint32_t> next(adjStart.begin(), adjStart.end() - 1);
        for (std::size_t c = 0; c < chains; ++c)
            if (chainStart[c] != chainEnd[c]) {
                adj[next[chainStart[c]]++] = {chainEnd[c], m_chainLength[c]};
                adj[next[chainEnd[c]]++] = {chainStart[c], m_chainLength[c]};
            }
    }

    // Connected parts (union-find over the chains) and the ones locations may snap to.
    std::vector<std::uint32_t> parent(junctions);
    for (std::uint32_t j = 0; j < junctions; ++j)
        parent[j] = j;
    const auto find = [&](std::uint32_t j) {
        while (parent[j] != j) {
            parent[j] = parent[parent[j]];
            j = parent[j];
        }
        return j;
    };
    for (std::size_t c = 0; c < chains; ++c) {
        const std::uint32_t a = find(chainStart[c]), b = find(chainEnd[c]);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
    std::vector<double> componentLength(junctions, 0.0);
    for (std::size_t c = 0; c < chains; ++c)
        componentLength[find(chainStart[c])] += m_chainLength[c];
    double longest = 0.0;
    for (std::uint32_t j = 0; j < junctions; ++j)
        if (find(j) == j) {
            ++m_componentCount;
            longest = std::max(longest, componentLength[j]);
        }
    const double minLength = std::min(std::max(0.0, options.minSnapComponentMeters), longest);
    std::vector<char> snapRoot(junctions, 0);
    for (std::uint32_t j = 0; j < junctions; ++j)
        if (find(j) == j && componentLength[j] >= minLength)
            snapRoot[j] = 1;
    // A part shorter than that is still used when a school snaps onto it within the school's
    // reach (an island with its own school and a few kilometres of road): its children then reach
    // their own school instead of being snapped onto a mainland road kilometres away.
    {
        std::vector<std::uint32_t> all(ns);
        for (std::uint32_t s = 0; s < ns; ++s)
            all[s] = s;
        const SegmentIndex everything(net, std::move(all));
        for (std::size_t j = 0; j < m_facilities.size(); ++j) {
            const SegmentIndex::Hit h = everything.nearest(m_facilities[j]);
            const double reach = j < options.facilityReachMeters.size()
                                     ? options.facilityReachMeters[j]
                                     : std::numeric_limits<double>::infinity();
            if (h.segment != kNone && h.d <= reach)
                snapRoot[find(chainStart[segChain[h.segment]])] = 1;
        }
    }
    for (std::uint32_t j = 0; j < junctions; ++j)
        m_snapComponentCount += snapRoot[j];
    m_minSnapMeters = minLength;
    std::vector<std::uint32_t> snapSegments;
    for (std::uint32_t s = 0; s < ns; ++s)
        if (snapRoot[find(chainStart[segChain[s]])])
            snapSegments.push_back(s);
    const SegmentIndex index(net, std::move(snapSegments));

    const auto snap = [&](const PointM& p, RoadSnap& out, Position& pos) {
        const SegmentIndex::Hit h = index.nearest(p);
        const RoadNetwork::Segment& seg = net.segments[h.segment];
        out = {h.segment, h.at, h.d};
        pos.chain = segChain[h.segment];
        const double into = segForward[h.segment] ? h.t : 1.0 - h.t;
        pos.along =
            std::min(segOffset[h.segment] + into * seg.lengthMeters, m_chainLength[pos.chain]);
    };
    m_facilitySnaps.resize(m_facilities.size());
    m_facilityPos.resize(m_facilities.size());
    m_facilityComponentMeters.resize(m_facilities.size());
    for (std::size_t j = 0; j < m_facilities.size(); ++j) {
        snap(m_facilities[j], m_facilitySnaps[j], m_facilityPos[j]);
        m_facilityComponentMeters[j] = componentLength[find(chainStart[m_facilityPos[j].chain])];
    }
    m_pointSnaps.resize(m_points.size());
    m_pointPos.resize(m_points.size());
    for (std::size_t i = 0; i < m_points.size(); ++i)
        snap(m_points[i], m_pointSnaps[i], m_pointPos[i]);

    // Table columns: the junctions at both ends of the points' chains, in point order.
    std::vector<std::uint32_t> slotOf(junctions, kNone);
    m_pointSlotStart.resize(m_points.size());
    m_pointSlotEnd.resize(m_points.size());
    const auto slot = [&](std::uint32_t junction) {
        if (slotOf[junction] == kNone)
            slotOf[junction] = static_cast<std::uint32_t>(m_relevant++);
        return slotOf[junction];
    };
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        m_pointSlotStart[i] = slot(chainStart[m_pointPos[i].chain]);
        m_pointSlotEnd[i] = slot(chainEnd[m_pointPos[i].chain]);
    }

    // One Dijkstra search per facility, seeded at both ends of its chain with the leg plus the
    // partial chain length; each writes only its own row, so rows do not depend on the threads.
    m_table.assign(m_facilities.size() * m_relevant, std::numeric_limits<float>::infinity());
    const std::size_t relevant = m_relevant;
    std::atomic<std::size_t> nextFacility{0};
    const auto worker = [&] {
        std::vector<double> d(junctions, std::numeric_limits<double>::infinity());
        std::vector<std::uint32_t> touched;
        using Item = std::pair<double, std::uint32_t>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
        for (;;) {
            const std::size_t j = nextFacility.fetch_add(1);
            if (j >= m_facilities.size())
                break;
            const Position& pos = m_facilityPos[j];
            const double leg = m_facilitySnaps[j].legMeters;
            const auto seed = [&](std::uint32_t junction, double value) {
                if (value < d[junction]) {
                    if (std::isinf(d[junction]))
                        touched.push_back(junction);
                    d[junction] = value;
                    heap.push({value, junction});
                }
            };
            seed(chainStart[pos.chain], leg + pos.along);
            seed(chainEnd[pos.chain], leg + (m_chainLength[pos.chain] - pos.along));
            float* row = m_table.data() + j * relevant;
            std::size_t left = relevant;
            while (!heap.empty() && left > 0) {
                const auto [du, u] = heap.top();
                heap.pop();
                if (du > d[u])
                    continue;
                if (slotOf[u] != kNone) {
                    row[slotOf[u]] = static_cast<float>(du);
                    --left;
                }
                for (std::uint32_t k = adjStart[u]; k < adjStart[u + 1]; ++k)
                    seed(adj[k].first, du + adj[k].second);
            }
            heap = {};
            for (const std::uint32_t u : touched)
                d[u] = std::numeric_limits<double>::infinity();
            touched.clear();
        }
    };
    unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads)
                                           : std::max(1U, std::thread::hardware_concurrency());
    threads = std::min<unsigned>({threads, 8U, static_cast<unsigned>(m_facilities.size())});
    if (threads <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back(worker);
        for (auto& t : pool)
            t.join();
    }
    m_buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double RoadDistances::distance(std::size_t i, std::size_t j) const {
    const Position& p = m_pointPos[i];
    const Position& f = m_facilityPos[j];
    const double pointLeg = m_pointSnaps[i].legMeters;
    const float* row = m_table.data() + j * m_relevant;
    // Via either end of the point's chain (the row includes the facility's leg and partial).
    double road = pointLeg + std::min(static_cast<double>(row[m_pointSlotStart[i]]) + p.along,
                                      static_cast<double>(row[m_pointSlotEnd[i]]) +
                                          (m_chainLength[p.chain] - p.along));
    if (p.chain == f.chain) // directly along the shared chain
        road =
            std::min(road, pointLeg + std::abs(p.along - f.along) + m_facilitySnaps[j].legMeters);
    if (std::isinf(road))
        return kNoRoute;
    return std::max(road, dist(m_points[i], m_facilities[j]));
}

std::vector<Diagnostic> roadSnapWarnings(const RoadDistances& roads,
                                         const core::AllocationProblem& problem,
                                         const core::CityData& city,
                                         const std::vector<std::string>& pointIds,
                                         const std::vector<std::size_t>& facilityOf) {
    std::vector<Diagnostic> out;
    const std::string stage(core::stageCode(problem.stage));
    const auto metres = [](double v) { return std::to_string(std::llround(v)); };
    for (const core::AllocationPoint& p : problem.points) {
        if (p.gridIndex >= roads.pointCount())
            continue;
        const double leg = roads.pointSnap(p.gridIndex).legMeters;
        if (leg <= p.radiusMeters)
            continue;
        const std::string id = p.gridIndex < pointIds.size() && !pointIds[p.gridIndex].empty()
                                   ? pointIds[p.gridIndex]
                                   : "point " + std::to_string(p.gridIndex);
        out.push_back({Severity::Warning, "", "roads", id, stage,
                       "需求点离路网 " + metres(leg) + " m, 超过服务半径 " +
                           metres(p.radiusMeters) + " m / the demand point is " + metres(leg) +
                           " m from the road network, beyond its " + metres(p.radiusMeters) +
                           " m radius"});
    }
    const bool children = std::any_of(problem.points.begin(), problem.points.end(),
                                      [](const core::AllocationPoint& p) { return p.demand > 0; });
    for (std::size_t j = 0; j < problem.facilities.size(); ++j) {
        const core::AllocationFacility& f = problem.facilities[j];
        if (!children) // nobody to reach the school: nothing to warn about
            break;
        const std::size_t k = j < facilityOf.size() ? facilityOf[j] : f.schoolIndex;
        if (k >= roads.facilityCount() || f.schoolIndex >= city.schools.size())
            continue;
        const std::string& id = city.schools[f.schoolIndex].id;
        const double leg = roads.facilitySnap(k).legMeters;
        if (leg > f.radiusMeters)
            out.push_back({Severity::Warning, "", "roads", id, stage,
                           "学校离路网 " + metres(leg) + " m, 超过服务半径 " +
                               metres(f.radiusMeters) + " m / the school is " + metres(leg) +
                               " m from the road network, beyond its " + metres(f.radiusMeters) +
                               " m radius"});
        const double part = roads.facilityComponentMeters(k);
        if (part < roads.minSnapComponentMeters())
            out.push_back({Severity::Warning, "", "roads", id, stage,
                           "学校位于仅 " + metres(part) +
                               " m 长的独立路网上, 只能到达同一路网上的儿童 / the school is on a "
                               "separate part of the network only " +
                               metres(part) +
                               " m long: only children snapped onto that part reach it"});
    }
    return out;
}

} // namespace xw::gis
