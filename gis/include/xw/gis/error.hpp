#pragma once
// The one exception type of xw::gis: a failure that stops the whole operation.
#include <stdexcept>
#include <string>

namespace xw::gis {

/// Fatal problem with a file (missing, unreadable, unknown CRS, required field absent, ...).
/// what() is the full message, Chinese first then English, naming the file.
class GisError : public std::runtime_error {
public:
    GisError(std::string file, std::string layer, const std::string& message)
        : std::runtime_error(message), m_file(std::move(file)), m_layer(std::move(layer)) {}

    /// The file the problem is in (as given, or the manifest-relative name); may be empty.
    [[nodiscard]] const std::string& file() const noexcept { return m_file; }
    /// Our layer or table name (districts, schools, ...); empty when not about one layer.
    [[nodiscard]] const std::string& layer() const noexcept { return m_layer; }

private:
    std::string m_file;
    std::string m_layer;
};

} // namespace xw::gis
