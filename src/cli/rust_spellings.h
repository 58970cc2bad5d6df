// The Rust rewrite of genai-bench (sgl-project/genai-bench, rust/genai-bench-rs) spells some
// options its own way: accepted here where they do not collide with Python genai-bench's, each
// mapped onto ours (--provider azure -> --api-backend azure-openai, ...), so its users' command
// lines run too. Its --scenario (the delay between requests) does collide: Python's D(100,100) is
// tokens, the Rust one milliseconds; it is refused with the two spellings that say either.
#pragma once

#include <string>
#include <vector>

#include "cli/benchmark_options.h"

namespace CLI {
class App;
}

namespace genai::cli {

void add_rust_spellings(CLI::App& command, RustFlags& flags);

// Maps the Rust options given onto `options`; returns the lines to say at the start (what a
// flag changes nothing about), or an error naming the flag.
Result<std::vector<std::string>> apply_rust_spellings(BenchmarkOptions& options);

}  // namespace genai::cli
