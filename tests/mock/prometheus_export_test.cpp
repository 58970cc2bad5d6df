// The mock's GET /metrics: its page parses as Prometheus text, and every counter, gauge and
// histogram in it is the hand-made send-side truth it was given, in vLLM's names and buckets.
#include "mock/prometheus_export.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "metrics/prometheus_text.h"

namespace genai::mock {
namespace {

using metrics::PrometheusFamily;
using metrics::PrometheusType;

std::vector<PrometheusFamily> parsed(const std::vector<const SendTruth*>& threads, int max_batch = 0) {
  auto families = metrics::parse_prometheus_text(prometheus_text(threads, "mock-model", max_batch));
  EXPECT_TRUE(families.ok()) << families.error();
  return families.ok() ? *families : std::vector<PrometheusFamily>{};
}

// The value of a family's only sample (or of the sample with `label`="value").
double value_of(const std::vector<PrometheusFamily>& families, std::string_view name, PrometheusType type,
                std::string_view label = {}, std::string_view label_value = {}) {
  const PrometheusFamily* family = metrics::find_family(families, name);
  EXPECT_NE(family, nullptr) << name;
  if (family == nullptr) return -1;
  EXPECT_EQ(family->type, type) << name;
  for (const auto& sample : family->samples) {
    EXPECT_EQ(sample.label("model_name"), "mock-model");
    if (label.empty() || sample.label(label) == label_value) return sample.value;
  }
  ADD_FAILURE() << name << " has no such sample";
  return -1;
}

metrics::HistogramSeries histogram_of(const std::vector<PrometheusFamily>& families, std::string_view name) {
  const PrometheusFamily* family = metrics::find_family(families, name);
  EXPECT_NE(family, nullptr) << name;
  if (family == nullptr) return {};
  EXPECT_EQ(family->type, PrometheusType::histogram);
  const auto series = metrics::histogram_series(*family);
  EXPECT_EQ(series.size(), 1u);
  return series.empty() ? metrics::HistogramSeries{} : series.front();
}

double cumulative_at(const metrics::HistogramSeries& series, double bound) {
  for (const auto& bucket : series.buckets) {
    if (bucket.upper_bound == bound) return bucket.cumulative_count;
  }
  ADD_FAILURE() << "no bucket le=" << bound;
  return -1;
}

TEST(PrometheusExport, CountersAndGaugesAreTheTruthOfAllThreads) {
  SendTruth first, second;
  QueuedRequest running_on_first(first);
  running_on_first.started(30);  // 30 prompt tokens
  QueuedRequest waiting_on_second(second);
  {
    QueuedRequest done(second);
    done.started(12);
  }  // finished: neither running nor waiting, its 12 prompt tokens counted
  first.tokens_written(5);
  first.tokens_written(7);
  second.tokens_written(100);
  second.request_finished(250'000);
  first.request_finished(400'000);

  const auto families = parsed({&first, &second}, 4);
  EXPECT_EQ(value_of(families, "vllm:num_requests_running", PrometheusType::gauge), 1);
  EXPECT_EQ(value_of(families, "vllm:num_requests_waiting", PrometheusType::gauge), 1);
  // KV-cache usage: running / --max-batch = 1 / 4.
  EXPECT_EQ(value_of(families, "vllm:kv_cache_usage_perc", PrometheusType::gauge), 0.25);
  EXPECT_EQ(value_of(families, "vllm:gpu_cache_usage_perc", PrometheusType::gauge), 0.25);
  EXPECT_EQ(value_of(families, "vllm:prompt_tokens_total", PrometheusType::counter), 42);        // 30 + 12
  EXPECT_EQ(value_of(families, "vllm:generation_tokens_total", PrometheusType::counter), 112);   // 5 + 7 + 100
  EXPECT_EQ(value_of(families, "vllm:request_success_total", PrometheusType::counter, "finished_reason", "length"), 2);
  EXPECT_EQ(value_of(families, "vllm:request_success_total", PrometheusType::counter, "finished_reason", "stop"), 0);
  EXPECT_EQ(value_of(families, "vllm:prefix_cache_queries_total", PrometheusType::counter), 0);
  EXPECT_EQ(value_of(families, "vllm:prefix_cache_hits_total", PrometheusType::counter), 0);
  // Without --max-batch there is nothing to be full: 0.
  EXPECT_EQ(value_of(parsed({&first, &second}), "vllm:kv_cache_usage_perc", PrometheusType::gauge), 0);
}

TEST(PrometheusExport, HistogramsAreTheTruthInVllmsBuckets) {
  SendTruth first, second;
  // TTFT, all away from the edges of the microsecond histogram's buckets around vLLM's bounds:
  // 500 and 1,000 µs (exact buckets; 1,000 is <= the 0.001 s bound), 45 ms, 99 ms, 3 s.
  for (int64_t us : {500, 1'000, 45'000}) first.served_ttft.add(us);
  for (int64_t us : {99'000, 3'000'000}) second.served_ttft.add(us);
  for (int64_t us : {9'000, 11'000, 30'000}) first.served_gap.add(us);
  second.request_finished(1'200'000);

  const auto families = parsed({&first, &second});
  const auto ttft = histogram_of(families, "vllm:time_to_first_token_seconds");
  ASSERT_EQ(ttft.buckets.size(), 23u);  // vLLM's 22 bounds and +Inf
  EXPECT_EQ(cumulative_at(ttft, 0.001), 2);  // 500 µs, 1 ms
  EXPECT_EQ(cumulative_at(ttft, 0.005), 2);
  EXPECT_EQ(cumulative_at(ttft, 0.04), 2);
  EXPECT_EQ(cumulative_at(ttft, 0.06), 3);   // + 45 ms
  EXPECT_EQ(cumulative_at(ttft, 0.08), 3);
  EXPECT_EQ(cumulative_at(ttft, 0.1), 4);    // + 99 ms
  EXPECT_EQ(cumulative_at(ttft, 2.5), 4);
  EXPECT_EQ(cumulative_at(ttft, 5.0), 5);    // + 3 s
  EXPECT_EQ(cumulative_at(ttft, INFINITY), 5);
  EXPECT_EQ(ttft.count, 5);
  EXPECT_DOUBLE_EQ(*ttft.sum, (500 + 1'000 + 45'000 + 99'000 + 3'000'000) / 1e6);

  for (const char* name : {"vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds"}) {
    const auto gap = histogram_of(families, name);
    ASSERT_EQ(gap.buckets.size(), 20u) << name;  // 19 bounds and +Inf
    EXPECT_EQ(cumulative_at(gap, 0.01), 1) << name;   // 9 ms
    EXPECT_EQ(cumulative_at(gap, 0.025), 2) << name;  // + 11 ms
    EXPECT_EQ(cumulative_at(gap, 0.05), 3) << name;   // + 30 ms
    EXPECT_EQ(gap.count, 3) << name;
    EXPECT_DOUBLE_EQ(*gap.sum, 0.05) << name;
  }
  const auto e2e = histogram_of(families, "vllm:e2e_request_latency_seconds");
  ASSERT_EQ(e2e.buckets.size(), 22u);  // 21 bounds and +Inf
  EXPECT_EQ(cumulative_at(e2e, 1.0), 0);
  EXPECT_EQ(cumulative_at(e2e, 1.5), 1);  // 1.2 s
  EXPECT_EQ(e2e.count, 1);
  EXPECT_DOUBLE_EQ(*e2e.sum, 1.2);
}

// Above 2,048 µs a microsecond bucket is 0.8 % wide: the one straddling a bound counts at the next
// bound up, so a count at bound B may miss observations within 0.8 % below B, never add one above.
TEST(PrometheusExport, BucketCountsAreExactButForTheBucketStraddlingABound) {
  SendTruth truth;
  truth.served_ttft.add(79'950);  // 80 ms's microsecond bucket is [79,872, 80,384): counted at 0.1
  truth.served_ttft.add(80'100);  // above 0.08 s: at 0.1, rightly
  truth.served_ttft.add(79'800);  // a bucket that ends below 80 ms: at 0.08
  const auto ttft = histogram_of(parsed({&truth}), "vllm:time_to_first_token_seconds");
  EXPECT_EQ(cumulative_at(ttft, 0.08), 1);
  EXPECT_EQ(cumulative_at(ttft, 0.1), 3);

  std::mt19937_64 random(7);
  std::vector<int64_t> values;
  SendTruth many;
  for (int i = 0; i < 5000; ++i) {
    values.push_back(static_cast<int64_t>(std::exp(std::uniform_real_distribution<double>(0, 16)(random))));
    many.served_ttft.add(values.back());
  }
  const auto series = histogram_of(parsed({&many}), "vllm:time_to_first_token_seconds");
  for (const auto& bucket : series.buckets) {
    if (std::isinf(bucket.upper_bound)) continue;
    const double bound_us = bucket.upper_bound * 1e6;
    double at_most = 0, at_most_lower = 0;
    for (int64_t v : values) {
      at_most += static_cast<double>(v) <= bound_us;
      at_most_lower += static_cast<double>(v) <= bound_us * (1 - 0.008);
    }
    EXPECT_LE(bucket.cumulative_count, at_most) << bucket.upper_bound;
    EXPECT_GE(bucket.cumulative_count, at_most_lower) << bucket.upper_bound;
  }
}

}  // namespace
}  // namespace genai::mock
