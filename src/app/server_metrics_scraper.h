// --server-metrics: each URL's Prometheus page fetched just before each run, every interval during
// it and just after it, on a thread per URL, so that the counters' and histograms' differences cover
// the run. Every scrape is appended to server_metrics.jsonl as it comes (the page as served, or why
// there is none); a failed scrape is a line there and a note on the console, never a failed run.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "common/result.h"
#include "metrics/server_metrics_summary.h"
#include "net/clock.h"

namespace genai::app {

struct ServerMetricsScraperOptions {
  std::vector<std::string> urls;  // may carry credentials (user:password@): sent as Basic auth, never shown
  std::chrono::nanoseconds interval = std::chrono::seconds(1);
  std::string jsonl_path;         // appended to
  net::Clock::time_point experiment_start;  // scrape times are written relative to it
  bool verify_tls = true;
  std::chrono::milliseconds timeout{5000};  // one scrape, connection included
  std::function<void(const std::string&)> say;  // a one-line note (the first failure of each URL)
};

class ServerMetricsScraper {
 public:
  // Checks the URLs and opens the file; a malformed URL is an error here, an unreachable one is not.
  static Result<std::unique_ptr<ServerMetricsScraper>> open(ServerMetricsScraperOptions options);
  ~ServerMetricsScraper();
  ServerMetricsScraper(const ServerMetricsScraper&) = delete;
  ServerMetricsScraper& operator=(const ServerMetricsScraper&) = delete;

  // Scrapes every URL once (together, and waits for them), then keeps scraping every interval.
  void start_run(uint32_t run_index);
  // Stops, scrapes every URL once more, and returns the run's summary per URL, in the URLs' order.
  std::vector<metrics::ServerMetricsSummary> finish_run();

 private:
  struct Target {
    std::string shown_url;    // credentials masked
    std::string request_url;  // credentials removed
    std::string authorization;  // "Basic ..." from the URL's credentials, or empty
    std::string password;     // masked in error lines too
    bool failure_said = false;
  };
  explicit ServerMetricsScraper(ServerMetricsScraperOptions options, std::FILE* file, std::vector<Target> targets);
  void scrape_during_run(Target& target, std::vector<metrics::ServerScrape>& scrapes);
  metrics::ServerScrape scrape(Target& target, metrics::ScrapePhase phase);
  void append_line(const std::string& line);

  ServerMetricsScraperOptions options_;
  std::vector<Target> targets_;
  std::FILE* file_ = nullptr;
  std::mutex file_mutex_;
  uint32_t run_index_ = 0;
  std::mutex stop_mutex_;
  std::condition_variable stop_changed_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;                            // one per URL while a run goes
  std::vector<std::vector<metrics::ServerScrape>> run_scrapes_;  // per URL, each written by its thread only
};

// "http://user:***@host:9400/metrics": a URL as it may be printed or written.
std::string masked_metrics_url(std::string_view url);
// `text` (a command line) with each of `urls` masked as above.
std::string mask_metrics_urls(std::string text, const std::vector<std::string>& urls);

}  // namespace genai::app
