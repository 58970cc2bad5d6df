// Which families mean what, per server, and how a run's scrapes become its summary. Names:
// vLLM's V1 engine (vllm/v1/metrics/loggers.py) and its V0 ones (vllm/engine/metrics.py: the
// gpu_prefix_cache_hit_rate gauge); SGLang's (python/sglang/srt/metrics/collector.py); llama.cpp's
// server (llamacpp:*); TGI's router (tgi_batch_current_size, tgi_queue_size, tgi_request_duration).
#include "metrics/server_metrics_summary.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>

namespace genai::metrics {
namespace {

using Names = ServerFamilyNames;

// The first name each server family goes by is the one read when a page has several (vLLM writes
// kv_cache_usage_perc and its deprecated gpu_cache_usage_perc, inter_token_latency_seconds and
// time_per_output_token_seconds, with the same values).
const Names kRunning = {"vllm:num_requests_running", "sglang:num_running_reqs", "llamacpp:requests_processing",
                        "tgi_batch_current_size"};
const Names kWaiting = {"vllm:num_requests_waiting", "sglang:num_queue_reqs", "llamacpp:requests_deferred",
                        "tgi_queue_size"};
const Names kKvCacheUsage = {"vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "sglang:token_usage",
                             "llamacpp:kv_cache_usage_ratio"};
// Counters of tokens looked up in the prefix cache and found there: hits / queries over the run.
const Names kPrefixHits = {"vllm:prefix_cache_hits_total", "vllm:gpu_prefix_cache_hits_total"};
const Names kPrefixQueries = {"vllm:prefix_cache_queries_total", "vllm:gpu_prefix_cache_queries_total"};
// Without those counters: the server's own hit-rate gauge, averaged over the run's scrapes.
const Names kPrefixHitRateGauge = {"vllm:gpu_prefix_cache_hit_rate", "sglang:cache_hit_rate"};
const Names kPromptTokens = {"vllm:prompt_tokens_total", "sglang:prompt_tokens_total", "llamacpp:prompt_tokens_total"};
const Names kGenerationTokens = {"vllm:generation_tokens_total", "sglang:generation_tokens_total",
                                 "llamacpp:tokens_predicted_total"};
const Names kRequestsFinished = {"vllm:request_success_total"};
const Names kGenerationThroughputGauge = {"sglang:gen_throughput"};  // without a generation-token counter
const Names kTtft = {"vllm:time_to_first_token_seconds", "sglang:time_to_first_token_seconds"};
const Names kItl = {"vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds",
                    "sglang:inter_token_latency_seconds", "sglang:time_per_output_token_seconds"};
const Names kE2e = {"vllm:e2e_request_latency_seconds", "sglang:e2e_request_latency_seconds", "tgi_request_duration"};

using Families = std::vector<PrometheusFamily>;

const PrometheusFamily* first_family(const Families& families, Names names) {
  for (std::string_view name : names) {
    if (const PrometheusFamily* family = find_family(families, name)) return family;
  }
  return nullptr;
}

// A family's samples of its own name (not a histogram's _bucket/_sum/_count), over all series.
using Combine = SeriesCombine;
std::optional<double> family_value(const Families& families, Names names, Combine combine) {
  const PrometheusFamily* family = first_family(families, names);
  if (family == nullptr) return std::nullopt;
  double total = 0;
  size_t series = 0;
  for (const PrometheusSample& sample : family->samples) {
    if (sample.name != family->name) continue;
    total += sample.value;
    ++series;
  }
  if (series == 0) return std::nullopt;  // declared, no series yet
  return combine == Combine::sum ? total : total / static_cast<double>(series);
}

// The scrapes a run's differences are taken between: the ones just before and just after it, or
// when one of those failed, the nearest successful scrape taken during the run.
struct Bracket {
  const ServerScrape* start = nullptr;
  const ServerScrape* end = nullptr;
  double elapsed_s() const { return static_cast<double>(end->t_ns - start->t_ns) / 1e9; }
};

Bracket bracket_of(const std::vector<const ServerScrape*>& ok) {
  if (ok.size() < 2) return {};
  return {ok.front(), ok.back()};
}

// A counter's increase over the bracket (counter_increase). A counter whose series appeared
// during the run started at 0.
std::optional<double> counter_over_run(const Bracket& bracket, Names names) {
  if (bracket.end == nullptr) return std::nullopt;
  const std::optional<double> end = family_value(*bracket.end->families, names, Combine::sum);
  if (!end) return std::nullopt;
  return counter_increase(family_value(*bracket.start->families, names, Combine::sum).value_or(0), *end);
}

std::optional<GaugeOverRun> gauge_over_run(const std::vector<const ServerScrape*>& during, Names names, Combine combine) {
  double sum = 0, max = -INFINITY;
  size_t seen = 0;
  for (const ServerScrape* scrape : during) {
    const std::optional<double> value = family_value(*scrape->families, names, combine);
    if (!value) continue;
    sum += *value;
    max = std::max(max, *value);
    ++seen;
  }
  if (seen == 0) return std::nullopt;
  return GaugeOverRun{sum / static_cast<double>(seen), max};
}

// A histogram family's series added together (MergedHistogram).
std::optional<MergedHistogram> merged_histogram(const Families& families, Names names) {
  const PrometheusFamily* family = first_family(families, names);
  if (family == nullptr || family->type != PrometheusType::histogram) return std::nullopt;
  MergedHistogram merged;
  for (const HistogramSeries& series : histogram_series(*family)) {
    for (const HistogramBucket& bucket : series.buckets) merged.cumulative_by_bound[bucket.upper_bound] += bucket.cumulative_count;
    merged.sum += series.sum.value_or(0);
    // Without _count, the +Inf bucket holds every observation.
    const bool has_infinity = !series.buckets.empty() && std::isinf(series.buckets.back().upper_bound);
    merged.count += series.count.value_or(has_infinity ? series.buckets.back().cumulative_count : 0);
  }
  return merged;
}

std::optional<double> in_ms(double seconds) {
  if (std::isnan(seconds) || std::isinf(seconds)) return std::nullopt;
  return seconds * 1000;
}

std::optional<ServerLatency> latency_over_run(const Bracket& bracket, Names names) {
  if (bracket.end == nullptr) return std::nullopt;
  const std::optional<MergedHistogram> end = merged_histogram(*bracket.end->families, names);
  if (!end) return std::nullopt;
  const HistogramIncrease increase =
      histogram_increase(merged_histogram(*bracket.start->families, names).value_or(MergedHistogram{}), *end);
  ServerLatency latency;
  latency.observations = increase.count;
  if (latency.observations <= 0) return latency;
  latency.p50_ms = in_ms(histogram_quantile(0.50, increase.buckets));
  latency.p90_ms = in_ms(histogram_quantile(0.90, increase.buckets));
  latency.p99_ms = in_ms(histogram_quantile(0.99, increase.buckets));
  latency.mean_ms = in_ms(increase.sum / latency.observations);
  return latency;
}

}  // namespace

double counter_increase(double before, double after) { return after >= before ? after - before : after; }

HistogramIncrease histogram_increase(const MergedHistogram& before, const MergedHistogram& after) {
  const MergedHistogram empty;
  const MergedHistogram& start = before.count > after.count ? empty : before;  // reset: the server restarted
  HistogramIncrease increase;
  for (const auto& [bound, cumulative] : after.cumulative_by_bound) {
    const auto earlier = start.cumulative_by_bound.find(bound);
    increase.buckets.push_back({bound, cumulative - (earlier == start.cumulative_by_bound.end() ? 0 : earlier->second)});
  }
  increase.sum = after.sum - start.sum;
  increase.count = after.count - start.count;
  return increase;
}

std::string_view to_string(ScrapePhase phase) {
  switch (phase) {
    case ScrapePhase::before: return "before";
    case ScrapePhase::during: return "during";
    case ScrapePhase::after: return "after";
  }
  return "during";
}

bool server_metrics_family_read(std::string_view family_name) {
  for (Names names : {kRunning, kWaiting, kKvCacheUsage, kPrefixHits, kPrefixQueries, kPrefixHitRateGauge, kPromptTokens,
                      kGenerationTokens, kRequestsFinished, kGenerationThroughputGauge, kTtft, kItl, kE2e}) {
    if (std::find(names.begin(), names.end(), family_name) != names.end()) return true;
  }
  return false;
}

const ServerMetricNames& server_metric_names() {
  static const ServerMetricNames names{kRunning, kWaiting, kKvCacheUsage, kGenerationTokens, kTtft,
                                        kGenerationThroughputGauge};
  return names;
}

std::optional<double> server_family_value(const std::vector<PrometheusFamily>& families, ServerFamilyNames names,
                                          SeriesCombine combine) {
  return family_value(families, names, combine);
}

std::optional<MergedHistogram> server_histogram(const std::vector<PrometheusFamily>& families, ServerFamilyNames names) {
  return merged_histogram(families, names);
}

ServerMetricsSummary summarize_server_metrics(std::string url, const std::vector<ServerScrape>& scrapes) {
  ServerMetricsSummary summary;
  summary.url = std::move(url);
  std::vector<const ServerScrape*> ok, during;
  for (const ServerScrape& scrape : scrapes) {
    if (!scrape.families) {
      ++summary.scrapes_failed;
      if (summary.first_error.empty()) summary.first_error = scrape.error;
      continue;
    }
    ++summary.scrapes_ok;
    ok.push_back(&scrape);
    if (scrape.phase == ScrapePhase::during) during.push_back(&scrape);
  }
  summary.requests_running = gauge_over_run(during, kRunning, Combine::sum);
  summary.requests_waiting = gauge_over_run(during, kWaiting, Combine::sum);
  summary.kv_cache_usage = gauge_over_run(during, kKvCacheUsage, Combine::mean);

  const Bracket bracket = bracket_of(ok);
  const std::optional<double> hits = counter_over_run(bracket, kPrefixHits);
  const std::optional<double> queries = counter_over_run(bracket, kPrefixQueries);
  if (hits && queries && *queries > 0) {
    summary.prefix_cache_hit_rate = *hits / *queries;
  } else if (!queries) {
    if (auto gauge = gauge_over_run(during, kPrefixHitRateGauge, Combine::mean)) summary.prefix_cache_hit_rate = gauge->mean;
  }
  summary.prompt_tokens = counter_over_run(bracket, kPromptTokens);
  summary.generation_tokens = counter_over_run(bracket, kGenerationTokens);
  summary.requests_finished = counter_over_run(bracket, kRequestsFinished);
  if (summary.generation_tokens && bracket.elapsed_s() > 0) {
    summary.generation_tokens_per_s = *summary.generation_tokens / bracket.elapsed_s();
  } else if (auto gauge = gauge_over_run(during, kGenerationThroughputGauge, Combine::sum)) {
    summary.generation_tokens_per_s = gauge->mean;
  }
  summary.ttft = latency_over_run(bracket, kTtft);
  summary.itl = latency_over_run(bracket, kItl);
  summary.e2e = latency_over_run(bracket, kE2e);
  return summary;
}

NetworkAndClient network_and_client(const ServerMetricsSummary& server, const Statistics& client_ttft_ms,
                                    const Statistics& client_itl_ms) {
  NetworkAndClient difference;
  if (server.ttft && client_ttft_ms.count > 0) {
    if (server.ttft->p50_ms) difference.ttft_p50_ms = client_ttft_ms.p50 - *server.ttft->p50_ms;
    if (server.ttft->mean_ms) difference.ttft_mean_ms = client_ttft_ms.mean - *server.ttft->mean_ms;
  }
  if (server.itl && server.itl->mean_ms && client_itl_ms.count > 0) {
    difference.itl_mean_ms = client_itl_ms.mean - *server.itl->mean_ms;
  }
  return difference;
}

}  // namespace genai::metrics
