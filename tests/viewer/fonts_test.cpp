// Chinese text renders with real glyphs on a fresh Debian 12 (fonts-noto-cjk, fonts-wqy-microhei).
#include <xw/viewer/map/fonts.hpp>

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QRawFont>

#include <gtest/gtest.h>

namespace xw::viewer {
namespace {

/// `text` drawn black on white at 40 px with `font`, 120 × 60 pixels.
QImage draw(const QString& text, QFont font) {
    QImage img(120, 60, QImage::Format_RGB32);
    img.fill(Qt::white);
    font.setPixelSize(40);
    QPainter p(&img);
    p.setRenderHint(QPainter::TextAntialiasing, false); // exact pixels to compare
    p.setFont(font);
    p.setPen(Qt::black);
    p.drawText(QPointF(4, 46), text);
    return img;
}

int ink(const QImage& img) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += qGray(img.pixel(x, y)) < 128 ? 1 : 0;
    return n;
}

TEST(CjkFont, TheRendererPicksNotoSansCjkScForImagesAndWenQuanYiForPdf) {
    EXPECT_EQ(installedCjkFamily(TextTarget::Raster).value_or(QString()),
              QStringLiteral("Noto Sans CJK SC"));
    EXPECT_EQ(installedCjkFamily(TextTarget::Pdf).value_or(QString()),
              QStringLiteral("WenQuanYi Micro Hei"));
    EXPECT_EQ(QFontInfo(textFont(TextTarget::Raster, 10)).family(),
              QStringLiteral("Noto Sans CJK SC"));
}

TEST(CjkFont, ChineseGlyphsAreRealGlyphsNotMissingGlyphBoxes) {
    for (TextTarget target : {TextTarget::Raster, TextTarget::Pdf}) {
        const QFont font = textFont(target, 10);
        // U+FFFF is a noncharacter: no font has it, so this is the missing-glyph box.
        const QImage box = draw(QString(QChar(0xFFFF)), font);
        const QImage xue = draw(QStringLiteral("学"), font);
        const QImage wei = draw(QStringLiteral("位"), font);
        EXPECT_NE(xue, box);
        EXPECT_NE(wei, box);
        EXPECT_NE(xue, wei);      // boxes would all be the same
        EXPECT_GT(ink(xue), 100); // not blank either
        const QRawFont raw = QRawFont::fromFont(font);
        EXPECT_TRUE(raw.supportsCharacter(QChar(0x5B66))); // 学
    }
}

TEST(CjkFont, TheBoxCheckDetectsALatinOnlyFont) {
    // The control: DejaVu Sans without fallback has no 学 and draws the same box as U+FFFF, so
    // the test above would fail if the CJK fonts were missing.
    QFont latin(QStringLiteral("DejaVu Sans"));
    latin.setStyleStrategy(QFont::NoFontMerging);
    ASSERT_EQ(QFontInfo(latin).family(), QStringLiteral("DejaVu Sans"));
    EXPECT_EQ(draw(QStringLiteral("学"), latin), draw(QStringLiteral("位"), latin));
}

} // namespace
} // namespace xw::viewer
