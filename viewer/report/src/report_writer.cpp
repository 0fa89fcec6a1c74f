#include <xw/viewer/report/report_writer.hpp>

#include <xw/viewer/map/fonts.hpp>
#include <xw/viewer/map/map_renderer.hpp>
#include <xw/viewer/report/line_chart.hpp>

#include <QFontMetricsF>
#include <QPdfWriter>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <system_error>

namespace xw::viewer {

namespace {

QString qs(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

constexpr QColor kPassColour(33, 102, 172); // ColorBrewer RdBu blue
constexpr QColor kFailColour(178, 24, 43);  // ColorBrewer RdBu red

using PageFn = std::function<void(QPainter&, const QRectF&)>;

/// A row of a flowing table: an area heading spanning the table, or cells.
struct FlowRow {
    bool heading = false;
    std::vector<std::string> cells; ///< heading: one cell
    std::vector<QColor> colours;    ///< per cell; invalid: default
    double height = 0.0;
};

class Composer {
public:
    Composer(QPainter& p, const ReportDocument& doc, const QRectF& page)
        : m_p(p), m_doc(doc), m_page(page) {
        m_pt = p.device()->logicalDpiY() / 72.0;
        m_target = textTargetOf(p);
        m_header = textFont(m_target, 7.5);
        m_footer = textFont(m_target, 7.0);
        m_h1 = textFont(m_target, 14.0, true);
        m_cell = textFont(m_target, 8.5);
        m_cellBold = textFont(m_target, 8.5, true);
        m_caption = textFont(m_target, 7.5);
        const double margin = 14.0 / 25.4 * 72.0 * m_pt; // 14 mm
        const QFontMetricsF hm(m_header, p.device());
        const QFontMetricsF fm(m_footer, p.device());
        m_content = page.adjusted(margin, margin + hm.height() + 4 * m_pt, -margin,
                                  -margin - 2 * fm.height() - 6 * m_pt);
        m_margin = margin;
    }

    void add(const TitlePage& t);
    void add(const ScorecardPage& s);
    void add(const MapPage& m);
    void add(const ChartPage& c);
    void add(const TablePage& t);

    int write(QPdfWriter& writer, std::vector<std::string>& problems);

private:
    [[nodiscard]] QFontMetricsF metrics(const QFont& f) const { return {f, m_p.device()}; }
    [[nodiscard]] double headingHeight() const { return metrics(m_h1).height() + 6 * m_pt; }
    void drawHeading(const std::string& title, const QRectF& area) {
        m_p.setFont(m_h1);
        m_p.setPen(QColor(20, 20, 20));
        m_p.drawText(QPointF(area.left(), area.top() + metrics(m_h1).ascent()), qs(title));
    }
    void flowTable(const std::string& title, const std::vector<TableColumn>& columns,
                   std::vector<FlowRow> rows, const std::string& caption,
                   const std::string& emptyText);

    QPainter& m_p;
    const ReportDocument& m_doc;
    QRectF m_page;
    QRectF m_content;
    double m_margin = 0.0;
    double m_pt = 1.0;
    TextTarget m_target = TextTarget::Pdf;
    QFont m_header, m_footer, m_h1, m_cell, m_cellBold, m_caption;
    std::vector<PageFn> m_pages;
    std::vector<std::string> m_problems;
};

void Composer::add(const TitlePage& t) {
    m_pages.emplace_back([this, &t](QPainter& p, const QRectF& area) {
        const QFont big = textFont(m_target, 26.0, true);
        const QFont sub = textFont(m_target, 14.0);
        const QFont line = textFont(m_target, 10.5);
        double y = area.top() + area.height() * 0.28;
        auto centred = [&](const QFont& f, const std::string& s, const QColor& c) {
            const QFontMetricsF m(f, p.device());
            p.setFont(f);
            p.setPen(c);
            const QRectF r(area.left(), y, area.width(), m.height() * 3);
            const QRectF used = m.boundingRect(r, Qt::AlignHCenter | Qt::TextWordWrap, qs(s));
            p.drawText(r, Qt::AlignHCenter | Qt::TextWordWrap, qs(s));
            y += used.height() + 0.5 * m.height();
        };
        centred(big, t.title, QColor(20, 20, 20));
        if (!t.subtitle.empty())
            centred(sub, t.subtitle, QColor(60, 60, 60));
        y += 12 * m_pt;
        for (const auto& l : t.lines)
            centred(line, l, QColor(50, 50, 50));
        if (!m_doc.illustrativeNote.empty()) {
            y += 12 * m_pt;
            const QFontMetricsF m(line, p.device());
            const QString s = qs(m_doc.illustrativeNote);
            const double w = std::min(area.width(), m.horizontalAdvance(s) + 24 * m_pt);
            const QRectF box(area.center().x() - w / 2, y, w, m.height() * 2);
            p.setPen(QPen(kFailColour, 1.0 * m_pt));
            p.setBrush(QColor(253, 219, 199));
            p.drawRoundedRect(box, 4 * m_pt, 4 * m_pt);
            p.setFont(line);
            p.setPen(QColor(20, 20, 20));
            p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, s);
        }
    });
}

void Composer::flowTable(const std::string& title, const std::vector<TableColumn>& columns,
                         std::vector<FlowRow> rows, const std::string& caption,
                         const std::string& emptyText) {
    double totalWeight = 0.0;
    for (const auto& c : columns)
        totalWeight += std::max(0.05, c.weight);
    std::vector<double> widths;
    widths.reserve(columns.size());
    for (const auto& c : columns)
        widths.push_back(m_content.width() * std::max(0.05, c.weight) / totalWeight);
    const double pad = 3 * m_pt;
    const QFontMetricsF cm = metrics(m_cell);
    // Row heights (cells wrap inside their column).
    auto cellHeight = [&](const std::string& s, double w, const QFont& f) {
        const QFontMetricsF m = metrics(f);
        return m.boundingRect(QRectF(0, 0, std::max(1.0, w - 2 * pad), 1e6), Qt::TextWordWrap,
                              qs(s))
                   .height() +
               2 * pad;
    };
    double headerH = 0.0;
    for (std::size_t c = 0; c < columns.size(); ++c)
        headerH = std::max(headerH, cellHeight(columns[c].header, widths[c], m_cellBold));
    for (auto& r : rows) {
        if (r.heading) {
            r.height = cellHeight(r.cells.front(), m_content.width(), m_cellBold) + 2 * m_pt;
            continue;
        }
        r.height = cm.height() + 2 * pad;
        for (std::size_t c = 0; c < columns.size(); ++c)
            r.height = std::max(r.height, cellHeight(r.cells[c], widths[c], m_cell));
    }
    const QFontMetricsF capM = metrics(m_caption);
    const double captionH =
        caption.empty()
            ? 0.0
            : capM.boundingRect(QRectF(0, 0, m_content.width(), 1e6), Qt::TextWordWrap, qs(caption))
                      .height() +
                  6 * m_pt;
    // Split rows into pages.
    std::vector<std::pair<std::size_t, std::size_t>> chunks; // [begin, end)
    const double avail = m_content.height() - headingHeight() - headerH;
    std::size_t begin = 0;
    while (begin < rows.size() || chunks.empty()) {
        double used = 0.0;
        std::size_t end = begin;
        while (end < rows.size() && used + rows[end].height <= avail) {
            used += rows[end].height;
            ++end;
        }
        if (end == begin && end < rows.size())
            ++end; // a row taller than a page still goes somewhere
        // Do not leave an area heading alone at the bottom of a page.
        if (end < rows.size() && end > begin + 1 && rows[end - 1].heading)
            --end;
        chunks.emplace_back(begin, end);
        begin = end;
        if (rows.empty())
            break;
    }
    auto shared = std::make_shared<std::vector<FlowRow>>(std::move(rows));
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        // Named copies, not a structured binding: the page lambda captures them, which clang
        // accepts only from version 16.
        const std::size_t b = chunks[k].first;
        const std::size_t e = chunks[k].second;
        const bool last = k + 1 == chunks.size();
        const std::string heading = k == 0 ? title : title + "（续） (continued)";
        m_pages.emplace_back([=, this, &columns](QPainter& p, const QRectF& area) {
            drawHeading(heading, area);
            double y = area.top() + headingHeight();
            // Header row.
            double x = area.left();
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(230, 236, 242));
            p.drawRect(QRectF(area.left(), y, area.width(), headerH));
            p.setFont(m_cellBold);
            p.setPen(QColor(20, 20, 20));
            for (std::size_t c = 0; c < columns.size(); ++c) {
                const QRectF r(x + pad, y + pad, widths[c] - 2 * pad, headerH - 2 * pad);
                const int align = columns[c].align == Align::Right    ? Qt::AlignRight
                                  : columns[c].align == Align::Centre ? Qt::AlignHCenter
                                                                      : Qt::AlignLeft;
                p.drawText(r, align | Qt::AlignVCenter | Qt::TextWordWrap, qs(columns[c].header));
                x += widths[c];
            }
            y += headerH;
            if (b == e) {
                p.setFont(m_cell);
                p.setPen(QColor(90, 90, 90));
                p.drawText(QRectF(area.left() + pad, y + pad, area.width(), cm.height()),
                           Qt::AlignLeft, qs(emptyText));
                y += cm.height() + 2 * pad;
            }
            bool shade = false;
            for (std::size_t i = b; i < e; ++i) {
                const FlowRow& row = (*shared)[i];
                if (row.heading) {
                    p.setFont(m_cellBold);
                    p.setPen(QColor(20, 20, 20));
                    p.drawText(
                        QRectF(area.left() + pad, y + 2 * m_pt + pad, area.width(), row.height),
                        Qt::AlignLeft | Qt::TextWordWrap, qs(row.cells.front()));
                    p.setPen(QPen(QColor(120, 120, 120), 0.6 * m_pt));
                    p.drawLine(QPointF(area.left(), y + row.height),
                               QPointF(area.right(), y + row.height));
                    y += row.height;
                    shade = false;
                    continue;
                }
                if (shade) {
                    p.setPen(Qt::NoPen);
                    p.setBrush(QColor(246, 246, 246));
                    p.drawRect(QRectF(area.left(), y, area.width(), row.height));
                }
                shade = !shade;
                x = area.left();
                p.setFont(m_cell);
                for (std::size_t c = 0; c < columns.size(); ++c) {
                    const QRectF r(x + pad, y + pad, widths[c] - 2 * pad, row.height - 2 * pad);
                    const int align = columns[c].align == Align::Right    ? Qt::AlignRight
                                      : columns[c].align == Align::Centre ? Qt::AlignHCenter
                                                                          : Qt::AlignLeft;
                    const QColor colour = c < row.colours.size() && row.colours[c].isValid()
                                              ? row.colours[c]
                                              : QColor(25, 25, 25);
                    p.setPen(colour);
                    p.drawText(r, align | Qt::AlignVCenter | Qt::TextWordWrap, qs(row.cells[c]));
                    x += widths[c];
                }
                y += row.height;
            }
            p.setPen(QPen(QColor(120, 120, 120), 0.6 * m_pt));
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
            if (last && !caption.empty()) {
                p.setFont(m_caption);
                p.setPen(QColor(80, 80, 80));
                p.drawText(QRectF(area.left(), y + 4 * m_pt, area.width(), captionH),
                           Qt::TextWordWrap | Qt::AlignLeft, qs(caption));
            }
        });
    }
}

