// QML written the way QGIS 3.22 writes it (symbol properties both as <Option> maps, read by
// QGIS >= 3.18, and as <prop> pairs, read by older versions); only what differs from QGIS's
// defaults is given, QGIS fills in the rest when it reads the style.
#include "export/writers/qgis_style.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace xw::gis::detail {
namespace {

std::string xmlEscape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string rgba(Rgb c, int alpha) {
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," +
           std::to_string(alpha);
}

std::string hex(Rgb c) {
    std::array<char, 8> buf{};
    std::snprintf(buf.data(), buf.size(), "#%02x%02x%02x", c.r, c.g, c.b);
    return buf.data();
}

std::string number(double v) {
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.15g", v);
    return buf.data();
}

/// Short text for a legend entry.
std::string legendNumber(double v) {
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.4g", v);
    return buf.data();
}

using Props = std::vector<std::pair<std::string, std::string>>;

std::string symbolLayer(const char* cls, const Props& props) {
    std::string s = "    <layer class=\"" + std::string(cls) +
                    "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n     <Option type=\"Map\">\n";
    for (const auto& [k, v] : props)
        s += R"(      <Option type="QString" name=")" + k + "\" value=\"" + v + "\"/>\n";
    s += "     </Option>\n";
    for (const auto& [k, v] : props)
        s += "     <prop k=\"" + k + "\" v=\"" + v + "\"/>\n";
    s += "    </layer>\n";
    return s;
}

/// One QGIS symbol: points are circles with a white rim, lines solid, polygons a translucent
/// fill (graduated: nearly opaque) with an outline in the full colour (graduated: grey).
std::string symbol(GeometryKind kind, const std::string& name, Rgb colour, bool graduated,
                   bool fill = true) {
    std::string type = "fill";
    std::string layer;
    switch (kind) {
    case GeometryKind::Point:
        type = "marker";
        layer = symbolLayer("SimpleMarker", {{"name", "circle"},
                                             {"color", rgba(colour, 255)},
                                             {"outline_color", "255,255,255,255"},
                                             {"outline_style", "solid"},
                                             {"outline_width", "0.3"},
                                             {"outline_width_unit", "MM"},
                                             {"size", "2.6"},
                                             {"size_unit", "MM"}});
        break;
    case GeometryKind::Line:
        type = "line";
        layer = symbolLayer("SimpleLine", {{"line_color", rgba(colour, 255)},
                                           {"line_style", "solid"},
                                           {"line_width", "0.6"},
                                           {"line_width_unit", "MM"},
                                           {"capstyle", "round"},
                                           {"joinstyle", "round"}});
        break;
    case GeometryKind::Polygon:
    case GeometryKind::None:
        layer = symbolLayer("SimpleFill",
                            {{"color", rgba(colour, graduated ? 220 : 90)},
                             {"style", fill ? "solid" : "no"},
                             {"outline_color", graduated ? "110,110,110,255" : rgba(colour, 255)},
                             {"outline_style", "solid"},
                             {"outline_width", graduated ? "0.2"
                                               : fill    ? "0.5"
                                                         : "0.7"},
                             {"outline_width_unit", "MM"}});
        break;
    }
    return "   <symbol type=\"" + type + "\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n" + layer + "   </symbol>\n";
}

/// ColorBrewer YlOrRd, five classes (light: few, dark: many).
constexpr std::array<Rgb, 5> kRamp{
    {{255, 255, 178}, {254, 204, 92}, {253, 141, 60}, {240, 59, 32}, {189, 0, 38}}};

Rgb rampColour(std::size_t i, std::size_t n) {
    if (n <= 1)
        return kRamp.back();
    return kRamp[i * (kRamp.size() - 1) / (n - 1)];
}

