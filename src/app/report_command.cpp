#include "app/report_command.h"

#include <iostream>

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

}  // namespace

void add_report_flags(CLI::App& command, ReportFlags& flags) {
  command.add_option("folders", flags.folders, "experiment folders")->required()->check(CLI::ExistingDirectory);
  add_common(command, flags);
}

void add_excel_flags(CLI::App& command, ReportFlags& flags) {
  command.add_option("--experiment-folder,--experiment_folder", flags.folders, "experiment folder")
      ->required()->check(CLI::ExistingDirectory);
  add_common(command, flags);
  flags.plots = false;
  flags.html = false;
}

void add_plot_flags(CLI::App& command, ReportFlags& flags) {
  command.add_option("--experiment-folder,--experiment_folder", flags.folders, "experiment folder")
      ->required()->check(CLI::ExistingDirectory);
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
  bool ok = true;
  for (const std::string& folder : flags.folders) ok = write_reports_for_folder(folder, flags) && ok;
  return ok ? 0 : 1;
}

}  // namespace genai::app
