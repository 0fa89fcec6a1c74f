// The leaders' workbook, written with libxlsxwriter: one sheet per table, Chinese headers with
// units, a frozen and filtered header row, number formats by column type and unit, column
// widths from the content. (GDAL's XLSX driver writes cells only: no formats, panes or widths.)
#include "export/export_detail.hpp"
#include "export/text_encoding.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace xw::gis::detail {
namespace {

constexpr std::size_t kExcelMaxRows = 1048576;
constexpr std::size_t kExcelMaxColumns = 16384;

/// A unit in words a Chinese reader expects in a header; unknown units are shown as given.
std::string unitZh(const std::string& unit) {
    static const std::map<std::string, std::string> names{
        {"m", "米"},          {"km", "千米"},      {"m²", "平方米"},   {"m2", "平方米"},
        {"km²", "平方千米"},  {"km2", "平方千米"}, {"ha", "公顷"},     {"children", "人"},
        {"pupils", "人"},     {"people", "人"},    {"persons", "人"},  {"residents", "人"},
        {"seats", "个"},      {"classes", "个"},   {"schools", "所"},  {"year", "年"},
        {"years", "年"},      {"share", "%"},      {"percent", "%"},   {"yuan", "元"},
        {"households", "户"}, {"dwellings", "套"}, {"teachers", "人"}, {"cells", "个"}};
    const auto it = names.find(unit);
    return it != names.end() ? it->second : unit;
}

bool isShare(const core::Column& c) {
    return c.type == core::ColumnType::Real && (c.unit == "share" || c.unit == "ratio");
}

bool isYear(const core::Column& c) {
    return c.unit == "year" || c.key == "year";
}

std::string header(const core::Column& c, const std::string& name) {
    return c.unit.empty() ? name : name + "（" + unitZh(c.unit) + "）";
}

std::string numberFormat(const core::Column& c) {
    if (c.type == core::ColumnType::Integer)
        return isYear(c) ? "0" : "#,##0";
    if (isShare(c)) {
        const int places = c.decimals >= 0 ? std::max(0, c.decimals - 2) : 1;
        return places == 0 ? "0%" : "0." + std::string(static_cast<std::size_t>(places), '0') + "%";
    }
    const int places = c.decimals >= 0 ? c.decimals : 2;
    return places == 0 ? "#,##0" : "#,##0." + std::string(static_cast<std::size_t>(places), '0');
}

/// Display width of text in Excel's character units: CJK and full-width characters count 2.
double displayWidth(const std::string& text) {
    double w = 0.0;
    for (const auto& ch : utf8Characters(text))
        w += ch.size() >= 3 ? 2.0 : 1.0;
    return w;
}

/// Sheet name from the Chinese title: without []:*?/\, at most 31 characters, unique.
std::string sheetName(const core::Table& t, std::set<std::string>& used) {
    std::string base;
    std::size_t chars = 0;
    for (const auto& ch : utf8Characters(t.titleZh.empty() ? t.name : t.titleZh)) {
        if (ch.size() == 1 && std::string("[]:*?/\\").find(ch[0]) != std::string::npos)
            continue;
        if (chars == 31)
            break;
        base += ch;
        ++chars;
    }
    if (base.empty() || base == "History" || base.front() == '\'')
        base = t.name.substr(0, 31);
    std::string name = base;
    for (int n = 2; used.count(name) > 0; ++n) {
        std::string suffix(1, '('); // built by appending: GCC 12 warns falsely on "(" + string
        suffix += std::to_string(n);
        suffix += ')';
        std::string cut;
        std::size_t k = 0;
        for (const auto& ch : utf8Characters(base)) {
            if (k + 1 + suffix.size() > 31)
                break;
            cut += ch;
            ++k;
        }
        name = cut + suffix;
    }
    used.insert(name);
    return name;
}

class Workbook {
public:
    explicit Workbook(const std::filesystem::path& path) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_FALSE;
        options.use_zip64 = LXW_FALSE;
        m_wb = workbook_new_opt(path.c_str(), &options);
    }
    ~Workbook() {
        if (m_wb != nullptr)
            workbook_close(m_wb); // only after a failure: frees the memory, the file is dropped
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    [[nodiscard]] lxw_workbook* get() const { return m_wb; }
    lxw_error close() {
        const lxw_error err = workbook_close(m_wb);
        m_wb = nullptr;
        return err;
    }

private:
    lxw_workbook* m_wb = nullptr;
};

} // namespace

