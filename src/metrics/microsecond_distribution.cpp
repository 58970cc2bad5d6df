#include "metrics/microsecond_distribution.h"

#include <algorithm>
#include <cmath>

namespace genai::metrics {

void MicrosecondDistribution::add(uint32_t microseconds) {
  if (microseconds < kDenseLimit) {
    if (microseconds >= counts_.size()) counts_.resize(std::max<size_t>(microseconds + 1, counts_.size() * 2));
    ++counts_[microseconds];
  } else {
    tail_.push_back(microseconds);
  }
  ++count_;
  const auto value = static_cast<double>(microseconds);
  sum_ += value;
  sum_of_squares_ += value * value;
  min_ = std::min(min_, microseconds);
  max_ = std::max(max_, microseconds);
}

double MicrosecondDistribution::value_at_rank(uint64_t rank) const {
  uint64_t seen = 0;
  for (size_t value = min_; value < counts_.size(); ++value) {
    seen += counts_[value];
    if (seen > rank) return static_cast<double>(value);
  }
  std::sort(tail_.begin(), tail_.end());
  return static_cast<double>(tail_[rank - seen]);
}

// numpy's linear interpolation between closest ranks, as percentile_of_sorted().
double MicrosecondDistribution::percentile_ms(double p) const {
  const double rank = p / 100.0 * static_cast<double>(count_ - 1);
  const auto below = static_cast<uint64_t>(std::floor(rank));
  const uint64_t above = std::min(below + 1, count_ - 1);
  const double low = value_at_rank(below), high = value_at_rank(above);
  return (low + (high - low) * (rank - static_cast<double>(below))) / 1e3;
}

Statistics MicrosecondDistribution::statistics_ms() const {
  Statistics stats;
  if (count_ == 0) return stats;
  const auto n = static_cast<double>(count_);
  stats.count = count_;
  stats.sum = sum_ / 1e3;
  stats.mean = sum_ / n / 1e3;
  const double variance_us = std::max(0.0, sum_of_squares_ / n - (sum_ / n) * (sum_ / n));
  stats.std = std::sqrt(variance_us) / 1e3;
  stats.min = min_ / 1e3;
  stats.max = max_ / 1e3;
  stats.p25 = percentile_ms(25);
  stats.p50 = percentile_ms(50);
  stats.p75 = percentile_ms(75);
  stats.p90 = percentile_ms(90);
  stats.p95 = percentile_ms(95);
  stats.p99 = percentile_ms(99);
  stats.p999 = percentile_ms(99.9);
  return stats;
}

}  // namespace genai::metrics
