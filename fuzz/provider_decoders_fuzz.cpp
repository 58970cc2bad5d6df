// Fuzzes the hosted providers' event decoders (api/anthropic_events, api/bedrock_events and the
// backends' own): each event of a stream goes through one decoder and must decode as a fresh
// decoder decodes it alone (no state may leak between events), the text handed over must be the
// text counted, and counts are never negative; each line is also tried as a whole response.
// Input: byte 0 picks the provider (anthropic, Bedrock converse, Bedrock invoke with Claude or
// Titan bodies, Vertex Gemini, Cohere, OCI GENERIC, OCI COHERE) and whether the text is asked for
// (bit 3 clear); each following line is one event: for Bedrock "NAME<tab>PAYLOAD", a NAME
// starting with '!' being an exception; for the others the SSE data.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/backend.h"
#include "fuzz_check.h"
#include "padded_bytes.h"

namespace {

using genai::api::DecodedEvent;
using genai::api::EventDecoder;

struct Provider {
  const char* backend;
  const char* model;
  const char* bedrock_api;
};
constexpr std::array<Provider, 8> kProviders = {{{"anthropic", "claude", "converse"},
                                                 {"aws-bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "converse"},
                                                 {"aws-bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "invoke"},
                                                 {"aws-bedrock", "amazon.titan-text-express-v1", "invoke"},
                                                 {"gcp-vertex", "gemini-2.0-flash", "converse"},
                                                 {"cohere", "command-r", "converse"},
                                                 {"oci-genai", "m", "converse"},
                                                 {"oci-cohere", "m", "converse"}}};

std::unique_ptr<EventDecoder> make_decoder(const Provider& provider) {
  genai::api::BackendOptions options;
  options.model = provider.model;
  options.provider.bedrock_api = provider.bedrock_api;
  options.provider.gcp_project_id = "p";
  auto backend = genai::api::make_backend(provider.backend, options);
  FUZZ_CHECK(backend.ok(), "%s", backend.ok() ? "" : backend.error().c_str());
  return (*backend)->make_decoder();
}

std::string describe(const DecodedEvent& event, const std::string& text) {
  return "done=" + std::to_string(event.done) + " chars=" + std::to_string(event.content_chars) +
         " prompt=" + (event.prompt_tokens ? std::to_string(*event.prompt_tokens) : "-") +
         " completion=" + (event.completion_tokens ? std::to_string(*event.completion_tokens) : "-") +
         " error=" + event.error_message.value_or("-") + " type=" + event.error_type.value_or("-") +
         " throttled=" + std::to_string(event.throttled) + " malformed=" + std::to_string(event.malformed) +
         " text=[" + text + "]";
}

bool same(const DecodedEvent& a, const std::string& a_text, const DecodedEvent& b, const std::string& b_text) {
  return a.done == b.done && a.content_chars == b.content_chars && a.prompt_tokens == b.prompt_tokens &&
         a.completion_tokens == b.completion_tokens && a.error_message == b.error_message &&
         a.error_type == b.error_type && a.throttled == b.throttled && a.malformed == b.malformed && a_text == b_text;
}

void check_event(const DecodedEvent& event, const std::string& text, bool text_wanted, std::string_view data) {
  if (text_wanted && !event.malformed) {
    FUZZ_CHECK(text.size() == event.content_chars, "counted %zu, handed over %zu bytes for: %.*s", event.content_chars,
               text.size(), static_cast<int>(data.size()), data.data());
  }
  FUZZ_CHECK(!event.throttled || event.error_message, "throttled without an error for: %.*s",
             static_cast<int>(data.size()), data.data());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Provider& provider = kProviders[data[0] % kProviders.size()];
  const bool text_wanted = (data[0] & 8) == 0;
  const bool named_events = std::string_view(provider.backend) == "aws-bedrock";
  const genai::fuzz::PaddedBytes input(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  const std::string_view stream = input.view();

  const std::unique_ptr<EventDecoder> streaming = make_decoder(provider);
  const std::unique_ptr<EventDecoder> whole = make_decoder(provider);
  size_t start = 0;
  while (start < stream.size()) {
    const size_t newline = std::min(stream.find('\n', start), stream.size());
    std::string_view line = stream.substr(start, newline - start);
    start = newline + 1;
    if (line.empty()) continue;
    genai::api::StreamEvent event{{}, line, false};
    if (named_events) {
      const size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      event.type = line.substr(0, tab);
      event.data = line.substr(tab + 1);
      event.exception = event.type.starts_with('!');
      if (event.exception) event.type.remove_prefix(1);
    }
    std::string in_stream_text, alone_text;
    const DecodedEvent in_stream = streaming->decode_event(event, text_wanted ? &in_stream_text : nullptr);
    const DecodedEvent alone = make_decoder(provider)->decode_event(event, text_wanted ? &alone_text : nullptr);
    FUZZ_CHECK(same(in_stream, in_stream_text, alone, alone_text), "in the stream: %s\nalone:         %s\nevent: %.*s",
               describe(in_stream, in_stream_text).c_str(), describe(alone, alone_text).c_str(),
               static_cast<int>(event.data.size()), event.data.data());
    check_event(in_stream, in_stream_text, text_wanted, event.data);

    std::string body_text;
    const DecodedEvent body = whole->decode_response(event.data, text_wanted ? &body_text : nullptr);
    check_event(body, body_text, text_wanted, event.data);
  }
  return 0;
}
