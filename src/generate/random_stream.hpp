// The one source of randomness of the generators: xoshiro256** (Blackman and Vigna, 2018)
// seeded through splitmix64, with integer and real draws defined here bit by bit, so that a
// seed means the same matrix everywhere (std::uniform_*_distribution is implementation-defined).
#pragma once

#include <cstdint>

namespace lupine {
namespace generate {

/// splitmix64: turns consecutive states into well-mixed 64-bit words. Used to expand one seed
/// into xoshiro's 256-bit state, which must not be all zero.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed) {
    std::uint64_t state = seed;
    for (std::uint64_t& word : state_) word = splitmix64(state);
  }

  /// A stream from xoshiro's raw state (not all zero), to check against reference outputs.
  RandomStream(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3)
      : state_{s0, s1, s2, s3} {}

  /// The next 64 random bits (xoshiro256**).
  std::uint64_t next() {
    const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  /// Uniform in [0, bound), bound > 0, without modulo bias: draws below 2^64 mod bound are
  /// rejected so that every residue has the same number of preimages.
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t rejected = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t word = next();
      if (word >= rejected) return word % bound;
    }
  }

  /// Uniform in [0, 1) on the grid of multiples of 2^-53 (every such double is exact).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }

 private:
  static std::uint64_t rotate_left(std::uint64_t word, int bits) {
    return (word << bits) | (word >> (64 - bits));
  }

  std::uint64_t state_[4];
};

}  // namespace generate
}  // namespace lupine
