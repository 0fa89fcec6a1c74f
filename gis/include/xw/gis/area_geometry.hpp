#pragma once
// Polygon outlines (the WKB of AreaShape and ZoneShape in dataset.hpp) as plain coordinates, for
// drawing; their union; and a readable name of a CRS for map notes.
#include <xw/core/model/region.hpp>
#include <xw/gis/error.hpp>

#include <string>
#include <vector>

namespace xw::gis {

/// One polygon: its outer ring first, then its holes; each ring closed (first point = last).
struct PolygonRings {
    std::vector<std::vector<core::PointM>> rings;
};

struct AreaGeometry {
    std::vector<PolygonRings> polygons; ///< one per part of a multipolygon
    core::PointM inside;                ///< a point inside the area (GEOS PointOnSurface)
    double areaM2 = 0.0;                ///< planar area, m² of the coordinates' CRS
};

/// Decodes an ISO or extended WKB Polygon or MultiPolygon (any Z/M dimension is dropped).
/// \throws GisError when the bytes are not WKB, or not a polygon or multipolygon, or it is empty.
[[nodiscard]] AreaGeometry decodeArea(const std::vector<unsigned char>& wkb);

/// The union of polygon or multipolygon outlines (e.g. the towns of an attendance zone given as a
/// school → towns table), with shared edges dissolved (GEOS unary union), as ISO WKB
/// (little-endian) polygon or multipolygon in the parts' CRS.
/// \throws GisError when `parts` is empty, a part is not polygon WKB or GEOS fails.
[[nodiscard]] std::vector<unsigned char>
unionAreas(const std::vector<std::vector<unsigned char>>& parts);

/// The CRS's name followed by its code, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 111E
/// (EPSG:4546)"; the text itself when GDAL cannot parse it.
[[nodiscard]] std::string crsDisplayName(const std::string& crs);

} // namespace xw::gis
