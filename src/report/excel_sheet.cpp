#include "report/excel_sheet.h"

#include <algorithm>
#include <cmath>

#include "report/comparison.h"

namespace genai::report {

Sheet::Sheet(lxw_workbook* workbook, const char* name, lxw_format* header)
    : sheet_(workbook_add_worksheet(workbook, name)), header_(header) {}

void Sheet::header(const std::vector<std::string>& names) {
  for (size_t c = 0; c < names.size(); ++c) text(0, c, names[c], header_);
  worksheet_freeze_panes(sheet_, 1, 0);
}

void Sheet::text(size_t row, size_t column, const std::string& value, lxw_format* format) {
  worksheet_write_string(sheet_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), value.c_str(), format);
  fit(column, value.size());
}

void Sheet::number(size_t row, size_t column, double value, lxw_format* format) {
  if (std::isnan(value)) return;
  worksheet_write_number(sheet_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), value, format);
  fit(column, 10);
}

void Sheet::maybe(size_t row, size_t column, std::optional<double> value, lxw_format* format) {
  if (value) number(row, column, *value, format);
}

void Sheet::finish() {
  for (size_t c = 0; c < widths_.size(); ++c) {
    worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         static_cast<double>(std::min<size_t>(60, widths_[c] + 2)), nullptr);
  }
}

void Sheet::fit(size_t column, size_t width) {
  if (widths_.size() <= column) widths_.resize(column + 1, 8);
  widths_[column] = std::max(widths_[column], width);
}

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

std::optional<double> stat_or_none(const metrics::Statistics& stats, const std::string& percentile, double scale) {
  if (stats.count == 0) return std::nullopt;
  const std::optional<double> value = statistic_value(stats, percentile);
  return value ? std::optional(*value * scale) : std::nullopt;
}

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

std::string gpu_type(const LoadedExperiment& experiment) {
  std::string count = metadata_value(experiment, "server_gpu_count");
  std::string type = metadata_value(experiment, "server_gpu_type");
  return (count.empty() ? "None" : count) + "x" + (type.empty() ? "None" : type);
}

}  // namespace genai::report
