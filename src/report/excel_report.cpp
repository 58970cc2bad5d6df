#include "report/excel_report.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "report/comparison.h"
#include "report/python_fields.h"

namespace genai::report {
namespace {


// One worksheet, written row by row; remembers each column's widest text to size it at the end.
class Sheet {
 public:
  Sheet(lxw_workbook* workbook, const char* name, lxw_format* header) : sheet_(workbook_add_worksheet(workbook, name)), header_(header) {}

  void header(const std::vector<std::string>& names) {
    for (size_t c = 0; c < names.size(); ++c) text(0, c, names[c], header_);
    worksheet_freeze_panes(sheet_, 1, 0);
  }
  void text(size_t row, size_t column, const std::string& value, lxw_format* format = nullptr) {
    worksheet_write_string(sheet_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), value.c_str(), format);
    fit(column, value.size());
  }
  void number(size_t row, size_t column, double value, lxw_format* format = nullptr) {
    if (std::isnan(value)) return;  // not computed (p99.9 of a Python genai-bench folder): an empty cell
    worksheet_write_number(sheet_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), value, format);
    fit(column, 10);
  }
  // Absent metrics stay empty cells, never zero.
  void maybe(size_t row, size_t column, std::optional<double> value, lxw_format* format = nullptr) {
    if (value) number(row, column, *value, format);
  }
  void finish() {
    for (size_t c = 0; c < widths_.size(); ++c) {
      worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(std::min<size_t>(60, widths_[c] + 2)), nullptr);
    }
  }
  lxw_worksheet* get() const { return sheet_; }

 private:
  void fit(size_t column, size_t width) {
    if (widths_.size() <= column) widths_.resize(column + 1, 8);
    widths_[column] = std::max(widths_[column], width);
  }
  lxw_worksheet* sheet_;
  lxw_format* header_;
  std::vector<size_t> widths_;
};

std::optional<double> stat_or_none(const metrics::Statistics& stats, const std::string& percentile, double scale = 1) {
  if (stats.count == 0) return std::nullopt;
  const std::optional<double> value = statistic_value(stats, percentile);
  return value ? std::optional(*value * scale) : std::nullopt;
}

// A Summary row: the run, with the columns a comparison puts before it (group, experiment).
struct SummaryRow {
  std::vector<std::string> leading;
  const metrics::RunSummary* summary;
};

void write_summary(Sheet& sheet, const std::vector<std::string>& leading_headers, const std::vector<SummaryRow>& rows,
                   const std::string& p, const std::string& unit, lxw_format* decimals) {
  const double scale = scale_from_ms(unit);
  std::vector<std::string> headers = leading_headers;
  for (const std::string& name :
       {std::string("Run"), std::string("Scenario"), std::string("Iteration"), std::string("Concurrency"),
        std::string("Request rate (req/s)"), std::string("Batch size"), std::string("Requests"), std::string("OK"),
        std::string("Failed"), std::string("Duration (s)"), std::string("Requests/s"), std::string("Input tokens/s"),
        std::string("Output tokens/s"), std::string("Total tokens/s"), "TTFT " + p + " (" + unit + ")", "TPOT " + p + " (" + unit + ")",
        "ITL " + p + " (" + unit + ")", "E2E " + p + " (" + unit + ")", "Output speed " + p + " (tokens/s)", std::string("Goodput (req/s)")}) {
    headers.push_back(name);
  }
  sheet.header(headers);
  size_t row = 1;
  for (const SummaryRow& summary_row : rows) {
    const metrics::RunSummary& s = *summary_row.summary;
    size_t column = 0;
    for (const std::string& text : summary_row.leading) sheet.text(row, column++, text);
    sheet.number(row, column++, s.run.run_index);
    sheet.text(row, column++, s.run.scenario);
    sheet.text(row, column++, s.run.iteration_type);
    sheet.number(row, column++, static_cast<double>(s.run.concurrency));
    sheet.maybe(row, column++, s.run.open_loop() ? std::optional(s.run.request_rate) : std::nullopt, decimals);
    sheet.maybe(row, column++, s.run.iteration_type == "batch_size" ? std::optional<double>(s.run.batch_size) : std::nullopt);
    sheet.number(row, column++, static_cast<double>(s.requests_total));
    sheet.number(row, column++, static_cast<double>(s.requests_ok));
    sheet.number(row, column++, static_cast<double>(s.requests_failed));
    sheet.number(row, column++, s.duration_s, decimals);
    sheet.number(row, column++, s.requests_per_s, decimals);
    sheet.number(row, column++, s.input_tokens_per_s, decimals);
    sheet.maybe(row, column++, s.output_tokens.count > 0 ? std::optional(s.output_tokens_per_s) : std::nullopt, decimals);
    sheet.number(row, column++, s.total_tokens_per_s, decimals);
    for (const metrics::Statistics* stats : {&s.ttft_ms, &s.tpot_ms, &s.itl_ms, &s.e2e_ms}) {
      sheet.maybe(row, column++, stat_or_none(*stats, p, scale), decimals);
    }
    sheet.maybe(row, column++, stat_or_none(s.output_speed_tps, p), decimals);
    sheet.maybe(row, column++, s.run.slo ? std::optional(s.goodput_requests_per_s) : std::nullopt, decimals);
    ++row;
  }
  sheet.finish();
}

