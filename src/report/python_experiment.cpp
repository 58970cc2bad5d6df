#include "report/python_experiment.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <limits>

namespace genai::report {
namespace {

namespace json = boost::json;

double number(const json::object& object, const char* key, double fallback = 0) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_number() ? value->to_number<double>() : fallback;
}

// One of its "stats" entries, scaled (1000: seconds to milliseconds; 1: milliseconds already).
metrics::Statistics statistics(const json::object& stats, const char* key, size_t count, double scale) {
  metrics::Statistics out;
  const json::value* entry = stats.if_contains(key);
  if (entry == nullptr || !entry->is_object() || count == 0) return out;
  const json::object& s = entry->as_object();
  out.count = count;
  out.sum = number(s, "sum") * scale;
  out.mean = number(s, "mean") * scale;
  out.std = number(s, "stddev") * scale;
  out.min = number(s, "min") * scale;
  out.max = number(s, "max") * scale;
  out.p25 = number(s, "p25") * scale;
  out.p50 = number(s, "p50") * scale;
  out.p75 = number(s, "p75") * scale;
  out.p90 = number(s, "p90") * scale;
  out.p95 = number(s, "p95") * scale;
  out.p99 = number(s, "p99") * scale;
  out.p999 = std::numeric_limits<double>::quiet_NaN();  // not computed by the Python tool
  return out;
}

// Python writes latencies in its --metrics-time-unit: the run file's "_time_unit", else the
// metadata's "metrics_time_unit", else seconds (before the option existed).
double milliseconds_per_unit(const json::object& run, const json::object& metadata) {
  for (const json::object* holder : {&run, &metadata}) {
    for (const char* key : {"_time_unit", "metrics_time_unit"}) {
      const json::value* unit = holder->if_contains(key);
      if (unit != nullptr && unit->is_string()) return unit->as_string() == "ms" ? 1 : 1000;
    }
  }
  return 1000;
}

metrics::RequestRecord record_of(const json::object& request, uint32_t run, uint64_t index, double ms_per_unit) {
  metrics::RequestRecord record;
  record.run_index = run;
  record.request_index = index;
  record.t_sched_ns = record.t_start_ns = 0;
  const json::value* error = request.if_contains("error_code");
  if (error != nullptr && !error->is_null()) {
    record.error_kind = "http_" + (error->is_number() ? std::to_string(error->to_number<int64_t>()) : std::string("error"));
    if (const json::value* message = request.if_contains("error_message"); message && message->is_string()) {
      record.error_message = message->as_string();
    }
  }
  if (const json::value* ttft = request.if_contains("ttft"); ttft && ttft->is_number()) {
    record.t_first_ns = static_cast<int64_t>(std::llround(ttft->to_number<double>() * ms_per_unit * 1e6));
  }
  if (const json::value* e2e = request.if_contains("e2e_latency"); e2e && e2e->is_number()) {
    record.t_end_ns = static_cast<int64_t>(std::llround(e2e->to_number<double>() * ms_per_unit * 1e6));
  }
  record.input_tokens = static_cast<int64_t>(number(request, "num_input_tokens"));
  record.output_tokens = static_cast<int64_t>(number(request, "num_output_tokens"));
  record.input_source = record.output_source = metrics::CountSource::usage;
  record.http_status = record.ok() ? 200 : 0;
  return record;
}

}  // namespace

