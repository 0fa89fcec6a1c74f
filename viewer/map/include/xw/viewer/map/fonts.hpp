#pragma once
// The fonts of map and report text. Chinese must render on a fresh Debian 12, so families are
// named explicitly rather than left to the platform default (which is often a Latin font whose
// fallback is unpredictable offscreen):
//  - images and the screen: Noto Sans CJK SC (Debian fonts-noto-cjk);
//  - PDF: WenQuanYi Micro Hei (fonts-wqy-microhei) first. Qt 6.4 writes a PDF's ToUnicode map by
//    taking, for each glyph, the lowest code point that maps to it; Noto Sans CJK maps the Kangxi
//    radicals (U+2F00–U+2FD5) to the glyphs of the common ideographs, so 大, 小, 口, 人, 示 … would
//    be copied and searched as ⼤, ⼩, ⼝, ⼈, ⽰, and its digits are lost altogether. WenQuanYi
//    Micro Hei has no Kangxi radicals and extracts correctly (checked by the report tests with
//    pdftotext).
// DejaVu Sans (fonts-dejavu-core) follows in both lists for symbols such as ✓ and ✗.
// A QGuiApplication must exist (the CLI and the tests run with QT_QPA_PLATFORM=offscreen).
#include <QFont>
#include <QPainter>
#include <QStringList>

#include <optional>

namespace xw::viewer {

enum class TextTarget { Raster, Pdf };

/// Raster for images and the screen, Pdf when the painter paints a PDF.
[[nodiscard]] TextTarget textTargetOf(const QPainter& painter);

/// The families tried in order for the target.
[[nodiscard]] QStringList fontFamilies(TextTarget target);

/// A font of the target's families at `pointSize` pt.
[[nodiscard]] QFont textFont(TextTarget target, double pointSize, bool bold = false);

/// The first family of the target's list that is installed and covers Simplified Chinese, or
/// nullopt when none is (then Chinese text may show as empty boxes; install fonts-noto-cjk).
[[nodiscard]] std::optional<QString> installedCjkFamily(TextTarget target);

} // namespace xw::viewer
