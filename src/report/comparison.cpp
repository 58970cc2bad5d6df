#include "report/comparison.h"

#include <boost/json.hpp>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

namespace genai::report {
namespace {

namespace fs = std::filesystem;

bool is_experiment_folder(const fs::path& folder) {
  std::error_code error;
  return fs::exists(folder / "experiment.json", error) || fs::exists(folder / "experiment_metadata.json", error);
}

// Python genai-bench's metadata names, and where our experiment.json (or its own file, for the
// ones it nests) keeps the same thing. The name itself is tried first.
const std::map<std::string, std::vector<std::string>>& aliases() {
  static const std::map<std::string, std::vector<std::string>> table = {
      {"server_engine", {"server.engine"}},
      {"server_version", {"server.version"}},
      {"server_gpu_type", {"server.gpu_type"}},
      {"server_gpu_count", {"server.gpu_count"}},
      {"model", {"target.display_model", "target.model"}},  // Python's display name, else (older folders) the API's
      {"api_model_name", {"target.model"}},
      {"api_backend", {"target.api_backend"}},
      {"api_base", {"target.api_base", "auth_config.api_base"}},
      {"task", {"options.task"}},
      {"model_tokenizer", {"options.model_tokenizer", "server_model_tokenizer"}},
      {"server_model_tokenizer", {"options.model_tokenizer"}},
      {"dataset_path", {"options.dataset"}},
  };
  return table;
}

std::map<std::string, std::string> flattened(const LoadedExperiment& experiment) {
  std::map<std::string, std::string> fields;
  for_each_metadata_field(experiment.experiment, [&](const std::string& key, const std::string& value) {
    if (value != "null" && !value.empty()) fields[key] = value;
  });
  return fields;
}

std::string folder_name(const LoadedExperiment& experiment) {
  fs::path path = fs::path(experiment.folder).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();  // "runs/exp/" names "exp"
  return path.filename().string();
}

std::string lookup(const std::map<std::string, std::string>& fields, const LoadedExperiment& experiment,
                   const std::string& key) {
  // Python records the folder's absolute path; both tools compare experiments by its name.
  if (key == "experiment_folder_name" || key == "none") return folder_name(experiment);
  if (auto found = fields.find(key); found != fields.end()) return found->second;
  if (auto alias = aliases().find(key); alias != aliases().end()) {
    for (const std::string& other : alias->second) {
      if (auto found = fields.find(other); found != fields.end()) return found->second;
    }
  }
  return {};
}

std::vector<const metrics::RunSummary*> runs_of(const LoadedExperiment& experiment, const std::string& scenario) {
  std::vector<const metrics::RunSummary*> runs;
  for (const auto& summary : experiment.summaries) {
    if (summary.run.scenario == scenario) runs.push_back(&summary);
  }
  std::stable_sort(runs.begin(), runs.end(), [](auto* a, auto* b) { return a->run.load_value() < b->run.load_value(); });
  return runs;
}

std::vector<std::string> scenarios_in_order(const std::vector<LoadedExperiment>& experiments) {
  std::vector<std::string> scenarios;
  for (const auto& experiment : experiments) {
    for (const auto& summary : experiment.summaries) {
      if (std::find(scenarios.begin(), scenarios.end(), summary.run.scenario) == scenarios.end()) {
        scenarios.push_back(summary.run.scenario);
      }
    }
  }
  return scenarios;
}

}  // namespace

Result<std::vector<std::string>> expand_experiment_folders(const std::vector<std::string>& folders) {
  std::vector<std::string> experiments;
  for (const std::string& folder : folders) {
    if (is_experiment_folder(folder)) {
      experiments.push_back(folder);
      continue;
    }
    std::vector<std::string> inside;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
      if (entry.is_directory() && is_experiment_folder(entry.path())) inside.push_back(entry.path().string());
    }
    if (error) return make_error("cannot read '" + folder + "': " + error.message());
    if (inside.empty()) return make_error("'" + folder + "' is not an experiment folder and holds none");
    std::sort(inside.begin(), inside.end());
    experiments.insert(experiments.end(), inside.begin(), inside.end());
  }
  return experiments;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_filter_criteria(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> criteria;
  if (text.empty()) return criteria;
  boost::json::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error) {  // Python's spelling of a dict: {'model': 'x'}
    std::string doubled = text;
    std::replace(doubled.begin(), doubled.end(), '\'', '"');
    error = {};
    value = boost::json::parse(doubled, error);
  }
  if (error || !value.is_object()) {
    return make_error("--filter-criteria: expected an object of keys and values, such as {\"model\": \"Llama-3.1-8B\"}");
  }
  for (const auto& [key, wanted] : value.as_object()) {
    criteria.emplace_back(std::string(key), wanted.is_string() ? std::string(wanted.as_string()) : boost::json::serialize(wanted));
  }
  return criteria;
}

