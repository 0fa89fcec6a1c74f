#pragma once
#include <stdexcept>
#include <string>

namespace xw::scenarios {

/// A scenario or norms file that cannot be used. The message names the file, the key and why,
/// Chinese first, then English.
class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace xw::scenarios
