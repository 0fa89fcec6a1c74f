// Opening one layer or table through GDAL/OGR and parsing its cells.
#include "detail/source_reader.hpp"

#include <xw/gis/error.hpp>

#include "detail/encoding.hpp"
#include "detail/file_checks.hpp"
#include "detail/text.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace xw::gis::detail {
namespace {

namespace fs = std::filesystem;

/// Text sources are converted to UTF-8 in memory, so they must fit in it comfortably.
constexpr std::uintmax_t kMaxTextBytes = std::uintmax_t{1} << 30;

bool isTextFormat(const std::string& ext) {
    return ext == ".csv" || ext == ".tsv" || ext == ".txt" || ext == ".geojson" || ext == ".json";
}

bool isCsvFormat(const std::string& ext) {
    return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string firstLine(std::string_view bytes) {
    return std::string(bytes.substr(0, std::min(bytes.find('\n'), bytes.size())));
}

std::string formatNumber(double v) {
    char buffer[64];
    if (v == std::floor(v) && std::abs(v) < 1e15) {
        std::snprintf(buffer, sizeof buffer, "%.0f", v);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.6g", v);
    }
    return buffer;
}

std::string degrees(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", v);
    return buffer;
}

/// "not a number", or "not a finite number" for infinities and NaN in any spelling.
std::string notANumber(const std::string& text) {
    const std::string l = lowerAscii(text);
    const bool nonFinite = l.find("inf") != std::string::npos ||
                           l.find("nan") != std::string::npos ||
                           (std::strtod(text.c_str(), nullptr) != 0.0 &&
                            !std::isfinite(std::strtod(text.c_str(), nullptr)));
    return (nonFinite ? "不是有限的数字 / not a finite number: " : "不是数字 / not a number: ") +
           inQuotes(text);
}

bool insideArea(const std::array<double, 4>& a, double lon, double lat, double marginDegrees) {
    const double west = a[0] - marginDegrees;
    const double east = a[2] + marginDegrees;
    const bool lonInside =
        a[0] <= a[2] ? (lon >= west && lon <= east) : (lon >= west || lon <= east); // across 180°
    return lonInside && lat >= a[1] - marginDegrees && lat <= a[3] + marginDegrees;
}

} // namespace

// ----------------------------------------------------------------------------------------------
// MemFile

MemFile::MemFile(std::string path, const std::string& bytes) : m_path(std::move(path)) {
    auto* copy = static_cast<GByte*>(CPLMalloc(std::max<std::size_t>(bytes.size(), 1)));
    std::copy(bytes.begin(), bytes.end(), copy);
    VSILFILE* f = VSIFileFromMemBuffer(m_path.c_str(), copy, bytes.size(), TRUE);
    if (f == nullptr) {
        CPLFree(copy);
        m_path.clear();
        return;
    }
    VSIFCloseL(f);
}

MemFile::~MemFile() {
    if (!m_path.empty()) {
        VSIUnlink(m_path.c_str());
    }
}

MemFile::MemFile(MemFile&& other) noexcept : m_path(std::move(other.m_path)) {
    other.m_path.clear();
}

MemFile& MemFile::operator=(MemFile&& other) noexcept {
    if (this != &other) {
        if (!m_path.empty()) {
            VSIUnlink(m_path.c_str());
        }
        m_path = std::move(other.m_path);
        other.m_path.clear();
    }
    return *this;
}

// ----------------------------------------------------------------------------------------------
// SourceReader

SourceReader::SourceReader(const SourceSpec& spec, const std::vector<FieldDef>& fields,
                           GeometryKind kind, const OGRSpatialReference* working,
                           std::vector<Diagnostic>& problems, bool mustHaveRows)
    : m_spec(spec) {
    openDataset(problems);
    m_layer = spec.layer ? m_dataset->GetLayerByName(spec.layer->c_str())
                         : (m_dataset->GetLayerCount() > 0 ? m_dataset->GetLayer(0) : nullptr);
    if (m_layer == nullptr) {
        std::string layers;
        for (int i = 0; i < m_dataset->GetLayerCount() && i < 10; ++i) {
            layers += std::string(layers.empty() ? "" : ", ") + m_dataset->GetLayer(i)->GetName();
        }
        fail("图层不存在 / layer not found: " + spec.sourceLabel +
             (spec.layer ? " 图层 layer " + *spec.layer : std::string()) +
             (layers.empty() ? " (数据源中没有图层 / the source has no layer)"
                             : " (现有图层 / layers present: " + layers + ")"));
    }
    // An empty layer may lack the columns too: say it is empty rather than a field is absent.
    if (mustHaveRows && m_layer->GetFeatureCount(TRUE) == 0) {
        if (kind == GeometryKind::None) {
            fail("必需的表没有数据行（只有表头） / the table has no rows (a header at most): " +
                 spec.sourceLabel + " [" + spec.key + "]");
        }
        fail("必需图层为空 / required layer is empty: " + spec.sourceLabel + " [" + spec.key + "]");
    }
    resolveFields(fields, problems);
    if (kind != GeometryKind::None) {
        resolveCrs(working);
    }
}

void SourceReader::openDataset(std::vector<Diagnostic>& problems) {
    const std::string ext = lowerAscii(m_spec.path.extension().string());
    const std::string where = m_spec.sourceLabel + " (" + m_spec.path.string() + ")";
    if (const auto why = inputFileProblem(m_spec.path, ext == ".gdb")) {
        fail(*why + ": " + where);
    }
    const bool isVsi = m_spec.path.string().rfind("/vsi", 0) == 0;
    std::string openPath = m_spec.path.string();
    std::vector<std::string> options;
    const auto warn = [&](const std::string& message) {
        problems.push_back({Severity::Warning, m_spec.sourceLabel, m_spec.key, "", "", message});
    };
    if (isTextFormat(ext) && !isVsi) {
        std::error_code ec;
        if (fs::file_size(m_spec.path, ec) > kMaxTextBytes) {
            fail("文本文件过大（超过 1 GiB） / the text file is too large (over 1 GiB): " + where);
        }
        const std::string bytes = readAll(m_spec.path);
        std::optional<std::string> from;
        const auto bom = bomEncoding(bytes);
        if (m_spec.encoding && !isUtf8Name(*m_spec.encoding)) {
            from = *m_spec.encoding;
            if (isUtf8(bytes) &&
                std::any_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) != 0; })) {
                warn("文件本身是有效的 UTF-8，但清单要求按 " + *m_spec.encoding +
                     " 读取；若名称显示为乱码，请删除 encoding / the file is valid UTF-8 but the "
                     "manifest says encoding " +
                     *m_spec.encoding + "; if names come out garbled, remove encoding");
            }
        } else if (bom) {
            from = *bom; // a byte-order mark is unambiguous (Excel's "Unicode text" is UTF-16LE)
        } else if (const std::string header = firstLine(bytes);
                   !isUtf8(header) || header.find('\0') != std::string::npos) {
            const auto guess = guessEncoding(bytes);
            std::string shown;
            if (guess) {
                const Utf8Text decoded = toUtf8(firstLine(bytes), *guess);
                if (decoded.ok()) {
                    shown = decoded.text.substr(0, 120);
                }
            }
            fail("文件不是 UTF-8 编码" + (guess ? "（看起来是 " + *guess + "）" : std::string()) +
                 "，请另存为 UTF-8 或在清单中写 encoding / the file is not UTF-8" +
                 (guess ? " (it looks like " + *guess + ")" : std::string()) +
                 ": save it as UTF-8 or give encoding" + (guess ? ": " + *guess : std::string()) +
                 " in the manifest: " + where +
                 (shown.empty() ? std::string()
                                : "; 按 " + *guess + " 解读的表头 / header read as " + *guess +
                                      ": " + inQuotes(shown)));
        }
        if (from) {
            Utf8Text converted = toUtf8(bytes, *from);
            if (!converted.ok()) {
                fail("无法按 " + *from + " 读取 / cannot read the file as " + *from + ": " +
                     converted.error + ": " + where +
                     (isUtf8(bytes)
                          ? "; 文件本身是有效的 UTF-8，请删除 encoding / the file is valid "
                            "UTF-8: remove encoding"
                          : std::string()));
            }
            static std::atomic<unsigned long> counter{0};
            m_converted = MemFile("/vsimem/xuewei/" + std::to_string(++counter) + "/" +
                                      m_spec.path.filename().string(),
                                  converted.text);
            if (m_converted.path().empty()) {
                fail("无法在内存中转换编码 / cannot hold the converted text in memory: " + where);
            }
            openPath = m_converted.path();
        }
    } else if (m_spec.encoding) {
        if (const Utf8Text probe = toUtf8("", *m_spec.encoding); !probe.ok()) {
            fail(probe.error + ": " + where);
        }
        if (ext == ".shp" || ext == ".dbf") {
            options.push_back("ENCODING=" + *m_spec.encoding);
        } else if (!isUtf8Name(*m_spec.encoding)) {
            warn("此格式的文本总是 UTF-8，encoding 已忽略 / text in this format is always UTF-8: "
                 "encoding " +
                 *m_spec.encoding + " ignored");
        }
    }
    if (isCsvFormat(ext)) {
        // Every value as text: numbers are parsed by us, so a bad number gets our message.
        options.emplace_back("AUTODETECT_TYPE=NO");
        options.emplace_back("KEEP_GEOM_COLUMNS=YES");
        if (ext == ".txt") {
            openPath = "CSV:" + openPath; // GDAL's CSV driver reads .txt only when asked
        }
    }
    std::vector<const char*> optionPtrs;
    for (const auto& o : options) {
        optionPtrs.push_back(o.c_str());
    }
    optionPtrs.push_back(nullptr);
    // A table named .csv/.tsv/.txt is read by the CSV driver whatever it holds: GDAL otherwise
    // gives the file to any driver that recognises a signature in its first bytes (a cell
    // reading "<JCSDataFile" made a .csv an OpenJUMP JML file, read wrongly and leaking).
    const char* const csvOnly[] = {"CSV", nullptr};
    CPLErrorReset();
    m_dataset.reset(GDALDataset::FromHandle(
        GDALOpenEx(openPath.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                   isCsvFormat(ext) ? csvOnly : nullptr, optionPtrs.data(), nullptr)));
    if (!m_dataset) {
        fail("无法打开数据源 / cannot open source: " + m_spec.sourceLabel + ": " +
             openFailureReason(m_spec.path, lastGdalError()));
    }
}

