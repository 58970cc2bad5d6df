// Fuzzes the decoders of the pooling endpoints (api/openai_embeddings_rerank): whole JSON bodies
// of /v1/embeddings and /v1/rerank, read for an error or the usage.
// Input: byte 0 chooses the endpoint (bit 0: rerank); the rest is one response body, and each of
// its lines is decoded as a body too (a decoder is reused across bodies, as on a connection).
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/openai_backends.h"
#include "fuzz_check.h"
#include "padded_bytes.h"

namespace {

using genai::api::DecodedEvent;
using genai::api::EventDecoder;

const genai::api::Backend& backend(bool rerank) {
  static const auto embeddings = genai::api::make_openai_embeddings({}, boost::json::object());
  static const auto reranking = genai::api::make_openai_rerank({}, boost::json::object());
  return rerank ? *reranking : *embeddings;
}

// What a caller may rely on: an error or a result, never both; nothing is generated.
void check(const DecodedEvent& event, std::string_view body) {
  const int outcomes = int{event.done} + int{event.malformed} + int{event.error_message.has_value()};
  FUZZ_CHECK(outcomes == 1, "done=%d malformed=%d error=%d for: %.*s", event.done, event.malformed,
             event.error_message.has_value(), static_cast<int>(body.size()), body.data());
  FUZZ_CHECK(event.content_chars == 0 && !event.completion_tokens, "generated output from: %.*s",
             static_cast<int>(body.size()), body.data());
  FUZZ_CHECK(!event.prompt_tokens || event.done, "usage without a result from: %.*s", static_cast<int>(body.size()),
             body.data());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::unique_ptr<EventDecoder> decoder = backend((data[0] & 1) != 0).make_decoder();
  const genai::fuzz::PaddedBytes input(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  const std::string_view body = input.view();

  std::string text;
  check(decoder->decode_response(body, &text), body);
  FUZZ_CHECK(text.empty(), "text handed over by a pooling decoder");
  FUZZ_CHECK(decoder->decode_stream_event(body, nullptr).malformed, "a pooling endpoint never streams");

  size_t start = 0;
  while (start < body.size()) {
    const size_t newline = std::min(body.find('\n', start), body.size());
    const std::string_view line = body.substr(start, newline - start);
    start = newline + 1;
    if (!line.empty() && line.size() != body.size()) check(decoder->decode_response(line, nullptr), line);
  }
  return 0;
}
