#include "detail/working_crs.hpp"

#include <xw/gis/error.hpp>

#include "detail/load/manifest.hpp"

#include <cpl_conv.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace xw::gis::detail {
namespace {

constexpr double kPi = 3.14159265358979323846;

bool isWebMercator(const OGRSpatialReference& srs) {
    const char* code = srs.GetAuthorityCode(nullptr);
    if (code != nullptr) {
        const std::string c = code;
        if (c == "3857" || c == "900913" || c == "3785" || c == "102100" || c == "102113") {
            return true;
        }
    }
    char* proj4 = nullptr;
    bool sphericalMercator = false;
    if (srs.exportToProj4(&proj4) == OGRERR_NONE && proj4 != nullptr) {
        const std::string p = proj4;
        sphericalMercator = p.find("+proj=merc") != std::string::npos &&
                            (p.find("+nadgrids=@null") != std::string::npos ||
                             (p.find("+a=6378137") != std::string::npos &&
                              p.find("+b=6378137") != std::string::npos));
    }
    CPLFree(proj4);
    return sphericalMercator;
}

/// The working → geographic transformation of `working`'s own geographic CRS (lon, lat order).
CtPtr toGeographic(const OGRSpatialReference& working, OGRSpatialReference& geographic) {
    if (geographic.CopyGeogCSFrom(&working) != OGRERR_NONE) {
        return nullptr;
    }
    geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return CtPtr(OGRCreateCoordinateTransformation(&working, &geographic));
}

} // namespace

SrsPtr workingSrs(const std::string& text) {
    SrsPtr srs = parseSrs(text);
    if (!srs) {
        throw GisError(kManifestName, "", "未知坐标系 / unknown CRS: working_crs \"" + text + "\"");
    }
    if (srs->IsGeographic()) {
        throw GisError(
            kManifestName, "",
            "工作坐标系必须是以米为单位的投影坐标系，不能是经纬度 / the working CRS must "
            "be projected in metres, not geographic (degrees): \"" +
                text +
                "\"; 请用当地的高斯-克吕格 3 度带，如 EPSG:4546 / use the local "
                "Gauss-Krüger 3-degree zone, e.g. EPSG:4546");
    }
    if (!srs->IsProjected() || std::abs(srs->GetLinearUnits() - 1.0) > 1e-9) {
        throw GisError(kManifestName, "",
                       "工作坐标系必须是以米为单位的投影坐标系 / the working CRS must be projected "
                       "in metres: \"" +
                           text + "\"");
    }
    if (isWebMercator(*srs)) {
        throw GisError(
            kManifestName, "",
            "工作坐标系不能是 Web 墨卡托 / the working CRS must not be Web Mercator: \"" + text +
                "\": 它把长度放大 1/cos(纬度) 倍，北纬 22° 处约 8% / it stretches "
                "lengths by 1 / cos(latitude), about 8 % at 22° N, which moves "
                "children between schools; 请用当地的高斯-克吕格 3 度带，如 EPSG:4546 / "
                "use the local Gauss-Krüger 3-degree zone, e.g. EPSG:4546");
    }
    return srs;
}

std::optional<double> maxScaleError(const OGRSpatialReference& working, const OGREnvelope& extent) {
    OGRSpatialReference geographic;
    const CtPtr toGeo = toGeographic(working, geographic);
    if (!toGeo) {
        return std::nullopt;
    }
    const CtPtr fromGeo(OGRCreateCoordinateTransformation(&geographic, &working));
    if (!fromGeo) {
        return std::nullopt;
    }
    OGRErr err = OGRERR_NONE;
    const double a = geographic.GetSemiMajor(&err);
    const double invF = geographic.GetInvFlattening(&err);
    if (err != OGRERR_NONE || !(a > 0.0)) {
        return std::nullopt;
    }
    const double f = invF > 0.0 ? 1.0 / invF : 0.0;
    const double e2 = f * (2.0 - f);
    constexpr int kSteps = 5;
    constexpr double kStepDegrees = 1e-4;
    double worst = 0.0;
    for (int iy = 0; iy < kSteps; ++iy) {
        for (int ix = 0; ix < kSteps; ++ix) {
            double lon = extent.MinX + (extent.MaxX - extent.MinX) * ix / (kSteps - 1);
            double lat = extent.MinY + (extent.MaxY - extent.MinY) * iy / (kSteps - 1);
            if (!toGeo->Transform(1, &lon, &lat)) {
                return std::nullopt;
            }
            std::array<double, 4> xs{lon - kStepDegrees / 2, lon + kStepDegrees / 2, lon, lon};
            std::array<double, 4> ys{lat, lat, lat - kStepDegrees / 2, lat + kStepDegrees / 2};
            if (!fromGeo->Transform(4, xs.data(), ys.data())) {
                return std::nullopt;
            }
            const double phi = lat * kPi / 180.0;
            const double step = kStepDegrees * kPi / 180.0;
            const double w = std::sqrt(1.0 - e2 * std::sin(phi) * std::sin(phi));
            const double n = a / w;                        // prime vertical radius of curvature
            const double m = a * (1.0 - e2) / (w * w * w); // meridian radius of curvature
            const double east =
                std::hypot(xs[1] - xs[0], ys[1] - ys[0]) / (n * std::cos(phi) * step);
            const double north = std::hypot(xs[3] - xs[2], ys[3] - ys[2]) / (m * step);
            if (!std::isfinite(east) || !std::isfinite(north)) {
                return std::nullopt;
            }
            worst = std::max({worst, std::abs(east - 1.0), std::abs(north - 1.0)});
        }
    }
    return worst;
}

std::string gaussKrugerZoneFor(double longitude) {
    if (!(longitude >= 73.5 && longitude < 136.5)) {
        return {};
    }
    const int cm = static_cast<int>(std::lround(longitude / 3.0)) * 3;
    return "EPSG:" + std::to_string(4534 + (cm - 75) / 3);
}

std::optional<double> centreLongitude(const OGRSpatialReference& working,
                                      const OGREnvelope& extent) {
    OGRSpatialReference geographic;
    const CtPtr toGeo = toGeographic(working, geographic);
    double x = (extent.MinX + extent.MaxX) / 2;
    double y = (extent.MinY + extent.MaxY) / 2;
    if (!toGeo || !toGeo->Transform(1, &x, &y)) {
        return std::nullopt;
    }
    return x;
}

} // namespace xw::gis::detail