void write_percentiles(Sheet& sheet, const LoadedExperiment& experiment, const std::string& unit, lxw_format* decimals) {
  const std::string time = "(" + unit + ")";
  sheet.header({"Run", "Scenario", "Load", "Metric", "Unit", "Count", "Mean", "Min", "Max", "Std", "P50", "P90", "P95",
                "P99", "P99.9"});
  size_t row = 1;
  for (const metrics::RunSummary& s : experiment.summaries) {
    const std::pair<std::string, const metrics::Statistics*> metrics[] = {
        {"TTFT " + time, &s.ttft_ms},       {"TPOT " + time, &s.tpot_ms},      {"ITL " + time, &s.itl_ms},
        {"E2E " + time, &s.e2e_ms},         {"Output speed (tokens/s)", &s.output_speed_tps},
        {"Input tokens", &s.input_tokens},  {"Output tokens", &s.output_tokens}};
    for (const auto& [name, stats] : metrics) {
      const std::string label = name;
      const size_t open = label.find(" (");
      sheet.number(row, 0, s.run.run_index);
      sheet.text(row, 1, s.run.scenario);
      sheet.text(row, 2, s.run.load_label());
      sheet.text(row, 3, open == std::string::npos ? label : label.substr(0, open));
      sheet.text(row, 4, open == std::string::npos ? "tokens" : label.substr(open + 2, label.size() - open - 3));
      sheet.number(row, 5, static_cast<double>(stats->count));
      if (stats->count > 0) {
        const double scale = label.find(time) != std::string::npos ? scale_from_ms(unit) : 1.0;
        size_t column = 6;
        for (double value : {stats->mean, stats->min, stats->max, stats->std, stats->p50, stats->p90, stats->p95,
                             stats->p99, stats->p999}) {
          sheet.number(row, column++, value * scale, decimals);
        }
      }
      ++row;
    }
  }
  sheet.finish();
}

void write_raw_data(Sheet& sheet, const LoadedExperiment& experiment) {
  sheet.header({"run", "request", "session", "turn", "ok", "t_sched_ns", "t_start_ns", "t_connected_ns", "t_first_ns",
                "t_end_ns", "input_tokens", "input_source", "output_tokens", "output_source", "input_chars",
                "output_chars", "http_status", "attempts", "read_delay_max_us", "error_kind", "error_message",
                "retry_error_kinds", "itl_us"});
  size_t row = 1;
  for (const auto& run_records : experiment.records) {
    for (const metrics::RequestRecord& r : run_records) {
      size_t c = 0;
      sheet.number(row, c++, r.run_index);
      sheet.number(row, c++, static_cast<double>(r.request_index));
      sheet.maybe(row, c++, r.session >= 0 ? std::optional<double>(r.session) : std::nullopt);
      sheet.maybe(row, c++, r.session >= 0 ? std::optional<double>(r.turn) : std::nullopt);
      sheet.text(row, c++, r.ok() ? "true" : "false");
      for (int64_t t : {r.t_sched_ns, r.t_start_ns, r.t_connected_ns, r.t_first_ns, r.t_end_ns}) {
        sheet.maybe(row, c++, t != metrics::kNoTime ? std::optional<double>(static_cast<double>(t)) : std::nullopt);
      }
      sheet.number(row, c++, static_cast<double>(r.input_tokens));
      sheet.text(row, c++, std::string(metrics::to_string(r.input_source)));
      sheet.number(row, c++, static_cast<double>(r.output_tokens));
      sheet.text(row, c++, std::string(metrics::to_string(r.output_source)));
      sheet.number(row, c++, static_cast<double>(r.input_chars));
      sheet.number(row, c++, static_cast<double>(r.output_chars));
      sheet.number(row, c++, r.http_status);
      sheet.number(row, c++, r.attempts);
      sheet.number(row, c++, r.read_delay_max_us);
      sheet.text(row, c++, r.error_kind);
      sheet.text(row, c++, r.error_message);
      std::string kinds;
      for (const auto& kind : r.retry_error_kinds) kinds += (kinds.empty() ? "" : ",") + kind;
      sheet.text(row, c++, kinds);
      // A cell holds at most 32,767 characters: very long streams keep their first gaps.
      std::string gaps;
      for (uint32_t gap : r.itl_us) {
        const std::string next = (gaps.empty() ? "" : ",") + std::to_string(gap);
        if (gaps.size() + next.size() > 32000) break;
        gaps += next;
      }
      sheet.text(row, c++, gaps);
      ++row;
    }
  }
  sheet.finish();
}

