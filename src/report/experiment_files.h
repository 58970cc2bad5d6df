// The experiment folder's own files: experiment.json, summary.json and summary.csv.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "metrics/summary.h"
#include "report/experiment_info.h"

namespace genai::report {

Status write_experiment_json(const ExperimentInfo& info, const std::string& folder);
// summary.json: a list of run summaries; the field names are a contract (docs/METRICS.md).
Status write_summary_json(const std::vector<metrics::RunSummary>& summaries, const std::string& folder);
// summary.csv: the same, one flat row per run.
Status write_summary_csv(const std::vector<metrics::RunSummary>& summaries, const std::string& folder);

}  // namespace genai::report
