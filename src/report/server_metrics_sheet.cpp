#include "report/server_metrics_sheet.h"

#include <tuple>

#include "report/server_metrics_series.h"

namespace genai::report {
namespace {

// A sheet holds 1,048,576 rows: the header and 1,048,575 points (about 48 hours of six series at one
// scrape a second); later points are left out.
constexpr size_t kMaxRows = 1'048'576;

void write_summary_rows(Sheet& sheet, const LoadedExperiment& experiment, const std::string& unit, lxw_format* decimals) {
  const std::string time = " (" + unit + ")";
  sheet.header({"URL", "Run", "Scenario", "Load", "Requests running mean", "Requests running max",
                "Requests waiting mean", "Requests waiting max", "KV-cache usage mean", "KV-cache usage max",
                "Prefix-cache hit rate", "Generation tokens/s", "Server TTFT p50" + time, "Server TTFT p90" + time,
                "Server TTFT p99" + time, "Server TTFT mean" + time, "Server ITL p50" + time, "Server ITL p99" + time,
                "Server ITL mean" + time, "Server E2E p50" + time, "Server E2E p99" + time, "Server E2E mean" + time,
                "Network and client TTFT p50" + time, "Network and client TTFT mean" + time,
                "Network and client ITL mean" + time});
  const double scale = scale_from_ms(unit);
  auto in_unit = [scale](std::optional<double> ms) { return ms ? std::optional(*ms * scale) : std::nullopt; };
  size_t row = 1;
  for (const metrics::RunSummary& s : experiment.summaries) {
    for (const metrics::ServerMetricsSummary& server : s.server_metrics) {
      size_t column = 0;
      sheet.text(row, column++, server.url);
      sheet.number(row, column++, s.run.run_index);
      sheet.text(row, column++, s.run.scenario);
      sheet.text(row, column++, s.run.load_label());
      for (const auto& gauge : {server.requests_running, server.requests_waiting, server.kv_cache_usage}) {
        sheet.maybe(row, column++, gauge ? std::optional(gauge->mean) : std::nullopt, decimals);
        sheet.maybe(row, column++, gauge ? std::optional(gauge->max) : std::nullopt, decimals);
      }
      sheet.maybe(row, column++, server.prefix_cache_hit_rate, decimals);
      sheet.maybe(row, column++, server.generation_tokens_per_s, decimals);
      const metrics::ServerLatency none;
      const metrics::ServerLatency& ttft = server.ttft.value_or(none);
      for (const auto& ms : {ttft.p50_ms, ttft.p90_ms, ttft.p99_ms, ttft.mean_ms}) {
        sheet.maybe(row, column++, in_unit(ms), decimals);
      }
      for (const auto& latency : {server.itl, server.e2e}) {
        const metrics::ServerLatency& one = latency.value_or(none);
        for (const auto& ms : {one.p50_ms, one.p99_ms, one.mean_ms}) sheet.maybe(row, column++, in_unit(ms), decimals);
      }
      const metrics::NetworkAndClient difference = metrics::network_and_client(server, s.ttft_ms, s.itl_ms);
      for (const auto& ms : {difference.ttft_p50_ms, difference.ttft_mean_ms, difference.itl_mean_ms}) {
        sheet.maybe(row, column++, in_unit(ms), decimals);
      }
      ++row;
    }
  }
  sheet.finish();
}

void write_over_time_rows(Sheet& sheet, const std::vector<ServerMetricsSeries>& series, const std::string& unit,
                          lxw_format* decimals) {
  sheet.header({"t_s", "URL", "Run", "Series", "Value"});
  const double scale = scale_from_ms(unit);
  size_t row = 1;
  for (const ServerMetricsSeries& one : series) {
    const std::tuple<std::string, const std::vector<TimedValue>*, double> named[] = {
        {"requests_running", &one.requests_running, 1.0},
        {"requests_waiting", &one.requests_waiting, 1.0},
        {"kv_cache_usage", &one.kv_cache_usage, 1.0},
        {"generation_tokens_per_s", &one.generation_tokens_per_s, 1.0},
        {"ttft_p50_" + unit, &one.ttft_p50_ms, scale},
        {"ttft_p99_" + unit, &one.ttft_p99_ms, scale}};
    for (const auto& [name, points, factor] : named) {
      for (const TimedValue& point : *points) {
        if (row == kMaxRows) break;
        sheet.number(row, 0, point.t_s, decimals);
        sheet.text(row, 1, one.url);
        sheet.number(row, 2, one.run_index);
        sheet.text(row, 3, name);
        sheet.number(row, 4, point.value * factor, decimals);
        ++row;
      }
    }
  }
  sheet.finish();
}

}  // namespace

void write_server_metrics_sheets(const Workbook& book, const LoadedExperiment& experiment, const std::string& time_unit) {
  bool any_summary = false;
  for (const metrics::RunSummary& s : experiment.summaries) any_summary = any_summary || !s.server_metrics.empty();
  if (any_summary) {
    Sheet summary(book.workbook, "Server Metrics", book.header);
    write_summary_rows(summary, experiment, time_unit, book.decimals);
  }
  const std::vector<ServerMetricsSeries> series = read_server_metrics_series(experiment.folder);
  if (!series.empty()) {
    Sheet over_time(book.workbook, "Server Metrics Over Time", book.header);
    write_over_time_rows(over_time, series, time_unit, book.decimals);
  }
}

}  // namespace genai::report
