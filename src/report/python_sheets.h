// Python genai-bench's own workbook sheets, with its names and columns, so a team used to reading
// them finds them: Summary (per scenario, the highest load still above its speed target),
// Appendix (per run, at a statistic), Aggregated Metrics for Each Run, Individual Request Metrics.
// Our report.xlsx adds Appendix and Aggregated Metrics after its own sheets; the workbook Python
// writes at the end of every experiment (FOLDER_summary.xlsx) is written whole, in its layout.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "report/excel_sheet.h"
#include "report/experiment_folder.h"

namespace genai::report {

// Python's Summary: per scenario (its five named chat scenarios first), the highest load, in
// ascending order, whose per-request output speed at statistic `p` stays above 10 tokens/s
// (embeddings and rerank: the server's total throughput above 100 tokens/s), stopping once a
// higher load moved neither total tokens/s nor requests/s by 5%; with that load's total tokens
// per minute. Text-to-speech: the load of the highest audio throughput, and that throughput.
struct PythonSummaryRow {
  std::string use_case;         // "Scenario 2: Chatbot/Dialog D(100,100)", or the scenario
  std::optional<double> load;   // concurrency or batch size; none: "N/A"
  std::optional<double> value;  // tokens/min (bytes/s for speech); none: "N/A"
};
struct PythonSummary {
  bool speech = false;
  std::string load_header, value_header;
  std::vector<PythonSummaryRow> rows;
};
PythonSummary python_summary(const LoadedExperiment& experiment, const std::string& p);

// `p`: mean, p25 ... p99; `unit`: s or ms for latencies.
void write_python_appendix(Sheet& sheet, const LoadedExperiment& experiment, const std::string& p,
                           const std::string& unit, lxw_format* decimals);
void write_python_aggregated(Sheet& sheet, const LoadedExperiment& experiment, const std::string& unit,
                             lxw_format* decimals);

// Python's workbook as its benchmark and excel commands write it: sheets Summary, Appendix,
// Experiment Metadata, Aggregated Metrics for Each Run and Individual Request Metrics.
Status write_python_workbook(const LoadedExperiment& experiment, const std::string& path, const std::string& percentile,
                             const std::string& time_unit);

}  // namespace genai::report