std::optional<std::string> SourceReader::textAt(const OGRFeature& f, int index) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) {
        return std::nullopt;
    }
    const std::string_view value = trimAscii(f.GetFieldAsString(index));
    if (value.empty()) {
        return std::nullopt;
    }
    return std::string(value);
}

GeometryRead SourceReader::geometry(OGRFeature& f) const {
    GeometryRead out;
    OGRGeometryUniquePtr g;
    if (m_geomX >= 0) {
        out.field = m_spec.geometry.x.value_or("");
        const auto xs = textAt(f, m_geomX);
        const auto ys = textAt(f, m_geomY);
        if (!xs || !ys) {
            out.field = !xs ? *m_spec.geometry.x : *m_spec.geometry.y;
            out.why = "缺少坐标 / missing coordinate";
            return out;
        }
        const auto x = parseDouble(*xs);
        const auto y = parseDouble(*ys);
        if (!x || !y) {
            out.field = !x ? *m_spec.geometry.x : *m_spec.geometry.y;
            out.why = "不是数字 / not a number: " + inQuotes(!x ? *xs : *ys);
            return out;
        }
        g.reset(new OGRPoint(*x, *y));
    } else if (m_geomWkt >= 0) {
        out.field = *m_spec.geometry.wkt;
        const auto wkt = textAt(f, m_geomWkt);
        if (!wkt) {
            out.why = "缺少几何 / missing geometry";
            return out;
        }
        OGRGeometry* parsed = nullptr;
        if (OGRGeometryFactory::createFromWkt(wkt->c_str(), nullptr, &parsed) != OGRERR_NONE ||
            parsed == nullptr) {
            out.why = "WKT 无法解析 / unreadable WKT: " + inQuotes(wkt->substr(0, 60));
            return out;
        }
        g.reset(parsed);
    } else {
        out.field.clear();
        g.reset(f.StealGeometry());
        if (!g) {
            out.why = "缺少几何 / missing geometry";
            return out;
        }
    }
    if (g->IsEmpty()) {
        out.why = "几何为空 / empty geometry";
        return out;
    }
    // One-part MultiPoints (QGIS's default export of a point layer) are points.
    if (wkbFlatten(g->getGeometryType()) == wkbMultiPoint &&
        g->toMultiPoint()->getNumGeometries() == 1) {
        g.reset(g->toMultiPoint()->getGeometryRef(0)->clone());
    }
    if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
        out.rawPoint = std::make_pair(g->toPoint()->getX(), g->toPoint()->getY());
    }
    OGREnvelope raw;
    g->getEnvelope(&raw);
    if (!std::isfinite(raw.MinX) || !std::isfinite(raw.MaxX) || !std::isfinite(raw.MinY) ||
        !std::isfinite(raw.MaxY)) {
        out.why = "坐标不是有限数 / a coordinate is not finite";
        return out;
    }
    if (m_transform && g->transform(m_transform.get()) != OGRERR_NONE) {
        out.why = "坐标无法转换到工作坐标系 / cannot transform to the working CRS";
        const std::string hint =
            coordinateHint((raw.MinX + raw.MaxX) / 2, (raw.MinY + raw.MaxY) / 2);
        if (!hint.empty()) {
            out.why += "; " + hint;
        }
        return out;
    }
    OGREnvelope env;
    g->getEnvelope(&env);
    if (!std::isfinite(env.MinX) || !std::isfinite(env.MaxX) || !std::isfinite(env.MinY) ||
        !std::isfinite(env.MaxY)) {
        out.why = "转换后的坐标不是有限数 / the transformed coordinates are not finite";
        const std::string hint =
            coordinateHint((raw.MinX + raw.MaxX) / 2, (raw.MinY + raw.MaxY) / 2);
        if (!hint.empty()) {
            out.why += "; " + hint;
        }
        return out;
    }
    out.geometry = std::move(g);
    return out;
}

