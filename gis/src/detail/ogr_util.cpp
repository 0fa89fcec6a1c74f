#include "detail/ogr_util.hpp"

#include <cpl_error.h>
#include <gdal.h>

#include <mutex>

namespace xw::gis::detail {

void ensureGdalRegistered() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

QuietGdal::QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
}

QuietGdal::~QuietGdal() {
    CPLPopErrorHandler();
}

std::string lastGdalError() {
    const char* msg = CPLGetLastErrorMsg();
    return msg != nullptr ? std::string(msg) : std::string();
}

SrsPtr parseSrs(const std::string& text) {
    SrsPtr srs(new OGRSpatialReference());
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (text.empty() || srs->SetFromUserInput(text.c_str()) != OGRERR_NONE) {
        return nullptr;
    }
    return srs;
}

SrsPtr cloneSrs(const OGRSpatialReference& srs) {
    SrsPtr copy(srs.Clone());
    copy->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return copy;
}

std::string srsLabel(const OGRSpatialReference& srs) {
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority != nullptr && code != nullptr) {
        return std::string(authority) + ":" + code;
    }
    const char* name = srs.GetName();
    return name != nullptr ? std::string(name) : std::string("?");
}

} // namespace xw::gis::detail
