#include <xw/gis/diagnostic.hpp>

namespace xw::gis {

std::string toString(const Diagnostic& d) {
    std::string out = d.severity == Severity::Error ? "错误 error: " : "警告 warning: ";
    out += d.file.empty() ? std::string("?") : d.file;
    if (!d.layer.empty()) {
        out += " [" + d.layer + "]";
    }
    if (!d.featureId.empty()) {
        out += " 要素 feature " + d.featureId;
    }
    if (!d.field.empty()) {
        out += d.featureId.empty() ? " " : ", ";
        out += "字段 field " + d.field;
    }
    out += ": " + d.message;
    return out;
}

} // namespace xw::gis
