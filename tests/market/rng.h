// Deterministic pseudo-random numbers for the demo marketplace.
//
// Everything the marketplace shows is a pure function of (seed, index) or
// (seed, URL), so a fixed, portable generator is used instead of <random>'s
// distributions, whose output is implementation-defined.
#ifndef SHOUHU_TESTS_MARKET_RNG_H_
#define SHOUHU_TESTS_MARKET_RNG_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shouhu::market {

// SplitMix64 finaliser: a bijective 64-bit mix.
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// FNV-1a over bytes, then mixed with the seed and a salt naming the decision.
inline uint64_t HashString(uint64_t seed, uint64_t salt, std::string_view s) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return Mix64(h ^ Mix64(seed ^ Mix64(salt)));
}

// A value in [0, 1) from a hash.
inline double UnitFromHash(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

// SplitMix64 stream.
class Rng {
 public:
  explicit Rng(uint64_t state) : state_(state) {}
  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0. The modulo bias is irrelevant for test data.
  uint64_t Below(uint64_t n) { return Next() % n; }
  int Range(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  double Unit() { return UnitFromHash(Next()); }
  bool Chance(double p) { return Unit() < p; }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Below(N)];
  }

 private:
  uint64_t state_;
};

}  // namespace shouhu::market

#endif  // SHOUHU_TESTS_MARKET_RNG_H_
