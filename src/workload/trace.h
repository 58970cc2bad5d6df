// Trace replay (--trace FILE.jsonl): one request per line in the public Mooncake trace format,
// {"timestamp": ms, "input_length": n, "output_length": m, "hash_ids": [...]}. Each hash id names
// a block of `block_tokens` prompt tokens (512 in Mooncake's traces): requests listing the same
// ids start with the same text, so a server's prefix cache hits as it did in production.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "tokenizer/tokenizer.h"
#include "workload/prompt_source.h"

namespace genai::workload {

struct TraceRequest {
  int64_t timestamp_ms = 0;
  int64_t input_length = 0;
  int64_t output_length = 0;
  std::vector<uint64_t> hash_ids;
};

struct Trace {
  std::string path;
  std::vector<TraceRequest> requests;  // in file order; timestamps never decrease

  double span_s() const;  // last timestamp - first
};

// Errors are one line naming the file, the line and the field.
Result<Trace> read_trace(const std::string& path);

// Builds the prompt of a trace request: the blocks of its hash ids in order, each the same text
// wherever that id appears (cached), the last cut to what input_length leaves. Thread-safe.
class TracePrompts {
 public:
  TracePrompts(const PromptSource& text, const tokenizer::Tokenizer* tokenizer, uint64_t seed, int64_t block_tokens);
  // The prompt and its token count (the tokenizer's when there is one, else the estimate).
  std::string build(const TraceRequest& request, uint64_t request_index, int64_t& tokens) const;

 private:
  std::string block(uint64_t id, int64_t tokens) const;

  const PromptSource& text_;
  const tokenizer::Tokenizer* tokenizer_;
  uint64_t seed_;
  int64_t block_tokens_;
  mutable std::mutex mutex_;
  mutable std::map<uint64_t, std::string> blocks_;  // hash id -> its full block's text
};

}  // namespace genai::workload
