#include <xw/core/projection/rng.hpp>

#include <cmath>
#include <numbers>

namespace xw::core {

double DeterministicRng::uniform() {
    // The top 53 bits of one 64-bit output, scaled to [0, 1): exact and platform-independent.
    return static_cast<double>(m_engine() >> 11) * 0x1.0p-53;
}

double DeterministicRng::normal() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    const double u1 = 1.0 - uniform(); // (0, 1]: log is finite
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * std::numbers::pi * u2;
    m_spare = r * std::sin(theta);
    m_hasSpare = true;
    return r * std::cos(theta);
}

std::uint64_t DeterministicRng::streamSeed(std::uint64_t seed, std::uint64_t index) {
    // SplitMix64 (Steele, Lea, Flood 2014) applied twice to mix the seed and the stream index.
    auto mix = [](std::uint64_t z) {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    return mix(mix(seed) ^ index);
}

} // namespace xw::core
