// The one interface every API backend implements (h2load's Session, in spirit): build the HTTP
// request for a prompt, and decode what comes back into token events, usage and errors. The
// load generator never asks which backend it drives. Decoding is pure: no sockets here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::api {

struct GenerationRequest {
  std::string prompt;
  int64_t max_output_tokens = 0;  // OpenAI-compatible bodies: 0 sends no max_tokens (the server decides)
  // A dataset's own chat messages (a JSON array, sent as given by chat endpoints); empty: one
  // user message holding `prompt`. Completions endpoints always send `prompt`.
  std::string messages_json;
  // Embeddings: the texts to embed; rerank: the documents to rank against `query`.
  std::vector<std::string> inputs;
  std::string query;
  // Image embeddings: the images to embed, as URLs (data:image/...;base64 or http(s)).
  std::vector<std::string> images;
  // Text-to-image: the size asked for ("1024x1024"; empty: none, the server's default) and how
  // many images (OpenAI's "n"). Text-to-speech sends `prompt` as the text to speak.
  std::string image_size;
  int64_t image_count = 1;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// What goes on the wire, less the connection-level headers (Host, Content-Length) net/ adds.
// Method, target and headers are the same for every request of a backend, so they are views of
// what the backend owns (valid while it lives); only the body is built per request.
struct HttpRequestSpec {
  std::string_view method = "POST";
  std::string_view target;  // path and query, e.g. "/v1/chat/completions"
  const Headers* headers = nullptr;
  std::string body;
};

// How a streamed response's body is cut into events: Server-Sent Events (every provider but one),
// AWS's binary event-stream (Bedrock), or none: the body is the content itself, read as it comes
// (text-to-speech audio; its first byte is the first content).
enum class StreamFraming { sse, aws_event_stream, raw };

// One event of a streamed response, as the framing delivered it.
struct StreamEvent {
  std::string_view type;   // SSE: the `event:` field; event-stream: `:event-type`, `:exception-type` or `:error-code`
  std::string_view data;   // SSE: the data; event-stream: the payload (`:error-message` for errors)
  bool exception = false;  // event-stream: an exception or error message, not an event
};

// One decoded stream event, or one whole non-streamed response.
struct DecodedEvent {
  bool done = false;                // the stream's end marker ([DONE], message_stop, ...)
  size_t content_chars = 0;         // generated text in this event, reasoning included
  std::optional<int64_t> prompt_tokens;      // from a usage object
  // From a usage object. Providers that report input and output counts in separate events send
  // each in its own event; a later count replaces an earlier one (Anthropic's is cumulative).
  std::optional<int64_t> completion_tokens;
  std::optional<std::string> error_message;  // the server reported an error in the body
  std::optional<std::string> error_type;     // the provider's name for it (overloaded_error, throttlingException)
  bool throttled = false;           // the error says: too many requests (whatever the provider calls it)
  bool malformed = false;           // not the JSON we expect
  int64_t images = 0;               // text-to-image: the images the response holds
};

// Decodes events of one response at a time; holds parser state, so one per connection.
class EventDecoder {
 public:
  virtual ~EventDecoder() = default;
  // `data` is one SSE event's data; net::kReadPadding bytes after it are readable. When `text`
  // is given, the generated text (reasoning included) is appended to it, unescaped.
  virtual DecodedEvent decode_stream_event(std::string_view data, std::string* text = nullptr) = 0;
  // Any framing's event (padded likewise). Dialects whose events are named outside their data
  // (Bedrock's :event-type) read `event.type`; the others need only the data.
  virtual DecodedEvent decode_event(const StreamEvent& event, std::string* text) {
    return decode_stream_event(event.data, text);
  }
  // A whole non-streamed response body (padded likewise).
  virtual DecodedEvent decode_response(std::string_view body, std::string* text = nullptr) = 0;
};

// Endpoints that answer in one body and never stream (embeddings, rerank): a stream event is
// not what they send, so it is malformed.
class WholeResponseDecoder : public EventDecoder {
 public:
  DecodedEvent decode_stream_event(std::string_view, std::string*) override {
    DecodedEvent event;
    event.malformed = true;
    return event;
  }
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  virtual HttpRequestSpec build_request(const GenerationRequest& request) const = 0;
  virtual std::unique_ptr<EventDecoder> make_decoder() const = 0;
  virtual bool streams() const = 0;
  virtual StreamFraming framing() const { return StreamFraming::sse; }
  // False for endpoints that generate nothing (embeddings, rerank): records have no output count.
  virtual bool generates() const { return true; }
};

// What the hosted providers need beyond the common options (Python genai-bench's flags).
struct ProviderOptions {
  std::string anthropic_version = "2023-06-01";  // anthropic: the anthropic-version header
  std::string azure_deployment;                  // azure-openai: default the model name
  std::string azure_api_version = "2024-10-21";  // azure-openai: "v1" for the /openai/v1/ API
  std::string azure_ad_token;                    // azure-openai: an Entra ID token (Bearer) instead of api-key
  std::string bedrock_api = "converse";          // aws-bedrock: converse or invoke
  std::string gcp_project_id;                    // gcp-vertex
  std::string gcp_location = "us-central1";      // gcp-vertex
};

struct BackendOptions {
  // "chat", "completions", "embeddings", "rerank", or the media tasks' "images" (text-to-image),
  // "speech" (text-to-speech) and "image-embeddings" (image-to-embeddings)
  std::string endpoint = "chat";
  std::string base_path;          // path of --api-base ("" or "/v1" or "/proxy/v1")
  std::string model;
  std::string api_key;            // empty: no Authorization header
  bool stream = true;
  bool ignore_eos = false;        // --ignore-eos: ignore_eos and min_tokens = max_tokens (exact lengths)
  // vllm, sglang, together: "ignore_eos" as Python genai-bench sends it, true when a length is
  // asked for (scenarios), false when not (the `dataset` scenario).
  bool ignore_eos_by_length = false;
  std::string extra_body_json;    // a JSON object merged into every request body
  // Headers every request carries beside the backend's own (oci-openai's CompartmentId).
  Headers extra_headers;
  ProviderOptions provider;
};

// The --api-backend names we serve, in the order help lists them.
inline constexpr std::string_view kBackendNames[] = {"openai", "vllm", "sglang", "together", "azure-openai",
                                                     "anthropic", "cohere", "aws-bedrock", "gcp-vertex",
                                                     "oci-genai", "oci-cohere", "oci-cohere-v2", "oci-openai"};

// Builds the backend for --api-backend/--api-endpoint; an error names the bad option.
Result<std::unique_ptr<Backend>> make_backend(std::string_view api_backend, const BackendOptions& options);

}  // namespace genai::api
