// Coded values in Chinese for the exports, and the key table of docs/exports.md.
#include <xw/core/model/stage.hpp>
#include <xw/study/export_tables.hpp>

#include <fmt/format.h>

#include <cstring>
#include <map>

namespace xw::study {

const std::vector<CodedValue>& exportCodedValues() {
    static const std::vector<CodedValue> values = [] {
        std::vector<CodedValue> v;
        for (core::Stage s : core::kAllStages) {
            v.push_back(
                {"stage", std::string(core::stageCode(s)), std::string(core::stageNameZh(s))});
            v.push_back(
                {"stages", std::string(core::stageCode(s)), std::string(core::stageNameZh(s))});
        }
        const std::vector<CodedValue> fixed{
            {"ownership", "public", "公办"},
            {"ownership", "private", "民办"},
            {"level", "city", "全市"},
            {"level", "district", "区县"},
            {"level", "grouping", "组团"},
            {"level", "town", "乡镇"},
            {"pass", "pass", "达标"},
            {"pass", "fail", "未达标"},
            {"pass", "undefined", "无法判定"},
            {"comparison", "at_least", "不低于"},
            {"comparison", "at_most", "不高于"},
            {"comparison", "between", "介于"},
            {"required", "yes", "是"},
            {"required", "no", "否"},
            {"public_or_puhui", "yes", "是"},
            {"public_or_puhui", "no", "否"},
            {"large_classes_source", "reported", "上报"},
            {"large_classes_source", "even_split", "按平均班额推算"},
            {"urban", "1", "城镇"},
            {"urban", "0", "乡村"},
            {"status", "new", "新建"},
            {"status", "expand", "扩建"},
            {"status", "reduce", "缩减"},
            {"status", "close", "撤并"},
            {"status", "merge", "合并"},
            {"kindergarten_status", "compliant", "达标"},
            {"kindergarten_status", "non_compliant", "未达标"},
            {"kindergarten_status", "not_required", "无需配建"},
            {"land_norm", "central", "中心城区指标"},
            {"land_norm", "ordinary", "一般指标"},
            {"source", "dataset", "数据集"},
            {"source", "plan", "方案"},
        };
        v.insert(v.end(), fixed.begin(), fixed.end());
        return v;
    }();
    return values;
}

namespace {

/// The lists of exportCodedValues by column, separated by "," in the tables, "、" in Chinese.
bool isList(const std::string& key) {
    return key == "stages";
}

} // namespace

void translateCodedValues(core::Table& table) {
    std::map<std::string, std::map<std::string, std::string>> byColumn;
    for (const CodedValue& v : exportCodedValues())
        byColumn[v.column][v.code] = v.zh;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        core::Column& column = table.columns[c];
        const auto it = byColumn.find(column.key);
        if (it == byColumn.end())
            continue;
        const auto& codes = it->second;
        const auto translate = [&](const std::string& code) {
            const auto found = codes.find(code);
            return found != codes.end() ? found->second : code;
        };
        for (auto& row : table.rows) {
            core::Cell& cell = row[c];
            if (const auto* i = std::get_if<std::int64_t>(&cell)) {
                cell = translate(std::to_string(*i));
            } else if (const auto* s = std::get_if<std::string>(&cell)) {
                if (!isList(column.key)) {
                    cell = translate(*s);
                    continue;
                }
                std::string out;
                std::size_t start = 0;
                while (start <= s->size()) {
                    const std::size_t end = std::min(s->find(',', start), s->size());
                    out += (out.empty() ? "" : "、") + translate(s->substr(start, end - start));
                    start = end + 1;
                }
                cell = out;
            }
        }
        column.type = core::ColumnType::Text;
        column.decimals = -1;
    }
}

namespace {

std::string typeText(core::ColumnType t) {
    switch (t) {
    case core::ColumnType::Integer:
        return "integer";
    case core::ColumnType::Real:
        return "real";
    case core::ColumnType::Text:
        return "text";
    }
    return "";
}

/// "points", "polygons", "lines" from the first geometry's ISO WKB type; "table" without.
std::string geometryText(const core::Table& t) {
    for (const core::Wkb& w : t.geometries) {
        if (w.size() < 5)
            continue;
        std::uint32_t type = 0;
        std::memcpy(&type, &w[1], 4);
        if (w[0] == 0) // big-endian
            type = __builtin_bswap32(type);
        switch (type % 1000) {
        case 1:
        case 4:
            return "points";
        case 2:
        case 5:
            return "lines";
        case 3:
        case 6:
            return "polygons";
        default:
            return "geometry";
        }
    }
    return "table (no geometry)";
}

/// A Markdown table cell: pipes escaped.
std::string md(const std::string& s) {
    std::string out;
    for (char ch : s) {
        if (ch == '|')
            out += "\\|";
        else
            out += ch;
    }
    return out;
}

} // namespace

std::string exportColumnsMarkdown(const std::vector<core::Table>& tables) {
    std::string out;
    for (const core::Table& t : tables) {
        out += fmt::format("#### `{}` — {} ({}), {}\n\n", t.name, t.titleZh, t.titleEn,
                           geometryText(t));
        out += "| key | 中文名 | English | type | unit |\n|---|---|---|---|---|\n";
        for (const core::Column& c : t.columns)
            out += fmt::format("| `{}` | {} | {} | {} | {} |\n", c.key, md(c.nameZh), md(c.nameEn),
                               typeText(c.type), md(c.unit));
        out += "\n";
    }
    out += "#### Coded values\n\n| column | code | 中文 |\n|---|---|---|\n";
    for (const CodedValue& v : exportCodedValues())
        out += fmt::format("| `{}` | `{}` | {} |\n", v.column, v.code, v.zh);
    return out;
}

} // namespace xw::study
