// libFuzzer target: dataset manifests (gis/src/detail/load/manifest.cpp). Any text must give a
// Manifest or a GisError, never a crash, a hang or another exception.
#include <xw/gis/error.hpp>

#include "detail/load/manifest.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const xw::gis::detail::Manifest m = xw::gis::detail::parseManifest(text, "/fuzz");
        (void)m;
    } catch (const xw::gis::GisError&) {
        // A plain reason: what bad input must give.
    }
    return 0;
}
