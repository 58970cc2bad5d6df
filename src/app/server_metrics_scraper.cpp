#include "app/server_metrics_scraper.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <latch>

#include "common/base64.h"
#include "common/json_escape.h"
#include "common/secrets.h"
#include "metrics/prometheus_text.h"
#include "net/one_shot_http.h"
#include "net/url.h"

namespace genai::app {

std::string masked_metrics_url(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const size_t authority_start = scheme_end + 3;
  const size_t authority_end = std::min(url.find_first_of("/?#", authority_start), url.size());
  const size_t at = url.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < authority_start) return std::string(url);
  const std::string_view userinfo = url.substr(authority_start, at - authority_start);
  const size_t colon = userinfo.find(':');
  // A user with a password keeps its name; a lone user part may itself be a token.
  const std::string shown = colon == std::string_view::npos ? "***" : std::string(userinfo.substr(0, colon)) + ":***";
  return std::string(url.substr(0, authority_start)) + shown + std::string(url.substr(at));
}

std::string mask_metrics_urls(std::string text, const std::vector<std::string>& urls) {
  for (const std::string& url : urls) {
    const std::string masked = masked_metrics_url(url);
    if (masked == url) continue;
    for (size_t at = text.find(url); at != std::string::npos; at = text.find(url, at + masked.size())) {
      text.replace(at, url.size(), masked);
    }
  }
  return text;
}

Result<std::unique_ptr<ServerMetricsScraper>> ServerMetricsScraper::open(ServerMetricsScraperOptions options) {
  std::vector<Target> targets;
  for (const std::string& url : options.urls) {
    Target target;
    target.shown_url = masked_metrics_url(url);
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return make_error("--server-metrics: invalid URL '" + target.shown_url + "' (expected http://host:port/metrics)");
    boost::urls::url without_credentials(*parsed);
    if (parsed->has_userinfo()) {
      target.password = parsed->password();
      target.authorization = "Basic " + base64_encode(parsed->user() + ":" + target.password);
      without_credentials.remove_userinfo();
    }
    target.request_url = std::string(without_credentials.buffer());
    if (auto checked = net::parse_url(target.request_url); !checked) {
      return make_error("--server-metrics: " + mask_secret(checked.error(), target.password));
    }
    targets.push_back(std::move(target));
  }
  std::FILE* file = std::fopen(options.jsonl_path.c_str(), "a");
  if (file == nullptr) return make_error("cannot open " + options.jsonl_path + " for writing");
  return std::unique_ptr<ServerMetricsScraper>(new ServerMetricsScraper(std::move(options), file, std::move(targets)));
}

ServerMetricsScraper::ServerMetricsScraper(ServerMetricsScraperOptions options, std::FILE* file, std::vector<Target> targets)
    : options_(std::move(options)), targets_(std::move(targets)), file_(file) {}

ServerMetricsScraper::~ServerMetricsScraper() {
  if (!threads_.empty()) finish_run();
  std::fclose(file_);
}

void ServerMetricsScraper::start_run(uint32_t run_index) {
  run_index_ = run_index;
  stopping_ = false;
  run_scrapes_.assign(targets_.size(), {});
  // The scrapes before the run are taken together and waited for: the run starts after all of them.
  std::latch scraped_before(static_cast<std::ptrdiff_t>(targets_.size()));
  for (size_t i = 0; i < targets_.size(); ++i) {
    threads_.emplace_back([this, i, &scraped_before] {
      run_scrapes_[i].push_back(scrape(targets_[i], metrics::ScrapePhase::before));
      scraped_before.count_down();  // the last use of the latch: start_run returns after it
      scrape_during_run(targets_[i], run_scrapes_[i]);
      run_scrapes_[i].push_back(scrape(targets_[i], metrics::ScrapePhase::after));
    });
  }
  scraped_before.wait();
}

// Every interval on an absolute schedule until the run ends; ticks missed by a slow scrape are skipped.
void ServerMetricsScraper::scrape_during_run(Target& target, std::vector<metrics::ServerScrape>& scrapes) {
  net::Clock::time_point next = net::Clock::now() + options_.interval;
  std::unique_lock lock(stop_mutex_);
  while (!stop_changed_.wait_until(lock, next, [this] { return stopping_; })) {
    lock.unlock();
    scrapes.push_back(scrape(target, metrics::ScrapePhase::during));
    lock.lock();
    const net::Clock::time_point now = net::Clock::now();
    while (next <= now) next += options_.interval;
  }
}

std::vector<metrics::ServerMetricsSummary> ServerMetricsScraper::finish_run() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_changed_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  std::vector<metrics::ServerMetricsSummary> summaries;
  for (size_t i = 0; i < targets_.size(); ++i) {
    summaries.push_back(metrics::summarize_server_metrics(targets_[i].shown_url, run_scrapes_[i]));
  }
  run_scrapes_.clear();
  return summaries;
}

metrics::ServerScrape ServerMetricsScraper::scrape(Target& target, metrics::ScrapePhase phase) {
  net::OneShotRequest request;
  request.method = "GET";
  request.url = target.request_url;
  request.headers = {{"Accept", "text/plain;version=0.0.4"}};
  if (!target.authorization.empty()) request.headers.emplace_back("Authorization", target.authorization);
  request.timeout = options_.timeout;
  request.verify_tls = options_.verify_tls;
  Result<net::OneShotReply> reply = net::request_once(request);

  metrics::ServerScrape scrape;
  scrape.phase = phase;
  scrape.t_ns = net::nanoseconds_between(options_.experiment_start, net::Clock::now());
  std::string line = "{\"run\": " + std::to_string(run_index_) + ", \"url\": ";
  append_json_string(line, target.shown_url);
  line += ", \"phase\": \"" + std::string(metrics::to_string(phase)) + "\", \"t_ns\": " + std::to_string(scrape.t_ns);
  if (!reply) {
    scrape.error = mask_secret(reply.error(), target.password);
  } else if (reply->status != 200) {
    scrape.error = target.shown_url + ": HTTP " + std::to_string(reply->status);
  } else if (auto families = metrics::parse_prometheus_text(reply->body); !families) {
    scrape.error = target.shown_url + ": not Prometheus text: " + families.error();
  } else {
    // Only what the summary reads is kept for it: a page can be large and there is one a second.
    std::erase_if(*families, [](const metrics::PrometheusFamily& family) {
      return !metrics::server_metrics_family_read(family.name);
    });
    scrape.families = std::move(*families);
  }
  if (scrape.families) {
    line += ", \"ok\": true, \"text\": ";
    append_json_string(line, reply->body);
  } else {
    line += ", \"ok\": false, \"error\": ";
    append_json_string(line, scrape.error);
    if (reply && reply->status == 200) {  // the page that did not parse, to see why
      line += ", \"text\": ";
      append_json_string(line, reply->body);
    }
  }
  append_line(line + "}\n");
  if (!scrape.families && !target.failure_said && options_.say) {
    target.failure_said = true;
    options_.say("server metrics: cannot scrape " + scrape.error +
                 " (the runs go on; each failed scrape is a line in server_metrics.jsonl)");
  }
  return scrape;
}

void ServerMetricsScraper::append_line(const std::string& line) {
  std::lock_guard lock(file_mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace genai::app
