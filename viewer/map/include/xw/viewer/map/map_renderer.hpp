#pragma once
// Paints a MapDescription onto any QPaintDevice with QtGui only: a QImage (PNG, tests), a
// QPdfWriter page (vector PDF), or a widget's paint event later. The screen, the exports and the
// tests all run this same code (the KDE Marble lesson: model, map and widget are three things).
//
// Layout inside the target rectangle: title band at the top, notes line at the bottom, the legend
// in a panel on the right (wide targets) or at the bottom (tall ones), the map frame in the rest
// with the extent fitted whole at equal x and y scale, the scale bar bottom-left and the north
// arrow top-right inside the frame. Draw order: map background, basemap, layers first to last,
// labels (greedy, no collisions), furniture.
#include <xw/viewer/map/label_placement.hpp>
#include <xw/viewer/map/map_description.hpp>

#include <QImage>
#include <QPainter>
#include <QRectF>
#include <QTransform>

#include <filesystem>
#include <string>
#include <vector>

namespace xw::viewer {

/// A label as drawn.
struct DrawnLabel {
    std::string layerId;
    std::string featureId;
    std::string text;
    Box box; ///< device units
};

/// A legend line as drawn: its class (or symbol) label and the colour of its swatch.
struct DrawnLegendEntry {
    std::string layerId;
    std::string label;
    Rgba colour;              ///< swatch fill (alpha 0 for symbol-shape and size entries)
    QRectF swatch;            ///< device units
    std::size_t features = 0; ///< features (or grid cells) of the map in this class
};

/// What the renderer did, for callers that need to know where things went (hit tests, tests).
struct MapRenderResult {
    QTransform worldToDevice; ///< working CRS metres → device units
    QRectF mapFrame;          ///< the map's frame in device units
    double metresPerDeviceUnit = 0.0;
    double deviceUnitsPerPt = 0.0; ///< the device's logical dpi ÷ 72
    std::vector<DrawnLabel> labels;
    std::size_t labelsDropped = 0; ///< labels that found no free position
    std::vector<DrawnLegendEntry> legend;
    double scaleBarMetres = 0.0;
    std::vector<std::string> problems; ///< e.g. no CJK font installed; Chinese first
};

/// The diameter of a point feature's symbol, pt: SymbolStyle::sizePt, or by the size attribute
/// (area proportional, clamped to sizeMinPt–sizeMaxPt).
[[nodiscard]] double symbolDiameterPt(const SymbolStyle& style, const MapFeature& feature);

/// Paints `map` into `target` (device units of the painter's device). Sizes in pt are converted
/// with the device's logical dpi. The painter's state is saved and restored.
/// \throws std::invalid_argument when the extent is empty and no layer has geometry, or the
/// target rectangle is empty.
MapRenderResult renderMap(QPainter& painter, const MapDescription& map, const QRectF& target);

/// Renders to a new ARGB32 image of map.widthPx × map.heightPx at map.dpi.
/// \throws std::invalid_argument as renderMap.
[[nodiscard]] QImage renderMapImage(const MapDescription& map, MapRenderResult* result = nullptr);

/// Writes the map as PNG (widthPx × heightPx at dpi) or as a one-page vector PDF of the same
/// physical size, chosen by the extension (.png or .pdf). The file is written to a temporary
/// name beside it and renamed, so a failure never leaves half a file.
/// \throws std::runtime_error naming the file when it cannot be written; std::invalid_argument
/// for another extension or as renderMap.
MapRenderResult writeMap(const MapDescription& map, const std::filesystem::path& file);

/// Several maps side by side, left to right, in one PNG or one-page PDF (each map keeps its
/// pixel size; the first map's dpi sets the physical size). As writeMap otherwise.
std::vector<MapRenderResult> writeMaps(const std::vector<MapDescription>& maps,
                                       const std::filesystem::path& file);

} // namespace xw::viewer
