#include "app/report_command.h"

#include <cctype>
#include <filesystem>
#include <iostream>
#include <optional>

#include "report/comparison.h"
#include "report/config_plots.h"
#include "report/excel_report.h"
#include "report/python_sheets.h"
#include "report/experiment_folder.h"
#include "report/html_report.h"
#include "report/plots.h"

namespace genai::app {

namespace {

void add_time_unit(CLI::App& command, ReportFlags& flags) {
  command.add_option("--metrics-time-unit,--metrics_time_unit", flags.metrics_time_unit,
                     "unit of latencies in the workbook and plots: s or ms (Python genai-bench's default is s)")
      ->capture_default_str();
}

void add_common(CLI::App& command, ReportFlags& flags) {
  command.add_option("--excel-name,--excel_name", flags.excel_name,
                     "file name of the Excel report in each folder (.xlsx is added when missing)")
      ->capture_default_str();
  command.add_option("--metric-percentile,--metric_percentile", flags.metric_percentile,
                     "latency statistic on the Summary and Appendix sheets: mean, p25, p50, p75, p90, p95 or p99")
      ->capture_default_str();
  add_time_unit(command, flags);
}

void fail_line(const std::string& message) { std::cerr << "genai-bench: " << message << "\n"; }

// The statistic and unit every report takes, checked once.
struct Style {
  std::string percentile, time_unit;
};
Result<Style> checked_style(const ReportFlags& flags) {
  auto percentile = report::checked_percentile(flags.metric_percentile);
  if (!percentile) return make_error(percentile.error());
  auto unit = report::checked_time_unit(flags.metrics_time_unit);
  if (!unit) return make_error(unit.error());
  return Style{*percentile, *unit};
}

// Python's excel writes NAME.xlsx for --excel-name NAME.
std::string workbook_name(const std::string& name) {
  const std::string extension = ".xlsx";
  if (name.size() >= extension.size()) {
    std::string end = name.substr(name.size() - extension.size());
    for (char& c : end) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (end == extension) return name;
  }
  return name + extension;
}

void add_comparison_flags(CLI::App& command, ReportFlags& flags) {
  command.add_option("--group-key,--group_key", flags.group_key,
                     "compare the experiments, a line per value of this key: traffic_scenario, server_version, "
                     "server_gpu_type, server_engine, model, experiment_folder_name, ... (none: by folder)");
  command.add_option("--filter-criteria,--filter_criteria", flags.filter_criteria,
                     "with --group-key: only experiments with these metadata values, e.g. '{\"model\": \"x\"}'");
  command.add_option("--comparison-dir", flags.comparison_dir,
                     "with --group-key: where the comparison goes (default: comparison_by_KEY beside the experiments)");
}

// Beside the experiments: inside the one folder of experiments given, else in the first
// experiment's parent folder.
std::string default_comparison_dir(const ReportFlags& flags, const std::vector<std::string>& experiments) {
  namespace fs = std::filesystem;
  fs::path base = flags.folders.size() == 1 && experiments.size() >= 1 && fs::path(experiments.front()) != fs::path(flags.folders.front())
                      ? fs::path(flags.folders.front())
                      : fs::path(experiments.front()).lexically_normal().parent_path();
  if (base.empty()) base = ".";
  return (base / ("comparison_by_" + report::file_name_part(flags.group_key))).string();
}

int run_comparison(const ReportFlags& flags, const Style& style) {
  const std::string& percentile = style.percentile;
  auto fail = [](const std::string& message) {
    std::cerr << "genai-bench: " << message << "\n";
    return 1;
  };
  auto filter = report::parse_filter_criteria(flags.filter_criteria);
  if (!filter) return fail(filter.error());
  auto folders = report::expand_experiment_folders(flags.folders);
  if (!folders) return fail(folders.error());
  std::vector<report::LoadedExperiment> experiments;
  for (const std::string& folder : *folders) {
    auto experiment = report::load_experiment_folder(folder);
    if (!experiment) return fail(experiment.error());
    for (const std::string& warning : experiment->warnings) std::cerr << "genai-bench: warning: " << warning << "\n";
    experiments.push_back(std::move(*experiment));
  }
  auto comparison = report::compare_experiments(std::move(experiments), flags.group_key, *filter);
  if (!comparison) return fail(comparison.error());
  const std::string dir = flags.comparison_dir.empty() ? default_comparison_dir(flags, *folders) : flags.comparison_dir;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return fail("--comparison-dir: cannot create '" + dir + "': " + error.message());
  bool ok = true;
  auto report_status = [&](const Status& status, const std::string& what) {
    if (status) {
      std::cout << what << "\n";
    } else {
      std::cerr << "genai-bench: " << status.error() << "\n";
      ok = false;
    }
  };
  std::cout << "Comparing " << comparison->experiments.size() << " experiments by " << flags.group_key << "\n";
  if (flags.plots) report_status(report::write_comparison_plots(*comparison, dir, percentile, style.time_unit), "Comparison plots: " + dir + "/");
  if (flags.excel) {
    report_status(report::write_comparison_excel(*comparison, dir + "/comparison.xlsx", percentile, style.time_unit),
                  "Comparison workbook: " + dir + "/comparison.xlsx");
  }
  if (flags.html) {
    report_status(report::write_comparison_html(*comparison, dir, dir + "/comparison.html", percentile, style.time_unit),
                  "Comparison page: " + dir + "/comparison.html");
  }
  return ok ? 0 : 1;
}

// --preset / --plot-config / --list-fields / --validate-only: Python genai-bench's flexible plots.
Result<report::PlotConfig> chosen_plot_config(const ReportFlags& flags) {
  if (!flags.preset.empty()) {
    if (!flags.plot_config.empty() && flags.verbose) {
      std::cerr << "genai-bench: --preset " << flags.preset << " is used, --plot-config " << flags.plot_config
                << " is not (as in Python genai-bench)\n";
    }
    return report::plot_preset(flags.preset);
  }
  if (!flags.plot_config.empty()) return report::load_plot_config(flags.plot_config);
  return report::plot_preset("2x4_default");
}

// Python's folder: the one given (an experiment, or a folder of them), else the comparison's.
std::string config_image_dir(const ReportFlags& flags) {
  if (!flags.comparison_dir.empty()) return flags.comparison_dir;
  return flags.folders.front();
}

int run_config_plots(const ReportFlags& flags, const Style& style) {
  std::optional<report::PlotConfig> config;
  if (!flags.list_fields) {
    auto chosen = chosen_plot_config(flags);
    if (!chosen) {
      fail_line(chosen.error());
      return 1;
    }
    config = std::move(*chosen);
    if (flags.verbose) {
      std::cerr << "genai-bench: plot layout " << config->name << ": " << config->rows << " x " << config->cols << ", "
                << config->plots.size() << " plots\n";
      for (const auto& plot : config->plots) {
        std::cerr << "genai-bench:   [" << plot.row << ", " << plot.col << "] " << plot.title << ": " << plot.x_field
                  << " ->";
        for (const auto& y : plot.y_fields) std::cerr << " " << y.field;
        std::cerr << " (" << plot.plot_type << ")\n";
      }
    }
  }
  auto filter = report::parse_filter_criteria(flags.filter_criteria);
  if (!filter) {
    fail_line(filter.error());
    return 1;
  }
  auto folders = report::expand_experiment_folders(flags.folders);
  if (!folders) {
    fail_line(folders.error());
    return 1;
  }
  std::vector<report::LoadedExperiment> experiments;
  for (const std::string& folder : *folders) {
    auto experiment = report::load_experiment_folder(folder);
    if (!experiment) {
      fail_line(experiment.error());
      return 1;
    }
    for (const std::string& warning : experiment->warnings) fail_line("warning: " + warning);
    experiments.push_back(std::move(*experiment));
  }
  const std::string key = flags.group_key.empty() || flags.group_key == "none" ? "traffic_scenario" : flags.group_key;
  auto comparison = report::compare_experiments(std::move(experiments), key, *filter);
  if (!comparison) {
    fail_line(comparison.error());
    return 1;
  }
  if (flags.list_fields) {
    const report::LoadedExperiment& first = comparison->experiments.front();
    if (first.summaries.empty()) {
      fail_line(first.folder + ": no run to read fields from");
      return 1;
    }
    std::cout << "Fields a plot config can name, with their values in the first run of " << first.folder << " ("
              << first.summaries.front().run.scenario << " @ " << first.summaries.front().run.load_label()
              << ", latencies in " << style.time_unit << "):\n";
    for (const std::string& line : report::list_fields(first.summaries.front(), style.time_unit)) {
      std::cout << "  " << line << "\n";
    }
    return 0;
  }
  // Python's group key `none`: each scenario of the (first) experiment in a figure of its own.
  const std::vector<report::ConfigFigure> figures = flags.group_key == "none"
                                                        ? report::single_analysis_figures(comparison->experiments.front())
                                                        : report::config_figures(*comparison);
  const std::vector<std::string> problems = report::fields_without_data(*config, figures);
  const std::string where = flags.preset.empty() && !flags.plot_config.empty() ? "--plot-config " + flags.plot_config
                                                                                : "--preset " + config->name;
  if (flags.validate_only) {
    for (const std::string& problem : problems) fail_line(where + ": " + problem);
    if (!problems.empty()) return 1;
    std::cout << where << ": valid (" << config->plots.size() << " plots in " << config->rows << " x " << config->cols
              << ", " << figures.size() << " figure" << (figures.size() == 1 ? "" : "s") << " to draw)\n";
    return 0;
  }
  for (const std::string& problem : problems) fail_line("warning: " + where + ": " + problem + "; its panel says so");
  const std::string image_dir = config_image_dir(flags);
  if (auto status = report::write_config_figures(*config, figures, image_dir, image_dir + "/plots", style.time_unit);
      !status) {
    fail_line(status.error());
    return 1;
  }
  for (const report::ConfigFigure& figure : figures) {
    std::cout << "Plot: " << image_dir << "/" << figure.prefix << "_combined_plots_" << config->rows << "x"
              << config->cols << ".png\n";
  }
  return 0;
}

}  // namespace

void add_report_flags(CLI::App& command, ReportFlags& flags) {
  command.add_option("folders", flags.folders, "experiment folders, or folders of experiments")
      ->required()->check(CLI::ExistingDirectory);
  add_common(command, flags);
  add_comparison_flags(command, flags);
}

void add_excel_flags(CLI::App& command, ReportFlags& flags) {
  command.add_option("--experiment-folder,--experiment_folder", flags.folders, "experiment folder")
      ->required()->check(CLI::ExistingDirectory);
  add_common(command, flags);
  flags.plots = false;
  flags.html = false;
}

void add_plot_flags(CLI::App& command, ReportFlags& flags) {
  // Python genai-bench's plot takes --experiments-folder: one experiment or a folder of them.
  command.add_option("--experiment-folder,--experiment_folder,--experiments-folder,--experiments_folder", flags.folders,
                     "experiment folder, or a folder of experiments")
      ->required()->check(CLI::ExistingDirectory);
  add_comparison_flags(command, flags);
  command.add_option("--metric-percentile,--metric_percentile", flags.metric_percentile,
                     "latency statistic plotted across runs: mean, p25, p50, p75, p90, p95 or p99")
      ->capture_default_str();
  add_time_unit(command, flags);
  std::string presets;
  for (const std::string& name : report::plot_preset_names()) presets += (presets.empty() ? "" : ", ") + name;
  command.add_option("--preset", flags.preset, "Python genai-bench's layout: " + presets)
      ->check(CLI::IsMember(report::plot_preset_names()));
  command.add_option("--plot-config,--plot_config", flags.plot_config,
                     "a layout in Python genai-bench's JSON format (rows, cols, plots with x_field, y_field(s), ...)");
  command.add_flag("--list-fields,--list_fields", flags.list_fields,
                   "print the fields a layout may name, with their values in the first run, and exit");
  command.add_flag("--validate-only,--validate_only", flags.validate_only,
                   "check the layout (and that the runs have its fields) and exit without drawing");
  command.add_flag("--verbose", flags.verbose, "more detail on stderr");
  flags.excel = false;
  flags.html = false;
}

bool write_reports_for_folder(const std::string& folder, const ReportFlags& flags) {
  auto style = checked_style(flags);
  if (!style) {
    fail_line(style.error());
    return false;
  }
  auto experiment = report::load_experiment_folder(folder);
  if (!experiment) {
    fail_line(experiment.error());
    return false;
  }
  for (const std::string& warning : experiment->warnings) fail_line("warning: " + warning);
  bool ok = true;
  if (flags.excel) {
    const std::string path = folder + "/" + workbook_name(flags.excel_name);
    if (auto status = report::write_excel_report(*experiment, path, style->percentile, style->time_unit); !status) {
      fail_line(status.error());
      ok = false;
    } else {
      std::cout << "Excel report: " << path << "\n";
    }
  }
  if (flags.plots) {
    if (auto status = report::write_plots(*experiment, folder + "/plots", style->percentile, style->time_unit); !status) {
      fail_line(status.error());
      ok = false;
    } else {
      std::cout << "Plots: " << folder << "/plots/\n";
    }
  }
  if (flags.html) {
    const std::string path = folder + "/report.html";
    if (auto status = report::write_html_report(*experiment, folder + "/plots", path, style->percentile, style->time_unit); !status) {
      fail_line(status.error());
      ok = false;
    } else {
      std::cout << "HTML report: " << path << "\n";
    }
  }
  return ok;
}

bool write_python_end_of_experiment_reports(const std::string& folder, const std::string& percentile,
                                            const std::string& time_unit) {
  ReportFlags flags;
  flags.metric_percentile = percentile;
  flags.metrics_time_unit = time_unit;
  auto style = checked_style(flags);
  if (!style) {
    fail_line(style.error());
    return false;
  }
  auto experiment = report::load_experiment_folder(folder);
  if (!experiment) {
    fail_line(experiment.error());
    return false;
  }
  namespace fs = std::filesystem;
  fs::path own = fs::path(folder).lexically_normal();
  if (!own.has_filename()) own = own.parent_path();
  bool ok = true;
  // The folder's own name, as Python takes it from the absolute path ("." names the folder too).
  fs::path absolute = fs::absolute(own).lexically_normal();
  if (!absolute.has_filename()) absolute = absolute.parent_path();
  const std::string workbook = (own / (absolute.filename().string() + "_summary.xlsx")).string();
  if (auto status = report::write_python_workbook(*experiment, workbook, style->percentile, style->time_unit); !status) {
    fail_line(status.error());
    ok = false;
  } else {
    std::cout << "Excel report: " << workbook << "\n";
  }
  auto config = report::plot_preset(report::metadata_value(*experiment, "task") == "text-to-speech" ? "2x4_tts"
                                                                                                   : "2x4_default");
  if (!config) {
    fail_line(config.error());
    return false;
  }
  std::vector<report::LoadedExperiment> one;
  one.push_back(std::move(*experiment));
  auto comparison = report::compare_experiments(std::move(one), "traffic_scenario", {});
  if (!comparison) {
    fail_line(comparison.error());
    return false;
  }
  if (auto status = report::write_config_figures(*config, report::config_figures(*comparison), own.string(),
                                                 (own / "plots").string(), style->time_unit);
      !status) {
    fail_line(status.error());
    ok = false;
  } else {
    std::cout << "Plot: " << (own / "traffic_scenario_combined_plots_2x4.png").string() << "\n";
  }
  return ok;
}

int run_report_command(const ReportFlags& flags) {
  auto style = checked_style(flags);
  if (!style) {
    fail_line(style.error());
    return 1;
  }
  if (flags.list_fields || flags.validate_only || !flags.preset.empty() || !flags.plot_config.empty()) {
    return run_config_plots(flags, *style);
  }
  if (!flags.group_key.empty()) return run_comparison(flags, *style);
  if (!flags.filter_criteria.empty() || !flags.comparison_dir.empty()) {
    fail_line("--filter-criteria and --comparison-dir go with --group-key");
    return 1;
  }
  // A folder of experiments: each one's reports (`genai-bench report experiments/`).
  auto folders = report::expand_experiment_folders(flags.folders);
  if (!folders) {
    fail_line(folders.error());
    return 1;
  }
  bool ok = true;
  for (const std::string& folder : *folders) ok = write_reports_for_folder(folder, flags) && ok;
  return ok ? 0 : 1;
}

}  // namespace genai::app
