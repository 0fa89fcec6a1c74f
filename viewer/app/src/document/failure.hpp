#pragma once
// The viewer's one translation of a failure into what a user reads: every slot, the document's
// worker thread and the report writer catch (...) and ask failureMessage for the text. Chinese
// first, then English; the first line is what the status bar shows.
#include <QString>

#include <exception>

namespace xw::viewer::app {

/// The message of `failure` (a non-null exception_ptr):
///   - study::StudyError, scenarios::ScenarioError: its message and up to 8 of its error
///     diagnostics not already in it (file, layer, feature, field, why);
///   - gis::GisError: its message;
///   - std::bad_alloc: out of memory;
///   - core::Cancelled: cancelled;
///   - any other std::exception: an internal error with its text and a request to report it;
///   - anything else: an unknown internal error.
[[nodiscard]] QString failureMessage(const std::exception_ptr& failure);

} // namespace xw::viewer::app
