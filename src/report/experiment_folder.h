// Reads an experiment folder back (experiment.json and records.jsonl) and summarises its runs
// again from the records alone: every report is a pure function of the folder, so it can be
// rebuilt on another machine, later, from a copy.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "metrics/record.h"
#include "metrics/summary.h"

namespace genai::report {

struct LoadedExperiment {
  std::string folder;
  boost::json::object experiment;  // experiment.json as written
  std::vector<metrics::RunDescription> runs;
  std::vector<std::vector<metrics::RequestRecord>> records;  // by run index
  std::vector<metrics::RunSummary> summaries;                // by run index
  // False for Python genai-bench folders: their requests carry latencies but no start times, so
  // nothing can be drawn over time.
  bool request_times = true;
  // What was read past, each in one line naming the file and line (a torn last record, left by
  // a full disk or a kill mid-write); the reports are built from the rest.
  std::vector<std::string> warnings;
};

// Errors name the file (and line, for records).
Result<LoadedExperiment> load_experiment_folder(const std::string& folder);

// What every report shares:
// the --metric-percentile value, checked (Python genai-bench's choices: mean, p25, p50, p75, p90,
// p95 or p99; an error names the flag);
Result<std::string> checked_percentile(const std::string& percentile);
// a statistic by the name Python genai-bench's stats use (mean, min, max, stddev, sum, p25, p50,
// p75, p90, p95, p99; also std and p99.9), nullopt for a name it does not know;
std::optional<double> statistic_value(const metrics::Statistics& stats, const std::string& name);
// the --metrics-time-unit value, checked: "s" or "ms" in any case, returned in lower case;
Result<std::string> checked_time_unit(const std::string& unit);
// what a value in milliseconds (our summaries') is multiplied by to show it in `unit` ("s", "ms");
double scale_from_ms(const std::string& unit);
// each field of experiment.json (or the Python tool's metadata), flattened to "a.b" = value, the
// run list left out (the reports list the runs themselves);
void for_each_metadata_field(const boost::json::object& experiment,
                             const std::function<void(const std::string& key, const std::string& value)>& field);
// a whole file read as one JSON object; errors name the file.
Result<boost::json::object> read_json_object(const std::string& path);

// A run description as experiment.json writes it, and back.
boost::json::object run_description_to_json(const metrics::RunDescription& run);
metrics::RunDescription run_description_from_json(const boost::json::object& object);

}  // namespace genai::report
