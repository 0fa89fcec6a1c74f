#pragma once
// A map as plain data: layers of polygons, points, lines or grid cells in the working CRS with
// their attributes and styles, the extent, the output size and the notes. No Qt: the model builds
// it, the renderer (map_renderer.hpp) paints it, tests compare it.
//
// Sizes of symbols, lines and text are typographic points (1/72 inch), so that the same
// description gives the same look on a 96-dpi screen, a 300-dpi PNG and a PDF page.
#include <xw/core/model/region.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace xw::viewer {

/// A colour with straight (not premultiplied) alpha.
struct Rgba {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    std::uint8_t a = 255;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};

/// #RRGGBB as an opaque colour.
[[nodiscard]] constexpr Rgba rgbHex(std::uint32_t hex) {
    return {static_cast<std::uint8_t>((hex >> 16) & 0xff),
            static_cast<std::uint8_t>((hex >> 8) & 0xff), static_cast<std::uint8_t>(hex & 0xff),
            255};
}

/// An axis-aligned rectangle in the working CRS, metres.
struct Extent {
    double minX = 0.0;
    double minY = 0.0;
    double maxX = 0.0;
    double maxY = 0.0;

    [[nodiscard]] double width() const { return maxX - minX; }
    [[nodiscard]] double height() const { return maxY - minY; }
    [[nodiscard]] bool valid() const { return maxX > minX && maxY > minY; }
    /// This extent grown by `fraction` of its size on every side.
    [[nodiscard]] Extent grown(double fraction) const;
};

/// One polygon: outer ring first, then holes; rings closed or not (the renderer closes them).
struct PolygonPart {
    std::vector<std::vector<core::PointM>> rings;
};

/// A number (seats, shortfall, utilisation, 0/1 flags) or a text (a stage code, a status).
using AttributeValue = std::variant<double, std::string>;

/// One map feature. Which geometry member is used depends on the layer's kind.
struct MapFeature {
    std::string id;
    std::string label;                       ///< text drawn on the map; empty: no label
    double labelPriority = 0;                ///< labels are placed from the highest priority down
    std::optional<core::PointM> labelAnchor; ///< polygons: where the label goes (else centroid)
    std::vector<PolygonPart> polygons;       ///< LayerKind::Polygons
    std::vector<std::vector<core::PointM>> lines; ///< LayerKind::Lines: polylines
    core::PointM point;                           ///< LayerKind::Points
    std::map<std::string, AttributeValue> attributes;
};

/// How classes are matched: value ranges, or text categories.
enum class ClassKind { Graduated, Categorical };

/// One class of a classification and its legend line.
struct MapClass {
    std::string label; ///< legend text, Chinese first then English, e.g. "1–120 学位"
    Rgba colour;
    /// Graduated: lower ≤ value < upper; the last class also holds value == upper.
    double lower = 0.0;
    double upper = 0.0;
    std::string category; ///< Categorical: the attribute's text (or number printed with %g)
};

/// Colours features by one attribute. Features whose attribute is missing or outside every class
/// get `noData` and are listed in the legend as `noDataLabel` if any is drawn.
struct Classification {
    std::string attribute;
    ClassKind kind = ClassKind::Graduated;
    std::vector<MapClass> classes;
    std::string title;  ///< legend heading, e.g. "小学学位缺口 Primary seat shortfall"
    std::string method; ///< how the breaks were chosen (legend footnote), e.g. "Jenks 自然断点"
    Rgba noData = rgbHex(0xd9d9d9);
    std::string noDataLabel = "无数据 No data";
};

struct Stroke {
    Rgba colour = rgbHex(0x636363);
    double widthPt = 0.5; ///< 0: no outline
    bool dashed = false;
};

enum class SymbolShape { Circle, Square, Triangle, Diamond, Hexagon, Star, House };

/// A symbol shape for one category of SymbolStyle::shapeAttribute.
struct ShapeClass {
    std::string category;
    SymbolShape shape = SymbolShape::Circle;
    std::string label; ///< legend text
};