void write_metadata(Sheet& sheet, const LoadedExperiment& experiment) {
  sheet.header({"Field", "Value"});
  size_t row = 1;
  sheet.text(row, 0, "folder");
  sheet.text(row++, 1, experiment.folder);
  for_each_metadata_field(experiment.experiment, [&](const std::string& key, const std::string& value) {
    sheet.text(row, 0, key);
    sheet.text(row++, 1, value);
  });
  sheet.finish();
}

void write_charts(lxw_workbook* workbook, lxw_worksheet* charts, size_t runs, const std::string& p, const std::string& unit) {
  if (runs == 0) return;
  const std::string last = std::to_string(runs + 1);
  struct Plot {
    std::string title, x_name, x_column;
  };
  const Plot plots[] = {{"Output throughput vs TTFT " + p, "TTFT " + p + " (" + unit + ")", "O"},
                        {"Output throughput vs concurrency", "Concurrency", "D"}};
  int row = 1;
  for (const Plot& plot : plots) {
    lxw_chart* chart = workbook_add_chart(workbook, LXW_CHART_SCATTER);
    const std::string x = "=Summary!$" + plot.x_column + "$2:$" + plot.x_column + "$" + last;
    const std::string y = "=Summary!$M$2:$M$" + last;
    lxw_chart_series* series = chart_add_series(chart, x.c_str(), y.c_str());
    chart_series_set_name(series, "Output tokens/s");
    chart_title_set_name(chart, plot.title.c_str());
    chart_axis_set_name(chart->x_axis, plot.x_name.c_str());
    chart_axis_set_name(chart->y_axis, "Output tokens/s");
    worksheet_insert_chart(charts, static_cast<lxw_row_t>(row), 1, chart);
    row += 20;
  }
}


// Python genai-bench's runs in its order: scenario by scenario (as first seen), each by load.
std::vector<const metrics::RunSummary*> runs_by_scenario(const LoadedExperiment& experiment) {
  std::vector<std::string> scenarios;
  for (const auto& s : experiment.summaries) {
    if (std::find(scenarios.begin(), scenarios.end(), s.run.scenario) == scenarios.end()) scenarios.push_back(s.run.scenario);
  }
  std::vector<const metrics::RunSummary*> runs;
  for (const std::string& scenario : scenarios) {
    const size_t first = runs.size();
    for (const auto& s : experiment.summaries) {
      if (s.run.scenario == scenario) runs.push_back(&s);
    }
    std::stable_sort(runs.begin() + static_cast<std::ptrdiff_t>(first), runs.end(),
                     [](auto* a, auto* b) { return a->run.load_value() < b->run.load_value(); });
  }
  return runs;
}

// Python's "GPU Type" column: COUNTxTYPE from the server description.
std::string gpu_type(const LoadedExperiment& experiment) {
  std::string count = metadata_value(experiment, "server_gpu_count");
  std::string type = metadata_value(experiment, "server_gpu_type");
  return (count.empty() ? "None" : count) + "x" + (type.empty() ? "None" : type);
}

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

