#include "report/python_sheets.h"

#include <cmath>
#include <map>

#include "metrics/request_metrics.h"
#include "report/comparison.h"
#include "report/python_fields.h"

namespace genai::report {
namespace {

// Python's names for its five default chat scenarios, the Summary's "Use Case" and its first rows.
const std::vector<std::pair<std::string, std::string>>& python_use_cases() {
  static const std::vector<std::pair<std::string, std::string>> cases = {
      {"N(480,240)/(300,150)", "Scenario 1: Fusion N(480,240)/(300,150)"},
      {"D(100,100)", "Scenario 2: Chatbot/Dialog D(100,100)"},
      {"D(100,1000)", "Scenario 3: Generation Heavy D(100,1000)"},
      {"D(2000,200)", "Scenario 4: Typical RAG D(2000,200)"},
      {"D(7800,200)", "Scenario 5: Heavier RAG D(7800,200)"}};
  return cases;
}

// The experiment's scenarios as Python lists them in its Summary: its five named ones first (in
// its order), then the others as the runs had them.
std::vector<std::string> scenarios_in_python_order(const LoadedExperiment& experiment) {
  std::vector<std::string> present, ordered;
  for (const metrics::RunSummary& s : experiment.summaries) {
    if (std::find(present.begin(), present.end(), s.run.scenario) == present.end()) present.push_back(s.run.scenario);
  }
  for (const auto& [scenario, name] : python_use_cases()) {
    if (std::find(present.begin(), present.end(), scenario) != present.end()) ordered.push_back(scenario);
  }
  for (const std::string& scenario : present) {
    if (std::find(ordered.begin(), ordered.end(), scenario) == ordered.end()) ordered.push_back(scenario);
  }
  return ordered;
}

std::string use_case(const std::string& scenario) {
  for (const auto& [known, name] : python_use_cases()) {
    if (known == scenario) return name;
  }
  return scenario;
}

double iteration_of(const metrics::RunSummary& s, bool batches) {
  return batches ? static_cast<double>(s.run.batch_size) : static_cast<double>(s.run.concurrency);
}

// Python's test for "more load bought nothing": total tokens/s and requests/s both within 5% of
// the lower load's.
bool within_five_percent(const metrics::RunSummary& current, const metrics::RunSummary& previous) {
  if (previous.total_tokens_per_s <= 0 || previous.requests_per_s <= 0) return false;
  return std::fabs(current.total_tokens_per_s - previous.total_tokens_per_s) / previous.total_tokens_per_s < 0.05 &&
         std::fabs(current.requests_per_s - previous.requests_per_s) / previous.requests_per_s < 0.05;
}

}  // namespace

PythonSummary python_summary(const LoadedExperiment& experiment, const std::string& p) {
  const std::string task = metadata_value(experiment, "task");
  const bool embeddings = task.find("embeddings") != std::string::npos || task.find("rerank") != std::string::npos;
  const bool speech = task == "text-to-speech";
  const bool batches = !experiment.summaries.empty() && experiment.summaries.front().run.iteration_type == "batch_size";
  const double threshold = embeddings ? 100 : 10;
  const std::string threshold_text = embeddings ? "100" : "10";
  PythonSummary summary;
  summary.speech = speech;
  summary.load_header = speech    ? "Concurrency at max audio throughput"
                        : batches ? "Batch Size at target throughput (>" + threshold_text + " tokens/s)"
                                  : "Concurrency at target speed (>" + threshold_text + " tokens/s)";
  summary.value_header = speech ? "Max Audio Throughput (bytes/s)" : "Total Throughput (tokens/min)";
  const std::vector<const metrics::RunSummary*> runs = runs_by_scenario(experiment);
  for (const std::string& scenario : scenarios_in_python_order(experiment)) {
    const metrics::RunSummary* chosen = nullptr;
    double best_audio = 0;
    for (const metrics::RunSummary* s : runs) {
      if (s->run.scenario != scenario) continue;
      if (speech) {
        const std::optional<double> audio = stat_or_none(s->audio_throughput_bps, p);
        if (audio && *audio > best_audio) {
          best_audio = *audio;
          chosen = s;
        }
        continue;
      }
      const std::optional<double> value =
          embeddings ? std::optional(s->total_tokens_per_s) : stat_or_none(s->output_speed_tps, p);
      if (!value || *value <= threshold) continue;
      if (chosen != nullptr && iteration_of(*s, batches) > iteration_of(*chosen, batches) && within_five_percent(*s, *chosen)) break;
      if (chosen == nullptr || iteration_of(*s, batches) > iteration_of(*chosen, batches)) chosen = s;
    }
    PythonSummaryRow row{use_case(scenario), std::nullopt, std::nullopt};
    if (chosen != nullptr) {
      row.load = iteration_of(*chosen, batches);
      row.value = speech ? best_audio : chosen->total_tokens_per_s * 60;
    } else if (speech) {
      row.value = 0;  // Python shows its starting maximum
    }
    summary.rows.push_back(std::move(row));
  }
  return summary;
}

namespace {

void write_python_summary(Sheet& sheet, const LoadedExperiment& experiment, const std::string& p, lxw_format* decimals) {
  const PythonSummary summary = python_summary(experiment, p);
  sheet.header({"GPU Type", "Use Case", summary.load_header, summary.value_header});
  const std::string gpu = gpu_type(experiment);
  size_t row = 1;
  for (const PythonSummaryRow& line : summary.rows) {
    sheet.text(row, 0, gpu);
    sheet.text(row, 1, line.use_case);
    if (line.load) sheet.number(row, 2, *line.load);
    else sheet.text(row, 2, "N/A");
    if (line.value) sheet.number(row, 3, *line.value, decimals);
    else sheet.text(row, 3, "N/A");
    ++row;
  }
  sheet.finish();
}

// Python's Individual Request Metrics: a row per request, in its fields (latencies in `unit`).
void write_python_request_metrics(Sheet& sheet, const LoadedExperiment& experiment, const std::string& unit,
                                  lxw_format* decimals) {
  const double scale = scale_from_ms(unit);
  const bool batches = !experiment.summaries.empty() && experiment.summaries.front().run.iteration_type == "batch_size";
  sheet.header({"scenario", batches ? "batch_size" : "num_concurrency", "ttft (" + unit + ")", "tpot (" + unit + ")",
                "e2e_latency (" + unit + ")", "output_latency (" + unit + ")", "output_inference_speed", "num_input_tokens",
                "num_output_tokens", "num_reasoning_tokens", "total_tokens", "input_throughput", "output_throughput",
                "audio_throughput", "error_code", "error_message"});
  size_t row = 1;
  for (const metrics::RunSummary* s : runs_by_scenario(experiment)) {
    for (const metrics::RequestRecord& record : experiment.records[s->run.run_index]) {
      const metrics::RequestMetrics derived = metrics::derive_request_metrics(record);
      auto scaled = [&](const std::optional<double>& value) { return value ? std::optional(*value * scale) : std::nullopt; };
      size_t column = 0;
      sheet.text(row, column++, s->run.scenario);
      sheet.number(row, column++, iteration_of(*s, batches));
      for (const auto& value : {scaled(derived.ttft_ms), scaled(derived.tpot_ms), scaled(derived.e2e_ms),
                                scaled(derived.output_latency_ms), derived.output_speed_tps}) {
        sheet.maybe(row, column++, value, decimals);
      }
      sheet.number(row, column++, static_cast<double>(record.input_tokens));
      sheet.number(row, column++, static_cast<double>(record.output_tokens));
      ++column;  // num_reasoning_tokens: not counted here
      sheet.number(row, column++, static_cast<double>(record.input_tokens + record.output_tokens));
      for (const auto& value : {derived.input_throughput_tps, derived.output_throughput_tps, derived.audio_throughput_bps}) {
        sheet.maybe(row, column++, value, decimals);
      }
      if (!record.ok()) {
        if (record.http_status > 0) sheet.number(row, column, record.http_status);
        sheet.text(row, column + 1, record.error_message);
      }
      ++row;
    }
  }
  sheet.finish();
}

}  // namespace

// Python's Appendix sheet: one row per run at the chosen statistic, in its column names.
void write_python_appendix(Sheet& sheet, const LoadedExperiment& experiment, const std::string& p,
                           const std::string& unit, lxw_format* decimals) {
  const double scale = scale_from_ms(unit);
  const std::string task = metadata_value(experiment, "task");
  const bool embeddings = task.find("embeddings") != std::string::npos || task.find("rerank") != std::string::npos;
  const bool batches = !experiment.summaries.empty() && experiment.summaries.front().run.iteration_type == "batch_size";
  const bool speech = task == "text-to-speech";
  std::vector<std::string> headers = {"GPU Type", "Use Case", batches ? "Batch Size" : "Concurrency",
                                      (speech ? "TTFB (" : "TTFT (") + unit + ")"};
  if (speech) {
    headers.insert(headers.end(), {"Audio Throughput per Request (bytes/s)",
                                   "End-to-End Latency per Request (" + unit + ")", "Request Throughput (RPS)"});
  } else if (embeddings) {
    for (const char* name : {"End-to-End Latency per Request (", "Request Throughput (RPS)",
                             "Total Throughput (Input + Output) of Server (tokens/s)"}) {
      headers.push_back(std::string(name).back() == '(' ? std::string(name) + unit + ")" : name);
    }
  } else {
    headers.insert(headers.end(), {"Output Inference Speed per Request (tokens/s)", "Output Throughput of Server (tokens/s)",
                                   "End-to-End Latency per Request (" + unit + ")", "Request Throughput (RPS)",
                                   "Total Throughput (Input + Output) of Server (tokens/s)"});
  }
  sheet.header(headers);
  const std::string gpu = gpu_type(experiment);
  size_t row = 1;
  for (const metrics::RunSummary* s : runs_by_scenario(experiment)) {
    size_t column = 0;
    sheet.text(row, column++, gpu);
    sheet.text(row, column++, s->run.scenario);
    sheet.number(row, column++, batches ? static_cast<double>(s->run.batch_size) : static_cast<double>(s->run.concurrency));
    sheet.maybe(row, column++, stat_or_none(s->ttft_ms, p, scale), decimals);
    if (speech) {
      sheet.maybe(row, column++, stat_or_none(s->audio_throughput_bps, p), decimals);
      sheet.maybe(row, column++, stat_or_none(s->e2e_ms, p, scale), decimals);
      sheet.number(row, column++, s->requests_per_s, decimals);
      ++row;
      continue;
    }
    if (!embeddings) {
      sheet.maybe(row, column++, stat_or_none(s->output_speed_tps, p), decimals);
      sheet.number(row, column++, s->output_tokens_per_s, decimals);
    }
    sheet.maybe(row, column++, stat_or_none(s->e2e_ms, p, scale), decimals);
    sheet.number(row, column++, s->requests_per_s, decimals);
    sheet.number(row, column++, s->total_tokens_per_s, decimals);
    ++row;
  }
  sheet.finish();
}

// Python's "Aggregated Metrics for Each Run": its aggregated fields, then each metric's statistics
// as a JSON object (latencies in the chosen unit, named "ttft (s)" and so on as Python does).
void write_python_aggregated(Sheet& sheet, const LoadedExperiment& experiment, const std::string& unit,
                             lxw_format* decimals) {
  const double scale = scale_from_ms(unit);
  const bool batches = !experiment.summaries.empty() && experiment.summaries.front().run.iteration_type == "batch_size";
  const std::vector<std::string> direct = {"run_duration", "mean_output_throughput_tokens_per_s",
                                           "mean_input_throughput_tokens_per_s", "mean_total_tokens_throughput_tokens_per_s",
                                           "requests_per_second", "error_codes_frequency", "error_rate",
                                           "num_error_requests", "num_completed_requests", "num_requests"};
  std::vector<std::string> headers = {"scenario", batches ? "batch_size" : "num_concurrency"};
  headers.insert(headers.end(), direct.begin(), direct.end());
  for (const std::string& metric : python_stats_metrics()) {
    headers.push_back(is_latency_field(metric) ? metric + " (" + unit + ")" : metric);
  }
  sheet.header(headers);
  size_t row = 1;
  for (const metrics::RunSummary* s : runs_by_scenario(experiment)) {
    size_t column = 0;
    sheet.text(row, column++, s->run.scenario);
    sheet.number(row, column++, batches ? static_cast<double>(s->run.batch_size) : static_cast<double>(s->run.concurrency));
    for (const std::string& field : direct) {
      const FieldValue value = python_field_value(*s, field, scale);
      if (value.text) sheet.text(row, column, *value.text);
      if (value.number) sheet.number(row, column, *value.number, decimals);
      ++column;
    }
    for (const std::string& metric : python_stats_metrics()) sheet.text(row, column++, python_stats_json(*s, metric, scale));
    ++row;
  }
  sheet.finish();
}


Status write_python_workbook(const LoadedExperiment& experiment, const std::string& path, const std::string& percentile,
                             const std::string& time_unit) {
  const Workbook book = new_workbook(path);
  if (book.workbook == nullptr) return make_error("cannot create '" + path + "'");
  Sheet summary(book.workbook, "Summary", book.header);
  write_python_summary(summary, experiment, percentile, book.decimals);
  Sheet appendix(book.workbook, "Appendix", book.header);
  write_python_appendix(appendix, experiment, percentile, time_unit, book.decimals);
  Sheet metadata(book.workbook, "Experiment Metadata", book.header);
  metadata.header({"Field", "Value"});
  size_t row = 1;
  for_each_metadata_field(experiment.experiment, [&](const std::string& key, const std::string& value) {
    metadata.text(row, 0, key);
    metadata.text(row++, 1, value);
  });
  metadata.finish();
  Sheet aggregated(book.workbook, "Aggregated Metrics for Each Run", book.header);
  write_python_aggregated(aggregated, experiment, time_unit, book.decimals);
  Sheet requests(book.workbook, "Individual Request Metrics", book.header);
  write_python_request_metrics(requests, experiment, time_unit, book.decimals);
  return close_workbook(book.workbook, path);
}

}  // namespace genai::report
