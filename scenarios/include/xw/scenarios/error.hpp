#pragma once
#include <xw/core/common/diagnostic.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace xw::scenarios {

/// A scenario or norms file that cannot be used. what() names the file, the line and column where
/// known, the key and why, Chinese first, then English; diagnostics() lists every problem found
/// (a scenario file is checked whole before it is refused, so all its errors come at once).
class ScenarioError : public std::runtime_error {
public:
    explicit ScenarioError(const std::string& message) : std::runtime_error(message) {}
    ScenarioError(const std::string& message, std::vector<core::Diagnostic> diagnostics)
        : std::runtime_error(message), m_diagnostics(std::move(diagnostics)) {}

    [[nodiscard]] const std::vector<core::Diagnostic>& diagnostics() const noexcept {
        return m_diagnostics;
    }

private:
    std::vector<core::Diagnostic> m_diagnostics;
};

} // namespace xw::scenarios
