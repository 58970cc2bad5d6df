#include "report/server_metrics_plots.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "report/file_output.h"
#include "report/gnuplot_script.h"

namespace genai::report {
namespace {

constexpr const char* kName = "server_metrics";
constexpr const char* kSeconds = "seconds since the experiment's start";

// Columns of server_metrics.dat after the time (gnuplot counts from 1, the time being column 1).
enum Column { kRunning = 2, kWaiting, kKvCachePercent, kGenerationTokensPerS, kTtftP50, kTtftP99, kColumnsEnd };
using Row = std::array<double, kColumnsEnd - 2>;

// One URL's runs, each a row per page time: NaN (a gap gnuplot leaves) where a quantity has no point.
std::string url_block(const std::vector<const ServerMetricsSeries*>& runs, double to_unit, std::vector<bool>& drawn) {
  std::string block;
  for (const ServerMetricsSeries* run : runs) {
    std::map<double, Row> rows;
    auto put = [&](const std::vector<TimedValue>& points, Column column, double scale) {
      for (const TimedValue& point : points) {
        auto [row, added] = rows.try_emplace(point.t_s);
        if (added) row->second.fill(std::nan(""));
        row->second[column - 2] = point.value * scale;
        drawn[column] = true;
      }
    };
    put(run->requests_running, kRunning, 1);
    put(run->requests_waiting, kWaiting, 1);
    put(run->kv_cache_usage, kKvCachePercent, 100);
    put(run->generation_tokens_per_s, kGenerationTokensPerS, 1);
    put(run->ttft_p50_ms, kTtftP50, to_unit);
    put(run->ttft_p99_ms, kTtftP99, to_unit);
    if (rows.empty()) continue;
    if (!block.empty()) block += "\n";  // one blank line: runs are not joined (two would start a new index)
    for (const auto& [t_s, values] : rows) {
      block += gnuplot_number(t_s);
      for (double value : values) block += " " + gnuplot_number(value);
      block += "\n";
    }
  }
  // A page without any of these quantities still holds the URL's index, which the lines after count on.
  return block.empty() ? "NaN NaN NaN NaN NaN NaN NaN\n" : block;
}

// The client's TTFT p50 of each run, a level line over the run's scrapes.
std::string client_block(const std::vector<ServerMetricsSeries>& series, const std::vector<metrics::RunSummary>& summaries,
                         double to_unit) {
  std::string block;
  for (const metrics::RunSummary& summary : summaries) {
    if (summary.ttft_ms.count == 0) continue;
    double first = INFINITY, last = -INFINITY;
    for (const ServerMetricsSeries& one : series) {
      if (one.run_index != summary.run.run_index) continue;
      for (const auto* points : {&one.requests_running, &one.requests_waiting, &one.kv_cache_usage,
                                 &one.generation_tokens_per_s, &one.ttft_p50_ms}) {
        for (const TimedValue& point : *points) {
          first = std::min(first, point.t_s);
          last = std::max(last, point.t_s);
        }
      }
    }
    if (first > last) continue;
    const std::string level = gnuplot_number(summary.ttft_ms.p50 * to_unit);
    if (!block.empty()) block += "\n";
    block += gnuplot_number(first) + " " + level + "\n" + gnuplot_number(last) + " " + level + "\n";
  }
  return block;
}

}  // namespace

Status write_server_metrics_plot(const std::vector<ServerMetricsSeries>& series,
                                 const std::vector<metrics::RunSummary>& summaries, const std::string& plots_dir,
                                 const std::string& time_unit, std::vector<std::string>& scripts) {
  if (series.empty()) return Ok{};  // no page: no figure (its panels say when a page lacks a quantity)
  const double to_unit = scale_from_ms(time_unit);
  std::vector<std::string> urls;  // series come by URL, each URL's runs together
  std::vector<std::vector<const ServerMetricsSeries*>> runs_by_url;
  for (const ServerMetricsSeries& one : series) {
    if (urls.empty() || urls.back() != one.url) {
      urls.push_back(one.url);
      runs_by_url.emplace_back();
    }
    runs_by_url.back().push_back(&one);
  }
  // drawn[url][column]: whether that URL's line has a point, so no plot command is left without one.
  std::vector<std::vector<bool>> drawn(urls.size(), std::vector<bool>(kColumnsEnd, false));
  std::string data = "# t_s requests_running requests_waiting kv_cache_usage_pct generation_tokens_per_s ttft_p50_" +
                     time_unit + " ttft_p99_" + time_unit + "; one block per URL, then the client's TTFT p50 per run\n";
  for (size_t url = 0; url < urls.size(); ++url) {
    data += "# " + urls[url] + "\n" + url_block(runs_by_url[url], to_unit, drawn[url]) + "\n\n";
  }
  const std::string client = client_block(series, summaries, to_unit);
  data += "# client TTFT p50 per run\n" + (client.empty() ? "NaN NaN\n" : client);
  if (auto status = write_file_atomically(plots_dir + "/" + kName + ".dat", data); !status) return status;

  const std::string file = std::string("\"") + kName + ".dat\" index ";
  // A panel of the lines (URL, column, legend) that have points; a note when none has.
  // Points small where every page has one, larger where intervals without a value leave gaps (TTFT).
  auto panel = [&](const std::string& title, const std::string& y_label, std::vector<std::pair<Column, std::string>> lines,
                   const std::string& missing, const std::string& extra = "", const std::string& point_size = "0.5") {
    std::string plot;
    for (size_t url = 0; url < urls.size(); ++url) {
      for (const auto& [column, legend] : lines) {
        if (!drawn[url][column]) continue;
        plot += (plot.empty() ? "" : ", ") + file + std::to_string(url) + " using 1:" + std::to_string(column) +
                " with linespoints pointsize " + point_size + " title \"" + gnuplot_quoted(urls[url] + legend) + "\"";
      }
    }
    if (plot.empty()) return gnuplot_note_panel(title, "nothing to draw:\\nno scraped server exports " + missing);
    return gnuplot_panel(title, kSeconds, y_label, "plot " + plot + extra);
  };
  const std::string client_line = client.empty() ? "" : ", " + file + std::to_string(urls.size()) +
                                                          " using 1:2 with lines dashtype 2 linewidth 2"
                                                          " title \"client TTFT p50 (per run)\"";
  const std::string panels =
      panel("Requests running and waiting", "requests", {{kRunning, " running"}, {kWaiting, " waiting"}},
            "requests running or waiting") +
      panel("KV-cache usage", "KV cache used (%)", {{kKvCachePercent, ""}}, "KV-cache usage") +
      panel("Generation tokens per second", "tokens/s", {{kGenerationTokensPerS, ""}}, "generated tokens") +
      panel("Server TTFT per scrape interval", "TTFT (" + time_unit + ")", {{kTtftP50, " p50"}, {kTtftP99, " p99"}},
            "a TTFT histogram with observations", client_line, "1");
  scripts.push_back(std::string(kName) + ".gp");
  return write_file_atomically(plots_dir + "/" + kName + ".gp",
                               gnuplot_figure(kName, "genai-bench: server metrics over time", panels, 2, 2, 1600, 900));
}

Status write_server_metrics_plot(const LoadedExperiment& experiment, const std::string& plots_dir,
                                 const std::string& time_unit, std::vector<std::string>& scripts) {
  return write_server_metrics_plot(read_server_metrics_series(experiment.folder), experiment.summaries, plots_dir,
                                   time_unit, scripts);
}

}  // namespace genai::report
