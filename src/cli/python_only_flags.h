// Python genai-bench's options that mean nothing here, or something decided otherwise: accepted,
// so its documented command lines run unchanged, and each given one said once at the start with
// what happens instead (a silent no-op would mislead, a refusal would stop the migration).
#pragma once

#include <string>
#include <vector>

#include "cli/benchmark_options.h"

namespace CLI {
class App;
}

namespace genai::cli {

void add_python_only_flags(CLI::App& command, PythonOnlyFlags& flags);

// One line per flag given, what happens instead. `api_backend` and `task`: the run's.
std::vector<std::string> python_only_notes(const PythonOnlyFlags& flags, const std::string& api_backend, const std::string& task);

}  // namespace genai::cli
