// --server-metrics over time (server_metrics.jsonl), for the HTML report's plots and the workbook:
// per URL and run, what each page said (requests running and waiting, KV-cache usage) and what
// changed between consecutive pages (generation tokens per second, the server's TTFT p50 and p99
// of the first tokens in between). Streamed: a page is parsed, its few numbers kept, and dropped.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/server_metrics_summary.h"

namespace genai::report {

struct TimedValue {
  double t_s = 0;  // since the experiment's start (the records' clock)
  double value = 0;
};

// One URL in one run; a quantity the server does not export has no points.
struct ServerMetricsSeries {
  std::string url;  // password masked, as the file has it
  uint32_t run_index = 0;
  // At each page: the family's series added (KV usage averaged: a fraction 0..1), as in summary.json.
  std::vector<TimedValue> requests_running, requests_waiting, kv_cache_usage;
  // Between two consecutive pages of the run, at the later one's time: Δ generation tokens / Δt
  // (without the counter, SGLang's gen_throughput gauge at each page), and histogram_quantile() of
  // the TTFT histogram's Δ buckets (intervals without a first token have no point).
  std::vector<TimedValue> generation_tokens_per_s, ttft_p50_ms, ttft_p99_ms;
};

// Takes the file's lines in order; failed scrapes and lines that do not parse (a torn last line)
// are passed over, and a failed scrape's neighbours become consecutive.
class ServerMetricsSeriesReader {
 public:
  void add_line(std::string_view line);
  // By URL (in the order first seen), each URL's runs in run order.
  std::vector<ServerMetricsSeries> finish() &&;

 private:
  // What the next page's differences are taken against.
  struct LastPage {
    double t_s = 0;
    std::optional<double> generation_tokens;
    std::optional<metrics::MergedHistogram> ttft;
  };
  void add_page(ServerMetricsSeries& series, std::optional<LastPage>& last, double t_s,
                const std::vector<metrics::PrometheusFamily>& families);

  std::vector<ServerMetricsSeries> series_;
  std::vector<std::optional<LastPage>> last_pages_;  // beside series_
  std::map<std::pair<std::string, uint32_t>, size_t> index_;  // (url, run) -> position in series_
  std::vector<std::string> urls_;                             // in the order first seen
};

// FOLDER/server_metrics.jsonl, line by line; none when the folder has no such file.
std::vector<ServerMetricsSeries> read_server_metrics_series(const std::string& folder);

// Whether FOLDER/server_metrics.jsonl has a page that parsed (read up to the first one).
bool has_server_metrics_pages(const std::string& folder);

}  // namespace genai::report