void Composer::add(const ScorecardPage& s) {
    static const std::vector<TableColumn> columns = {
        {"指标 Indicator", Align::Left, 4.2}, {"目标 Target", Align::Right, 1.2},
        {"数值 Value", Align::Right, 1.2},    {"达标 Met", Align::Centre, 1.3},
        {"差距 Gap", Align::Right, 1.6},
    };
    std::vector<FlowRow> rows;
    for (const auto& area : s.areas) {
        FlowRow h;
        h.heading = true;
        h.cells = {area.name};
        rows.push_back(h);
        for (const auto& r : area.rows) {
            FlowRow row;
            const std::string mark =
                !r.pass ? "— 无数据 n/a" : (*r.pass ? "✓ 达标 met" : "✗ 未达标 not met");
            row.cells = {r.indicator, r.target, r.value, mark, r.gap};
            row.colours.assign(5, QColor());
            if (r.pass)
                row.colours[3] = *r.pass ? kPassColour : kFailColour;
            rows.push_back(std::move(row));
        }
    }
    flowTable(s.title, columns, std::move(rows), s.caption, "无指标 No indicators");
}

void Composer::add(const TablePage& t) {
    std::vector<FlowRow> rows;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (t.rows[i].size() != t.columns.size())
            throw std::invalid_argument("表格 “" + t.title + "” 第 " + std::to_string(i + 1) +
                                        " 行的单元格数与列数不同 / row " + std::to_string(i + 1) +
                                        " of table \"" + t.title +
                                        "\" has a different number of cells than columns");
        FlowRow row;
        row.cells = t.rows[i];
        rows.push_back(std::move(row));
    }
    flowTable(t.title, t.columns, std::move(rows), t.caption, t.emptyText);
}

