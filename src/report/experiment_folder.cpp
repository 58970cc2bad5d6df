#include "report/experiment_folder.h"

#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/python_experiment.h"
#include "report/record_json.h"
#include "report/server_metrics_json.h"

namespace genai::report {
namespace {

namespace json = boost::json;

void flatten(const json::value& value, const std::string& key,
             const std::function<void(const std::string&, const std::string&)>& field) {
  if (value.is_object()) {
    for (const auto& [name, inner] : value.as_object()) {
      if (key.empty() && name == "runs") continue;
      flatten(inner, key.empty() ? std::string(name) : key + "." + std::string(name), field);
    }
    return;
  }
  field(key, value.is_string() ? std::string(value.as_string()) : json::serialize(value));
}

double number_or(const json::object& object, const char* key, double fallback) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_number() ? value->to_number<double>() : fallback;
}

std::string text_or(const json::object& object, const char* key, const std::string& fallback = {}) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : fallback;
}

}  // namespace

Result<std::string> checked_percentile(const std::string& percentile) {
  for (const char* known : {"mean", "p25", "p50", "p75", "p90", "p95", "p99"}) {
    if (percentile == known) return percentile;
  }
  return make_error("--metric-percentile: '" + percentile + "' is not mean, p25, p50, p75, p90, p95 or p99");
}

std::optional<double> statistic_value(const metrics::Statistics& stats, const std::string& name) {
  const std::pair<const char*, double> named[] = {
      {"mean", stats.mean}, {"min", stats.min}, {"max", stats.max}, {"stddev", stats.std}, {"std", stats.std},
      {"sum", stats.sum},   {"p25", stats.p25}, {"p50", stats.p50}, {"p75", stats.p75},    {"p90", stats.p90},
      {"p95", stats.p95},   {"p99", stats.p99}, {"p99.9", stats.p999}};
  for (const auto& [known, value] : named) {
    if (name == known) return value;
  }
  return std::nullopt;
}

Result<std::string> checked_time_unit(const std::string& unit) {
  std::string lower;
  for (char c : unit) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "s" || lower == "ms") return lower;
  return make_error("--metrics-time-unit: '" + unit + "' is not s or ms");
}

double scale_from_ms(const std::string& unit) { return unit == "s" ? 1e-3 : 1.0; }

void for_each_metadata_field(const json::object& experiment,
                             const std::function<void(const std::string&, const std::string&)>& field) {
  flatten(experiment, "", field);
}

Result<json::object> read_json_object(const std::string& path) {
  std::ifstream file(path);
  if (!file) return make_error("cannot open '" + path + "'");
  std::stringstream contents;
  contents << file.rdbuf();
  json::error_code error;
  json::value value = json::parse(contents.str(), error);
  if (error || !value.is_object()) return make_error(path + ": not a JSON object");
  return std::move(value.as_object());
}

json::object run_description_to_json(const metrics::RunDescription& run) {
  json::object object{{"run_index", run.run_index},       {"scenario", run.scenario},
                      {"iteration_type", run.iteration_type}, {"concurrency", run.concurrency},
                      {"warmup_ratio", run.warmup_ratio}, {"cooldown_ratio", run.cooldown_ratio}};
  if (run.open_loop()) {
    object["request_rate"] = run.request_rate;
    object["arrival"] = run.arrival;
  }
  if (run.iteration_type == "batch_size") object["batch_size"] = run.batch_size;
  if (run.slo) {
    json::object slo;
    if (run.slo->ttft_ms) slo["ttft_ms"] = *run.slo->ttft_ms;
    if (run.slo->tpot_ms) slo["tpot_ms"] = *run.slo->tpot_ms;
    if (run.slo->e2e_ms) slo["e2e_ms"] = *run.slo->e2e_ms;
    object["slo"] = std::move(slo);
  }
  return object;
}

metrics::RunDescription run_description_from_json(const json::object& object) {
  metrics::RunDescription run;
  run.run_index = static_cast<uint32_t>(number_or(object, "run_index", 0));
  run.scenario = text_or(object, "scenario");
  run.iteration_type = text_or(object, "iteration_type", "num_concurrency");
  run.concurrency = static_cast<int64_t>(number_or(object, "concurrency", 0));
  run.warmup_ratio = number_or(object, "warmup_ratio", 0);
  run.cooldown_ratio = number_or(object, "cooldown_ratio", 0);
  run.request_rate = number_or(object, "request_rate", 0);
  run.arrival = text_or(object, "arrival");
  run.batch_size = static_cast<int64_t>(number_or(object, "batch_size", 0));
  if (const json::value* slo = object.if_contains("slo"); slo != nullptr && slo->is_object()) {
    metrics::Slo limits;
    auto limit = [&](const char* key) -> std::optional<double> {
      const json::value* value = slo->as_object().if_contains(key);
      return value != nullptr && value->is_number() ? std::optional(value->to_number<double>()) : std::nullopt;
    };
    limits.ttft_ms = limit("ttft_ms");
    limits.tpot_ms = limit("tpot_ms");
    limits.e2e_ms = limit("e2e_ms");
    if (limits.any()) run.slo = limits;
  }
  return run;
}

Result<LoadedExperiment> load_experiment_folder(const std::string& folder) {
  LoadedExperiment loaded;
  loaded.folder = folder;
  const std::string experiment_path = folder + "/experiment.json";
  std::error_code exists_error;
  if (!std::filesystem::exists(experiment_path, exists_error) &&
      std::filesystem::exists(folder + "/experiment_metadata.json", exists_error)) {
    return load_python_experiment_folder(folder);  // written by the Python genai-bench
  }
  auto experiment = read_json_object(experiment_path);
  if (!experiment) return make_error(experiment.error() + " (not a genai-bench experiment folder?)");
  loaded.experiment = std::move(*experiment);
  const json::value* runs = loaded.experiment.if_contains("runs");
  if (runs == nullptr || !runs->is_array()) return make_error(experiment_path + ": \"runs\" is missing");
  for (const json::value& run : runs->as_array()) {
    if (!run.is_object()) return make_error(experiment_path + ": each of \"runs\" must be an object");
    loaded.runs.push_back(run_description_from_json(run.as_object()));
  }
  loaded.records.resize(loaded.runs.size());

  const std::string records_path = folder + "/records.jsonl";
  std::ifstream records_file(records_path);
  if (!records_file) return make_error("cannot open '" + records_path + "'");
  std::string line;
  for (int line_number = 1; std::getline(records_file, line); ++line_number) {
    if (line.empty()) continue;
    auto record = record_from_json_line(line);
    const std::string where = records_path + ":" + std::to_string(line_number);
    if (!record) {
      // Only the last line can be torn (a write cut by a full disk or a kill); it has no newline.
      if (records_file.eof()) {
        loaded.warnings.push_back(where + ": the last record is incomplete (" + record.error() + "); skipped");
        break;
      }
      return make_error(where + ": " + record.error());
    }
    if (record->run_index >= loaded.records.size()) {
      return make_error(where + ": run " + std::to_string(record->run_index) + " is not in experiment.json");
    }
    loaded.records[record->run_index].push_back(std::move(*record));
  }
  for (size_t run = 0; run < loaded.runs.size(); ++run) {
    std::vector<const metrics::RequestRecord*> pointers;
    for (const auto& record : loaded.records[run]) pointers.push_back(&record);
    loaded.summaries.push_back(metrics::summarize_run(loaded.runs[run], pointers));
  }
  restore_server_metrics(folder + "/summary.json", loaded.summaries);  // --server-metrics: not in the records
  return loaded;
}

}  // namespace genai::report
