// `genai-bench report DIR...` rebuilds the reports of experiment folders from their records;
// `genai-bench excel --experiment-folder DIR` is Python genai-bench's spelling of the Excel part.
// A folder of experiments stands for each one in it; with --group-key, `report` and `plot`
// compare the experiments instead of reporting each.
// `benchmark --excel` writes the same report at the end of a run (write_reports_for_folder).
#pragma once

#include <CLI/App.hpp>
#include <string>
#include <vector>

namespace genai::app {

struct ReportFlags {
  std::vector<std::string> folders;
  std::string excel_name = "report.xlsx";
  std::string metric_percentile = "mean";
  bool excel = true;  // FOLDER/excel_name
  bool plots = true;  // FOLDER/plots/ (gnuplot)
  bool html = true;   // FOLDER/report.html (plots inline when there are any)
  // --group-key: compare the experiments instead (comparison.h), written to comparison_dir
  // (default: beside the experiments, comparison_by_KEY).
  std::string group_key;
  std::string filter_criteria;
  std::string comparison_dir;
};

void add_report_flags(CLI::App& command, ReportFlags& flags);
// The same options under Python genai-bench's names: --experiment-folder, --excel-name, ...
// (`excel` writes the workbook only, `plot` the plots only).
void add_excel_flags(CLI::App& command, ReportFlags& flags);
void add_plot_flags(CLI::App& command, ReportFlags& flags);
int run_report_command(const ReportFlags& flags);

// Writes the reports flags asks for from the folder alone; each failure is one line, and the other
// reports are still written.
bool write_reports_for_folder(const std::string& folder, const ReportFlags& flags);

}  // namespace genai::app
