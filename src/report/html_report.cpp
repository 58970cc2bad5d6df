#include "report/html_report.h"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "report/comparison.h"
#include "report/file_output.h"
#include "report/server_metrics_series.h"

namespace genai::report {
namespace {

namespace json = boost::json;

std::string fixed(double value, const char* format = "%.3f") {
  if (std::isnan(value)) return "";
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string stat(const metrics::Statistics& stats, double value) { return stats.count > 0 ? fixed(value) : "–"; }
std::string chosen(const metrics::Statistics& stats, const std::string& p, double scale = 1) {
  return stat(stats, statistic_value(stats, p).value_or(stats.mean) * scale);
}

// The SVG of a plot, without its XML prologue, ready to sit inside the page.
std::string inline_svg(const std::string& path) {
  std::ifstream file(path);
  if (!file) return "<p class=\"note\">(plot not available: run with gnuplot installed)</p>";
  std::stringstream contents;
  contents << file.rdbuf();
  const std::string svg = contents.str();
  const size_t start = svg.find("<svg");
  return start == std::string::npos ? std::string() : "<div class=\"plot\">" + svg.substr(start) + "</div>";
}

std::string row(const std::vector<std::string>& cells, const char* tag = "td") {
  std::string html = "<tr>";
  for (const std::string& cell : cells) html += std::string("<") + tag + ">" + html_escape(cell) + "</" + tag + ">";
  return html + "</tr>\n";
}

constexpr const char* kStyle = R"(
body { font-family: sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 2em; } h3 { font-size: 1.1em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f0f0f0; } td:first-child, th:first-child { text-align: left; }
.meta td, .meta th { text-align: left; } .note { color: #777; }
.plot svg { max-width: 100%; height: auto; border: 1px solid #eee; }
)";

// A row of a summary table (and its header): the LEADING cells, then the run's scenario, load,
// request counts, throughputs and latencies at the chosen statistic P.
std::string summary_header(std::vector<std::string> leading, const std::string& p, const std::string& unit) {
  for (std::string name : {std::string("Scenario"), std::string("Load"), std::string("OK"), std::string("Failed"),
                           std::string("Requests/s"), std::string("Output tokens/s"), "TTFT " + p + " (" + unit + ")",
                           "TPOT " + p + " (" + unit + ")", "ITL " + p + " (" + unit + ")", "E2E " + p + " (" + unit + ")"}) {
    leading.push_back(std::move(name));
  }
  return row(leading, "th");
}
std::string summary_row(std::vector<std::string> leading, const metrics::RunSummary& s, const std::string& p,
                        const std::string& unit) {
  const double k = scale_from_ms(unit);
  for (std::string cell : {s.run.scenario, s.run.load_label(), std::to_string(s.requests_ok),
                           std::to_string(s.requests_failed), fixed(s.requests_per_s, "%.2f"),
                           s.output_tokens.count > 0 ? fixed(s.output_tokens_per_s, "%.1f") : std::string("–"),
                           chosen(s.ttft_ms, p, k), chosen(s.tpot_ms, p, k), chosen(s.itl_ms, p, k), chosen(s.e2e_ms, p, k)}) {
    leading.push_back(std::move(cell));
  }
  return row(leading);
}

constexpr const char* kServerMetricsNote =
    "What the servers scraped with --server-metrics said (server_metrics.jsonl), over seconds since the experiment's "
    "start: gauges at each scrape; generation tokens/s and TTFT p50/p99 between consecutive scrapes of a run, the "
    "TTFT quantiles interpolated within the server's histogram buckets.";

std::string page_start(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
         "</title><style>" + kStyle + "</style></head><body>\n<h1>" + html_escape(title) + "</h1>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

Status write_html_report(const LoadedExperiment& experiment, const std::string& plots_dir, const std::string& path,
                         const std::string& p, const std::string& unit) {
  const double k = scale_from_ms(unit);
  const std::string time = " (" + unit + ")";
  const json::value* name = experiment.experiment.if_contains("name");
  const std::string title = "genai-bench: " + (name != nullptr && name->is_string() ? std::string(name->as_string()) : experiment.folder);
  std::string html = page_start(title);

  html += "<h2>Summary</h2>\n<table>\n" +
          summary_header({"Run"}, p, unit);
  for (const metrics::RunSummary& s : experiment.summaries) html += summary_row({std::to_string(s.run.run_index)}, s, p, unit);
  html += "</table>\n<h2>Runs compared</h2>\n" + inline_svg(plots_dir + "/experiment.svg") + "\n";
  if (has_server_metrics_pages(experiment.folder)) {
    html += "<h2>Server metrics</h2>\n<p class=\"note\">" + html_escape(kServerMetricsNote) + "</p>\n" +
            inline_svg(plots_dir + "/server_metrics.svg") + "\n";
  }

  for (size_t index = 0; index < experiment.summaries.size(); ++index) {
    const metrics::RunSummary& s = experiment.summaries[index];
    html += "<h2>Run " + std::to_string(s.run.run_index) + ": " + html_escape(s.run.scenario) + " @ " +
            html_escape(s.run.load_label()) + "</h2>\n<table>\n" +
            row({"Metric", "Count", "Mean", "Min", "Max", "Std", "P50", "P90", "P95", "P99", "P99.9"}, "th");
    for (const auto& [label, stats, scale] :
         {std::tuple{"TTFT" + time, &s.ttft_ms, k}, std::tuple{"TPOT" + time, &s.tpot_ms, k},
          std::tuple{"ITL" + time, &s.itl_ms, k}, std::tuple{"E2E" + time, &s.e2e_ms, k},
          std::tuple{std::string("Output speed (tokens/s)"), &s.output_speed_tps, 1.0},
          std::tuple{std::string("Input tokens"), &s.input_tokens, 1.0},
          std::tuple{std::string("Output tokens"), &s.output_tokens, 1.0}}) {
      const double f = scale;
      html += row({label, std::to_string(stats->count), stat(*stats, stats->mean * f), stat(*stats, stats->min * f),
                   stat(*stats, stats->max * f), stat(*stats, stats->std * f), stat(*stats, stats->p50 * f),
                   stat(*stats, stats->p90 * f), stat(*stats, stats->p95 * f), stat(*stats, stats->p99 * f),
                   stat(*stats, stats->p999 * f)});
    }
    html += "</table>\n";
    if (!s.errors_by_kind.empty()) {
      std::map<std::string, std::string> example;  // kind -> the first message seen
      for (const auto& record : experiment.records[index]) {
        if (!record.ok() && !example.count(record.error_kind)) example[record.error_kind] = record.error_message;
      }
      html += "<h3>Errors by kind</h3>\n<table>\n" + row({"Kind", "Count", "Example message"}, "th");
      for (const auto& [kind, count] : s.errors_by_kind) html += row({kind, std::to_string(count), example[kind]});
      html += "</table>\n";
    }
    html += inline_svg(plots_dir + "/run_" + std::to_string(s.run.run_index) + ".svg") + "\n";
  }

  html += "<h2>Experiment</h2>\n<table class=\"meta\">\n" + row({"Field", "Value"}, "th");
  for_each_metadata_field(experiment.experiment,
                          [&](const std::string& key, const std::string& value) { html += row({key, value}); });
  html += "</table>\n</body></html>\n";
  return write_file_atomically(path, html);
}

Status write_comparison_html(const Comparison& comparison, const std::string& plots_dir, const std::string& path,
                             const std::string& p, const std::string& unit) {
  std::string html = page_start("genai-bench: experiments compared by " + comparison.group_key);
  html += "<h2>Experiments</h2>\n<table class=\"meta\">\n" +
          row({"Experiment", comparison.group_key, "Model", "Server engine", "Server version", "GPU type", "GPUs", "Runs"}, "th");
  for (size_t index = 0; index < comparison.experiments.size(); ++index) {
    const LoadedExperiment& experiment = comparison.experiments[index];
    html += row({metadata_value(experiment, "experiment_folder_name"), comparison.group_values[index],
                 metadata_value(experiment, "model"), metadata_value(experiment, "server_engine"),
                 metadata_value(experiment, "server_version"), metadata_value(experiment, "server_gpu_type"),
                 metadata_value(experiment, "server_gpu_count"), std::to_string(experiment.summaries.size())});
  }
  html += "</table>\n";
  for (const Comparison::Figure& figure : comparison.figures) {
    html += "<h2>" + html_escape(figure.title) + "</h2>\n" + inline_svg(plots_dir + "/" + figure.name + ".svg") +
            "\n<table>\n" +
            summary_header({comparison.group_key, "Experiment"}, p, unit);
    for (const Comparison::Line& line : figure.lines) {
      for (const metrics::RunSummary* s : line.runs) html += summary_row({line.group, line.experiment}, *s, p, unit);
    }
    html += "</table>\n";
  }
  html += "</body></html>\n";
  return write_file_atomically(path, html);
}

}  // namespace genai::report
