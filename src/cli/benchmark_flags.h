// Declares the `benchmark` subcommand's flags on a CLI11 app.
#pragma once

#include <CLI/App.hpp>

#include "cli/benchmark_options.h"

namespace genai::cli {

void add_benchmark_flags(CLI::App& command, BenchmarkOptions& options);

}  // namespace genai::cli
