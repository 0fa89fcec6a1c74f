#include "detail/working_crs.hpp"

#include <xw/gis/error.hpp>

#include "detail/manifest.hpp"

#include <cmath>

namespace xw::gis::detail {

SrsPtr workingSrs(const std::string& text) {
    SrsPtr srs = parseSrs(text);
    if (!srs) {
        throw GisError(kManifestName, "", "未知坐标系 / unknown CRS: working_crs \"" + text + "\"");
    }
    if (!srs->IsProjected() || std::abs(srs->GetLinearUnits() - 1.0) > 1e-9) {
        throw GisError(kManifestName, "",
                       "工作坐标系必须是以米为单位的投影坐标系 / the working CRS must be projected "
                       "in metres: \"" +
                           text + "\"");
    }
    return srs;
}

} // namespace xw::gis::detail
