// The files Python genai-bench writes, so its `excel` and `plot` commands (and its users'
// scripts) work on our experiment folders: experiment_metadata.json and one
// {scenario}_{task}_{iteration_type}_{value}_time_{seconds}s.json per run, times in seconds.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "metrics/record.h"
#include "metrics/summary.h"
#include "report/experiment_info.h"

namespace genai::report {

Status write_genai_bench_metadata(const ExperimentInfo& info, const std::string& folder);
// `records` are the run's records (all of them; the window is applied as in summarize_run).
Status write_genai_bench_run(const ExperimentInfo& info, const metrics::RunSummary& summary,
                             const std::vector<const metrics::RequestRecord*>& records, const std::string& folder);
// Python's name for a run's file: SCENARIO_TASK_ITERATIONTYPE_VALUE_time_Ns.json, N the run's
// whole seconds as Python counts them (one-second ticks until it ended: at least 1, at most
// --max-time-per-run).
std::string genai_bench_run_file_name(const ExperimentInfo& info, const metrics::RunSummary& summary,
                                      double run_elapsed_s);

}  // namespace genai::report
