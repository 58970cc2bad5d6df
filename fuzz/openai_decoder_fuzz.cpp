// Fuzzes the OpenAI chat and completions decoders (api/openai_decoder, api/content_template):
// the events of one stream go through one decoder, so its learned content template (the fast
// path) meets every later event, and each answer must equal a fresh decoder's full parse.
// Input: byte 0 chooses the endpoint (bit 0: completions) and whether the text is asked for
// (bit 1 clear); each following line is one event's data, as the SSE decoder would hand it on.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/openai_decoder.h"
#include "fuzz_check.h"
#include "padded_bytes.h"

namespace {

using genai::api::DecodedEvent;
using genai::api::EventDecoder;

std::string describe(const DecodedEvent& event, const std::string& text) {
  return "done=" + std::to_string(event.done) + " chars=" + std::to_string(event.content_chars) +
         " prompt=" + (event.prompt_tokens ? std::to_string(*event.prompt_tokens) : "-") +
         " completion=" + (event.completion_tokens ? std::to_string(*event.completion_tokens) : "-") +
         " error=" + event.error_message.value_or("-") + " malformed=" + std::to_string(event.malformed) +
         " text=[" + text + "]";
}

bool same(const DecodedEvent& a, const std::string& a_text, const DecodedEvent& b, const std::string& b_text) {
  return a.done == b.done && a.content_chars == b.content_chars && a.prompt_tokens == b.prompt_tokens &&
         a.completion_tokens == b.completion_tokens && a.error_message == b.error_message &&
         a.malformed == b.malformed && (a.malformed || a_text == b_text);
}

// The text handed over is the text counted (unescaped bytes), on either path.
void check_text_counted(const DecodedEvent& event, const std::string& text, bool text_wanted, std::string_view data) {
  if (!text_wanted || event.malformed) return;
  FUZZ_CHECK(text.size() == event.content_chars, "counted %zu, handed over %zu bytes for: %.*s", event.content_chars,
             text.size(), static_cast<int>(data.size()), data.data());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto endpoint = (data[0] & 1) != 0 ? genai::api::OpenAiEndpoint::completions : genai::api::OpenAiEndpoint::chat;
  const bool text_wanted = (data[0] & 2) == 0;
  // One buffer for the whole input, as one read holds several events: each event's padding is
  // the events after it, and the last one's is the buffer's own.
  const genai::fuzz::PaddedBytes input(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  const std::string_view stream = input.view();

  const std::unique_ptr<EventDecoder> streaming = genai::api::make_openai_decoder(endpoint);
  const std::unique_ptr<EventDecoder> whole = genai::api::make_openai_decoder(endpoint);
  size_t start = 0;
  while (start < stream.size()) {
    const size_t newline = std::min(stream.find('\n', start), stream.size());
    const std::string_view event_data = stream.substr(start, newline - start);
    start = newline + 1;
    if (event_data.empty()) continue;

    std::string fast_text, full_text;
    const DecodedEvent fast = streaming->decode_stream_event(event_data, text_wanted ? &fast_text : nullptr);
    // A fresh decoder has learned nothing: always the full simdjson parse.
    const DecodedEvent full =
        genai::api::make_openai_decoder(endpoint)->decode_stream_event(event_data, text_wanted ? &full_text : nullptr);
    FUZZ_CHECK(same(fast, fast_text, full, full_text), "stream decoder: %s\nfresh decoder:  %s\nevent: %.*s",
               describe(fast, fast_text).c_str(), describe(full, full_text).c_str(), static_cast<int>(event_data.size()),
               event_data.data());
    check_text_counted(fast, fast_text, text_wanted, event_data);
    check_text_counted(full, full_text, text_wanted, event_data);

    // The same bytes as a whole non-streamed response body.
    std::string body_text;
    const DecodedEvent body = whole->decode_response(event_data, text_wanted ? &body_text : nullptr);
    check_text_counted(body, body_text, text_wanted, event_data);
  }
  return 0;
}
