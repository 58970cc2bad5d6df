// The Excel report of an experiment (libxlsxwriter): sheets Summary (one row per run, latencies at
// the chosen percentile), Raw Data (one row per request, every record field), Percentiles (every
// statistic of every metric per run), Experiment Metadata (experiment.json flattened) and Charts
// (native Excel scatter charts: output throughput against TTFT and against concurrency), then
// Python genai-bench's Appendix and Aggregated Metrics for Each Run. Built from a loaded
// experiment folder only, so it can be rebuilt from a copy.
#pragma once

#include <string>

#include "common/result.h"
#include "report/experiment_folder.h"

namespace genai::report {

// `percentile`: mean, p25, p50, p75, p90, p95 or p99 (--metric-percentile); `time_unit`: ms or s
// (--metrics-time-unit): latencies on every sheet but Raw Data (whose columns name their unit).
// Python genai-bench's own sheets follow ours: Appendix (its per-run table, in its column names)
// and Aggregated Metrics for Each Run (its aggregated fields, each metric's statistics as JSON).
Status write_excel_report(const LoadedExperiment& experiment, const std::string& path, const std::string& percentile,
                          const std::string& time_unit = "ms");

// Experiments compared (report --group-key): sheet Comparison (the Summary columns after the
// group's value and the experiment, one row per run of each line) and sheet Experiments (each
// experiment's folder, group value, model and server description).
struct Comparison;
Status write_comparison_excel(const Comparison& comparison, const std::string& path, const std::string& percentile,
                              const std::string& time_unit = "ms");

}  // namespace genai::report
