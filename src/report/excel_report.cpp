#include "report/excel_report.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "report/comparison.h"
#include "report/excel_sheet.h"
#include "report/python_fields.h"
#include "report/python_sheets.h"
#include "report/server_metrics_sheet.h"

namespace genai::report {
namespace {

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
  write_server_metrics_sheets(book, experiment, time_unit);  // only for folders with --server-metrics data
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
