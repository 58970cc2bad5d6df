#include "report/plots.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include "metrics/request_metrics.h"
#include "report/comparison.h"
#include "report/file_output.h"
#include "report/gnuplot_script.h"
#include "report/server_metrics_plots.h"

namespace genai::report {
namespace {

// NaN (which gnuplot leaves out) where the metric did not apply; `scale` turns milliseconds into
// the unit shown.
double pick(const metrics::Statistics& stats, const std::string& percentile, double scale = 1) {
  if (stats.count == 0) return std::nan("");
  return statistic_value(stats, percentile).value_or(std::nan("")) * scale;
}

// One line of a runs grid: its legend and its runs in load order.
struct GridLine {
  std::string title;
  std::vector<const metrics::RunSummary*> runs;
};

constexpr const char* kNothingToDraw = "nothing to draw:\\nno run has these values";

// The 2 x 4 grid across runs: NAME.dat holds one data block per line (separated by two blank
// lines), NAME.gp draws it.
Status write_runs_grid(const std::string& dir, const std::string& name, const std::string& title,
                       const std::vector<GridLine>& lines, const std::string& p, const std::string& unit) {
  const double to_unit = scale_from_ms(unit);
  // Columns (from 1, as gnuplot counts): load, TTFT, TPOT, E2E at p, output tokens/s, output
  // speed at p, requests/s, error rate %, TTFT p50 p90 p99, TPOT p50 p90 p99.
  using Row = std::array<double, 14>;
  std::vector<std::vector<Row>> table;
  for (const GridLine& line : lines) {
    auto& rows = table.emplace_back();
    for (const metrics::RunSummary* s : line.runs) {
      const double error_rate = s->requests_total > 0 ? 100.0 * static_cast<double>(s->requests_failed) / static_cast<double>(s->requests_total) : 0;
      rows.push_back({s->run.load_value(), pick(s->ttft_ms, p, to_unit), pick(s->tpot_ms, p, to_unit), pick(s->e2e_ms, p, to_unit),
                      s->output_tokens.count > 0 ? s->output_tokens_per_s : std::nan(""), pick(s->output_speed_tps, p),
                      s->requests_per_s, error_rate, pick(s->ttft_ms, "p50", to_unit), pick(s->ttft_ms, "p90", to_unit),
                      pick(s->ttft_ms, "p99", to_unit), pick(s->tpot_ms, "p50", to_unit), pick(s->tpot_ms, "p90", to_unit), pick(s->tpot_ms, "p99", to_unit)});
    }
  }
  std::string data = "# load ttft_" + p + "_" + unit + " tpot_" + p + "_" + unit + " e2e_" + p + "_" + unit + " output_tokens_per_s output_speed_" + p +
                     " requests_per_s error_rate_pct ttft_p50 ttft_p90 ttft_p99 tpot_p50 tpot_p90 tpot_p99\n";
  for (size_t block = 0; block < table.size(); ++block) {
    if (block > 0) data += "\n\n";
    for (const Row& row : table[block]) {
      for (double value : row) data += gnuplot_number(value) + " ";
      data += "\n";
    }
  }
  if (auto status = write_file_atomically(dir + "/" + name + ".dat", data); !status) return status;
  auto drawable = [&](int x, int y) {
    for (const auto& rows : table) {
      for (const Row& row : rows) {
        if (std::isfinite(row[x - 1]) && std::isfinite(row[y - 1])) return true;
      }
    }
    return false;
  };
  const std::string load = lines.empty() || lines.front().runs.empty() ? "concurrency" : lines.front().runs.front()->run.load_axis();
  const std::string file = "\"" + name + ".dat\" index ";
  auto series = [&](const std::string& panel_title, const std::string& x_label, const std::string& y_label, int x, int y) {
    if (!drawable(x, y)) return gnuplot_note_panel(panel_title, kNothingToDraw);
    std::string plot = "plot ";
    for (size_t i = 0; i < lines.size(); ++i) {
      plot += (i ? ", " : "") + file + std::to_string(i) + " using " + std::to_string(x) + ":" + std::to_string(y) +
              " with linespoints title \"" + gnuplot_quoted(lines[i].title) + "\"";
    }
    return gnuplot_panel(panel_title, x_label, y_label, plot);
  };
  auto percentiles = [&](const std::string& metric, int first_column) {
    const std::string panel_title = metric + " percentiles";
    if (!drawable(1, first_column)) return gnuplot_note_panel(panel_title, kNothingToDraw);
    std::string plot = "plot ";
    const char* labels[] = {"p50", "p90", "p99"};
    for (size_t i = 0; i < lines.size(); ++i) {
      for (int k = 0; k < 3; ++k) {
        plot += std::string(i || k ? ", " : "") + file + std::to_string(i) + " using 1:" + std::to_string(first_column + k) +
                " with linespoints title \"" + gnuplot_quoted(lines[i].title) + " " + metric + " " + labels[k] + "\"";
      }
    }
    return gnuplot_panel(panel_title, load, metric + " (" + unit + ")", plot);
  };
  const std::string panels =
      series("Output throughput vs TTFT " + p, "TTFT " + p + " (" + unit + ")", "output tokens/s", 2, 5) +
      series("Output throughput vs TPOT " + p, "TPOT " + p + " (" + unit + ")", "output tokens/s", 3, 5) +
      series("Output throughput vs E2E " + p, "E2E " + p + " (" + unit + ")", "output tokens/s", 4, 5) +
      series("Output speed per request (" + p + ")", load, "tokens/s per request", 1, 6) +
      series("Requests per second", load, "requests/s", 1, 7) +
      series("Error rate", load, "failed requests (%)", 1, 8) +
      percentiles("TTFT", 9) + percentiles("TPOT", 12);
  return write_file_atomically(dir + "/" + name + ".gp", gnuplot_figure(name, gnuplot_quoted(title), panels));
}

Status write_experiment_plot(const LoadedExperiment& experiment, const std::string& dir, const std::string& p,
                             const std::string& unit) {
  std::vector<GridLine> lines;  // one per scenario, in the order the runs first show it
  for (const auto& summary : experiment.summaries) {
    auto line = std::find_if(lines.begin(), lines.end(), [&](const GridLine& l) { return l.title == summary.run.scenario; });
    if (line == lines.end()) line = lines.insert(lines.end(), GridLine{summary.run.scenario, {}});
    line->runs.push_back(&summary);
  }
  for (GridLine& line : lines) {
    std::stable_sort(line.runs.begin(), line.runs.end(),
                     [](auto* a, auto* b) { return a->run.load_value() < b->run.load_value(); });
  }
  return write_runs_grid(dir, "experiment", "genai-bench: runs compared", lines, p, unit);
}

// Lines broken with gnuplot's own \\n, inside its double-quoted string.
constexpr const char* kNoRequestTimes = "no request start times in this folder:\\nPython genai-bench records none";

Status write_run_plot(const metrics::RunSummary& summary, const std::vector<metrics::RequestRecord>& records,
                      const std::string& dir, bool request_times, const std::string& unit) {
  const double to_unit = scale_from_ms(unit);
  const std::string time_unit = "(" + unit + ")";
  const std::string name = "run_" + std::to_string(summary.run.run_index);
  std::string requests = "# ttft_" + unit + " tpot_" + unit + " e2e_" + unit + " input_tokens output_tokens\n";
  std::vector<double> ttft, tpot, e2e;
  int64_t first_start = INT64_MAX, last_end = 0;
  for (const auto& record : records) {
    first_start = std::min(first_start, record.t_start_ns);
    last_end = std::max(last_end, record.t_end_ns);
  }
  // Time buckets: about 40 over the run, at least 10 ms; rates are per second.
  const int64_t bucket_ns = std::max<int64_t>(10'000'000, (last_end - first_start) / 40);
  std::map<int64_t, std::pair<double, double>> per_bucket;  // bucket -> (requests ended, output tokens)
  double max_tokens = 1;
  size_t ok_requests = 0;
  for (const auto& record : records) {
    if (record.t_end_ns != metrics::kNoTime) {
      auto& bucket = per_bucket[(record.t_end_ns - first_start) / bucket_ns];
      bucket.first += 1;
      if (record.ok()) bucket.second += static_cast<double>(record.output_tokens);
    }
    if (!record.ok()) continue;
    ++ok_requests;
    const metrics::RequestMetrics m = metrics::derive_request_metrics(record);
    requests += gnuplot_number(m.ttft_ms.value_or(std::nan("")) * to_unit) + " " + gnuplot_number(m.tpot_ms.value_or(std::nan("")) * to_unit) + " " +
                gnuplot_number(m.e2e_ms.value_or(std::nan("")) * to_unit) + " " + std::to_string(record.input_tokens) + " " +
                std::to_string(record.output_tokens) + "\n";
    if (m.ttft_ms) ttft.push_back(*m.ttft_ms * to_unit);
    if (m.tpot_ms) tpot.push_back(*m.tpot_ms * to_unit);
    if (m.e2e_ms) e2e.push_back(*m.e2e_ms * to_unit);
    max_tokens = std::max({max_tokens, static_cast<double>(record.input_tokens), static_cast<double>(record.output_tokens)});
  }
  std::string time = "# seconds requests_ended_per_s output_tokens_per_s\n";
  const double bucket_s = static_cast<double>(bucket_ns) / 1e9;
  for (const auto& [index, bucket] : per_bucket) {
    time += gnuplot_number(static_cast<double>(index) * bucket_s) + " " + gnuplot_number(bucket.first / bucket_s) + " " + gnuplot_number(bucket.second / bucket_s) + "\n";
  }
  std::string percentile_rows = "# metric p50 p90 p99\n";
  for (const auto& [label, stats] : {std::pair{"TTFT", &summary.ttft_ms}, std::pair{"TPOT", &summary.tpot_ms},
                                     std::pair{"ITL", &summary.itl_ms}, std::pair{"E2E", &summary.e2e_ms}}) {
    percentile_rows += std::string(label) + " " + gnuplot_number(pick(*stats, "p50", to_unit)) + " " + gnuplot_number(pick(*stats, "p90", to_unit)) + " " +
                       gnuplot_number(pick(*stats, "p99", to_unit)) + "\n";
  }
  for (const auto& [file, contents] : {std::pair{name + "_requests.dat", requests}, std::pair{name + "_time.dat", time},
                                       std::pair{name + "_percentiles.dat", percentile_rows}}) {
    if (auto status = write_file_atomically(dir + "/" + file, contents); !status) return status;
  }
  auto width = [to_unit](const std::vector<double>& values) {
    if (values.empty()) return std::string("1");
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return gnuplot_number(std::max(1e-3 * to_unit, (*high - *low) / 30));
  };
  auto histogram = [&](const std::string& metric, int column, const std::vector<double>& values, const std::string& x_label) {
    const std::string panel_title = metric + " histogram";
    if (values.empty()) return gnuplot_note_panel(panel_title, "nothing to draw:\\nno request has a " + metric + " value");
    return gnuplot_panel(panel_title, x_label, "requests",
                 "binwidth = " + width(values) + "\n  set boxwidth binwidth*0.9\n  plot \"" + name +
                     "_requests.dat\" using (binwidth*floor($" + std::to_string(column) +
                     "/binwidth)):(1) smooth frequency with boxes fill solid 0.5 title \"" + metric + "\"");
  };
  std::string cdfs;  // only the metrics some request has
  for (const auto& [column, values, label] : {std::tuple{1, &ttft, "TTFT"}, std::tuple{2, &tpot, "TPOT"}, std::tuple{3, &e2e, "E2E"}}) {
    if (values->empty()) continue;
    cdfs += (cdfs.empty() ? "" : ", ") + std::string("\"") + name + "_requests.dat\" using " + std::to_string(column) +
            ":(1.0/" + std::to_string(values->size()) + ") smooth cumulative with lines title \"" + label + "\"";
  }
  const bool any_percentile = summary.ttft_ms.count + summary.tpot_ms.count + summary.itl_ms.count + summary.e2e_ms.count > 0;
  const std::string no_success = "nothing to draw:\\nno request of this run succeeded";
  auto over_time = [&](const std::string& panel_title, const std::string& y_label, int column, const std::string& legend) {
    if (!request_times) return gnuplot_note_panel(panel_title, kNoRequestTimes);
    if (per_bucket.empty()) return gnuplot_note_panel(panel_title, "nothing to draw:\\nno request ended");
    return gnuplot_panel(panel_title, "seconds since the run's first request", y_label,
                 "plot \"" + name + "_time.dat\" using 1:" + std::to_string(column) +
                     (per_bucket.size() > 1 ? " with steps" : " with points pointtype 7") + " title \"" + legend + "\"");
  };
  const std::string panels =
      histogram("TTFT", 1, ttft, "TTFT " + time_unit) + histogram("E2E", 3, e2e, "E2E latency " + time_unit) +
      (ok_requests == 0
           ? gnuplot_note_panel("Token counts", no_success)
           : gnuplot_panel("Token counts", "tokens per request", "requests",
                   "binwidth = " + gnuplot_number(std::max(1.0, max_tokens / 30)) + "\n  set boxwidth binwidth*0.9\n  plot \"" + name +
                       "_requests.dat\" using (binwidth*floor($4/binwidth)):(1) smooth frequency with boxes fill solid 0.4 title \"input\", \"" +
                       name + "_requests.dat\" using (binwidth*floor($5/binwidth)):(1) smooth frequency with boxes fill solid 0.4 title \"output\"")) +
      (cdfs.empty() ? gnuplot_note_panel("CDFs", no_success)
                    : gnuplot_panel("CDFs", "latency " + time_unit, "fraction of requests", "set yrange [0:1]\n  plot " + cdfs + "\n  set yrange [*:*]")) +
      over_time("Output tokens per second over time", "output tokens/s", 3, "output tokens/s") +
      over_time("Requests per second over time", "requests/s", 2, "requests ended/s") +
      (any_percentile
           ? gnuplot_panel("Percentiles per metric", "metric", unit,
                   "set style data histograms\n  set style histogram clustered\n  set style fill solid 0.6\n  plot \"" + name +
                       "_percentiles.dat\" using 2:xtic(1) title \"p50\", '' using 3 title \"p90\", '' using 4 title \"p99\"\n"
                       "  set style data points\n  set xtics auto")
           : gnuplot_note_panel("Percentiles per metric", no_success)) +
      histogram("TPOT", 2, tpot, "TPOT " + time_unit);
  const std::string title = "genai-bench: run " + std::to_string(summary.run.run_index) + ", " + summary.run.scenario +
                            " @ " + summary.run.load_label();
  return write_file_atomically(dir + "/" + name + ".gp", gnuplot_figure(name, gnuplot_quoted(title), panels));
}

}  // namespace

Status write_plots(const LoadedExperiment& experiment, const std::string& plots_dir, const std::string& percentile,
                   const std::string& time_unit) {
  if (auto status = prepare_gnuplot_dir(plots_dir); !status) return status;
  if (auto status = write_experiment_plot(experiment, plots_dir, percentile, time_unit); !status) return status;
  std::vector<std::string> scripts = {"experiment.gp"};
  for (size_t run = 0; run < experiment.summaries.size(); ++run) {
    if (auto status = write_run_plot(experiment.summaries[run], experiment.records[run], plots_dir, experiment.request_times, time_unit);
        !status) {
      return status;
    }
    scripts.push_back("run_" + std::to_string(experiment.summaries[run].run.run_index) + ".gp");
  }
  if (auto status = write_server_metrics_plot(experiment, plots_dir, time_unit, scripts); !status) return status;
  return run_gnuplot(plots_dir, scripts);
}

Status write_comparison_plots(const Comparison& comparison, const std::string& dir, const std::string& percentile,
                              const std::string& time_unit) {
  if (auto status = prepare_gnuplot_dir(dir); !status) return status;
  std::vector<std::string> scripts;
  for (const Comparison::Figure& figure : comparison.figures) {
    std::vector<GridLine> lines;
    for (const Comparison::Line& line : figure.lines) lines.push_back({line.label, line.runs});
    if (auto status = write_runs_grid(dir, figure.name, "genai-bench: " + figure.title, lines, percentile, time_unit); !status) {
      return status;
    }
    scripts.push_back(figure.name + ".gp");
  }
  return run_gnuplot(dir, scripts);
}

}  // namespace genai::report
