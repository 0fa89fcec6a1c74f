#pragma once
// The leaders' report as plain data: pages of a title, indicator scorecards, maps, charts and
// tables. No Qt: the model fills it, report_writer.hpp composes it onto PDF pages.
#include <xw/viewer/map/map_description.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace xw::viewer {

enum class Paper { A4, A3 };
enum class PageOrientation { Portrait, Landscape };

struct TitlePage {
    std::string title;              ///< e.g. "阳江市学位供需报告"
    std::string subtitle;           ///< e.g. "School places report, Yangjiang"
    std::vector<std::string> lines; ///< key facts, one per line (dataset, base year, scenario)
};

/// One indicator of one area against its target.
struct ScorecardRow {
    std::string indicator;    ///< "学前三年毛入园率 Kindergarten gross enrolment"
    std::string target;       ///< "≥ 98.0%"
    std::string value;        ///< "96.4%"; "—" when undefined
    std::optional<bool> pass; ///< ✓ / ✗; nullopt: no value
    std::string gap;          ///< distance to the target when failing ("1.6 个百分点"), else ""
};

struct ScorecardArea {
    std::string name; ///< district or city name
    std::vector<ScorecardRow> rows;
};

/// The indicator scorecard: one table block per area, continued over pages as needed.
struct ScorecardPage {
    std::string title;
    std::vector<ScorecardArea> areas;
    std::string caption; ///< under the table: targets' source and date
};

struct MapPage {
    std::string title;  ///< page heading (the map keeps its own title too, if set)
    MapDescription map; ///< drawn as vector graphics filling the page's content area
    std::string caption;
};

struct ChartSeries {
    std::string label;
    Rgba colour;
    bool dashed = false;
    std::vector<double> x; ///< e.g. years; same length as y, increasing
    std::vector<double> y;
};

/// Lines over a shared x axis; the y axis starts at 0.
struct LineChart {
    std::string title;
    std::string xLabel;
    std::string yLabel;
    std::vector<ChartSeries> series;
};

struct ChartPage {
    std::string title;
    std::vector<LineChart> charts; ///< laid out in a grid, `columns` wide
    int columns = 2;
    std::string caption;
};

enum class Align { Left, Centre, Right };

struct TableColumn {
    std::string header;
    Align align = Align::Left;
    double weight = 1.0; ///< share of the table width
};

/// A table continued over as many pages as its rows need, the header repeated on each.
struct TablePage {
    std::string title;
    std::vector<TableColumn> columns;
    std::vector<std::vector<std::string>> rows; ///< each as many cells as columns
    std::string caption;
    std::string emptyText = "无 None"; ///< shown when there are no rows
};

using ReportPage = std::variant<TitlePage, ScorecardPage, MapPage, ChartPage, TablePage>;

struct ReportDocument {
    std::string title; ///< running header of every page and the PDF's title
    Paper paper = Paper::A4;
    PageOrientation orientation = PageOrientation::Landscape;
    std::string sourceLine; ///< footer: "数据来源 Source: …"
    /// When set, every page's footer carries this note, e.g. "示意数据 Illustrative data".
    std::string illustrativeNote;
    std::vector<ReportPage> pages;
};

} // namespace xw::viewer
