#include "widgets/map_widget.hpp"

#include <xw/viewer/model/details.hpp>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

namespace xw::viewer::app {

namespace {

constexpr double kZoomStep = 1.25; ///< per wheel notch
constexpr double kClickSlop = 4.0; ///< px a press may move and still be a click

/// The layers a click or hover looks at, top first: selection rings are not targets.
const std::vector<std::string> kTargets{"schools", "housing", "towns", "districts"};

} // namespace

MapWidget::MapWidget(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(320, 240);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
}

void MapWidget::setMaps(std::vector<MapDescription> maps) {
    m_maps = std::move(maps);
    redraw();
}

void MapWidget::setTool(Tool tool) {
    m_tool = tool;
    setCursor(tool == Tool::Select ? Qt::ArrowCursor
              : tool == Tool::Move ? Qt::SizeAllCursor
                                   : Qt::CrossCursor);
}

void MapWidget::redraw() {
    m_renders.clear();
    const qreal ratio = devicePixelRatioF();
    m_picture = QImage((size() * ratio), QImage::Format_ARGB32_Premultiplied);
    m_picture.setDevicePixelRatio(ratio);
    m_picture.fill(Qt::white);
    if (!m_maps.empty()) {
        QPainter painter(&m_picture);
        double x = 0;
        const double w = width() / static_cast<double>(m_maps.size());
        for (const MapDescription& m : m_maps) {
            m_renders.push_back(renderMap(painter, m, QRectF(x, 0, w, height())));
            x += w;
        }
    }
    update();
}

Extent MapWidget::shownExtent() const {
    if (m_renders.empty())
        return {};
    const MapRenderResult& r = m_renders.front();
    const core::PointM a = deviceToWorld(r, r.mapFrame.bottomLeft());
    const core::PointM b = deviceToWorld(r, r.mapFrame.topRight());
    return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
}

std::optional<QPointF> MapWidget::deviceOf(core::PointM world) const {
    if (m_renders.empty())
        return std::nullopt;
    return m_renders.front().worldToDevice.map(QPointF(world.x, world.y));
}

int MapWidget::mapIndexAt(QPointF device) const {
    for (std::size_t k = 0; k < m_renders.size(); ++k)
        if (m_renders[k].mapFrame.contains(device))
            return static_cast<int>(k);
    return -1;
}

std::optional<FeatureHit> MapWidget::featureAt(QPointF device) const {
    const int k = mapIndexAt(device);
    if (k < 0)
        return std::nullopt;
    return viewer::featureAt(m_maps[static_cast<std::size_t>(k)],
                             m_renders[static_cast<std::size_t>(k)], device, 2.0, kTargets);
}

void MapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    if (m_gesture == Gesture::Pan) {
        p.drawImage(m_lastAt - m_pressAt, m_picture);
        return;
    }
    p.drawImage(QPointF(0, 0), m_picture);
    if (m_gesture == Gesture::Box) {
        p.setPen(QPen(QColor(0, 120, 215), 1.5, Qt::DashLine));
        p.setBrush(QColor(0, 120, 215, 40));
        p.drawRect(QRectF(m_pressAt, m_lastAt).normalized());
    }
    if (m_gesture == Gesture::Drag && m_dragged) {
        p.setPen(QPen(QColor(0, 229, 255), 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(m_lastAt, 9, 9);
        p.drawLine(m_pressAt, m_lastAt);
    }
}

void MapWidget::resizeEvent(QResizeEvent*) {
    emit sizeChanged(size());
    redraw();
}

void MapWidget::mousePressEvent(QMouseEvent* e) {
    m_pressAt = m_lastAt = e->position();
    if (e->button() == Qt::RightButton ||
        (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier))) {
        m_gesture = Gesture::Box;
        return;
    }
    if (e->button() != Qt::LeftButton)
        return;
    if (m_tool == Tool::Move) {
        m_dragged = featureAt(e->position());
        if (m_dragged && (m_dragged->layerId == "schools" || m_dragged->layerId == "housing")) {
            m_gesture = Gesture::Drag;
            return;
        }
        m_dragged.reset();
    }
    m_gesture = Gesture::Pan;
}

void MapWidget::mouseMoveEvent(QMouseEvent* e) {
    if (m_gesture != Gesture::None) {
        m_lastAt = e->position();
        update();
    }
}

void MapWidget::mouseReleaseEvent(QMouseEvent* e) {
    const Gesture g = m_gesture;
    m_gesture = Gesture::None;
    m_lastAt = e->position();
    const QPointF moved = m_lastAt - m_pressAt;
    const bool click = std::hypot(moved.x(), moved.y()) <= kClickSlop;
    const int k = mapIndexAt(m_pressAt);
    if (k < 0 || m_renders.empty()) {
        update();
        return;
    }
    const MapRenderResult& r = m_renders[static_cast<std::size_t>(k)];
    switch (g) {
    case Gesture::Box: {
        if (click)
            break;
        const core::PointM a = deviceToWorld(r, m_pressAt);
        const core::PointM b = deviceToWorld(r, m_lastAt);
        const Extent box{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x),
                         std::max(a.y, b.y)};
        if (box.valid())
            emit extentRequested(box);
        break;
    }
    case Gesture::Drag:
        if (!click && m_dragged)
            emit featureMoved(QString::fromStdString(m_dragged->layerId),
                              QString::fromStdString(m_dragged->featureId),
                              deviceToWorld(r, m_lastAt));
        m_dragged.reset();
        break;
    case Gesture::Pan:
        if (click) {
            if (m_tool == Tool::AddSchool || m_tool == Tool::AddHousing) {
                emit placeClicked(deviceToWorld(r, m_lastAt));
            } else {
                const auto hit = featureAt(m_lastAt);
                emit featureClicked(hit ? QString::fromStdString(hit->layerId) : QString(),
                                    hit ? QString::fromStdString(hit->featureId) : QString());
            }
        } else {
            // The picture moved with the cursor: the world moves the other way.
            const Extent e0 = shownExtent();
            const double m = r.metresPerDeviceUnit;
            emit extentRequested({e0.minX - moved.x() * m, e0.minY + moved.y() * m,
                                  e0.maxX - moved.x() * m, e0.maxY + moved.y() * m});
        }
        break;
    case Gesture::None:
        break;
    }
    update();
}

void MapWidget::wheelEvent(QWheelEvent* e) {
    const int k = mapIndexAt(e->position());
    if (k < 0 || m_renders.empty())
        return;
    const double notches = e->angleDelta().y() / 120.0;
    if (notches == 0.0)
        return;
    const double f = std::pow(kZoomStep, -notches); // wheel forward: zoom in
    const core::PointM at = deviceToWorld(m_renders[static_cast<std::size_t>(k)], e->position());
    const Extent e0 = shownExtent();
    // The point under the cursor stays under the cursor.
    emit extentRequested({at.x + (e0.minX - at.x) * f, at.y + (e0.minY - at.y) * f,
                          at.x + (e0.maxX - at.x) * f, at.y + (e0.maxY - at.y) * f});
    e->accept();
}

bool MapWidget::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const auto hit = featureAt(help->pos());
        QString text;
        if (hit) {
            const MapLayer& layer =
                m_maps[static_cast<std::size_t>(std::max(0, mapIndexAt(help->pos())))]
                    .layers[hit->layer];
            text = QString::fromStdString(featureTooltip(layer, layer.features[hit->feature]));
        }
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

} // namespace xw::viewer::app
