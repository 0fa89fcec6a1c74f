// CSV export: one UTF-8 (BOM) CSV per table, through gis::writeCsv (CRLF, RFC 4180 quoting).
#include <xw/gis/output/writer.hpp>

#include "export/export_detail.hpp"

#include <array>
#include <cstdio>

namespace xw::gis::detail {
namespace {

/// A coordinate as CSV text: millimetres for metres, 1e-8 degrees (about 1 mm) for degrees.
std::string coordinate(double v, bool geographic) {
    std::array<char, 48> buf{};
    std::snprintf(buf.data(), buf.size(), "%.*f", geographic ? 8 : 3, v);
    return buf.data();
}

} // namespace

void writeCsvExport(const ExportContext& ctx, const std::filesystem::path& staged,
                    ExportReport& report) {
    for (const PreparedTable& p : ctx.tables) {
        const core::Table& t = *p.table;
        const GeometryColumns g = geometryColumns(ctx, p, true);
        std::vector<std::string> header = p.fieldNames;
        if (g.xy) {
            header.push_back(g.xName);
            header.push_back(g.yName);
        }
        if (g.wkt)
            header.push_back(g.wktName);
        std::vector<std::vector<std::string>> rows;
        rows.reserve(t.rows.size());
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            std::vector<std::string> cells;
            cells.reserve(header.size());
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                cells.push_back(formatCell(t.rows[r][c], t.columns[c]));
            const OGRGeometry* geom = t.spatial() ? p.geometries[r].get() : nullptr;
            if (g.xy) {
                const auto* pt = geom != nullptr ? geom->toPoint() : nullptr;
                cells.push_back(pt != nullptr ? coordinate(pt->getX(), ctx.geographic) : "");
                cells.push_back(pt != nullptr ? coordinate(pt->getY(), ctx.geographic) : "");
            }
            if (g.wkt)
                cells.push_back(geom != nullptr ? geom->exportToWkt() : "");
            rows.push_back(std::move(cells));
            tick(ctx, p, r + 1);
        }
        writeCsv(staged / (t.name + ".csv"), header, rows);
        report.files.emplace_back(t.name + ".csv");
    }
    if (ctx.options->progress != nullptr)
        ctx.options->progress->throwIfCancelled();
}

} // namespace xw::gis::detail
