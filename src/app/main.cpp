// genai-bench: benchmarks LLM inference servers. Subcommands are wired here; each lives in app/.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "app/benchmark_command.h"
#include "app/calibrate_command.h"
#include "app/exit_status.h"
#include "app/merge_command.h"
#include "app/mock_server_command.h"
#include "app/report_command.h"
#include "app/resource_limits.h"
#include "app/stop_signals.h"
#include "app/tokenize_command.h"
#include "app/upload_command.h"
#include "cli/benchmark_flags.h"
#include "cli/flag_suggestion.h"
#include "cli/implied_subcommand.h"
#include "cli/secret_arguments.h"

namespace {

// The long flag names of the subcommand given (or of the top level).
std::vector<std::string> known_flags(const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  const CLI::App& command = chosen.empty() ? app : *chosen.front();
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back(name);
  }
  return names;
}

// A command line CLI11 refused, said in one line that never holds a secret: the values of
// secret flags are masked, and unexpected arguments are named only when they are flags (a stray
// value may be a key whose flag was mistyped: --api-kye sk-...). An unknown flag names the
// nearest known one.
int refuse_command_line(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  std::string flags;
  int values = 0;
  const std::vector<std::string> known = known_flags(app);
  for (const std::string& argument : app.remaining(true)) {
    if (argument.size() > 1 && argument.front() == '-') {
      flags += (flags.empty() ? "" : ", ") + argument.substr(0, argument.find('='));
      if (auto nearest = genai::cli::nearest_flag(argument, known)) flags += " (did you mean " + *nearest + "?)";
    } else {
      ++values;
    }
  }
  const std::string unknown = flags.empty() ? "" : "unknown flag" + std::string(flags.find(", ") != std::string::npos ? "s " : " ") + flags;
  std::string message;
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    message = unknown.empty() ? "unexpected arguments" : unknown;
    if (values > 0) message += " (and " + std::to_string(values) + (values == 1 ? " value" : " values") + ", not shown)";
  } else {
    // Another error found first (a required flag missing: often the one mistyped).
    message = error.what();
    if (!unknown.empty()) message += "; " + unknown;
  }
  message = genai::cli::scrub_secrets(message, genai::cli::secret_values(argc, argv));
  const auto chosen = app.get_subcommands();
  const std::string command = chosen.empty() ? "" : chosen.front()->get_name() + " ";
  std::cerr << "genai-bench: " << message << "; see genai-bench " << command << "--help\n";
  return genai::app::kExitBadCommandLine;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"genai-bench: benchmark LLM inference servers (TTFT, TPOT, ITL, E2E, throughput)"};
  app.set_version_flag("--version", "genai-bench " GENAI_BENCH_VERSION);
  app.require_subcommand(1);

  genai::cli::BenchmarkOptions benchmark_options;
  CLI::App* benchmark = app.add_subcommand("benchmark", "run an experiment (flags, or --config file.yaml)");
  genai::cli::add_benchmark_flags(*benchmark, benchmark_options);

  genai::cli::BenchmarkOptions calibrate_options;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "how exactly this machine measures: a benchmark's load against the mock in its own process, the "
                   "client's error against the mock's log of its writes");
  genai::cli::add_benchmark_flags(*calibrate, calibrate_options);

  genai::app::MockServerFlags mock_flags;
  CLI::App* mock_server = app.add_subcommand("mock-server", "OpenAI-compatible server with programmable latency");
  genai::app::add_mock_server_flags(*mock_server, mock_flags);

  genai::app::ReportFlags report_flags;
  CLI::App* report = app.add_subcommand("report", "rebuild the reports (Excel, plots, HTML) of experiment folders, or compare them (--group-key)");
  genai::app::add_report_flags(*report, report_flags);
  genai::app::ReportFlags excel_flags;
  CLI::App* excel = app.add_subcommand("excel", "the Excel report of an experiment folder (Python genai-bench's spelling)");
  genai::app::add_excel_flags(*excel, excel_flags);

  genai::app::ReportFlags plot_flags;
  CLI::App* plot = app.add_subcommand("plot", "the plots of an experiment folder, or a comparison (--group-key; gnuplot; Python genai-bench's spelling)");
  genai::app::add_plot_flags(*plot, plot_flags);

  genai::app::MergeFlags merge_flags;
  CLI::App* merge = app.add_subcommand("merge", "join the folders of a sharded experiment's shards (--shard I/N) into one");
  genai::app::add_merge_flags(*merge, merge_flags);

  genai::app::UploadFlags upload_flags;
  CLI::App* upload = app.add_subcommand("upload", "send experiment folders to S3 (or S3-compatible), Azure Blob, GCS, OCI Object Storage or a GitHub release");
  genai::app::add_upload_flags(*upload, upload_flags);

  genai::app::TokenizeFlags tokenize_flags;
  CLI::App* tokenize = app.add_subcommand("tokenize", "count or encode text with a tokenizer");
  genai::app::add_tokenize_flags(*tokenize, tokenize_flags);

  // The Rust rewrite has no subcommand (genai-bench --provider openai ...), and the YAML-driven
  // tool takes its config alone (genai-bench config.yaml): both mean `benchmark`.
  std::vector<std::string> arguments = genai::cli::with_implied_subcommand(argc, argv);
  std::vector<char*> argument_pointers;
  for (std::string& argument : arguments) argument_pointers.push_back(argument.data());
  argc = static_cast<int>(argument_pointers.size());
  argv = argument_pointers.data();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    return refuse_command_line(app, error, argc, argv);
  }

  genai::app::raise_open_file_limit();
  // A file-size limit (ulimit -f) is then a write error we report, like a full disk, not a death.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    if (*benchmark || *calibrate) {
      std::string command_line;
      for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
      command_line = genai::cli::scrub_secrets(command_line, genai::cli::secret_values(argc, argv));
      genai::load::StopControl stop;
      genai::app::install_stop_signals(stop);
      if (*calibrate) return genai::app::run_calibrate_command(calibrate_options, command_line, stop);
      return genai::app::run_benchmark_command(benchmark_options, command_line, stop);
    }
    if (*mock_server) return genai::app::run_mock_server_command(mock_flags);
    if (*tokenize) return genai::app::run_tokenize_command(tokenize_flags);
    if (*merge) return genai::app::run_merge_command(merge_flags);
    if (*upload) {
      genai::load::StopControl stop;
      genai::app::install_stop_signals(stop);
      return genai::app::run_upload_command(upload_flags, [&stop] { return stop.stop_requested.load(); });
    }
    if (*report) return genai::app::run_report_command(report_flags);
    if (*excel) return genai::app::run_report_command(excel_flags);
    if (*plot) return genai::app::run_report_command(plot_flags);
  } catch (const std::exception& error) {
    // Bugs and the truly unexpected: one line, never a stack of noise.
    std::cerr << "genai-bench: internal error: " << error.what() << "\n";
    return genai::app::kExitInternalError;
  }
  return 0;
}
