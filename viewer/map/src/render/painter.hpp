#pragma once
// Internal to the map renderer: one render of one MapDescription onto one QPainter. The steps
// live in painter.cpp (layout, map frame, furniture), painter_layers.cpp, painter_labels.cpp and
// legend/painter_legend.cpp. Sizes named ...Pt are typographic points; pt() turns them into device
// units. Not installed.
#include "render/layer_classes.hpp"
#include "render/legend/legend_blocks.hpp"

#include <xw/viewer/map/fonts.hpp>
#include <xw/viewer/map/label_placement.hpp>
#include <xw/viewer/map/map_description.hpp>
#include <xw/viewer/map/map_renderer.hpp>

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QRectF>
#include <QTransform>

#include <vector>

namespace xw::viewer::render {

/// The fonts of the map's text, sized for the painter's device.
struct Fonts {
    QFont title, subtitle, heading, entry, footnote, note, furniture;
};

/// Paints one map; holds the state shared by the steps. The painter and the map must outlive it.
class Painter {
public:
    Painter(QPainter& p, const MapDescription& map);

    /// Paints the whole map into `target` (device units) and says where things went.
    /// \throws std::invalid_argument when the map frame or the extent is empty.
    MapRenderResult run(const QRectF& target);

private:
    [[nodiscard]] double pt(double v) const { return v * m_pt; }
    [[nodiscard]] QFontMetricsF metrics(const QFont& f) const { return {f, m_p.device()}; }

    // Layout (painter.cpp).
    double drawTitles(const QRectF& inner);
    QRectF drawNotes(const QRectF& inner);
    QRectF placeLegend(const std::vector<LegendBlock>& blocks, bool right, QRectF& body) const;
    double fitExtent();
    void drawBasemap();
    void drawNorthArrow(const QRectF& box, const QFontMetricsF& fm);
    void drawScaleBar(const QRectF& box, double barM, double barW, const QFontMetricsF& fm);

    // The legend (legend/painter_legend.cpp).
    QSizeF legendBlockSize(const LegendBlock& b) const;
    void drawLegend(const std::vector<LegendBlock>& blocks, const QRectF& area, bool columns);

    // The layers (painter_layers.cpp), first to last, one function per kind.
    void drawLayers();
    void drawPolygons(const MapLayer& layer, const LayerClasses& lc);
    void drawLines(const MapLayer& layer, const LayerClasses& lc);
    void drawPoints(const MapLayer& layer, const LayerClasses& lc);
    void drawGrid(const MapLayer& layer, const LayerClasses& lc);

    // Labels (painter_labels.cpp).
    void drawLabels();
    void drawHalo(const QPointF& baseline, const QString& s, const QFont& font);

    QPainter& m_p;
    const MapDescription& m_map;
    double m_pt = 1.0;
    TextTarget m_target = TextTarget::Raster;
    Fonts m_fonts;
    std::vector<LayerClasses> m_classes;
    QTransform m_w2d;
    QRectF m_frame;
    std::vector<Box> m_obstacles;
    MapRenderResult m_result;
};

} // namespace xw::viewer::render
