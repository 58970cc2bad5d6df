// What a server said about itself during one run (--server-metrics): its Prometheus pages scraped
// just before, during and just after the run, summarised beside the client's own measurements.
// vLLM's and SGLang's family names are read (and llama.cpp's and TGI's where they have one); a family
// the server does not export is absent from the summary, never zero. Pure functions.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/prometheus_text.h"
#include "metrics/statistics.h"

namespace genai::metrics {

enum class ScrapePhase { before, during, after };
std::string_view to_string(ScrapePhase phase);

// One GET of a metrics page.
struct ServerScrape {
  ScrapePhase phase = ScrapePhase::during;
  int64_t t_ns = 0;  // when the reply came, on the steady clock, since the experiment's start
  // The page's families (only those server_metrics_family_read() names are needed); nothing when
  // the GET or the parse failed, and `error` says why.
  std::optional<std::vector<PrometheusFamily>> families;
  std::string error;
};

// Whether the summary reads the family of this name: a scraper may keep only these.
bool server_metrics_family_read(std::string_view family_name);

// The names of what report/server_metrics_series draws over time, each list in the order looked
// for: a page is read by the first of them it has (vLLM's first, then SGLang's, llama.cpp's, TGI's).
using ServerFamilyNames = std::initializer_list<std::string_view>;
struct ServerMetricNames {
  ServerFamilyNames requests_running, requests_waiting, kv_cache_usage, generation_tokens, ttft;
  ServerFamilyNames generation_throughput_gauge;  // tokens/s, read without a generation-token counter
};
const ServerMetricNames& server_metric_names();

// One page's value of a gauge or counter, as the summary reads it: its series added (counts), or
// averaged (fractions: KV-cache usage); absent when the page has none of `names`, or no series.
enum class SeriesCombine { sum, mean };
std::optional<double> server_family_value(const std::vector<PrometheusFamily>& families, ServerFamilyNames names,
                                          SeriesCombine combine);

// One page's histogram, its series added: cumulative count per bound, sum and count.
struct MergedHistogram {
  std::map<double, double> cumulative_by_bound;
  double sum = 0, count = 0;
};
std::optional<MergedHistogram> server_histogram(const std::vector<PrometheusFamily>& families, ServerFamilyNames names);

// What a counter rose by between two readings; one that went down was reset (the server
// restarted) and counts from 0. The run's summary and the over-time series both count so.
double counter_increase(double before, double after);

// The observations a histogram gained between two pages: each cumulative bucket's, the sum's and
// the count's difference. One whose count went down was reset, and counts from 0.
struct HistogramIncrease {
  std::vector<HistogramBucket> buckets;
  double sum = 0, count = 0;
};
HistogramIncrease histogram_increase(const MergedHistogram& before, const MergedHistogram& after);

struct GaugeOverRun {
  double mean = 0;  // over the scrapes during the run
  double max = 0;
};

// A latency histogram's observations made during the run: the difference of the cumulative
// buckets, sum and count between the scrapes before and after it.
struct ServerLatency {
  double observations = 0;
  std::optional<double> p50_ms, p90_ms, p99_ms;  // histogram_quantile() of the differences; none without observations
  std::optional<double> mean_ms;                 // sum / count of the differences
};

struct ServerMetricsSummary {
  std::string url;  // credentials masked
  uint64_t scrapes_ok = 0, scrapes_failed = 0;
  std::string first_error;  // of the failed scrapes
  std::optional<GaugeOverRun> requests_running, requests_waiting, kv_cache_usage;
  std::optional<double> prefix_cache_hit_rate;  // 0..1
  // Counter differences over the run, and generation tokens per second of the time between the
  // scrapes they are the difference of.
  std::optional<double> prompt_tokens, generation_tokens, requests_finished;
  std::optional<double> generation_tokens_per_s;
  std::optional<ServerLatency> ttft, itl, e2e;
};

// `scrapes` of one URL in one run, in the order taken.
ServerMetricsSummary summarize_server_metrics(std::string url, const std::vector<ServerScrape>& scrapes);

// Client minus server, in ms: what the network and the client add. Each is absent unless both
// sides have it.
struct NetworkAndClient {
  std::optional<double> ttft_p50_ms, ttft_mean_ms, itl_mean_ms;
};
NetworkAndClient network_and_client(const ServerMetricsSummary& server, const Statistics& client_ttft_ms,
                                    const Statistics& client_itl_ms);

}  // namespace genai::metrics
