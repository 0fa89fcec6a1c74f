#pragma once
// The random numbers of the Monte Carlo: reproducible on every platform and thread count.
#include <cstdint>
#include <random>

namespace xw::core {

/// Deterministic uniform and normal variates from std::mt19937_64, whose output sequence the C++
/// standard fixes (unlike std::normal_distribution's). Normals by Box–Muller on two uniforms.
class DeterministicRng {
public:
    explicit DeterministicRng(std::uint64_t seed) : m_engine(seed) {}
    /// Uniform on [0, 1) with 53 random bits.
    double uniform();
    /// Standard normal.
    double normal();
    /// Seed of stream `index` derived from `seed` (SplitMix64 of the pair).
    [[nodiscard]] static std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t index);

private:
    std::mt19937_64 m_engine;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

} // namespace xw::core
