// Figures drawn from a plot layout (plot_config.h: `plot --preset`, `--plot-config`), grouped as
// Python genai-bench groups them, with its file names: PREFIX_combined_plots_RxC.{png,svg} for the
// grid and PREFIX_TITLE.png for each panel alone, where PREFIX is traffic_scenario,
// SCENARIO_group_by_KEY or single_analysis_SCENARIO. The .gp scripts and .dat files go to a
// folder of their own so they can be restyled and re-run.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "report/comparison.h"
#include "report/experiment_folder.h"
#include "report/plot_config.h"

namespace genai::report {

struct ConfigFigure {
  struct Line {
    std::string label;  // the legend ("" for a figure of one line)
    std::vector<const metrics::RunSummary*> runs;  // in load order
  };
  std::string prefix;  // the file names' start
  std::string title;
  std::vector<Line> lines;
};

// Python's file-name spelling of a scenario: '/' and ',' become '_', parentheses go.
std::string python_sanitized(const std::string& text);
// The figures of a comparison (group key traffic_scenario: one figure; any other: one per scenario).
std::vector<ConfigFigure> config_figures(const Comparison& comparison);
// Group key `none` (Python's single-scenario analysis): one figure per scenario of the experiment.
std::vector<ConfigFigure> single_analysis_figures(const LoadedExperiment& experiment);

// Each plot's fields that no run of the figures has a value for, one line each naming the plot
// (a field of Python's schema we do not measure, or a metric no request had).
std::vector<std::string> fields_without_data(const PlotConfig& config, const std::vector<ConfigFigure>& figures);

// Images to `image_dir`, scripts and data to `script_dir`, then gnuplot.
Status write_config_figures(const PlotConfig& config, const std::vector<ConfigFigure>& figures,
                            const std::string& image_dir, const std::string& script_dir, const std::string& time_unit);

// --list-fields: each field with a value in RUN, "name = value", direct fields then stats.
std::vector<std::string> list_fields(const metrics::RunSummary& run, const std::string& time_unit);

}  // namespace genai::report
