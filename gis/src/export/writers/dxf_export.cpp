// DXF export through GDAL's DXF driver (AutoCAD 2004 DXF, AC1018, from GDAL's header
// template): per spatial table a layer of geometry and a layer of text labels, both with the
// table's ACI colour in the layer table and every entity BYLAYER, as CAD users expect; polygons
// as closed polylines (no hatch, which would hide what lies under a zone).
//
// Layer names are the tables' machine names (ASCII): GDAL writes layer names as raw bytes of a
// file in code page ANSI_1252 and cannot escape them, so Chinese layer names would show garbled
// in AutoCAD; Chinese *text* is written as \U+XXXX escapes, which every AutoCAD version reads.
// Labels use the TrueType font SimSun (宋体).
#include "export/export_detail.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cmath>
#include <fstream>
#include <sstream>

namespace xw::gis::detail {
namespace {

namespace fs = std::filesystem;

std::string labelLayer(const core::Table& t) {
    return t.name + "_label";
}

/// GDAL's DXF header template with one LAYER record per output layer inserted into its LAYER
/// table (colour = the table's ACI, linetype Continuous, lineweight default, plottable).
std::string headerTemplate(const ExportContext& ctx) {
    const char* found = CPLFindFile("gdal", "header.dxf");
    if (found == nullptr) {
        exportFailed(ctx, "",
                     "找不到 GDAL 的 header.dxf（GDAL_DATA 未设置？）/ GDAL's header.dxf "
                     "not found (is GDAL_DATA set?)");
    }
    std::ifstream in(found, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(line);
    }
    // Group code / value pairs: find the LAYER table, then its ENDTAB.
    std::size_t insertAt = lines.size();
    bool inLayerTable = false;
    for (std::size_t i = 0; i + 1 < lines.size(); i += 2) {
        const std::string code = lines[i].substr(lines[i].find_first_not_of(' '));
        if (code == "2" && lines[i + 1] == "LAYER" && i >= 2 && lines[i - 1] == "TABLE")
            inLayerTable = true;
        if (inLayerTable && code == "0" && lines[i + 1] == "ENDTAB") {
            insertAt = i;
            break;
        }
    }
    if (insertAt == lines.size()) {
        exportFailed(ctx, "",
                     "GDAL 的 header.dxf 没有图层表 / GDAL's header.dxf has no LAYER table");
    }
    std::ostringstream records;
    // Handles far from the template's own (small) ones and below the entities GDAL numbers
    // from 0x20000; GDAL scans the template and never reuses a handle it finds there.
    unsigned handle = 0xA000;
    const auto record = [&](const std::string& name, int aci) {
        records << "  0\nLAYER\n  5\n"
                << std::hex << std::uppercase << handle++ << std::dec
                << "\n330\n2\n100\nAcDbSymbolTableRecord\n100\nAcDbLayerTableRecord\n  2\n"
                << name << "\n 70\n     0\n 62\n"
                << aci << "\n  6\nContinuous\n370\n    -3\n390\nF\n";
    };
    for (const PreparedTable& p : ctx.tables) {
        if (!p.table->spatial())
            continue;
        record(p.table->name, p.style.aci);
        if (p.labelColumn < p.table->columns.size())
            record(labelLayer(*p.table), p.style.aci);
    }
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i == insertAt)
            out += records.str();
        out += lines[i];
        out += '\n';
    }
    return out;
}

