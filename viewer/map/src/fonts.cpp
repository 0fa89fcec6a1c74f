#include <xw/viewer/map/fonts.hpp>

#include <QFontDatabase>
#include <QPaintEngine>

namespace xw::viewer {

TextTarget textTargetOf(const QPainter& painter) {
    const QPaintEngine* engine = painter.paintEngine();
    return engine != nullptr && engine->type() == QPaintEngine::Pdf ? TextTarget::Pdf
                                                                    : TextTarget::Raster;
}

QStringList fontFamilies(TextTarget target) {
    if (target == TextTarget::Pdf)
        return {QStringLiteral("WenQuanYi Micro Hei"), QStringLiteral("Noto Sans CJK SC"),
                QStringLiteral("DejaVu Sans")};
    return {QStringLiteral("Noto Sans CJK SC"), QStringLiteral("WenQuanYi Micro Hei"),
            QStringLiteral("DejaVu Sans")};
}

QFont textFont(TextTarget target, double pointSize, bool bold) {
    QFont font;
    font.setFamilies(fontFamilies(target));
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    font.setStyleStrategy(QFont::PreferAntialias);
    font.setHintingPreference(QFont::PreferNoHinting); // same shapes on screen, PNG and PDF
    return font;
}

std::optional<QString> installedCjkFamily(TextTarget target) {
    const QStringList chinese = QFontDatabase::families(QFontDatabase::SimplifiedChinese);
    for (const QString& family : fontFamilies(target))
        if (chinese.contains(family))
            return family;
    return std::nullopt;
}

} // namespace xw::viewer
