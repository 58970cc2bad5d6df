#include "app/report_command.h"

#include <iostream>

#include <filesystem>

#include "report/comparison.h"
#include "report/excel_report.h"
#include "report/experiment_folder.h"
#include "report/html_report.h"
#include "report/plots.h"

namespace genai::app {

namespace {

void add_common(CLI::App& command, ReportFlags& flags) {
  command.add_option("--excel-name,--excel_name", flags.excel_name, "file name of the Excel report in each folder")
      ->capture_default_str();
  command.add_option("--metric-percentile,--metric_percentile", flags.metric_percentile,
                     "latency statistic on the Summary sheet: mean, p50, p90, p95 or p99")
      ->capture_default_str();
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

int run_comparison(const ReportFlags& flags, const std::string& percentile) {
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
  if (flags.plots) report_status(report::write_comparison_plots(*comparison, dir, percentile), "Comparison plots: " + dir + "/");
  if (flags.excel) {
    report_status(report::write_comparison_excel(*comparison, dir + "/comparison.xlsx", percentile),
                  "Comparison workbook: " + dir + "/comparison.xlsx");
  }
  if (flags.html) {
    report_status(report::write_comparison_html(*comparison, dir, dir + "/comparison.html", percentile),
                  "Comparison page: " + dir + "/comparison.html");
  }
  return ok ? 0 : 1;
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
                     "latency statistic plotted across runs: mean, p50, p90, p95 or p99")
      ->capture_default_str();
  flags.excel = false;
  flags.html = false;
}

bool write_reports_for_folder(const std::string& folder, const ReportFlags& flags) {
  auto percentile = report::checked_percentile(flags.metric_percentile);
  if (!percentile) {
    std::cerr << "genai-bench: " << percentile.error() << "\n";
    return false;
  }
  auto experiment = report::load_experiment_folder(folder);
  if (!experiment) {
    std::cerr << "genai-bench: " << experiment.error() << "\n";
    return false;
  }
  for (const std::string& warning : experiment->warnings) std::cerr << "genai-bench: warning: " << warning << "\n";
  bool ok = true;
  if (flags.excel) {
    const std::string path = folder + "/" + flags.excel_name;
    if (auto status = report::write_excel_report(*experiment, path, *percentile); !status) {
      std::cerr << "genai-bench: " << status.error() << "\n";
      ok = false;
    } else {
      std::cout << "Excel report: " << path << "\n";
    }
  }
  if (flags.plots) {
    if (auto status = report::write_plots(*experiment, folder + "/plots", *percentile); !status) {
      std::cerr << "genai-bench: " << status.error() << "\n";
      ok = false;
    } else {
      std::cout << "Plots: " << folder << "/plots/\n";
    }
  }
  if (flags.html) {
    const std::string path = folder + "/report.html";
    if (auto status = report::write_html_report(*experiment, folder + "/plots", path, *percentile); !status) {
      std::cerr << "genai-bench: " << status.error() << "\n";
      ok = false;
    } else {
      std::cout << "HTML report: " << path << "\n";
    }
  }
  return ok;
}

int run_report_command(const ReportFlags& flags) {
  if (!flags.group_key.empty()) {
    auto percentile = report::checked_percentile(flags.metric_percentile);
    if (!percentile) {
      std::cerr << "genai-bench: " << percentile.error() << "\n";
      return 1;
    }
    return run_comparison(flags, *percentile);
  }
  if (!flags.filter_criteria.empty() || !flags.comparison_dir.empty()) {
    std::cerr << "genai-bench: --filter-criteria and --comparison-dir go with --group-key\n";
    return 1;
  }
  // A folder of experiments: each one's reports (`genai-bench report experiments/`).
  auto folders = report::expand_experiment_folders(flags.folders);
  if (!folders) {
    std::cerr << "genai-bench: " << folders.error() << "\n";
    return 1;
  }
  bool ok = true;
  for (const std::string& folder : *folders) ok = write_reports_for_folder(folder, flags) && ok;
  return ok ? 0 : 1;
}

}  // namespace genai::app
