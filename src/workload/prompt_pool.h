// Prompts the server generated for one traffic scenario (--prompt-source api). Their cache file
// (app/prompt_pool_file) is `prompts/<scenario file stem>.jsonl` in the experiment folder. The first line says what
// the prompts were made for ({"scenario", "model", "endpoint", "seed"}); then one line per prompt
// ({"index", "input_tokens", "generated_tokens", "prompt"}). A rerun given --prompt-cache reuses
// the prompts of a file whose first line matches, so both runs send the same text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace genai::workload {

struct PromptPool {
  struct Entry {
    int64_t input_tokens = 0;      // the length asked for (sampled from the scenario)
    int64_t generated_tokens = 0;  // the server's usage.completion_tokens for it
    std::string prompt;
  };
  std::string scenario;  // as written: "D(128,128)"
  std::string model;
  std::string endpoint;
  uint64_t seed = 0;
  std::vector<Entry> entries;  // entry i is prompt i

  bool made_for(const PromptPool& other) const {
    return scenario == other.scenario && model == other.model && endpoint == other.endpoint && seed == other.seed;
  }
};

}  // namespace genai::workload