void Composer::add(const MapPage& m) {
    m_pages.emplace_back([this, &m](QPainter& p, const QRectF& area) {
        drawHeading(m.title, area);
        const QFontMetricsF capM = metrics(m_caption);
        const double capH = m.caption.empty() ? 0.0 : capM.height() * 2 + 4 * m_pt;
        const QRectF mapArea(area.left(), area.top() + headingHeight(), area.width(),
                             area.height() - headingHeight() - capH);
        const MapRenderResult r = renderMap(p, m.map, mapArea);
        for (const auto& problem : r.problems)
            if (std::find(m_problems.begin(), m_problems.end(), problem) == m_problems.end())
                m_problems.push_back(problem);
        if (!m.caption.empty()) {
            p.setFont(m_caption);
            p.setPen(QColor(80, 80, 80));
            p.drawText(QRectF(area.left(), mapArea.bottom() + 4 * m_pt, area.width(), capH),
                       Qt::TextWordWrap | Qt::AlignLeft, qs(m.caption));
        }
    });
}

void Composer::add(const ChartPage& c) {
    m_pages.emplace_back([this, &c](QPainter& p, const QRectF& area) {
        drawHeading(c.title, area);
        const QFontMetricsF capM = metrics(m_caption);
        const double capH = c.caption.empty() ? 0.0 : capM.height() * 2 + 4 * m_pt;
        const QRectF grid(area.left(), area.top() + headingHeight(), area.width(),
                          area.height() - headingHeight() - capH);
        const int cols = std::max(1, c.columns);
        const int n = static_cast<int>(c.charts.size());
        const int rowsN = std::max(1, (n + cols - 1) / cols);
        const double gap = 12 * m_pt;
        const double w = (grid.width() - (cols - 1) * gap) / cols;
        const double h = (grid.height() - (rowsN - 1) * gap) / rowsN;
        for (int i = 0; i < n; ++i) {
            const int row = i / cols;
            const int column = i % cols;
            const QRectF cell(grid.left() + column * (w + gap), grid.top() + row * (h + gap), w, h);
            drawLineChart(p, cell, c.charts[static_cast<std::size_t>(i)]);
        }
        if (!c.caption.empty()) {
            p.setFont(m_caption);
            p.setPen(QColor(80, 80, 80));
            p.drawText(QRectF(area.left(), grid.bottom() + 4 * m_pt, area.width(), capH),
                       Qt::TextWordWrap | Qt::AlignLeft, qs(c.caption));
        }
    });
}

