// Plot layouts in Python genai-bench's JSON format (`plot --plot-config FILE.json`) and its five
// built-in presets (`plot --preset NAME`): a grid of rows x cols panels, each drawing one or more
// fields of the runs' aggregated metrics (python_fields.h) against another. Checked as Python
// checks them, and more strictly where Python only warns: a field name its schema lacks is refused.
#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "common/result.h"

namespace genai::report {

struct PlotConfig {
  struct YField {
    std::string field, label, color, linestyle;  // label, color, linestyle: empty for the default
  };
  struct Plot {
    std::string title, x_field;
    std::vector<YField> y_fields;  // one for "y_field"
    bool multi_line = false;       // given as "y_fields" with more than one
    std::string x_label, y_label;  // empty: made from the field names
    std::string plot_type = "line";  // line, scatter or bar
    int row = 0, col = 0;
    std::string y_scale;  // "", linear or log
  };
  std::string name;  // the preset's name, or the file's name without .json
  int rows = 2, cols = 4;
  int width_in = 0, height_in = 0;  // "figsize" in inches (matplotlib's); 0: 8 x 6 per panel
  std::vector<Plot> plots;
};

// The presets, by name: 2x4_default, 2x4_tts, simple_2x2, multi_line_latency,
// single_scenario_analysis.
const std::vector<std::string>& plot_preset_names();
Result<PlotConfig> plot_preset(const std::string& name);
// Errors are one line naming the file (and the plot and key at fault).
Result<PlotConfig> load_plot_config(const std::string& path);
Result<PlotConfig> plot_config_from_json(const boost::json::value& json, const std::string& name,
                                         const std::string& where);

// Python's relabelling for --metrics-time-unit: "(s)"/"(seconds)" become "(ms)" for ms, and the
// other way round for s.
std::string label_in_unit(const std::string& label, const std::string& unit);

}  // namespace genai::report
