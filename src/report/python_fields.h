// Python genai-bench's names for a run's aggregated metrics (its AggregatedMetrics: direct fields
// such as requests_per_second, and stats.METRIC.MEASURE such as stats.ttft.p90), read from our run
// summaries: what plot configs (--plot-config, --preset) and --list-fields name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "metrics/summary.h"

namespace genai::report {

// Every name Python's schema has, direct fields first, then stats.METRIC.MEASURE.
const std::vector<std::string>& python_field_names();
bool is_python_field(const std::string& path);
// Python's test for a time field (its values are shown in --metrics-time-unit): the name holds
// ttft, tpot, e2e_latency or output_latency.
bool is_latency_field(const std::string& path);

// A field's value in one run: a number (latencies multiplied by `time_scale`, from milliseconds),
// or text for scenario, iteration_type and error_codes_frequency; nothing when this run has none
// (a metric no request had, such as audio_throughput outside text-to-speech, or one we do not
// measure: num_reasoning_tokens).
struct FieldValue {
  std::optional<double> number;
  std::optional<std::string> text;
  bool present() const { return number.has_value() || text.has_value(); }
};
FieldValue python_field_value(const metrics::RunSummary& run, const std::string& path, double time_scale);

// The one-line JSON of stats.METRIC as Python's "Aggregated Metrics for Each Run" sheet shows it.
std::string python_stats_json(const metrics::RunSummary& run, const std::string& metric, double time_scale);
// Python's stats metrics, in its order.
const std::vector<std::string>& python_stats_metrics();

}  // namespace genai::report