int Composer::write(QPdfWriter& writer, std::vector<std::string>& problems) {
    const int total = static_cast<int>(m_pages.size());
    const QFontMetricsF hm = metrics(m_header);
    const QFontMetricsF fm = metrics(m_footer);
    for (int i = 0; i < total; ++i) {
        if (i > 0 && !writer.newPage())
            throw std::runtime_error("无法新建 PDF 页 / cannot start a new PDF page");
        // Running header.
        const double top = m_page.top() + m_margin;
        m_p.setFont(m_header);
        m_p.setPen(QColor(90, 90, 90));
        if (i > 0)
            m_p.drawText(QPointF(m_page.left() + m_margin, top + hm.ascent()), qs(m_doc.title));
        m_pages[static_cast<std::size_t>(i)](m_p, m_content);
        // Footer: source and note on the left, page numbers on the right.
        const double y = m_page.bottom() - m_margin - 2 * fm.height();
        m_p.setPen(QPen(QColor(170, 170, 170), 0.5 * m_pt));
        m_p.drawLine(QPointF(m_page.left() + m_margin, y - 3 * m_pt),
                     QPointF(m_page.right() - m_margin, y - 3 * m_pt));
        m_p.setFont(m_footer);
        m_p.setPen(QColor(80, 80, 80));
        const QString pageText =
            QStringLiteral("第 %1 页 / 共 %2 页  Page %1 of %2").arg(i + 1).arg(total);
        const double pageW = fm.horizontalAdvance(pageText);
        const double leftW = m_page.width() - 2 * m_margin - pageW - 12 * m_pt;
        m_p.drawText(QPointF(m_page.left() + m_margin, y + fm.ascent()),
                     fm.elidedText(qs(m_doc.sourceLine), Qt::ElideRight, leftW));
        if (!m_doc.illustrativeNote.empty()) {
            m_p.setPen(kFailColour);
            m_p.drawText(QPointF(m_page.left() + m_margin, y + fm.height() + fm.ascent()),
                         fm.elidedText(qs(m_doc.illustrativeNote), Qt::ElideRight, leftW));
        }
        m_p.setPen(QColor(80, 80, 80));
        m_p.drawText(QPointF(m_page.right() - m_margin - pageW, y + fm.ascent()), pageText);
    }
    for (auto& p : m_problems)
        problems.push_back(std::move(p));
    return total;
}

} // namespace

