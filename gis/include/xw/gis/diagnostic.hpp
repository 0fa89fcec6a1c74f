#pragma once
// Per-record problems found while reading a dataset: reported to the caller, not thrown. The type
// is core's one diagnostic (xw/core/common/diagnostic.hpp); these names keep gis code short.
#include <xw/core/common/diagnostic.hpp>

namespace xw::gis {

using core::Diagnostic;
using core::Severity;
using core::toString;

} // namespace xw::gis
