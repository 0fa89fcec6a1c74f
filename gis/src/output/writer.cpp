// Output writers over core::Table. Both write beside the target and rename on success (atomic on
// POSIX within one file system), so readers never see a half-written file and an old file
// survives a failure.
#include <xw/gis/output/output_folder.hpp>
#include <xw/gis/output/writer.hpp>

#include "detail/ogr_util.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <system_error>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void writeFailed(const fs::path& out, const std::string& layer,
                              const std::string& what) {
    throw GisError(out.string(), layer,
                   "无法写入文件 / cannot write file: " + out.string() +
                       (layer.empty() ? std::string() : " [" + layer + "]") + ": " + what);
}

/// A temporary file beside `target`, removed on destruction unless commit() renamed it.
class TempFile {
public:
    explicit TempFile(const fs::path& target) : m_target(target) {
        static std::atomic<unsigned> counter{0};
        const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
        std::error_code ec;
        if (!fs::is_directory(folder, ec))
            writeFailed(target, "", "目录不存在 / folder not found: " + folder.string());
        // Same folder, so the final rename stays on one file system; same extension, so drivers
        // that look at it (GPKG) are content.
        m_temp = folder / (target.stem().string() + ".partial-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++) + target.extension().string());
    }
    ~TempFile() {
        if (!m_committed) {
            std::error_code ec;
            fs::remove(m_temp, ec); // best effort: nothing useful to do on failure here
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    [[nodiscard]] const fs::path& path() const { return m_temp; }

    void commit() {
        std::error_code ec;
        fs::rename(m_temp, m_target, ec);
        if (ec)
            writeFailed(m_target, "", systemReason(ec.value()));
        m_committed = true;
    }

private:
    fs::path m_target;
    fs::path m_temp;
    bool m_committed = false;
};

void checkRow(const fs::path& out, const core::Table& t, std::size_t r) {
    if (t.rows[r].size() != t.columns.size())
        writeFailed(out, t.name,
                    fmt::format("第 {0} 行有 {1} 列，表头有 {2} 列 / row {0} has {1} cells, the "
                                "header {2}",
                                r + 1, t.rows[r].size(), t.columns.size()));
}

void writeCsvRow(std::ostream& os, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0)
            os << ',';
        const std::string& c = cells[i];
        if (c.find_first_of(",\"\r\n") == std::string::npos) {
            os << c;
            continue;
        }
        os << '"';
        for (const char ch : c) {
            if (ch == '"')
                os << '"';
            os << ch;
        }
        os << '"';
    }
    os << "\r\n";
}

OGRwkbGeometryType layerType(const core::Table& t, const fs::path& out) {
    for (const core::Wkb& wkb : t.geometries) {
        if (wkb.empty())
            continue;
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE)
            writeFailed(out, t.name, "几何无法读取 / unreadable geometry");
        const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
        OGRGeometryFactory::destroyGeometry(g);
        switch (type) {
        case wkbPoint:
            return wkbPoint;
        case wkbLineString:
        case wkbMultiLineString:
            return wkbMultiLineString;
        case wkbPolygon:
        case wkbMultiPolygon:
            return wkbMultiPolygon;
        default:
            writeFailed(out, t.name, "不支持的几何类型 / unsupported geometry type");
        }
    }
    return wkbPoint;
}

OGRGeometry* geometryOf(const core::Wkb& wkb, OGRwkbGeometryType type, const fs::path& out,
                        const core::Table& t, std::size_t r) {
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE)
        writeFailed(out, t.name,
                    fmt::format("第 {0} 行几何无法读取 / row {0}: unreadable geometry", r + 1));
    switch (type) {
    case wkbMultiPolygon:
        g = OGRGeometryFactory::forceToMultiPolygon(g);
        break;
    case wkbMultiLineString:
        g = OGRGeometryFactory::forceToMultiLineString(g);
        break;
    default:
        break;
    }
    if (g == nullptr || wkbFlatten(g->getGeometryType()) != type) {
        OGRGeometryFactory::destroyGeometry(g);
        writeFailed(out, t.name,
                    fmt::format("第 {0} 行几何类型与图层不符 / row {0}: geometry of another kind "
                                "than the layer's",
                                r + 1));
    }
    return g;
}