ReportWriteResult writeReportPdf(const ReportDocument& document,
                                 const std::filesystem::path& file) {
    std::filesystem::path tmp = file;
    tmp += ".part";
    auto fail = [&](const std::string& why) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw std::runtime_error("无法写入报告 " + file.string() + "：" + why +
                                 " / cannot write the report " + file.string() + ": " + why);
    };
    ReportWriteResult result;
    {
        QPdfWriter writer(QString::fromStdString(tmp.string()));
        writer.setCreator(QStringLiteral("Xuewei 学位"));
        writer.setTitle(qs(document.title));
        writer.setResolution(300);
        writer.setPageSize(QPageSize(document.paper == Paper::A3 ? QPageSize::A3 : QPageSize::A4));
        writer.setPageOrientation(document.orientation == PageOrientation::Landscape
                                      ? QPageLayout::Landscape
                                      : QPageLayout::Portrait);
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer))
            fail("无法打开文件 / cannot open the file");
        try {
            Composer composer(painter, document, QRectF(painter.viewport()));
            for (const auto& page : document.pages)
                std::visit([&](const auto& p) { composer.add(p); }, page);
            if (document.pages.empty())
                composer.add(TitlePage{document.title, {}, {}});
            result.pages = composer.write(writer, result.problems);
        } catch (...) {
            painter.end();
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            throw;
        }
        if (!painter.end())
            fail("PDF 写入失败 / writing the PDF failed");
    }
    if (!installedCjkFamily(TextTarget::Pdf))
        result.problems.emplace_back(
            "未找到中文字体 / no CJK font found: install fonts-wqy-microhei and fonts-noto-cjk");
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec)
        fail(ec.message());
    return result;
}

} // namespace xw::viewer
