#include "workload/trace.h"

#include <boost/json.hpp>
#include <cmath>
#include <fstream>

#include "workload/random.h"
#include "workload/scenario.h"

namespace genai::workload {
namespace {

namespace json = boost::json;

// Past this, milliseconds turned into nanoseconds would leave int64's range.
constexpr int64_t kMaxTraceTimestampMs = int64_t{100} * 366 * 24 * 3600 * 1000;

// A non-negative integer field of one trace line; `where` is "--trace: FILE:LINE".
Result<int64_t> count_field(const json::object& object, const char* key, const std::string& where) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return make_error(where + ": missing \"" + key + "\"");
  // 1.0 is an integer written as a double; anything past 2^53 is not one we can hold exactly.
  if (value->is_double()) {
    const double number = value->as_double();
    if (number >= 0 && number <= 9007199254740992.0 && number == std::floor(number)) return static_cast<int64_t>(number);
    return make_error(where + ": \"" + key + "\" must be a non-negative integer");
  }
  if (!value->is_int64() || value->as_int64() < 0) return make_error(where + ": \"" + key + "\" must be a non-negative integer");
  return value->as_int64();
}


}  // namespace

double Trace::span_s() const {
  if (requests.size() < 2) return 0;
  return static_cast<double>(requests.back().timestamp_ms - requests.front().timestamp_ms) / 1e3;
}

Result<Trace> read_trace(const std::string& path) {
  std::ifstream file(path);
  if (!file) return make_error("--trace: cannot open '" + path + "'");
  Trace trace;
  trace.path = path;
  std::string line;
  for (int line_number = 1; std::getline(file, line); ++line_number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = "--trace: " + path + ":" + std::to_string(line_number);
    json::error_code error;
    const json::value value = json::parse(line, error);
    if (error || !value.is_object()) return make_error(where + ": not a JSON object");
    const json::object& object = value.as_object();
    TraceRequest request;
    auto timestamp = count_field(object, "timestamp", where);
    if (!timestamp) return make_error(timestamp.error());
    auto input = count_field(object, "input_length", where);
    if (!input) return make_error(input.error());
    auto output = count_field(object, "output_length", where);
    if (!output) return make_error(output.error());
    if (*input < 1 || *output < 1) return make_error(where + ": \"input_length\" and \"output_length\" must be at least 1");
    if (*input > kMaxScenarioTokens || *output > kMaxScenarioTokens) {
      return make_error(where + ": lengths above " + std::to_string(kMaxScenarioTokens) + " tokens are not supported");
    }
    if (*timestamp > kMaxTraceTimestampMs) return make_error(where + ": \"timestamp\" is more than 100 years of milliseconds");
    request.timestamp_ms = *timestamp, request.input_length = *input, request.output_length = *output;
    if (const json::value* ids = object.if_contains("hash_ids")) {
      if (!ids->is_array()) return make_error(where + ": \"hash_ids\" must be an array of integers");
      for (const json::value& id : ids->as_array()) {
        if (!id.is_int64() && !id.is_uint64()) return make_error(where + ": \"hash_ids\" must be an array of integers");
        request.hash_ids.push_back(id.is_uint64() ? id.as_uint64() : static_cast<uint64_t>(id.as_int64()));
      }
    }
    if (!trace.requests.empty() && request.timestamp_ms < trace.requests.back().timestamp_ms) {
      return make_error(where + ": \"timestamp\" goes back in time (requests must be in time order)");
    }
    trace.requests.push_back(std::move(request));
  }
  if (trace.requests.empty()) return make_error("--trace: '" + path + "' holds no requests");
  return trace;
}

TracePrompts::TracePrompts(const PromptSource& text, const tokenizer::Tokenizer* tokenizer, uint64_t seed,
                           int64_t block_tokens)
    : text_(text), tokenizer_(tokenizer), seed_(seed), block_tokens_(block_tokens) {}

// Full blocks are cached: they are what requests share. A cut last block is usually the
// request's own, so it is built each time (from the same seed: it starts as the full block does).
std::string TracePrompts::block(uint64_t id, int64_t tokens) const {
  const bool full = tokens == block_tokens_;
  if (full) {
    std::lock_guard lock(mutex_);
    if (auto found = blocks_.find(id); found != blocks_.end()) return found->second;
  }
  Random random(Random::mix(seed_ ^ Random::mix(id)));
  int64_t actual = 0;
  std::string text = tokenizer_ != nullptr ? text_.make_exact_prompt(tokens, random, *tokenizer_, actual)
                                           : text_.make_prompt(tokens, random);
  if (!full) return text;
  std::lock_guard lock(mutex_);
  return blocks_.emplace(id, std::move(text)).first->second;
}

std::string TracePrompts::build(const TraceRequest& request, uint64_t request_index, int64_t& tokens) const {
  std::string prompt;
  int64_t left = request.input_length;
  // No hash ids: the request shares nothing; its own id keeps it apart from every block.
  const std::vector<uint64_t> own = {Random::mix(~request_index)};
  const std::vector<uint64_t>& ids = request.hash_ids.empty() ? own : request.hash_ids;
  for (size_t i = 0; i < ids.size() && left > 0; ++i) {
    const bool last = i + 1 == ids.size();
    const int64_t take = last ? left : std::min(left, block_tokens_);
    if (!prompt.empty()) prompt.push_back('\n');
    prompt += block(ids[i], take);
    left -= take;
  }
  tokens = tokenizer_ != nullptr ? static_cast<int64_t>(tokenizer_->count(prompt)) : estimate_tokens(prompt);
  return prompt;
}

}  // namespace genai::workload