std::string SourceReader::coordinateHint(double x, double y) const {
    if (!m_source) {
        return {};
    }
    const std::string crs = srsLabel(*m_source);
    double lon = x;
    double lat = y;
    const std::string swapped = "经度/纬度两列似乎颠倒 / the longitude/latitude (经度/纬度) "
                                "columns look swapped";
    if (m_sourceGeographic) {
        if (std::abs(x) > 180.0 || std::abs(y) > 90.0) {
            if (std::abs(y) <= 180.0 && std::abs(x) <= 90.0 &&
                (!m_areaOfUse || insideArea(*m_areaOfUse, y, x, 1.0))) {
                return "纬度超出 ±90°，互换后成立：" + swapped;
            }
            return "坐标不是经纬度，更像以米为单位的投影坐标：请检查 crs（现为 " + crs +
                   "） / the coordinates are not degrees but look like projected metres: check "
                   "crs (now " +
                   crs + ")";
        }
    } else if (m_toGeographic) {
        if (!m_toGeographic->Transform(1, &lon, &lat)) {
            return "坐标超出坐标系 " + crs +
                   " 的定义范围：请检查 crs / the coordinates lie outside "
                   "the domain of " +
                   crs + ": check crs";
        }
    }
    if (!m_areaOfUse) {
        return {};
    }
    const auto& a = *m_areaOfUse;
    if (insideArea(a, lon, lat, 1.0)) {
        return {};
    }
    std::string hint = "坐标在坐标系 " + crs + " 的适用范围之外（经度 " + degrees(a[0]) + "–" +
                       degrees(a[2]) + "，纬度 " + degrees(a[1]) + "–" + degrees(a[3]) +
                       "）：请检查 crs / the coordinates lie outside the area of use of " + crs +
                       " (lon " + degrees(a[0]) + "–" + degrees(a[2]) + ", lat " + degrees(a[1]) +
                       "–" + degrees(a[3]) + "): check crs";
    if (m_sourceGeographic && insideArea(a, y, x, 1.0)) {
        hint += "; 互换后落在范围内：" + swapped;
    }
    return hint;
}

