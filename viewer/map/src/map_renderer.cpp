// The renderer's entry points: renderMap paints through render::Painter (render/), the others
// give it an image or a PNG/PDF file to paint on.
#include <xw/viewer/map/map_renderer.hpp>

#include "render/attributes.hpp"
#include "render/painter.hpp"

#include <QPdfWriter>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace xw::viewer {

double symbolDiameterPt(const SymbolStyle& s, const MapFeature& f) {
    if (s.sizeAttribute.empty())
        return s.sizePt;
    const auto v = render::number(f, s.sizeAttribute);
    if (!v || s.sizeValueAtMax <= 0.0)
        return s.sizeMinPt;
    const double d = s.sizeMaxPt * std::sqrt(std::max(0.0, *v) / s.sizeValueAtMax);
    return std::clamp(d, s.sizeMinPt, s.sizeMaxPt);
}

MapRenderResult renderMap(QPainter& painter, const MapDescription& map, const QRectF& target) {
    if (!(target.width() > 0 && target.height() > 0))
        throw std::invalid_argument("目标区域为空 / the target rectangle is empty");
    // The painter's state is restored however the painting ends.
    struct Restore {
        QPainter& p;
        ~Restore() { p.restore(); }
    };
    painter.save();
    const Restore restore{painter};
    render::Painter p(painter, map);
    return p.run(target);
}

QImage renderMapImage(const MapDescription& map, MapRenderResult* result) {
    if (map.widthPx < 1 || map.heightPx < 1 || map.widthPx > 32768 || map.heightPx > 32768)
        throw std::invalid_argument("图像尺寸无效 / the image size must be 1–32768 pixels a side");
    QImage image(map.widthPx, map.heightPx, QImage::Format_ARGB32_Premultiplied);
    const int dpm = static_cast<int>(std::lround(map.dpi / 0.0254));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    image.fill(Qt::white);
    QPainter painter(&image);
    MapRenderResult r = renderMap(painter, map, QRectF(0, 0, map.widthPx, map.heightPx));
    painter.end();
    if (result != nullptr)
        *result = std::move(r);
    return image;
}

MapRenderResult writeMap(const MapDescription& map, const std::filesystem::path& file) {
    std::vector<MapRenderResult> r = writeMaps({map}, file);
    return std::move(r.front());
}

std::vector<MapRenderResult> writeMaps(const std::vector<MapDescription>& maps,
                                       const std::filesystem::path& file) {
    if (maps.empty())
        throw std::invalid_argument("没有地图可写 / no map to write: " + file.string());
    const std::string ext = file.extension().string();
    std::filesystem::path tmp = file;
    tmp += ".part";
    auto fail = [&](const std::string& why) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw std::runtime_error("无法写入地图 " + file.string() + "：" + why +
                                 " / cannot write the map " + file.string() + ": " + why);
    };
    // Side by side at the first map's dpi: each map keeps its own pixel size.
    const double dpi = maps.front().dpi;
    int width = 0, height = 0;
    for (const MapDescription& m : maps) {
        width += m.widthPx;
        height = std::max(height, m.heightPx);
    }
    std::vector<MapRenderResult> results;
    const auto paintAll = [&](QPainter& painter, double unitsPerPixel) {
        double x = 0.0;
        for (const MapDescription& m : maps) {
            results.push_back(renderMap(painter, m,
                                        QRectF(x * unitsPerPixel, 0, m.widthPx * unitsPerPixel,
                                               m.heightPx * unitsPerPixel)));
            x += m.widthPx;
        }
    };
    if (ext == ".png" || ext == ".PNG") {
        if (width < 1 || height < 1 || width > 32768 || height > 32768)
            throw std::invalid_argument(
                "图像尺寸无效 / the image size must be 1–32768 pixels a side");
        QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
        const int dpm = static_cast<int>(std::lround(dpi / 0.0254));
        image.setDotsPerMeterX(dpm);
        image.setDotsPerMeterY(dpm);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            paintAll(painter, 1.0);
        }
        if (!image.save(QString::fromStdString(tmp.string()), "PNG"))
            fail("PNG 编码或写入失败 / PNG encoding or writing failed");
    } else if (ext == ".pdf" || ext == ".PDF") {
        QPdfWriter writer(QString::fromStdString(tmp.string()));
        writer.setCreator(QStringLiteral("Xuewei 学位"));
        writer.setTitle(QString::fromStdString(maps.front().title));
        writer.setResolution(300);
        const double wPt = width / dpi * 72.0, hPt = height / dpi * 72.0;
        writer.setPageSize(QPageSize(QSizeF(wPt, hPt), QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer))
            fail("无法打开文件 / cannot open the file");
        paintAll(painter, painter.viewport().width() / static_cast<double>(width));
        if (!painter.end())
            fail("PDF 写入失败 / writing the PDF failed");
    } else {
        throw std::invalid_argument("地图文件须为 .png 或 .pdf / a map file must end in .png or "
                                    ".pdf: " +
                                    file.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec)
        fail(ec.message());
    return results;
}

} // namespace xw::viewer
