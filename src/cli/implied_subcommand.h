// Command lines of the other genai-bench tools that name no subcommand, read as `benchmark`:
// the Rust rewrite's (`genai-bench --provider openai --model M ...`) and the YAML-driven tool's
// (`genai-bench config.yaml`, which becomes `benchmark --config config.yaml`).
#pragma once

#include <string>
#include <vector>

namespace genai::cli {

// argv as given, or with `benchmark` (and `--config`) put in front of the arguments.
std::vector<std::string> with_implied_subcommand(int argc, char** argv);

}  // namespace genai::cli