std::optional<std::pair<double, double>> SourceReader::swappedInWorking(double x, double y) const {
    double sx = y;
    double sy = x;
    if (m_transform && !m_transform->Transform(1, &sx, &sy)) {
        return std::nullopt;
    }
    if (!std::isfinite(sx) || !std::isfinite(sy)) {
        return std::nullopt;
    }
    return std::make_pair(sx, sy);
}

void SourceReader::fail(const std::string& message) const {
    throw GisError(m_spec.sourceLabel, m_spec.key, message);
}

std::string SourceReader::closestHeaders(const std::string& wanted) const {
    const OGRFeatureDefn* defn = m_layer->GetLayerDefn();
    struct Candidate {
        std::size_t distance;
        int index;
        std::string name;
    };
    std::vector<Candidate> candidates;
    bool mojibake = false;
    std::string sameButInvisible;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const std::string name = defn->GetFieldDefn(i)->GetNameRef();
        mojibake = mojibake || looksLikeLatin1Mojibake(name);
        const std::string shown = showInvisible(name);
        // Same text once the invisible characters are taken out.
        std::string visible;
        for (std::size_t k = 0; k < shown.size();) {
            if (shown[k] == '<') {
                const std::size_t close = shown.find('>', k);
                if (close != std::string::npos) {
                    k = close + 1;
                    continue;
                }
            }
            visible += shown[k++];
        }
        if (visible == wanted && sameButInvisible.empty()) {
            sameButInvisible = shown;
        }
        candidates.push_back({editDistance(name, wanted), i, name});
    }
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
    std::string out;
    if (!sameButInvisible.empty()) {
        out += "; 列 " + inQuotes(sameButInvisible) + " 含有不可见字符，请删除 / the column " +
               inQuotes(sameButInvisible) + " has invisible characters: remove them";
    }
    if (candidates.empty()) {
        return out + "; 数据源没有任何列 / the source has no columns";
    }
    std::string closest;
    for (std::size_t i = 0; i < candidates.size() && i < 3; ++i) {
        closest +=
            std::string(closest.empty() ? "" : ", ") + inQuotes(showInvisible(candidates[i].name));
    }
    out += "; 最接近的列 / closest columns: " + closest;
    if (mojibake) {
        out +=
            "; 列名像是被当作 Latin-1 读取的 GBK 文本：请在清单中写 encoding: GBK 或加 .cpg 文件 "
            "/ the column names look like GBK read as Latin-1: give encoding: GBK in the "
            "manifest or add a .cpg file";
    }
    return out;
}

