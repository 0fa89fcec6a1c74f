#pragma once
// Internal GDAL/OGR helpers shared by the reader and the writer. Not installed, not public.
#include <ogr_spatialref.h>

#include <memory>
#include <optional>
#include <string>

namespace xw::gis::detail {

/// Registers GDAL's drivers once per process (thread-safe).
void ensureGdalRegistered();

/// While alive, GDAL/CPL messages go to a quiet handler instead of stderr: every failure is
/// checked at its call and turned into our own message; CPLGetLastErrorMsg() still works.
class QuietGdal {
public:
    QuietGdal();
    ~QuietGdal();
    QuietGdal(const QuietGdal&) = delete;
    QuietGdal& operator=(const QuietGdal&) = delete;
};

/// The last GDAL error message, or "" when there is none.
[[nodiscard]] std::string lastGdalError();

struct SrsDeleter {
    void operator()(OGRSpatialReference* s) const { s->Release(); }
};
using SrsPtr = std::unique_ptr<OGRSpatialReference, SrsDeleter>;

/// A CRS from any user string SetFromUserInput accepts ("EPSG:4490", WKT, PROJ string), with the
/// traditional GIS axis order; nullptr when it cannot be parsed.
[[nodiscard]] SrsPtr parseSrs(const std::string& text);
/// A copy of `srs` with the traditional GIS axis order.
[[nodiscard]] SrsPtr cloneSrs(const OGRSpatialReference& srs);
/// "EPSG:4546" when the CRS has an EPSG code, else its name.
[[nodiscard]] std::string srsLabel(const OGRSpatialReference& srs);

struct CtDeleter {
    void operator()(OGRCoordinateTransformation* ct) const {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};
using CtPtr = std::unique_ptr<OGRCoordinateTransformation, CtDeleter>;

} // namespace xw::gis::detail