/// A 1-2-5 value near 1/250 of the larger side of every spatial table's extent.
double autoTextHeight(const ExportContext& ctx) {
    OGREnvelope all;
    for (const PreparedTable& p : ctx.tables) {
        for (const auto& g : p.geometries) {
            if (g) {
                OGREnvelope e;
                g->getEnvelope(&e);
                all.Merge(e);
            }
        }
    }
    if (!all.IsInit())
        return 1.0;
    const double side = std::max(all.MaxX - all.MinX, all.MaxY - all.MinY) / 250.0;
    if (!(side > 0.0))
        return ctx.geographic ? 1e-4 : 2.0;
    const double decade = std::pow(10.0, std::floor(std::log10(side)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (side <= step * decade * 1.5)
            return step * decade;
    }
    return 10.0 * decade;
}

/// Where a label goes and how it is anchored (OGR LABEL anchor 1–12): right of a point, at the
/// middle of a line, inside a polygon.
std::optional<std::pair<OGRPoint, int>> labelPoint(const OGRGeometry& g, double height) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
        const OGRPoint* p = g.toPoint();
        return std::make_pair(OGRPoint(p->getX() + 0.8 * height, p->getY()), 4);
    }
    case wkbMultiPoint: {
        const auto* mp = g.toMultiPoint();
        if (mp->IsEmpty())
            return std::nullopt;
        const OGRPoint* p = mp->getGeometryRef(0);
        return std::make_pair(OGRPoint(p->getX() + 0.8 * height, p->getY()), 4);
    }
    case wkbLineString:
    case wkbMultiLineString: {
        const OGRLineString* ls = wkbFlatten(g.getGeometryType()) == wkbLineString
                                      ? g.toLineString()
                                      : g.toMultiLineString()->getGeometryRef(0);
        if (ls == nullptr || ls->IsEmpty())
            return std::nullopt;
        OGRPoint mid;
        ls->Value(ls->get_Length() / 2.0, &mid);
        return std::make_pair(mid, 2);
    }
    default: {
        if (g.IsEmpty())
            return std::nullopt;
        // GEOS's point on surface: inside the polygon even where the centroid is not.
        OGRGeometryUniquePtr inside(OGRGeometry::FromHandle(
            OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)))));
        if (!inside || wkbFlatten(inside->getGeometryType()) != wkbPoint)
            return std::nullopt;
        return std::make_pair(*inside->toPoint(), 5);
    }
    }
}

std::string styleQuote(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

/// Two touches GDAL's DXF writer leaves to do, made in place:
/// - its \U+xxxx escapes of non-Latin text have lower-case hex digits; AutoCAD writes them
///   upper-case, and some readers (ezdxf 0.18 in Debian 12) accept only that (a literal
///   backslash, written as \\, is skipped over);
/// - its text styles name the TrueType family (XDATA "SimSun") but no font file (group 3), which
///   AutoCAD writes for a TrueType style; without it a reader may fall back to txt.shx, which has
///   no Chinese characters. Group 3 "simsun.ttc" is added, as AutoCAD writes it for 宋体.
void finishForAutoCad(const ExportContext& ctx, const fs::path& dxf) {
    std::string text;
    {
        std::ifstream in(dxf, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    const auto isHex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    bool changed = false;
    const std::string gdalStyleTail = " 71\n0\n1001\nACAD\n1000\nSimSun\n";
    const std::string withFontFile = " 71\n0\n  3\nsimsun.ttc\n1001\nACAD\n1000\nSimSun\n";
    for (std::size_t at = text.find(gdalStyleTail); at != std::string::npos;
         at = text.find(gdalStyleTail, at + withFontFile.size())) {
        text.replace(at, gdalStyleTail.size(), withFontFile);
        changed = true;
    }
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '\\')
            continue;
        if (text[i + 1] == '\\') {
            ++i; // an escaped backslash
            continue;
        }
        if (text[i + 1] == 'U' && i + 6 < text.size() && text[i + 2] == '+' && isHex(text[i + 3]) &&
            isHex(text[i + 4]) && isHex(text[i + 5]) && isHex(text[i + 6])) {
            for (std::size_t k = i + 3; k <= i + 6; ++k) {
                if (text[k] >= 'a' && text[k] <= 'f') {
                    text[k] = static_cast<char>(text[k] - 'a' + 'A');
                    changed = true;
                }
            }
            i += 6;
        }
    }
    if (!changed)
        return;
    std::ofstream out(dxf, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        exportFailed(ctx, "", "无法写入 / cannot write " + dxf.string());
    }
}

/// Removes a file at scope exit (the header template lives only during the write).
struct RemoveOnExit {
    fs::path path;
    ~RemoveOnExit() {
        std::error_code ec;
        fs::remove(path, ec);
    }
};

} // namespace

