// Experiment folders written by the Python genai-bench (experiment_metadata.json and one JSON file
// per run with "aggregated_metrics" and "individual_request_metrics", times in seconds), read into
// the same LoadedExperiment our own folders give, so `report` and `excel` serve its users' history.
// Its statistics are taken as it computed them (seconds turned into milliseconds); it has no p99.9
// (NaN: an empty cell) and no ITL. Its requests carry no absolute times: their records start at 0
// and hold each request's TTFT and end-to-end latency as offsets.
#pragma once

#include <string>

#include "common/result.h"
#include "report/experiment_folder.h"

namespace genai::report {

Result<LoadedExperiment> load_python_experiment_folder(const std::string& folder);

}  // namespace genai::report