void writeLayer(GDALDataset& ds, const fs::path& out, const core::Table& t) {
    detail::SrsPtr srs;
    OGRwkbGeometryType type = wkbNone;
    if (t.spatial()) {
        if (t.geometries.size() != t.rows.size())
            writeFailed(out, t.name, "几何数与行数不符 / geometries do not match the rows");
        srs = detail::parseSrs(t.crs);
        if (!srs)
            writeFailed(out, t.name, "未知坐标系 / unknown CRS: \"" + t.crs + "\"");
        type = layerType(t, out);
    }
    char** options = nullptr;
    if (!t.spatial())
        options = CSLSetNameValue(options, "ASPATIAL_VARIANT", "GPKG_ATTRIBUTES");
    OGRLayer* layer = ds.CreateLayer(t.name.c_str(), srs.get(), type, options);
    CSLDestroy(options);
    if (layer == nullptr)
        writeFailed(out, t.name, "无法创建图层 / cannot create layer: " + detail::lastGdalError());
    for (const core::Column& c : t.columns) {
        OGRFieldDefn defn(c.key.c_str(), c.type == core::ColumnType::Integer ? OFTInteger64
                                         : c.type == core::ColumnType::Real  ? OFTReal
                                                                             : OFTString);
        if (layer->CreateField(&defn) != OGRERR_NONE)
            writeFailed(out, t.name,
                        "无法创建字段 / cannot create field " + c.key + ": " +
                            detail::lastGdalError());
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        checkRow(out, t, r);
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const core::Cell& cell = t.rows[r][c];
            const auto field = static_cast<int>(c);
            const core::ColumnType columnType = t.columns[c].type;
            if (std::holds_alternative<std::monostate>(cell))
                continue; // NULL
            if (const auto* i = std::get_if<std::int64_t>(&cell);
                i && columnType != core::ColumnType::Text)
                f->SetField(field, static_cast<GIntBig>(*i));
            else if (const auto* d = std::get_if<double>(&cell);
                     d && columnType == core::ColumnType::Real) {
                if (!std::isfinite(*d))
                    writeFailed(out, t.name,
                                fmt::format("第 {} 行 {} 不是有限数 / row {}, {}: not a finite "
                                            "number",
                                            r + 1, t.columns[c].key, r + 1, t.columns[c].key));
                f->SetField(field, *d);
            } else if (const auto* s = std::get_if<std::string>(&cell);
                       s && columnType == core::ColumnType::Text)
                f->SetField(field, s->c_str());
            else
                writeFailed(out, t.name,
                            fmt::format("第 {} 行 {} 与列类型不符 / row {}, {}: the cell does not "
                                        "match the column's type",
                                        r + 1, t.columns[c].key, r + 1, t.columns[c].key));
        }
        if (t.spatial() && !t.geometries[r].empty())
            f->SetGeometryDirectly(geometryOf(t.geometries[r], type, out, t, r));
        if (layer->CreateFeature(f.get()) != OGRERR_NONE)
            writeFailed(out, t.name,
                        "无法写入要素 / cannot write feature: " + detail::lastGdalError());
    }
}

} // namespace

std::string cellText(const core::Cell& cell, const core::Column& column) {
    if (const auto* i = std::get_if<std::int64_t>(&cell))
        return std::to_string(*i);
    if (const auto* s = std::get_if<std::string>(&cell))
        return *s;
    if (const auto* d = std::get_if<double>(&cell)) {
        if (!std::isfinite(*d))
            throw GisError("", "",
                           "列 " + column.key + " 的值不是有限数 / column " + column.key +
                               ": not a finite number");
        double v = *d;
        int decimals = column.decimals;
        if (decimals < 0) {
            // Six significant digits without an exponent.
            const double mag = v == 0.0 ? 0.0 : std::floor(std::log10(std::fabs(v)));
            decimals = std::clamp(5 - static_cast<int>(mag), 0, 17);
        }
        std::string text = fmt::format("{:.{}f}", v, decimals);
        if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-')
            text.erase(0, 1); // no "-0.00"
        return text;
    }
    return "";
}

