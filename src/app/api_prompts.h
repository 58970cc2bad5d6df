// --prompt-source api: prompts of exact length without a local tokenizer. For each prompt the
// server is asked to write exactly n tokens (max_tokens = min_tokens = n, ignore_eos, no
// streaming) from a seed of 5-10 random words of the dataset; the text it returns is the prompt,
// kept when its usage.completion_tokens says n (else asked again, twice at most). Done before
// the runs, not timed, and cached per scenario in the experiment folder (prompts/*.jsonl); a
// rerun given --prompt-cache DIR reuses the prompts found there.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/backend.h"
#include "app/prompt_pool_file.h"
#include "load/request_runner.h"
#include "net/http_connection.h"
#include "workload/prompt_source.h"
#include "workload/scenario.h"

namespace genai::app {

struct ApiPromptSetup {
  std::vector<std::pair<workload::Scenario, size_t>> scenarios;  // each with the prompts it needs
  api::BackendOptions backend_options;  // the benchmark's; streaming is turned off here
  std::string api_backend = "openai";
  std::shared_ptr<const net::ClientContext> client;
  std::string host_header;
  const workload::PromptSource* seed_text = nullptr;
  uint64_t seed = 42;
  load::RetryPolicy retry;
  std::string cache_dir;   // --prompt-cache: reuse from here; empty: none
  std::string output_dir;  // the experiment folder's prompts/, written whole
  int concurrency = 16;    // generation requests in flight
};

// The prompt pool of every scenario, keyed by Scenario::to_string(). Fails (one line) when the
// server cannot generate them: an error response, or no usage to check the length against.
Result<std::map<std::string, PromptPool>> prepare_api_prompts(const ApiPromptSetup& setup);

// Cache file of one scenario: DIR/<scenario file stem>.jsonl.
std::string prompt_pool_path(const std::string& dir, const workload::Scenario& scenario);

}  // namespace genai::app