void writeDxfExport(const ExportContext& ctx, const fs::path& staged, ExportReport& report) {
    static std::atomic<unsigned> counter{0};
    const RemoveOnExit header{
        fs::temp_directory_path() /
        ("xw-dxf-header-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".dxf")};
    {
        std::ofstream os(header.path, std::ios::binary | std::ios::trunc);
        os << headerTemplate(ctx);
        os.close();
        if (!os) {
            exportFailed(ctx, "", "无法写入临时文件 / cannot write " + header.path.string());
        }
    }
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("DXF");
    if (driver == nullptr) {
        exportFailed(ctx, "", "GDAL 缺少 DXF 驱动 / GDAL has no DXF driver");
    }
    CPLStringList options;
    options.SetNameValue("HEADER", header.path.c_str());
    CPLSetThreadLocalConfigOption("DXF_WRITE_HATCH", "NO");
    struct RestoreHatch {
        ~RestoreHatch() { CPLSetThreadLocalConfigOption("DXF_WRITE_HATCH", nullptr); }
    } restore;
    GDALDatasetUniquePtr ds(driver->Create(staged.c_str(), 0, 0, 0, GDT_Unknown, options.List()));
    if (!ds) {
        exportFailed(ctx, "",
                     "无法创建 / cannot create " + staged.string() + ": " + lastGdalError());
    }
    OGRLayer* layer = ds->CreateLayer("entities", ctx.targetSrs.get(), wkbUnknown, nullptr);
    if (layer == nullptr) {
        exportFailed(ctx, "", "无法创建图层 / cannot create layer: " + lastGdalError());
    }
    const double height =
        ctx.options->dxfTextHeight > 0.0 ? ctx.options->dxfTextHeight : autoTextHeight(ctx);
    const int layerField = layer->GetLayerDefn()->GetFieldIndex("Layer");
    for (const PreparedTable& p : ctx.tables) {
        const core::Table& t = *p.table;
        if (!t.spatial()) {
            report.notes.push_back("DXF 只写空间表，跳过 " + t.name +
                                   " / DXF holds spatial tables "
                                   "only; skipped " +
                                   t.name);
            continue;
        }
        const bool labels = p.labelColumn < t.columns.size();
        const std::string labelLayerName = labelLayer(t);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const OGRGeometry* g = p.geometries[r].get();
            if (g == nullptr)
                continue;
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            f->SetField(layerField, t.name.c_str());
            f->SetGeometry(g);
            if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
                exportFailed(ctx, t.name,
                             where(t, r, t.columns.size()) +
                                 "：写入失败 / write failed: " + lastGdalError());
            }
            const std::string text =
                labels ? formatCell(t.rows[r][p.labelColumn], t.columns[p.labelColumn])
                       : std::string();
            if (!text.empty()) {
                if (const auto at = labelPoint(*g, height)) {
                    OGRFeatureUniquePtr label(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                    label->SetField(layerField, labelLayerName.c_str());
                    label->SetGeometry(&at->first);
                    const std::string style = R"(LABEL(f:"SimSun",t:")" + styleQuote(text) +
                                              "\",s:" + CPLSPrintf("%.10g", height) +
                                              "g,p:" + std::to_string(at->second) + ")";
                    label->SetStyleString(style.c_str());
                    if (layer->CreateFeature(label.get()) != OGRERR_NONE) {
                        exportFailed(ctx, t.name,
                                     where(t, r, p.labelColumn) +
                                         "：标注写入失败 / label write "
                                         "failed: " +
                                         lastGdalError());
                    }
                }
            }
            tick(ctx, p, r + 1);
        }
        tick(ctx, p, t.rows.size());
        report.files.emplace_back(t.name);
        if (labels)
            report.files.emplace_back(labelLayerName);
    }
    CPLErrorReset();
    ds.reset(); // the driver assembles the file on close
    if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) {
        exportFailed(ctx, "", "关闭时失败 / failed while closing: " + lastGdalError());
    }
    finishForAutoCad(ctx, staged);
}

} // namespace xw::gis::detail
