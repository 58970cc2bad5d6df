// Experiments compared side by side (`report --group-key KEY`, `plot --group-key KEY`): Python
// genai-bench's grouping. KEY `traffic_scenario` draws one figure with a line per scenario of each
// experiment; any other key (server_version, server_gpu_type, server_engine, model, api_backend,
// task, experiment_folder_name, or any flattened experiment.json field such as target.api_base)
// draws one figure per traffic scenario with a line per experiment, labelled "KEY: value".
// The figures, the workbook and the HTML page are written by plots.h, excel_report.h and
// html_report.h from this one description.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "report/experiment_folder.h"

namespace genai::report {

struct Comparison {
  struct Line {
    std::string label;       // the legend
    std::string group;       // the key's value ("(not recorded)" when the experiment lacks it)
    std::string experiment;  // the experiment folder's name
    std::vector<const metrics::RunSummary*> runs;  // in load order (concurrency, rate or batch size)
  };
  struct Figure {
    std::string name;   // file name without extension: "by_traffic_scenario" or the scenario, sanitised
    std::string title;
    std::vector<Line> lines;
  };
  std::string group_key;
  std::vector<LoadedExperiment> experiments;  // the lines point into these
  // Per experiment, the key's value: "(not recorded)" when it lacks it, "(per run)" for
  // traffic_scenario (each run's own scenario).
  std::vector<std::string> group_values;
  std::vector<Figure> figures;
};

// Each folder that is an experiment (ours or Python genai-bench's) stays; any other folder stands
// for the experiments directly inside it. Errors name the folder.
Result<std::vector<std::string>> expand_experiment_folders(const std::vector<std::string>& folders);

// --filter-criteria: a JSON object (or Python's dict spelling, with single quotes) of metadata
// keys and the values an experiment must have, e.g. {'model': 'Llama-3.1-8B'}.
Result<std::vector<std::pair<std::string, std::string>>> parse_filter_criteria(const std::string& text);

// Text made safe as part of a file name: letters, digits, '.' and '-' kept, anything else '_'
// ("N(480,240)/(300,150)" -> "N_480_240___300_150_").
std::string file_name_part(const std::string& text);

// The value of KEY in an experiment's metadata (our experiment.json or Python's
// experiment_metadata.json, under either tool's name); empty when not recorded.
std::string metadata_value(const LoadedExperiment& experiment, const std::string& key);

// Keeps the experiments matching every criterion and groups them. Errors: no experiment left, or a
// key no experiment records (naming the keys to try).
Result<Comparison> compare_experiments(std::vector<LoadedExperiment> experiments, const std::string& group_key,
                                       const std::vector<std::pair<std::string, std::string>>& filter);

}  // namespace genai::report
