#pragma once
// The map on screen: paints the model's map descriptions with the same renderer as the PNG and
// PDF exports (xw::viewer::renderMap) and forwards input — pan, zoom (wheel, box), hover, click,
// drag — as signals in world coordinates. It keeps no state of its own beyond the drawn picture
// and the gesture under way.
#include <xw/viewer/map/hit_test.hpp>
#include <xw/viewer/map/map_renderer.hpp>

#include <QImage>
#include <QWidget>

#include <optional>
#include <vector>

namespace xw::viewer::app {

class MapWidget : public QWidget {
    Q_OBJECT
public:
    /// What a left click does.
    enum class Tool {
        Select,     ///< select the school, housing project or town under the cursor
        AddSchool,  ///< click a place for a new school
        AddHousing, ///< click a place for a new housing project
        Move,       ///< drag a planned school or housing project
    };

    explicit MapWidget(QWidget* parent = nullptr);

    /// The maps to draw side by side (one or two), built for this widget's size.
    void setMaps(std::vector<MapDescription> maps);
    void setTool(Tool tool);
    [[nodiscard]] Tool tool() const { return m_tool; }
    /// The picture as drawn (for tests and screenshots).
    [[nodiscard]] const QImage& picture() const { return m_picture; }
    /// The renderer's report of each drawn map (hit tests, tests).
    [[nodiscard]] const std::vector<MapRenderResult>& renders() const { return m_renders; }
    [[nodiscard]] const std::vector<MapDescription>& maps() const { return m_maps; }
    /// The world rectangle the first map's frame shows.
    [[nodiscard]] Extent shownExtent() const;
    /// The device point (widget pixels) of a world point on the first map, if drawn.
    [[nodiscard]] std::optional<QPointF> deviceOf(core::PointM world) const;
    [[nodiscard]] std::optional<FeatureHit> featureAt(QPointF device) const;

signals:
    /// Pan or zoom asks for another extent.
    void extentRequested(const xw::viewer::Extent& extent);
    /// A click on a feature (Select tool); `layerId` is "" for a click on nothing.
    void featureClicked(const QString& layerId, const QString& featureId);
    /// A click on the map with an adding tool.
    void placeClicked(xw::core::PointM world);
    /// A drag of a feature ended (Move tool).
    void featureMoved(const QString& layerId, const QString& featureId, xw::core::PointM to);
    /// The widget was resized: the model must build maps of the new size.
    void sizeChanged(QSize size);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    bool event(QEvent* event) override;

private:
    void redraw();
    [[nodiscard]] int mapIndexAt(QPointF device) const;

    std::vector<MapDescription> m_maps;
    std::vector<MapRenderResult> m_renders;
    QImage m_picture;
    Tool m_tool = Tool::Select;
    // Gesture under way.
    enum class Gesture { None, Pan, Box, Drag };
    Gesture m_gesture = Gesture::None;
    QPointF m_pressAt;
    QPointF m_lastAt;
    std::optional<FeatureHit> m_dragged;
};

} // namespace xw::viewer::app
