// The random generator behind lengths and prompts: xoshiro256** seeded through splitmix64.
// A new generator is seeded for every request (so request i is the same whatever the order
// requests run in); std::mt19937_64 spent more time building its 312-word state than the
// request's whole sampling, this one seeds in four multiplications. Satisfies
// UniformRandomBitGenerator, so the std distributions work with it.
#pragma once

#include <cstdint>
#include <limits>

namespace genai::workload {

class Random {
 public:
  using result_type = uint64_t;
  explicit Random(uint64_t seed) {
    for (uint64_t& word : state_) word = splitmix64(seed);
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<uint64_t>::max(); }
  result_type operator()() {
    const uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  // A well-mixed seed made from `value` (splitmix64's step on a copy): for deriving the seeds of
  // requests, schedules and prompt blocks from the experiment's seed and an index.
  static uint64_t mix(uint64_t value) { return splitmix64(value); }

  static uint64_t splitmix64(uint64_t& state) {
    uint64_t value = (state += 0x9E3779B97F4A7C15ULL);
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
    return value ^ (value >> 31);
  }

 private:
  static uint64_t rotate_left(uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }
  uint64_t state_[4];
};

}  // namespace genai::workload
