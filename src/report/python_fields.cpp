#include "report/python_fields.h"

#include <boost/json.hpp>
#include <cmath>

#include "report/experiment_folder.h"

namespace genai::report {
namespace {

const std::vector<std::string>& direct_fields() {
  static const std::vector<std::string> names = {
      "scenario", "num_concurrency", "batch_size", "iteration_type", "run_duration",
      "mean_output_throughput_tokens_per_s", "mean_input_throughput_tokens_per_s",
      "mean_total_tokens_throughput_tokens_per_s", "requests_per_second", "error_codes_frequency", "error_rate",
      "num_error_requests", "num_completed_requests", "num_requests"};
  return names;
}

const std::vector<std::string>& measures() {
  static const std::vector<std::string> names = {"min", "max", "mean", "stddev", "sum", "p25",
                                                 "p50", "p75", "p90", "p95",    "p99"};
  return names;
}

// Our statistics for one of Python's stats metrics; null for the ones we do not measure.
const metrics::Statistics* stats_of(const metrics::RunSummary& run, const std::string& metric) {
  if (metric == "ttft") return &run.ttft_ms;
  if (metric == "tpot") return &run.tpot_ms;
  if (metric == "e2e_latency") return &run.e2e_ms;
  if (metric == "output_latency") return &run.output_latency_ms;
  if (metric == "output_inference_speed") return &run.output_speed_tps;
  if (metric == "num_input_tokens") return &run.input_tokens;
  if (metric == "num_output_tokens") return &run.output_tokens;
  if (metric == "total_tokens") return &run.total_tokens;
  if (metric == "input_throughput") return &run.input_throughput_tps;
  if (metric == "output_throughput") return &run.output_throughput_tps;
  if (metric == "audio_throughput") return &run.audio_throughput_bps;
  return nullptr;
}

std::optional<double> direct_number(const metrics::RunSummary& run, const std::string& name) {
  const auto total = static_cast<double>(run.requests_total);
  if (name == "num_concurrency") return static_cast<double>(run.run.concurrency);
  if (name == "batch_size") return static_cast<double>(run.run.batch_size > 0 ? run.run.batch_size : 1);
  if (name == "run_duration") return run.duration_s;
  if (name == "mean_output_throughput_tokens_per_s") return run.output_tokens_per_s;
  if (name == "mean_input_throughput_tokens_per_s") return run.input_tokens_per_s;
  if (name == "mean_total_tokens_throughput_tokens_per_s") return run.total_tokens_per_s;
  if (name == "requests_per_second") return run.requests_per_s;
  if (name == "error_rate") return total > 0 ? static_cast<double>(run.requests_failed) / total : 0.0;
  if (name == "num_error_requests") return static_cast<double>(run.requests_failed);
  if (name == "num_completed_requests") return static_cast<double>(run.requests_ok);
  if (name == "num_requests") return total;
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& python_stats_metrics() {
  static const std::vector<std::string> names = {
      "ttft", "tpot", "e2e_latency", "output_latency", "output_inference_speed", "num_input_tokens",
      "num_output_tokens", "num_reasoning_tokens", "total_tokens", "input_throughput", "output_throughput",
      "audio_throughput"};
  return names;
}

const std::vector<std::string>& python_field_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all = direct_fields();
    for (const std::string& metric : python_stats_metrics()) {
      for (const std::string& measure : measures()) all.push_back("stats." + metric + "." + measure);
    }
    return all;
  }();
  return names;
}

bool is_python_field(const std::string& path) {
  for (const std::string& name : python_field_names()) {
    if (name == path) return true;
  }
  return false;
}

bool is_latency_field(const std::string& path) {
  for (const char* time : {"ttft", "tpot", "e2e_latency", "output_latency"}) {
    if (path.find(time) != std::string::npos) return true;
  }
  return false;
}

FieldValue python_field_value(const metrics::RunSummary& run, const std::string& path, double time_scale) {
  FieldValue value;
  if (path == "scenario") {
    value.text = run.run.scenario;
  } else if (path == "iteration_type") {
    value.text = run.run.iteration_type;
  } else if (path == "error_codes_frequency") {
    boost::json::object errors;
    for (const auto& [kind, count] : run.errors_by_kind) errors[kind] = count;
    value.text = boost::json::serialize(errors);
  } else if (path.rfind("stats.", 0) == 0) {
    const size_t dot = path.find('.', 6);
    if (dot == std::string::npos) return value;
    const std::string metric = path.substr(6, dot - 6);
    const metrics::Statistics* stats = stats_of(run, metric);
    if (stats == nullptr || stats->count == 0) return value;
    const std::string measure = path.substr(dot + 1);
    if (measure == "std" || measure == "p99.9") return value;  // not Python's names
    value.number = statistic_value(*stats, measure);
    if (value.number && is_latency_field(metric)) *value.number *= time_scale;
  } else {
    value.number = direct_number(run, path);
  }
  return value;
}

std::string python_stats_json(const metrics::RunSummary& run, const std::string& metric, double time_scale) {
  boost::json::object object;
  for (const std::string& measure : measures()) {
    const FieldValue value = python_field_value(run, "stats." + metric + "." + measure, time_scale);
    if (value.number && std::isfinite(*value.number)) {
      object[measure] = *value.number;
    } else {
      object[measure] = nullptr;
    }
  }
  return boost::json::serialize(object);
}

}  // namespace genai::report
