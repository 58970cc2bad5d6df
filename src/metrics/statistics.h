// Descriptive statistics of one metric over a run: what every report prints. Percentiles
// interpolate linearly between closest ranks (numpy's default), std is the population standard
// deviation (numpy's default): both as Python genai-bench computes them.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace genai::metrics {

struct Statistics {
  size_t count = 0;  // 0: the metric did not apply to any request; every other field is then 0
  double sum = 0, mean = 0, std = 0, min = 0, max = 0;
  double p25 = 0, p50 = 0, p75 = 0, p90 = 0, p95 = 0, p99 = 0, p999 = 0;
};

// The statistic a report shows for --metric-percentile: "p50", "p90", "p95", "p99", else the mean.
double statistic_named(const Statistics& stats, std::string_view name);

// `values` is taken by value: it is sorted in place.
Statistics compute_statistics(std::vector<double> values);
// Percentile `p` in [0, 100] of sorted, non-empty values.
double percentile_of_sorted(const std::vector<double>& sorted, double p);

}  // namespace genai::metrics
