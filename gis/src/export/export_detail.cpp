// The helpers every export writer shares (export_detail.hpp): progress, messages, cell text,
// OGR field types and the coordinate columns of tables without a geometry column.
#include "export/export_detail.hpp"

#include <xw/gis/error.hpp>

#include <ogr_core.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>

namespace xw::gis::detail {

void tick(const ExportContext& ctx, const PreparedTable& t, std::size_t rowsDone) {
    const core::Progress* p = ctx.options->progress;
    if (p == nullptr)
        return;
    if (rowsDone % 4096 == 0 || rowsDone == t.table->rows.size()) {
        p->throwIfCancelled();
        p->report("export " + t.table->name, static_cast<std::int64_t>(rowsDone),
                  static_cast<std::int64_t>(t.table->rows.size()));
    }
}

std::string where(const core::Table& t, std::size_t row, std::size_t column) {
    const std::string r = std::to_string(row + 1);
    if (column >= t.columns.size()) {
        return "表 " + t.name + " 第 " + r + " 行 / table " + t.name + ", row " + r;
    }
    const core::Column& c = t.columns[column];
    return "表 " + t.name + " 第 " + r + " 行 列 " + c.key + "（" + c.nameZh + "）/ table " +
           t.name + ", row " + r + ", column " + c.key;
}

std::string formatCell(const core::Cell& cell, const core::Column& column) {
    if (const auto* i = std::get_if<std::int64_t>(&cell))
        return std::to_string(*i);
    if (const auto* s = std::get_if<std::string>(&cell))
        return *s;
    const auto* d = std::get_if<double>(&cell);
    if (d == nullptr)
        return {};
    std::array<char, 64> buf{};
    if (column.decimals >= 0) {
        const int n = std::snprintf(buf.data(), buf.size(), "%.*f", column.decimals, *d);
        std::string text(buf.data(), static_cast<std::size_t>(std::max(n, 0)));
        // "-0.0" reads as a sign where there is none worth showing.
        if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-')
            text.erase(0, 1);
        return text;
    }
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), *d);
    return {buf.data(), res.ptr};
}

int ogrFieldType(const core::Table& t, std::size_t column) {
    switch (t.columns[column].type) {
    case core::ColumnType::Text:
        return OFTString;
    case core::ColumnType::Real:
        return OFTReal;
    case core::ColumnType::Integer:
        break;
    }
    for (const auto& row : t.rows) {
        if (const auto* v = std::get_if<std::int64_t>(&row[column])) {
            if (*v < INT32_MIN || *v > INT32_MAX)
                return OFTInteger64;
        }
    }
    return OFTInteger;
}

void exportFailed(const ExportContext& ctx, const std::string& table, const std::string& what) {
    throw GisError(ctx.out.string(), table,
                   "无法写入 / cannot write " + ctx.out.string() +
                       (table.empty() ? std::string() : " [" + table + "]") + ": " + what);
}

GeometryColumns geometryColumns(const ExportContext& ctx, const PreparedTable& t, bool allowWkt) {
    GeometryColumns g;
    if (!t.table->spatial())
        return g;
    if (t.kind == GeometryKind::Point && !t.multi) {
        g.xy = true;
        g.xName = ctx.geographic ? "经度" : "X（东）";
        g.yName = ctx.geographic ? "纬度" : "Y（北）";
    } else if (allowWkt) {
        g.wkt = true;
        g.wktName = "WKT";
    }
    return g;
}

} // namespace xw::gis::detail
