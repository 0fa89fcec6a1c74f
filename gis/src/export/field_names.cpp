// The field names each format can hold: FileGDB keys (reserved words avoided), Shapefile names
// within the .dbf's 10 bytes in the chosen encoding, and the Chinese names elsewhere; always
// unique, case-insensitively.
#include <xw/gis/export.hpp>

#include "detail/text.hpp"
#include "export/text_encoding.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace xw::gis {
namespace detail {
namespace {

/// Makes `wanted` unique (ASCII case-insensitively, also against `reserved`), in order: a name
/// that collides gets the suffix 1, 2, … through `fit(base, suffix)`, which also shortens it.
std::vector<std::string>
uniqueNames(const std::vector<std::string>& wanted,
            const std::function<std::string(const std::string&, const std::string&)>& fit,
            const std::set<std::string>& reserved) {
    std::set<std::string> used;
    for (const auto& r : reserved)
        used.insert(lowerAscii(r));
    std::vector<std::string> out;
    for (const auto& w : wanted) {
        std::string name = fit(w, "");
        for (int n = 1; used.count(lowerAscii(name)) > 0; ++n) {
            name = fit(w, std::to_string(n));
        }
        used.insert(lowerAscii(name));
        out.push_back(name);
    }
    return out;
}

/// Code point of one UTF-8 character.
char32_t codePoint(const std::string& ch) {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(ch[i]); };
    switch (ch.size()) {
    case 1:
        return b(0);
    case 2:
        return ((b(0) & 0x1Fu) << 6) | (b(1) & 0x3Fu);
    case 3:
        return ((b(0) & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
    default:
        return ((b(0) & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) |
               (b(3) & 0x3Fu);
    }
}

/// Whether a character may stand in a Shapefile (dBASE) field name as ArcGIS accepts them:
/// ASCII letters, digits and _, and non-ASCII letters (CJK); not punctuation or symbols.
bool fieldNameCharacter(char32_t c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    if (c < 0xC0 || c == 0xD7 || c == 0xF7)
        return false; // Latin-1 symbols (², °, ·, ×, ÷)
    if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F))
        return false; // general punctuation, arrows, maths, CJK punctuation (、。《》【】)
    if ((c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
        (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65))
        return false; // full-width punctuation (（）％，：)
    return true;
}

/// `name` with every character outside fieldNameCharacter replaced by one _ (runs merged,
/// none at the ends) and a letter first (F before a leading digit); "F" if nothing is left.
std::vector<std::string> sanitisedCharacters(const std::string& name) {
    std::vector<std::string> out;
    for (const auto& ch : utf8Characters(name)) {
        if (fieldNameCharacter(codePoint(ch))) {
            out.push_back(ch);
        } else if (!out.empty() && out.back() != "_") {
            out.emplace_back("_");
        }
    }
    while (!out.empty() && out.back() == "_")
        out.pop_back();
    if (out.empty())
        out.emplace_back("F");
    if (out.front().size() == 1 && out.front()[0] >= '0' && out.front()[0] <= '9')
        out.insert(out.begin(), "F");
    return out;
}

std::size_t encodedSize(const std::string& utf8, TextEncoding enc) {
    if (enc == TextEncoding::Utf8)
        return utf8.size();
    const auto gbk = toGbk(utf8);
    return gbk ? gbk->size() : utf8.size();
}

constexpr std::size_t kDbfFieldNameBytes = 10;

std::vector<std::string> shapefileNames(const std::vector<std::string>& wanted, TextEncoding enc) {
    const auto fit = [enc](const std::string& base, const std::string& suffix) {
        std::string name;
        std::size_t bytes = suffix.size(); // the suffix is ASCII digits
        for (const auto& ch : sanitisedCharacters(base)) {
            const std::size_t n = encodedSize(ch, enc);
            if (bytes + n > kDbfFieldNameBytes)
                break;
            name += ch;
            bytes += n;
        }
        return name + suffix;
    };
    return uniqueNames(wanted, fit, {});
}

/// SQL words ArcGIS refuses as geodatabase field names (its documented reserved words).
const std::set<std::string>& gdbReservedWords() {
    static const std::set<std::string> words{
        "add",   "alter",  "and",    "between", "by",       "column", "create",       "delete",
        "drop",  "exists", "for",    "from",    "group",    "in",     "insert",       "into",
        "is",    "like",   "not",    "null",    "or",       "order",  "select",       "set",
        "table", "update", "values", "where",   "objectid", "shape",  "shape_length", "shape_area"};
    return words;
}

std::vector<std::string> gdbNames(const std::vector<std::string>& keys) {
    const auto fit = [](const std::string& base, const std::string& suffix) {
        std::string name;
        for (const char c : base) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '_';
            name += ok ? c : '_';
        }
        if (name.empty() ||
            !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
            name.insert(0, "F");
        if (gdbReservedWords().count(lowerAscii(name)) > 0)
            name += "_";
        constexpr std::size_t kMax = 64;
        if (name.size() + suffix.size() > kMax)
            name.resize(kMax - suffix.size());
        return name + suffix;
    };
    return uniqueNames(keys, fit, gdbReservedWords());
}

std::vector<std::string> plainNames(const std::vector<std::string>& wanted,
                                    const std::set<std::string>& reserved) {
    const auto fit = [](const std::string& base, const std::string& suffix) {
        return base + suffix;
    };
    return uniqueNames(wanted, fit, reserved);
}

} // namespace
} // namespace detail

std::vector<std::string> exportFieldNames(const core::Table& table, ExportFormat format,
                                          TextEncoding shapefileEncoding) {
    std::vector<std::string> zh;
    std::vector<std::string> keys;
    for (const core::Column& c : table.columns) {
        zh.push_back(c.nameZh.empty() ? c.key : c.nameZh);
        keys.push_back(c.key);
    }
    switch (format) {
    case ExportFormat::FileGdb:
        return detail::gdbNames(keys);
    case ExportFormat::Shapefile:
        return detail::shapefileNames(zh, shapefileEncoding);
    case ExportFormat::GeoPackage:
        return detail::plainNames(zh, {"fid", "geom"});
    default:
        return detail::plainNames(zh, {});
    }
}

} // namespace xw::gis
