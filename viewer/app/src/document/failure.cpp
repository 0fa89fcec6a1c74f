#include "document/failure.hpp"

#include <xw/core/common/diagnostic.hpp>
#include <xw/core/common/progress.hpp>
#include <xw/gis/error.hpp>
#include <xw/scenarios/scenario.hpp>
#include <xw/study/study.hpp>

#include <new>
#include <vector>

namespace xw::viewer::app {
namespace {

/// `headline` and up to 8 of the error diagnostics it does not already contain, one per line.
QString withDiagnostics(const char* headline, const std::vector<core::Diagnostic>& ds) {
    QString text = QString::fromStdString(headline);
    int shown = 0;
    for (const core::Diagnostic& d : ds)
        if (d.severity == core::Severity::Error && shown++ < 8) {
            const QString line = QString::fromStdString(core::toString(d));
            if (!text.contains(line))
                text += "\n" + line;
        }
    return text;
}

QString internalError(const QString& what) {
    return QString::fromUtf8("内部错误 / internal error: ") + what +
           QString::fromUtf8("\n请把此消息和所做的操作报告给开发者 / please report this message "
                             "and what you did to the developers");
}

} // namespace

QString failureMessage(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const study::StudyError& e) {
        return withDiagnostics(e.what(), e.diagnostics());
    } catch (const scenarios::ScenarioError& e) {
        return withDiagnostics(e.what(), e.diagnostics());
    } catch (const gis::GisError& e) {
        return QString::fromStdString(e.what());
    } catch (const core::Cancelled&) {
        return QString::fromUtf8("已取消 / cancelled");
    } catch (const std::bad_alloc&) {
        return QString::fromUtf8("内存不足 / out of memory");
    } catch (const std::exception& e) {
        return internalError(QString::fromStdString(e.what()));
    } catch (...) {
        return internalError(QString::fromUtf8("未知错误 / unknown error"));
    }
}

} // namespace xw::viewer::app
