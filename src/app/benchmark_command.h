// `genai-bench benchmark`: checks the options (flags, or a YAML config) and runs the experiment.
#pragma once

#include <string>

#include "app/experiment_runner.h"
#include "cli/benchmark_options.h"
#include "common/result.h"
#include "load/stop_control.h"

namespace genai::app {

// The experiment a `benchmark` command line describes (flags or --config), checked; an error is
// one line. Notes on Python's and the Rust rewrite's options are said on the way.
Result<ExperimentSetup> checked_benchmark_setup(cli::BenchmarkOptions& options, const std::string& command_line);

int run_benchmark_command(cli::BenchmarkOptions options, const std::string& command_line, load::StopControl& stop);

}  // namespace genai::app
