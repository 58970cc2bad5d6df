#include "metrics/statistics.h"

#include <algorithm>
#include <cmath>

namespace genai::metrics {

double percentile_of_sorted(const std::vector<double>& sorted, double p) {
  const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(std::floor(rank));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = rank - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

Statistics compute_statistics(std::vector<double> values) {
  Statistics stats;
  if (values.empty()) return stats;
  std::sort(values.begin(), values.end());
  stats.count = values.size();
  for (double value : values) stats.sum += value;
  stats.mean = stats.sum / static_cast<double>(stats.count);
  double squared_deviations = 0;
  for (double value : values) squared_deviations += (value - stats.mean) * (value - stats.mean);
  stats.std = std::sqrt(squared_deviations / static_cast<double>(stats.count));
  stats.min = values.front();
  stats.max = values.back();
  stats.p25 = percentile_of_sorted(values, 25);
  stats.p50 = percentile_of_sorted(values, 50);
  stats.p75 = percentile_of_sorted(values, 75);
  stats.p90 = percentile_of_sorted(values, 90);
  stats.p95 = percentile_of_sorted(values, 95);
  stats.p99 = percentile_of_sorted(values, 99);
  stats.p999 = percentile_of_sorted(values, 99.9);
  return stats;
}

double statistic_named(const Statistics& stats, std::string_view name) {
  if (name == "p50") return stats.p50;
  if (name == "p90") return stats.p90;
  if (name == "p95") return stats.p95;
  if (name == "p99") return stats.p99;
  return stats.mean;
}

}  // namespace genai::metrics
