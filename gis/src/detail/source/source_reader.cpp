// Opening one layer or table through GDAL/OGR: the file checks, the text converted to UTF-8, the
// layer and the manifest's fields resolved against its columns.
#include "detail/source/source_reader.hpp"

#include <xw/gis/error.hpp>

#include "detail/checks/file_checks.hpp"
#include "detail/encoding.hpp"
#include "detail/text.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
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

/// A warning about the source as a whole (no feature, no field).
Diagnostic sourceWarning(const SourceSpec& spec, const std::string& message) {
    return {Severity::Warning, spec.sourceLabel, spec.key, "", "", message};
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

std::string SourceReader::textSourcePath(const std::string& where,
                                         std::vector<Diagnostic>& problems) {
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
            problems.push_back(sourceWarning(
                m_spec,
                "文件本身是有效的 UTF-8，但清单要求按 " + *m_spec.encoding +
                    " 读取；若名称显示为乱码，请删除 encoding / the file is valid UTF-8 but the "
                    "manifest says encoding " +
                    *m_spec.encoding + "; if names come out garbled, remove encoding"));
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
                            : "; 按 " + *guess + " 解读的表头 / header read as " + *guess + ": " +
                                  inQuotes(shown)));
    }
    if (from) {
        Utf8Text converted = toUtf8(bytes, *from);
        if (!converted.ok()) {
            fail("无法按 " + *from + " 读取 / cannot read the file as " + *from + ": " +
                 converted.error + ": " + where +
                 (isUtf8(bytes) ? "; 文件本身是有效的 UTF-8，请删除 encoding / the file is valid "
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
        return m_converted.path();
    }
    return m_spec.path.string();
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
    if (isTextFormat(ext) && !isVsi) {
        openPath = textSourcePath(where, problems);
    } else if (m_spec.encoding) {
        if (const Utf8Text probe = toUtf8("", *m_spec.encoding); !probe.ok()) {
            fail(probe.error + ": " + where);
        }
        if (ext == ".shp" || ext == ".dbf") {
            options.push_back("ENCODING=" + *m_spec.encoding);
        } else if (!isUtf8Name(*m_spec.encoding)) {
            problems.push_back(sourceWarning(
                m_spec,
                "此格式的文本总是 UTF-8，encoding 已忽略 / text in this format is always UTF-8: "
                "encoding " +
                    *m_spec.encoding + " ignored"));
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
    optionPtrs.reserve(options.size() + 1);
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

} // namespace xw::gis::detail