// A new workbook with the two formats every sheet uses; null when the file cannot be created.
struct Workbook {
  lxw_workbook* workbook = nullptr;
  lxw_format* header = nullptr;
  lxw_format* decimals = nullptr;
};
Workbook new_workbook(const std::string& path) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.use_zip64 = LXW_TRUE;  // Raw Data of a long run can pass 4 GB uncompressed
  Workbook book;
  book.workbook = workbook_new_opt(path.c_str(), &options);
  if (book.workbook == nullptr) return book;
  lxw_doc_properties properties{};
  properties.title = const_cast<char*>("genai-bench report");
  properties.created = 1;  // fixed: the same folder gives the same file
  workbook_set_properties(book.workbook, &properties);
  book.header = workbook_add_format(book.workbook);
  format_set_bold(book.header);
  format_set_bottom(book.header, LXW_BORDER_THIN);
  book.decimals = workbook_add_format(book.workbook);
  format_set_num_format(book.decimals, "0.000");
  return book;
}

Status close_workbook(lxw_workbook* workbook, const std::string& path) {
  if (const lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR) {
    return make_error("cannot write '" + path + "': " + lxw_strerror(error));
  }
  return Ok{};
}

}  // namespace

Status write_excel_report(const LoadedExperiment& experiment, const std::string& path, const std::string& percentile,
                          const std::string& time_unit) {
  const Workbook book = new_workbook(path);
  if (book.workbook == nullptr) return make_error("cannot create '" + path + "'");
  lxw_workbook* workbook = book.workbook;
  lxw_format* header = book.header;
  lxw_format* decimals = book.decimals;

  Sheet summary(workbook, "Summary", header);
  std::vector<SummaryRow> rows;
  for (const metrics::RunSummary& run : experiment.summaries) rows.push_back({{}, &run});
  write_summary(summary, {}, rows, percentile, time_unit, decimals);
  Sheet raw(workbook, "Raw Data", header);
  write_raw_data(raw, experiment);
  Sheet percentiles(workbook, "Percentiles", header);
  write_percentiles(percentiles, experiment, time_unit, decimals);
  Sheet metadata(workbook, "Experiment Metadata", header);
  write_metadata(metadata, experiment);
  lxw_worksheet* charts = workbook_add_worksheet(workbook, "Charts");
  write_charts(workbook, charts, experiment.summaries.size(), percentile, time_unit);
  Sheet appendix(workbook, "Appendix", header);
  write_python_appendix(appendix, experiment, percentile, time_unit, decimals);
  Sheet aggregated(workbook, "Aggregated Metrics for Each Run", header);
  write_python_aggregated(aggregated, experiment, time_unit, decimals);
  return close_workbook(workbook, path);
}

Status write_comparison_excel(const Comparison& comparison, const std::string& path, const std::string& percentile,
                              const std::string& time_unit) {
  const Workbook book = new_workbook(path);
  if (book.workbook == nullptr) return make_error("cannot create '" + path + "'");
  Sheet runs(book.workbook, "Comparison", book.header);
  std::vector<SummaryRow> rows;
  for (const Comparison::Figure& figure : comparison.figures) {
    for (const Comparison::Line& line : figure.lines) {
      for (const metrics::RunSummary* run : line.runs) rows.push_back({{line.group, line.experiment}, run});
    }
  }
  write_summary(runs, {comparison.group_key, "Experiment"}, rows, percentile, time_unit, book.decimals);
  Sheet experiments(book.workbook, "Experiments", book.header);
  const std::vector<std::string> fields = {"model", "api_backend", "server_engine", "server_version",
                                           "server_gpu_type", "server_gpu_count", "task"};
  std::vector<std::string> headers = {"Experiment", "Folder", comparison.group_key};
  headers.insert(headers.end(), fields.begin(), fields.end());
  experiments.header(headers);
  for (size_t index = 0; index < comparison.experiments.size(); ++index) {
    const LoadedExperiment& experiment = comparison.experiments[index];
    const size_t row = index + 1;
    size_t column = 0;
    experiments.text(row, column++, metadata_value(experiment, "experiment_folder_name"));
    experiments.text(row, column++, experiment.folder);
    experiments.text(row, column++, comparison.group_values[index]);
    for (const std::string& field : fields) experiments.text(row, column++, metadata_value(experiment, field));
  }
  experiments.finish();
  return close_workbook(book.workbook, path);
}

}  // namespace genai::report