std::string labeling(const PreparedTable& p, const std::string& field) {
    // Point labels beside the symbol, polygon labels inside (horizontal, "around centroid").
    const std::string placement = p.kind == GeometryKind::Point     ? "6"
                                  : p.kind == GeometryKind::Polygon ? "1"
                                                                    : "2";
    return " <labeling type=\"simple\">\n  <settings calloutType=\"simple\">\n"
           "   <text-style fieldName=\"" +
           xmlEscape(field) +
           "\" isExpression=\"0\" fontFamily=\"Noto Sans CJK SC\" namedStyle=\"Regular\" "
           "fontSize=\"9\" fontSizeUnit=\"Point\" textColor=\"40,40,40,255\" textOpacity=\"1\">\n"
           "    <families><family name=\"Noto Sans CJK SC\"/><family name=\"Microsoft YaHei\"/>"
           "<family name=\"SimHei\"/><family name=\"WenQuanYi Micro Hei\"/></families>\n"
           "    <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
           "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.9\"/>\n"
           "   </text-style>\n"
           "   <placement placement=\"" +
           placement +
           "\" dist=\"1\" distUnits=\"MM\" priority=\"5\"/>\n"
           "   <rendering drawLabels=\"1\" obstacle=\"1\" displayAll=\"0\" "
           "upsidedownLabels=\"0\" labelPerPart=\"0\" mergeLines=\"0\"/>\n"
           "  </settings>\n </labeling>\n";
}

std::string sldSymbolizer(GeometryKind kind, Rgb colour, bool graduated, bool fill = true) {
    switch (kind) {
    case GeometryKind::Point:
        return "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</"
               "se:WellKnownName><se:Fill><se:SvgParameter name=\"fill\">" +
               hex(colour) +
               "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter "
               "name=\"stroke\">#ffffff</se:SvgParameter><se:SvgParameter "
               "name=\"stroke-width\">1</se:SvgParameter></se:Stroke></se:Mark><se:Size>10</"
               "se:Size></se:Graphic></se:PointSymbolizer>";
    case GeometryKind::Line:
        return "<se:LineSymbolizer><se:Stroke><se:SvgParameter name=\"stroke\">" + hex(colour) +
               "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">2</se:SvgParameter></"
               "se:Stroke></se:LineSymbolizer>";
    default:
        if (!fill) {
            return "<se:PolygonSymbolizer><se:Stroke><se:SvgParameter name=\"stroke\">" +
                   hex(colour) +
                   "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">2</se:SvgParameter>"
                   "</se:Stroke></se:PolygonSymbolizer>";
        }
        return "<se:PolygonSymbolizer><se:Fill><se:SvgParameter name=\"fill\">" + hex(colour) +
               "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">" +
               (graduated ? "0.86" : "0.35") +
               "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">" +
               (graduated ? std::string("#6e6e6e") : hex(colour)) +
               "</se:SvgParameter></se:Stroke></se:PolygonSymbolizer>";
    }
}

std::string sldRule(const std::string& name, const std::string& filter, const std::string& body) {
    return "<se:Rule><se:Name>" + xmlEscape(name) + "</se:Name>" + filter + body + "</se:Rule>";
}

} // namespace

std::vector<double> quantileBreaks(const core::Table& t, std::size_t column) {
    std::vector<double> values;
    for (const auto& row : t.rows) {
        if (const auto* d = std::get_if<double>(&row[column]))
            values.push_back(*d);
        else if (const auto* i = std::get_if<std::int64_t>(&row[column]))
            values.push_back(static_cast<double>(*i));
    }
    if (values.empty())
        return {};
    std::sort(values.begin(), values.end());
    std::vector<double> breaks{values.front()};
    constexpr std::size_t kClasses = 5;
    for (std::size_t k = 1; k <= kClasses; ++k) {
        const std::size_t idx = std::min(values.size() - 1, k * values.size() / kClasses);
        const double b = k == kClasses ? values.back() : values[idx];
        if (b > breaks.back())
            breaks.push_back(b);
    }
    if (breaks.size() == 1)
        breaks.push_back(values.back()); // one distinct value: one class [v, v]
    return breaks;
}