void SourceReader::resolveFields(const std::vector<FieldDef>& fields,
                                 std::vector<Diagnostic>& problems) {
    const OGRFeatureDefn* defn = m_layer->GetLayerDefn();
    std::set<std::string> known;
    for (const auto& def : fields) {
        known.insert(def.ours);
        const auto mapped = m_spec.fields.find(def.ours);
        Column c;
        c.name = mapped != m_spec.fields.end() ? mapped->second : std::string(def.ours);
        c.index = defn->GetFieldIndex(c.name.c_str());
        if (c.index < 0 && def.required) {
            fail("缺少必需字段 / required field missing: " + m_spec.sourceLabel + " [" +
                 m_spec.key + "] 字段 field " + def.ours + " (列 column \"" + c.name + "\")" +
                 closestHeaders(c.name));
        }
        if (c.index < 0 && mapped != m_spec.fields.end()) {
            // A column the manifest names must exist: otherwise its values would silently be 0.
            fail("清单中映射的列不存在 / the column mapped in the manifest is missing: " +
                 m_spec.sourceLabel + " [" + m_spec.key + "] 字段 field " + def.ours +
                 " (列 column \"" + c.name + "\")" + closestHeaders(c.name));
        }
        m_columns[def.ours] = c;
    }
    for (const auto& [ours, theirs] : m_spec.fields) {
        if (known.count(ours) == 0) {
            problems.push_back({Severity::Warning, m_spec.sourceLabel, m_spec.key, "", theirs,
                                "清单中的未知字段 " + ours + "，已忽略 / unknown field " + ours +
                                    " in the manifest, ignored"});
        }
    }
    const auto geometryColumn = [&](const std::optional<std::string>& name) {
        if (!name) {
            return -1;
        }
        const int index = defn->GetFieldIndex(name->c_str());
        if (index < 0) {
            fail("缺少几何字段 / geometry column missing: " + m_spec.sourceLabel + " [" +
                 m_spec.key + "] 列 column \"" + *name + "\"" + closestHeaders(*name));
        }
        return index;
    };
    m_geomX = geometryColumn(m_spec.geometry.x);
    m_geomY = geometryColumn(m_spec.geometry.y);
    m_geomWkt = geometryColumn(m_spec.geometry.wkt);
}

