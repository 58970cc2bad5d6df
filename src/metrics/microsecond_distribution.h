// Exact statistics of many whole-microsecond values (every inter-token gap of a run) in O(n):
// values are counted per microsecond instead of sorted, which gives the same order statistics,
// so the same percentiles, as sorting would. Gaps past 10 s are rare and kept in a sorted tail.
#pragma once

#include <cstdint>
#include <vector>

#include "metrics/statistics.h"

namespace genai::metrics {

class MicrosecondDistribution {
 public:
  void add(uint32_t microseconds);
  // Statistics in milliseconds, with the definitions of compute_statistics().
  Statistics statistics_ms() const;

 private:
  double value_at_rank(uint64_t rank) const;  // the rank-th smallest value (0-based), in µs
  double percentile_ms(double p) const;

  static constexpr uint32_t kDenseLimit = 10'000'000;  // 10 s
  std::vector<uint64_t> counts_;       // counts_[v] = how many values equal v, for v < kDenseLimit
  mutable std::vector<uint32_t> tail_;  // values >= kDenseLimit
  uint64_t count_ = 0;
  double sum_ = 0, sum_of_squares_ = 0;
  uint32_t min_ = UINT32_MAX, max_ = 0;
};

}  // namespace genai::metrics
