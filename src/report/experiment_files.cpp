#include "report/experiment_files.h"

#include "report/experiment_folder.h"

#include <boost/json.hpp>
#include <chrono>
#include <ctime>

#include "report/file_output.h"
#include "report/json_text.h"
#include "report/server_metrics_json.h"
#include "report/statistics_json.h"

namespace genai::report {

namespace json = boost::json;

std::string iso8601_now_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

namespace {

json::value summary_json(const metrics::RunSummary& summary) {
  json::object object;
  object["run_index"] = summary.run.run_index;
  object["scenario"] = summary.run.scenario;
  object["concurrency"] = summary.run.concurrency;
  if (summary.run.open_loop()) {
    object["request_rate"] = summary.run.request_rate;
    object["arrival"] = summary.run.arrival;
  }
  if (summary.run.iteration_type == "batch_size") object["batch_size"] = summary.run.batch_size;
  object["requests"] = json::object{{"total", summary.requests_total},
                                    {"ok", summary.requests_ok},
                                    {"failed", summary.requests_failed},
                                    {"excluded", summary.requests_excluded}};
  json::object errors;
  for (const auto& [kind, count] : summary.errors_by_kind) errors[kind] = count;
  object["errors_by_kind"] = std::move(errors);
  object["duration_s"] = summary.duration_s;
  object["ttft_ms"] = statistics_json(summary.ttft_ms);
  object["tpot_ms"] = statistics_json(summary.tpot_ms);
  object["itl_ms"] = statistics_json(summary.itl_ms);
  object["e2e_ms"] = statistics_json(summary.e2e_ms);
  object["output_latency_ms"] = statistics_json(summary.output_latency_ms);
  object["output_speed_tps"] = statistics_json(summary.output_speed_tps);
  object["input_throughput_tps"] = statistics_json(summary.input_throughput_tps);
  object["input_tokens"] = statistics_json(summary.input_tokens);
  object["output_tokens"] = statistics_json(summary.output_tokens);
  object["client_read_delay_ms"] = statistics_json(summary.client_read_delay_ms);
  object["client_send_lag_ms"] = statistics_json(summary.client_send_lag_ms);
  if (summary.run.open_loop()) {  // closed loop: t_sched is t_start, so there is nothing to report
    object["client_lateness_ms"] = statistics_json(summary.client_lateness_ms);
    object["achieved_request_rate"] = summary.achieved_request_rate;
    object["arrival_cv"] = summary.arrival_cv;
    object["max_in_flight"] = summary.max_in_flight;
  }
  if (summary.run.slo) {
    json::object slo;
    if (summary.run.slo->ttft_ms) slo["ttft_ms"] = *summary.run.slo->ttft_ms;
    if (summary.run.slo->tpot_ms) slo["tpot_ms"] = *summary.run.slo->tpot_ms;
    if (summary.run.slo->e2e_ms) slo["e2e_ms"] = *summary.run.slo->e2e_ms;
    object["goodput"] = json::object{{"slo", std::move(slo)},
                                     {"requests_met", summary.requests_meeting_slo},
                                     {"attainment", summary.slo_attainment},
                                     {"requests_per_s", summary.goodput_requests_per_s}};
  }
  object["throughput"] = json::object{{"requests_per_s", summary.requests_per_s},
                                      {"input_tokens_per_s", summary.input_tokens_per_s},
                                      {"output_tokens_per_s", summary.output_tokens.count > 0
                                                                  ? json::value(summary.output_tokens_per_s)
                                                                  : json::value(nullptr)},
                                      {"total_tokens_per_s", summary.total_tokens_per_s}};
  // The media tasks' own measures, only where there are any (text-to-speech, text-to-image).
  if (summary.total_audio_bytes > 0) {
    object["audio_throughput_bps"] = statistics_json(summary.audio_throughput_bps);
    object["total_audio_bytes"] = summary.total_audio_bytes;
    object["throughput"].as_object()["audio_bytes_per_s"] = summary.audio_bytes_per_s;
  }
  if (summary.total_images > 0) {
    object["total_images"] = summary.total_images;
    object["throughput"].as_object()["images_per_s"] = summary.images_per_s;
  }
  if (!summary.server_metrics.empty()) object["server_metrics"] = server_metrics_json(summary);
  return object;
}

}  // namespace

Status write_experiment_json(const ExperimentInfo& info, const std::string& folder) {
  json::object object;
  object["tool"] = "genai-bench";
  object["version"] = GENAI_BENCH_VERSION;
  object["name"] = info.name;
  object["command_line"] = info.command_line;
  object["started_at"] = info.started_at;
  object["ended_at"] = info.ended_at.empty() ? json::value(nullptr) : json::value(info.ended_at);
  object["interrupted"] = info.interrupted;
  object["target"] = json::object{{"api_backend", info.api_backend}, {"api_base", info.api_base},
                                  {"api_endpoint", info.api_endpoint}, {"api_key", info.api_key_redacted},
                                  {"model", info.model},               {"streaming", info.streaming},
                                  {"built_in_mock", info.built_in_mock},
                                  {"display_model", info.display_model.empty() ? info.model : info.display_model}};
  object["server"] = json::object{{"engine", text_or_null(info.server_engine)}, {"version", text_or_null(info.server_version)},
                                  {"gpu_type", text_or_null(info.server_gpu_type)}, {"gpu_count", text_or_null(info.server_gpu_count)}};
  json::array scenarios, concurrencies, rates, runs;
  for (const auto& scenario : info.traffic_scenarios) scenarios.emplace_back(scenario);
  for (int64_t concurrency : info.concurrencies) concurrencies.emplace_back(concurrency);
  for (double rate : info.request_rates) rates.emplace_back(rate);
  for (const auto& run : info.runs) runs.push_back(run_description_to_json(run));
  object["options"] = json::object{{"task", info.task},
                                   {"traffic_scenarios", std::move(scenarios)},
                                   {"num_concurrency", std::move(concurrencies)},
                                   {"request_rate", std::move(rates)},
                                   {"max_requests_per_run", info.max_requests_per_run},
                                   {"max_time_per_run_s", info.max_time_per_run_s},
                                   {"warmup_ratio", info.warmup_ratio},
                                   {"cooldown_ratio", info.cooldown_ratio},
                                   {"dataset", info.dataset},
                                   {"model_tokenizer", info.tokenizer},
                                   {"seed", info.seed},
                                   {"preconnect", info.preconnect},
                                   {"ramp_up", info.ramp_up}};
  object["token_counts"] = info.token_count_note;
  object["runs"] = std::move(runs);
  if (info.sweep) {
    auto optional_rate = [](const std::optional<double>& rate) { return rate ? json::value(*rate) : json::value(nullptr); };
    object["sweep"] = json::object{{"synchronous_rate", info.sweep->synchronous_rate},
                                   {"max_rate", info.sweep->max_rate},
                                   {"knee_rate", optional_rate(info.sweep->knee_rate)},
                                   {"highest_rate_meeting_slo", optional_rate(info.sweep->highest_rate_meeting_slo)}};
  }
  return write_file_atomically(folder + "/experiment.json", pretty_json(object));
}

Status write_summary_json(const std::vector<metrics::RunSummary>& summaries, const std::string& folder) {
  json::array array;
  for (const auto& summary : summaries) array.push_back(summary_json(summary));
  return write_file_atomically(folder + "/summary.json", pretty_json(array));
}

Status write_summary_csv(const std::vector<metrics::RunSummary>& summaries, const std::string& folder) {
  std::string csv = "scenario,concurrency,request_rate,requests_total,requests_ok,requests_failed,duration_s";
  const char* metric_names[] = {"ttft_ms", "tpot_ms", "itl_ms", "e2e_ms", "output_speed_tps"};
  const char* stat_names[] = {"mean", "std", "min", "max", "p50", "p90", "p95", "p99", "p999"};
  for (const char* metric : metric_names) {
    for (const char* stat : stat_names) csv += std::string(",") + metric + "_" + stat;
  }
  csv += ",requests_per_s,input_tokens_per_s,output_tokens_per_s,total_tokens_per_s\n";
  for (const auto& summary : summaries) {
    csv += "\"" + summary.run.scenario + "\"," + std::to_string(summary.run.concurrency) + "," +
           (summary.run.open_loop() ? format_number(summary.run.request_rate, 9) : std::string()) + "," +
           std::to_string(summary.requests_total) + "," + std::to_string(summary.requests_ok) + "," +
           std::to_string(summary.requests_failed) + "," + format_number(summary.duration_s, 9);
    for (const metrics::Statistics* stats : {&summary.ttft_ms, &summary.tpot_ms, &summary.itl_ms, &summary.e2e_ms,
                                             &summary.output_speed_tps}) {
      for (double value : {stats->mean, stats->std, stats->min, stats->max, stats->p50, stats->p90, stats->p95,
                           stats->p99, stats->p999}) {
        csv += ",";
        if (stats->count > 0) csv += format_number(value, 9);
      }
    }
    for (double value : {summary.requests_per_s, summary.input_tokens_per_s, summary.output_tokens_per_s,
                         summary.total_tokens_per_s}) {
      csv += "," + format_number(value, 9);
    }
    csv += "\n";
  }
  return write_file_atomically(folder + "/summary.csv", csv);
}

}  // namespace genai::report