void writeCsv(const fs::path& out, const core::Table& table) {
    TempFile temp(out);
    {
        std::ofstream os(temp.path(), std::ios::binary | std::ios::trunc);
        if (!os)
            writeFailed(out, "",
                        "无法创建临时文件 / cannot create temporary file " + temp.path().string() +
                            ": " + systemReason(errno));
        os << "\xEF\xBB\xBF"; // UTF-8 byte-order mark: Excel otherwise assumes the ANSI code page
        std::vector<std::string> cells;
        for (const core::Column& c : table.columns)
            cells.push_back(c.key);
        writeCsvRow(os, cells);
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            checkRow(out, table, r);
            cells.clear();
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                try {
                    cells.push_back(cellText(table.rows[r][c], table.columns[c]));
                } catch (const GisError&) {
                    writeFailed(out, table.name,
                                fmt::format("第 {} 行 {} 不是有限数 / row {}, {}: not a finite "
                                            "number",
                                            r + 1, table.columns[c].key, r + 1,
                                            table.columns[c].key));
                }
            }
            writeCsvRow(os, cells);
        }
        os.flush();
        if (!os)
            writeFailed(out, "",
                        "写入失败 / write failed: " + systemReason(errno != 0 ? errno : EIO));
        os.close();
        if (!os)
            writeFailed(out, "",
                        "写入失败 / write failed: " + systemReason(errno != 0 ? errno : EIO));
    }
    temp.commit();
}

void writeCsv(const fs::path& out, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows) {
    TempFile temp(out);
    {
        std::ofstream os(temp.path(), std::ios::binary | std::ios::trunc);
        if (!os)
            writeFailed(out, "",
                        "无法创建临时文件 / cannot create temporary file " + temp.path().string() +
                            ": " + systemReason(errno));
        os << "\xEF\xBB\xBF";
        writeCsvRow(os, header);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].size() != header.size())
                writeFailed(out, "",
                            fmt::format("第 {0} 行有 {1} 列，表头有 {2} 列 / row {0} has {1} "
                                        "cells, the header {2}",
                                        i + 1, rows[i].size(), header.size()));
            writeCsvRow(os, rows[i]);
        }
        os.close();
        if (!os)
            writeFailed(out, "",
                        "写入失败 / write failed: " + systemReason(errno != 0 ? errno : EIO));
    }
    temp.commit();
}

void writeGeoPackage(const fs::path& out, const std::vector<const core::Table*>& tables) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    TempFile temp(out);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr)
        writeFailed(out, "", "GDAL 缺少 GPKG 驱动 / GDAL has no GPKG driver");
    {
        GDALDatasetUniquePtr ds(
            driver->Create(temp.path().string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            writeFailed(out, "", detail::lastGdalError());
        // One transaction: far faster than one per feature, and all or nothing.
        if (ds->StartTransaction() != OGRERR_NONE)
            writeFailed(out, "",
                        "无法开始事务 / cannot start transaction: " + detail::lastGdalError());
        for (const core::Table* t : tables)
            writeLayer(*ds, out, *t);
        if (ds->CommitTransaction() != OGRERR_NONE)
            writeFailed(out, "", "无法提交事务 / cannot commit: " + detail::lastGdalError());
        CPLErrorReset();
        ds.reset(); // GDAL 3.6's GDALClose returns nothing: check the error state instead
        if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
            writeFailed(out, "", "关闭失败 / close failed: " + detail::lastGdalError());
    }
    temp.commit();
}

} // namespace xw::gis
