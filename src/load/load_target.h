// Everything a run needs that stays the same across the runs of an experiment.
#pragma once

#include <chrono>
#include <map>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/backend.h"
#include "load/conversation.h"
#include "load/request_runner.h"
#include "load/run_plan.h"
#include "load/stop_control.h"
#include "metrics/record_sink.h"
#include "net/clock.h"
#include "net/http_connection.h"
#include "tokenizer/tokenizer.h"
#include "workload/dataset.h"
#include "workload/prompt_pool.h"
#include "workload/prompt_source.h"
#include "workload/scenario.h"
#include "workload/synthetic_image.h"
#include "workload/trace.h"

namespace genai::load {

// A shared system prompt (--shared-prefix-tokens), built once; requests take them in turn.
struct SharedPrefix {
  std::string text;
  int64_t tokens = 0;
};

// Python genai-bench's prefix caching (--prefix-len, --prefix-ratio): each request's user message
// is a shared prefix of `tokens`, a 4-hex-digit separator (so caches share exactly the prefix),
// then its own text. The prefixes, by length, are built once before the runs.
struct InlinePrefixes {
  int64_t fixed_tokens = -1;  // --prefix-len
  double ratio = -1;          // --prefix-ratio: of each request's input tokens
  std::map<int64_t, SharedPrefix> by_length;
  bool enabled() const { return fixed_tokens >= 0 || ratio >= 0; }
};

struct LoadTarget {
  const api::Backend* backend = nullptr;
  std::shared_ptr<const net::ClientContext> client;
  std::string host_header;
  const workload::PromptSource* prompts = nullptr;
  const tokenizer::Tokenizer* tokenizer = nullptr;  // --model-tokenizer: exact prompt lengths
  // --prompt-source api: the server-generated prompts of each scenario, by Scenario::to_string();
  // request i of a run takes prompt i (cycling through the pool).
  const std::map<std::string, workload::PromptPool>* generated_prompts = nullptr;
  // --dataset-path of prompts: request i sends entry sampler.pick(i) (a request of n texts or
  // images, entries pick(i * n) to pick(i * n + n - 1)).
  const workload::Dataset* dataset = nullptr;
  const workload::DatasetSampler* dataset_sampler = nullptr;
  // --trace: request i is the trace's line i, its prompt built from the trace's hash ids.
  const workload::Trace* trace = nullptr;
  const workload::TracePrompts* trace_prompts = nullptr;
  std::vector<SharedPrefix> shared_prefixes;
  InlinePrefixes inline_prefixes;
  const workload::ImageUrls* images = nullptr;  // image-text-to-text: the data URLs of each size
  std::string task = "text-to-text";            // what the `dataset` scenario's requests are
  // The `dataset` scenario's entries without a length of their own ask for none (no max_tokens:
  // the server decides, as Python genai-bench leaves it); false where the API requires a limit.
  bool dataset_lengths_optional = false;
  RetryPolicy retry;
  uint64_t seed = 42;
  // Each request carries "X-Request-Id: <run>.<request>" (calibrate pairs the mock's writes by it).
  bool send_request_ids = false;
  int worker_threads = 1;
  net::Clock::time_point experiment_start{};
  metrics::RecordSink* sink = nullptr;
  StopControl* stop = nullptr;
  std::string secret;  // the API key, masked out of error messages
  // Per-request authorisation (SigV4, OCI signatures, refreshed OAuth tokens); null: none.
  const auth::RequestAuthorizer* authorizer = nullptr;
  std::chrono::nanoseconds shutdown_grace = std::chrono::seconds(10);
};

// Builds request `request_index` of the run: its lengths, prompt and bytes depend only on the
// seed, the run's plan and the index, so a rerun with the same seed sends the same requests.
PreparedRequest prepare_request(const LoadTarget& target, const RunPlan& plan, uint64_t request_index);

// Turn `request_index` of a conversation: the new user message (returned in `user_message`, as
// prepare_request would choose a prompt) after the conversation's history.
PreparedRequest prepare_turn(const LoadTarget& target, const RunPlan& plan, uint64_t request_index,
                             const Conversation& conversation, std::string& user_message);

}  // namespace genai::load
