#include "report/server_metrics_series.h"

#include <boost/json.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>

namespace genai::report {
namespace {

namespace json = boost::json;

using metrics::MergedHistogram;
using metrics::SeriesCombine;

// One line of server_metrics.jsonl that carries a page.
struct PageLine {
  std::string url;
  uint32_t run_index = 0;
  double t_s = 0;
  std::string text;
};

std::optional<PageLine> page_line(std::string_view line) {
  json::error_code error;
  const json::value value = json::parse(line, error);
  if (error || !value.is_object()) return std::nullopt;
  const json::object& object = value.as_object();
  const json::value* ok = object.if_contains("ok");
  const json::value* url = object.if_contains("url");
  const json::value* run = object.if_contains("run");
  const json::value* t_ns = object.if_contains("t_ns");
  const json::value* text = object.if_contains("text");
  if (ok == nullptr || !ok->is_bool() || !ok->as_bool() || url == nullptr || !url->is_string() || run == nullptr ||
      !run->is_number() || t_ns == nullptr || !t_ns->is_number() || text == nullptr || !text->is_string()) {
    return std::nullopt;
  }
  return PageLine{std::string(url->as_string()), static_cast<uint32_t>(run->to_number<double>()),
                  t_ns->to_number<double>() / 1e9, std::string(text->as_string())};
}

void add_quantile_ms(std::vector<TimedValue>& points, double t_s, double quantile,
                     const std::vector<metrics::HistogramBucket>& buckets) {
  const double seconds = metrics::histogram_quantile(quantile, buckets);
  if (std::isfinite(seconds)) points.push_back({t_s, seconds * 1000});
}

}  // namespace

void ServerMetricsSeriesReader::add_line(std::string_view line) {
  std::optional<PageLine> page = page_line(line);
  if (!page) return;
  auto families = metrics::parse_prometheus_text(page->text);
  if (!families) return;
  const auto key = std::make_pair(page->url, page->run_index);
  auto [at, added] = index_.try_emplace(key, series_.size());
  if (added) {
    series_.push_back({page->url, page->run_index, {}, {}, {}, {}, {}, {}});
    last_pages_.emplace_back();
    if (std::find(urls_.begin(), urls_.end(), page->url) == urls_.end()) urls_.push_back(page->url);
  }
  add_page(series_[at->second], last_pages_[at->second], page->t_s, *families);
}

void ServerMetricsSeriesReader::add_page(ServerMetricsSeries& series, std::optional<LastPage>& last, double t_s,
                                         const std::vector<metrics::PrometheusFamily>& families) {
  const metrics::ServerMetricNames& names = metrics::server_metric_names();
  auto gauge = [&](std::vector<TimedValue>& points, metrics::ServerFamilyNames family, SeriesCombine combine) {
    if (auto value = metrics::server_family_value(families, family, combine)) points.push_back({t_s, *value});
  };
  gauge(series.requests_running, names.requests_running, SeriesCombine::sum);
  gauge(series.requests_waiting, names.requests_waiting, SeriesCombine::sum);
  gauge(series.kv_cache_usage, names.kv_cache_usage, SeriesCombine::mean);

  LastPage page{t_s, metrics::server_family_value(families, names.generation_tokens, SeriesCombine::sum),
                metrics::server_histogram(families, names.ttft)};
  if (!page.generation_tokens) {
    gauge(series.generation_tokens_per_s, names.generation_throughput_gauge, SeriesCombine::sum);
  } else if (last && t_s > last->t_s) {
    // A counter that appeared since the last page started at 0, as in the run's summary.
    const double tokens = metrics::counter_increase(last->generation_tokens.value_or(0), *page.generation_tokens);
    series.generation_tokens_per_s.push_back({t_s, tokens / (t_s - last->t_s)});
  }
  if (last && page.ttft) {
    const metrics::HistogramIncrease increase =
        metrics::histogram_increase(last->ttft.value_or(MergedHistogram{}), *page.ttft);
    if (increase.count > 0) {  // an interval without observations has no quantiles
      add_quantile_ms(series.ttft_p50_ms, t_s, 0.50, increase.buckets);
      add_quantile_ms(series.ttft_p99_ms, t_s, 0.99, increase.buckets);
    }
  }
  last = std::move(page);
}

std::vector<ServerMetricsSeries> ServerMetricsSeriesReader::finish() && {
  std::vector<ServerMetricsSeries> ordered = std::move(series_);
  auto url_position = [&](const std::string& url) { return std::find(urls_.begin(), urls_.end(), url) - urls_.begin(); };
  std::stable_sort(ordered.begin(), ordered.end(), [&](const ServerMetricsSeries& a, const ServerMetricsSeries& b) {
    return std::pair(url_position(a.url), a.run_index) < std::pair(url_position(b.url), b.run_index);
  });
  return ordered;
}

std::vector<ServerMetricsSeries> read_server_metrics_series(const std::string& folder) {
  std::ifstream file(folder + "/server_metrics.jsonl");
  ServerMetricsSeriesReader reader;
  for (std::string line; std::getline(file, line);) reader.add_line(line);
  return std::move(reader).finish();
}

bool has_server_metrics_pages(const std::string& folder) {
  std::ifstream file(folder + "/server_metrics.jsonl");
  for (std::string line; std::getline(file, line);) {
    json::error_code error;
    const json::value value = json::parse(line, error);
    if (error || !value.is_object()) continue;
    const json::value* ok = value.as_object().if_contains("ok");
    if (ok != nullptr && ok->is_bool() && ok->as_bool() && value.as_object().contains("text")) return true;
  }
  return false;
}

}  // namespace genai::report
