#include "report/genai_bench_compat.h"

#include <boost/json.hpp>
#include <cmath>

#include "metrics/request_metrics.h"
#include "report/file_output.h"
#include "report/json_text.h"
#include "report/statistics_json.h"
#include "workload/scenario.h"

namespace genai::report {

namespace json = boost::json;

namespace {

constexpr double kMsToSeconds = 1e-3;

json::value optional_number(const std::optional<double>& value, double scale = 1.0) {
  if (!value) return nullptr;
  return *value * scale;
}

std::string scenario_stem(const std::string& scenario) {
  auto parsed = workload::parse_scenario(scenario);
  return parsed ? parsed->file_stem() : scenario;
}

}  // namespace

std::string genai_bench_run_file_name(const ExperimentInfo& info, const metrics::RunSummary& summary) {
  const auto seconds = static_cast<long long>(std::llround(info.max_time_per_run_s));
  return scenario_stem(summary.run.scenario) + "_" + info.task + "_" + summary.run.iteration_type + "_" +
         std::to_string(summary.run.concurrency) + "_time_" + std::to_string(seconds) + "s.json";
}

Status write_genai_bench_metadata(const ExperimentInfo& info, const std::string& folder) {
  json::object object;
  object["cmd"] = info.command_line;
  object["benchmark_version"] = GENAI_BENCH_VERSION;
  object["api_backend"] = info.api_backend;
  object["auth_config"] = json::object{{"api_base", info.api_base}, {"api_key", info.api_key_redacted}};
  object["api_model_name"] = info.model;
  object["server_model_tokenizer"] = "";
  object["model"] = info.model;
  object["task"] = info.task;
  json::array concurrencies, scenarios;
  for (int64_t value : info.concurrencies) concurrencies.emplace_back(value);
  for (const auto& scenario : info.traffic_scenarios) scenarios.emplace_back(scenario);
  object["num_concurrency"] = std::move(concurrencies);
  object["batch_size"] = nullptr;
  object["iteration_type"] = "num_concurrency";
  object["traffic_scenario"] = std::move(scenarios);
  object["additional_request_params"] = json::object{};
  object["server_engine"] = nullptr;
  object["server_version"] = nullptr;
  object["server_gpu_type"] = nullptr;
  object["server_gpu_count"] = nullptr;
  object["max_time_per_run_s"] = info.max_time_per_run_s;
  object["max_requests_per_run"] = info.max_requests_per_run;
  object["experiment_folder_name"] = info.folder;
  object["dataset_path"] = info.dataset == "built-in corpus" ? json::value(nullptr) : json::value(info.dataset);
  object["dataset_prompt_column_index"] = 0;
  return write_file_atomically(folder + "/experiment_metadata.json", pretty_json(object));
}

Status write_genai_bench_run(const ExperimentInfo& info, const metrics::RunSummary& summary,
                             const std::vector<const metrics::RequestRecord*>& records, const std::string& folder) {
  json::object aggregated;
  aggregated["scenario"] = summary.run.scenario;
  aggregated["num_concurrency"] = summary.run.concurrency;
  aggregated["batch_size"] = nullptr;
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
  aggregated["stats"] = json::object{
      {"ttft", genai_bench_statistics_json(summary.ttft_ms, kMsToSeconds)},
      {"tpot", genai_bench_statistics_json(summary.tpot_ms, kMsToSeconds)},
      {"e2e_latency", genai_bench_statistics_json(summary.e2e_ms, kMsToSeconds)},
      {"output_latency", genai_bench_statistics_json(summary.output_latency_ms, kMsToSeconds)},
      {"output_inference_speed", genai_bench_statistics_json(summary.output_speed_tps, 1)},
      {"num_input_tokens", genai_bench_statistics_json(summary.input_tokens, 1)},
      {"num_output_tokens", genai_bench_statistics_json(summary.output_tokens, 1)},
      {"total_tokens", genai_bench_statistics_json(summary.total_tokens, 1)},
      {"input_throughput", genai_bench_statistics_json(summary.input_throughput_tps, 1)},
      {"output_throughput", genai_bench_statistics_json(summary.output_throughput_tps, 1)}};

  json::array individual;
  for (const metrics::RequestRecord* record : records) {
    const metrics::RequestMetrics derived = metrics::derive_request_metrics(*record);
    json::object entry;
    entry["ttft"] = optional_number(derived.ttft_ms, kMsToSeconds);
    entry["tpot"] = optional_number(derived.tpot_ms, kMsToSeconds);
    entry["e2e_latency"] = optional_number(derived.e2e_ms, kMsToSeconds);
    entry["output_latency"] = optional_number(derived.output_latency_ms, kMsToSeconds);
    entry["output_inference_speed"] = optional_number(derived.output_speed_tps);
    entry["num_input_tokens"] = record->input_tokens;
    entry["num_output_tokens"] = record->output_tokens;
    entry["total_tokens"] = record->input_tokens + record->output_tokens;
    entry["input_throughput"] = optional_number(derived.input_throughput_tps);
    entry["output_throughput"] = optional_number(derived.output_throughput_tps);
    entry["error_code"] = record->ok() ? json::value(nullptr) : json::value(record->http_status);
    entry["error_message"] = record->ok() ? json::value(nullptr) : json::value(record->error_message);
    individual.push_back(std::move(entry));
  }
  json::object file{{"aggregated_metrics", std::move(aggregated)}, {"individual_request_metrics", std::move(individual)}};
  return write_file_atomically(folder + "/" + genai_bench_run_file_name(info, summary), pretty_json(file));
}

}  // namespace genai::report
