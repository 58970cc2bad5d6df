// Fuzzes trace replay (workload/trace): reading a Mooncake-format trace, then building the
// prompts of its first requests from their hash-id blocks.
// Input: the trace file's contents (JSON lines).
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "memory_file.h"
#include "workload/prompt_source.h"
#include "workload/trace.h"

namespace {

// Prompt building costs time and memory in proportion to input_length, which a trace may set to
// anything: the fuzzer builds only requests of a realistic size, few of them, in small blocks.
constexpr int64_t kLargestPrompt = 4096;
constexpr size_t kPromptsBuilt = 8;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static genai::fuzz::MemoryFile file;
  static const genai::workload::PromptSource corpus = genai::workload::PromptSource::built_in();
  auto trace = genai::workload::read_trace(file.write(data, size));
  if (!trace) return 0;

  FUZZ_CHECK(!trace->requests.empty(), "an accepted trace without requests");
  int64_t previous_ms = trace->requests.front().timestamp_ms;
  for (const genai::workload::TraceRequest& request : trace->requests) {
    FUZZ_CHECK(request.timestamp_ms >= previous_ms && request.timestamp_ms >= 0, "timestamps out of order");
    FUZZ_CHECK(request.input_length >= 1 && request.output_length >= 1, "a request below one token");
    previous_ms = request.timestamp_ms;
  }
  FUZZ_CHECK(trace->span_s() >= 0, "a negative span");

  const genai::workload::TracePrompts prompts(corpus, nullptr, size, 1 + static_cast<int64_t>(size % 64));
  size_t built = 0;
  for (size_t index = 0; index < trace->requests.size() && built < kPromptsBuilt; ++index) {
    const genai::workload::TraceRequest& request = trace->requests[index];
    if (request.input_length > kLargestPrompt) continue;
    int64_t tokens = 0;
    const std::string prompt = prompts.build(request, index, tokens);
    FUZZ_CHECK(!prompt.empty() && tokens >= 1, "an empty prompt for input_length %lld",
               static_cast<long long>(request.input_length));
    ++built;
  }
  return 0;
}