std::string file_name_part(const std::string& text) {
  std::string name;
  for (char c : text) name.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_');
  return name;
}

std::string metadata_value(const LoadedExperiment& experiment, const std::string& key) {
  return lookup(flattened(experiment), experiment, key);
}

Result<Comparison> compare_experiments(std::vector<LoadedExperiment> experiments, const std::string& group_key,
                                       const std::vector<std::pair<std::string, std::string>>& filter) {
  Comparison comparison;
  comparison.group_key = group_key;
  bool key_recorded = group_key == "traffic_scenario";
  for (auto& experiment : experiments) {
    const auto fields = flattened(experiment);
    const bool matches = std::all_of(filter.begin(), filter.end(), [&](const auto& criterion) {
      return lookup(fields, experiment, criterion.first) == criterion.second;
    });
    if (!matches) continue;
    std::string value = group_key == "traffic_scenario" ? "(per run)" : lookup(fields, experiment, group_key);
    if (value.empty()) {
      value = "(not recorded)";
    } else {
      key_recorded = true;
    }
    comparison.group_values.push_back(std::move(value));
    comparison.experiments.push_back(std::move(experiment));
  }
  if (comparison.experiments.empty()) return make_error("--filter-criteria: no experiment matches every criterion");
  if (!key_recorded) {
    std::string known = "traffic_scenario, experiment_folder_name";
    for (const auto& [name, others] : aliases()) known += ", " + name;
    return make_error("--group-key: no experiment records '" + group_key + "' (try " + known +
                      ", or a field of experiment.json such as target.api_base)");
  }

  const std::vector<std::string> scenarios = scenarios_in_order(comparison.experiments);
  if (group_key == "traffic_scenario") {
    Comparison::Figure figure{"by_traffic_scenario", "Grouped by traffic scenario", {}};
    for (const auto& experiment : comparison.experiments) {
      for (const std::string& scenario : scenarios) {
        auto runs = runs_of(experiment, scenario);
        if (runs.empty()) continue;
        const std::string name = folder_name(experiment);
        figure.lines.push_back({comparison.experiments.size() > 1 ? scenario + " (" + name + ")" : scenario, scenario,
                                name, std::move(runs)});
      }
    }
    comparison.figures.push_back(std::move(figure));
    return comparison;
  }
  // Two experiments with the same value stay two lines, told apart by their folders.
  const std::vector<std::string>& values = comparison.group_values;
  std::map<std::string, int> experiments_per_value;
  for (const std::string& value : values) ++experiments_per_value[value];
  std::set<std::string> names;
  for (const std::string& scenario : scenarios) {
    std::string name = file_name_part(scenario) + "_group_by_" + file_name_part(group_key);
    while (!names.insert(name).second) name += "_";
    Comparison::Figure figure{name, "Traffic scenario " + scenario + ", grouped by " + group_key, {}};
    for (size_t i = 0; i < comparison.experiments.size(); ++i) {
      auto runs = runs_of(comparison.experiments[i], scenario);
      if (runs.empty()) continue;
      const std::string experiment = folder_name(comparison.experiments[i]);
      std::string label = group_key + ": " + values[i];
      if (experiments_per_value[values[i]] > 1 && group_key != "experiment_folder_name" && group_key != "none") {
        label += " (" + experiment + ")";
      }
      figure.lines.push_back({label, values[i], experiment, std::move(runs)});
    }
    comparison.figures.push_back(std::move(figure));
  }
  return comparison;
}

}  // namespace genai::report
