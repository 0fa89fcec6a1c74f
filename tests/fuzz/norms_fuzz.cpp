// libFuzzer target: norms files (scenarios/src/norms_file.cpp). Any text must give norms that
// core::validate accepts or a ScenarioError, never a crash, a hang or another exception.
#include <xw/scenarios/norms_file.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const xw::core::Norms n =
            xw::scenarios::parseNorms(text, "fuzz.yaml", xw::core::Norms::defaults());
        if (!xw::core::validate(n).empty())
            std::abort(); // accepted norms must be valid
    } catch (const xw::scenarios::ScenarioError&) {
    }
    return 0;
}