void SourceReader::resolveCrs(const OGRSpatialReference* working) {
    SrsPtr source;
    if (m_spec.crs) {
        source = parseSrs(*m_spec.crs);
        if (!source) {
            fail("未知坐标系 / unknown CRS: " + m_spec.sourceLabel + " [" + m_spec.key +
                 "] crs \"" + *m_spec.crs + "\"");
        }
    } else if (m_geomX < 0 && m_geomWkt < 0 && m_layer->GetSpatialRef() != nullptr) {
        source = cloneSrs(*m_layer->GetSpatialRef());
    }
    if (!source) {
        fail("未知坐标系 / unknown CRS: " + m_spec.sourceLabel + " [" + m_spec.key +
             "] 数据源未声明坐标系，请在清单中写 crs / the source declares no CRS; give crs "
             "in the manifest");
    }
    if (!source->IsSame(working)) {
        m_transform.reset(OGRCreateCoordinateTransformation(source.get(), working));
        if (!m_transform) {
            fail("无法转换坐标系 / cannot transform CRS: " + m_spec.sourceLabel + " " +
                 srsLabel(*source) + " → " + srsLabel(*working) + ": " + lastGdalError());
        }
    }
    // For hints about coordinates that fail: the area of use and a way to degrees.
    m_sourceGeographic = source->IsGeographic() != 0;
    double west = 0, south = 0, east = 0, north = 0;
    const char* areaName = nullptr;
    if (source->GetAreaOfUse(&west, &south, &east, &north, &areaName) && west > -1000.0) {
        m_areaOfUse = std::array<double, 4>{west, south, east, north};
    }
    if (!m_sourceGeographic) {
        OGRSpatialReference geographic;
        if (geographic.CopyGeogCSFrom(source.get()) == OGRERR_NONE) {
            geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            m_toGeographic.reset(OGRCreateCoordinateTransformation(source.get(), &geographic));
        }
    }
    m_source = std::move(source);
}

// ----------------------------------------------------------------------------------------------
// Record

std::optional<std::string> Record::text(const std::string& field) {
    m_badText = false;
    if (!m_reader.has(field)) {
        return std::nullopt;
    }
    auto v = m_reader.text(m_feature, field);
    if (v && !isUtf8(*v)) {
        const auto guess = guessEncoding(*v);
        error(field, "文本不是 UTF-8 编码" +
                         (guess ? "（看起来是 " + *guess + "）" : std::string()) +
                         "，请另存为 UTF-8 或在清单中写 encoding / text is not UTF-8" +
                         (guess ? " (it looks like " + *guess + ")" : std::string()) +
                         ": save the file as UTF-8 or give encoding in the manifest");
        m_badText = true;
        return std::nullopt;
    }
    return v;
}

