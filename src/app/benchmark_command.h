// `genai-bench benchmark`: checks the options (flags, or a YAML config) and runs the experiment.
#pragma once

#include <string>

#include "cli/benchmark_options.h"
#include "load/stop_control.h"

namespace genai::app {

int run_benchmark_command(cli::BenchmarkOptions options, const std::string& command_line, load::StopControl& stop);

}  // namespace genai::app
