#pragma once
// QGIS layer styles (QML) and OGC SLD 1.1 for a prepared table, for the GeoPackage's
// `layer_styles` table. Not public.
#include "export/export_detail.hpp"

#include <string>
#include <vector>

namespace xw::gis::detail {

struct QgisStyle {
    std::string qml; ///< a QGIS 3 style document (renderer + labels)
    std::string sld; ///< the same symbology as SLD 1.1 (GeoServer, other clients)
};

/// Class bounds of a graduated style: up to five equal-count classes of the column's non-null
/// values (fewer when there are fewer distinct values); ascending, size = classes + 1.
[[nodiscard]] std::vector<double> quantileBreaks(const core::Table& t, std::size_t column);

/// One symbol in style.colour, or with style.classifyKey a graduated ramp (ColorBrewer YlOrRd)
/// over quantileBreaks; labels from the label column. `fieldNames` are the names as written.
[[nodiscard]] QgisStyle qgisStyle(const PreparedTable& p,
                                  const std::vector<std::string>& fieldNames, bool geographic);

} // namespace xw::gis::detail