Result<LoadedExperiment> load_python_experiment_folder(const std::string& folder) {
  auto metadata = read_json_object(folder + "/experiment_metadata.json");
  if (!metadata) return make_error(metadata.error());
  LoadedExperiment loaded;
  loaded.folder = folder;
  loaded.request_times = false;
  loaded.experiment = std::move(*metadata);
  const std::string iteration = [&] {
    const json::value* type = loaded.experiment.if_contains("iteration_type");
    return type != nullptr && type->is_string() ? std::string(type->as_string()) : std::string("num_concurrency");
  }();

  std::vector<std::pair<std::string, json::object>> runs;  // (file, aggregated run)
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name == "experiment_metadata.json") continue;
    auto run = read_json_object(entry.path().string());
    if (!run) continue;
    if (const json::value* aggregated = run->if_contains("aggregated_metrics"); aggregated && aggregated->is_object()) {
      runs.emplace_back(name, std::move(*run));
    }
  }
  if (runs.empty()) return make_error(folder + ": no run files (with \"aggregated_metrics\") beside experiment_metadata.json");
  // In the order the tool ran them: scenario as listed, then the iterated value.
  std::vector<std::string> scenario_order;
  if (const json::value* listed = loaded.experiment.if_contains("traffic_scenario"); listed && listed->is_array()) {
    for (const json::value& scenario : listed->as_array()) {
      if (scenario.is_string()) scenario_order.emplace_back(scenario.as_string());
    }
  }
  auto key = [&](const json::object& run) {
    const json::object& aggregated = run.at("aggregated_metrics").as_object();
    const std::string scenario = aggregated.contains("scenario") && aggregated.at("scenario").is_string()
                                     ? std::string(aggregated.at("scenario").as_string()) : std::string();
    const auto at = std::find(scenario_order.begin(), scenario_order.end(), scenario);
    return std::pair{at - scenario_order.begin(), number(aggregated, iteration.c_str(), number(aggregated, "num_concurrency"))};
  };
  std::sort(runs.begin(), runs.end(), [&](const auto& a, const auto& b) { return key(a.second) < key(b.second); });

  for (auto& [file, run] : runs) {
    const json::object& aggregated = run.at("aggregated_metrics").as_object();
    metrics::RunSummary summary;
    summary.run.run_index = static_cast<uint32_t>(loaded.summaries.size());
    summary.run.scenario = aggregated.contains("scenario") && aggregated.at("scenario").is_string()
                               ? std::string(aggregated.at("scenario").as_string()) : file;
    summary.run.iteration_type = iteration;
    summary.run.concurrency = static_cast<int64_t>(number(aggregated, "num_concurrency"));
    summary.run.batch_size = static_cast<int64_t>(number(aggregated, "batch_size"));
    summary.requests_total = static_cast<uint64_t>(number(aggregated, "num_requests"));
    summary.requests_failed = static_cast<uint64_t>(number(aggregated, "num_error_requests"));
    summary.requests_ok = static_cast<uint64_t>(number(aggregated, "num_completed_requests",
                                                       static_cast<double>(summary.requests_total - summary.requests_failed)));
    summary.requests_per_s = number(aggregated, "requests_per_minute") / 60;
    summary.duration_s = summary.requests_per_s > 0 ? static_cast<double>(summary.requests_ok) / summary.requests_per_s : 0;
    const json::object empty;
    const json::object& stats = aggregated.contains("stats") && aggregated.at("stats").is_object()
                                    ? aggregated.at("stats").as_object() : empty;
    const size_t ok = summary.requests_ok;
    const double ms_per_unit = milliseconds_per_unit(run, loaded.experiment);
    summary.ttft_ms = statistics(stats, "ttft", ok, ms_per_unit);
    summary.tpot_ms = statistics(stats, "tpot", ok, ms_per_unit);
    summary.e2e_ms = statistics(stats, "e2e_latency", ok, ms_per_unit);
    summary.output_latency_ms = statistics(stats, "output_latency", ok, ms_per_unit);
    summary.output_speed_tps = statistics(stats, "output_inference_speed", ok, 1);
    summary.input_throughput_tps = statistics(stats, "input_throughput", ok, 1);
    summary.output_throughput_tps = statistics(stats, "output_throughput", ok, 1);
    summary.input_tokens = statistics(stats, "num_input_tokens", ok, 1);
    summary.output_tokens = statistics(stats, "num_output_tokens", ok, 1);
    summary.total_tokens = statistics(stats, "total_tokens", ok, 1);
    summary.output_tokens_per_s = number(aggregated, "mean_output_throughput_tokens_per_s");
    summary.total_tokens_per_s = number(aggregated, "mean_total_tokens_throughput_tokens_per_s");
    summary.input_tokens_per_s = summary.duration_s > 0 ? summary.input_tokens.sum / summary.duration_s : 0;
    if (const json::value* errors = aggregated.if_contains("error_codes_frequency"); errors && errors->is_object()) {
      for (const auto& [code, count] : errors->as_object()) {
        if (count.is_number()) summary.errors_by_kind["http_" + std::string(code)] = count.to_number<uint64_t>();
      }
    }
    std::vector<metrics::RequestRecord> records;
    if (const json::value* requests = run.if_contains("individual_request_metrics"); requests && requests->is_array()) {
      for (const json::value& request : requests->as_array()) {
        if (request.is_object()) records.push_back(record_of(request.as_object(), summary.run.run_index, records.size(), ms_per_unit));
      }
    }
    loaded.runs.push_back(summary.run);
    loaded.summaries.push_back(std::move(summary));
    loaded.records.push_back(std::move(records));
  }
  return loaded;
}

}  // namespace genai::report