QgisStyle qgisStyle(const PreparedTable& p, const std::vector<std::string>& fieldNames,
                    bool geographic) {
    (void)geographic; // sizes are in millimetres on the map: the same in every CRS
    const core::Table& t = *p.table;
    const bool graduated = p.classifyColumn < t.columns.size();
    const std::vector<double> breaks =
        graduated ? quantileBreaks(t, p.classifyColumn) : std::vector<double>{};
    const bool hasLabel = p.labelColumn < t.columns.size();

    std::string qml = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                      "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"AllStyleCategories\" "
                      "labelsEnabled=\"" +
                      std::string(hasLabel ? "1" : "0") + "\">\n";
    std::string sldRules;
    if (graduated && breaks.size() >= 2) {
        const std::string& attr = fieldNames[p.classifyColumn];
        const std::size_t classes = breaks.size() - 1;
        qml += R"( <renderer-v2 type="graduatedSymbol" attr=")" + xmlEscape(attr) +
               "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" "
               "forceraster=\"0\">\n  <ranges>\n";
        std::string symbols;
        for (std::size_t i = 0; i < classes; ++i) {
            const std::string label = legendNumber(breaks[i]) + " – " + legendNumber(breaks[i + 1]);
            qml += R"(   <range render="true" symbol=")" + std::to_string(i) + "\" lower=\"" +
                   number(breaks[i]) + "\" upper=\"" + number(breaks[i + 1]) + "\" label=\"" +
                   label + "\"/>\n";
            const Rgb c = rampColour(i, classes);
            symbols += symbol(p.kind, std::to_string(i), c, true);
            const std::string lowerOp =
                i == 0 ? "PropertyIsGreaterThanOrEqualTo" : "PropertyIsGreaterThan";
            const std::string filter =
                "<ogc:Filter xmlns:ogc=\"http://www.opengis.net/ogc\"><ogc:And><ogc:" + lowerOp +
                "><ogc:PropertyName>" + xmlEscape(attr) + "</ogc:PropertyName><ogc:Literal>" +
                number(breaks[i]) + "</ogc:Literal></ogc:" + lowerOp +
                "><ogc:PropertyIsLessThanOrEqualTo><ogc:PropertyName>" + xmlEscape(attr) +
                "</ogc:PropertyName><ogc:Literal>" + number(breaks[i + 1]) +
                "</ogc:Literal></ogc:PropertyIsLessThanOrEqualTo></ogc:And></ogc:Filter>";
            sldRules += sldRule(label, filter, sldSymbolizer(p.kind, c, true));
        }
        qml += "  </ranges>\n  <symbols>\n" + symbols + "  </symbols>\n";
        qml += "  <source-symbol>\n" + symbol(p.kind, "0", rampColour(0, 1), true) +
               "  </source-symbol>\n";
        qml += "  <mode name=\"quantile\"/>\n  <classificationMethod id=\"Quantile\"/>\n";
        qml += " </renderer-v2>\n";
    } else {
        qml += " <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
               "forceraster=\"0\">\n  <symbols>\n" +
               symbol(p.kind, "0", p.style.colour, false, p.style.fill) +
               "  </symbols>\n </renderer-v2>\n";
        sldRules += sldRule(t.titleZh.empty() ? t.name : t.titleZh, "",
                            sldSymbolizer(p.kind, p.style.colour, false, p.style.fill));
    }
    if (hasLabel) {
        qml += labeling(p, fieldNames[p.labelColumn]);
        sldRules += sldRule(
            "标注 / labels", "",
            "<se:TextSymbolizer><se:Label><ogc:PropertyName "
            "xmlns:ogc=\"http://www.opengis.net/ogc\">" +
                xmlEscape(fieldNames[p.labelColumn]) +
                "</ogc:PropertyName></se:Label><se:Font><se:SvgParameter "
                "name=\"font-family\">Noto Sans CJK SC</se:SvgParameter><se:SvgParameter "
                "name=\"font-size\">12</se:SvgParameter></se:Font><se:Halo><se:Radius>1</"
                "se:Radius><se:Fill><se:SvgParameter name=\"fill\">#ffffff</se:SvgParameter></"
                "se:Fill></se:Halo><se:Fill><se:SvgParameter name=\"fill\">#282828</"
                "se:SvgParameter></se:Fill></se:TextSymbolizer>");
    }
    qml += "</qgis>\n";

    std::string sld =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" "
        "xmlns:se=\"http://www.opengis.net/se\" xmlns:ogc=\"http://www.opengis.net/ogc\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://www.opengis.net/sld "
        "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">"
        "<NamedLayer><se:Name>" +
        xmlEscape(t.name) + "</se:Name><UserStyle><se:Name>" + xmlEscape(t.name) +
        "</se:Name><se:FeatureTypeStyle>" + sldRules +
        "</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n";
    return {qml, sld};
}

} // namespace xw::gis::detail
