// Reads a server's /metrics page (Prometheus text exposition format 0.0.4, as vLLM, SGLang, TGI,
// llama.cpp and NVIDIA's DCGM exporter serve it) into metric families, and estimates quantiles
// from a histogram family's cumulative buckets the way PromQL's histogram_quantile() does.
// Pure functions: no I/O; a malformed page is a one-line error naming its line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::metrics {

// Label names and (unescaped) values, in the order the exporter wrote them.
using PrometheusLabels = std::vector<std::pair<std::string, std::string>>;

enum class PrometheusType { counter, gauge, histogram, summary, untyped };
std::string_view to_string(PrometheusType type);

struct PrometheusSample {
  // As written: a histogram's samples are NAME_bucket, NAME_sum and NAME_count, a summary's are
  // NAME (with a `quantile` label), NAME_sum and NAME_count.
  std::string name;
  PrometheusLabels labels;  // `le` and `quantile` included
  double value = 0;
  std::optional<int64_t> timestamp_ms;

  // The value of the label called `label_name`, if the sample has one.
  std::optional<std::string_view> label(std::string_view label_name) const;
};

struct PrometheusFamily {
  std::string name;
  PrometheusType type = PrometheusType::untyped;  // untyped unless a # TYPE line said otherwise
  std::string help;                               // unescaped; empty without a # HELP line
  std::vector<PrometheusSample> samples;          // may be empty: a labelled metric with no series yet
};

// The families in the order they first appear. Samples join the family of their name, or for a
// histogram's _bucket/_sum/_count and a summary's _sum/_count, the family they belong to.
// Errors read "line N: what was wrong".
Result<std::vector<PrometheusFamily>> parse_prometheus_text(std::string_view text);

// The family called `name` (the family's name, not a sample's: "vllm:e2e_request_latency_seconds",
// not "..._bucket"), or nullptr.
const PrometheusFamily* find_family(const std::vector<PrometheusFamily>& families, std::string_view name);

struct HistogramBucket {
  double upper_bound = 0;       // the `le` label
  double cumulative_count = 0;  // observations <= upper_bound
};

// One series of a histogram family: its buckets, sum and count for one label set.
struct HistogramSeries {
  PrometheusLabels labels;               // without `le`, sorted by name
  std::vector<HistogramBucket> buckets;  // sorted by upper bound
  std::optional<double> sum;             // NAME_sum, when the exporter wrote it
  std::optional<double> count;           // NAME_count, when the exporter wrote it
};

// The series of a histogram family, one per label set (labels in any order), in the order first seen.
std::vector<HistogramSeries> histogram_series(const PrometheusFamily& histogram);

// The `quantile` (0..1) of a series' observations, interpolated linearly within the bucket it falls
// in, as PromQL's histogram_quantile() does: the lowest bucket starts at 0 (or is returned as is
// when its bound is <= 0), a quantile in the +Inf bucket is the highest finite bound, and NaN when
// there is no +Inf bucket, fewer than two buckets, or no observations; -Inf below 0, +Inf above 1.
double histogram_quantile(double quantile, std::vector<HistogramBucket> buckets);

}  // namespace genai::metrics
