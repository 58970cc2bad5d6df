#include "report/genai_bench_compat.h"

#include <cerrno>
#include <cstring>

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <algorithm>

#include "common/json_escape.h"

#include "metrics/request_metrics.h"
#include "report/file_output.h"
#include "report/json_text.h"
#include "report/statistics_json.h"

namespace genai::report {

namespace json = boost::json;

namespace {

// Latencies are kept in milliseconds; Python writes them in --metrics-time-unit (s or ms).
double unit_per_ms(const ExperimentInfo& info) { return info.metrics_time_unit == "ms" ? 1 : 1e-3; }

// A JSON number (shortest form that reads back exactly), or null when absent or not finite.
void append_json_number(std::string& out, const std::optional<double>& value, double scale) {
  if (!value || !std::isfinite(*value * scale)) {
    out += "null";
    return;
  }
  char digits[32];
  out.append(digits, static_cast<size_t>(std::to_chars(digits, digits + sizeof digits, *value * scale).ptr - digits));
}

// Python's sanitize_string of the scenario as written: D(100,100) -> D100_100,
// N(480,240)/(300,150) -> N480_240_300_150.
std::string scenario_stem(const std::string& scenario) {
  std::string stem;
  for (char c : scenario) {
    if (c == '(' || c == ')') continue;
    stem += c == '/' || c == ',' ? '_' : c;
  }
  return stem;
}

}  // namespace

std::string genai_bench_run_file_name(const ExperimentInfo& info, const metrics::RunSummary& summary,
                                      double run_elapsed_s) {
  const double limit_s = std::max(1.0, std::round(info.max_time_per_run_s));
  const auto seconds = static_cast<long long>(std::clamp(std::ceil(run_elapsed_s), 1.0, limit_s));
  std::string load = std::to_string(summary.run.concurrency);
  if (summary.run.iteration_type == "batch_size") load = std::to_string(summary.run.batch_size);
  if (summary.run.open_loop()) {
    load = summary.run.load_label();
    load.resize(load.size() - 2);  // "20/s" -> "20"
  }
  return scenario_stem(summary.run.scenario) + "_" + info.task + "_" + summary.run.iteration_type + "_" + load +
         "_time_" + std::to_string(seconds) + "s.json";
}

Status write_genai_bench_metadata(const ExperimentInfo& info, const std::string& folder) {
  json::object object;
  object["cmd"] = info.command_line;
  object["benchmark_version"] = GENAI_BENCH_VERSION;
  object["api_backend"] = info.api_backend;
  object["auth_config"] = json::object{{"api_base", info.api_base}, {"api_key", info.api_key_redacted}};
  object["api_model_name"] = info.model;
  object["server_model_tokenizer"] = info.tokenizer;
  object["model"] = info.display_model.empty() ? info.model : info.display_model;
  object["task"] = info.task;
  json::array concurrencies, scenarios;
  for (int64_t value : info.concurrencies) concurrencies.emplace_back(value);
  for (const auto& scenario : info.traffic_scenarios) scenarios.emplace_back(scenario);
  object["num_concurrency"] = std::move(concurrencies);
  if (info.batch_sizes.empty()) {
    object["batch_size"] = nullptr;
  } else {
    json::array sizes;
    for (int64_t size : info.batch_sizes) sizes.emplace_back(size);
    object["batch_size"] = std::move(sizes);
  }
  object["iteration_type"] = !info.batch_sizes.empty() ? "batch_size"
                             : info.request_rates.empty() ? "num_concurrency" : "request_rate";
  if (!info.request_rates.empty()) {  // ours: Python genai-bench has no open loop
    json::array rates;
    for (double rate : info.request_rates) rates.emplace_back(rate);
    object["request_rate"] = std::move(rates);
  }
  object["traffic_scenario"] = std::move(scenarios);
  object["additional_request_params"] = json::object{};
  object["server_engine"] = text_or_null(info.server_engine);
  object["server_version"] = text_or_null(info.server_version);
  object["server_gpu_type"] = text_or_null(info.server_gpu_type);
  object["server_gpu_count"] = text_or_null(info.server_gpu_count);
  object["max_time_per_run_s"] = info.max_time_per_run_s;
  object["max_requests_per_run"] = info.max_requests_per_run;
  object["experiment_folder_name"] = info.folder;
  object["dataset_path"] = info.dataset == "built-in corpus" ? json::value(nullptr) : json::value(info.dataset);
  object["dataset_prompt_column_index"] = 0;
  object["metrics_time_unit"] = info.metrics_time_unit;
  return write_file_atomically(folder + "/experiment_metadata.json", pretty_json(object));
}

Status write_genai_bench_run(const ExperimentInfo& info, const metrics::RunSummary& summary,
                             const std::vector<const metrics::RequestRecord*>& records, const std::string& folder) {
  json::object aggregated;
  aggregated["scenario"] = summary.run.scenario;
  aggregated["num_concurrency"] = summary.run.concurrency;
  aggregated["batch_size"] = summary.run.iteration_type == "batch_size" ? json::value(summary.run.batch_size) : json::value(nullptr);
  aggregated["iteration_type"] = summary.run.iteration_type;
  aggregated["run_duration"] = summary.duration_s;
  aggregated["mean_output_throughput_tokens_per_s"] = summary.output_tokens_per_s;
  // genai-bench's "input throughput" is the mean over requests of N_in / TTFT.
  aggregated["mean_input_throughput_tokens_per_s"] = summary.input_throughput_tps.mean;
  aggregated["mean_total_tokens_throughput_tokens_per_s"] = summary.total_tokens_per_s;
  aggregated["mean_total_chars_per_hour"] =
      summary.duration_s > 0
          ? static_cast<double>(summary.total_input_chars + summary.total_output_chars) / summary.duration_s * 3600
          : 0.0;
  aggregated["requests_per_minute"] = summary.requests_per_s * 60;
  json::object error_codes;
  for (const auto& [kind, count] : summary.errors_by_kind) error_codes[kind] = count;
  aggregated["error_codes_frequency"] = std::move(error_codes);
  aggregated["error_rate"] = summary.requests_total > 0 ? static_cast<double>(summary.requests_failed) /
                                                               static_cast<double>(summary.requests_total)
                                                         : 0.0;
  aggregated["num_error_requests"] = summary.requests_failed;
  aggregated["num_completed_requests"] = summary.requests_ok;
  aggregated["num_requests"] = summary.requests_total;
  const double latency_scale = unit_per_ms(info);
  aggregated["stats"] = json::object{
      {"ttft", genai_bench_statistics_json(summary.ttft_ms, latency_scale)},
      {"tpot", genai_bench_statistics_json(summary.tpot_ms, latency_scale)},
      {"e2e_latency", genai_bench_statistics_json(summary.e2e_ms, latency_scale)},
      {"output_latency", genai_bench_statistics_json(summary.output_latency_ms, latency_scale)},
      {"output_inference_speed", genai_bench_statistics_json(summary.output_speed_tps, 1)},
      {"num_input_tokens", genai_bench_statistics_json(summary.input_tokens, 1)},
      {"num_output_tokens", genai_bench_statistics_json(summary.output_tokens, 1)},
      {"total_tokens", genai_bench_statistics_json(summary.total_tokens, 1)},
      {"input_throughput", genai_bench_statistics_json(summary.input_throughput_tps, 1)},
      {"output_throughput", genai_bench_statistics_json(summary.output_throughput_tps, 1)}};

  // The per-request list can hold millions of entries: it is streamed to the file line by line
  // rather than built as one JSON document (which took gigabytes at 40k requests/s).
  int64_t first_start_ns = std::numeric_limits<int64_t>::max(), last_end_ns = 0;
  for (const metrics::RequestRecord* record : records) {
    for (int64_t start_ns : {record->t_sched_ns, record->t_start_ns}) {
      if (start_ns != metrics::kNoTime) first_start_ns = std::min(first_start_ns, start_ns);
    }
    last_end_ns = std::max(last_end_ns, record->t_end_ns);
  }
  const double elapsed_s = last_end_ns > first_start_ns ? static_cast<double>(last_end_ns - first_start_ns) * 1e-9 : 0;
  const std::string path = folder + "/" + genai_bench_run_file_name(info, summary, elapsed_s);
  const std::string temporary = path + ".tmp";
  std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
  if (!file) return make_error("cannot write '" + path + "': " + std::strerror(errno));
  // Any failure removes the temporary file: a full disk must not be left fuller, or littered.
  auto failed = [&]() -> Status {
    const int error = errno;
    file.close();
    std::remove(temporary.c_str());
    return make_error("cannot write '" + path + "': " + std::strerror(error != 0 ? error : EIO));
  };
  std::string aggregated_text = pretty_json(json::object{{"aggregated_metrics", std::move(aggregated)}});
  aggregated_text.resize(aggregated_text.rfind('}'));  // reopen the object to append the list
  while (!aggregated_text.empty() && (aggregated_text.back() == '\n' || aggregated_text.back() == ' ')) {
    aggregated_text.pop_back();
  }
  file << aggregated_text << ",\n  \"_time_unit\": \"" << (info.metrics_time_unit == "ms" ? "ms" : "s")
       << "\",\n  \"individual_request_metrics\": [";
  std::string line;
  for (size_t i = 0; i < records.size(); ++i) {
    const metrics::RequestRecord& record = *records[i];
    const metrics::RequestMetrics derived = metrics::derive_request_metrics(record);
    line.clear();
    line += i == 0 ? "\n    {" : ",\n    {";
    auto field = [&](std::string_view key) {
      if (line.back() != '{') line += ", ";
      append_json_string(line, key);
      line += ": ";
    };
    auto number = [&](std::string_view key, const std::optional<double>& value, double scale) {
      field(key);
      append_json_number(line, value, scale);
    };
    number("ttft", derived.ttft_ms, latency_scale);
    number("tpot", derived.tpot_ms, latency_scale);
    number("e2e_latency", derived.e2e_ms, latency_scale);
    number("output_latency", derived.output_latency_ms, latency_scale);
    number("output_inference_speed", derived.output_speed_tps, 1);
    number("num_input_tokens", static_cast<double>(record.input_tokens), 1);
    number("num_output_tokens", static_cast<double>(record.output_tokens), 1);
    number("total_tokens", static_cast<double>(record.input_tokens + record.output_tokens), 1);
    number("input_throughput", derived.input_throughput_tps, 1);
    number("output_throughput", derived.output_throughput_tps, 1);
    field("error_code");
    line += record.ok() ? "null" : std::to_string(record.http_status);
    field("error_message");
    if (record.ok()) line += "null";
    else append_json_string(line, record.error_message);
    line += "}";
    file << line;
  }
  file << (records.empty() ? "]\n}\n" : "\n  ]\n}\n");
  if (!file.flush()) return failed();
  file.close();
  if (file.fail()) return failed();
  if (std::rename(temporary.c_str(), path.c_str()) != 0) return failed();
  return Ok{};
}

}  // namespace genai::report
