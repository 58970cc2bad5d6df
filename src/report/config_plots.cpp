#include "report/config_plots.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "report/file_output.h"
#include "report/gnuplot_script.h"
#include "report/python_fields.h"

namespace genai::report {
namespace {

constexpr const char* kConcurrency = "num_concurrency";

// matplotlib's default: 100 pixels per inch; Python's default figure is 8 x 6 inches per panel.
std::pair<int, int> pixels(const PlotConfig& config) {
  const int width_in = config.width_in > 0 ? config.width_in : 8 * config.cols;
  const int height_in = config.height_in > 0 ? config.height_in : 6 * config.rows;
  return {std::min(width_in * 100, 6400), std::min(height_in * 100, 4800)};
}

// Python's label from a field name: "stats.ttft.p90" -> "Ttft (P90)", "requests_per_second" ->
// "Requests Per Second" (str.title()).
std::string generated_label(const std::string& field, const std::string& unit) {
  auto title_case = [](std::string text) {
    bool start = true;
    for (char& c : text) {
      if (c == '_') c = ' ';
      const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
      c = static_cast<char>(letter && start ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
      start = !letter;
    }
    return text;
  };
  if (field.rfind("stats.", 0) == 0) {
    const size_t dot = field.find('.', 6);
    const std::string metric = field.substr(6, dot == std::string::npos ? std::string::npos : dot - 6);
    std::string label = title_case(metric);
    if (dot != std::string::npos) {
      std::string measure = field.substr(dot + 1);
      for (char& c : measure) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      label += " (" + measure + ")";
    }
    return label_in_unit(label, unit);
  }
  return title_case(field);
}

std::string dash_type(const std::string& linestyle) {
  if (linestyle == "--") return " dt 2";
  if (linestyle == ":") return " dt 3";
  if (linestyle == "-.") return " dt 4";
  return "";
}

// Only colour names and #rrggbb reach the script.
std::string colour(const std::string& name) {
  if (name.empty()) return "";
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '#') return "";
  }
  return " lc rgb \"" + name + "\"";
}

struct Series {
  std::string legend;
  PlotConfig::YField y;
};

// One panel of one figure: its data blocks appended to `data` (numbered from `block`), its
// commands returned.
std::string panel_script(const PlotConfig::Plot& plot, const ConfigFigure& figure, const std::string& data_file,
                         std::string& data, int& block, const std::string& unit) {
  const double time_scale = scale_from_ms(unit);
  const bool several_lines = figure.lines.size() > 1;
  // Python draws one field per group when a figure has several groups, and says which in the title.
  const bool fallback = plot.multi_line && several_lines;
  std::string title = label_in_unit(plot.title, unit);
  std::vector<PlotConfig::YField> fields = plot.y_fields;
  if (fallback) {
    title += " (" + (fields.front().label.empty() ? generated_label(fields.front().field, unit) : label_in_unit(fields.front().label, unit)) + ")";
    fields.resize(1);
  }
  const bool by_concurrency = plot.x_field == kConcurrency;
  std::vector<double> levels;  // concurrency axis: evenly spaced positions, labelled with the levels
  if (by_concurrency) {
    std::set<double> all;
    for (const auto& line : figure.lines) {
      for (const auto* run : line.runs) all.insert(static_cast<double>(run->run.concurrency));
    }
    levels.assign(all.begin(), all.end());
  }
  bool log_scale = plot.y_scale == "log";
  if (plot.y_scale.empty()) {
    if (plot.multi_line) {
      for (const auto& y : fields) log_scale = log_scale || y.field.find("ttft") != std::string::npos;
    } else {
      log_scale = (plot.y_label.empty() ? generated_label(fields.front().field, unit) : plot.y_label).find("TTFT") != std::string::npos;
    }
  }
  const bool bars = plot.plot_type == "bar";
  const size_t bar_count = fields.size() * figure.lines.size();
  const double bar_width = 0.8 / static_cast<double>(std::max<size_t>(1, bar_count));
  std::string commands;
  size_t series_index = 0;
  bool drawable = false;
  for (size_t l = 0; l < figure.lines.size(); ++l) {
    for (size_t f = 0; f < fields.size(); ++f, ++series_index) {
      const PlotConfig::YField& y = fields[f];
      std::string rows;
      for (const auto* run : figure.lines[l].runs) {
        const FieldValue x_value = python_field_value(*run, plot.x_field, time_scale);
        const FieldValue y_value = python_field_value(*run, y.field, time_scale);
        if (!x_value.number || !y_value.number || !std::isfinite(*y_value.number)) continue;
        double x = *x_value.number;
        if (by_concurrency) x = static_cast<double>(std::lower_bound(levels.begin(), levels.end(), x) - levels.begin());
        if (bars && by_concurrency) x += (static_cast<double>(series_index) - static_cast<double>(bar_count) / 2 + 0.5) * bar_width;
        if (log_scale && *y_value.number <= 0) continue;
        drawable = true;
        char point_label[48];
        if (by_concurrency) {
          std::snprintf(point_label, sizeof point_label, unit == "ms" ? "%.1f" : "%.2f", *y_value.number);
        } else {
          std::snprintf(point_label, sizeof point_label, "%lld", static_cast<long long>(run->run.concurrency));
        }
        rows += gnuplot_number(x) + " " + gnuplot_number(*y_value.number) + " \"" + point_label + "\"\n";
      }
      if (rows.empty()) continue;  // gnuplot counts only blocks with data in `index`
      if (block > 0) data += "\n\n";
      data += "# " + figure.lines[l].label + ": " + plot.x_field + " " + y.field + "\n" + rows;
      std::string legend = plot.multi_line && !fallback
                               ? (y.label.empty() ? generated_label(y.field, unit) : label_in_unit(y.label, unit))
                               : figure.lines[l].label;
      const std::string source = "\"" + data_file + "\" index " + std::to_string(block++);
      const std::string style = plot.multi_line && !fallback ? colour(y.color) + dash_type(y.linestyle) : "";
      std::string draw = bars ? "with boxes fill solid 0.6" + style
                              : (plot.plot_type == "scatter" ? "with points pt 7" + style : "with linespoints pt 7 ps 0.8" + style);
      commands += std::string(commands.empty() ? "plot " : ", ") + source + " using 1:2 " + draw + " title \"" +
                  gnuplot_quoted(legend) + "\", " + source + " using 1:2:3 with labels offset 1,0.6 font \",8\" notitle";
    }
  }
  const std::string x_label = plot.x_label.empty() ? generated_label(plot.x_field, unit) : label_in_unit(plot.x_label, unit);
  const std::string y_label = !plot.y_label.empty() ? label_in_unit(plot.y_label, unit)
                              : plot.multi_line && !fallback ? "Value" : generated_label(fields.front().field, unit);
  if (!drawable) {
    return gnuplot_note_panel(gnuplot_quoted(title), "nothing to draw:\\nno run has " + gnuplot_quoted(fields.front().field));
  }
  // Python pins a single-line panel's axes at zero (x, unless it is the concurrency axis; y, unless
  // it is logarithmic).
  const bool pinned = !plot.multi_line || fallback;
  std::string setup = "set xtics autofreq\n  unset logscale y\n";
  setup += log_scale || !pinned ? "  set yrange [*:*]\n" : "  set yrange [0:*]\n";
  if (log_scale) setup += "  set logscale y 10\n";
  if (by_concurrency) {
    setup += "  set xrange [-0.5:" + gnuplot_number(static_cast<double>(levels.size()) - 0.5) + "]\n  set xtics (";
    for (size_t i = 0; i < levels.size(); ++i) setup += (i ? ", " : "") + std::string("\"") + gnuplot_number(levels[i]) + "\" " + std::to_string(i);
    setup += ")\n";
  } else {
    setup += pinned ? "  set xrange [0:*]\n" : "  set xrange [*:*]\n";
  }
  if (bars) setup += "  set boxwidth " + gnuplot_number(by_concurrency ? bar_width : 0.8) + (by_concurrency ? " absolute\n" : " relative\n");
  return "  " + setup + gnuplot_panel(gnuplot_quoted(title), gnuplot_quoted(x_label), gnuplot_quoted(y_label), commands) +
         "  set xrange [*:*]\n  set yrange [*:*]\n  set xtics autofreq\n  unset logscale y\n";
}

}  // namespace