void writeXlsxExport(const ExportContext& ctx, const std::filesystem::path& staged,
                     ExportReport& report) {
    Workbook wb(staged);
    if (wb.get() == nullptr) {
        exportFailed(ctx, "", "无法创建工作簿 / cannot create the workbook " + staged.string());
    }
    lxw_format* headerFormat = workbook_add_format(wb.get());
    format_set_bold(headerFormat);
    format_set_bg_color(headerFormat, 0xDDEBF7);
    format_set_bottom(headerFormat, LXW_BORDER_THIN);
    format_set_align(headerFormat, LXW_ALIGN_CENTER);
    format_set_align(headerFormat, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(headerFormat);
    std::map<std::string, lxw_format*> formats;
    const auto formatFor = [&](const std::string& numFormat) {
        auto& f = formats[numFormat];
        if (f == nullptr) {
            f = workbook_add_format(wb.get());
            format_set_num_format(f, numFormat.c_str());
        }
        return f;
    };

    std::set<std::string> sheetNames;
    for (const PreparedTable& p : ctx.tables) {
        const core::Table& t = *p.table;
        const GeometryColumns g = geometryColumns(ctx, p, false);
        const std::size_t ncols = t.columns.size() + (g.xy ? 2 : 0);
        if (t.rows.size() + 1 > kExcelMaxRows || ncols > kExcelMaxColumns) {
            exportFailed(ctx, t.name,
                         "表太大，超出 Excel 工作表上限（1,048,576 行、16,384 列）/ the table "
                         "exceeds an Excel sheet (1,048,576 rows, 16,384 columns)");
        }
        const std::string name = sheetName(t, sheetNames);
        lxw_worksheet* ws = workbook_add_worksheet(wb.get(), name.c_str());
        if (ws == nullptr) {
            exportFailed(ctx, t.name, "无法添加工作表 / cannot add sheet " + name);
        }
        const auto check = [&](lxw_error err, std::size_t r, std::size_t c) {
            if (err != LXW_NO_ERROR) {
                exportFailed(ctx, t.name, where(t, r, c) + "：" + lxw_strerror(err));
            }
        };

        std::vector<std::string> headers;
        std::vector<lxw_format*> cellFormats;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            headers.push_back(header(t.columns[c], p.fieldNames[c]));
            cellFormats.push_back(t.columns[c].type == core::ColumnType::Text
                                      ? nullptr
                                      : formatFor(numberFormat(t.columns[c])));
        }
        if (g.xy) {
            headers.push_back(g.xName);
            headers.push_back(g.yName);
            lxw_format* coordinate = formatFor(ctx.geographic ? "0.00000000" : "0.000");
            cellFormats.push_back(coordinate);
            cellFormats.push_back(coordinate);
        }
        std::vector<double> widths(ncols, 0.0);
        for (std::size_t c = 0; c < ncols; ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            check(worksheet_write_string(ws, 0, col, headers[c].c_str(), headerFormat), 0, c);
            widths[c] = displayWidth(headers[c]);
            if (c < t.columns.size()) {
                const core::Column& column = t.columns[c];
                const std::string note =
                    column.key + (column.nameEn.empty() ? "" : "\n" + column.nameEn);
                check(worksheet_write_comment(ws, 0, col, note.c_str()), 0, c);
            }
        }
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const auto row = static_cast<lxw_row_t>(r + 1);
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                const auto col = static_cast<lxw_col_t>(c);
                const core::Cell& cell = t.rows[r][c];
                if (const auto* s = std::get_if<std::string>(&cell)) {
                    check(worksheet_write_string(ws, row, col, s->c_str(), nullptr), r, c);
                    widths[c] = std::max(widths[c], displayWidth(*s));
                } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
                    if (std::abs(static_cast<double>(*i)) > 9007199254740992.0) {
                        exportFailed(ctx, t.name,
                                     where(t, r, c) + "：整数超出 Excel 的精度 / integer beyond "
                                                      "the precision of an Excel number");
                    }
                    check(worksheet_write_number(ws, row, col, static_cast<double>(*i),
                                                 cellFormats[c]),
                          r, c);
                    widths[c] =
                        std::max(widths[c], 1.4 * static_cast<double>(std::to_string(*i).size()));
                } else if (const auto* d = std::get_if<double>(&cell)) {
                    check(worksheet_write_number(ws, row, col, *d, cellFormats[c]), r, c);
                    widths[c] =
                        std::max(widths[c],
                                 1.3 * static_cast<double>(formatCell(cell, t.columns[c]).size()));
                }
                // A null cell stays blank: nothing is written.
            }
            if (g.xy) {
                const OGRGeometry* geom = p.geometries[r].get();
                if (geom != nullptr) {
                    const OGRPoint* pt = geom->toPoint();
                    const auto xc = static_cast<lxw_col_t>(t.columns.size());
                    check(worksheet_write_number(ws, row, xc, pt->getX(), cellFormats[xc]), r,
                          t.columns.size());
                    check(worksheet_write_number(ws, row, xc + 1, pt->getY(), cellFormats[xc + 1]),
                          r, t.columns.size());
                }
                widths[t.columns.size()] = widths[t.columns.size() + 1] = ctx.geographic ? 14 : 16;
            }
            tick(ctx, p, r + 1);
        }
        for (std::size_t c = 0; c < ncols; ++c) {
            const double w = std::clamp(widths[c] + 2.0, 8.0, 50.0);
            check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w,
                                       nullptr),
                  0, c);
        }
        worksheet_set_row(ws, 0, 30, nullptr);
        worksheet_freeze_panes(ws, 1, 0);
        if (ncols > 0) {
            check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows.size()),
                                       static_cast<lxw_col_t>(ncols - 1)),
                  0, 0);
        }
        report.files.emplace_back(name);
    }
    lxw_doc_properties properties{};
    std::string title = "学位 Xuewei 导出 / export";
    properties.title = title.data();
    workbook_set_properties(wb.get(), &properties);
    if (const lxw_error err = wb.close(); err != LXW_NO_ERROR) {
        exportFailed(ctx, "",
                     std::string("无法保存工作簿 / cannot save the workbook: ") +
                         lxw_strerror(err));
    }
}

} // namespace xw::gis::detail
