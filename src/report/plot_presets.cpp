// The five plot presets of Python genai-bench (genai_bench/analysis/plot_config.py, PRESETS), as
// the JSON a --plot-config file would hold: the same panels, fields, labels and grid shape.
#include <boost/json.hpp>

#include "report/plot_config.h"

namespace genai::report {
namespace {

struct Preset {
  const char* name;
  const char* json;
};

const Preset kPresets[] = {
    {"2x4_default", R"json({"layout": {"rows": 2, "cols": 4, "figsize": [32, 12]}, "plots": [
  {"title": "Output Inference Speed per Request vs Output Throughput of Server",
   "x_field": "mean_output_throughput_tokens_per_s", "y_field": "stats.output_inference_speed.mean",
   "x_label": "Output Throughput of Server (tokens/s)", "y_label": "Output Inference Speed per Request (tokens/s)",
   "plot_type": "line", "position": [0, 0]},
  {"title": "TTFT vs Output Throughput of Server", "x_field": "mean_output_throughput_tokens_per_s",
   "y_field": "stats.ttft.mean", "x_label": "Output Throughput of Server (tokens/s)", "y_label": "TTFT (s)",
   "plot_type": "line", "position": [0, 1]},
  {"title": "Mean E2E Latency per Request vs RPS", "x_field": "requests_per_second",
   "y_field": "stats.e2e_latency.mean", "x_label": "RPS (req/s)", "y_label": "Mean E2E Latency per Request (s)",
   "plot_type": "line", "position": [0, 2]},
  {"title": "Error Rates by HTTP Status vs Concurrency", "x_field": "num_concurrency", "y_field": "error_rate",
   "x_label": "Concurrency", "y_label": "Error Rate", "plot_type": "bar", "position": [0, 3]},
  {"title": "Output Inference Speed per Request vs Total Throughput (Input + Output) of Server",
   "x_field": "mean_total_tokens_throughput_tokens_per_s", "y_field": "stats.output_inference_speed.mean",
   "x_label": "Total Throughput (Input + Output) of Server (tokens/s)",
   "y_label": "Output Inference Speed per Request (tokens/s)", "plot_type": "line", "position": [1, 0]},
  {"title": "TTFT vs Total Throughput (Input + Output) of Server",
   "x_field": "mean_total_tokens_throughput_tokens_per_s", "y_field": "stats.ttft.mean",
   "x_label": "Total Throughput (Input + Output) of Server (tokens/s)", "y_label": "TTFT (s)",
   "plot_type": "line", "position": [1, 1]},
  {"title": "P90 E2E Latency per Request vs RPS", "x_field": "requests_per_second",
   "y_field": "stats.e2e_latency.p90", "x_label": "RPS (req/s)", "y_label": "P90 E2E Latency per Request (s)",
   "plot_type": "line", "position": [1, 2]},
  {"title": "P99 E2E Latency per Request vs RPS", "x_field": "requests_per_second",
   "y_field": "stats.e2e_latency.p99", "x_label": "RPS (req/s)", "y_label": "P99 E2E Latency per Request (s)",
   "plot_type": "line", "position": [1, 3]}]})json"},
    {"2x4_tts", R"json({"layout": {"rows": 2, "cols": 4, "figsize": [32, 12]}, "plots": [
  {"title": "Audio Throughput per Request vs RPS", "x_field": "requests_per_second",
   "y_field": "stats.audio_throughput.mean", "x_label": "RPS (req/s)",
   "y_label": "Audio Throughput per Request (bytes/s)", "plot_type": "line", "position": [0, 0]},
  {"title": "TTFB vs RPS", "x_field": "requests_per_second", "y_field": "stats.ttft.mean",
   "x_label": "RPS (req/s)", "y_label": "TTFB (s)", "plot_type": "line", "position": [0, 1]},
  {"title": "Mean E2E Latency per Request vs RPS", "x_field": "requests_per_second",
   "y_field": "stats.e2e_latency.mean", "x_label": "RPS (req/s)", "y_label": "Mean E2E Latency per Request (s)",
   "plot_type": "line", "position": [0, 2]},
  {"title": "Error Rates by HTTP Status vs Concurrency", "x_field": "num_concurrency", "y_field": "error_rate",
   "x_label": "Concurrency", "y_label": "Error Rate", "plot_type": "bar", "position": [0, 3]},
  {"title": "Audio Throughput per Request vs Concurrency", "x_field": "num_concurrency",
   "y_field": "stats.audio_throughput.mean", "x_label": "Concurrency",
   "y_label": "Audio Throughput per Request (bytes/s)", "plot_type": "line", "position": [1, 0]},
  {"title": "TTFB vs Concurrency", "x_field": "num_concurrency", "y_field": "stats.ttft.mean",
   "x_label": "Concurrency", "y_label": "TTFB (s)", "plot_type": "line", "position": [1, 1]},
  {"title": "P90 E2E Latency per Request vs RPS", "x_field": "requests_per_second",
   "y_field": "stats.e2e_latency.p90", "x_label": "RPS (req/s)", "y_label": "P90 E2E Latency per Request (s)",
   "plot_type": "line", "position": [1, 2]},
  {"title": "P99 E2E Latency per Request vs RPS", "x_field": "requests_per_second",
   "y_field": "stats.e2e_latency.p99", "x_label": "RPS (req/s)", "y_label": "P99 E2E Latency per Request (s)",
   "plot_type": "line", "position": [1, 3]}]})json"},
    {"simple_2x2", R"json({"layout": {"rows": 2, "cols": 2, "figsize": [16, 12]}, "plots": [
  {"title": "Throughput vs Latency", "x_field": "mean_output_throughput_tokens_per_s",
   "y_field": "stats.e2e_latency.mean", "plot_type": "line", "position": [0, 0]},
  {"title": "RPS vs Error Rate", "x_field": "requests_per_second", "y_field": "error_rate",
   "plot_type": "scatter", "position": [0, 1]},
  {"title": "Concurrency vs TTFT", "x_field": "num_concurrency", "y_field": "stats.ttft.mean",
   "plot_type": "line", "position": [1, 0]},
  {"title": "Throughput Distribution", "x_field": "num_concurrency",
   "y_field": "mean_total_tokens_throughput_tokens_per_s", "plot_type": "line", "position": [1, 1]}]})json"},
    {"multi_line_latency", R"json({"layout": {"rows": 2, "cols": 2, "figsize": [16, 12]}, "plots": [
  {"title": "Latency Percentiles Comparison", "x_field": "requests_per_second", "y_fields": [
     {"field": "stats.e2e_latency.mean", "label": "Mean Latency", "color": "blue", "linestyle": "-"},
     {"field": "stats.e2e_latency.p90", "label": "P90 Latency", "color": "orange", "linestyle": "--"},
     {"field": "stats.e2e_latency.p99", "label": "P99 Latency", "color": "red", "linestyle": "-."}],
   "x_label": "Requests Per Second", "y_label": "Latency (s)", "plot_type": "line", "position": [0, 0]},
  {"title": "TTFT Performance Analysis", "x_field": "mean_output_throughput_tokens_per_s", "y_fields": [
     {"field": "stats.ttft.mean", "label": "Mean TTFT (s)", "color": "green"},
     {"field": "stats.ttft.p95", "label": "P95 TTFT (s)", "color": "purple"}],
   "x_label": "Output Throughput (tokens/s)", "y_label": "Time to First Token (s) (log scale)",
   "plot_type": "line", "position": [0, 1], "y_scale": "log"},
  {"title": "Throughput Components", "x_field": "num_concurrency", "y_fields": [
     {"field": "mean_output_throughput_tokens_per_s", "label": "Output Throughput"},
     {"field": "mean_total_tokens_throughput_tokens_per_s", "label": "Total Throughput"}],
   "x_label": "Concurrency Level", "y_label": "Throughput (tokens/s)", "plot_type": "line", "position": [1, 0]},
  {"title": "Request Success Rate", "x_field": "num_concurrency", "y_field": "error_rate",
   "x_label": "Concurrency Level", "y_label": "Error Rate", "plot_type": "bar", "position": [1, 1]}]})json"},
    {"single_scenario_analysis", R"json({"layout": {"rows": 2, "cols": 2, "figsize": [16, 12]}, "plots": [
  {"title": "Latency Percentiles vs RPS", "x_field": "requests_per_second", "y_fields": [
     {"field": "stats.e2e_latency.mean", "label": "Mean", "color": "blue", "linestyle": "-"},
     {"field": "stats.e2e_latency.p90", "label": "P90", "color": "orange", "linestyle": "--"},
     {"field": "stats.e2e_latency.p99", "label": "P99", "color": "red", "linestyle": "-."}],
   "x_label": "Requests Per Second", "y_label": "E2E Latency (s)", "plot_type": "line", "position": [0, 0]},
  {"title": "TTFT Analysis", "x_field": "mean_output_throughput_tokens_per_s", "y_fields": [
     {"field": "stats.ttft.mean", "label": "Mean TTFT (s)", "color": "green"},
     {"field": "stats.ttft.p95", "label": "P95 TTFT (s)", "color": "purple"}],
   "x_label": "Output Throughput (tokens/s)", "y_label": "TTFT (s)", "plot_type": "line", "position": [0, 1]},
  {"title": "Throughput vs Concurrency", "x_field": "num_concurrency",
   "y_field": "mean_output_throughput_tokens_per_s", "x_label": "Concurrency",
   "y_label": "Output Throughput (tokens/s)", "plot_type": "line", "position": [1, 0]},
  {"title": "Error Rate vs Concurrency", "x_field": "num_concurrency", "y_field": "error_rate",
   "x_label": "Concurrency", "y_label": "Error Rate", "plot_type": "bar", "position": [1, 1]}]})json"},
};

}  // namespace

const std::vector<std::string>& plot_preset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const Preset& preset : kPresets) all.emplace_back(preset.name);
    return all;
  }();
  return names;
}

Result<PlotConfig> plot_preset(const std::string& name) {
  for (const Preset& preset : kPresets) {
    if (name == preset.name) return plot_config_from_json(boost::json::parse(preset.json), name, "preset " + name);
  }
  std::string known;
  for (const std::string& preset : plot_preset_names()) known += (known.empty() ? "" : ", ") + preset;
  return make_error("--preset: '" + name + "' is not one of " + known);
}

}  // namespace genai::report