/// Point symbols: shape by a category, size by a number (area proportional), colour by the
/// layer's classification, and a ring on features flagged by `markAttribute`.
struct SymbolStyle {
    SymbolShape shape = SymbolShape::Circle; ///< when shapeAttribute is empty or unmatched
    std::string shapeAttribute;
    std::vector<ShapeClass> shapes;
    double sizePt = 6.0;         ///< diameter when sizeAttribute is empty
    std::string sizeAttribute;   ///< e.g. "seats": symbol area proportional to the value
    double sizeValueAtMax = 1.0; ///< the value drawn at sizeMaxPt (larger values clamp)
    double sizeMinPt = 3.0;
    double sizeMaxPt = 16.0;
    std::vector<double> sizeLegendValues; ///< sizes shown in the legend, e.g. {500, 1500, 3000}
    std::string sizeLegendUnit;           ///< e.g. "学位 seats"
    std::string markAttribute;            ///< features with this number > 0 get a ring
    std::string markLabel; ///< legend text for the ring, e.g. "有大班额 Has 大班额"
    Rgba markColour = rgbHex(0x000000);
    Rgba outline = rgbHex(0x252525);
};

struct LayerStyle {
    std::optional<Classification> classes; ///< colours polygons, symbols, lines or grid cells
    Rgba fill = {0, 0, 0, 0};              ///< without classes; alpha 0: no fill
    double fillOpacity = 1.0;              ///< 0–1, applied to every fill of the layer
    Stroke stroke;                         ///< polygon outlines, symbol outlines, or the line
    SymbolStyle symbol;                    ///< LayerKind::Points
    double labelSizePt = 8.0;
    bool labelBold = false;
    Rgba labelColour = rgbHex(0x202020);
};

enum class LayerKind { Polygons, Points, Lines, Grid };

/// Regular grid cells (demand points, an accessibility surface): centres on the lattice
/// ((i + ½)·cellMeters, (j + ½)·cellMeters) of the working CRS, one value per cell. Drawn as one
/// image, so 300,000 cells cost about as much as a full-screen picture.
struct GridCells {
    double cellMeters = 0.0;
    std::vector<core::PointM> centres;
    std::vector<double> values; ///< same length as centres; classified by the layer's classes
};

struct MapLayer {
    std::string id;    ///< unique in the map, e.g. "towns"
    std::string title; ///< legend heading when the layer has no classification title
    LayerKind kind = LayerKind::Polygons;
    std::vector<MapFeature> features; ///< Polygons, Points, Lines
    GridCells grid;                   ///< Grid
    LayerStyle style;
    bool inLegend = true;
};

/// A raster drawn under every layer (GeoTIFF, MBTiles, … read by gis::readRasterImage).
struct RasterBasemap {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba; ///< width × height × 4, rows from the top, straight alpha
    Extent extent;                  ///< what the image covers, working CRS
    double opacity = 1.0;
    std::string attribution; ///< drawn with the notes, e.g. "底图 © OpenStreetMap contributors"
};

enum class LegendPlacement { Auto, Right, Bottom, None };

struct MapDescription {
    std::string title;    ///< e.g. "阳江市 小学学位缺口 2020"
    std::string subtitle; ///< e.g. "Primary seat shortfall by town, 2020"
    Extent extent;        ///< shown area; kept whole, centred, with equal x and y scale
    int widthPx = 1920;   ///< output size when rendered to an image
    int heightPx = 1080;
    double dpi = 96.0;            ///< output resolution of images; pt sizes scale with it
    std::vector<MapLayer> layers; ///< drawn first to last (the first is at the bottom)
    std::optional<RasterBasemap> basemap;
    std::string crsNote;    ///< e.g. "坐标系 CRS: CGCS2000 / 3-degree Gauss-Kruger CM 111E"
    std::string sourceNote; ///< data source line
    std::string note;       ///< e.g. "示意数据 Illustrative data"
    LegendPlacement legend = LegendPlacement::Auto;
    bool scaleBar = true;
    bool northArrow = true; ///< points to grid north (the CRS's +y axis)
    Rgba background = rgbHex(0xffffff);
    Rgba mapBackground = rgbHex(0xeef3f7); ///< inside the map frame, under the basemap (sea)
};

/// The extent of every geometry of the map's layers (empty Extent when there is none).
[[nodiscard]] Extent layersExtent(const MapDescription& map);

} // namespace xw::viewer
