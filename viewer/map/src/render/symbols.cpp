#include "render/symbols.hpp"

#include "render/attributes.hpp"

#include <QPainterPath>
#include <QPolygonF>
#include <QTransform>

#include <algorithm>
#include <array>
#include <cmath>

namespace xw::viewer::render {
namespace {

constexpr double kPi = 3.14159265358979323846;

/// The outline of a shape of diameter 1 centred on the origin (y down).
QPainterPath unitShape(SymbolShape shape) {
    QPainterPath path;
    auto regular = [&](int corners, double rotation, double radius) {
        QPolygonF poly;
        for (int i = 0; i < corners; ++i) {
            const double a = rotation + 2.0 * kPi * i / corners;
            poly << QPointF(radius * std::cos(a), radius * std::sin(a));
        }
        path.addPolygon(poly);
        path.closeSubpath();
    };
    switch (shape) {
    case SymbolShape::Circle:
        path.addEllipse(QPointF(0, 0), 0.5, 0.5);
        break;
    case SymbolShape::Square:
        path.addRect(QRectF(-0.44, -0.44, 0.88, 0.88));
        break;
    case SymbolShape::Triangle:
        regular(3, -kPi / 2, 0.6);
        break;
    case SymbolShape::Diamond:
        regular(4, -kPi / 2, 0.6);
        break;
    case SymbolShape::Hexagon:
        regular(6, 0.0, 0.54);
        break;
    case SymbolShape::Star: {
        QPolygonF poly;
        for (int i = 0; i < 10; ++i) {
            const double r = i % 2 == 0 ? 0.62 : 0.26;
            const double a = -kPi / 2 + kPi * i / 5;
            poly << QPointF(r * std::cos(a), r * std::sin(a));
        }
        path.addPolygon(poly);
        path.closeSubpath();
        break;
    }
    case SymbolShape::House: {
        QPolygonF poly;
        poly << QPointF(-0.45, 0.45) << QPointF(-0.45, -0.08) << QPointF(0.0, -0.5)
             << QPointF(0.45, -0.08) << QPointF(0.45, 0.45);
        path.addPolygon(poly);
        path.closeSubpath();
        break;
    }
    }
    return path;
}

} // namespace

void drawSymbol(QPainter& p, SymbolShape shape, QPointF at, double diameter, const QBrush& fill,
                const QPen& pen) {
    p.setBrush(fill);
    p.setPen(pen);
    if (shape == SymbolShape::Circle) {
        p.drawEllipse(at, diameter / 2, diameter / 2);
        return;
    }
    static const std::array<QPainterPath, 7> shapes = {
        unitShape(SymbolShape::Circle),   unitShape(SymbolShape::Square),
        unitShape(SymbolShape::Triangle), unitShape(SymbolShape::Diamond),
        unitShape(SymbolShape::Hexagon),  unitShape(SymbolShape::Star),
        unitShape(SymbolShape::House)};
    QTransform t;
    t.translate(at.x(), at.y());
    t.scale(diameter, diameter);
    p.drawPath(t.map(shapes[static_cast<std::size_t>(shape)]));
}

SymbolShape shapeOf(const SymbolStyle& s, const MapFeature& f) {
    if (s.shapeAttribute.empty())
        return s.shape;
    const std::string key = text(attribute(f, s.shapeAttribute));
    for (const auto& c : s.shapes)
        if (c.category == key)
            return c.shape;
    return s.shape;
}

double sizeForValuePt(const SymbolStyle& s, double v) {
    if (s.sizeValueAtMax <= 0.0)
        return s.sizeMinPt;
    return std::clamp(s.sizeMaxPt * std::sqrt(std::max(0.0, v) / s.sizeValueAtMax), s.sizeMinPt,
                      s.sizeMaxPt);
}

bool marked(const SymbolStyle& s, const MapFeature& f) {
    if (s.markAttribute.empty())
        return false;
    const auto v = number(f, s.markAttribute);
    return v && *v > 0.0;
}

} // namespace xw::viewer::render
