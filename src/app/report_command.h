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
  std::string excel_name = "report.xlsx";  // ".xlsx" is added when missing, as Python does
  std::string metric_percentile = "mean";
  // Latencies in the workbook and plots: ms (our default) or s (Python genai-bench's default).
  std::string metrics_time_unit = "ms";
  bool excel = true;  // FOLDER/excel_name
  bool plots = true;  // FOLDER/plots/ (gnuplot)
  bool html = true;   // FOLDER/report.html (plots inline when there are any)
  // --group-key: compare the experiments instead (comparison.h), written to comparison_dir
  // (default: beside the experiments, comparison_by_KEY).
  std::string group_key;
  std::string filter_criteria;
  std::string comparison_dir;
  // `plot` only: Python genai-bench's layouts (config_plots.h). A preset wins over a file, as in
  // Python; --list-fields and --validate-only print and exit without drawing.
  std::string preset;
  std::string plot_config;
  bool list_fields = false;
  bool validate_only = false;
  bool verbose = false;
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

// What Python genai-bench's `benchmark` writes at the end of every experiment, in its names:
// FOLDER/NAME_summary.xlsx (NAME: the folder's own name; our workbook, which carries Python's
// Appendix and Aggregated Metrics sheets too) and its 2x4_default figure (2x4_tts for the
// text-to-speech task) grouped by traffic scenario: FOLDER/traffic_scenario_combined_plots_2x4.png
// (and .svg) and each panel as FOLDER/traffic_scenario_TITLE.png, scripts and data in
// FOLDER/plots/. `percentile`: as checked_percentile; `time_unit`: "s" or "ms" (checked_time_unit).
// Each failure is one line on stderr and the other file is still written; false if any failed.
bool write_python_end_of_experiment_reports(const std::string& folder, const std::string& percentile,
                                            const std::string& time_unit);

}  // namespace genai::app