std::string python_sanitized(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '/' || c == ',') {
      out.push_back('_');
    } else if (c != '(' && c != ')') {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<ConfigFigure> config_figures(const Comparison& comparison) {
  std::vector<ConfigFigure> figures;
  for (const Comparison::Figure& figure : comparison.figures) {
    ConfigFigure out;
    if (comparison.group_key == "traffic_scenario") {
      out.prefix = "traffic_scenario";
      out.title = "Grouped by Traffic Scenario";
    } else {
      const std::string scenario =
          figure.lines.empty() || figure.lines.front().runs.empty() ? figure.name : figure.lines.front().runs.front()->run.scenario;
      out.prefix = python_sanitized(scenario) + "_group_by_" + python_sanitized(comparison.group_key);
      out.title = "Traffic Scenario: " + scenario;
    }
    for (const Comparison::Line& line : figure.lines) out.lines.push_back({line.label, line.runs});
    figures.push_back(std::move(out));
  }
  return figures;
}

std::vector<ConfigFigure> single_analysis_figures(const LoadedExperiment& experiment) {
  std::vector<ConfigFigure> figures;
  for (const metrics::RunSummary& summary : experiment.summaries) {
    auto figure = std::find_if(figures.begin(), figures.end(),
                               [&](const ConfigFigure& f) { return f.title == "Single Scenario Analysis: " + summary.run.scenario; });
    if (figure == figures.end()) {
      figure = figures.insert(figures.end(), ConfigFigure{"single_analysis_" + python_sanitized(summary.run.scenario),
                                                          "Single Scenario Analysis: " + summary.run.scenario, {{"", {}}}});
    }
    figure->lines.front().runs.push_back(&summary);
  }
  for (ConfigFigure& figure : figures) {
    std::stable_sort(figure.lines.front().runs.begin(), figure.lines.front().runs.end(),
                     [](auto* a, auto* b) { return a->run.load_value() < b->run.load_value(); });
  }
  return figures;
}

std::vector<std::string> fields_without_data(const PlotConfig& config, const std::vector<ConfigFigure>& figures) {
  auto has_data = [&](const std::string& field) {
    for (const ConfigFigure& figure : figures) {
      for (const auto& line : figure.lines) {
        for (const auto* run : line.runs) {
          if (python_field_value(*run, field, 1.0).number) return true;
        }
      }
    }
    return false;
  };
  std::vector<std::string> problems;
  for (size_t i = 0; i < config.plots.size(); ++i) {
    const PlotConfig::Plot& plot = config.plots[i];
    const std::string at = "plot " + std::to_string(i + 1) + " (\"" + plot.title + "\"): ";
    if (!has_data(plot.x_field)) problems.push_back(at + "no run has a number for x_field '" + plot.x_field + "'");
    for (const auto& y : plot.y_fields) {
      if (!has_data(y.field)) problems.push_back(at + "no run has a number for '" + y.field + "'");
    }
  }
  return problems;
}

Status write_config_figures(const PlotConfig& config, const std::vector<ConfigFigure>& figures,
                            const std::string& image_dir, const std::string& script_dir, const std::string& unit) {
  if (auto status = prepare_gnuplot_dir(script_dir); !status) return status;
  std::error_code error;
  std::filesystem::create_directories(image_dir, error);
  if (error) return make_error("cannot create '" + image_dir + "': " + error.message());
  std::string to_images = std::filesystem::path(image_dir).lexically_normal() == std::filesystem::path(script_dir).lexically_normal()
                              ? ""
                              : std::filesystem::relative(image_dir, script_dir, error).string();
  if (!to_images.empty() && to_images != ".") to_images += "/";
  if (to_images == ".") to_images.clear();
  const auto [width, height] = pixels(config);
  const std::string grid = "_combined_plots_" + std::to_string(config.rows) + "x" + std::to_string(config.cols);
  std::vector<std::string> scripts;
  for (const ConfigFigure& figure : figures) {
    const std::string name = figure.prefix + grid;
    std::string data;
    int block = 0;
    std::vector<std::pair<std::string, std::string>> panels;  // title, commands
    for (int row = 0; row < config.rows; ++row) {
      for (int col = 0; col < config.cols; ++col) {
        auto plot = std::find_if(config.plots.begin(), config.plots.end(),
                                 [&](const PlotConfig::Plot& p) { return p.row == row && p.col == col; });
        if (plot == config.plots.end()) {
          panels.emplace_back("", "  set multiplot next\n");
          continue;
        }
        panels.emplace_back(label_in_unit(plot->title, unit), panel_script(*plot, figure, name + ".dat", data, block, unit));
      }
    }
    if (auto status = write_file_atomically(script_dir + "/" + name + ".dat", data); !status) return status;
    std::string all_panels;
    for (const auto& panel : panels) all_panels += panel.second;
    std::string script = gnuplot_figure(name, gnuplot_quoted(figure.title), all_panels, config.rows, config.cols, width,
                                        height, to_images + name);
    // Each panel on its own too, as Python saves them (PNG only).
    for (const auto& [title, commands] : panels) {
      if (title.empty()) continue;
      script += "set terminal pngcairo noenhanced size 1000,600 font \"sans,10\"\nset output \"" +
                gnuplot_quoted(to_images + figure.prefix + "_" + python_sanitized(title)) + ".png\"\nset grid\nset key top left\n" +
                commands + "set output\n";
    }
    if (auto status = write_file_atomically(script_dir + "/" + name + ".gp", script); !status) return status;
    scripts.push_back(name + ".gp");
  }
  return run_gnuplot(script_dir, scripts);
}

std::vector<std::string> list_fields(const metrics::RunSummary& run, const std::string& unit) {
  std::vector<std::string> lines;
  const double time_scale = scale_from_ms(unit);
  for (const std::string& field : python_field_names()) {
    const FieldValue value = python_field_value(run, field, time_scale);
    if (!value.present()) continue;
    std::string shown = value.text ? *value.text : gnuplot_number(*value.number);
    std::string padded = field;
    padded.resize(std::max<size_t>(padded.size(), 44), ' ');
    lines.push_back(padded + " = " + shown);
  }
  return lines;
}

}  // namespace genai::report
