#pragma once
// Composes a ReportDocument onto PDF pages with QPdfWriter and QPainter: vector maps and charts,
// selectable text (fonts.hpp explains the PDF font choice), a running header, and a footer with
// the source line, the illustrative-data note and "第 n 页 / 共 N 页 Page n of N".
#include <xw/viewer/report/report_document.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace xw::viewer {

struct ReportWriteResult {
    int pages = 0;                     ///< PDF pages written
    std::vector<std::string> problems; ///< e.g. missing CJK font, labels dropped on a map page
};

/// Writes the report. The PDF goes to a temporary name beside `file` and is renamed when
/// complete, so a failure never leaves half a report. A QGuiApplication must exist.
/// \throws std::runtime_error naming the file when it cannot be written; std::invalid_argument
/// when a table row has a different number of cells than the columns.
ReportWriteResult writeReportPdf(const ReportDocument& document, const std::filesystem::path& file);

} // namespace xw::viewer
