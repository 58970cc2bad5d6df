// What every workbook of report/ shares (libxlsxwriter): a worksheet written cell by cell that
// sizes its columns at the end, a new workbook with the header and decimal formats, and the runs
// of an experiment in the order the sheets list them.
#pragma once

#include <xlsxwriter.h>

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "metrics/summary.h"
#include "report/experiment_folder.h"

namespace genai::report {

// One worksheet, written row by row; remembers each column's widest text to size it at the end.
class Sheet {
 public:
  Sheet(lxw_workbook* workbook, const char* name, lxw_format* header);

  void header(const std::vector<std::string>& names);
  void text(size_t row, size_t column, const std::string& value, lxw_format* format = nullptr);
  // NaN (a statistic not computed, as p99.9 of a Python genai-bench folder) is an empty cell.
  void number(size_t row, size_t column, double value, lxw_format* format = nullptr);
  // Absent metrics stay empty cells, never zero.
  void maybe(size_t row, size_t column, std::optional<double> value, lxw_format* format = nullptr);
  void finish();
  lxw_worksheet* get() const { return sheet_; }

 private:
  void fit(size_t column, size_t width);
  lxw_worksheet* sheet_;
  lxw_format* header_;
  std::vector<size_t> widths_;
};

// A new workbook with the two formats every sheet uses; `workbook` is null when the file cannot
// be created. The same folder gives the same file, byte for byte.
struct Workbook {
  lxw_workbook* workbook = nullptr;
  lxw_format* header = nullptr;
  lxw_format* decimals = nullptr;
};
Workbook new_workbook(const std::string& path);
Status close_workbook(lxw_workbook* workbook, const std::string& path);

// A statistic (mean, p25 ... p99) of a metric, scaled; nothing when no request had the metric.
std::optional<double> stat_or_none(const metrics::Statistics& stats, const std::string& percentile, double scale = 1);
// The runs by scenario (in first-run order), each scenario's runs by load.
std::vector<const metrics::RunSummary*> runs_by_scenario(const LoadedExperiment& experiment);
// Python's "GPU Type" column: COUNTxTYPE from the server description.
std::string gpu_type(const LoadedExperiment& experiment);

}  // namespace genai::report