std::string Record::required(const std::string& field) {
    auto v = text(field);
    if (!v) {
        if (!m_badText) {
            error(field, "缺少值 / missing value");
        }
        return {};
    }
    return *v;
}

std::optional<double> Record::number(const std::string& field, bool isRequired, double max) {
    const auto v = text(field);
    if (!v) {
        if (isRequired && !m_badText) {
            error(field, "缺少值 / missing value");
        }
        return std::nullopt;
    }
    const auto d = parseDouble(*v);
    if (!d) {
        error(field, notANumber(*v));
        return std::nullopt;
    }
    if (*d < 0.0) {
        error(field, "不能为负数 / must not be negative: " + inQuotes(*v));
        return std::nullopt;
    }
    if (*d > max) {
        error(field, "超出合理范围 / out of range: " + inQuotes(*v) + " (允许 allowed 0–" +
                         formatNumber(max) + ")");
        return std::nullopt;
    }
    return d;
}

std::optional<std::int64_t> Record::integer(const std::string& field, bool isRequired,
                                            std::int64_t max) {
    const auto v = text(field);
    if (!v) {
        if (isRequired && !m_badText) {
            error(field, "缺少值 / missing value");
        }
        return std::nullopt;
    }
    const auto d = parseDouble(*v);
    if (!d) {
        error(field, notANumber(*v));
        return std::nullopt;
    }
    if (*d < 0.0) {
        error(field, "不能为负数 / must not be negative: " + inQuotes(*v));
        return std::nullopt;
    }
    if (*d > static_cast<double>(max)) {
        error(field, "超出合理范围 / out of range: " + inQuotes(*v) + " (允许 allowed 0–" +
                         std::to_string(max) + ")");
        return std::nullopt;
    }
    if (*d != std::floor(*d)) {
        error(field, "不是整数 / not a whole number: " + inQuotes(*v));
        return std::nullopt;
    }
    return static_cast<std::int64_t>(*d);
}

