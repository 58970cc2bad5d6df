#include "cli/rust_spellings.h"

#include <CLI/CLI.hpp>
#include <map>

namespace genai::cli {

void add_rust_spellings(CLI::App& command, RustFlags& flags) {
  const std::string group = "genai-bench-rs options (the Rust rewrite's spellings)";
  command.add_option("--provider", flags.provider, "openai, azure, gcp, aws or anthropic: the same as --api-backend")
      ->group(group);
  command.add_option("--scenario", flags.scenario, "the Rust rewrite's delay between requests: here --request-rate with --arrival")
      ->group(group);
  command.add_flag("--stream", flags.stream, "streaming is the default here (--no-stream turns it off)")->group(group);
  command.add_flag("--csv", flags.csv, "summary.csv is always written")->group(group);
  command.add_flag("--json", flags.json, "summary.json, experiment.json and records.jsonl are always written")->group(group);
  command.add_flag("--ui", flags.ui, "the live dashboard is the default on a terminal (--no-ui turns it off)")->group(group);
}

Result<std::vector<std::string>> apply_rust_spellings(BenchmarkOptions& options) {
  const RustFlags& rust = options.rust;
  std::vector<std::string> notes;
  if (!rust.scenario.empty()) {
    return make_error("--scenario " + rust.scenario +
                      ": genai-bench-rs's delay between requests; here --request-rate R --arrival "
                      "constant|normal|uniform [--arrival-spread F] (Python genai-bench's token scenario D(in,out) is "
                      "--traffic-scenario)");
  }
  if (!rust.provider.empty()) {
    static const std::map<std::string, std::string> backends{
        {"openai", "openai"}, {"azure", "azure-openai"}, {"gcp", "gcp-vertex"}, {"aws", "aws-bedrock"}, {"anthropic", "anthropic"}};
    const auto found = backends.find(rust.provider);
    // Our own backend names are accepted too (--provider vllm).
    options.api_backend = found != backends.end() ? found->second : rust.provider;
  }
  // Its --model names the requests' model; Python's names the experiment only, beside the required
  // --api-model-name. Without --api-model-name, the one name does both.
  if (options.api_model_name.empty() && !options.python.model.empty()) options.api_model_name = options.python.model;
  if (rust.csv || rust.json) notes.push_back("--csv, --json: summary.csv, summary.json and every request's record are always written");
  return notes;
}

}  // namespace genai::cli
