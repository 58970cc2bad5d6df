// The workbook's --server-metrics sheets, added only when the folder has that data: "Server
// Metrics" (a row per run and URL: summary.json's server_metrics, latencies in the workbook's
// unit) and "Server Metrics Over Time" (server_metrics_series.h in long form: t_s, URL, run,
// series, value).
#pragma once

#include <string>

#include "report/excel_sheet.h"
#include "report/experiment_folder.h"

namespace genai::report {

// `time_unit` (ms or s): the unit of the latency columns and of the TTFT series.
void write_server_metrics_sheets(const Workbook& book, const LoadedExperiment& experiment, const std::string& time_unit);

}  // namespace genai::report