std::optional<int> Record::count(const std::string& field, bool isRequired, int max) {
    const auto v = integer(field, isRequired, max);
    if (!v) {
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

std::optional<int> Record::year(const std::string& field, bool isRequired) {
    const auto v = text(field);
    if (!v) {
        if (isRequired && !m_badText) {
            error(field, "缺少值 / missing value");
        }
        return std::nullopt;
    }
    const auto d = parseDouble(*v);
    if (!d || *d != std::floor(*d)) {
        error(field, "不是年份 / not a year: " + inQuotes(*v));
        return std::nullopt;
    }
    if (*d < kFirstYear || *d > kLastYear) {
        error(field, "年份超出范围 / year out of range: " + inQuotes(*v) + " (允许 allowed " +
                         std::to_string(kFirstYear) + "–" + std::to_string(kLastYear) + ")");
        return std::nullopt;
    }
    return static_cast<int>(*d);
}

std::optional<bool> Record::boolean(const std::string& field, bool urbanWords) {
    const auto v = text(field);
    if (!v) {
        return std::nullopt;
    }
    const auto b = parseBool(*v, urbanWords);
    if (!b) {
        error(field, "不是是/否值 / not a yes/no value: " + inQuotes(*v));
    }
    return b;
}

void Record::errorColumn(const std::string& column, const std::string& message) {
    report(Severity::Error, column, message);
    m_ok = false;
}

void Record::error(const std::string& field, const std::string& message) {
    report(Severity::Error, field.empty() ? std::string() : m_reader.column(field), message);
    m_ok = false;
}

void Record::warning(const std::string& field, const std::string& message) {
    report(Severity::Warning, field.empty() ? std::string() : m_reader.column(field), message);
}

void Record::report(Severity s, const std::string& column, const std::string& message) {
    m_out.push_back({s, m_reader.spec().sourceLabel, m_reader.spec().key, m_id, column, message});
}

// ----------------------------------------------------------------------------------------------

std::string rowId(std::size_t row) {
    return "row " + std::to_string(row);
}

std::string noUsableFeatureMessage(const SourceSpec& spec, std::size_t rows,
                                   const std::vector<Diagnostic>& problems,
                                   std::size_t firstProblem) {
    struct Group {
        std::string field;
        std::string message;
        std::size_t count = 0;
        std::vector<std::string> features;
    };
    std::vector<Group> groups;
    for (std::size_t i = firstProblem; i < problems.size(); ++i) {
        const Diagnostic& p = problems[i];
        if (p.severity != Severity::Error || p.file != spec.sourceLabel || p.layer != spec.key) {
            continue;
        }
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
            return g.field == p.field && g.message == p.message;
        });
        if (it == groups.end()) {
            groups.push_back({p.field, p.message, 0, {}});
            it = std::prev(groups.end());
        }
        ++it->count;
        if (it->features.size() < 3) {
            it->features.push_back(p.featureId);
        }
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const Group& a, const Group& b) { return a.count > b.count; });
    std::string message =
        "必需图层没有可用要素 / required layer has no usable feature: " + spec.sourceLabel + " [" +
        spec.key + "] (" + std::to_string(rows) + " 个要素均有错误 / features all have errors)";
    constexpr std::size_t kShown = 10;
    std::string all;
    for (std::size_t i = 0; i < groups.size() && i < kShown; ++i) {
        const Group& g = groups[i];
        std::string features;
        for (const auto& f : g.features) {
            features += std::string(features.empty() ? "" : ", ") + f;
        }
        if (g.count > g.features.size()) {
            features += ", …";
        }
        message += "\n  - " + (g.field.empty() ? std::string() : "字段 field " + g.field + ": ") +
                   g.message + " — " + std::to_string(g.count) + " 个要素 features (" + features +
                   ")";
        all += g.message + "\n";
    }
    if (groups.size() > kShown) {
        std::size_t more = 0;
        for (std::size_t i = kShown; i < groups.size(); ++i) {
            more += groups[i].count;
        }
        message += "\n  … 另有 " + std::to_string(groups.size() - kShown) + " 种原因（" +
                   std::to_string(more) + " 个要素）/ and " +
                   std::to_string(groups.size() - kShown) + " more reasons (" +
                   std::to_string(more) + " features)";
    }
    std::vector<std::string> hints;
    if (all.find("look swapped") != std::string::npos) {
        hints.emplace_back("经度/纬度两列似乎颠倒：在清单 geometry 中互换 x 和 y / the 经度/纬度 "
                           "columns look swapped: exchange x and y under geometry in the manifest");
    } else if (all.find("area of use") != std::string::npos ||
               all.find("not degrees") != std::string::npos ||
               all.find("outside the domain") != std::string::npos) {
        hints.emplace_back("坐标与所写的坐标系不符：请检查清单中此图层的 crs / the coordinates do "
                           "not match the CRS given: check this layer's crs in the manifest");
    } else if (all.find("outside every town") != std::string::npos) {
        hints.emplace_back("所有位置都不在乡镇内：请检查此图层和 towns 图层的坐标系 / no location "
                           "lies inside a town: check the CRS of this layer and of the towns");
    }
    if (all.find("not UTF-8") != std::string::npos) {
        hints.emplace_back("文本编码不是 UTF-8：另存为 UTF-8 或在清单中写 encoding（如 GBK）/ the "
                           "text is not UTF-8: save it as UTF-8 or give encoding (e.g. GBK) in "
                           "the manifest");
    }
    for (const auto& h : hints) {
        message += "\n提示 hint: " + h;
    }
    return message;
}

void requireFeatures(const SourceReader& reader, std::size_t rows, std::size_t kept,
                     const std::vector<Diagnostic>& problems, std::size_t firstProblem) {
    const auto& s = reader.spec();
    if (rows == 0) {
        reader.fail("必需图层为空 / required layer is empty: " + s.sourceLabel + " [" + s.key +
                    "]");
    }
    if (kept == 0) {
        reader.fail(noUsableFeatureMessage(s, rows, problems, firstProblem));
    }
}

} // namespace xw::gis::detail
