#include "render/attributes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace xw::viewer::render {

QColor qcolor(Rgba c, double opacity) {
    return {c.r, c.g, c.b, static_cast<int>(std::lround(c.a * std::clamp(opacity, 0.0, 1.0)))};
}

QString qs(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const AttributeValue* attribute(const MapFeature& f, const std::string& key) {
    if (key.empty())
        return nullptr;
    const auto it = f.attributes.find(key);
    return it == f.attributes.end() ? nullptr : &it->second;
}

std::optional<double> number(const MapFeature& f, const std::string& key) {
    const AttributeValue* v = attribute(f, key);
    if (v == nullptr)
        return std::nullopt;
    if (const double* d = std::get_if<double>(v); d != nullptr && std::isfinite(*d))
        return *d;
    return std::nullopt;
}

std::string text(const AttributeValue* v) {
    if (v == nullptr)
        return {};
    if (const auto* s = std::get_if<std::string>(v))
        return *s;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", std::get<double>(*v));
    return buf;
}

} // namespace xw::viewer::render
